//! The user package: every method against the offline server (wire and
//! values read from the world's scrobbles, loves and taggings), paging
//! streams, errors, and the documented samples and recorded responses.

use futures_util::TryStreamExt;
use lastfm_api::types::{
    Period, RecentTracks, TaggingType, UserFriends, UserInfo, UserLovedTracks, UserPersonalTags,
    UserTopAlbums, UserTopArtists, UserTopTags, UserTopTracks, UserWeeklyAlbumChart,
    UserWeeklyArtistChart, UserWeeklyTrackChart, WeeklyChartList,
};
use lastfm_api::{ErrorCode, ImageSize, Paged};
use lastfm_server::{Loved, NowPlaying, Server, TagTarget, UserData};
use lastfm_tests::*;

const DAY: u64 = 24 * 3600;
const WEEK: u64 = 7 * DAY;

fn now(server: &Server) -> u64 {
    server.clock().unix()
}

fn artist_mbid(server: &Server, artist: &str) -> String {
    server.world(|w| w.catalogue.artist(artist).unwrap().mbid.clone())
}

fn album_mbid(server: &Server, artist: &str, album: &str) -> String {
    server.world(|w| w.catalogue.album(artist, album).unwrap().mbid.clone())
}

/// The catalogue's MusicBrainz id of a track, `None` when it has none.
fn track_mbid(server: &Server, artist: &str, track: &str) -> Option<String> {
    server.world(|w| {
        let mbid = w.catalogue.track(artist, track).unwrap().mbid.clone();
        (!mbid.is_empty()).then_some(mbid)
    })
}

fn assert_user_not_found(err: lastfm_api::Error) {
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters), "{err}");
    assert!(err.to_string().contains("User not found"), "{err}");
}

// ---------------------------------------------------------------- recent tracks

#[tokio::test]
async fn recent_tracks_newest_first_after_now_playing() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    add_plays(
        &server,
        USER,
        vec![
            play("Cher", "Believe", "Believe", t - 3000),
            play("Radiohead", "Karma Police", "OK Computer", t - 2000),
            play("Земфира", "Снег", "Земфира", t - 1000),
        ],
    );
    server.world(|w| {
        w.user_mut(USER).unwrap().now_playing = Some(NowPlaying {
            artist: "Sigur Rós".into(),
            track: "Starálfur".into(),
            album: "Ágætis byrjun".into(),
            album_artist: String::new(),
            started: t - 10,
            duration: 300,
        });
    });

    let page = client
        .user()
        .get_recent_tracks(USER)
        .limit(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getRecentTracks",
        "GET",
        false,
        &[("user", USER), ("limit", "2")],
    );
    assert_eq!(page.user.as_deref(), Some(USER));
    let paging = page.paging();
    // The now-playing row is not counted.
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(2), Some(2), Some(3))
    );
    assert_eq!(page.tracks.len(), 3, "now playing + 2 scrobbles");

    let playing = &page.tracks[0];
    assert_eq!(playing.now_playing, Some(true));
    assert_eq!(playing.date, None);
    assert_eq!(playing.name, "Starálfur");
    assert_eq!(playing.artist.name, "Sigur Rós");
    assert_eq!(
        playing.artist.mbid.as_deref(),
        Some(artist_mbid(&server, "Sigur Rós").as_str())
    );
    let album = playing.album.as_ref().unwrap();
    assert_eq!(album.title.as_deref(), Some("Ágætis byrjun"));
    assert_eq!(
        album.mbid.as_deref(),
        Some(album_mbid(&server, "Sigur Rós", "Ágætis byrjun").as_str())
    );

    let newest = &page.tracks[1];
    assert_eq!(newest.now_playing, None);
    assert_eq!(newest.date.map(u64::from), Some(t - 1000));
    assert_eq!(
        (newest.artist.name.as_str(), newest.name.as_str()),
        ("Земфира", "Снег")
    );
    assert_eq!(newest.mbid, track_mbid(&server, "Земфира", "Снег"));
    assert_eq!(newest.streamable, Some(false));
    assert_eq!(newest.loved, None, "no loved flag without `extended`");
    assert_eq!(newest.images.len(), 4);
    assert_eq!(page.tracks[2].name, "Karma Police");
    assert_eq!(page.tracks[2].date.map(u64::from), Some(t - 2000));

    // Page 2: the oldest scrobble, and no now-playing row.
    let page = client
        .user()
        .get_recent_tracks(USER)
        .limit(2)
        .page(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getRecentTracks",
        "GET",
        false,
        &[("user", USER), ("limit", "2"), ("page", "2")],
    );
    assert_eq!(page.paging().page, 2);
    assert_eq!(page.tracks.len(), 1);
    assert_eq!(page.tracks[0].name, "Believe");
    assert_eq!(page.tracks[0].date.map(u64::from), Some(t - 3000));
    assert!(page.tracks.iter().all(|r| r.now_playing.is_none()));
}

#[tokio::test]
async fn recent_tracks_range_is_inclusive() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    let times = [t - 4000, t - 3000, t - 2000, t - 1000];
    add_plays(
        &server,
        USER,
        times
            .iter()
            .map(|&at| play("Madonna", "Frozen", "Ray of Light", at)),
    );
    let page = client
        .user()
        .get_recent_tracks(USER)
        .from(t - 3000)
        .to(t - 2000)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getRecentTracks",
        "GET",
        false,
        &[
            ("user", USER),
            ("from", &(t - 3000).to_string()),
            ("to", &(t - 2000).to_string()),
        ],
    );
    let dates: Vec<_> = page.tracks.iter().map(|r| r.date.map(u64::from)).collect();
    assert_eq!(
        dates,
        [Some(t - 2000), Some(t - 3000)],
        "both ends included"
    );
    assert_eq!(page.paging().total, Some(2));

    let page = client
        .user()
        .get_recent_tracks(USER)
        .from(t - 1000)
        .await
        .unwrap();
    assert_eq!(page.tracks.len(), 1);
    assert_eq!(page.tracks[0].date.map(u64::from), Some(t - 1000));
}

