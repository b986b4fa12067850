//! The artist package: every method against the offline server (wire and
//! values, expected values computed from the seeded catalogue), the
//! tagging round trip, spelling corrections, paging streams, and the
//! documented samples and recorded answers.

use std::cmp::Reverse;
use std::time::Duration;

use futures_util::TryStreamExt;
use lastfm_api::types::{
    ArtistCorrections, ArtistInfo, ArtistSearchResults, ArtistTags, ArtistTopAlbums,
    ArtistTopTracks, SimilarArtists,
};
use lastfm_api::{ErrorCode, ImageSize, Paged};
use lastfm_server::Catalogue;
use lastfm_tests::*;

#[tokio::test]
async fn info_by_name() {
    let (server, client) = server_and_client().await;
    let info = client.artist().get_info("Cher").lang("de").await.unwrap();
    assert_wire(
        &server,
        "artist.getInfo",
        "GET",
        false,
        &[("artist", "Cher"), ("lang", "de")],
    );
    let c = Catalogue::seeded();
    let cher = c.artist("Cher").unwrap();
    assert_eq!(info.name, "Cher");
    assert_eq!(info.mbid.as_deref(), Some(cher.mbid.as_str()));
    assert_eq!(info.url.as_deref(), Some("https://www.last.fm/music/Cher"));
    assert_eq!(info.images.len(), 4);
    assert_eq!((info.streamable, info.on_tour), (Some(false), Some(false)));
    let stats = info.stats.as_ref().unwrap();
    assert_eq!(stats.listeners, cher.listeners);
    assert_eq!(stats.playcount, cher.playcount);
    assert_eq!(stats.user_playcount, None);

    let similar: Vec<_> = info
        .similar
        .as_ref()
        .unwrap()
        .artists
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(similar, cher.similar);
    let madonna = &info.similar.as_ref().unwrap().artists[0];
    assert_eq!(
        madonna.url.as_deref(),
        Some("https://www.last.fm/music/Madonna")
    );
    assert_eq!(madonna.images.len(), 4);

    let tags: Vec<_> = info
        .tags
        .as_ref()
        .unwrap()
        .tags
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(tags, cher.tags);

    let bio = info.bio.as_ref().unwrap();
    assert_eq!(bio.summary.as_deref(), Some(cher.bio.as_str()));
    assert!(bio.content.as_deref().unwrap().starts_with(&cher.bio));
    assert!(bio.published.is_some());
}

#[tokio::test]
async fn info_by_mbid_keeps_unicode() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let utada = c.artist("宇多田ヒカル").unwrap();
    let info = client
        .artist()
        .get_info_by_mbid(utada.mbid.clone())
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getInfo",
        "GET",
        false,
        &[("mbid", utada.mbid.as_str())],
    );
    assert_eq!(info.name, "宇多田ヒカル");
    assert_eq!(
        info.url.as_deref(),
        Some("https://www.last.fm/music/%E5%AE%87%E5%A4%9A%E7%94%B0%E3%83%92%E3%82%AB%E3%83%AB")
    );
    assert!(info.bio.unwrap().summary.unwrap().contains("Japan"));
}

#[tokio::test]
async fn info_autocorrects_and_counts_the_users_plays() {
    let (server, client) = server_and_client().await;
    for (i, track) in ["Paradise City", "Nightrain", "Paradise City", "Battery"]
        .into_iter()
        .enumerate()
    {
        let artist = if track == "Battery" {
            "Metallica"
        } else {
            "Guns N' Roses"
        };
        add_plays(
            &server,
            USER,
            [play(artist, track, "", 1_600_000_000 + i as u64 * 300)],
        );
    }
    let info = client
        .artist()
        .get_info("guns and roses")
        .autocorrect(true)
        .username(USER)
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getInfo",
        "GET",
        false,
        &[
            ("artist", "guns and roses"),
            ("autocorrect", "1"),
            ("username", USER),
        ],
    );
    let gnr = Catalogue::seeded().artist("Guns N' Roses").unwrap().clone();
    assert_eq!(info.name, "Guns N' Roses");
    let stats = info.stats.unwrap();
    assert_eq!(stats.user_playcount, Some(3));
    assert_eq!(stats.playcount, gnr.playcount + 3);
}

