//! With the `serde` feature, every generated type written as JSON reads back
//! equal, for every documented sample and every recorded answer; field names
//! are the Rust names; a session key is written only on an explicit choice.

use lastfm_api::types::{ArtistInfo, Session};
use lastfm_api::{Secret, from_response};
use lastfm_tests::fixture;
use lastfm_tests::fuzz::JSON_ROUND_TRIPS;

fn fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names = Vec::new();
    for dir in ["samples", "real"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".xml") {
                names.push(format!("{dir}/{name}"));
            }
        }
    }
    names.sort();
    names
}

#[test]
fn every_type_of_every_answer_round_trips_through_json() {
    let mut written = 0;
    let mut types_written = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let fixtures = fixtures();
    for path in &fixtures {
        let body = fixture(path);
        for (name, round_trip) in JSON_ROUND_TRIPS {
            match round_trip(&body) {
                None => {}
                Some(Ok(_)) => {
                    written += 1;
                    types_written.insert(*name);
                }
                Some(Err(why)) => failures.push(format!("{path} as {name}: {why}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "{written} JSON round trips, {} of {} types, over {} fixtures",
        types_written.len(),
        JSON_ROUND_TRIPS.len(),
        fixtures.len()
    );
    assert!(fixtures.len() >= 66, "the 57 samples and the recordings");
    // Each method's answer type is among them (nested ones are inside it).
    for name in [
        "ArtistInfo",
        "TrackInfo",
        "AlbumInfo",
        "UserInfo",
        "RecentTracks",
        "Session",
        "Scrobbles",
        "TagInfo",
        "WeeklyChartList",
    ] {
        assert!(types_written.contains(name), "{name} never written");
    }
}

#[test]
fn fields_are_written_with_their_rust_names() {
    let info: ArtistInfo = lastfm_tests::decode_fixture("real/artist.getInfo__userplaycount.xml");
    let json: serde_json::Value = serde_json::to_value(&info).unwrap();
    assert_eq!(json["stats"]["user_playcount"], 27, "{json}");
    assert_eq!(json["on_tour"], false, "`ontour` in the XML");
    assert!(json["images"].is_array());
}

#[test]
fn a_session_key_is_written_only_when_exposed_explicitly() {
    let session: Session = from_response(
        r#"<lfm status="ok"><session><name>RJ</name><key>d580d57f32848f5dcf574d1ce18d78b2</key><subscriber>0</subscriber></session></lfm>"#,
    )
    .unwrap();
    let err = serde_json::to_string(&session).unwrap_err();
    assert!(err.to_string().contains("serialize_exposed"), "{err}");
    let json = Secret::serialize_exposed(|| serde_json::to_string(&session)).unwrap();
    assert!(json.contains("d580d57f32848f5dcf574d1ce18d78b2"));
    // The choice does not outlive the call.
    assert!(serde_json::to_string(&session).is_err());
    let back: Session = serde_json::from_str(&json).unwrap();
    assert_eq!(back, session);
}

/// The text values of a JSON document that are Last.fm's "no value"
/// sentinels: empty, or the text `None`.
fn sentinels(value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if s.trim().is_empty() || s == "None" => {
            out.push(format!("{at} = {s:?}"))
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                sentinels(item, &format!("{at}[{i}]"), out);
            }
        }
        serde_json::Value::Object(fields) => {
            for (name, field) in fields {
                sentinels(field, &format!("{at}.{name}"), out);
            }
        }
        _ => {}
    }
}

/// The survey of "no value" texts over the recordings, each decoded as its
/// method's answer: empty elements and attributes (`<mbid></mbid>`,
/// `<album mbid="">`) and the `None`, `0` and `n` of `user.getInfo`
/// (`no_value:` in the spec) all decode as `None`, so no decoded text is
/// empty or `None`. (An `<image size="">` keeps its URL under
/// `ImageSize::Other("")`, by design of `Images`: skipped here.)
#[test]
fn no_sentinel_text_survives_decoding() {
    let recordings = [
        ("real/album.getInfo__unicode.xml", "AlbumInfo"),
        ("real/artist.getInfo__userplaycount.xml", "ArtistInfo"),
        ("real/artist.getTopAlbums__limit100.xml", "AlbumList"),
        ("real/library.getArtists.xml", "ArtistList"),
        ("real/track.getInfo__no-mbid.xml", "TrackInfo"),
        ("real/user.getInfo.xml", "UserInfo"),
        ("real/user.getLovedTracks.xml", "UserLovedTracks"),
        ("real/user.getRecentTracks.xml", "RecentTracks"),
        ("real/user.getWeeklyChartList.xml", "WeeklyChartList"),
    ];
    let mut found = Vec::new();
    for (path, ty) in recordings {
        let (_, round_trip) = JSON_ROUND_TRIPS.iter().find(|(n, _)| *n == ty).unwrap();
        let json = round_trip(&fixture(path))
            .unwrap_or_else(|| panic!("{path} decodes as {ty}"))
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        sentinels(&value, &format!("{path} as {ty}"), &mut found);
    }
    found.retain(|at| !at.contains(".size.Other = "));
    assert!(found.is_empty(), "{}", found.join("\n"));
    let user: lastfm_api::types::UserInfo = lastfm_tests::decode_fixture("real/user.getInfo.xml");
    assert_eq!(
        (user.country.as_deref(), user.age, user.gender),
        (Some("United Kingdom"), None, None)
    );
}