#[tokio::test]
async fn recent_tracks_extended_gives_artist_details_and_loved_flag() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    add_plays(
        &server,
        USER,
        vec![
            play("Radiohead", "Karma Police", "OK Computer", t - 200),
            play("AC/DC", "Hells Bells", "Back in Black", t - 100),
        ],
    );
    server.world(|w| {
        w.user_mut(USER).unwrap().loved.push(Loved {
            artist: "Radiohead".into(),
            track: "Karma Police".into(),
            at: t - 50,
        });
    });
    let page = client
        .user()
        .get_recent_tracks(USER)
        .extended(true)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getRecentTracks",
        "GET",
        false,
        &[("user", USER), ("extended", "1")],
    );
    assert_eq!(page.tracks.len(), 2);
    let acdc = &page.tracks[0];
    assert_eq!(acdc.artist.name, "AC/DC");
    assert_eq!(
        acdc.artist.mbid.as_deref(),
        Some(artist_mbid(&server, "AC/DC").as_str())
    );
    assert_eq!(
        acdc.artist.url.as_deref(),
        Some("https://www.last.fm/music/AC%2FDC")
    );
    assert_eq!(acdc.artist.images.len(), 4);
    assert_eq!(acdc.loved, Some(false));
    let radiohead = &page.tracks[1];
    assert_eq!(radiohead.artist.name, "Radiohead");
    assert_eq!(radiohead.loved, Some(true));

    // Without `extended`, the text shape carries no URL or pictures.
    let plain = client.user().get_recent_tracks(USER).await.unwrap();
    assert_eq!(plain.tracks[0].artist.name, "AC/DC");
    assert_eq!(plain.tracks[0].artist.mbid, acdc.artist.mbid);
    assert_eq!(plain.tracks[0].artist.url, None);
    assert!(plain.tracks[0].artist.images.is_empty());
}

#[tokio::test]
async fn recent_tracks_stream_walks_every_page_once() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    let tracks = server.world(|w| {
        w.catalogue
            .tracks_of("Radiohead")
            .cloned()
            .collect::<Vec<_>>()
    });
    assert_eq!(tracks.len(), 9);
    add_plays(
        &server,
        USER,
        tracks
            .iter()
            .enumerate()
            .map(|(i, tr)| play(&tr.artist, &tr.name, &tr.album, t - 10_000 + i as u64 * 60)),
    );
    let rows: Vec<_> = client
        .user()
        .get_recent_tracks(USER)
        .limit(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 9);
    let dates: Vec<u64> = rows.iter().map(|r| r.date.unwrap().as_unix()).collect();
    assert!(dates.windows(2).all(|w| w[0] > w[1]), "{dates:?}");
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let expected: Vec<&str> = tracks.iter().rev().map(|tr| tr.name.as_str()).collect();
    assert_eq!(names, expected);
    let pages = server
        .requests()
        .iter()
        .filter(|r| r.method == "user.getRecentTracks")
        .count();
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn unknown_user_is_an_error() {
    let (server, client) = server_and_client().await;
    let err = client
        .user()
        .get_recent_tracks("nobody-here")
        .await
        .unwrap_err();
    assert_user_not_found(err);
    assert_wire(
        &server,
        "user.getRecentTracks",
        "GET",
        false,
        &[("user", "nobody-here")],
    );
    assert_user_not_found(
        client
            .user()
            .get_info()
            .user("nobody-here")
            .await
            .unwrap_err(),
    );
    assert_user_not_found(
        client
            .user()
            .get_top_artists("nobody-here")
            .await
            .unwrap_err(),
    );
    assert_user_not_found(
        client
            .user()
            .get_weekly_chart_list("nobody-here")
            .await
            .unwrap_err(),
    );
}

// ---------------------------------------------------------------- loved tracks

#[tokio::test]
async fn loved_tracks_most_recent_first() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    server.world(|w| {
        let u = w.user_mut(USER).unwrap();
        for (artist, track, at) in [
            ("Cher", "Believe", t - 500),
            ("Madonna", "Frozen", t - 100),
            ("Metallica", "Battery", t - 300),
        ] {
            u.loved.push(Loved {
                artist: artist.into(),
                track: track.into(),
                at,
            });
        }
    });
    let page = client.user().get_loved_tracks(USER).await.unwrap();
    assert_wire(
        &server,
        "user.getLovedTracks",
        "GET",
        false,
        &[("user", USER)],
    );
    assert_eq!(page.user.as_deref(), Some(USER));
    assert_eq!(page.paging().total, Some(3));
    let names: Vec<&str> = page.tracks.iter().map(|tr| tr.name.as_str()).collect();
    assert_eq!(names, ["Frozen", "Battery", "Believe"]);
    let frozen = &page.tracks[0];
    assert_eq!(frozen.date, t - 100);
    assert_eq!(frozen.artist.name, "Madonna");
    assert_eq!(
        frozen.artist.mbid.as_deref(),
        Some(artist_mbid(&server, "Madonna").as_str())
    );
    assert_eq!(frozen.mbid, track_mbid(&server, "Madonna", "Frozen"));
    assert_eq!(
        frozen.url.as_deref(),
        Some("https://www.last.fm/music/Madonna/_/Frozen")
    );
    assert_eq!(frozen.images.len(), 4);
    assert_eq!(frozen.streamable, Some(false));

    let all: Vec<_> = client
        .user()
        .get_loved_tracks(USER)
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].name, "Believe");
    assert_wire(
        &server,
        "user.getLovedTracks",
        "GET",
        false,
        &[("user", USER), ("limit", "2"), ("page", "2")],
    );
}

// ---------------------------------------------------------------- profile and friends

