//! What generated code calls. Not a public API: it may change in any release.

use crate::{Client, Error, Secret};

#[path = "decode.rs"]
pub mod decode;

pub use decode::{DecodeError, FromXml, Item, XmlReader};
pub use quick_xml::events::BytesStart;
pub use std::borrow::Cow;

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

pub use lastfm_spec::{Auth, Http};

/// What the spec says of one method, as the runtime needs it.
#[derive(Debug)]
pub struct MethodInfo {
    /// `package.method`.
    pub name: &'static str,
    pub http: Http,
    pub auth: Auth,
    /// The payload element of a successful answer: the documented name
    /// first, then others the service was seen to send (empty: any).
    pub roots: &'static [&'static str],
    /// Whether a transient failure may be retried.
    pub retry: bool,
    /// How long a response cache may keep an answer (`cache:` in the spec).
    pub cache_ttl_secs: Option<u64>,
    /// The parameters, in the order they are sent.
    pub params: &'static [ParamInfo],
    /// Decodes a whole answer as this method's response, discarding the
    /// value: what checks an answer by method name (the spec's examples).
    pub decode: fn(&str) -> Result<(), Error>,
}

impl MethodInfo {
    /// The method of this name, among those of `lastfm-api`'s spec, case-insensitively.
    pub fn find(name: &str) -> Option<&'static MethodInfo> {
        crate::METHODS
            .iter()
            .copied()
            .find(|m| m.name.eq_ignore_ascii_case(name))
    }
}

/// [`MethodInfo::decode`] of a method answering `T`.
pub fn decode_as<T: FromXml>(body: &str) -> Result<(), Error> {
    crate::from_response::<T>(body).map(drop)
}

/// [`MethodInfo::decode`] of a method answering an empty envelope.
pub fn decode_empty(body: &str) -> Result<(), Error> {
    crate::check_response(body)
}

/// What the spec says of one parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// The name on the wire (`albumArtist`; a list sends `name[i]`).
    pub name: &'static str,
    pub required: bool,
    /// For a list sent as `name[0]`, `name[1]`...: the most items it takes.
    pub max_items: Option<u32>,
    /// Never shown in `Debug` output (passwords, tokens).
    pub secret: bool,
    /// Sent with the session's user name when left unset on a
    /// `SessionClient` (`default: session-user` in the spec).
    pub session_user_default: bool,
}

impl ParamInfo {
    pub const fn required(name: &'static str) -> Self {
        ParamInfo {
            name,
            required: true,
            max_items: None,
            secret: false,
            session_user_default: false,
        }
    }

    pub const fn optional(name: &'static str) -> Self {
        ParamInfo {
            required: false,
            ..ParamInfo::required(name)
        }
    }

    pub const fn list(self, max_items: u32) -> Self {
        ParamInfo {
            max_items: Some(max_items),
            ..self
        }
    }

    pub const fn secret(self) -> Self {
        ParamInfo {
            secret: true,
            ..self
        }
    }

    pub const fn session_user_default(self) -> Self {
        ParamInfo {
            session_user_default: true,
            ..self
        }
    }
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
pub(crate) struct Request {
    pub(crate) method: &'static MethodInfo,
    pub(crate) session: Option<Secret>,
    pub(crate) params: Vec<(Cow<'static, str>, String)>,
}

/// One parameter's value in a [`Call`].
#[derive(Clone)]
enum Value {
    Unset,
    One(String),
    /// A list parameter: one entry per item of the batch, `None` where an
    /// item has no value.
    List(Vec<Option<String>>),
}

/// A method call being prepared: the client, the session if the method
/// uses one, and a value for each declared parameter, kept in declaration
/// order whatever order they are set in. Generated request types wrap one.
#[derive(Clone)]
pub struct Call {
    client: Client,
    session: Option<Secret>,
    /// The session's user, for parameters that default to it.
    session_user: Option<String>,
    method: &'static MethodInfo,
    values: Vec<Value>,
}

fn text(value: &impl ParamValue) -> String {
    let mut out = String::new();
    value.write_to(&mut out);
    out
}

impl Call {
    /// A call of `method`; the session is kept only if the method sends one.
    pub fn new(client: &Client, session: Option<&Secret>, method: &'static MethodInfo) -> Call {
        Call {
            client: client.clone(),
            session: session
                .filter(|_| method.auth.carries_session_key(true))
                .cloned(),
            session_user: None,
            method,
            values: vec![Value::Unset; method.params.len()],
        }
    }

    /// The session's user (on a `SessionClient`), sent for the parameters
    /// that default to it when they are left unset.
    pub fn session_user(mut self, user: Option<&str>) -> Self {
        let defaults = self.method.params.iter().any(|p| p.session_user_default);
        self.session_user = user.filter(|_| defaults).map(str::to_owned);
        self
    }

    /// The method being called.
    pub fn method(&self) -> &'static MethodInfo {
        self.method
    }

    fn put(mut self, name: &str, value: Value) -> Self {
        if let Some(i) = self.method.params.iter().position(|p| p.name == name) {
            self.values[i] = value;
        }
        self
    }

    /// Sets a parameter; a name the method does not declare is ignored.
    pub fn set(self, name: &str, value: impl ParamValue) -> Self {
        let value = Value::One(text(&value));
        self.put(name, value)
    }

    pub fn set_text(self, name: &str, value: impl Into<String>) -> Self {
        self.put(name, Value::One(value.into()))
    }

