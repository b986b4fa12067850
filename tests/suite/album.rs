//! The album package: every method against the offline server (wire and
//! values, expected values computed from the seeded catalogue), the
//! tagging round trip, paging streams, and the documented samples and
//! recorded answers.

use std::time::Duration;

use futures_util::TryStreamExt;
use lastfm_api::types::{AlbumInfo, AlbumSearchResults, AlbumTags};
use lastfm_api::{ErrorCode, ImageSize, Paged};
use lastfm_server::Catalogue;
use lastfm_tests::*;

#[tokio::test]
async fn info_by_name_lists_tracks_in_album_order() {
    let (server, client) = server_and_client().await;
    let info = client
        .album()
        .get_info("Cher", "Believe")
        .lang("en")
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.getInfo",
        "GET",
        false,
        &[("artist", "Cher"), ("album", "Believe"), ("lang", "en")],
    );
    let c = Catalogue::seeded();
    let album = c.album("Cher", "Believe").unwrap();
    let cher = c.artist("Cher").unwrap();
    assert_eq!(info.name, "Believe");
    assert_eq!(info.artist, "Cher");
    assert_eq!(info.mbid.as_deref(), Some(album.mbid.as_str()));
    assert_eq!(
        info.url.as_deref(),
        Some("https://www.last.fm/music/Cher/Believe")
    );
    assert_eq!(info.release_date.as_deref(), Some("1 Jan 1998, 00:00"));
    assert_eq!(info.listeners, Some(album.listeners));
    assert_eq!(info.playcount, Some(album.playcount));
    assert_eq!(info.user_playcount, None, "no username, no user play count");
    assert_eq!(info.images.len(), 4);
    assert!(info.images.get(ImageSize::ExtraLarge).is_some());

    let tags: Vec<_> = info
        .top_tags
        .as_ref()
        .unwrap()
        .tags
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(tags, album.tags);

    let tracks = &info.tracks.as_ref().unwrap().tracks;
    let names: Vec<_> = tracks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, album.tracks);
    for (i, t) in tracks.iter().enumerate() {
        let rec = c.track("Cher", &t.name).unwrap();
        assert_eq!(t.rank, Some(i as u64 + 1));
        assert_eq!(
            t.duration,
            Some(Duration::from_secs(rec.duration_secs.into()))
        );
        // Tracks without a MusicBrainz id come as `<mbid></mbid>`.
        assert_eq!(
            t.mbid.as_deref(),
            Some(rec.mbid.as_str()).filter(|m| !m.is_empty())
        );
        let artist = t.artist.as_ref().unwrap();
        assert_eq!(artist.name, "Cher");
        assert_eq!(artist.mbid.as_deref(), Some(cher.mbid.as_str()));
    }
    assert!(
        tracks.iter().any(|t| t.mbid.is_none()),
        "the catalogue leaves every third track without an id"
    );
    let wiki = info.wiki.as_ref().unwrap();
    assert_eq!(
        wiki.summary.as_deref(),
        Some("Believe is an album by Cher, released in 1998.")
    );
}

#[tokio::test]
async fn info_by_mbid_keeps_unicode() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let album = c.album("Земфира", "Земфира").unwrap();
    let info = client
        .album()
        .get_info_by_mbid(album.mbid.clone())
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.getInfo",
        "GET",
        false,
        &[("mbid", album.mbid.as_str())],
    );
    assert_eq!(
        (info.name.as_str(), info.artist.as_str()),
        ("Земфира", "Земфира")
    );
    let names: Vec<_> = info
        .tracks
        .unwrap()
        .tracks
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Снег", "Ариведерчи", "СПИД", "Ромашки"]);
}

