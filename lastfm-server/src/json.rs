//! Last.fm's JSON mapping of its XML answers, for `format=json`. Every
//! method's answer is produced as XML and mapped here, so both formats say
//! the same thing:
//!
//! - `<lfm status="ok">` disappears: its payload element becomes the one key
//!   of the top object (`{}` for an empty answer);
//! - `<lfm status="failed"><error code="N">text</error>` becomes
//!   `{"error": N, "message": "text"}`;
//! - an element with neither attributes nor child elements is its text (a
//!   string, as every value is: the service sends numbers as strings too);
//! - an element with attributes and no child elements is an object of its
//!   attributes beside `"#text"`;
//! - an element with child elements is an object of its children by name
//!   (one child an object or string, several of the same name a list, in
//!   document order) and of its attributes under `"@attr"`;
//! - names keep their prefix (`opensearch:totalResults`); namespace
//!   declarations are dropped; text made of whitespace only is `""`.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};

const XML: &str = "text/xml; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

/// An answer in the format the call asked for: its content type and body.
pub(crate) fn render(json: bool, xml: String) -> (&'static str, String) {
    if !json {
        return (XML, xml);
    }
    match from_xml(&xml) {
        Ok(body) => (JSON, body),
        // The server's own XML always maps; say so if it ever does not.
        Err(e) => (
            JSON,
            serde_json::json!({ "error": 8, "message": format!("Operation failed - {e}") })
                .to_string(),
        ),
    }
}

/// One element of an answer.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

/// The JSON text of an XML answer (a whole `<lfm>` document).
pub(crate) fn from_xml(xml: &str) -> Result<String, String> {
    let root = parse(xml)?;
    if root.name != "lfm" {
        return Err(format!("expected <lfm>, found <{}>", root.name));
    }
    let status = attr(&root, "status").unwrap_or("ok");
    let value = if status == "ok" {
        Value::Object(group(&root.children))
    } else {
        let error = root
            .children
            .iter()
            .find(|c| c.name == "error")
            .ok_or("a failed answer without <error>")?;
        let code: u64 = attr(error, "code")
            .and_then(|c| c.parse().ok())
            .ok_or("an <error> without a numeric code")?;
        serde_json::json!({ "error": code, "message": error.text.trim() })
    };
    Ok(value.to_string())
}

fn attr<'e>(element: &'e Element, name: &str) -> Option<&'e str> {
    element
        .attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Children by name: one as a value, several as a list.
fn group(children: &[Element]) -> Map<String, Value> {
    let mut map = Map::new();
    for child in children {
        let value = convert(child);
        match map.get_mut(&child.name) {
            // `convert` never makes a list, so a list here holds repeats.
            Some(Value::Array(list)) => list.push(value),
            Some(first) => {
                let first = first.take();
                map.insert(child.name.clone(), Value::Array(vec![first, value]));
            }
            None => {
                map.insert(child.name.clone(), value);
            }
        }
    }
    map
}

fn convert(element: &Element) -> Value {
    let attrs = element
        .attrs
        .iter()
        .filter(|(k, _)| k != "xmlns" && !k.starts_with("xmlns:"))
        .map(|(k, v)| (k.clone(), Value::String(v.clone())));
    let text = if element.text.trim().is_empty() {
        String::new()
    } else {
        element.text.clone()
    };
    if element.children.is_empty() {
        let mut attrs = attrs.peekable();
        if attrs.peek().is_none() {
            return Value::String(text);
        }
        let mut map = Map::new();
        map.insert("#text".to_owned(), Value::String(text));
        map.extend(attrs);
        return Value::Object(map);
    }
    let mut map = group(&element.children);
    let attrs: Map<String, Value> = attrs.collect();
    if !attrs.is_empty() {
        map.insert("@attr".to_owned(), Value::Object(attrs));
    }
    Value::Object(map)
}

