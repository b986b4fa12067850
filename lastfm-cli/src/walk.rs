//! A Last.fm answer as JSON, guided by the spec's response type: the Rust
//! field names, numbers as numbers, lists as arrays, `None` as null. Kept
//! apart so it can give way to the generated types' own serde output.

use lastfm_spec::{Field, FieldType, Response, Spec, TypeDef, XmlSource};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Map, Number, Value};

/// An XML element, by local names.
#[derive(Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let bad = |e: &dyn std::fmt::Display| format!("malformed XML: {e}");
    let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element, String> {
        let mut el = Element {
            name: local(e.name().as_ref()).to_owned(),
            ..Element::default()
        };
        for attr in e.attributes() {
            let attr = attr.map_err(|e| bad(&e))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| bad(&e))?;
            el.attrs
                .push((local(attr.key.as_ref()).to_owned(), value.into_owned()));
        }
        Ok(el)
    };
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let el = open(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced XML")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(el),
                    None => return Err("unbalanced XML".into()),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                // `&amp;`, `&#233;`; an unknown entity is kept as written.
                let text = match r.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .map_or_else(|| format!("&{};", &*r), str::to_owned),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("empty XML")?;
    Ok(root.children.pop().unwrap_or_default())
}

/// The answer's payload as JSON: an object for a type, a string for a text
/// answer, null for an empty one. `body` is the whole `<lfm>` answer.
pub fn answer(spec: &Spec, response: &Response, body: &str) -> Result<Value, String> {
    let lfm = parse(body)?;
    let payload = lfm.children.into_iter().next();
    Ok(match (response, payload) {
        (Response::Empty, _) | (_, None) => Value::Null,
        (Response::Text { .. }, Some(el)) => Value::String(el.text.trim().to_owned()),
        (Response::Type { type_name, .. }, Some(el)) => match spec.type_def(type_name) {
            Some(ty) => object(spec, ty, &el),
            None => Value::Null,
        },
    })
}

fn source(text: &str) -> XmlSource {
    if let Some(attr) = text.strip_prefix('@') {
        XmlSource::Attr(attr.to_owned())
    } else if text == "$text" {
        XmlSource::Text
    } else {
        XmlSource::Child(local(text).to_owned())
    }
}

fn object(spec: &Spec, ty: &TypeDef, el: &Element) -> Value {
    let mut map = Map::new();
    for field in &ty.fields {
        map.insert(field.name.clone(), field_value(spec, field, el));
    }
    Value::Object(map)
}

/// For people: every timestamp of an answer (`value`, as [`answer`] made
/// it) written as a date and time in the local zone (`2024-01-31 13:05`)
/// instead of unix seconds.
pub fn readable_times(spec: &Spec, response: &Response, value: &mut Value) {
    if let Response::Type { type_name, .. } = response
        && let Some(ty) = spec.type_def(type_name)
    {
        times_of(spec, ty, value, &jiff::tz::TimeZone::system());
    }
}