#[tokio::test]
async fn info_autocorrects_and_counts_the_users_plays() {
    let (server, client) = server_and_client().await;
    let tracks = ["Believe", "The Power", "Believe"].into_iter().enumerate();
    add_plays(
        &server,
        USER,
        tracks.map(|(i, track)| play("Cher", track, "Believe", 1_600_000_000 + i as u64 * 300)),
    );
    let info = client
        .album()
        .get_info("Sher", "believe")
        .autocorrect(true)
        .username(USER)
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.getInfo",
        "GET",
        false,
        &[
            ("artist", "Sher"),
            ("album", "believe"),
            ("autocorrect", "1"),
            ("username", USER),
        ],
    );
    let album = Catalogue::seeded()
        .album("Cher", "Believe")
        .unwrap()
        .clone();
    assert_eq!(
        (info.artist.as_str(), info.name.as_str()),
        ("Cher", "Believe")
    );
    assert_eq!(info.user_playcount, Some(3));
    assert_eq!(info.playcount, Some(album.playcount + 3));
}

#[tokio::test]
async fn unknown_artist_album_or_user_is_invalid_parameters() {
    let (_server, client) = server_and_client().await;
    let err = client
        .album()
        .get_info("No Such Artist", "Believe")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(err.to_string().contains("artist"), "{err}");

    // A misspelling is not corrected unless asked.
    let err = client
        .album()
        .get_info("Sher", "Believe")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));

    let err = client
        .album()
        .get_info("Cher", "No Such Album")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(err.to_string().contains("Album not found"), "{err}");

    let err = client
        .album()
        .get_top_tags_by_mbid("00000000-0000-4000-a000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));

    let err = client
        .album()
        .get_info("Cher", "Believe")
        .username("nobody-here")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(err.to_string().contains("User not found"), "{err}");
}

#[tokio::test]
async fn top_tags_are_weighted_and_ranked() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let album = c.album("Radiohead", "OK Computer").unwrap();
    let top = client
        .album()
        .get_top_tags("Radiohead", "OK Computer")
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.getTopTags",
        "GET",
        false,
        &[("artist", "Radiohead"), ("album", "OK Computer")],
    );
    assert_eq!(top.artist.as_deref(), Some("Radiohead"));
    assert_eq!(top.album.as_deref(), Some("OK Computer"));
    let names: Vec<_> = top.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, album.tags);
    // The catalogue's first tag weighs 100, the next ones proportionally less.
    let n = album.tags.len() as u64;
    let counts: Vec<_> = top.tags.iter().map(|t| t.count.unwrap()).collect();
    let expected: Vec<u64> = (0..n).map(|i| (n - i) * 100 / n).collect();
    assert_eq!(counts, expected);
    assert_eq!(
        top.tags[0].url.as_deref(),
        Some(format!("https://www.last.fm/tag/{}", album.tags[0]).as_str())
    );

    let by_mbid = client
        .album()
        .get_top_tags_by_mbid(album.mbid.clone())
        .autocorrect(true)
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.getTopTags",
        "GET",
        false,
        &[("mbid", album.mbid.as_str()), ("autocorrect", "1")],
    );
    assert_eq!(by_mbid, top);
}