#[tokio::test]
async fn unknown_artist_or_user_is_invalid_parameters() {
    let (_server, client) = server_and_client().await;
    let err = client
        .artist()
        .get_info("No Such Artist")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(
        err.to_string()
            .contains("The artist you supplied could not be found"),
        "{err}"
    );

    // Misspellings are corrected only when asked.
    let err = client
        .artist()
        .get_top_tracks("guns and roses")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));

    let err = client
        .artist()
        .get_similar_by_mbid("00000000-0000-4000-a000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));

    let err = client
        .artist()
        .get_tags("Cher")
        .user("nobody-here")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(err.to_string().contains("User not found"), "{err}");

    let err = client
        .artist()
        .get_info("Cher")
        .username("nobody-here")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
}

#[tokio::test]
async fn correction_names_the_canonical_artist() {
    let (server, client) = server_and_client().await;
    let corrections = client
        .artist()
        .get_correction("guns and roses")
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getCorrection",
        "GET",
        false,
        &[("artist", "guns and roses")],
    );
    let gnr = Catalogue::seeded().artist("Guns N' Roses").unwrap().clone();
    assert_eq!(corrections.corrections.len(), 1);
    let first = &corrections.corrections[0];
    assert_eq!(first.index, Some(0));
    assert_eq!(first.artist.name, "Guns N' Roses");
    assert_eq!(first.artist.mbid.as_deref(), Some(gnr.mbid.as_str()));
    assert_eq!(
        first.artist.url.as_deref(),
        Some("https://www.last.fm/music/Guns+N%27+Roses")
    );

    let zemfira = client.artist().get_correction("Zemfira").await.unwrap();
    assert_eq!(zemfira.corrections[0].artist.name, "Земфира");

    let none = client
        .artist()
        .get_correction("Nobody By This Name")
        .await
        .unwrap();
    assert!(none.corrections.is_empty());
}

#[tokio::test]
async fn similar_artists_most_similar_first() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let radiohead = c.artist("Radiohead").unwrap();
    let similar = client.artist().get_similar("Radiohead").await.unwrap();
    assert_wire(
        &server,
        "artist.getSimilar",
        "GET",
        false,
        &[("artist", "Radiohead")],
    );
    assert_eq!(similar.artist.as_deref(), Some("Radiohead"));
    let names: Vec<_> = similar.artists.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, radiohead.similar);
    let scores: Vec<f64> = similar
        .artists
        .iter()
        .map(|a| a.similarity.unwrap())
        .collect();
    assert_eq!(scores, [1.0, 0.8]);
    let sigur = &similar.artists[0];
    let sigur_rec = c.artist("Sigur Rós").unwrap();
    assert_eq!(sigur.mbid.as_deref(), Some(sigur_rec.mbid.as_str()));
    assert_eq!(sigur.listeners, Some(sigur_rec.listeners));
    assert_eq!(sigur.images.len(), 4);

    let one = client
        .artist()
        .get_similar_by_mbid(radiohead.mbid.clone())
        .limit(1)
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getSimilar",
        "GET",
        false,
        &[("mbid", radiohead.mbid.as_str()), ("limit", "1")],
    );
    assert_eq!(one.artists.len(), 1);
    assert_eq!(one.artists[0].name, "Sigur Rós");

    let corrected = client
        .artist()
        .get_similar("radio head")
        .autocorrect(true)
        .await
        .unwrap();
    assert_eq!(corrected.artist.as_deref(), Some("Radiohead"));
    assert_eq!(corrected.artists, similar.artists);
}

