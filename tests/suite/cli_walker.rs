//! The command line reads answers with its own walk over the spec (so a
//! method added to the spec is a command without Rust); lastfm-api reads
//! them with its generated decoders. Two readings of one spec: on every
//! example, recorded and documented answer they must agree, value for value.

use std::path::Path;

use lastfm_cli::walk;
use lastfm_spec::{Response, Spec};
use serde_json::Value;

fn spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    lastfm_spec::load_dir(&dir, &|p| p.display().to_string())
        .spec
        .unwrap_or_else(|d| panic!("{d:?}"))
}

// `fn typed(type_name, answer)`: the answer decoded by lastfm-api's
// generated decoder for that type, as JSON; `None` when it does not
// decode.
macro_rules! typed {
    ($($ty:ident),* $(,)?) => {
        fn typed(type_name: &str, xml: &str) -> Option<Value> {
            match type_name {
                $(stringify!($ty) => {
                    let decoded = lastfm_api::from_response::<lastfm_api::types::$ty>(xml).ok()?;
                    lastfm_api::Secret::serialize_exposed(|| serde_json::to_value(&decoded))
                        .ok()
                })*
                other => panic!("{other} is not a type of lastfm-api"),
            }
        }
    };
}
lastfm_api::__each_type!(typed);

/// lastfm-api's JSON in the walker's terms: paging left out (the walker
/// keeps the fields as sent, the library derives `Paging` from them),
/// durations as seconds, image sizes as sent.
fn comparable(value: &Value) -> Value {
    match value {
        Value::Object(map)
            if map.len() == 2 && map.contains_key("secs") && map.contains_key("nanos") =>
        {
            let secs = map["secs"].as_f64().unwrap() + map["nanos"].as_f64().unwrap() / 1e9;
            serde_json::Number::from_f64(secs).map_or(Value::Null, Value::Number)
        }
        // An image size the library does not name: `{"Other": "…"}`.
        Value::Object(map) if map.len() == 1 && map.contains_key("Other") => {
            comparable(&map["Other"])
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "paging")
                .map(|(k, v)| (k.clone(), comparable(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(comparable).collect()),
        Value::String(s) => Value::String(s.to_ascii_lowercase()),
        Value::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(Value::Null, Value::Number)
        }
        other => other.clone(),
    }
}

fn differences(at: &str, library: &Value, walker: &Value, paged: bool, out: &mut Vec<String>) {
    match (library, walker) {
        (Value::Object(l), Value::Object(w)) => {
            let paged = l.len() < w.len() || paged;
            for (k, wv) in w {
                match l.get(k) {
                    Some(lv) => differences(&format!("{at}.{k}"), lv, wv, false, out),
                    None if paged => {}
                    None => out.push(format!("{at}.{k}: only the walker has it ({wv})")),
                }
            }
            for k in l.keys().filter(|k| !w.contains_key(*k)) {
                out.push(format!("{at}.{k}: only lastfm-api has it"));
            }
        }
        (Value::Array(l), Value::Array(w)) if l.len() == w.len() => {
            for (i, (lv, wv)) in l.iter().zip(w).enumerate() {
                differences(&format!("{at}[{i}]"), lv, wv, false, out);
            }
        }
        (Value::String(l), Value::String(w)) if *l == w.to_ascii_lowercase() => {}
        (Value::Number(l), Value::Number(w)) if l.as_f64() == w.as_f64() => {}
        (l, w) if l == w => {}
        (l, w) => out.push(format!("{at}: lastfm-api {l}, walker {w}")),
    }
}

/// The walker and lastfm-api's generated decoders are two readings of
/// the spec; on every example answer, and every recorded or documented
/// answer of `tests/fixtures` that lastfm-api decodes (some documented
/// samples are abridged past reading), they agree, value for value.
#[test]
fn every_example_and_recording_reads_as_lastfm_api_decodes_it() {
    let spec = &spec();
    let mut answers: Vec<(String, String, String)> = spec
        .packages
        .iter()
        .flat_map(|p| &p.methods)
        .filter_map(|m| {
            Some((
                m.full_name(),
                m.full_name(),
                m.example.as_ref()?.xml.clone(),
            ))
        })
        .collect();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for folder in ["real", "samples"] {
        for file in std::fs::read_dir(fixtures.join(folder)).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let method = name.split("__").next().unwrap().to_owned();
            let xml = std::fs::read_to_string(&path).unwrap();
            answers.push((format!("{folder}/{name}"), method, xml));
        }
    }
    let (mut out, mut compared) = (Vec::new(), 0);
    for (label, method, xml) in &answers {
        let Some((_, method)) = spec.method(method) else {
            continue;
        };
        let Response::Type { type_name, .. } = &method.response else {
            continue;
        };
        let Some(library) = typed(type_name, xml) else {
            assert!(label.starts_with("samples/"), "{label} does not decode");
            continue;
        };
        let walker = walk::answer(spec, &method.response, xml).unwrap();
        differences(label, &comparable(&library), &walker, false, &mut out);
        compared += 1;
    }
    assert!(
        out.is_empty(),
        "{} differences:\n{}",
        out.len(),
        out.join("\n")
    );
    assert!(compared > 60, "{compared} answers compared");
}