#[tokio::test]
async fn info_by_name_and_for_the_session_user() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    add_plays(
        &server,
        USER,
        vec![
            play("Cher", "Believe", "Believe", t - 300),
            play("Cher", "Believe", "Believe", t - 200),
            play("Cher", "The Power", "Believe", t - 150),
            play("Portishead", "Glory Box", "Dummy", t - 100),
        ],
    );
    let registered = server.world(|w| w.user(USER).unwrap().registered);

    let info = client.user().get_info().user(USER).await.unwrap();
    assert_wire(&server, "user.getInfo", "GET", false, &[("user", USER)]);
    assert_eq!(info.name, USER);
    assert_eq!(info.playcount, 4);
    assert_eq!(info.registered, registered);
    assert!(!info.subscriber);
    assert_eq!(info.artist_count, Some(2));
    assert_eq!(info.album_count, Some(2));
    assert_eq!(info.track_count, Some(3));
    assert_eq!(info.url.as_deref(), Some("https://www.last.fm/user/alice"));
    assert_eq!(info.images.len(), 4);

    // On a session, `user` may be left out: the session's user is meant.
    let me = session_client(&server, &client);
    let mine = me.user().get_info().await.unwrap();
    // A session key never travels in a URL: the call is a signed POST.
    assert_wire(&server, "user.getInfo", "POST", true, &[]);
    let request = last_request(&server, "user.getInfo");
    assert!(request.params.iter().any(|(k, _)| k == "sk"));
    assert!(!request.params.iter().any(|(k, _)| k == "user"));
    assert_eq!(mine.name, USER);
    assert_eq!(mine.playcount, 4);

    // Without either, the service cannot tell whom.
    let err = client.user().get_info().await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InvalidParameters));
}

#[tokio::test]
async fn friends_with_their_latest_scrobble() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    server.world(|w| {
        let mut bob = UserData::new("bob", true, t - 100 * DAY);
        bob.realname = "Bob Example".into();
        bob.country = "Iceland".into();
        bob.add_play(play("Sigur Rós", "Intro", "Ágætis byrjun", t - 900));
        bob.add_play(play("Massive Attack", "Teardrop", "Mezzanine", t - 600));
        w.users.push(bob);
        w.users.push(UserData::new("carol", false, t - 10 * DAY));
        w.user_mut(USER).unwrap().friends = vec!["bob".into(), "carol".into()];
    });
    let page = client
        .user()
        .get_friends(USER)
        .recenttracks(true)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getFriends",
        "GET",
        false,
        &[("user", USER), ("recenttracks", "1")],
    );
    assert_eq!(page.user.as_deref(), Some(USER));
    assert_eq!(page.paging().total, Some(2));
    let bob = &page.users[0];
    assert_eq!(bob.name, "bob");
    assert_eq!(bob.realname.as_deref(), Some("Bob Example"));
    assert_eq!(bob.country.as_deref(), Some("Iceland"));
    assert_eq!(bob.registered.map(u64::from), Some(t - 100 * DAY));
    assert_eq!(bob.subscriber, Some(true));
    assert_eq!(bob.playcount, Some(2));
    assert_eq!(bob.url.as_deref(), Some("https://www.last.fm/user/bob"));
    let latest = bob.recent_track.as_ref().expect("bob scrobbled");
    assert_eq!(latest.name, "Teardrop");
    assert_eq!(latest.artist.name, "Massive Attack");
    assert_eq!(latest.date.map(u64::from), Some(t - 600));
    assert_eq!(
        latest.mbid,
        track_mbid(&server, "Massive Attack", "Teardrop")
    );
    let carol = &page.users[1];
    assert_eq!(carol.name, "carol");
    assert_eq!(carol.recent_track, None, "carol never scrobbled");

    // Without `recenttracks`, no track.
    let page = client.user().get_friends(USER).await.unwrap();
    assert!(page.users.iter().all(|u| u.recent_track.is_none()));

    let names: Vec<String> = client
        .user()
        .get_friends(USER)
        .limit(1)
        .items()
        .map_ok(|u| u.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["bob", "carol"]);
    assert_wire(
        &server,
        "user.getFriends",
        "GET",
        false,
        &[("user", USER), ("limit", "1"), ("page", "2")],
    );
}

// ---------------------------------------------------------------- top lists

/// Cher ×3 (one of them 60 days ago), Radiohead ×2, an artist the catalogue
/// does not know ×1.
fn seed_listening(server: &Server) -> u64 {
    let t = now(server);
    add_plays(
        server,
        USER,
        vec![
            play("Cher", "Believe", "Believe", t - 60 * DAY),
            play("Cher", "Believe", "Believe", t - 3 * DAY),
            play("cher", "Strong Enough", "Believe", t - 2 * DAY),
            play("Radiohead", "Karma Police", "OK Computer", t - 2 * DAY),
            play("Radiohead", "Idioteque", "Kid A", t - DAY),
            play("Garage Band Nobody Knows", "Demo", "", t - 3600),
        ],
    );
    t
}

#[tokio::test]
async fn top_artists_count_the_users_scrobbles() {
    let (server, client) = server_and_client().await;
    seed_listening(&server);
    let list = client.user().get_top_artists(USER).await.unwrap();
    assert_wire(
        &server,
        "user.getTopArtists",
        "GET",
        false,
        &[("user", USER)],
    );
    assert_eq!(list.user.as_deref(), Some(USER));
    assert_eq!(list.period.as_deref(), Some("overall"));
    let ranked: Vec<(&str, u64, u64)> = list
        .artists
        .iter()
        .map(|a| (a.name.as_str(), a.playcount.unwrap(), a.rank.unwrap()))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Cher", 3, 1),
            ("Radiohead", 2, 2),
            ("Garage Band Nobody Knows", 1, 3)
        ]
    );
    assert_eq!(
        list.artists[0].mbid.as_deref(),
        Some(artist_mbid(&server, "Cher").as_str())
    );
    assert_eq!(list.artists[2].mbid, None, "unknown to the catalogue");
    assert_eq!(list.paging().total, Some(3));

    let week = client
        .user()
        .get_top_artists(USER)
        .period(Period::Week)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getTopArtists",
        "GET",
        false,
        &[("user", USER), ("period", "7day")],
    );
    assert_eq!(week.period.as_deref(), Some("7day"));
    let ranked: Vec<(&str, u64)> = week
        .artists
        .iter()
        .map(|a| (a.name.as_str(), a.playcount.unwrap()))
        .collect();
    // The play of 60 days ago is out; ties go by name.
    assert_eq!(
        ranked,
        [
            ("Cher", 2),
            ("Radiohead", 2),
            ("Garage Band Nobody Knows", 1)
        ]
    );

    let names: Vec<String> = client
        .user()
        .get_top_artists(USER)
        .limit(2)
        .items()
        .map_ok(|a| a.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["Cher", "Radiohead", "Garage Band Nobody Knows"]);
}

