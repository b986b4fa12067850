//! The tag package: every method against the offline server (wire and
//! values, computed from the seeded catalogue), the taggings of users
//! showing in the lists, paging, errors, and the documented samples.

use futures_util::TryStreamExt;
use lastfm_api::types::{
    SimilarTags, TagInfo, TagList, TagTopAlbums, TagTopArtists, TagTopTracks, WeeklyChartList,
};
use lastfm_api::{ErrorCode, ImageSize, Paged};
use lastfm_server::{Catalogue, TagTarget};
use lastfm_tests::*;

const WEEK: u64 = 7 * 24 * 3600;

/// The catalogue artists tagged `tag`, most played first.
fn artists_tagged(c: &Catalogue, tag: &str) -> Vec<(String, u64)> {
    let mut v: Vec<_> = c
        .artists
        .iter()
        .filter(|a| a.tags.iter().any(|t| t == tag))
        .map(|a| (a.name.clone(), a.playcount))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

#[tokio::test]
async fn info_from_the_catalogue() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let rock = c.tag("rock").unwrap();

    let info = client.tag().get_info("rock").lang("en").await.unwrap();
    assert_wire(
        &server,
        "tag.getInfo",
        "GET",
        false,
        &[("tag", "rock"), ("lang", "en")],
    );
    assert_eq!(info.name, "rock");
    assert_eq!(info.url.as_deref(), Some("https://www.last.fm/tag/rock"));
    assert_eq!(info.reach, Some(rock.reach));
    assert_eq!(info.taggings, Some(rock.taggings));
    assert_eq!(info.total, None, "the server answers in the sample's shape");
    assert_eq!(info.streamable, Some(true));
    let wiki = info.wiki.unwrap();
    assert_eq!(wiki.summary.as_deref(), Some(rock.summary.as_str()));
    assert!(wiki.content.unwrap().starts_with("Rock music"));
    assert!(wiki.published.is_some());

    // Names match case-insensitively; the answer has the tag's own spelling.
    let info = client.tag().get_info("Hard Rock").await.unwrap();
    assert_eq!(info.name, "hard rock");
    assert_eq!(
        info.url.as_deref(),
        Some("https://www.last.fm/tag/hard+rock")
    );
}

#[tokio::test]
async fn taggings_of_users_count_and_make_tags_known() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let pop = c.tag("pop").unwrap();

    tag_as(
        &server,
        USER,
        TagTarget::Artist {
            artist: "Radiohead".into(),
        },
        "pop",
    );
    let info = client.tag().get_info("pop").await.unwrap();
    assert_eq!(info.taggings, Some(pop.taggings + 1));
    assert_eq!(info.reach, Some(pop.reach + 1));

    // A tag nobody used is unknown...
    let err = client.tag().get_info("disco").await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
    assert!(err.to_string().contains("Tag not found"), "{err}");
    // ...until a user applies it.
    tag_as(
        &server,
        USER,
        TagTarget::Track {
            artist: "Cher".into(),
            track: "Believe".into(),
        },
        "disco",
    );
    let info = client.tag().get_info("Disco").await.unwrap();
    assert_eq!(info.name, "disco");
    assert_eq!((info.reach, info.taggings), (Some(1), Some(1)));
    assert!(info.wiki.is_none());

    let tracks = client.tag().get_top_tracks("disco").await.unwrap();
    let names: Vec<_> = tracks.tracks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Believe"]);
    assert_eq!(
        tracks.tracks[0].artist.as_ref().unwrap().name,
        "Cher",
        "the track's artist"
    );

    let artists = client.tag().get_top_artists("pop").await.unwrap();
    assert!(
        artists.artists.iter().any(|a| a.name == "Radiohead"),
        "the artist alice tagged joins the tag's artists"
    );
    assert_eq!(
        artists.paging().total,
        Some(artists_tagged(&c, "pop").len() as u64 + 1)
    );

    let top = client.tag().get_top_tags().await.unwrap();
    let disco = top.tags.iter().find(|t| t.name == "disco").unwrap();
    assert_eq!(disco.count, Some(1));
    let pop_count = top.tags.iter().find(|t| t.name == "pop").unwrap().count;
    assert_eq!(pop_count, Some(pop.taggings + 1));
}

