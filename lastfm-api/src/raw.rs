//! Calls by name, for generic tools (the `lastfm` command line): any
//! method, parameters as text, the answer's XML back after the usual checks.
//!
//! `client.raw_call("artist.getInfo")?.param("artist", "Cher").send().await`.
//! A raw call goes through the same path as a generated one: signed when the
//! method's auth level says so, with the session key on a [`SessionClient`],
//! retried as the client's [`RetryConfig`](crate::RetryConfig) says, within
//! the rate limit, and its answer checked (envelope, error codes, root).

use std::borrow::Cow;
use std::fmt;

use crate::__private::{MethodInfo, Request};
use crate::{Client, Error, Secret, SessionClient};

/// A call of any method, built from text: `client.raw_call_with(info).param("artist", "Cher").send()`.
#[derive(Clone)]
#[must_use = "a call does nothing until it is sent"]
pub struct RawCall {
    client: Client,
    method: &'static MethodInfo,
    session: Option<Secret>,
    params: Vec<(String, String)>,
}

impl fmt::Debug for RawCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values may be passwords or tokens: names only.
        f.debug_struct("RawCall")
            .field("method", &self.method.name)
            .field(
                "params",
                &self.params.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

fn unknown(name: &str) -> Error {
    Error::InvalidRequest(format!("`{name}` is not a method of this client's spec"))
}

impl Client {
    /// A call of the method named `package.method` (case-insensitive),
    /// without a session; an error for a name the spec does not declare.
    pub fn raw_call(&self, name: &str) -> Result<RawCall, Error> {
        MethodInfo::find(name)
            .map(|info| self.raw_call_with(info))
            .ok_or_else(|| unknown(name))
    }

    /// A call of the method `info` describes, without a session.
    pub fn raw_call_with(&self, info: &'static MethodInfo) -> RawCall {
        RawCall {
            client: self.clone(),
            method: info,
            session: None,
            params: Vec::new(),
        }
    }
}

impl SessionClient {
    /// A call of the method named `package.method`, with this session.
    pub fn raw_call(&self, name: &str) -> Result<RawCall, Error> {
        MethodInfo::find(name)
            .map(|info| self.raw_call_with(info))
            .ok_or_else(|| unknown(name))
    }

    /// A call of the method `info` describes, with this session (used when
    /// the method's auth level takes one).
    pub fn raw_call_with(&self, info: &'static MethodInfo) -> RawCall {
        RawCall {
            session: Some(self.session_key().clone()),
            ..self.client().raw_call_with(info)
        }
    }
}

impl RawCall {
    /// Adds a parameter, as sent on the wire (`artist`, `timestamp[0]`).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// The method's name, `package.method`.
    pub fn method(&self) -> &'static str {
        self.method.name
    }

    /// Sends the call; the whole answer (`<lfm status="ok">…</lfm>`) once
    /// its envelope says ok and its payload is one of the method's roots.
    pub async fn send(self) -> Result<String, Error> {
        let roots = self.method.roots;
        let request = Request {
            method: self.method,
            session: self.session,
            params: self
                .params
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), v))
                .collect(),
        };
        self.client
            .call(request, |status, body| {
                crate::xml::check_answer(status, body, roots)?;
                Ok(body.to_owned())
            })
            .await
    }

    /// [`send`](Self::send), blocking the thread until the answer comes
    /// (feature `blocking`; see [`crate::blocking`]).
    #[cfg(feature = "blocking")]
    pub fn send_blocking(self) -> Result<String, Error> {
        crate::blocking::wait(self.send())?
    }
}
