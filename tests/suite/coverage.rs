//! The whole documented API is declared, every declared method is called by
//! some test against the offline server with its wire checked, answers as
//! its documented sample shows, and every fixture is decoded by some test.

use std::path::Path;

fn spec() -> lastfm_spec::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    lastfm_spec::load_dir(&dir, &|p| p.display().to_string())
        .spec
        .unwrap_or_else(|d| panic!("{d:?}"))
}

/// The methods Last.fm documents as current are those with a documented
/// sample in `fixtures/samples/` (`track.scrobble.batch2.xml` is a second
/// sample of one method), and `track.unlove`, whose page shows none.
fn documented_methods() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let file = e.unwrap().file_name().to_string_lossy().into_owned();
            // `package.method[.case].xml`
            let mut parts = file.split('.');
            format!("{}.{}", parts.next().unwrap(), parts.next().unwrap())
        })
        .chain(["track.unlove".to_owned()])
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The list of methods is the spec's own: every documented method is
/// declared, and every declared one, documented or added since, has an
/// example answer, which `examples.rs` decodes and the server answers.
#[test]
fn every_documented_method_is_declared_and_every_method_has_an_example() {
    let spec = spec();
    let declared: Vec<String> = spec
        .packages
        .iter()
        .flat_map(|p| p.methods.iter().map(|m| m.full_name()))
        .collect();
    let documented = documented_methods();
    assert_eq!(documented.len(), 57, "56 sampled methods and track.unlove");
    let undeclared: Vec<&String> = documented
        .iter()
        .filter(|m| !declared.contains(m))
        .collect();
    assert!(
        undeclared.is_empty(),
        "documented, not declared: {undeclared:?}"
    );
    let without: Vec<&String> = declared
        .iter()
        .filter(|m| spec.method(m).is_some_and(|(_, m)| m.example.is_none()))
        .collect();
    assert!(
        without.is_empty(),
        "methods without an example: {without:?}"
    );
    assert!(spec.warnings.is_empty(), "{:#?}", spec.warnings);
}

/// The text of every test module, for the checks that something is tested.
fn test_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("suite");
    let mut sources = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    sources
}

/// A method the server simulates has a test of its own, with its wire
/// checked; every method, simulated or answered with its example, is also
/// called and wire-checked by `examples.rs`, which needs no list.
#[tokio::test]
async fn every_declared_method_has_a_wire_checked_test() {
    let sources = test_sources();
    assert!(sources.contains("async fn every_method_is_called_offline_with_its_wire_checked()"));
    let (server, _) = lastfm_tests::server_and_client().await;
    // `assert_wire(&server, "pkg.method", ...)`, possibly across lines.
    let compact: String = sources.split_whitespace().collect();
    let mut simulated = 0;
    let missing: Vec<String> = spec()
        .packages
        .iter()
        .flat_map(|p| p.methods.iter().map(|m| m.full_name()))
        .filter(|name| server.simulates(name))
        .inspect(|_| simulated += 1)
        .filter(|name| !compact.contains(&format!("assert_wire(&server,\"{name}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "simulated methods without a wire-checked test: {missing:?}"
    );
    assert!(simulated > 0);
}

/// The loader refuses empty descriptions too; this keeps the promise
/// visible here, beside the other checks on the whole API.
#[test]
fn every_package_method_and_parameter_is_described() {
    for package in spec().packages {
        assert!(!package.description.is_empty());
        for method in &package.methods {
            assert!(!method.description.is_empty(), "{}", method.full_name());
            for param in &method.params {
                assert!(
                    !param.description.is_empty(),
                    "{}: {}",
                    method.full_name(),
                    param.name
                );
            }
        }
    }
}

#[test]
fn every_sample_and_recording_is_decoded_by_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = test_sources();
    let mut missing = Vec::new();
    let mut count = 0;
    for folder in ["samples", "real"] {
        for entry in std::fs::read_dir(dir.join("fixtures").join(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            count += 1;
            // The whole path as a string literal: no pattern stands in for it.
            let path = format!("{folder}/{name}");
            if !sources.contains(&format!("\"{path}\"")) {
                missing.push(path);
            }
        }
    }
    assert_eq!(
        count,
        57 + 9,
        "57 documented samples (56 methods, two for track.scrobble) and 9 recordings"
    );
    assert!(missing.is_empty(), "fixtures no test decodes: {missing:?}");
}

/// The element inside `<lfm status="ok">` of a documented sample, `None`
/// for an empty envelope.
fn sample_root(xml: &str) -> Option<String> {
    let envelope = xml.find("<lfm").expect("an <lfm> envelope");
    let inside = &xml[envelope..];
    let inside = &inside[inside.find('>').unwrap() + 1..];
    let element = &inside[inside.find('<').unwrap() + 1..];
    let name: String = element
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect();
    (!name.is_empty()).then_some(name)
}

#[test]
fn every_method_answers_a_declared_type_or_none_as_its_sample_shows() {
    let spec = spec();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for package in &spec.packages {
        for method in &package.methods {
            let name = method.full_name();
            let Ok(sample) = std::fs::read_to_string(samples.join(format!("{name}.xml"))) else {
                continue;
            };
            checked += 1;
            let root = sample_root(&sample);
            let typed = match &method.response {
                lastfm_spec::Response::Type { type_name, .. } => spec.type_def(type_name).is_some(),
                lastfm_spec::Response::Text { .. } | lastfm_spec::Response::Empty => true,
            };
            let documented = match root.as_deref() {
                None => method.response.roots().is_empty(),
                Some(root) => method.response.roots().iter().any(|r| r == root),
            };
            if !typed || !documented {
                wrong.push(format!(
                    "{name}: sample answers <{root:?}>, spec says {:?}",
                    method.response
                ));
            }
        }
    }
    assert_eq!(
        checked, 56,
        "every method but track.unlove has a documented sample"
    );
    assert!(wrong.is_empty(), "answers unlike their samples: {wrong:#?}");
}