#[tokio::test]
async fn unknown_tag_is_an_error_for_every_method() {
    let (_server, client) = server_and_client().await;
    let tag = client.tag();
    let errors = [
        tag.get_info("no such tag").await.unwrap_err(),
        tag.get_similar("no such tag").await.unwrap_err(),
        tag.get_top_albums("no such tag").await.unwrap_err(),
        tag.get_top_artists("no such tag").await.unwrap_err(),
        tag.get_top_tracks("no such tag").await.unwrap_err(),
        tag.get_weekly_chart_list("no such tag").await.unwrap_err(),
    ];
    for err in errors {
        assert_eq!(err.code(), Some(ErrorCode::InvalidParameters), "{err}");
        assert_eq!(err.http_status(), Some(400));
    }
}

#[tokio::test]
async fn similar_tags_share_artists() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let similar = client.tag().get_similar("hard rock").await.unwrap();
    assert_wire(
        &server,
        "tag.getSimilar",
        "GET",
        false,
        &[("tag", "hard rock")],
    );
    assert_eq!(similar.tag.as_deref(), Some("hard rock"));

    // Every other tag of the artists tagged "hard rock", by how many of them carry it.
    let tagged: Vec<_> = c
        .artists
        .iter()
        .filter(|a| a.tags.iter().any(|t| t == "hard rock"))
        .collect();
    let mut expected: Vec<(usize, String)> = c
        .tags
        .iter()
        .filter(|t| t.name != "hard rock")
        .map(|t| {
            let n = tagged.iter().filter(|a| a.tags.contains(&t.name)).count();
            (n, t.name.clone())
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let expected: Vec<_> = expected.into_iter().map(|(_, name)| name).collect();
    let names: Vec<_> = similar.tags.iter().map(|t| t.name.clone()).collect();
    assert_eq!(names, expected);
    assert_eq!(names, ["rock", "80s"], "Guns N' Roses and AC/DC");
    assert_eq!(
        similar.tags[0].url.as_deref(),
        Some("https://www.last.fm/tag/rock")
    );
}

#[tokio::test]
async fn top_artists_of_a_tag() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let expected = artists_tagged(&c, "female vocalists");
    assert_eq!(expected.len(), 3);

    let list = client
        .tag()
        .get_top_artists("female vocalists")
        .await
        .unwrap();
    assert_wire(
        &server,
        "tag.getTopArtists",
        "GET",
        false,
        &[("tag", "female vocalists")],
    );
    assert_eq!(list.tag.as_deref(), Some("female vocalists"));
    let names: Vec<_> = list.artists.iter().map(|a| a.name.clone()).collect();
    let expected_names: Vec<_> = expected.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names, expected_names);
    assert!(names.contains(&"Земфира".to_owned()) && names.contains(&"宇多田ヒカル".to_owned()));
    for (i, (a, (name, plays))) in list.artists.iter().zip(&expected).enumerate() {
        assert_eq!(a.rank, Some(i as u64 + 1));
        assert_eq!(a.playcount, Some(*plays));
        let rec = c.artist(name).unwrap();
        assert_eq!(a.mbid.as_deref(), Some(rec.mbid.as_str()));
        assert_eq!(a.listeners, Some(rec.listeners));
        assert_eq!(a.images.len(), 4);
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
async fn top_artists_stream_walks_every_page() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let expected: Vec<_> = artists_tagged(&c, "rock")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(expected.len(), 5);

    let artists: Vec<_> = client
        .tag()
        .get_top_artists("rock")
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = artists.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names, expected);
    let ranks: Vec<_> = artists.iter().map(|a| a.rank.unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5], "ranks run on across pages");
    let pages: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.method == "tag.getTopArtists")
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
}