#[tokio::test]
async fn tags_added_and_removed_show_in_reads() {
    let (server, client) = server_and_client().await;
    let me = session_client(&server, &client);
    me.artist()
        .add_tags("Portishead", "Bristol, Trip-Hop, 90s")
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.addTags",
        "POST",
        true,
        &[("artist", "Portishead"), ("tags", "Bristol, Trip-Hop, 90s")],
    );

    let mine = me.artist().get_tags("Portishead").await.unwrap();
    assert_wire(
        &server,
        "artist.getTags",
        "POST",
        true,
        &[("artist", "Portishead")],
    );
    assert_eq!(mine.artist.as_deref(), Some("Portishead"));
    let names: Vec<_> = mine.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["bristol", "trip-hop", "90s"]);
    assert_eq!(
        mine.tags[0].url.as_deref(),
        Some("https://www.last.fm/tag/bristol")
    );

    let c = Catalogue::seeded();
    let portishead = c.artist("Portishead").unwrap();
    let theirs = client
        .artist()
        .get_tags_by_mbid(portishead.mbid.clone())
        .user(USER)
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getTags",
        "GET",
        false,
        &[("mbid", portishead.mbid.as_str()), ("user", USER)],
    );
    assert_eq!(theirs.tags, mine.tags);

    // The user's tagging adds weight: "trip-hop" is the catalogue's first
    // tag already; the new ones come after the catalogue's.
    let top = client.artist().get_top_tags("Portishead").await.unwrap();
    let names: Vec<_> = top.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(&names[..portishead.tags.len()], portishead.tags.as_slice());
    assert!(names.contains(&"bristol") && names.contains(&"90s"));
    assert_eq!(top.tags[0].count, Some(100));

    me.artist().remove_tag("Portishead", "90s").await.unwrap();
    assert_wire(
        &server,
        "artist.removeTag",
        "POST",
        true,
        &[("artist", "Portishead"), ("tag", "90s")],
    );
    let after = client
        .artist()
        .get_tags("portishead")
        .user(USER)
        .await
        .unwrap();
    let names: Vec<_> = after.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["bristol", "trip-hop"]);

    // Writes take no `autocorrect`: a misspelled or unknown artist is not tagged.
    me.artist().add_tags("Sher", "diva").await.unwrap_err();
    let err = me
        .artist()
        .add_tags("No Such Artist", "x")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    let cher = me
        .artist()
        .get_tags("Cher")
        .autocorrect(true)
        .await
        .unwrap();
    assert!(cher.tags.is_empty());
}

#[tokio::test]
async fn top_tags_are_weighted_and_ranked() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let zemfira = c.artist("Земфира").unwrap();
    let top = client
        .artist()
        .get_top_tags("Zemfira")
        .autocorrect(true)
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getTopTags",
        "GET",
        false,
        &[("artist", "Zemfira"), ("autocorrect", "1")],
    );
    assert_eq!(top.artist.as_deref(), Some("Земфира"));
    let names: Vec<_> = top.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, zemfira.tags);
    let n = zemfira.tags.len() as u64;
    let counts: Vec<_> = top.tags.iter().map(|t| t.count.unwrap()).collect();
    assert_eq!(
        counts,
        (0..n).map(|i| (n - i) * 100 / n).collect::<Vec<_>>()
    );

    let by_mbid = client
        .artist()
        .get_top_tags_by_mbid(zemfira.mbid.clone())
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getTopTags",
        "GET",
        false,
        &[("mbid", zemfira.mbid.as_str())],
    );
    assert_eq!(by_mbid, top);
}