#[tokio::test]
async fn top_albums_and_tracks() {
    let (server, client) = server_and_client().await;
    seed_listening(&server);
    let albums = client
        .user()
        .get_top_albums(USER)
        .period(Period::Quarter)
        .limit(2)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getTopAlbums",
        "GET",
        false,
        &[("user", USER), ("period", "3month"), ("limit", "2")],
    );
    assert_eq!(albums.period.as_deref(), Some("3month"));
    // Believe ×3, OK Computer and Kid A ×1 each (the play without album is not an album).
    assert_eq!(albums.paging().total, Some(3));
    assert_eq!(albums.paging().total_pages, Some(2));
    let believe = &albums.albums[0];
    assert_eq!(
        (believe.name.as_str(), believe.playcount),
        ("Believe", Some(3))
    );
    assert_eq!(believe.rank, Some(1));
    assert_eq!(
        believe.mbid.as_deref(),
        Some(album_mbid(&server, "Cher", "Believe").as_str())
    );
    assert_eq!(believe.artist.as_ref().unwrap().name, "Cher");
    assert_eq!(albums.albums[1].name, "Kid A", "ties by name");

    let tracks = client
        .user()
        .get_top_tracks(USER)
        .period(Period::Month)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getTopTracks",
        "GET",
        false,
        &[("user", USER), ("period", "1month")],
    );
    let ranked: Vec<(&str, &str, u64)> = tracks
        .tracks
        .iter()
        .map(|t| {
            (
                t.artist.as_ref().unwrap().name.as_str(),
                t.name.as_str(),
                t.playcount.unwrap(),
            )
        })
        .collect();
    assert_eq!(ranked.len(), 5);
    assert_eq!(ranked[0], ("Cher", "Believe", 1));
    assert!(ranked.iter().all(|r| r.2 == 1));
    let demo = tracks.tracks.iter().find(|t| t.name == "Demo").unwrap();
    assert_eq!(demo.mbid, None);
    assert_eq!(demo.duration, None);
    let believe = &tracks.tracks[0];
    let expected = server.world(|w| w.catalogue.track("Cher", "Believe").unwrap().duration_secs);
    assert_eq!(
        believe.duration.map(|d| d.as_secs()),
        Some(u64::from(expected))
    );

    let overall: Vec<_> = client
        .user()
        .get_top_tracks(USER)
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(overall.len(), 5);
    assert_eq!(
        (overall[0].name.as_str(), overall[0].playcount),
        ("Believe", Some(2))
    );
    let total: u64 = overall.iter().map(|t| t.playcount.unwrap()).sum();
    assert_eq!(total, 6, "every scrobble counted once");
}

fn seed_taggings(server: &Server) {
    let t = now(server);
    server.world(|w| {
        let u = w.user_mut(USER).unwrap();
        u.taggings = vec![
            tagging(
                TagTarget::Artist {
                    artist: "Cher".into(),
                },
                "rock",
                t - 50,
            ),
            tagging(
                TagTarget::Artist {
                    artist: "Radiohead".into(),
                },
                "rock",
                t - 40,
            ),
            tagging(
                TagTarget::Album {
                    artist: "Cher".into(),
                    album: "Believe".into(),
                },
                "pop",
                t - 30,
            ),
            tagging(
                TagTarget::Track {
                    artist: "Metallica".into(),
                    track: "Battery".into(),
                },
                "rock",
                t - 20,
            ),
        ];
    });
}

#[tokio::test]
async fn top_tags_count_the_users_taggings() {
    let (server, client) = server_and_client().await;
    seed_taggings(&server);
    let tags = client.user().get_top_tags(USER).await.unwrap();
    assert_wire(&server, "user.getTopTags", "GET", false, &[("user", USER)]);
    assert_eq!(tags.user.as_deref(), Some(USER));
    let counted: Vec<(&str, Option<u64>)> = tags
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.count))
        .collect();
    assert_eq!(counted, [("rock", Some(3)), ("pop", Some(1))]);
    assert_eq!(
        tags.tags[0].url.as_deref(),
        Some("https://www.last.fm/tag/rock")
    );

    let one = client.user().get_top_tags(USER).limit(1).await.unwrap();
    assert_wire(
        &server,
        "user.getTopTags",
        "GET",
        false,
        &[("user", USER), ("limit", "1")],
    );
    assert_eq!(one.tags.len(), 1);
    assert_eq!(one.tags[0].name, "rock");
}

