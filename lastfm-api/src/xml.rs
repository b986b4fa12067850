//! Reading Last.fm's XML answers: the `<lfm>` envelope, then the payload.
//!
//! The envelope is read on every HTTP status, since Last.fm sends its errors
//! with 200, 4xx and 5xx alike. Nothing here panics on what the network sends.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::__private::decode::{FromXml, XmlReader};
use crate::{Error, ErrorCode};

/// The payload of a successful answer: the element inside `<lfm status="ok">`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Payload<'a> {
    /// Its local name, e.g. `session`.
    pub name: String,
    /// The element itself, start tag to end tag.
    pub xml: &'a str,
}

/// Reads the envelope: the payload of an `ok` answer (`None` when empty), or
/// the error the answer stands for.
pub(crate) fn envelope(status: u16, body: &str) -> Result<Option<Payload<'_>>, Error> {
    let success = (200..300).contains(&status);
    match read_envelope(body) {
        Ok(Envelope::Ok(payload)) => Ok(payload),
        Ok(Envelope::Failed { code, message }) => Err(Error::Api {
            code: ErrorCode::from(code),
            message,
            http_status: status,
            attempts: 1,
        }),
        // An error status whose body is no Last.fm answer: a proxy's page, say.
        Err(_) if !success => Err(Error::Http {
            status,
            content_type: None,
            attempts: 1,
        }),
        // A broken body (truncated, not XML) may come out whole next time.
        Err(message) => Err(Error::Decode {
            message,
            field: None,
            http_status: status,
            transient: true,
            attempts: 1,
        }),
    }
}

enum Envelope<'a> {
    Ok(Option<Payload<'a>>),
    Failed { code: u32, message: String },
}

fn xml_error(err: impl std::fmt::Display) -> String {
    format!("malformed XML: {err}")
}

fn read_envelope(body: &str) -> Result<Envelope<'_>, String> {
    let mut reader = Reader::from_str(body);
    // Find the root element.
    let (root, empty) = loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) => break (e, false),
            Event::Empty(e) => break (e, true),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Text(t) if t.trim().is_empty() => {}
            Event::Eof => return Err("the body is empty".into()),
            _ => return Err("the body is not XML".into()),
        }
    };
    if root.local_name().as_ref() != "lfm" {
        return Err(format!(
            "expected an <lfm> element, found <{}>",
            root.name().as_ref()
        ));
    }
    let status = root
        .try_get_attribute("status")
        .map_err(xml_error)?
        .map(|a| a.value.into_owned());
    match status.as_deref() {
        Some("ok") if empty => Ok(Envelope::Ok(None)),
        Some("ok") => Ok(Envelope::Ok(ok_payload(&mut reader, body)?)),
        Some("failed") if !empty => {
            let Some(error) = first_child(&mut reader, body)? else {
                return Err("a failed answer without an <error> element".into());
            };
            if error.name != "error" {
                return Err(format!(
                    "a failed answer with <{}> instead of <error>",
                    error.name
                ));
            }
            expect_end_of_lfm(&mut reader)?;
            let ErrorElement { code, message } =
                XmlReader::new(error.xml).root().map_err(|e| e.message)?;
            let code = code
                .trim()
                .parse()
                .map_err(|_| format!("error code `{}` is not a number", code.trim()))?;
            Ok(Envelope::Failed {
                code,
                message: message.trim().to_owned(),
            })
        }
        Some(other) => Err(format!("unknown <lfm> status `{other}`")),
        None => Err("<lfm> without a status".into()),
    }
}

/// `<error code="…">message</error>`.
struct ErrorElement {
    code: String,
    message: String,
}

impl FromXml for ErrorElement {
    fn from_element(
        r: &mut XmlReader<'_>,
        start: &quick_xml::events::BytesStart<'_>,
        empty: bool,
    ) -> crate::__private::decode::DecodeResult<Self> {
        let mut code = String::new();
        for attr in crate::__private::decode::attributes(start) {
            let (key, value) = attr?;
            if key == "code" {
                code = value.into_owned();
            }
        }
        Ok(ErrorElement {
            code,
            message: r.text(empty)?.into_owned(),
        })
    }
}

/// The payload of an `ok` answer: its first child element, which runs to
/// the closing `</lfm>`. The end is found from the back of the body rather
/// than by reading the payload twice: the payload's own decoder reads it
/// once, and reports anything broken inside it.
fn ok_payload<'a>(
    reader: &mut Reader<&'a [u8]>,
    body: &'a str,
) -> Result<Option<Payload<'a>>, String> {
    let truncated = || "the answer ends before </lfm> (truncated?)".to_owned();
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) => {
                let close = body
                    .rfind("</lfm>")
                    .filter(|&i| i >= before)
                    .ok_or_else(truncated)?;
                if !body[close + "</lfm>".len()..].trim().is_empty() {
                    return Err("content after </lfm>".into());
                }
                let xml = body[before..close].trim_end();
                let end_tag = format!("</{}>", e.name().as_ref());
                if !xml.ends_with(&end_tag) {
                    return Err(format!("the answer ends before {end_tag} (truncated?)"));
                }
                return Ok(Some(Payload {
                    name: e.local_name().as_ref().to_owned(),
                    xml,
                }));
            }
            Event::Empty(e) => {
                let after = reader.buffer_position() as usize;
                let name = e.local_name().as_ref().to_owned();
                expect_end_of_lfm(reader)?;
                return Ok(Some(Payload {
                    name,
                    xml: body.get(before..after).ok_or("element out of bounds")?,
                }));
            }
            Event::End(_) => return Ok(None),
            Event::Eof => return Err(truncated()),
            _ => {}
        }
    }
}

