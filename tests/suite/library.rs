//! The library package: a user's artists from their scrobbles and taggings
//! on the offline server, paging, errors, the documented sample and the
//! recorded answer.

use futures_util::TryStreamExt;
use lastfm_api::types::LibraryArtists;
use lastfm_api::{ErrorCode, ImageSize, Paged};
use lastfm_server::{Catalogue, Server, TagTarget};
use lastfm_tests::*;

/// Gives the test user scrobbles of `(artist, track)`, one second apart.
fn scrobble(server: &Server, plays: &[(&str, &str)]) {
    let plays = plays.iter().enumerate();
    add_plays(
        server,
        USER,
        plays.map(|(i, (artist, track))| play(artist, track, "", 1_700_000_000 + i as u64)),
    );
}

/// Cher 4 plays (one spelled `cher`), `tEsT aRtiSt 2` 3 (as first spelled),
/// Radiohead 1.
async fn library_server() -> (Server, lastfm_api::Client) {
    let (server, client) = server_and_client().await;
    scrobble(
        &server,
        &[
            ("tEsT aRtiSt 2", "Song"),
            ("Cher", "Believe"),
            ("Radiohead", "Airbag"),
            ("Cher", "The Power"),
            ("cher", "Believe"),
            ("Test Artist 2", "Song"),
            ("Cher", "Runaway"),
            ("TEST ARTIST 2", "Other song"),
        ],
    );
    tag_as(
        &server,
        USER,
        TagTarget::Artist {
            artist: "cher".into(),
        },
        "pop",
    );
    tag_as(
        &server,
        USER,
        TagTarget::Artist {
            artist: "Cher".into(),
        },
        "diva",
    );
    // Tags on an album or a track are not the artist's.
    tag_as(
        &server,
        USER,
        TagTarget::Album {
            artist: "Cher".into(),
            album: "Believe".into(),
        },
        "dance",
    );
    tag_as(
        &server,
        USER,
        TagTarget::Track {
            artist: "Radiohead".into(),
            track: "Airbag".into(),
        },
        "rock",
    );
    (server, client)
}

#[tokio::test]
async fn artists_with_play_and_tag_counts() {
    let (server, client) = library_server().await;
    let c = Catalogue::seeded();
    let list = client.library().get_artists(USER).await.unwrap();
    assert_wire(
        &server,
        "library.getArtists",
        "GET",
        false,
        &[("user", USER)],
    );
    assert_eq!(list.user.as_deref(), Some(USER));
    let rows: Vec<_> = list
        .artists
        .iter()
        .map(|a| (a.rank, a.name.as_str(), a.playcount, a.tagcount))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(1), "Cher", Some(4), Some(2)),
            (Some(2), "tEsT aRtiSt 2", Some(3), Some(0)),
            (Some(3), "Radiohead", Some(1), Some(0)),
        ]
    );
    let cher = &list.artists[0];
    assert_eq!(
        cher.mbid.as_deref(),
        Some(c.artist("Cher").unwrap().mbid.as_str())
    );
    assert_eq!(cher.url.as_deref(), Some("https://www.last.fm/music/Cher"));
    assert_eq!(cher.streamable, Some(false));
    assert_eq!(cher.images.len(), 4);
    let unknown = &list.artists[1];
    assert_eq!(
        unknown.mbid, None,
        "not in the catalogue: no MusicBrainz id"
    );
    assert_eq!(
        unknown.url.as_deref(),
        Some("https://www.last.fm/music/tEsT+aRtiSt+2")
    );
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

    // The user's name is matched whatever its case.
    let again = client.library().get_artists("ALICE").await.unwrap();
    assert_eq!(again.user.as_deref(), Some(USER));
    assert_eq!(again.artists.len(), 3);
}

#[tokio::test]
async fn pages_and_stream() {
    let (server, client) = library_server().await;
    let page = client
        .library()
        .get_artists(USER)
        .limit(2)
        .page(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "library.getArtists",
        "GET",
        false,
        &[("user", USER), ("limit", "2"), ("page", "2")],
    );
    let paging = page.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (2, Some(2), Some(2), Some(3))
    );
    assert_eq!(page.artists.len(), 1);
    assert_eq!(page.artists[0].name, "Radiohead");
    assert_eq!(page.artists[0].rank, Some(3));

    let all: Vec<_> = client
        .library()
        .get_artists(USER)
        .limit(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Cher", "tEsT aRtiSt 2", "Radiohead"]);
    let pages = server
        .requests()
        .iter()
        .filter(|r| r.method == "library.getArtists")
        .count();
    assert_eq!(pages, 1 + 3);
}

#[tokio::test]
async fn empty_library_and_unknown_user() {
    let (_server, client) = server_and_client().await;
    let empty = client.library().get_artists(USER).await.unwrap();
    assert!(empty.artists.is_empty());
    assert_eq!(empty.paging().total, Some(0));
    assert!(!empty.paging().has_next());

    let err = client
        .library()
        .get_artists("nobody-here")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(err.to_string().contains("User not found"), "{err}");
}

#[test]
fn sample_decodes() {
    let list: LibraryArtists = decode_fixture("samples/library.getArtists.xml");
    assert_eq!(list.user.as_deref(), Some("RJ"));
    let paging = list.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(50), Some(20), None)
    );
    assert!(paging.has_next());
    let dt = &list.artists[0];
    assert_eq!(dt.rank, Some(1));
    assert_eq!(dt.name, "Dream Theater");
    assert_eq!(dt.playcount, Some(1346));
    assert_eq!(dt.tagcount, Some(0));
    assert_eq!(
        dt.mbid.as_deref(),
        Some("28503ab7-8bf2-4666-a7bd-2644bfc7cb1d")
    );
    assert_eq!(dt.streamable, Some(true));
    assert_eq!(
        dt.images.get(ImageSize::Large),
        Some("http://userserve-ak.last.fm/serve/160/95853.jpg")
    );
    assert_eq!(dt.images.get(ImageSize::ExtraLarge), None);
}

#[test]
fn recorded_answer_decodes() {
    let list: LibraryArtists = decode_fixture("real/library.getArtists.xml");
    assert_eq!(list.user.as_deref(), Some("REDACTED_USER"));
    let paging = list.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(50), Some(1), Some(2))
    );
    assert!(!paging.has_next());
    let rows: Vec<_> = list
        .artists
        .iter()
        .map(|a| (a.name.as_str(), a.playcount, a.tagcount, a.rank))
        .collect();
    assert_eq!(
        rows,
        [
            ("Test Artist", Some(5100), Some(0), None),
            ("tEsT aRtiSt 2", Some(1588), Some(0), None),
        ]
    );
    for a in &list.artists {
        assert_eq!(a.mbid, None, "<mbid></mbid> is None");
        assert_eq!(a.streamable, Some(false));
        assert_eq!(a.images.len(), 5);
        assert_eq!(
            a.images.largest(),
            Some(
                "https://lastfm.freetls.fastly.net/i/u/300x300/2a96cbd8b46e442fc41c2b86b821562f.png"
            )
        );
    }
    assert_eq!(
        list.artists[1].url.as_deref(),
        Some("https://www.last.fm/music/tEsT+aRtiSt+2")
    );
}