#[tokio::test]
async fn top_albums_by_plays_with_paging() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let cher = c.artist("Cher").unwrap();
    let mut expected: Vec<_> = c.albums_of("Cher").collect();
    expected.sort_by_key(|a| (Reverse(a.playcount), a.title.clone()));

    let top = client.artist().get_top_albums("Cher").await.unwrap();
    assert_wire(
        &server,
        "artist.getTopAlbums",
        "GET",
        false,
        &[("artist", "Cher")],
    );
    assert_eq!(top.artist.as_deref(), Some("Cher"));
    let paging = top.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(50), Some(1), Some(expected.len() as u64))
    );
    let names: Vec<_> = top.albums.iter().map(|a| a.name.as_str()).collect();
    let expected_names: Vec<_> = expected.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(names, expected_names);
    for (i, (album, rec)) in top.albums.iter().zip(&expected).enumerate() {
        assert_eq!(album.rank, Some(i as u64 + 1));
        assert_eq!(album.playcount, Some(rec.playcount));
        assert_eq!(album.mbid.as_deref(), Some(rec.mbid.as_str()));
        let artist = album.artist.as_ref().unwrap();
        assert_eq!(
            (artist.name.as_str(), artist.mbid.as_deref()),
            ("Cher", Some(cher.mbid.as_str()))
        );
        assert_eq!(album.images.len(), 4);
    }

    // Scrobbles made here count in the album's play count.
    let second = expected[1];
    for i in 0..3 {
        let at = 1_500_000_000 + i;
        add_plays(
            &server,
            USER,
            [play("Cher", &second.tracks[0], &second.title, at)],
        );
    }
    let page = client
        .artist()
        .get_top_albums_by_mbid(cher.mbid.clone())
        .limit(1)
        .page(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getTopAlbums",
        "GET",
        false,
        &[("mbid", cher.mbid.as_str()), ("limit", "1"), ("page", "2")],
    );
    assert_eq!(page.albums.len(), 1);
    assert_eq!(page.albums[0].name, second.title);
    assert_eq!(page.albums[0].rank, Some(2));
    assert_eq!(page.albums[0].playcount, Some(second.playcount + 3));
    assert_eq!(page.paging().page, 2);
    assert_eq!(page.paging().total_pages, Some(expected.len() as u32));

    // A page past the end is empty but keeps the totals.
    let past = client
        .artist()
        .get_top_albums("Cher")
        .limit(1)
        .page(9)
        .await
        .unwrap();
    assert!(past.albums.is_empty());
    assert_eq!(past.paging().total, Some(expected.len() as u64));
}

#[tokio::test]
async fn top_tracks_stream_walks_every_page_once() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let mut expected: Vec<_> = c.tracks_of("Radiohead").collect();
    expected.sort_by_key(|t| (Reverse(t.playcount), t.name.clone()));

    let first = client
        .artist()
        .get_top_tracks("radiohead")
        .limit(3)
        .await
        .unwrap();
    assert_wire(
        &server,
        "artist.getTopTracks",
        "GET",
        false,
        &[("artist", "radiohead"), ("limit", "3")],
    );
    assert_eq!(first.artist.as_deref(), Some("Radiohead"));
    let top = &first.tracks[0];
    assert_eq!(top.name, expected[0].name);
    assert_eq!(top.rank, Some(1));
    assert_eq!(top.playcount, Some(expected[0].playcount));
    assert_eq!(top.listeners, Some(expected[0].listeners));
    assert_eq!(
        top.duration,
        Some(Duration::from_secs(expected[0].duration_secs.into()))
    );
    assert_eq!(top.artist.as_ref().unwrap().name, "Radiohead");

    let tracks: Vec<_> = client
        .artist()
        .get_top_tracks("Radiohead")
        .limit(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = tracks.iter().map(|t| t.name.as_str()).collect();
    let expected_names: Vec<_> = expected.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, expected_names, "every track once, most played first");
    let ranks: Vec<_> = tracks.iter().map(|t| t.rank.unwrap()).collect();
    assert_eq!(ranks, (1..=expected.len() as u64).collect::<Vec<_>>());
    let pages: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.method == "artist.getTopTracks")
        .skip(1)
        .map(|r| {
            r.params
                .iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.parse::<usize>().unwrap())
        })
        .collect();
    let expected_pages: Vec<_> = (1..=expected.len().div_ceil(3)).map(Some).collect();
    assert_eq!(pages, expected_pages);

    let by_mbid = client
        .artist()
        .get_top_tracks_by_mbid(c.artist("Radiohead").unwrap().mbid.clone())
        .page(2)
        .limit(3)
        .await
        .unwrap();
    assert_eq!(by_mbid.tracks[0].rank, Some(4));
    assert_eq!(by_mbid.tracks[0].name, expected[3].name);
}