#[tokio::test]
async fn personal_tags_of_each_kind() {
    let (server, client) = server_and_client().await;
    seed_taggings(&server);
    let artists = client
        .user()
        .get_personal_tags(USER, "rock", TaggingType::Artist)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getPersonalTags",
        "GET",
        false,
        &[("user", USER), ("tag", "rock"), ("taggingtype", "artist")],
    );
    assert_eq!(artists.user.as_deref(), Some(USER));
    assert_eq!(artists.tag.as_deref(), Some("rock"));
    assert_eq!(artists.paging.total, Some(2));
    assert!(artists.albums.is_none() && artists.tracks.is_none());
    let list = artists.artists.as_ref().unwrap();
    let names: Vec<&str> = list.artists.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Cher", "Radiohead"]);
    assert_eq!(
        list.artists[0].mbid.as_deref(),
        Some(artist_mbid(&server, "Cher").as_str())
    );
    assert_eq!(list.artists[0].images.len(), 4);

    let albums = client
        .user()
        .get_personal_tags(USER, "pop", TaggingType::Album)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getPersonalTags",
        "GET",
        false,
        &[("taggingtype", "album"), ("tag", "pop")],
    );
    let list = albums.albums.as_ref().unwrap();
    assert_eq!(list.albums.len(), 1);
    assert_eq!(list.albums[0].name, "Believe");
    assert_eq!(list.albums[0].artist.as_ref().unwrap().name, "Cher");
    assert_eq!(
        list.albums[0].mbid.as_deref(),
        Some(album_mbid(&server, "Cher", "Believe").as_str())
    );

    let tracks = client
        .user()
        .get_personal_tags(USER, "ROCK", TaggingType::Track)
        .limit(5)
        .page(1)
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getPersonalTags",
        "GET",
        false,
        &[
            ("taggingtype", "track"),
            ("tag", "ROCK"),
            ("limit", "5"),
            ("page", "1"),
        ],
    );
    let list = tracks.tracks.as_ref().unwrap();
    assert_eq!(list.tracks.len(), 1);
    assert_eq!(list.tracks[0].name, "Battery");
    assert_eq!(list.tracks[0].artist.as_ref().unwrap().name, "Metallica");
    assert_eq!(tracks.paging.per_page, Some(5));

    // A tag the user never applied: an empty list.
    let none = client
        .user()
        .get_personal_tags(USER, "jazz", TaggingType::Artist)
        .await
        .unwrap();
    assert_eq!(none.paging.total, Some(0));
    assert!(none.artists.unwrap().artists.is_empty());
}

// ---------------------------------------------------------------- weekly charts

#[tokio::test]
async fn weekly_chart_list_covers_every_week_since_registration() {
    let (server, client) = server_and_client().await;
    let t = now(&server);
    let registered = server.world(|w| w.user(USER).unwrap().registered);
    let list = client.user().get_weekly_chart_list(USER).await.unwrap();
    assert_wire(
        &server,
        "user.getWeeklyChartList",
        "GET",
        false,
        &[("user", USER)],
    );
    assert_eq!(list.user.as_deref(), Some(USER));
    let first = list.charts.first().unwrap();
    let last = list.charts.last().unwrap();
    assert!(first.from.as_unix() <= registered && registered < first.to.as_unix());
    assert!(
        last.to.as_unix() <= t && t - last.to.as_unix() < WEEK,
        "up to the last whole week"
    );
    assert!(
        list.charts
            .iter()
            .all(|c| c.to.as_unix() - c.from.as_unix() == WEEK)
    );
    assert!(
        list.charts
            .windows(2)
            .all(|w| w[0].to.as_unix() == w[1].from.as_unix())
    );
    // Weeks run from Sunday noon UTC to Sunday noon (1970-01-04 was a Sunday).
    assert_eq!((first.from.as_unix() - 3 * DAY - 12 * 3600) % WEEK, 0);
}

#[tokio::test]
async fn weekly_charts_count_the_week_asked_for() {
    let (server, client) = server_and_client().await;
    let list = client.user().get_weekly_chart_list(USER).await.unwrap();
    let week = list.charts[list.charts.len() - 1].clone();
    let earlier = list.charts[list.charts.len() - 2].clone();
    add_plays(
        &server,
        USER,
        vec![
            play("Portishead", "Glory Box", "Dummy", week.from.as_unix()),
            play(
                "Portishead",
                "Sour Times",
                "Dummy",
                week.from.as_unix() + 100,
            ),
            play("Portishead", "Glory Box", "Dummy", week.to.as_unix() - 1),
            play("Kylie Minogue", "Fever", "Fever", week.from.as_unix() + 200),
            // The end is exclusive: this play belongs to the next week.
            play("Kylie Minogue", "Fever", "Fever", week.to.as_unix()),
            play(
                "Metallica",
                "Battery",
                "Master of Puppets",
                earlier.from.as_unix() + 5,
            ),
        ],
    );

    let artists = client
        .user()
        .get_weekly_artist_chart(USER)
        .from(week.from.as_unix())
        .to(week.to.as_unix())
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getWeeklyArtistChart",
        "GET",
        false,
        &[
            ("user", USER),
            ("from", &week.from.as_unix().to_string()),
            ("to", &week.to.as_unix().to_string()),
        ],
    );
    assert_eq!((artists.from, artists.to), (Some(week.from), Some(week.to)));
    assert_eq!(artists.user.as_deref(), Some(USER));
    let ranked: Vec<(&str, Option<u64>, Option<u64>)> = artists
        .artists
        .iter()
        .map(|a| (a.name.as_str(), a.playcount, a.rank))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Portishead", Some(3), Some(1)),
            ("Kylie Minogue", Some(1), Some(2))
        ]
    );
    assert_eq!(
        artists.artists[0].mbid.as_deref(),
        Some(artist_mbid(&server, "Portishead").as_str())
    );

    // Without a range: the latest whole week, the same one.
    let latest = client.user().get_weekly_artist_chart(USER).await.unwrap();
    assert_eq!(latest, artists);

    let earlier_chart = client
        .user()
        .get_weekly_artist_chart(USER)
        .from(earlier.from.as_unix())
        .to(earlier.to.as_unix())
        .await
        .unwrap();
    assert_eq!(earlier_chart.artists.len(), 1);
    assert_eq!(earlier_chart.artists[0].name, "Metallica");

    let albums = client
        .user()
        .get_weekly_album_chart(USER)
        .from(week.from.as_unix())
        .to(week.to.as_unix())
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getWeeklyAlbumChart",
        "GET",
        false,
        &[
            ("user", USER),
            ("from", &week.from.as_unix().to_string()),
            ("to", &week.to.as_unix().to_string()),
        ],
    );
    assert_eq!((albums.from, albums.to), (Some(week.from), Some(week.to)));
    let dummy = &albums.albums[0];
    assert_eq!((dummy.name.as_str(), dummy.playcount), ("Dummy", 3));
    assert_eq!(dummy.rank, Some(1));
    assert_eq!(dummy.artist.name, "Portishead");
    assert_eq!(
        dummy.artist.mbid.as_deref(),
        Some(artist_mbid(&server, "Portishead").as_str())
    );
    assert_eq!(
        dummy.mbid.as_deref(),
        Some(album_mbid(&server, "Portishead", "Dummy").as_str())
    );
    assert_eq!(albums.albums[1].name, "Fever");
    assert_eq!(albums.albums.len(), 2);

    let tracks = client
        .user()
        .get_weekly_track_chart(USER)
        .from(week.from.as_unix())
        .to(week.to.as_unix())
        .await
        .unwrap();
    assert_wire(
        &server,
        "user.getWeeklyTrackChart",
        "GET",
        false,
        &[
            ("user", USER),
            ("from", &week.from.as_unix().to_string()),
            ("to", &week.to.as_unix().to_string()),
        ],
    );
    let ranked: Vec<(&str, u64)> = tracks
        .tracks
        .iter()
        .map(|t| (t.name.as_str(), t.playcount))
        .collect();
    assert_eq!(ranked, [("Glory Box", 2), ("Fever", 1), ("Sour Times", 1)]);
    assert_eq!(tracks.tracks[0].artist.name, "Portishead");
    assert_eq!(
        tracks.tracks[0].mbid,
        track_mbid(&server, "Portishead", "Glory Box")
    );
    assert_eq!(tracks.tracks[0].images.len(), 4);
}

