//! The geo package: charts by country against the offline server (wire and
//! values, computed from the seeded catalogue), paging, errors, and the
//! documented samples.

use futures_util::TryStreamExt;
use lastfm_api::types::{CountryTopArtists, CountryTopTracks};
use lastfm_api::{ErrorCode, Paged};
use lastfm_server::Catalogue;
use lastfm_tests::*;

#[tokio::test]
async fn top_artists_of_a_country() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let mut expected: Vec<_> = c
        .artists
        .iter()
        .filter(|a| a.country == "United Kingdom")
        .collect();
    expected.sort_by(|a, b| {
        b.playcount
            .cmp(&a.playcount)
            .then_with(|| a.name.cmp(&b.name))
    });
    assert_eq!(expected.len(), 3, "Radiohead, Portishead, Massive Attack");

    // The country's name is matched whatever its case.
    let list = client
        .geo()
        .get_top_artists("united kingdom")
        .await
        .unwrap();
    assert_wire(
        &server,
        "geo.getTopArtists",
        "GET",
        false,
        &[("country", "united kingdom")],
    );
    assert_eq!(list.country.as_deref(), Some("United Kingdom"));
    assert_eq!(list.artists.len(), 3);
    for (i, (got, want)) in list.artists.iter().zip(&expected).enumerate() {
        assert_eq!(got.rank, Some(i as u64 + 1));
        assert_eq!(got.name, want.name);
        assert_eq!(got.playcount, Some(want.playcount));
        assert_eq!(got.listeners, Some(want.listeners));
        assert_eq!(got.mbid.as_deref(), Some(want.mbid.as_str()));
        assert_eq!(got.images.len(), 4);
    }
    let paging = list.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(50), Some(1), Some(3))
    );
}

#[tokio::test]
async fn scrobbles_count_in_the_country_chart() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let sigur = c.artist("Sigur Rós").unwrap();
    let tracks = ["Intro", "Starálfur", "Intro"].into_iter().enumerate();
    add_plays(
        &server,
        USER,
        tracks.map(|(i, track)| {
            play(
                "Sigur Rós",
                track,
                "Ágætis byrjun",
                1_700_000_000 + i as u64,
            )
        }),
    );
    let list = client.geo().get_top_artists("Iceland").await.unwrap();
    assert_eq!(list.artists.len(), 1);
    assert_eq!(list.artists[0].name, "Sigur Rós");
    assert_eq!(list.artists[0].playcount, Some(sigur.playcount + 3));

    let tracks = client.geo().get_top_tracks("iceland").await.unwrap();
    let intro = tracks.tracks.iter().find(|t| t.name == "Intro").unwrap();
    let want = c.track("Sigur Rós", "Intro").unwrap();
    assert_eq!(intro.playcount, Some(want.playcount + 2));
}

#[tokio::test]
async fn top_tracks_of_a_country() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let mut expected: Vec<_> = c
        .tracks
        .iter()
        .filter(|t| c.artist(&t.artist).unwrap().country == "Australia")
        .collect();
    expected.sort_by(|a, b| {
        b.playcount
            .cmp(&a.playcount)
            .then_with(|| a.name.cmp(&b.name))
    });
    assert_eq!(expected.len(), 8, "Kylie Minogue's and AC/DC's");

    let list = client
        .geo()
        .get_top_tracks("Australia")
        .location("Sydney")
        .limit(3)
        .page(3)
        .await
        .unwrap();
    assert_wire(
        &server,
        "geo.getTopTracks",
        "GET",
        false,
        &[
            ("country", "Australia"),
            ("location", "Sydney"),
            ("limit", "3"),
            ("page", "3"),
        ],
    );
    assert_eq!(list.country.as_deref(), Some("Australia"));
    let paging = list.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (3, Some(3), Some(3), Some(8))
    );
    assert_eq!(list.tracks.len(), 2);
    for (i, (got, want)) in list.tracks.iter().zip(&expected[6..]).enumerate() {
        assert_eq!(got.rank, Some(i as u64 + 7));
        assert_eq!(got.name, want.name);
        assert_eq!(got.playcount, Some(want.playcount));
        assert_eq!(got.listeners, Some(want.listeners));
        assert_eq!(
            got.mbid.as_deref(),
            (!want.mbid.is_empty()).then_some(want.mbid.as_str())
        );
        let artist = got.artist.as_ref().unwrap();
        assert_eq!(artist.name, want.artist);
        assert_eq!(
            artist.mbid.as_deref(),
            Some(c.artist(&want.artist).unwrap().mbid.as_str())
        );
    }
}

#[tokio::test]
async fn top_tracks_stream_walks_every_page() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let tracks: Vec<_> = client
        .geo()
        .get_top_tracks("United States")
        .limit(5)
        .items()
        .try_collect()
        .await
        .unwrap();
    let expected = c
        .tracks
        .iter()
        .filter(|t| c.artist(&t.artist).unwrap().country == "United States")
        .count();
    assert_eq!(expected, 25, "Cher, Madonna, Guns N' Roses, Metallica");
    assert_eq!(tracks.len(), expected);
    let ranks: Vec<u64> = tracks.iter().map(|t| t.rank.unwrap()).collect();
    assert_eq!(ranks, (1..=expected as u64).collect::<Vec<_>>());
    let counts: Vec<u64> = tracks.iter().map(|t| t.playcount.unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let requests = server
        .requests()
        .iter()
        .filter(|r| r.method == "geo.getTopTracks")
        .count();
    assert_eq!(requests, 5);
}

#[tokio::test]
async fn unknown_country_is_invalid() {
    let (_server, client) = server_and_client().await;
    for err in [
        client.geo().get_top_artists("Atlantis").await.unwrap_err(),
        client.geo().get_top_tracks("Atlantis").await.unwrap_err(),
    ] {
        assert_eq!(err.code(), Some(ErrorCode::InvalidParameters), "{err}");
        match err {
            lastfm_api::Error::Api { message, .. } => assert_eq!(message, "country param invalid"),
            other => panic!("{other}"),
        }
    }
}

#[test]
fn samples_decode() {
    let artists: CountryTopArtists = decode_fixture("samples/geo.getTopArtists.xml");
    assert_eq!(artists.country.as_deref(), Some("Spain"));
    let coldplay = &artists.artists[0];
    assert_eq!(coldplay.rank, Some(1));
    assert_eq!(coldplay.name, "Coldplay");
    assert_eq!(coldplay.playcount, Some(3199));
    assert_eq!(
        coldplay.mbid.as_deref(),
        Some("cc197bad-dc9c-440d-a5b5-d52ba2e14234")
    );
    assert_eq!(
        coldplay.url.as_deref(),
        Some("http://www.last.fm/music/Coldplay")
    );
    assert_eq!(coldplay.streamable, Some(true));
    assert_eq!(coldplay.images.len(), 3);
    assert_eq!(artists.paging().total, None);

    let tracks: CountryTopTracks = decode_fixture("samples/geo.getTopTracks.xml");
    assert_eq!(tracks.country.as_deref(), Some("Spain"));
    let track = &tracks.tracks[0];
    assert_eq!(track.rank, Some(1));
    assert_eq!(track.name, "Violet Hill");
    assert_eq!(track.playcount, Some(1055));
    assert_eq!(track.mbid, None, "an empty <mbid/> is None");
    assert_eq!(track.streamable, Some(true));
    let artist = track.artist.as_ref().unwrap();
    assert_eq!(artist.name, "Coldplay");
    assert_eq!(
        artist.mbid.as_deref(),
        Some("cc197bad-dc9c-440d-a5b5-d52ba2e14234")
    );
}
