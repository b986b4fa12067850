//! The extension method, called on the same client as lastfm-api's own,
//! against the offline server.

use futures_util::TryStreamExt;
use lastfm_api::Paged;
use lastfm_ext_example::{SPEC_FILES, UserExtrasExt};
use lastfm_server::{Play, Server};

#[tokio::test]
async fn an_extension_method_runs_on_the_same_client() {
    let mut builder = Server::builder()
        .api_key("key", "secret")
        .user("alice", "pw");
    for (name, text) in SPEC_FILES {
        builder = builder.extra_spec(*name, *text);
    }
    let server = builder.start().await.unwrap();
    server.world(|w| {
        let alice = w.user_mut("alice").unwrap();
        for i in 0..5 {
            alice.add_play(Play {
                artist: "Cher".into(),
                track: "Believe".into(),
                album: "Believe".into(),
                album_artist: String::new(),
                timestamp: 1_700_000_000 + i * 1000,
            });
        }
        alice.add_play(Play {
            artist: "Cher".into(),
            track: "Strong Enough".into(),
            album: String::new(),
            album_artist: String::new(),
            timestamp: 1_700_000_500,
        });
    });
    let client = lastfm_api::Client::builder()
        .api_key("key")
        .api_secret("secret")
        .base_url(server.base_url())
        .build()
        .unwrap();

    // lastfm-api's own methods and the extension's, side by side.
    client.chart().get_top_tags().await.unwrap();
    let page = client
        .user_extras()
        .get_track_scrobbles("alice", "Cher", "Believe")
        .limit(2)
        .await
        .unwrap();
    assert_eq!(page.paging().total, Some(5));
    assert_eq!(page.paging().total_pages, Some(3));
    // The items are lastfm-api's own `RecentTrack`, named by the extension's spec.
    let first: &lastfm_api::types::RecentTrack = &page.scrobbles[0];
    assert_eq!(
        first.date.map(|d| d.as_unix()),
        Some(1_700_004_000),
        "newest first"
    );
    assert_eq!(
        first.album.as_ref().and_then(|a| a.title.as_deref()),
        Some("Believe")
    );
    assert_eq!(first.artist.name, "Cher");

    let request = server.requests().pop().unwrap();
    assert_eq!(request.method, "user.getTrackScrobbles");
    assert_eq!(request.http, "GET");
    assert!(request.params.contains(&("track".into(), "Believe".into())));

    // Paging streams work for extension methods too.
    let all: Vec<_> = client
        .user_extras()
        .get_track_scrobbles("alice", "Cher", "Believe")
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let dates: Vec<u64> = all
        .iter()
        .filter_map(|s| s.date.map(|d| d.as_unix()))
        .collect();
    assert_eq!(
        dates,
        [
            1_700_004_000,
            1_700_003_000,
            1_700_002_000,
            1_700_001_000,
            1_700_000_000
        ]
    );

    // And on a session client, through the same trait.
    let me = client.with_session_key("alice", server.open_session("key", "alice"));
    let page = me
        .user_extras()
        .get_track_scrobbles("alice", "Cher", "Strong Enough")
        .await
        .unwrap();
    assert_eq!(page.scrobbles.len(), 1);
}