#[tokio::test]
async fn tags_added_and_removed_show_in_reads() {
    let (server, client) = server_and_client().await;
    let me = session_client(&server, &client);
    me.album()
        .add_tags("Radiohead", "Kid A", "Electronic, glitch ,  , 2000s")
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.addTags",
        "POST",
        true,
        &[
            ("artist", "Radiohead"),
            ("album", "Kid A"),
            ("tags", "Electronic, glitch ,  , 2000s"),
        ],
    );
    // Adding a tag again keeps it once.
    me.album()
        .add_tags("radiohead", "kid a", "glitch")
        .await
        .unwrap();

    // With a session, the user defaults to the session's and the call is signed.
    let mine = me.album().get_tags("Radiohead", "Kid A").await.unwrap();
    assert_wire(
        &server,
        "album.getTags",
        "POST",
        true,
        &[("artist", "Radiohead"), ("album", "Kid A")],
    );
    let names: Vec<_> = mine.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["electronic", "glitch", "2000s"],
        "trimmed, lower-cased, once"
    );
    assert_eq!(mine.artist.as_deref(), Some("Radiohead"));
    assert_eq!(mine.album.as_deref(), Some("Kid A"));

    // Without one, the user is named and the call is not signed.
    let c = Catalogue::seeded();
    let kid_a = c.album("Radiohead", "Kid A").unwrap();
    let theirs = client
        .album()
        .get_tags_by_mbid(kid_a.mbid.clone())
        .user(USER)
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.getTags",
        "GET",
        false,
        &[("mbid", kid_a.mbid.as_str()), ("user", USER)],
    );
    assert_eq!(theirs.tags, mine.tags);

    // Tags of users count in the top tags: the new ones come after the
    // catalogue's, "electronic" (not among them) weighs one tagging.
    let top = client
        .album()
        .get_top_tags("Radiohead", "Kid A")
        .await
        .unwrap();
    let names: Vec<_> = top.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(&names[..kid_a.tags.len()], kid_a.tags.as_slice());
    for added in ["electronic", "glitch", "2000s"] {
        assert!(names.contains(&added), "{added} in {names:?}");
    }

    me.album()
        .remove_tag("Radiohead", "Kid A", "Glitch")
        .await
        .unwrap();
    assert_wire(
        &server,
        "album.removeTag",
        "POST",
        true,
        &[
            ("artist", "Radiohead"),
            ("album", "Kid A"),
            ("tag", "Glitch"),
        ],
    );
    let after = me.album().get_tags("Radiohead", "Kid A").await.unwrap();
    let names: Vec<_> = after.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["electronic", "2000s"]);

    // Other albums are untouched.
    let other = me
        .album()
        .get_tags("Radiohead", "OK Computer")
        .await
        .unwrap();
    assert!(other.tags.is_empty());

    // Tagging an unknown album fails and changes nothing.
    let err = me
        .album()
        .add_tags("Radiohead", "Pablo Honey", "grunge")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    let too_many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let err = me
        .album()
        .add_tags("Radiohead", "Kid A", too_many.join(","))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    let still = client
        .album()
        .get_tags("Radiohead", "Kid A")
        .user(USER)
        .await
        .unwrap();
    assert_eq!(still.tags.len(), 2);
}

#[tokio::test]
async fn search_pages_by_relevance() {
    let (server, client) = server_and_client().await;
    let results = client.album().search("believe").await.unwrap();
    assert_wire(
        &server,
        "album.search",
        "GET",
        false,
        &[("album", "believe")],
    );
    assert_eq!(results.query.as_deref(), Some("believe"));
    // startIndex 0, itemsPerPage 30, totalResults 1, in the one Paging shape.
    assert_eq!(
        (
            results.paging.page,
            results.paging.per_page,
            results.paging.total
        ),
        (1, Some(30), Some(1))
    );
    let found = &results.matches.albums[0];
    let believe = Catalogue::seeded()
        .album("Cher", "Believe")
        .unwrap()
        .clone();
    assert_eq!(
        (found.name.as_str(), found.artist.as_str()),
        ("Believe", "Cher")
    );
    assert_eq!(found.mbid.as_deref(), Some(believe.mbid.as_str()));
    assert_eq!(found.streamable, Some(false));
    assert_eq!(found.images.len(), 4);

    // An exact title first, then titles starting with the term, then the rest.
    let c = Catalogue::seeded();
    let expected = c
        .albums
        .iter()
        .filter(|a| a.title.to_lowercase().contains("o"))
        .count();
    let page = client.album().search("O").limit(2).page(2).await.unwrap();
    assert_wire(
        &server,
        "album.search",
        "GET",
        false,
        &[("album", "O"), ("limit", "2"), ("page", "2")],
    );
    let paging = page.paging();
    assert_eq!(paging.page, 2);
    assert_eq!(paging.per_page, Some(2));
    assert_eq!(paging.total, Some(expected as u64));
    assert_eq!(paging.total_pages, Some(expected.div_ceil(2) as u32));
    // startIndex 2: the third result, the first of page 2.
    assert_eq!((page.paging.page - 1) * page.paging.per_page.unwrap(), 2);

    let kid = client.album().search("kid a").await.unwrap();
    assert_eq!(kid.matches.albums[0].name, "Kid A", "the exact title first");

    let none = client.album().search("zzzz").await.unwrap();
    assert_eq!(none.paging.total, Some(0));
    assert!(none.matches.albums.is_empty());
}