#[tokio::test]
async fn top_albums_of_a_tag() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let mut expected: Vec<_> = c
        .albums
        .iter()
        .filter(|a| a.tags.iter().any(|t| t == "pop"))
        .collect();
    expected.sort_by(|a, b| {
        b.playcount
            .cmp(&a.playcount)
            .then_with(|| a.title.cmp(&b.title))
    });
    assert_eq!(expected.len(), 6);

    let list = client
        .tag()
        .get_top_albums("pop")
        .page(2)
        .limit(4)
        .await
        .unwrap();
    assert_wire(
        &server,
        "tag.getTopAlbums",
        "GET",
        false,
        &[("tag", "pop"), ("page", "2"), ("limit", "4")],
    );
    assert_eq!(list.tag.as_deref(), Some("pop"));
    let paging = list.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (2, Some(4), Some(2), Some(6))
    );
    assert_eq!(list.albums.len(), 2);
    for (i, (got, want)) in list.albums.iter().zip(&expected[4..]).enumerate() {
        assert_eq!(got.rank, Some(i as u64 + 5));
        assert_eq!(got.name, want.title);
        assert_eq!(got.mbid.as_deref(), Some(want.mbid.as_str()));
        assert_eq!(got.playcount, Some(want.playcount));
        let artist = got.artist.as_ref().unwrap();
        assert_eq!(artist.name, want.artist);
        assert_eq!(
            artist.mbid.as_deref(),
            Some(c.artist(&want.artist).unwrap().mbid.as_str())
        );
        assert!(got.images.get(ImageSize::ExtraLarge).is_some());
    }

    // "80s" is on artists only: the albums carry their artist's first two tags.
    let none = client.tag().get_top_albums("80s").await.unwrap();
    assert!(none.albums.is_empty());
    assert_eq!(none.paging().total, Some(0));

    // An album a user tagged joins the list.
    tag_as(
        &server,
        USER,
        TagTarget::Album {
            artist: "cher".into(),
            album: "believe".into(),
        },
        "80s",
    );
    let one = client.tag().get_top_albums("80s").await.unwrap();
    assert_eq!(one.albums.len(), 1);
    assert_eq!(one.albums[0].name, "Believe");
}

#[tokio::test]
async fn top_tracks_of_a_tag() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let mut expected: Vec<_> = c
        .tracks
        .iter()
        .filter(|t| t.tags.iter().any(|tag| tag == "trip-hop"))
        .collect();
    expected.sort_by(|a, b| {
        b.playcount
            .cmp(&a.playcount)
            .then_with(|| a.name.cmp(&b.name))
    });
    assert_eq!(expected.len(), 8, "Portishead's and Massive Attack's");

    let list = client
        .tag()
        .get_top_tracks("trip-hop")
        .limit(5)
        .page(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "tag.getTopTracks",
        "GET",
        false,
        &[("tag", "trip-hop"), ("limit", "5"), ("page", "2")],
    );
    assert_eq!(list.tag.as_deref(), Some("trip-hop"));
    assert_eq!(list.paging().total, Some(8));
    assert_eq!(list.paging().total_pages, Some(2));
    assert_eq!(list.tracks.len(), 3);
    for (i, (got, want)) in list.tracks.iter().zip(&expected[5..]).enumerate() {
        assert_eq!(got.rank, Some(i as u64 + 6));
        assert_eq!(got.name, want.name);
        assert_eq!(got.playcount, Some(want.playcount));
        assert_eq!(
            got.duration.map(|d| d.as_secs()),
            Some(u64::from(want.duration_secs))
        );
        assert_eq!(
            got.mbid.as_deref(),
            (!want.mbid.is_empty()).then_some(want.mbid.as_str())
        );
        assert_eq!(got.artist.as_ref().unwrap().name, want.artist);
    }

    let all: Vec<_> = client
        .tag()
        .get_top_tracks("trip-hop")
        .limit(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|t| t.name.as_str()).collect();
    let want: Vec<_> = expected.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, want);
}