fn times_of(spec: &Spec, ty: &TypeDef, value: &mut Value, zone: &jiff::tz::TimeZone) {
    let Value::Object(map) = value else { return };
    for field in &ty.fields {
        let Some(v) = map.get_mut(&field.name) else {
            continue;
        };
        let values: Vec<&mut Value> = match v {
            Value::Array(items) => items.iter_mut().collect(),
            one => vec![one],
        };
        for v in values {
            match &field.ty {
                FieldType::Timestamp => {
                    if let Some(t) = v
                        .as_i64()
                        .and_then(|s| jiff::Timestamp::from_second(s).ok())
                    {
                        *v = Value::String(
                            t.to_zoned(zone.clone())
                                .strftime("%Y-%m-%d %H:%M")
                                .to_string(),
                        );
                    }
                }
                FieldType::Named(name) => {
                    if let Some(inner) = spec.type_def(name) {
                        times_of(spec, inner, v, zone);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Where a field may be: its source, then its aliases.
fn sources(field: &Field) -> Vec<XmlSource> {
    let mut all = vec![match &field.source {
        XmlSource::Child(name) => XmlSource::Child(local(name).to_owned()),
        other => other.clone(),
    }];
    all.extend(field.aliases.iter().map(|a| source(a)));
    all
}

enum Found<'a> {
    Text(String),
    Elements(Vec<&'a Element>),
}

fn find<'a>(field: &Field, el: &'a Element) -> Option<Found<'a>> {
    for src in sources(field) {
        match src {
            XmlSource::Attr(name) => {
                if let Some((_, v)) = el.attrs.iter().find(|(k, _)| *k == name) {
                    return Some(Found::Text(v.clone()));
                }
            }
            XmlSource::Text => {
                // Text alongside child elements is layout, not a value.
                if el.children.is_empty() && !el.text.trim().is_empty() {
                    return Some(Found::Text(el.text.clone()));
                }
            }
            XmlSource::Child(name) => {
                let found: Vec<&Element> = el.children.iter().filter(|c| c.name == name).collect();
                if !found.is_empty() {
                    return Some(Found::Elements(found));
                }
            }
        }
    }
    None
}

fn field_value(spec: &Spec, field: &Field, el: &Element) -> Value {
    let found = find(field, el);
    // The spec's "no value" texts (`None`, `0`) are null, as in lastfm-api.
    let text = match &found {
        Some(Found::Text(t)) => Some(t.as_str()),
        Some(Found::Elements(els)) if !field.list => Some(els[0].text.as_str()),
        _ => None,
    };
    let found = match text {
        Some(t) if field.no_value.iter().any(|n| n == t.trim()) => None,
        _ => found,
    };
    if field.ty == FieldType::Images {
        let Some(Found::Elements(images)) = found else {
            return Value::Array(Vec::new());
        };
        return Value::Array(
            images
                .iter()
                .filter(|i| !i.text.trim().is_empty())
                .map(|i| {
                    let size = i
                        .attrs
                        .iter()
                        .find(|(k, _)| k == "size")
                        .map(|(_, v)| v.trim().to_owned());
                    serde_json::json!({ "size": size.unwrap_or_default(), "url": i.text.trim() })
                })
                .collect(),
        );
    }
    if field.list {
        let items: Vec<Value> = match found {
            Some(Found::Elements(els)) => els.iter().map(|e| one(spec, field, e)).collect(),
            Some(Found::Text(t)) => vec![scalar(&field.ty, &t, None)],
            None => Vec::new(),
        };
        return Value::Array(items.into_iter().filter(|v| !v.is_null()).collect());
    }
    match found {
        Some(Found::Elements(els)) => one(spec, field, els[0]),
        Some(Found::Text(t)) => scalar(&field.ty, &t, None),
        None => Value::Null,
    }
}

/// One element's value for a field.
fn one(spec: &Spec, field: &Field, el: &Element) -> Value {
    match &field.ty {
        FieldType::Named(name) => match spec.type_def(name) {
            Some(ty) => {
                let value = object(spec, ty, el);
                // An optional element with nothing in it (`<album mbid=""></album>`)
                // is None, as in lastfm-api; an empty page is still a page.
                let empty = !ty.gathers_paging()
                    && value.as_object().is_some_and(|m| {
                        m.values()
                            .all(|v| v.is_null() || v.as_array().is_some_and(Vec::is_empty))
                    });
                if field.optional && empty {
                    Value::Null
                } else {
                    value
                }
            }
            None => Value::Null,
        },
        ty => scalar(ty, &el.text, Some(el)),
    }
}

fn number(text: &str) -> Option<Value> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(Value::Number(n.into()));
    }
    if let Ok(n) = text.parse::<i64>() {
        return Some(Value::Number(n.into()));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
}

/// A text value as the field's type: empty is null (Last.fm's "no value").
fn scalar(ty: &FieldType, text: &str, el: Option<&Element>) -> Value {
    let text = text.trim();
    if *ty == FieldType::Timestamp
        && let Some(el) = el
        && let Some((_, v)) = el.attrs.iter().find(|(k, _)| k == "uts" || k == "unixtime")
    {
        return number(v.trim()).unwrap_or(Value::Null);
    }
    if text.is_empty() {
        return Value::Null;
    }
    // A malformed value (`<duration>FIXME</duration>`) is null, as
    // lastfm-api's lenient decoding makes it: a field keeps its JSON type.
    match ty {
        FieldType::Integer | FieldType::Timestamp | FieldType::Seconds | FieldType::Float => {
            number(&text.replace(',', "")).unwrap_or(Value::Null)
        }
        FieldType::Milliseconds => match text.parse::<u64>() {
            Ok(ms) if ms % 1000 == 0 => Value::Number((ms / 1000).into()),
            Ok(ms) => Number::from_f64(ms as f64 / 1000.0).map_or(Value::Null, Value::Number),
            Err(_) => Value::Null,
        },
        FieldType::Bool => match text {
            "1" | "true" | "yes" => Value::Bool(true),
            "0" | "false" | "no" => Value::Bool(false),
            _ => Value::Null,
        },
        _ => Value::String(text.to_owned()),
    }
}

/// The items of a list answer: the type's paged list, else its only list
/// of a declared type.
pub fn items<'a>(spec: &Spec, response: &Response, value: &'a Value) -> Option<&'a Vec<Value>> {
    let Response::Type { type_name, .. } = response else {
        return None;
    };
    let ty = spec.type_def(type_name)?;
    if let Ok(path) = spec.paging_path(ty) {
        let mut at = value;
        for field in path {
            at = at.get(&field.name)?;
        }
        return at.as_array();
    }
    let mut lists = ty
        .fields
        .iter()
        .filter(|f| f.list && matches!(f.ty, FieldType::Named(_)));
    let only = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    value.get(&only.name)?.as_array()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_tracks_as_json() {
        let spec = crate::spec::spec().unwrap();
        let (_, method) = spec.method("user.getRecentTracks").unwrap();
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<lfm status="ok">
<recenttracks user="RJ" page="1" perPage="2" totalPages="10" total="20">
  <track nowplaying="true"><artist mbid="">Air</artist><name>Sexy Boy</name><album mbid=""></album><image size="small"></image></track>
  <track><artist mbid="m1">Cher &amp; Co</artist><name>Believe</name><album mbid="">Believe</album>
    <image size="small">http://x/s.png</image><date uts="1700000000">14 Nov 2023, 22:13</date></track>
</recenttracks></lfm>"#;
        let value = answer(spec, &method.response, body).unwrap();
        assert_eq!(value["user"], "RJ");
        assert_eq!(value["total"], 20);
        let tracks = items(spec, &method.response, &value).unwrap();
        assert_eq!(tracks.len(), 2);
        assert_eq!(tracks[0]["now_playing"], true);
        assert_eq!(tracks[0]["date"], Value::Null);
        assert_eq!(tracks[0]["album"], Value::Null);
        assert_eq!(tracks[1]["artist"]["name"], "Cher & Co");
        assert_eq!(tracks[1]["artist"]["mbid"], "m1");
        assert_eq!(tracks[1]["date"], 1_700_000_000);
        assert_eq!(tracks[1]["album"]["title"], "Believe");
        assert_eq!(tracks[1]["images"][0]["url"], "http://x/s.png");

        // For a table, the times are dates, at every level; the rest stays.
        let mut readable = value.clone();
        readable_times(spec, &method.response, &mut readable);
        let zone = jiff::tz::TimeZone::system();
        let expected = jiff::Timestamp::from_second(1_700_000_000)
            .unwrap()
            .to_zoned(zone)
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        let tracks = items(spec, &method.response, &readable).unwrap();
        assert_eq!(tracks[1]["date"], expected.as_str());
        assert_eq!(tracks[0]["date"], Value::Null);
        assert_eq!(readable["total"], 20);
    }

    /// The texts the service sends for "no value" (as recorded from
    /// user.getInfo), and malformed values, are null, as lastfm-api decodes
    /// them; real values stay.
    #[test]
    fn no_value_and_malformed_texts_are_null() {
        let spec = crate::spec::spec().unwrap();
        let (_, method) = spec.method("user.getInfo").unwrap();
        let user = |country: &str, age: &str, gender: &str| {
            let body = format!(
                "<lfm status=\"ok\"><user><name>RJ</name><country>{country}</country>\
                 <age>{age}</age><gender>{gender}</gender><playcount>3</playcount></user></lfm>"
            );
            answer(spec, &method.response, &body).unwrap()
        };
        let unknown = user("None", "0", "n");
        assert_eq!(
            (&unknown["country"], &unknown["age"], &unknown["gender"]),
            (&Value::Null, &Value::Null, &Value::Null)
        );
        let malformed = user("United Kingdom", "FIXME", "f");
        assert_eq!(
            malformed["age"],
            Value::Null,
            "a number field stays a number or null"
        );
        let known = user("United Kingdom", "34", "f");
        assert_eq!(known["country"], "United Kingdom");
        assert_eq!(known["age"], 34);
        assert_eq!(known["gender"], "f");
    }
}