#[tokio::test]
async fn top_albums_stream() {
    let (_server, client) = server_and_client().await;
    let albums: Vec<_> = client
        .artist()
        .get_top_albums("Radiohead")
        .limit(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    let mut names: Vec<_> = albums.into_iter().map(|a| a.name).collect();
    names.sort();
    assert_eq!(names, ["Kid A", "OK Computer"]);
}

#[tokio::test]
async fn search_by_name_and_spelling() {
    let (server, client) = server_and_client().await;
    let results = client.artist().search("cher").await.unwrap();
    assert_wire(
        &server,
        "artist.search",
        "GET",
        false,
        &[("artist", "cher")],
    );
    assert_eq!(results.query.as_deref(), Some("cher"));
    // startIndex 0, itemsPerPage 30, totalResults 1, in the one Paging shape.
    assert_eq!(
        (
            results.paging.page,
            results.paging.per_page,
            results.paging.total
        ),
        (1, Some(30), Some(1))
    );
    let cher = &results.matches.artists[0];
    let rec = Catalogue::seeded().artist("Cher").unwrap().clone();
    assert_eq!(cher.name, "Cher");
    assert_eq!(cher.mbid.as_deref(), Some(rec.mbid.as_str()));
    assert_eq!(cher.listeners, Some(rec.listeners));
    assert_eq!(cher.url.as_deref(), Some("https://www.last.fm/music/Cher"));
    assert_eq!(cher.images.len(), 4);

    let zemfira = client.artist().search("zemfira").await.unwrap();
    assert_eq!(zemfira.matches.artists[0].name, "Земфира");

    let none = client.artist().search("zzzz").await.unwrap();
    assert_eq!(none.paging.total, Some(0));
    assert!(none.matches.artists.is_empty());
}

#[tokio::test]
async fn search_stream_walks_every_page_once() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let expected = c
        .artists
        .iter()
        .filter(|a| {
            a.name.to_lowercase().contains("a")
                || a.misspellings
                    .iter()
                    .any(|m| m.to_lowercase().contains("a"))
        })
        .count();
    assert!(expected > 4);
    let page = client.artist().search("A").limit(2).page(2).await.unwrap();
    assert_wire(
        &server,
        "artist.search",
        "GET",
        false,
        &[("artist", "A"), ("limit", "2"), ("page", "2")],
    );
    let paging = page.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total,
            paging.total_pages
        ),
        (
            2,
            Some(2),
            Some(expected as u64),
            Some(expected.div_ceil(2) as u32)
        )
    );

    let artists: Vec<_> = client
        .artist()
        .search("A")
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let mut names: Vec<_> = artists.iter().map(|a| a.name.clone()).collect();
    assert!(
        names[0].to_lowercase().starts_with('a'),
        "names starting with the term first: {names:?}"
    );
    names.sort();
    names.dedup();
    assert_eq!(names.len(), expected, "each artist once");
}

