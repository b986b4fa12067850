//! The chart package: every method against the offline server (wire and
//! values), paging streams, and the documented samples.

use futures_util::TryStreamExt;
use lastfm_api::Paged;
use lastfm_api::types::{ArtistList, TagList, TrackList};
use lastfm_tests::*;

#[tokio::test]
async fn top_artists() {
    let (server, client) = server_and_client().await;
    let page = client
        .chart()
        .get_top_artists()
        .limit(5)
        .page(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "chart.getTopArtists",
        "GET",
        false,
        &[("limit", "5"), ("page", "2")],
    );
    let paging = page.paging();
    assert_eq!(
        (paging.page, paging.per_page, paging.total),
        (2, Some(5), Some(12))
    );
    assert_eq!(paging.total_pages, Some(3));
    assert_eq!(page.artists.len(), 5);
    let first = &page.artists[0];
    assert!(first.playcount.unwrap() > 0);
    assert_eq!(first.mbid.as_deref().map(str::len), Some(36));
    assert_eq!(first.images.len(), 4);
}

#[tokio::test]
async fn top_artists_stream_walks_every_page_once() {
    let (server, client) = server_and_client().await;
    let artists: Vec<_> = client
        .chart()
        .get_top_artists()
        .limit(5)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(artists.len(), 12);
    let mut names: Vec<_> = artists.iter().map(|a| a.name.clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 12, "no artist twice");
    let pages: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.method == "chart.getTopArtists")
        .map(|r| {
            r.params
                .iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert_eq!(
        pages,
        [Some("1".into()), Some("2".into()), Some("3".into())]
    );
    // Ordered by play count, highest first.
    let counts: Vec<u64> = artists.iter().map(|a| a.playcount.unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[tokio::test]
async fn top_tags_and_tracks() {
    let (server, client) = server_and_client().await;
    let tags = client.chart().get_top_tags().await.unwrap();
    assert_wire(&server, "chart.getTopTags", "GET", false, &[]);
    let rock = tags
        .tags
        .iter()
        .find(|t| t.name == "rock")
        .expect("rock is charted");
    assert!(rock.reach.unwrap() > 0 && rock.taggings.unwrap() > 0);
    assert!(
        rock.wiki
            .as_ref()
            .unwrap()
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Rock music")
    );

    let tracks = client.chart().get_top_tracks().limit(3).await.unwrap();
    assert_wire(
        &server,
        "chart.getTopTracks",
        "GET",
        false,
        &[("limit", "3")],
    );
    assert_eq!(tracks.tracks.len(), 3);
    let track = &tracks.tracks[0];
    assert!(track.duration.unwrap().as_secs() >= 150);
    assert!(!track.artist.as_ref().unwrap().name.is_empty());
}

#[test]
fn samples_decode() {
    let artists: ArtistList = decode_fixture("samples/chart.getTopArtists.xml");
    assert_eq!(artists.paging().total, Some(1000));
    assert_eq!(artists.paging().total_pages, Some(20));
    let beatles = &artists.artists[0];
    assert_eq!(beatles.name, "The Beatles");
    assert_eq!(beatles.playcount, Some(1550293));
    assert_eq!(beatles.listeners, Some(114106));
    assert_eq!(
        beatles.mbid.as_deref(),
        Some("b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d")
    );
    assert_eq!(beatles.streamable, Some(true));
    assert_eq!(
        beatles.images.get(lastfm_api::ImageSize::Mega),
        Some("http://userserve-ak.last.fm/serve/500/880929/The+Beatles.jpg")
    );

    let tags: TagList = decode_fixture("samples/chart.getTopTags.xml");
    assert_eq!(tags.paging().total, Some(250));
    assert_eq!(tags.tags[0].name, "rock");
    assert_eq!(tags.tags[0].reach, Some(309437));
    assert_eq!(tags.tags[0].taggings, Some(3064604));
    let wiki = tags.tags[0].wiki.as_ref().unwrap();
    assert_eq!(
        wiki.published.as_deref(),
        Some("Sun, 24 Oct 2010 17:40:33 +0000")
    );

    let tracks: TrackList = decode_fixture("samples/chart.getTopTracks.xml");
    let track = &tracks.tracks[0];
    assert_eq!(track.name, "Dark Fantasy");
    assert_eq!(track.mbid, None, "an empty <mbid/> is None");
    assert_eq!(track.playcount, Some(124394));
    assert_eq!(track.artist.as_ref().unwrap().name, "Kanye West");
    assert_eq!(track.streamable, Some(false));
}
