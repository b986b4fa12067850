//! What generated code calls. Not a public API: it may change in any release.

use std::borrow::Cow;

use crate::{Client, Error, Secret};

#[path = "decode.rs"]
pub mod decode;

pub use decode::{FromXml, Item, XmlReader};
pub use quick_xml::events::BytesStart;

/// Written in place of a secret in `Debug` output.
pub const REDACTED: Redacted = Redacted;

/// Prints as `<redacted>`.
#[derive(Clone, Copy)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Http {
    Get,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthLevel {
    None,
    Signed,
    Session,
    OptionalSession,
}

/// What the spec says of one method, as the runtime needs it.
#[derive(Debug)]
pub struct MethodInfo {
    /// `package.method`.
    pub name: &'static str,
    pub http: Http,
    pub auth: AuthLevel,
    /// The payload element of a successful answer: the documented name
    /// first, then others the service was seen to send (empty: any).
    pub roots: &'static [&'static str],
    /// Whether a transient failure may be retried.
    pub retry: bool,
}

/// A value that can be sent as a parameter.
pub trait ParamValue {
    fn write_to(&self, out: &mut String);
}

impl ParamValue for String {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl ParamValue for u32 {
    fn write_to(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl ParamValue for u64 {
    fn write_to(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl ParamValue for bool {
    fn write_to(&self, out: &mut String) {
        out.push(if *self { '1' } else { '0' });
    }
}

/// The parameters of one call, in the order they are sent and signed.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: &'static MethodInfo,
    pub(crate) session: Option<Secret>,
    pub(crate) params: Vec<(Cow<'static, str>, String)>,
}

impl Request {
    pub fn new(method: &'static MethodInfo, session: Option<Secret>) -> Self {
        Request {
            method,
            session,
            params: Vec::new(),
        }
    }

    pub fn param(&mut self, name: &'static str, value: &impl ParamValue) {
        let mut text = String::new();
        value.write_to(&mut text);
        self.params.push((Cow::Borrowed(name), text));
    }

    /// `name[0]`, `name[1]`, ...: one value per item of a batch.
    pub fn array<T: ParamValue>(&mut self, name: &'static str, values: &[T]) {
        for (i, value) in values.iter().enumerate() {
            let mut text = String::new();
            value.write_to(&mut text);
            self.params.push((Cow::Owned(format!("{name}[{i}]")), text));
        }
    }

    /// Like [`Request::array`], leaving out the items without a value.
    pub fn sparse_array<T: ParamValue>(&mut self, name: &'static str, values: &[Option<T>]) {
        for (i, value) in values.iter().enumerate() {
            if let Some(value) = value {
                let mut text = String::new();
                value.write_to(&mut text);
                self.params.push((Cow::Owned(format!("{name}[{i}]")), text));
            }
        }
    }

    /// Checks the list parameters of a batch, given as (name, length,
    /// required, maximum): required lists hold one value per item (at least
    /// one, at most the maximum), optional lists are empty or as long.
    pub fn check_batch(&self, lists: &[(&str, usize, bool, u32)]) -> Result<(), Error> {
        let method = self.method.name;
        let items = lists.iter().filter(|l| l.2).map(|l| l.1).max().unwrap_or(0);
        for &(name, len, required, max) in lists {
            if len > max as usize {
                return Err(Error::InvalidRequest(format!(
                    "{method} takes at most {max} `{name}` values, got {len}"
                )));
            }
            if required && len == 0 {
                return Err(Error::InvalidRequest(format!(
                    "{method} needs at least one `{name}` value"
                )));
            }
            if (required || len > 0) && len != items {
                return Err(Error::InvalidRequest(format!(
                    "{method}: `{name}` has {len} values for a batch of {items} items"
                )));
            }
        }
        Ok(())
    }
}

pub async fn call_typed<T: FromXml>(client: &Client, request: Request) -> Result<T, Error> {
    let roots = request.method.roots;
    client
        .call(request, |status, body| {
            crate::xml::decode_typed(status, body, roots)
        })
        .await
}

pub async fn call_empty(client: &Client, request: Request) -> Result<(), Error> {
    client.call(request, crate::xml::decode_empty).await
}