#[test]
fn samples_decode() {
    let info: ArtistInfo = decode_fixture("samples/artist.getInfo.xml");
    assert_eq!(info.name, "Cher");
    assert_eq!(
        info.mbid.as_deref(),
        Some("bfcc6d75-a6a5-4bc6-8282-47aec8531818")
    );
    assert_eq!(info.url.as_deref(), Some("http://www.last.fm/music/Cher"));
    assert_eq!(
        info.images.get(ImageSize::Large),
        Some("http://userserve-ak.last.fm/serve/160/285717.jpg")
    );
    assert_eq!(info.streamable, Some(true));
    assert_eq!(info.on_tour, None);
    let stats = info.stats.as_ref().unwrap();
    assert_eq!(stats.listeners, 196440);
    assert_eq!(stats.playcount, 1599101, "read from <plays>");
    assert_eq!(stats.user_playcount, None);
    let similar = &info.similar.as_ref().unwrap().artists;
    assert_eq!(similar.len(), 1);
    assert_eq!(similar[0].name, "Madonna");
    assert_eq!(similar[0].mbid, None);
    // The sample's stray `>` stays in the URL.
    assert_eq!(
        similar[0].images.get(ImageSize::Medium),
        Some("http://userserve-ak.last.fm/serve/85/5112299.jpg>")
    );
    assert_eq!(info.tags.as_ref().unwrap().tags[0].name, "pop");
    let bio = info.bio.as_ref().unwrap();
    assert_eq!(
        bio.published.as_deref(),
        Some("Thu, 13 Mar 2008 03:59:18 +0000")
    );
    assert_eq!(bio.summary.as_deref(), Some("..."));

    let corrections: ArtistCorrections = decode_fixture("samples/artist.getCorrection.xml");
    assert_eq!(corrections.corrections.len(), 1);
    let gnr = &corrections.corrections[0];
    assert_eq!(gnr.index, Some(0));
    assert_eq!(gnr.artist.name, "Guns N' Roses");
    assert_eq!(
        gnr.artist.mbid.as_deref(),
        Some("eeb1195b-f213-4ce1-b28c-8565211f8e43")
    );
    assert_eq!(
        gnr.artist.url.as_deref(),
        Some("http://www.last.fm/music/Guns+N%27+Roses")
    );

    let similar: SimilarArtists = decode_fixture("samples/artist.getSimilar.xml");
    assert_eq!(similar.artist.as_deref(), Some("Cher"));
    let sonny = &similar.artists[0];
    assert_eq!(sonny.name, "Sonny & Cher");
    assert_eq!(sonny.similarity, Some(1.0));
    assert_eq!(
        sonny.mbid.as_deref(),
        Some("3d6e4b6d-2700-458c-9722-9021965a8164")
    );
    assert_eq!(sonny.streamable, Some(true));
    assert_eq!(sonny.images.len(), 5);
    assert_eq!(
        sonny.images.largest(),
        Some("http://userserve-ak.last.fm/serve/500/71168880/Sonny++Cher.png")
    );

    let tags: ArtistTags = decode_fixture("samples/artist.getTags.xml");
    assert_eq!(tags.artist.as_deref(), Some("Sally Shapiro"));
    assert_eq!(tags.tags[0].name, "italo");
    assert_eq!(
        tags.tags[0].url.as_deref(),
        Some("http://www.last.fm/tag/italo")
    );

    let albums: ArtistTopAlbums = decode_fixture("samples/artist.getTopAlbums.xml");
    assert_eq!(albums.artist.as_deref(), Some("Cher"));
    let believe = &albums.albums[0];
    assert_eq!(believe.rank, Some(1));
    assert_eq!(believe.name, "Believe");
    assert_eq!(
        believe.mbid.as_deref(),
        Some("61bf0388-b8a9-48f4-81d1-7eb02706dfb0")
    );
    assert_eq!(believe.listeners, Some(24486));
    assert_eq!(believe.playcount, None);
    assert_eq!(believe.artist, None);
    // `size=" medium"` is read as medium.
    assert_eq!(believe.images.get(ImageSize::Medium), Some("..."));
    assert_eq!(albums.paging().page, 1);

    let top_tags: ArtistTags = decode_fixture("samples/artist.getTopTags.xml");
    assert_eq!(top_tags.artist.as_deref(), Some("Cher"));
    assert_eq!(top_tags.tags[0].name, "pop");
    assert_eq!(top_tags.tags[0].count, None);

    let tracks: ArtistTopTracks = decode_fixture("samples/artist.getTopTracks.xml");
    assert_eq!(tracks.artist.as_deref(), Some("Cher"));
    let believe = &tracks.tracks[0];
    assert_eq!(believe.rank, Some(1));
    assert_eq!(believe.name, "Believe");
    assert_eq!(believe.mbid, None, "an empty <mbid/> is None");
    assert_eq!(
        (believe.playcount, believe.listeners),
        (Some(56325), Some(23217))
    );
    assert_eq!(
        believe.url.as_deref(),
        Some("http://www.last.fm/music/Cher/_/Believe")
    );
    assert_eq!(believe.images.len(), 3);

    let search: ArtistSearchResults = decode_fixture("samples/artist.search.xml");
    assert_eq!(search.query.as_deref(), Some("cher"));
    assert_eq!(
        (
            search.paging.total,
            search.paging.page,
            search.paging.per_page
        ),
        (Some(386), 1, Some(20))
    );
    let paging = search.paging();
    assert_eq!((paging.page, paging.total_pages), (1, Some(20)));
    let cher = &search.matches.artists[0];
    assert_eq!(cher.name, "Cher");
    assert_eq!(
        cher.mbid.as_deref(),
        Some("bfcc6d75-a6a5-4bc6-8282-47aec8531818")
    );
    assert_eq!(cher.url.as_deref(), Some("www.last.fm/music/Cher"));
    assert_eq!(cher.streamable, Some(true));
    // The legacy `<image_small>` is not an `<image>`; the one `<image>` has no size.
    assert_eq!(cher.images.len(), 1);
    assert_eq!(
        cher.images.largest(),
        Some("http://userserve-ak.last.fm/serve/160/342437.jpg")
    );

    // The write methods answer an empty envelope.
    assert_empty_answer("samples/artist.addTags.xml");
    assert_empty_answer("samples/artist.removeTag.xml");
}