#[tokio::test]
async fn top_tags_are_by_count_and_not_paged() {
    let (server, client) = server_and_client().await;
    let c = Catalogue::seeded();
    let tags = client.tag().get_top_tags().await.unwrap();
    assert_wire(&server, "tag.getTopTags", "GET", false, &[]);
    let request = last_request(&server, "tag.getTopTags");
    let mut sent: Vec<_> = request.params.iter().map(|(k, _)| k.as_str()).collect();
    sent.sort();
    assert_eq!(sent, ["api_key", "method"], "no parameters");

    let mut expected: Vec<_> = c
        .tags
        .iter()
        .map(|t| (t.taggings, t.name.clone()))
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let got: Vec<_> = tags
        .tags
        .iter()
        .map(|t| (t.count.unwrap(), t.name.clone()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(tags.paging().total, None, "no paging attributes");
    assert!(
        tags.tags
            .iter()
            .all(|t| t.url.is_some() && t.wiki.is_none())
    );
}

#[tokio::test]
async fn weekly_chart_list_runs_sunday_noon_to_sunday_noon() {
    let (server, client) = server_and_client().await;
    let list = client.tag().get_weekly_chart_list("rock").await.unwrap();
    assert_wire(
        &server,
        "tag.getWeeklyChartList",
        "GET",
        false,
        &[("tag", "rock")],
    );
    let now = server.clock().unix();
    assert_eq!(list.tag.as_deref(), Some("rock"));
    assert_eq!(list.user, None);
    assert_eq!(list.charts.len(), 52);
    for chart in &list.charts {
        assert_eq!(chart.to.as_unix() - chart.from.as_unix(), WEEK);
        assert_eq!(chart.from.as_unix() % 86_400, 12 * 3600, "noon UTC");
        // 1 January 1970 was a Thursday: day n is a Sunday when (n + 4) % 7 == 0.
        assert_eq!((chart.from.as_unix() / 86_400 + 4) % 7, 0, "a Sunday");
    }
    assert!(
        list.charts
            .windows(2)
            .all(|w| w[0].to.as_unix() == w[1].from.as_unix()),
        "oldest first, back to back"
    );
    let last = list.charts.last().unwrap();
    assert!(
        last.to.as_unix() <= now && now - last.to.as_unix() < WEEK,
        "the last whole week"
    );

    // A week later the list moves on by one week.
    server.clock().advance(std::time::Duration::from_secs(WEEK));
    let later = client.tag().get_weekly_chart_list("Rock").await.unwrap();
    assert_eq!(later.charts.len(), 52);
    assert_eq!(later.charts[0].from, list.charts[1].from);
    assert_eq!(later.charts[51].from, last.to.as_unix());
    assert_eq!(later.tag.as_deref(), Some("Rock"), "the tag as asked");
}

#[test]
fn samples_decode() {
    let info: TagInfo = decode_fixture("samples/tag.getInfo.xml");
    assert_eq!(info.name, "disco");
    assert_eq!(info.url.as_deref(), Some("http://www.last.fm/tag/disco"));
    assert_eq!(info.reach, Some(27199));
    assert_eq!(info.taggings, Some(114210));
    assert_eq!(info.total, None);
    assert_eq!(info.streamable, Some(true));
    let wiki = info.wiki.unwrap();
    assert_eq!(
        wiki.published.as_deref(),
        Some("Thu, 19 Aug 2010 03:22:16 +0000")
    );
    assert_eq!(
        wiki.summary.as_deref(),
        Some("Disco is a genre of dance-oriented music")
    );
    assert!(wiki.content.unwrap().contains("1970s"));

    let similar: SimilarTags = decode_fixture("samples/tag.getSimilar.xml");
    assert_eq!(similar.tag.as_deref(), Some("Disco"));
    assert_eq!(similar.tags.len(), 1);
    assert_eq!(similar.tags[0].name, "high energy");
    assert_eq!(
        similar.tags[0].url.as_deref(),
        Some("http://www.last.fm/tag/high energy")
    );

    let albums: TagTopAlbums = decode_fixture("samples/tag.getTopAlbums.xml");
    assert_eq!(albums.tag.as_deref(), Some("Disco"));
    let album = &albums.albums[0];
    assert_eq!(album.rank, None, "rank=\"\" is None");
    assert_eq!(album.name, "Overpowered");
    assert_eq!(album.mbid, None);
    assert_eq!(
        album.url.as_deref(),
        Some("http://www.last.fm/music/Róisín+Murphy/Overpowered"),
        "the padded URL is trimmed"
    );
    let artist = album.artist.as_ref().unwrap();
    assert_eq!(artist.name, "Róisín Murphy");
    assert_eq!(
        artist.mbid.as_deref(),
        Some("4c56405d-ba8e-4283-99c3-1dc95bdd50e7")
    );
    assert_eq!(album.images.get(ImageSize::Small), Some("..."));
    assert_eq!(album.images.len(), 3);

    let artists: TagTopArtists = decode_fixture("samples/tag.getTopArtists.xml");
    assert_eq!(artists.tag.as_deref(), Some("Disco"));
    let abba = &artists.artists[0];
    assert_eq!((abba.name.as_str(), abba.rank), ("ABBA", None));
    assert_eq!(
        abba.mbid.as_deref(),
        Some("d87e52c5-bb8d-4da8-b941-9f4928627dc8")
    );
    assert_eq!(abba.url.as_deref(), Some("http://www.last.fm/music/ABBA"));
    assert_eq!(abba.streamable, Some(true));
    assert_eq!(abba.playcount, None);
    assert_eq!(artists.paging().page, 1);
    assert_eq!(artists.paging().total_pages, None);

    let top: TagList = decode_fixture("samples/tag.getTopTags.xml");
    assert_eq!(top.tags.len(), 1);
    assert_eq!(top.tags[0].name, "rock");
    assert_eq!(top.tags[0].count, Some(1994155));
    assert_eq!(top.tags[0].url.as_deref(), Some("www.last.fm/tag/rock"));

    let tracks: TagTopTracks = decode_fixture("samples/tag.getTopTracks.xml");
    assert_eq!(tracks.tag.as_deref(), Some("Disco"));
    let track = &tracks.tracks[0];
    assert_eq!(track.name, "Stayin' Alive");
    assert_eq!((track.rank, track.mbid.as_deref()), (None, None));
    assert_eq!(
        track.url.as_deref(),
        Some("http://www.last.fm/music/Bee+Gees/_/Stayin'+Alive")
    );
    assert_eq!(track.streamable, Some(true));
    assert_eq!(track.duration, None);
    let artist = track.artist.as_ref().unwrap();
    assert_eq!(artist.name, "Bee Gees");
    assert_eq!(
        artist.url.as_deref(),
        Some("http://www.last.fm/music/Bee+Gees")
    );

    let weeks: WeeklyChartList = decode_fixture("samples/tag.getWeeklyChartList.xml");
    assert_eq!(weeks.tag.as_deref(), Some("rock"));
    let ranges: Vec<_> = weeks
        .charts
        .iter()
        .map(|c| (c.from.as_unix(), c.to.as_unix()))
        .collect();
    assert_eq!(ranges, [(1108296002, 1108900802), (1108900801, 1109505601)]);
}

/// The service now answers `tag.getInfo` with `total` in place of
/// `taggings`, and without a URL.
#[test]
fn current_tag_info_shape_decodes() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<lfm status="ok"><tag><name>disco</name><total>1234567</total><reach>98765</reach>
<wiki><summary>Disco &amp; more.</summary><content></content></wiki></tag></lfm>"#;
    let info: TagInfo = lastfm_api::from_response(body).unwrap();
    assert_eq!(info.name, "disco");
    assert_eq!((info.total, info.taggings), (Some(1234567), None));
    assert_eq!(info.reach, Some(98765));
    assert_eq!(info.url, None);
    let wiki = info.wiki.unwrap();
    assert_eq!(wiki.summary.as_deref(), Some("Disco & more."));
    assert_eq!(wiki.content, None);
}
