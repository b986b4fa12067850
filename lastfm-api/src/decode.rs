//! Decoding Last.fm XML into the generated types: a pull decoder over
//! quick-xml events. No intermediate tree and no generic deserializer: each
//! generated type reads its own attributes and children in one pass, with
//! the helpers here, and skips what it does not know.

use std::borrow::Cow;
use std::fmt::Display;
use std::str::FromStr;
use std::time::Duration;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// What went wrong, worded for `Error::Decode`.
pub type DecodeResult<T> = Result<T, DecodeError>;

/// Why an element could not be decoded, and the field at fault when one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub message: String,
    /// The field (its name in the XML: `duration`, `@page`) that is missing
    /// or malformed; `None` when the XML itself is broken.
    pub field: Option<String>,
}

impl DecodeError {
    /// A missing or malformed field.
    pub fn field(field: &str, message: String) -> Self {
        DecodeError {
            message,
            field: Some(field.to_owned()),
        }
    }
}

impl From<String> for DecodeError {
    fn from(message: String) -> Self {
        DecodeError {
            message,
            field: None,
        }
    }
}

impl From<&str> for DecodeError {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

impl Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A type decoded from one XML element.
pub trait FromXml: Sized {
    /// Decodes the element whose start tag `start` was just read; `empty`
    /// for a self-closing `<x/>`. Reads up to and including its end tag.
    fn from_element(
        r: &mut XmlReader<'_>,
        start: &BytesStart<'_>,
        empty: bool,
    ) -> DecodeResult<Self>;

    /// Whether the decoded element held nothing (`<album mbid=""></album>`):
    /// an optional field is then `None`, as the spec's `optional` says of an
    /// empty element. Only a type whose every field may be absent can be.
    fn is_empty(&self) -> bool {
        false
    }
}

/// One thing inside an element.
pub enum Item<'a> {
    /// A child element's start tag, and whether it is self-closing.
    Element(BytesStart<'a>, bool),
    /// Text, with entities resolved.
    Text(Cow<'a, str>),
    /// The end of the current element.
    End,
}

/// Reads a document one item at a time.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    /// The method whose answer this is, for warnings (`""` when unknown).
    method: &'static str,
    /// Whether a malformed optional value fails the decoding instead of
    /// becoming `None`.
    strict: bool,
}

fn malformed(e: impl Display) -> String {
    format!("malformed XML: {e}")
}

impl<'a> XmlReader<'a> {
    /// A lenient reader of an answer to no particular method.
    pub fn new(xml: &'a str) -> Self {
        XmlReader::for_method(xml, "", false)
    }

    /// A reader of `method`'s answer; `strict` makes a malformed optional
    /// value an error.
    pub fn for_method(xml: &'a str, method: &'static str, strict: bool) -> Self {
        XmlReader {
            reader: Reader::from_str(xml),
            method,
            strict,
        }
    }

    /// The value of an optional field: a malformed one (`<duration>FIXME</duration>`)
    /// is `None` and a warning naming the method, the field and the value,
    /// since one odd value must not lose a whole answer; in strict mode it
    /// is the error.
    pub fn lenient<T>(
        &self,
        parsed: DecodeResult<Option<T>>,
        field: &str,
        value: &str,
    ) -> DecodeResult<Option<T>> {
        match parsed {
            Err(_) if !self.strict => {
                tracing::warn!(
                    method = self.method,
                    field,
                    value,
                    "lastfm: malformed optional value decoded as None"
                );
                Ok(None)
            }
            other => other,
        }
    }

    /// An optional field's value parsed from `text`, [leniently](Self::lenient).
    pub fn lenient_value<T>(
        &self,
        text: &str,
        field: &str,
        parse: fn(&str, &str) -> DecodeResult<Option<T>>,
    ) -> DecodeResult<Option<T>> {
        self.lenient(parse(text, field), field, text)
    }

    /// An optional field's value parsed from the current element's text,
    /// [leniently](Self::lenient).
    pub fn lenient_text<T>(
        &mut self,
        empty: bool,
        field: &str,
        parse: fn(&str, &str) -> DecodeResult<Option<T>>,
    ) -> DecodeResult<Option<T>> {
        let text = self.text(empty)?;
        self.lenient_value(&text, field, parse)
    }

