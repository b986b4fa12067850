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

/// The 57 methods Last.fm documents as current (from its API pages).
const CURRENT: &[&str] = &[
    "album.addTags",
    "album.getInfo",
    "album.getTags",
    "album.getTopTags",
    "album.removeTag",
    "album.search",
    "artist.addTags",
    "artist.getCorrection",
    "artist.getInfo",
    "artist.getSimilar",
    "artist.getTags",
    "artist.getTopAlbums",
    "artist.getTopTags",
    "artist.getTopTracks",
    "artist.removeTag",
    "artist.search",
    "auth.getMobileSession",
    "auth.getSession",
    "auth.getToken",
    "chart.getTopArtists",
    "chart.getTopTags",
    "chart.getTopTracks",
    "geo.getTopArtists",
    "geo.getTopTracks",
    "library.getArtists",
    "tag.getInfo",
    "tag.getSimilar",
    "tag.getTopAlbums",
    "tag.getTopArtists",
    "tag.getTopTags",
    "tag.getTopTracks",
    "tag.getWeeklyChartList",
    "track.addTags",
    "track.getCorrection",
    "track.getInfo",
    "track.getSimilar",
    "track.getTags",
    "track.getTopTags",
    "track.love",
    "track.removeTag",
    "track.scrobble",
    "track.search",
    "track.unlove",
    "track.updateNowPlaying",
    "user.getFriends",
    "user.getInfo",
    "user.getLovedTracks",
    "user.getPersonalTags",
    "user.getRecentTracks",
    "user.getTopAlbums",
    "user.getTopArtists",
    "user.getTopTags",
    "user.getTopTracks",
    "user.getWeeklyAlbumChart",
    "user.getWeeklyArtistChart",
    "user.getWeeklyChartList",
    "user.getWeeklyTrackChart",
];

#[test]
fn every_current_method_is_declared_and_nothing_else() {
    let spec = spec();
    let mut declared: Vec<String> = spec
        .packages
        .iter()
        .flat_map(|p| p.methods.iter().map(|m| m.full_name()))
        .collect();
    declared.sort();
    let mut current: Vec<String> = CURRENT.iter().map(|m| m.to_string()).collect();
    current.sort();
    assert_eq!(current.len(), 57);
    assert_eq!(declared, current);
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

#[test]
fn every_declared_method_has_a_wire_checked_test() {
    let sources = test_sources();
    // `assert_wire(&server, "pkg.method", ...)`, possibly across lines.
    let compact: String = sources.split_whitespace().collect();
    let missing: Vec<String> = spec()
        .packages
        .iter()
        .flat_map(|p| p.methods.iter().map(|m| m.full_name()))
        .filter(|name| !compact.contains(&format!("assert_wire(&server,\"{name}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "methods without a wire-checked test: {missing:?}"
    );
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
