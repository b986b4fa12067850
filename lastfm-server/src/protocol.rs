//! The wire side of the service: parameters in, XML envelopes out, signatures.
//!
//! The signature check is written here, independently of the client's signer,
//! so that a bug in one cannot hide in the other.

use md5::{Digest, Md5};

/// A failure answered as `<lfm status="failed">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: u32,
    pub message: String,
}

impl Failure {
    pub fn new(code: u32, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

/// The HTTP status Last.fm sends with an error code: permission and
/// authentication failures with 403, bad requests with 400, back-off with 429
/// or 503, its own failures with 500. (The service sends every error inside the
/// XML envelope too; clients must read the body whatever the status.)
pub fn http_status(code: u32) -> u16 {
    match code {
        4 | 9 | 10 | 12 | 13 | 14 | 15 | 17 | 18 | 26 => 403,
        29 => 429,
        11 | 16 => 503,
        8 => 500,
        _ => 400,
    }
}

/// Parameters as sent, in order, decoded from a query string or form body.
pub fn parse_params(encoded: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The signature Last.fm expects: md5 over the byte-sorted `name value`
/// pairs (all but format, callback, api_sig) followed by the secret.
pub fn expected_signature(params: &[(String, String)], secret: &str) -> String {
    let mut signed: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "format" | "callback" | "api_sig"))
        .collect();
    signed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut text = String::new();
    for (k, v) in signed {
        text.push_str(k);
        text.push_str(v);
    }
    text.push_str(secret);
    md5_hex(&text)
}

/// Lowercase hex md5 of `text`'s UTF-8 bytes.
pub fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A successful answer; `payload` is the XML inside `<lfm>`.
pub fn ok_body(payload: &str) -> String {
    if payload.is_empty() {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"ok\">\n</lfm>\n".to_owned()
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"ok\">\n{payload}\n</lfm>\n"
        )
    }
}

pub fn failed_body(failure: &Failure) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"failed\">\n<error code=\"{}\">{}</error>\n</lfm>\n",
        failure.code,
        escape(&failure.message)
    )
}

/// 32 random lowercase hex digits, the shape of Last.fm tokens and keys.
pub fn random_hex() -> String {
    rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_sorts_by_bytes_and_skips_unsigned() {
        let params = vec![
            ("method".to_owned(), "auth.getToken".to_owned()),
            ("api_key".to_owned(), "KEY".to_owned()),
            ("format".to_owned(), "json".to_owned()),
        ];
        let expected: String = Md5::digest(b"api_keyKEYmethodauth.getTokenSECRET")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(expected_signature(&params, "SECRET"), expected);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a&b<c>\"'"), "a&amp;b&lt;c&gt;&quot;&apos;");
    }
}