/// The document's root element, as a tree.
fn parse(xml: &str) -> Result<Element, String> {
    let malformed = |e: &dyn std::fmt::Display| format!("malformed XML: {e}");
    let mut reader = Reader::from_str(xml);
    // The open elements, innermost last.
    let mut open: Vec<Element> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| malformed(&e))?;
        let close = match event {
            Event::Start(start) => {
                open.push(element(&start)?);
                false
            }
            Event::Empty(start) => {
                open.push(element(&start)?);
                true
            }
            Event::End(_) => true,
            Event::Text(t) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&t.xml10_content());
                }
                false
            }
            Event::CData(c) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&c.xml10_content());
                }
                false
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| malformed(&e))? {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r)
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("&{};", &*r)),
                };
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&resolved);
                }
                false
            }
            Event::Eof => return Err("the document ends inside an element".into()),
            _ => false,
        };
        if close {
            let done = open.pop().ok_or("an end tag without a start")?;
            match open.last_mut() {
                Some(parent) => parent.children.push(done),
                None => return Ok(done),
            }
        }
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("malformed XML: {e}"))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("malformed XML: {e}"))?;
        attrs.push((attr.key.into_inner().to_owned(), value.into_owned()));
    }
    Ok(Element {
        name: start.name().into_inner().to_owned(),
        attrs,
        ..Element::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(xml: &str) -> Value {
        serde_json::from_str(&from_xml(xml).unwrap()).unwrap()
    }

    #[test]
    fn a_failure_is_its_code_and_message() {
        let xml = "<?xml version=\"1.0\"?>\n<lfm status=\"failed\">\n<error code=\"6\">Artist not found &amp; gone</error>\n</lfm>\n";
        assert_eq!(
            map(xml),
            json!({"error": 6, "message": "Artist not found & gone"})
        );
    }

    #[test]
    fn an_empty_answer_is_an_empty_object() {
        assert_eq!(map("<lfm status=\"ok\">\n</lfm>"), json!({}));
        assert_eq!(map("<lfm status=\"ok\"/>"), json!({}));
    }

    #[test]
    fn leaves_are_strings_and_attributes_go_beside_text_or_under_attr() {
        let xml = r#"<lfm status="ok">
<topartists user="rj" page="1">
  <artist rank="1">
    <name>Cher</name>
    <playcount>12</playcount>
    <mbid></mbid>
    <image size="small">http://i/s.png</image>
    <image size="large"/>
    <streamable fulltrack="0">0</streamable>
  </artist>
</topartists>
</lfm>"#;
        assert_eq!(
            map(xml),
            json!({"topartists": {
                "artist": {
                    "name": "Cher",
                    "playcount": "12",
                    "mbid": "",
                    "image": [
                        {"#text": "http://i/s.png", "size": "small"},
                        {"#text": "", "size": "large"}
                    ],
                    "streamable": {"#text": "0", "fulltrack": "0"},
                    "@attr": {"rank": "1"}
                },
                "@attr": {"user": "rj", "page": "1"}
            }})
        );
    }

    #[test]
    fn several_children_of_a_name_are_a_list_in_order() {
        let xml = "<lfm status=\"ok\"><tags><tag><name>a</name></tag><x>1</x><tag><name>b</name></tag><tag><name>c</name></tag></tags></lfm>";
        assert_eq!(
            map(xml),
            json!({"tags": {"tag": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "x": "1"}})
        );
    }

    #[test]
    fn prefixes_stay_and_namespace_declarations_go() {
        let xml = r#"<lfm status="ok"><results xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" for="believe"><opensearch:Query role="request" startPage="1"/><opensearch:totalResults>2</opensearch:totalResults></results></lfm>"#;
        assert_eq!(
            map(xml),
            json!({"results": {
                "opensearch:Query": {"#text": "", "role": "request", "startPage": "1"},
                "opensearch:totalResults": "2",
                "@attr": {"for": "believe"}
            }})
        );
    }

    #[test]
    fn text_keeps_entities_cdata_and_non_ascii() {
        let xml = "<lfm status=\"ok\"><artist><name>Bj&#246;rk &amp; Co</name><bio><![CDATA[<a>x</a>]]></bio></artist></lfm>";
        assert_eq!(
            map(xml),
            json!({"artist": {"name": "Björk & Co", "bio": "<a>x</a>"}})
        );
    }

    #[test]
    fn broken_documents_are_errors() {
        assert!(from_xml("<lfm status=\"ok\"><a>").is_err());
        assert!(from_xml("<other/>").is_err());
        assert!(from_xml("<lfm status=\"failed\"></lfm>").is_err());
    }
}