#[tokio::test]
async fn search_stream_walks_every_page_once() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let mut expected: Vec<_> = c
        .albums
        .iter()
        .filter(|a| a.title.to_lowercase().contains("e"))
        .map(|a| a.title.clone())
        .collect();
    assert!(expected.len() > 6);
    let albums: Vec<_> = client
        .album()
        .search("e")
        .limit(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    let mut titles: Vec<_> = albums.iter().map(|a| a.name.clone()).collect();
    titles.sort();
    expected.sort();
    assert_eq!(titles, expected, "each album once");
    let pages: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.method == "album.search")
        .filter_map(|r| {
            r.params
                .iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.parse::<usize>().unwrap())
        })
        .collect();
    assert_eq!(pages, (1..=expected.len().div_ceil(3)).collect::<Vec<_>>());
}

#[test]
fn samples_decode() {
    let info: AlbumInfo = decode_fixture("samples/album.getInfo.xml");
    assert_eq!(info.name, "Believe");
    assert_eq!(info.artist, "Cher");
    assert_eq!(info.id, Some(2026126));
    assert_eq!(
        info.mbid.as_deref(),
        Some("61bf0388-b8a9-48f4-81d1-7eb02706dfb0")
    );
    assert_eq!(info.release_date.as_deref(), Some("6 Apr 1999, 00:00"));
    assert_eq!(info.images.len(), 3, "the sample's `...` placeholders");
    assert_eq!(
        (info.listeners, info.playcount),
        (Some(47602), Some(212991))
    );
    assert_eq!(info.user_playcount, None);
    let tags = &info.top_tags.as_ref().unwrap().tags;
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].name, "pop");
    assert_eq!(tags[0].url.as_deref(), Some("http://www.last.fm/tag/pop"));
    let tracks = &info.tracks.as_ref().unwrap().tracks;
    assert_eq!(tracks.len(), 1);
    let believe = &tracks[0];
    assert_eq!(believe.rank, Some(1));
    assert_eq!(believe.name, "Believe");
    assert_eq!(believe.duration, Some(Duration::from_secs(239)));
    assert_eq!(believe.mbid, None, "an empty <mbid/> is None");
    assert_eq!(believe.streamable, Some(true));
    let artist = believe.artist.as_ref().unwrap();
    assert_eq!(artist.name, "Cher");
    assert_eq!(
        artist.mbid.as_deref(),
        Some("bfcc6d75-a6a5-4bc6-8282-47aec8531818")
    );
    assert_eq!(info.wiki, None);

    let tags: AlbumTags = decode_fixture("samples/album.getTags.xml");
    assert_eq!(tags.artist.as_deref(), Some("Sally Shapiro"));
    assert_eq!(tags.album.as_deref(), Some("Disco Romance"));
    assert_eq!(tags.tags.len(), 1);
    assert_eq!(tags.tags[0].name, "swedish");
    assert_eq!(tags.tags[0].count, None);

    let top: AlbumTags = decode_fixture("samples/album.getTopTags.xml");
    assert_eq!(top.artist.as_deref(), Some("Radiohead"));
    assert_eq!(top.album.as_deref(), Some("The Bends"));
    assert_eq!(top.tags[0].name, "albums I own");
    assert_eq!(top.tags[0].count, Some(100));
    assert_eq!(
        top.tags[0].url.as_deref(),
        Some("http://www.last.fm/tag/albums%20i%20own")
    );

    let search: AlbumSearchResults = decode_fixture("samples/album.search.xml");
    assert_eq!(search.query.as_deref(), Some("believe"));
    assert_eq!(
        (
            search.paging.total,
            search.paging.page,
            search.paging.per_page
        ),
        (Some(734), 1, Some(20))
    );
    let paging = search.paging();
    assert_eq!(
        (paging.page, paging.per_page, paging.total_pages),
        (1, Some(20), Some(37))
    );
    let weezer = &search.matches.albums[0];
    assert_eq!(weezer.name, "Make Believe");
    assert_eq!(weezer.artist, "Weezer");
    assert_eq!(weezer.id, Some(2025180));
    assert_eq!(weezer.mbid, None);
    assert_eq!(
        weezer.url.as_deref(),
        Some("http://www.last.fm/music/Weezer/Make+Believe")
    );
    assert_eq!(weezer.streamable, Some(false));
    assert_eq!(
        weezer.images.get(ImageSize::Large),
        Some("http://userserve-ak.last.fm/serve/126/8673675.jpg")
    );

    // The write methods answer an empty envelope.
    assert_empty_answer("samples/album.addTags.xml");
    assert_empty_answer("samples/album.removeTag.xml");
}