    /// Decodes the child element whose start tag `start` was just read.
    pub fn element<T: FromXml>(&mut self, start: &BytesStart<'_>, empty: bool) -> DecodeResult<T> {
        T::from_element(self, start, empty)
    }

    /// Decodes the child element whose start tag `start` was just read, for
    /// an optional field: `None` when it holds nothing.
    pub fn optional_element<T: FromXml>(
        &mut self,
        start: &BytesStart<'_>,
        empty: bool,
    ) -> DecodeResult<Option<T>> {
        let value = T::from_element(self, start, empty)?;
        Ok((!value.is_empty()).then_some(value))
    }

    /// Decodes the document's root element.
    pub fn root<T: FromXml>(&mut self) -> DecodeResult<T> {
        loop {
            match self.reader.read_event().map_err(malformed)? {
                Event::Start(e) => return T::from_element(self, &e, false),
                Event::Empty(e) => return T::from_element(self, &e, true),
                Event::Eof => return Err("no element to decode".into()),
                _ => {}
            }
        }
    }

    /// The next item of the current element.
    pub fn item(&mut self) -> DecodeResult<Item<'a>> {
        loop {
            return Ok(match self.reader.read_event().map_err(malformed)? {
                Event::Start(e) => Item::Element(e, false),
                Event::Empty(e) => Item::Element(e, true),
                Event::Text(t) => Item::Text(t.xml10_content()),
                Event::CData(c) => Item::Text(Cow::Owned(c.xml10_content().into_owned())),
                Event::GeneralRef(r) => Item::Text(Cow::Owned(entity(&r)?)),
                Event::End(_) => Item::End,
                Event::Eof => return Err("the answer ends inside an element (truncated?)".into()),
                _ => continue,
            });
        }
    }

    /// The text of the current element up to its end tag (the text of any
    /// child elements included): borrowed from the document when it is one
    /// run without entities (the usual case), so a number or a flag is
    /// parsed without a copy.
    pub fn text(&mut self, empty: bool) -> DecodeResult<Cow<'a, str>> {
        let mut out = Cow::Borrowed("");
        if empty {
            return Ok(out);
        }
        let mut depth = 0usize;
        loop {
            match self.item()? {
                Item::Text(t) if out.is_empty() => out = t,
                Item::Text(t) => out.to_mut().push_str(&t),
                Item::Element(_, false) => depth += 1,
                Item::Element(_, true) => {}
                Item::End if depth == 0 => return Ok(out),
                Item::End => depth -= 1,
            }
        }
    }

    /// Skips the rest of the current element.
    pub fn skip(&mut self, empty: bool) -> DecodeResult<()> {
        if empty {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            match self.reader.read_event().map_err(malformed)? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err("the answer ends inside an element (truncated?)".into()),
                _ => {}
            }
        }
    }
}

/// Appends a run of an element's own text: the first run is kept as it
/// came (borrowed from the document, usually), so one run costs no copy.
pub fn push_text<'a>(text: &mut Cow<'a, str>, run: Cow<'a, str>) {
    if text.is_empty() {
        *text = run;
    } else {
        text.to_mut().push_str(&run);
    }
}

/// `&amp;`, `&#233;`...; an unknown entity is kept as written.
fn entity(r: &BytesRef<'_>) -> DecodeResult<String> {
    if let Some(c) = r.resolve_char_ref().map_err(malformed)? {
        return Ok(c.to_string());
    }
    Ok(match resolve_predefined_entity(r) {
        Some(s) => s.to_owned(),
        None => format!("&{};", &**r),
    })
}

/// The attributes of a start tag: (local name, value with entities
/// resolved), the value borrowed when it needs no change.
pub fn attributes<'s>(
    start: &'s BytesStart<'_>,
) -> impl Iterator<Item = DecodeResult<(&'s str, Cow<'s, str>)>> + 's {
    let mut attrs = start.attributes();
    attrs.with_checks(false);
    attrs.map(|attr| {
        let attr: Attribute<'_> = attr.map_err(malformed)?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(malformed)?;
        let key = attr.key.local_name().into_inner();
        Ok((key, value))
    })
}

/// Text without surrounding whitespace, as an owned string: one copy of
/// borrowed text, none of owned text with nothing to trim.
pub fn string<'s>(s: impl Into<Cow<'s, str>>) -> String {
    match s.into() {
        Cow::Borrowed(s) => trim(s).to_owned(),
        Cow::Owned(s) if trim(&s).len() == s.len() => s,
        Cow::Owned(s) => trim(&s).to_owned(),
    }
}

