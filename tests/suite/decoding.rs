//! Lenient decoding: a malformed value of an optional field is `None` and a
//! `tracing` warning naming the method, the field and the value, so that one
//! odd value never loses a page; `ClientBuilder::strict` makes it an error
//! naming the field. A malformed required field is an error either way.

use lastfm_api::types::TaggingType;
use lastfm_api::{Client, Error, RetryConfig};

use crate::hostile_responses::canned;
use crate::secrets::capture_tracing_on_this_thread;

/// A `user.getPersonalTags` answer for tracks whose second track carries
/// `<duration>FIXME</duration>`, as a live answer reported in issue 9 did
/// (the rest of the shape is the documented sample's).
const FIXME_DURATION: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<lfm status="ok">
<taggings user="RJ" tag="rock" page="1" perPage="50" totalPages="1" total="2">
  <tracks>
    <track>
      <name>Believe</name>
      <duration>239</duration>
      <mbid></mbid>
      <url>https://www.last.fm/music/Cher/_/Believe</url>
      <streamable fulltrack="0">0</streamable>
      <artist><name>Cher</name><mbid></mbid><url>https://www.last.fm/music/Cher</url></artist>
    </track>
    <track>
      <name>Strong Enough</name>
      <duration>FIXME</duration>
      <mbid></mbid>
      <url>https://www.last.fm/music/Cher/_/Strong+Enough</url>
      <streamable fulltrack="0">0</streamable>
      <artist><name>Cher</name><mbid></mbid><url>https://www.last.fm/music/Cher</url></artist>
    </track>
  </tracks>
</taggings>
</lfm>
"#;

fn strict_client(base: String) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(base)
        .retry(RetryConfig::disabled())
        .strict(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_fixme_duration_decodes_as_none_with_a_warning() {
    let captured = capture_tracing_on_this_thread();
    let base = canned("200 OK", "text/xml", FIXME_DURATION).await;
    let client = crate::hostile_responses::client(base);
    let page = client
        .user()
        .get_personal_tags("RJ", "rock", TaggingType::Track)
        .await
        .expect("one odd value does not lose the page");
    let tracks = page.tracks.expect("the tracks list").tracks;
    assert_eq!(tracks.len(), 2);
    assert_eq!(
        tracks[0].duration,
        Some(std::time::Duration::from_secs(239))
    );
    assert_eq!(tracks[1].name, "Strong Enough");
    assert_eq!(tracks[1].duration, None);
    let traced = captured.text();
    let warning = traced
        .lines()
        .find(|l| l.contains("WARN") && l.contains("malformed"))
        .unwrap_or_else(|| panic!("no warning traced:\n{traced}"));
    for needle in ["user.getPersonalTags", "duration", "FIXME"] {
        assert!(warning.contains(needle), "{needle} missing from {warning}");
    }
}

#[tokio::test]
async fn strict_mode_fails_on_the_fixme_duration_naming_the_field() {
    let base = canned("200 OK", "text/xml", FIXME_DURATION).await;
    let err = strict_client(base)
        .user()
        .get_personal_tags("RJ", "rock", TaggingType::Track)
        .await
        .unwrap_err();
    match &err {
        Error::Decode { field, message, .. } => {
            assert_eq!(field.as_deref(), Some("duration"), "{err}");
            assert!(message.contains("FIXME"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_malformed_required_field_is_an_error_naming_it_even_when_lenient() {
    // `ChartRange::from` is required: a week without a start is no week.
    let body: &'static [u8] = br#"<lfm status="ok"><weeklychartlist user="RJ">
<chart from="soon" to="1108900800"/></weeklychartlist></lfm>"#;
    let base = canned("200 OK", "text/xml", body).await;
    let err = crate::hostile_responses::client(base)
        .user()
        .get_weekly_chart_list("RJ")
        .await
        .unwrap_err();
    match &err {
        Error::Decode { field, .. } => assert_eq!(field.as_deref(), Some("@from"), "{err}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// Last.fm's "no value" sentinels become `None`, without a warning: a
/// duration of `0` (unknown length) in `track.getInfo` and in lists, and a
/// friend's country sent as the text `None`, as `user.getInfo` sends it.
#[test]
fn no_value_sentinels_decode_as_none() {
    use lastfm_api::types::{AlbumInfo, TrackInfo, UserFriends};
    let captured = capture_tracing_on_this_thread();
    let with = |path: &str, from: &str, to: &str| {
        let text = lastfm_tests::fixture(path);
        assert!(text.contains(from), "{path} has no {from}");
        text.replacen(from, to, 1)
    };

    let info = with(
        "samples/track.getInfo.xml",
        "<duration>240000</duration>",
        "<duration>0</duration>",
    );
    let info: TrackInfo = lastfm_api::from_response(&info).unwrap();
    assert_eq!(info.duration, None);

    let album = with(
        "samples/album.getInfo.xml",
        "<duration>239</duration>",
        "<duration>0</duration>",
    );
    let album: AlbumInfo = lastfm_api::from_response(&album).unwrap();
    assert_eq!(album.tracks.expect("the tracks").tracks[0].duration, None);

    let friends = lastfm_tests::fixture("samples/user.getFriends.xml");
    let first_country = friends
        .split("<country>")
        .nth(1)
        .and_then(|rest| rest.split("</country>").next())
        .expect("a friend's country in the sample");
    let friends = with(
        "samples/user.getFriends.xml",
        &format!("<country>{first_country}</country>"),
        "<country>None</country>",
    );
    let friends: UserFriends = lastfm_api::from_response(&friends).unwrap();
    assert_eq!(friends.users[0].country, None);

    assert!(
        !captured.text().contains("WARN"),
        "a sentinel is not a malformed value:\n{}",
        captured.text()
    );
}
