//! Crawling a whole listening history: every scrobble once, whatever
//! arrives meanwhile; the now-playing row kept apart from scrobbles.

use futures_util::{StreamExt, TryStreamExt};
use lastfm_server::{NowPlaying, Play};
use lastfm_tests::*;
use std::collections::HashSet;

/// The `i`-th of many made-up scrobbles, over 17 artists and 5 albums.
fn numbered_play(i: u64, timestamp: u64) -> Play {
    play(
        &format!("Artist {}", i % 17),
        &format!("Track {i}"),
        &format!("Album {}", i % 5),
        timestamp,
    )
}

#[tokio::test]
async fn a_crawl_returns_every_original_scrobble_once_while_new_ones_arrive() {
    let (server, client) = server_and_client().await;
    let start = unix_now();
    // 1,000 scrobbles, some sharing a second, over the last days.
    server.world(|w| {
        let alice = w.user_mut(USER).unwrap();
        for i in 0..1000 {
            alice.add_play(numbered_play(i, start - 3 * 24 * 3600 + i * 200 - i % 3));
        }
    });
    let mut crawl = client.user().recent_tracks_history(USER);
    let mut seen = Vec::new();
    while let Some(item) = crawl.next().await {
        let item = item.unwrap();
        seen.push(item);
        if seen.len() == 150 {
            // Mid-crawl: 30 new scrobbles arrive, which pushes every older
            // scrobble 30 rows further down the pages.
            server.world(|w| {
                let alice = w.user_mut(USER).unwrap();
                for i in 0..30 {
                    alice.add_play(numbered_play(5000 + i, start + 1 + i));
                }
            });
        }
    }
    assert_eq!(seen.len(), 1000);
    let unique: HashSet<_> = seen
        .iter()
        .map(|s| (s.timestamp, s.track.name.clone()))
        .collect();
    assert_eq!(unique.len(), 1000, "no scrobble twice");
    assert!(
        seen.iter().all(|s| s.timestamp <= start),
        "nothing newer than the crawl"
    );
    assert!(
        seen.windows(2).all(|w| w[0].timestamp >= w[1].timestamp),
        "newest first"
    );
    // Five requests of 200 rows, all with the same upper bound.
    let bounds: HashSet<String> = server
        .requests()
        .iter()
        .filter(|r| r.method == "user.getRecentTracks")
        .map(|r| r.params.iter().find(|(k, _)| k == "to").unwrap().1.clone())
        .collect();
    assert_eq!(bounds.len(), 1);
    assert_wire(
        &server,
        "user.getRecentTracks",
        "GET",
        false,
        &[("limit", "200"), ("user", USER)],
    );
}

#[tokio::test]
async fn the_now_playing_row_is_not_a_scrobble() {
    let (server, client) = server_and_client().await;
    let t = unix_now();
    server.world(|w| {
        let alice = w.user_mut(USER).unwrap();
        alice.add_play(numbered_play(1, t - 600));
        alice.now_playing = Some(NowPlaying {
            artist: "Cher".into(),
            track: "Believe".into(),
            album: "Believe".into(),
            album_artist: String::new(),
            started: t - 10,
            duration: 240,
        });
    });
    let page = client.user().get_recent_tracks(USER).await.unwrap();
    let playing = page.now_playing().expect("a now-playing row");
    assert_eq!((playing.name.as_str(), playing.date), ("Believe", None));
    let scrobbles: Vec<_> = page.scrobbles().collect();
    assert_eq!(scrobbles.len(), 1);
    assert_eq!(scrobbles[0].timestamp, t - 600);
    // The crawl skips it too.
    let all: Vec<_> = client
        .user()
        .recent_tracks_history(USER)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn an_empty_history_ends_at_once() {
    let (server, client) = server_and_client().await;
    let all: Vec<_> = client
        .user()
        .recent_tracks_history(USER)
        .try_collect()
        .await
        .unwrap();
    assert!(all.is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_crawl_stops_at_the_first_error() {
    let (_server, client) = server_and_client().await;
    let items: Vec<_> = client
        .user()
        .recent_tracks_history("nobody-here")
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap_err().code(),
        Some(lastfm_api::ErrorCode::InvalidParameters)
    );
}