#[test]
fn real_recordings_decode() {
    let info: ArtistInfo = decode_fixture("real/artist.getInfo__userplaycount.xml");
    assert_eq!(info.name, "John Lennon");
    assert_eq!(
        info.mbid.as_deref(),
        Some("4d5447d7-c61c-4120-ba1b-d7f471d385b9")
    );
    assert_eq!(info.images.len(), 6);
    assert_eq!((info.streamable, info.on_tour), (Some(false), Some(false)));
    let stats = info.stats.as_ref().unwrap();
    assert_eq!(
        (stats.listeners, stats.playcount, stats.user_playcount),
        (3882820, 81047235, Some(27))
    );
    let similar: Vec<_> = info
        .similar
        .as_ref()
        .unwrap()
        .artists
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        similar,
        [
            "The Beatles",
            "George Harrison",
            "Paul McCartney",
            "John Lennon & Yoko Ono",
            "Wings"
        ]
    );
    let tags: Vec<_> = info
        .tags
        .as_ref()
        .unwrap()
        .tags
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        tags,
        [
            "classic rock",
            "rock",
            "singer-songwriter",
            "british",
            "pop"
        ]
    );
    let bio = info.bio.as_ref().unwrap();
    assert_eq!(bio.published.as_deref(), Some("19 Feb 2006, 19:44"));
    let summary = bio.summary.as_deref().unwrap();
    assert!(summary.starts_with(
        "John Winston Ono Lennon (born John Winston Lennon; 9 October 1940 – 8 December 1980)"
    ));
    assert!(
        summary.contains("\n\nBorn in Liverpool"),
        "&#10; is a newline"
    );
    assert!(
        bio.content
            .as_deref()
            .unwrap()
            .contains("Harry Nilsson's album")
    );

    let albums: ArtistTopAlbums = decode_fixture("real/artist.getTopAlbums__limit100.xml");
    assert_eq!(albums.artist.as_deref(), Some("The Weeknd"));
    let paging = albums.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(100), Some(446), Some(44537))
    );
    assert_eq!(albums.albums.len(), 100);
    let starboy = &albums.albums[0];
    assert_eq!(starboy.rank, Some(1));
    assert_eq!(starboy.name, "Starboy");
    assert_eq!(starboy.playcount, Some(190239184));
    assert_eq!(
        starboy.mbid.as_deref(),
        Some("08791ceb-9f2a-4f48-9fb7-9eab2df6fc6e")
    );
    let artist = starboy.artist.as_ref().unwrap();
    assert_eq!(artist.name, "The Weeknd");
    assert_eq!(
        artist.mbid.as_deref(),
        Some("c8b03190-306c-4120-bb0b-6f2ebfc06ea9")
    );
    assert_eq!(starboy.images.len(), 4);
    let last = &albums.albums[99];
    assert_eq!(
        (
            last.rank,
            last.name.as_str(),
            last.playcount,
            last.mbid.as_deref()
        ),
        (Some(100), "Now 35", Some(51510), None)
    );
    assert_eq!(albums.albums[3].name, "My Dear Melancholy,");
    let ranks: Vec<_> = albums.albums.iter().map(|a| a.rank.unwrap()).collect();
    assert_eq!(ranks, (1..=100).collect::<Vec<_>>());
    assert_eq!(
        albums.albums.iter().filter(|a| a.mbid.is_some()).count(),
        45,
        "55 albums come without <mbid>"
    );
    let plays: u64 = albums.albums.iter().map(|a| a.playcount.unwrap()).sum();
    assert_eq!(plays, 1_022_172_517);
}