// ---------------------------------------------------------------- fixtures

#[test]
fn real_recent_tracks_decode() {
    let page: RecentTracks = decode_fixture("real/user.getRecentTracks.xml");
    assert_eq!(page.user.as_deref(), Some("bbc6music"));
    let paging = page.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(50), Some(1), Some(11))
    );
    assert_eq!(page.tracks.len(), 11);
    assert!(page.tracks.iter().all(|t| t.now_playing.is_none()));
    let first = &page.tracks[0];
    assert_eq!(first.artist.name, "Seun Kuti & Egypt 80");
    assert_eq!(first.artist.mbid, None, "mbid=\"\" is None");
    assert_eq!(first.name, "Struggles Sounds");
    assert_eq!(first.mbid, None);
    assert_eq!(first.streamable, Some(false));
    assert_eq!(
        first.album, None,
        "an empty `<album mbid=\"\"></album>` is no album (the spec's `optional`)"
    );
    assert!(first.images.is_empty(), "empty image URLs are left out");
    assert_eq!(first.date.map(u64::from), Some(1581780986));
    assert_eq!(
        first.url.as_deref(),
        Some("https://www.last.fm/music/Seun+Kuti+&+Egypt+80/_/Struggles+Sounds")
    );
    let second = &page.tracks[1];
    assert_eq!(second.artist.name, "Wayne Shorter");
    assert_eq!(
        second.artist.mbid.as_deref(),
        Some("2379937f-6e0d-46a2-b8ff-633fafd72002")
    );
    assert_eq!(
        second.mbid.as_deref(),
        Some("09d5dd70-80f3-4598-bf71-dd1f627d4c50")
    );
    let last = page.tracks.last().unwrap();
    assert_eq!(
        (last.artist.name.as_str(), last.name.as_str()),
        ("Moondog", "Untitled Chant")
    );
    assert_eq!(last.date.map(u64::from), Some(1581778881));
}

#[test]
fn sample_recent_tracks_decode() {
    let page: RecentTracks = decode_fixture("samples/user.getRecentTracks.xml");
    assert_eq!(page.user.as_deref(), Some("RJ"));
    assert_eq!(page.paging().total_pages, Some(3019));
    assert_eq!(page.paging().per_page, Some(10));
    let t = &page.tracks[0];
    assert_eq!(t.now_playing, Some(true));
    assert_eq!(t.artist.name, "Aretha Franklin");
    assert_eq!(
        t.artist.mbid.as_deref(),
        Some("2f9ecbed-27be-40e6-abca-6de49d50299e")
    );
    assert_eq!(t.name, "Sisters Are Doing It For Themselves");
    assert_eq!(t.mbid, None);
    assert_eq!(t.date.map(u64::from), Some(1213031819));
    assert_eq!(t.streamable, Some(true));
}