/// `str::trim`, answered from the first and last bytes when both are
/// visible ASCII (nearly every value), without walking characters.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Empty (Last.fm's "no value") is `None`, found before anything is copied.
pub fn opt_string<'s>(s: impl Into<Cow<'s, str>>) -> Option<String> {
    let s = s.into();
    (!trim(&s).is_empty()).then(|| string(s))
}

pub fn opt_number<T: FromStr>(s: &str, field: &str) -> DecodeResult<Option<T>>
where
    T::Err: Display,
{
    let s = trim(s);
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|e| {
        DecodeError::field(
            field,
            format!("`{field}`: expected a number, found `{s}`: {e}"),
        )
    })
}

pub fn opt_flag(s: &str, field: &str) -> DecodeResult<Option<bool>> {
    match trim(s) {
        "" => Ok(None),
        "1" | "true" => Ok(Some(true)),
        "0" | "false" => Ok(Some(false)),
        other => Err(DecodeError::field(
            field,
            format!("`{field}`: expected 0 or 1, found `{other}`"),
        )),
    }
}

/// Whole seconds.
pub fn opt_seconds(s: &str, field: &str) -> DecodeResult<Option<Duration>> {
    Ok(opt_number(s, field)?.map(Duration::from_secs))
}

/// Milliseconds.
pub fn opt_milliseconds(s: &str, field: &str) -> DecodeResult<Option<Duration>> {
    Ok(opt_number(s, field)?.map(Duration::from_millis))
}

/// Whether `s` is one of the texts a field's spec declares as "no value".
pub fn is_no_value(s: &str, no_value: &[&str]) -> bool {
    no_value.contains(&trim(s))
}

/// A unix time given as an element: its `uts` or `unixtime` attribute, or
/// its text when it is a number (`<date uts="…">15 Feb 2020</date>`). For
/// an `optional` field a malformed time is [`XmlReader::lenient`].
pub fn timestamp_element(
    r: &mut XmlReader<'_>,
    start: &BytesStart<'_>,
    empty: bool,
    field: &str,
    optional: bool,
) -> DecodeResult<Option<crate::Timestamp>> {
    let mut from_attribute = None;
    for attr in attributes(start) {
        let (key, value) = attr?;
        if (key == "uts" || key == "unixtime") && !trim(&value).is_empty() {
            from_attribute = Some(value);
        }
    }
    let text = r.text(empty)?;
    let value = from_attribute.unwrap_or(text);
    let parsed = opt_number(&value, field);
    if optional {
        r.lenient(parsed, field, &value)
    } else {
        parsed
    }
}

/// A required value, or which one is missing.
pub fn required<T>(value: Option<T>, field: &str, element: &str) -> DecodeResult<T> {
    value.ok_or_else(|| DecodeError::field(field, format!("<{element}> has no `{field}`")))
}

/// A text-only answer (`<token>…</token>`) is its text.
impl FromXml for String {
    fn from_element(r: &mut XmlReader<'_>, _: &BytesStart<'_>, empty: bool) -> DecodeResult<Self> {
        r.text(empty).map(string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_resolves_entities_and_keeps_unknown_ones() {
        let mut r =
            XmlReader::new("<a>Guns N&apos; Roses &amp; &#233;&#x4E2D; &nbsp;<![CDATA[<b>]]></a>");
        let s: String = r.root().unwrap();
        assert_eq!(s, "Guns N' Roses & é中 &nbsp;<b>");
    }

    #[test]
    fn timestamps_from_attributes_or_text() {
        let mut r = XmlReader::new(
            "<x><registered unixtime=\"7\">2002-11-20</registered><t>9</t><u></u></x>",
        );
        let _ = r.item();
        for expected in [Some(7u64), Some(9), None] {
            let Ok(Item::Element(e, empty)) = r.item() else {
                panic!()
            };
            assert_eq!(
                timestamp_element(&mut r, &e, empty, "t", false).unwrap(),
                expected.map(crate::Timestamp::from_unix)
            );
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "é",
            " é\u{a0}",
            "\u{2003}x",
            "x\u{3000}",
            "a b",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn truncation_is_an_error_not_a_panic() {
        let mut r = XmlReader::new("<a><b>text");
        assert!(r.root::<String>().is_err());
    }
}
