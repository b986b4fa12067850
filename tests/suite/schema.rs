//! `spec/schema.json`, the JSON Schema editors use while a spec file is
//! typed: every spec file validates against it, every spec file names it on
//! its first line, and it agrees with the loader: each compile-fail case
//! whose error is structural (an unknown key, a value of the wrong kind, a
//! missing required key) is rejected by the schema too.
//!
//! The validator is the small subset of JSON Schema (draft-07) the schema
//! uses, written here so that nothing but `regex` is needed.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("spec/schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A YAML document as JSON, with YAML 1.2 core typing of plain scalars.
fn to_json(node: &marked_yaml::Node) -> Value {
    use marked_yaml::Node as N;
    match node {
        N::Scalar(s) => {
            let text = s.as_str();
            if !s.may_coerce() {
                return Value::String(text.to_owned());
            }
            match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "" | "~" | "null" => Value::Null,
                _ => match text.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => Value::String(text.to_owned()),
                },
            }
        }
        N::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        N::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().to_owned(), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

fn yaml(text: &str) -> Option<Value> {
    marked_yaml::parse_yaml(0, text).ok().map(|n| to_json(&n))
}

/// The reasons `value` does not match `schema`, with JSON pointers.
fn errors(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Some(rules) = schema.as_object() else {
        return found;
    };
    if let Some(reference) = rules.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/definitions/");
        return errors(root, &root["definitions"][name], value, at);
    }
    if let Some(kinds) = rules.get("type") {
        let kinds: Vec<&str> = match kinds {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = kinds.iter().any(|k| match *k {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !fits {
            found.push(format!("{at}: expected {kinds:?}, found {value}"));
            return found;
        }
    }
    if let Some(allowed) = rules.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        found.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Some(constant) = rules.get("const")
        && constant != value
    {
        found.push(format!("{at}: expected {constant}"));
    }
    if let (Some(pattern), Some(text)) =
        (rules.get("pattern").and_then(Value::as_str), value.as_str())
        && !regex::Regex::new(pattern).unwrap().is_match(text)
    {
        found.push(format!("{at}: `{text}` does not match {pattern}"));
    }
    if let (Some(min), Some(text)) = (
        rules.get("minLength").and_then(Value::as_u64),
        value.as_str(),
    ) && (text.chars().count() as u64) < min
    {
        found.push(format!("{at}: too short"));
    }
    if let (Some(min), Some(n)) = (rules.get("minimum").and_then(Value::as_i64), value.as_i64())
        && n < min
    {
        found.push(format!("{at}: below {min}"));
    }
    if let Some(options) = rules.get("anyOf").and_then(Value::as_array)
        && options
            .iter()
            .all(|o| !errors(root, o, value, at).is_empty())
    {
        let reasons: Vec<String> = options
            .iter()
            .flat_map(|o| errors(root, o, value, at))
            .collect();
        found.push(format!("{at}: matches none of the choices: {reasons:?}"));
    }
    if let Some(object) = value.as_object() {
        let properties = rules.get("properties").and_then(Value::as_object);
        for key in rules
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(key) {
                found.push(format!("{at}: missing required key `{key}`"));
            }
        }
        for (key, item) in object {
            let path = format!("{at}/{key}");
            if let Some(names) = rules.get("propertyNames") {
                found.extend(errors(root, names, &Value::String(key.clone()), &path));
            }
            match properties.and_then(|p| p.get(key)) {
                Some(rule) => found.extend(errors(root, rule, item, &path)),
                None => match rules.get("additionalProperties") {
                    Some(Value::Bool(false)) => found.push(format!("{path}: unknown key")),
                    Some(rule @ Value::Object(_)) => found.extend(errors(root, rule, item, &path)),
                    _ => {}
                },
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = rules.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            found.push(format!("{at}: fewer than {min} items"));
        }
        if let Some(rule) = rules.get("items") {
            for (i, item) in items.iter().enumerate() {
                found.extend(errors(root, rule, item, &format!("{at}/{i}")));
            }
        }
    }
    found
}

fn validate(text: &str) -> Vec<String> {
    let schema = schema();
    match yaml(text) {
        Some(value) => errors(&schema, &schema, &value, ""),
        None => vec!["not YAML".into()],
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_spec_file_validates_against_the_schema_and_names_it() {
    let mut checked = 0;
    for (dir, schema_path) in [
        ("spec", "schema.json"),
        ("lastfm-ext-example/spec", "../../spec/schema.json"),
    ] {
        for file in yaml_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert_eq!(
                text.lines().next(),
                Some(format!("# yaml-language-server: $schema={schema_path}").as_str()),
                "{}: the first line names the schema",
                file.display()
            );
            let found = validate(&text);
            assert!(found.is_empty(), "{}: {found:#?}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 12, "{checked} files");
    eprintln!("{checked} spec files validate against spec/schema.json");
}

/// The compile-fail cases whose error is about the shape of the YAML, as
/// their expected output says; the schema must reject each of them.
#[test]
fn the_schema_rejects_every_structural_compile_fail_case() {
    let ui = root().join("lastfm-macros/tests/ui");
    let structural = [
        "unknown key",
        "is missing the required key",
        "must be true or false",
        "must give the maximum number of items",
        " as a mapping, found",
        " as a list, found",
        " as a scalar, found",
        "unknown auth level",
        "unknown HTTP verb",
    ];
    let mut rejected = Vec::new();
    for entry in std::fs::read_dir(&ui).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "stderr") {
            continue;
        }
        let stderr = std::fs::read_to_string(&path).unwrap();
        if !structural.iter().any(|s| stderr.contains(s)) {
            continue;
        }
        let case = path.file_stem().unwrap().to_string_lossy().into_owned();
        let spec = ui.join(&case).join("spec");
        let found: Vec<String> = yaml_files(&spec)
            .iter()
            .flat_map(|f| validate(&std::fs::read_to_string(f).unwrap()))
            .collect();
        assert!(
            !found.is_empty(),
            "{case}: the schema accepts what the loader refuses"
        );
        rejected.push(case);
    }
    rejected.sort();
    assert!(rejected.len() >= 4, "{rejected:?}");
    eprintln!("structural cases the schema rejects too: {rejected:?}");
}

/// A minimal package passes; each kind of structural mistake fails.
#[test]
fn the_schema_rejects_what_it_should_and_only_that() {
    let ok = "package: a\ndescription: A.\nmethods:\n  - name: x\n    description: X.\n    auth: none\n    response: none\n";
    assert!(validate(ok).is_empty(), "{:?}", validate(ok));
    for (bad, why) in [
        (
            ok.replace("auth: none", "auth: sined"),
            "unknown auth level",
        ),
        (ok.replace("    response: none\n", ""), "missing response"),
        (
            ok.replace("description: X.", "descripton: X."),
            "unknown key",
        ),
        (
            ok.replace("methods:", "methods: 3\nx:"),
            "methods not a list",
        ),
    ] {
        assert!(!validate(&bad).is_empty(), "{why}: accepted");
    }
}