#[test]
fn loved_tracks_fixtures_decode() {
    let page: UserLovedTracks = decode_fixture("real/user.getLovedTracks.xml");
    assert_eq!(page.user.as_deref(), Some("test-user"));
    let paging = page.paging();
    assert_eq!(
        (
            paging.page,
            paging.per_page,
            paging.total_pages,
            paging.total
        ),
        (1, Some(100), Some(1), Some(23))
    );
    assert_eq!(page.tracks.len(), 23);
    let first = &page.tracks[0];
    assert_eq!(first.name, "Original Prankster");
    assert_eq!(
        first.mbid.as_deref(),
        Some("3efef57e-6e47-41bc-8832-54d11eed8105")
    );
    assert_eq!(first.date, 1155722612);
    assert_eq!(first.artist.name, "The Offspring");
    assert_eq!(
        first.artist.mbid.as_deref(),
        Some("23a03e33-a603-404e-bcbf-2c00159d7067")
    );
    assert_eq!(
        first.artist.url.as_deref(),
        Some("https://www.last.fm/music/The+Offspring")
    );
    assert_eq!(
        first.images.get(ImageSize::ExtraLarge),
        Some("https://lastfm.freetls.fastly.net/i/u/300x300/2a96cbd8b46e442fc41c2b86b821562f.png")
    );
    assert_eq!(first.streamable, Some(false));
    assert_eq!(page.tracks[1].mbid, None, "<mbid></mbid> is None");
    assert_eq!(page.tracks[2].artist.name, "J.B.O.");
    assert_eq!(page.tracks[2].artist.mbid, None);
    let last = page.tracks.last().unwrap();
    assert_eq!(last.name, "Rock'n'Roll Horrorshow");
    assert_eq!(last.date, 0);

    let sample: UserLovedTracks = decode_fixture("samples/user.getLovedTracks.xml");
    assert_eq!(sample.user.as_deref(), Some("RJ"));
    let t = &sample.tracks[0];
    assert_eq!(t.name, "The Glass Prison");
    assert_eq!(t.mbid, None);
    assert_eq!(t.date, 1216371514);
    assert_eq!(t.artist.name, "Dream Theater");
    assert_eq!(
        t.artist.mbid.as_deref(),
        Some("28503ab7-8bf2-4666-a7bd-2644bfc7cb1d")
    );
    assert_eq!(t.images.get(ImageSize::Small), Some("..."));
}

/// A user without a country: the live service sends `<country>None</country>`.
#[test]
fn info_sentinels_are_none() {
    let body = lastfm_tests::fixture("real/user.getInfo.xml")
        .replace(
            "<country>United Kingdom</country>",
            "<country>None</country>",
        )
        .replace("<age>0</age>", "<age>31</age>")
        .replace("<gender>n</gender>", "<gender>f</gender>");
    let info: UserInfo = lastfm_api::from_response(&body).unwrap();
    assert_eq!(info.country, None);
    assert_eq!(info.age, Some(31));
    assert_eq!(info.gender.as_deref(), Some("f"));
}

#[test]
fn info_fixtures_decode() {
    let real: UserInfo = decode_fixture("real/user.getInfo.xml");
    assert_eq!(real.name, "RJ");
    assert_eq!(real.realname.as_deref(), Some("Richard Jones"));
    assert_eq!(real.url.as_deref(), Some("https://www.last.fm/user/RJ"));
    assert_eq!(real.country.as_deref(), Some("United Kingdom"));
    // Issue 9: the "not given" sentinels are `None` (were `Some(0)`, `Some("n")`).
    assert_eq!(real.age, None);
    assert_eq!(real.gender, None);
    assert!(real.subscriber);
    assert_eq!(real.playcount, 149018);
    assert_eq!(real.playlists, Some(0));
    assert_eq!(real.registered, 1037793040);
    assert_eq!(real.account_type.as_deref(), Some("alum"));
    assert_eq!(real.artist_count, Some(12711));
    assert_eq!(real.album_count, Some(26565));
    assert_eq!(real.track_count, Some(56817));
    assert_eq!(
        real.images.get(ImageSize::Small),
        Some("https://lastfm.freetls.fastly.net/i/u/34s/b26d6fd11de240a1c045dfb5c5d9fe65.png")
    );
    assert_eq!(real.images.len(), 4);

    let sample: UserInfo = decode_fixture("samples/user.getInfo.xml");
    assert_eq!(sample.name, "RJ");
    assert_eq!(sample.country.as_deref(), Some("UK"));
    assert_eq!(sample.age, Some(27));
    assert_eq!(sample.playcount, 54189);
    assert_eq!(sample.playlists, Some(4));
    assert_eq!(sample.registered, 1037793040, "from the unixtime attribute");
    assert_eq!(sample.artist_count, None);
    assert_eq!(
        sample.images.largest(),
        Some("http://userserve-ak.last.fm/serve/126/8270359.jpg")
    );
}

#[test]
fn friends_sample_decodes() {
    let friends: UserFriends = decode_fixture("samples/user.getFriends.xml");
    assert_eq!(friends.user.as_deref(), Some("joanofarctan"));
    // The sample puts the paging attributes on <lfm>, out of reach.
    assert_eq!(friends.paging.total, None);
    assert_eq!(friends.paging().page, 1);
    let eartle = &friends.users[0];
    assert_eq!(eartle.name, "eartle");
    assert_eq!(eartle.realname.as_deref(), Some("Michael Coffey"));
    assert_eq!(eartle.country.as_deref(), Some("UK"));
    assert_eq!(eartle.subscriber, Some(true));
    assert_eq!(eartle.playcount, Some(45366));
    assert_eq!(eartle.registered.map(u64::from), Some(1189696970));
    assert_eq!(eartle.account_type.as_deref(), Some("subscriber"));
    assert_eq!(
        eartle.url.as_deref(),
        Some("http://www.last.fm/user/eartle")
    );
    assert_eq!(
        eartle.images.get(ImageSize::ExtraLarge),
        Some("http://userserve-ak.last.fm/serve/252/45718509.jpg")
    );
    assert_eq!(eartle.recent_track, None);
}

#[test]
fn personal_tags_sample_decodes() {
    let tags: UserPersonalTags = decode_fixture("samples/user.getPersonalTags.xml");
    assert_eq!(tags.user.as_deref(), Some("RJ"));
    assert_eq!(tags.tag.as_deref(), Some("rock"));
    assert_eq!(
        (
            tags.paging.page,
            tags.paging.per_page,
            tags.paging.total_pages,
            tags.paging.total
        ),
        (1, Some(50), Some(1), Some(11))
    );
    assert!(tags.albums.is_none() && tags.tracks.is_none());
    let artists = tags.artists.unwrap();
    let hammond = &artists.artists[0];
    assert_eq!(hammond.name, "John Hammond");
    assert_eq!(
        hammond.mbid.as_deref(),
        Some("d83e599c-2d5a-44ec-b727-587e1455b1b5")
    );
    assert_eq!(hammond.streamable, Some(true));
    assert_eq!(
        hammond.images.get(ImageSize::Mega),
        Some("http://userserve-ak.last.fm/serve/_/255418/John+Hammond.jpg")
    );
}