    /// A list parameter with a value for every item.
    pub fn set_list<T: ParamValue>(self, name: &str, values: impl IntoIterator<Item = T>) -> Self {
        let values = values.into_iter().map(|v| Some(text(&v))).collect();
        self.put(name, Value::List(values))
    }

    pub fn set_text_list(
        self,
        name: &str,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let values = values.into_iter().map(|v| Some(v.into())).collect();
        self.put(name, Value::List(values))
    }

    /// A list parameter where some items may have no value.
    pub fn set_sparse_list<T: ParamValue>(
        self,
        name: &str,
        values: impl IntoIterator<Item = Option<T>>,
    ) -> Self {
        let values = values.into_iter().map(|v| v.map(|v| text(&v))).collect();
        self.put(name, Value::List(values))
    }

    /// The `page` parameter, if set.
    pub fn page(&self) -> Option<u32> {
        let i = self.method.params.iter().position(|p| p.name == "page")?;
        match &self.values[i] {
            Value::One(page) => page.parse().ok(),
            _ => None,
        }
    }

    /// Checks the list parameters of a batch: required lists hold one value
    /// per item (at least one, at most the maximum), optional lists are
    /// empty or as long.
    fn check_batch(&self) -> Result<(), Error> {
        let method = self.method.name;
        let lists = || {
            self.method
                .params
                .iter()
                .zip(&self.values)
                .filter_map(|(p, v)| {
                    let len = match v {
                        Value::List(items) => items.len(),
                        _ => 0,
                    };
                    Some((p.name, len, p.required, p.max_items?))
                })
        };
        let items = lists().filter(|l| l.2).map(|l| l.1).max().unwrap_or(0);
        for (name, len, required, max) in lists() {
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

    /// The parameters as sent, in declaration order; lists as `name[i]`.
    fn into_request(self) -> Result<(Client, Request), Error> {
        self.check_batch()?;
        let mut params = Vec::with_capacity(self.values.len());
        for (p, value) in self.method.params.iter().zip(self.values) {
            match value {
                Value::Unset => {
                    if let Some(user) = self
                        .session_user
                        .as_ref()
                        .filter(|_| p.session_user_default)
                    {
                        params.push((Cow::Borrowed(p.name), user.clone()));
                    }
                }
                Value::One(v) => params.push((Cow::Borrowed(p.name), v)),
                Value::List(mut items) => {
                    // In the byte order of the names, as the signature
                    // sorts them, so that signing finds each list sorted.
                    for i in index_byte_order(items.len()) {
                        if let Some(v) = items[i].take() {
                            params.push((Cow::Owned(format!("{}[{i}]", p.name)), v));
                        }
                    }
                }
            }
        }
        let request = Request {
            method: self.method,
            session: self.session,
            params,
        };
        Ok((self.client, request))
    }

    /// Sends the call and decodes the payload of its answer.
    pub async fn send<T: FromXml>(self) -> Result<T, Error> {
        let (client, request) = self.into_request()?;
        call_typed(&client, request).await
    }

    /// Sends a call whose answer is an empty envelope.
    pub async fn send_empty(self) -> Result<(), Error> {
        let (client, request) = self.into_request()?;
        call_empty(&client, request).await
    }
}

/// The indices `0..n` in the byte order of `name[i]`: `]` sorts after every
/// digit, so `[10]`..`[19]` come before `[1]` (0, 10..19, 1, 20..29, 2, ...).
fn index_byte_order(n: usize) -> Vec<usize> {
    // Each number after the numbers it prefixes, digit by digit.
    fn visit(prefix: usize, n: usize, out: &mut Vec<usize>) {
        for digit in 0..10 {
            let longer = prefix * 10 + digit;
            if longer >= n {
                break;
            }
            visit(longer, n, out);
        }
        out.push(prefix);
    }
    let mut out = Vec::with_capacity(n);
    if n > 0 {
        out.push(0);
    }
    for first in 1..n.min(10) {
        visit(first, n, &mut out);
    }
    out
}

/// `package.method { param: "value", secret: <redacted>, .. }`.
impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct(self.method.name);
        for (p, value) in self.method.params.iter().zip(&self.values) {
            match value {
                Value::Unset => {}
                _ if p.secret => {
                    out.field(p.name, &REDACTED);
                }
                Value::One(v) => {
                    out.field(p.name, v);
                }
                Value::List(items) => {
                    out.field(p.name, items);
                }
            }
        }
        out.finish_non_exhaustive()
    }
}

pub(crate) async fn call_typed<T: FromXml>(client: &Client, request: Request) -> Result<T, Error> {
    let roots = request.method.roots;
    let context = crate::xml::DecodeContext {
        method: request.method.name,
        strict: client.is_strict(),
    };
    client
        .call(request, |status, body| {
            crate::xml::decode_typed(status, body, roots, context)
        })
        .await
}

pub(crate) async fn call_empty(client: &Client, request: Request) -> Result<(), Error> {
    client.call(request, crate::xml::decode_empty).await
}

#[cfg(test)]
mod tests {
    use super::index_byte_order;

    #[test]
    fn list_indices_come_in_the_byte_order_of_their_names() {
        for n in [0, 1, 9, 10, 11, 50, 101, 1000] {
            let mut names: Vec<String> = (0..n).map(|i| format!("a[{i}]")).collect();
            names.sort();
            let ordered: Vec<String> = index_byte_order(n)
                .into_iter()
                .map(|i| format!("a[{i}]"))
                .collect();
            assert_eq!(ordered, names, "n = {n}");
        }
    }
}