#[test]
fn real_recording_decodes() {
    let info: AlbumInfo = decode_fixture("real/album.getInfo__unicode.xml");
    assert_eq!(info.name, "OK Computer");
    assert_eq!(info.artist, "Radiohead");
    assert_eq!(info.id, None);
    assert_eq!(info.release_date, None);
    assert_eq!(
        info.mbid.as_deref(),
        Some("0b6b4ba0-d36f-47bd-b4ea-6a5b91842d29")
    );
    assert_eq!(
        (info.listeners, info.playcount),
        (Some(4534014), Some(233593613))
    );
    // Six images, the last with an empty size.
    assert_eq!(info.images.len(), 6);
    assert_eq!(
        info.images.get(ImageSize::Mega),
        Some("https://lastfm.freetls.fastly.net/i/u/300x300/62d26c6cb4ac4bdccb8f3a2a0fd55421.png")
    );
    assert_eq!(
        info.images.get(ImageSize::Other(String::new())),
        info.images.get(ImageSize::Mega)
    );

    let tracks = &info.tracks.as_ref().unwrap().tracks;
    assert_eq!(tracks.len(), 12);
    let durations: Vec<u64> = tracks
        .iter()
        .map(|t| t.duration.unwrap().as_secs())
        .collect();
    assert_eq!(
        durations,
        [262, 383, 275, 275, 337, 263, 117, 209, 285, 226, 268, 318]
    );
    assert_eq!(tracks[3].name, "Exit Music (for a Film)");
    assert_eq!(tracks[11].rank, Some(12));
    assert!(tracks.iter().all(|t| t.mbid.is_none()), "no <mbid> at all");
    assert_eq!(
        tracks[0].url.as_deref(),
        Some("https://www.last.fm/music/Radiohead/OK+Computer/Airbag")
    );
    assert_eq!(tracks[0].streamable, Some(false));
    assert_eq!(
        tracks[0].artist.as_ref().unwrap().mbid.as_deref(),
        Some("a74b1b7f-71a5-4011-9441-d0b5e4122711")
    );

    // The live service says `<tags>` where the sample says `<toptags>`.
    let tags: Vec<_> = info
        .top_tags
        .as_ref()
        .unwrap()
        .tags
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        tags,
        [
            "alternative",
            "alternative rock",
            "rock",
            "radiohead",
            "indie"
        ]
    );

    let wiki = info.wiki.as_ref().unwrap();
    assert_eq!(wiki.published.as_deref(), Some("11 Nov 2022, 15:31"));
    let summary = wiki.summary.as_deref().unwrap();
    assert!(
        summary.starts_with("OK Computer is the third album by the English rock band Radiohead")
    );
    assert!(
        summary.contains("Radiohead's highest entry"),
        "entities decoded"
    );
    assert!(summary.contains("\"Paranoid Android\""));
    let content = wiki.content.as_deref().unwrap();
    assert!(content.len() > summary.len());
    assert!(
        content.contains("aim — to take British pop"),
        "non-ASCII text"
    );
}