#[test]
fn top_list_samples_decode() {
    let artists: UserTopArtists = decode_fixture("samples/user.getTopArtists.xml");
    assert_eq!(artists.user.as_deref(), Some("RJ"));
    assert_eq!(artists.period.as_deref(), Some("overall"));
    let dt = &artists.artists[0];
    assert_eq!(
        (dt.name.as_str(), dt.playcount, dt.rank),
        ("Dream Theater", Some(1337), Some(1))
    );
    assert_eq!(
        dt.mbid.as_deref(),
        Some("28503ab7-8bf2-4666-a7bd-2644bfc7cb1d")
    );
    assert_eq!(dt.streamable, Some(true));
    assert_eq!(dt.images.len(), 3);

    let albums: UserTopAlbums = decode_fixture("samples/user.getTopAlbums.xml");
    assert_eq!(albums.period.as_deref(), Some("overall"));
    let iaw = &albums.albums[0];
    assert_eq!(
        (iaw.name.as_str(), iaw.playcount, iaw.rank),
        ("Images and Words", Some(174), Some(1))
    );
    assert_eq!(
        iaw.mbid.as_deref(),
        Some("f20971f2-c8ad-4d26-91ab-730f6dedafb2")
    );
    assert_eq!(
        iaw.url.as_deref(),
        Some("http://www.last.fm/music/Dream+Theater/Images+and+Words"),
        "whitespace around the URL is trimmed"
    );
    assert_eq!(iaw.artist.as_ref().unwrap().name, "Dream Theater");

    let tracks: UserTopTracks = decode_fixture("samples/user.getTopTracks.xml");
    assert_eq!(tracks.user.as_deref(), Some("RJ"));
    let ltl = &tracks.tracks[0];
    assert_eq!(
        (ltl.name.as_str(), ltl.playcount, ltl.rank),
        ("Learning to Live", Some(42), Some(1))
    );
    assert_eq!(ltl.mbid, None);
    assert_eq!(ltl.streamable, Some(true));
    assert_eq!(ltl.artist.as_ref().unwrap().name, "Dream Theater");

    let tags: UserTopTags = decode_fixture("samples/user.getTopTags.xml");
    assert_eq!(tags.user.as_deref(), Some("RJ"));
    assert_eq!(tags.tags[0].name, "rock");
    assert_eq!(tags.tags[0].count, Some(12));
    assert_eq!(tags.tags[0].url.as_deref(), Some("www.last.fm/tag/rock"));
}

#[test]
fn weekly_samples_decode() {
    let artists: UserWeeklyArtistChart = decode_fixture("samples/user.getWeeklyArtistChart.xml");
    assert_eq!(artists.user.as_deref(), Some("RJ"));
    assert_eq!(
        (artists.from.map(u64::from), artists.to.map(u64::from)),
        (Some(1212321600), Some(1212926400))
    );
    let a = &artists.artists[0];
    assert_eq!(
        (a.name.as_str(), a.playcount, a.rank),
        ("David Hudson and Friends", Some(18), Some(1))
    );
    assert_eq!(
        a.mbid.as_deref(),
        Some("80e577ba-841f-43ba-9f32-72e7c1692336")
    );

    let albums: UserWeeklyAlbumChart = decode_fixture("samples/user.getWeeklyAlbumChart.xml");
    assert_eq!(albums.user.as_deref(), Some("RJ"));
    assert_eq!(
        (albums.from.map(u64::from), albums.to.map(u64::from)),
        (Some(1212321600), Some(1212926400))
    );
    let b = &albums.albums[0];
    assert_eq!(
        (b.name.as_str(), b.playcount, b.rank),
        ("Bedarra", 10, Some(1))
    );
    assert_eq!(b.artist.name, "David Hudson");
    assert_eq!(
        b.artist.mbid.as_deref(),
        Some("80e577ba-841f-43ba-9f32-72e7c1692336")
    );
    assert_eq!(
        b.mbid.as_deref(),
        Some("dc30face-71db-413a-bcae-06accbd64aae")
    );

    let tracks: UserWeeklyTrackChart = decode_fixture("samples/user.getWeeklyTrackChart.xml");
    assert_eq!(tracks.user.as_deref(), Some("joanofarctan"));
    let w = &tracks.tracks[0];
    assert_eq!(
        (w.name.as_str(), w.playcount, w.rank),
        ("Wellen", 3, Some(1))
    );
    assert_eq!(w.artist.name, "Dirk Leyers");
    assert_eq!(w.mbid, None);
    assert_eq!(
        w.url.as_deref(),
        Some("http://www.last.fm/music/Dirk+Leyers/_/Wellen")
    );

    let sample: WeeklyChartList = decode_fixture("samples/user.getWeeklyChartList.xml");
    assert_eq!(sample.user.as_deref(), Some("RJ"));
    assert_eq!(sample.charts.len(), 2);
    assert_eq!(
        (
            sample.charts[0].from.as_unix(),
            sample.charts[0].to.as_unix()
        ),
        (1108296002, 1108900802)
    );

    let real: WeeklyChartList = decode_fixture("real/user.getWeeklyChartList.xml");
    assert_eq!(real.user.as_deref(), Some("RJ"));
    assert_eq!(real.charts.len(), 1084);
    assert_eq!(
        (real.charts[0].from.as_unix(), real.charts[0].to.as_unix()),
        (1108296000, 1108900800)
    );
    let last = real.charts.last().unwrap();
    assert_eq!(
        (last.from.as_unix(), last.to.as_unix()),
        (1763294400, 1763899200)
    );
    assert!(
        real.charts
            .windows(2)
            .all(|w| w[0].to.as_unix() == w[1].from.as_unix())
    );
}