/// The first child element of the current one, skipping text; `None` when
/// the current element ends first.
fn first_child<'a>(
    reader: &mut Reader<&'a [u8]>,
    body: &'a str,
) -> Result<Option<Payload<'a>>, String> {
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                let end = e.to_end().into_owned();
                reader.read_to_end(end.name()).map_err(xml_error)?;
                let after = reader.buffer_position() as usize;
                return Ok(Some(Payload {
                    name,
                    xml: body.get(before..after).ok_or("element out of bounds")?,
                }));
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                let after = reader.buffer_position() as usize;
                return Ok(Some(Payload {
                    name,
                    xml: body.get(before..after).ok_or("element out of bounds")?,
                }));
            }
            Event::End(_) => return Ok(None),
            Event::Eof => return Err("the answer ends before </lfm> (truncated?)".into()),
            _ => {}
        }
    }
}

fn expect_end_of_lfm(reader: &mut Reader<&[u8]>) -> Result<(), String> {
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::End(_) => return Ok(()),
            Event::Eof => return Err("the answer ends before </lfm> (truncated?)".into()),
            _ => {}
        }
    }
}

fn expect_root<'a>(
    payload: Option<Payload<'a>>,
    roots: &[&str],
    status: u16,
) -> Result<Payload<'a>, Error> {
    let decode = |message: String| Error::Decode {
        message,
        field: None,
        http_status: status,
        transient: false,
        attempts: 1,
    };
    let payload = payload.ok_or_else(|| decode("the answer is empty".into()))?;
    if !roots.is_empty() && !roots.contains(&payload.name.as_str()) {
        return Err(decode(format!(
            "expected <{}>, found <{}>",
            roots.join("> or <"),
            payload.name
        )));
    }
    Ok(payload)
}

/// The envelope's verdict and, for a method that declares roots, that its
/// payload is one of them: what a call checks whose answer it does not decode.
pub(crate) fn check_answer(status: u16, body: &str, roots: &[&str]) -> Result<(), Error> {
    let payload = envelope(status, body)?;
    if !roots.is_empty() {
        expect_root(payload, roots, status)?;
    }
    Ok(())
}

/// How a payload is decoded: for which method (named in warnings), and
/// whether a malformed optional value is an error.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DecodeContext {
    pub method: &'static str,
    pub strict: bool,
}

/// Decodes the payload into a generated response type.
pub(crate) fn decode_typed<T: FromXml>(
    status: u16,
    body: &str,
    roots: &[&str],
    context: DecodeContext,
) -> Result<T, Error> {
    let payload = expect_root(envelope(status, body)?, roots, status)?;
    XmlReader::for_method(payload.xml, context.method, context.strict)
        .root()
        .map_err(|e| Error::Decode {
            message: format!("<{}>: {e}", payload.name),
            field: e.field,
            http_status: status,
            transient: false,
            attempts: 1,
        })
}

/// Decodes a whole Last.fm answer (the `<lfm>` envelope and its payload) into
/// a response type, without a request: for answers stored earlier, or
/// fetched by other means. A `status="failed"` answer gives its [`Error::Api`].
///
/// ```
/// let body = r#"<lfm status="ok"><session><name>RJ</name><key>k</key><subscriber>1</subscriber></session></lfm>"#;
/// let session: lastfm_api::types::Session = lastfm_api::from_response(body)?;
/// assert_eq!(session.name, "RJ");
/// assert!(session.subscriber);
/// # Ok::<(), lastfm_api::Error>(())
/// ```
pub fn from_response<T: FromXml>(body: &str) -> Result<T, Error> {
    let context = DecodeContext {
        method: "",
        strict: false,
    };
    decode_typed(200, body, &[], context)
}

/// Checks a whole Last.fm answer that carries nothing but its status (what
/// write methods answer): `Ok` for `status="ok"`, the [`Error::Api`] of a
/// failed answer, a decoding error for anything else.
pub fn check_response(body: &str) -> Result<(), Error> {
    decode_empty(200, body)
}

/// Checks an answer that carries nothing but its status.
pub(crate) fn decode_empty(status: u16, body: &str) -> Result<(), Error> {
    envelope(status, body).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_ok_envelopes() {
        assert_eq!(envelope(200, "<lfm status=\"ok\"/>").unwrap(), None);
        assert_eq!(
            envelope(200, "<lfm status=\"ok\">\n</lfm>\n").unwrap(),
            None
        );
        assert_eq!(
            envelope(200, "<?xml version=\"1.0\"?><lfm status=\"ok\"></lfm>").unwrap(),
            None
        );
    }

    #[test]
    fn payload_is_the_first_child() {
        let body = "<lfm status=\"ok\">\n  <token>abc</token>\n</lfm>";
        let payload = envelope(200, body).unwrap().unwrap();
        assert_eq!(
            (payload.name.as_str(), payload.xml),
            ("token", "<token>abc</token>")
        );
    }

    #[test]
    fn a_truncated_envelope_is_an_error() {
        assert!(envelope(200, "<lfm status=\"ok\">\n").is_err());
        assert!(envelope(200, "<lfm status=\"ok\"><token>abc</token>").is_err());
    }
}
