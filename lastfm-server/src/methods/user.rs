//! `user.*`: profiles, friends, and what a user did, read from the world:
//! their scrobbles (recent tracks, top lists, weekly charts), loves and
//! taggings, as `track.*` writes them.

use std::fmt::Display;

use super::{Answer, Call, Page, WEEK, Xml, entries, not_found, ranked, ranked_page, week_start};
use crate::catalogue::{AlbumRec, ArtistRec, Catalogue, TrackRec, url};
use crate::clock::date_text;
use crate::protocol::Failure;
use crate::world::{Play, TagTarget, UserData, World};

pub fn answer(world: &World, call: &Call) -> Option<Answer> {
    let result = match call.method {
        "user.getFriends" => friends(world, call),
        "user.getInfo" => info(world, call),
        "user.getLovedTracks" => loved_tracks(world, call),
        "user.getPersonalTags" => personal_tags(world, call),
        "user.getRecentTracks" => recent_tracks(world, call),
        "user.getTopAlbums" => top_albums(world, call),
        "user.getTopArtists" => top_artists(world, call),
        "user.getTopTags" => top_tags(world, call),
        "user.getTopTracks" => top_tracks(world, call),
        "user.getWeeklyAlbumChart" => weekly_album_chart(world, call),
        "user.getWeeklyArtistChart" => weekly_artist_chart(world, call),
        "user.getWeeklyChartList" => weekly_chart_list(world, call),
        "user.getWeeklyTrackChart" => weekly_track_chart(world, call),
        _ => return None,
    };
    Some(result)
}

/// The user named by the `user` parameter (or the session's user where the
/// method allows leaving it out).
fn user<'w>(world: &'w World, call: &Call) -> Result<&'w UserData, Failure> {
    let name = call.user_param("user")?;
    world.user(name).ok_or_else(|| not_found("User"))
}

fn user_url(name: &str) -> String {
    format!(
        "https://www.last.fm/user/{}",
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
    )
}

fn date(x: &mut Xml, uts: u64) {
    x.leaf_with("date", &[("uts", &uts)], date_text(uts));
}

/// The four `<image size="…">` elements, empty, as the service sends them
/// for tracks it has no picture of.
fn empty_images(x: &mut Xml) {
    for size in ["small", "medium", "large", "extralarge"] {
        x.leaf_with("image", &[("size", &size)], "");
    }
}

/// The `period` parameter: its wire name and the earliest timestamp it keeps.
fn period(call: &Call) -> (&'static str, u64) {
    let days: u64 = match call.get("period").unwrap_or("overall") {
        "7day" => 7,
        "1month" => 30,
        "3month" => 90,
        "6month" => 180,
        "12month" => 365,
        _ => return ("overall", 0),
    };
    let wire = match days {
        7 => "7day",
        30 => "1month",
        90 => "3month",
        180 => "6month",
        _ => "12month",
    };
    (wire, call.now.saturating_sub(days * 86_400))
}

fn plays_since(user: &UserData, since: u64) -> impl Iterator<Item = &Play> {
    user.scrobbles.iter().filter(move |p| p.timestamp >= since)
}

/// Counts the plays by artist, catalogue spelling first.
fn artist_counts<'p>(
    c: &Catalogue,
    plays: impl Iterator<Item = &'p Play>,
) -> Vec<(ArtistRec, u64)> {
    ranked(plays.map(|p| (p.artist.clone(), p.artist.clone())))
        .into_iter()
        .map(|(name, n)| (c.artist_or_bare(&name), n))
        .collect()
}

fn album_counts<'p>(c: &Catalogue, plays: impl Iterator<Item = &'p Play>) -> Vec<(AlbumRec, u64)> {
    ranked(
        plays
            .filter(|p| !p.album.is_empty())
            .map(|p| (format!("{}\n{}", p.artist, p.album), p)),
    )
    .into_iter()
    .map(|(p, n)| (c.album_or_bare(&p.artist, &p.album), n))
    .collect()
}

fn track_counts<'p>(c: &Catalogue, plays: impl Iterator<Item = &'p Play>) -> Vec<(TrackRec, u64)> {
    ranked(plays.map(|p| (format!("{}\n{}", p.artist, p.track), p)))
        .into_iter()
        .map(|(p, n)| (c.track_or_bare(&p.artist, &p.track), n))
        .collect()
}

fn top_artists(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let (wire, since) = period(call);
    let ranked = artist_counts(&world.catalogue, plays_since(u, since));
    let attrs: [(&str, &dyn Display); 2] = [("user", &u.name), ("type", &wire)];
    Ok(ranked_page(
        call,
        "topartists",
        &attrs,
        &ranked,
        |x, a, rank, plays| {
            entries::artist(x, a, Some(rank), plays, None);
        },
    ))
}

fn top_albums(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let c = &world.catalogue;
    let (wire, since) = period(call);
    let ranked = album_counts(c, plays_since(u, since));
    let attrs: [(&str, &dyn Display); 2] = [("user", &u.name), ("type", &wire)];
    Ok(ranked_page(
        call,
        "topalbums",
        &attrs,
        &ranked,
        |x, a, rank, plays| {
            entries::album(x, a, c.artist_mbid(&a.artist), Some(rank), plays);
        },
    ))
}

fn top_tracks(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let c = &world.catalogue;
    let (wire, since) = period(call);
    let ranked = track_counts(c, plays_since(u, since));
    let attrs: [(&str, &dyn Display); 2] = [("user", &u.name), ("type", &wire)];
    Ok(ranked_page(
        call,
        "toptracks",
        &attrs,
        &ranked,
        |x, t, rank, plays| {
            entries::track(x, t, c.artist_mbid(&t.artist), Some(rank), plays, None);
        },
    ))
}

fn top_tags(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let (_, limit) = call.page_and_limit(50, 1000);
    let ranked = ranked(u.taggings.iter().map(|t| (t.tag.clone(), t.tag.as_str())));
    let mut x = Xml::new();
    x.open("toptags", &[("user", &u.name)]);
    for (tag, count) in ranked.iter().take(limit as usize) {
        entries::tag(&mut x, tag, Some(*count), None);
    }
    x.close("toptags");
    Ok(x.finish())
}

fn recent_tracks(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let c = &world.catalogue;
    let (page, limit) = call.page_and_limit(50, 200);
    let from = call.number("from").unwrap_or(0);
    let to = call.number("to");
    let extended = call.flag("extended");
    let plays: Vec<&Play> = u
        .scrobbles
        .iter()
        .rev()
        .filter(|p| p.timestamp >= from && to.is_none_or(|to| p.timestamp <= to))
        .collect();
    let p = Page::of(&plays, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "recenttracks", &[("user", &u.name)]);
    // The track playing now precedes the scrobbles on the first page, unless
    // the call asks for a range in the past.
    if page == 1
        && to.is_none()
        && let Some(n) = u.now_playing_at(call.now)
    {
        let row = Row {
            artist: &n.artist,
            track: &n.track,
            album: &n.album,
        };
        recent_row(&mut x, c, u, &row, None, extended);
    }
    for play in p.items {
        let row = Row {
            artist: &play.artist,
            track: &play.track,
            album: &play.album,
        };
        recent_row(&mut x, c, u, &row, Some(play.timestamp), extended);
    }
    x.close("recenttracks");
    Ok(x.finish())
}

struct Row<'a> {
    artist: &'a str,
    track: &'a str,
    album: &'a str,
}

/// One `<track>` of `user.getRecentTracks`; `at` is `None` for the
/// now-playing row.
fn recent_row(
    x: &mut Xml,
    c: &Catalogue,
    u: &UserData,
    row: &Row,
    at: Option<u64>,
    extended: bool,
) {
    let known = c.track(row.artist, row.track);
    let artist = c.artist(row.artist);
    let artist_name = artist.map_or(row.artist, |a| a.name.as_str());
    let artist_mbid = artist.map(|a| a.mbid.as_str()).unwrap_or_default();
    let album = (!row.album.is_empty()).then(|| c.album(row.artist, row.album));
    let album_mbid = album.flatten().map(|a| a.mbid.as_str()).unwrap_or_default();
    match at {
        Some(_) => x.open("track", &[]),
        None => x.open("track", &[("nowplaying", &"true")]),
    };
    if extended {
        x.open("artist", &[])
            .leaf("url", url(&[artist_name]))
            .leaf("name", artist_name);
        match artist {
            Some(a) => {
                x.images(&a.name);
            }
            None => empty_images(x),
        }
        x.leaf("mbid", artist_mbid).close("artist");
    } else {
        x.leaf_with("artist", &[("mbid", &artist_mbid)], artist_name);
    }
    let track_name = known.map_or(row.track, |t| t.name.as_str());
    x.leaf("name", track_name)
        .leaf("streamable", 0)
        .leaf("mbid", known.map(|t| t.mbid.as_str()).unwrap_or_default())
        .leaf_with("album", &[("mbid", &album_mbid)], row.album)
        .leaf("url", url(&[artist_name, "_", track_name]));
    match known {
        Some(t) => {
            x.images(&format!("{}/{}", t.artist, t.album));
        }
        None => empty_images(x),
    }
    if let Some(at) = at {
        date(x, at);
    }
    if extended {
        x.leaf("loved", u8::from(u.loves(row.artist, row.track)));
    }
    x.close("track");
}

fn loved_tracks(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let c = &world.catalogue;
    let (page, limit) = call.page_and_limit(50, 1000);
    let mut loved: Vec<_> = u.loved.iter().rev().collect();
    loved.sort_by_key(|l| std::cmp::Reverse(l.at));
    let p = Page::of(&loved, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "lovedtracks", &[("user", &u.name)]);
    for l in p.items {
        let t = c.track_or_bare(&l.artist, &l.track);
        let artist = c.artist(&l.artist);
        let artist_name = artist.map_or(l.artist.as_str(), |a| a.name.as_str());
        x.open("track", &[])
            .leaf("name", &t.name)
            .leaf("mbid", &t.mbid)
            .leaf("url", url(&[artist_name, "_", &t.name]));
        date(&mut x, l.at);
        entries::artist_brief(
            &mut x,
            artist_name,
            artist.map(|a| a.mbid.as_str()).unwrap_or_default(),
        );
        if t.album.is_empty() {
            empty_images(&mut x);
        } else {
            x.images(&format!("{}/{}", t.artist, t.album));
        }
        x.leaf_with("streamable", &[("fulltrack", &0)], 0)
            .close("track");
    }
    x.close("lovedtracks");
    Ok(x.finish())
}

fn info(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let distinct = |key: fn(&Play) -> String| {
        let mut keys: Vec<String> = u
            .scrobbles
            .iter()
            .filter(|p| !key(p).trim().is_empty())
            .map(|p| key(p).to_lowercase())
            .collect();
        keys.sort();
        keys.dedup();
        keys.len()
    };
    let artists = distinct(|p| p.artist.clone());
    let albums = distinct(|p| {
        if p.album.is_empty() {
            String::new()
        } else {
            format!("{}\n{}", p.artist, p.album)
        }
    });
    let tracks = distinct(|p| format!("{}\n{}", p.artist, p.track));
    let mut x = Xml::new();
    x.open("user", &[])
        .leaf("name", &u.name)
        .leaf("realname", &u.realname)
        .images(&format!("user/{}", u.name))
        .leaf("url", user_url(&u.name))
        .leaf("country", &u.country)
        .leaf("age", 0)
        .leaf("gender", "n")
        .leaf("subscriber", u8::from(u.subscriber))
        .leaf("playcount", u.scrobbles.len())
        .leaf("playlists", 0)
        .leaf("bootstrap", 0)
        .leaf_with("registered", &[("unixtime", &u.registered)], u.registered)
        .leaf("type", if u.subscriber { "subscriber" } else { "user" })
        .leaf("artist_count", artists)
        .leaf("album_count", albums)
        .leaf("track_count", tracks)
        .close("user");
    Ok(x.finish())
}

fn friends(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let c = &world.catalogue;
    let (page, limit) = call.page_and_limit(50, 1000);
    let recent = call.flag("recenttracks");
    let p = Page::of(&u.friends, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "friends", &[("user", &u.name)]);
    for name in p.items {
        let Some(f) = world.user(name) else {
            // A friend whose account is gone: its name is all there is.
            x.open("user", &[])
                .leaf("name", name)
                .leaf("url", user_url(name))
                .close("user");
            continue;
        };
        x.open("user", &[])
            .leaf("name", &f.name)
            .leaf("realname", &f.realname)
            .images(&format!("user/{}", f.name))
            .leaf("url", user_url(&f.name))
            .leaf("country", &f.country)
            .leaf("subscriber", u8::from(f.subscriber))
            .leaf("playcount", f.scrobbles.len())
            .leaf("playlists", 0)
            .leaf("bootstrap", 0)
            .leaf_with("registered", &[("unixtime", &f.registered)], f.registered)
            .leaf("type", if f.subscriber { "subscriber" } else { "user" });
        if recent && let Some(play) = f.scrobbles.last() {
            let artist = c.artist(&play.artist);
            let artist_name = artist.map_or(play.artist.as_str(), |a| a.name.as_str());
            let mbid = c
                .track(&play.artist, &play.track)
                .map(|t| t.mbid.as_str())
                .unwrap_or_default();
            x.open(
                "recenttrack",
                &[
                    ("date", &date_text(play.timestamp)),
                    ("uts", &play.timestamp),
                ],
            )
            .leaf("name", &play.track)
            .leaf("mbid", mbid)
            .leaf("url", url(&[artist_name, "_", &play.track]));
            entries::artist_brief(
                &mut x,
                artist_name,
                artist.map(|a| a.mbid.as_str()).unwrap_or_default(),
            );
            x.close("recenttrack");
        }
        x.close("user");
    }
    x.close("friends");
    Ok(x.finish())
}

fn personal_tags(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let c = &world.catalogue;
    let tag = call.require("tag")?;
    let kind = call.require("taggingtype")?;
    if !matches!(kind, "artist" | "album" | "track") {
        return Err(Failure::new(
            6,
            "Invalid parameters - taggingtype must be artist, album or track",
        ));
    }
    let (page, limit) = call.page_and_limit(50, 1000);
    // Each tagged item once, in the order the user tagged them.
    let mut targets: Vec<&TagTarget> = Vec::new();
    for t in u
        .taggings
        .iter()
        .filter(|t| t.tag.eq_ignore_ascii_case(tag))
    {
        let wanted = matches!(
            (&t.target, kind),
            (TagTarget::Artist { .. }, "artist")
                | (TagTarget::Album { .. }, "album")
                | (TagTarget::Track { .. }, "track")
        );
        if wanted
            && !targets
                .iter()
                .any(|seen| crate::world::same_target(seen, &t.target))
        {
            targets.push(&t.target);
        }
    }
    let p = Page::of(&targets, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "taggings", &[("user", &u.name), ("tag", &tag)]);
    let list = format!("{kind}s");
    x.open(&list, &[]);
    for target in p.items {
        match target {
            TagTarget::Artist { artist } => {
                let a = c.artist_or_bare(artist);
                x.open("artist", &[])
                    .leaf("name", &a.name)
                    .leaf("mbid", &a.mbid)
                    .leaf("url", url(&[&a.name]))
                    .leaf("streamable", 0)
                    .images(&a.name)
                    .close("artist");
            }
            TagTarget::Album { artist, album } => {
                let a = c.album_or_bare(artist, album);
                x.open("album", &[])
                    .leaf("name", &a.title)
                    .leaf("mbid", &a.mbid)
                    .leaf("url", url(&[&a.artist, &a.title]));
                entries::artist_brief(&mut x, &a.artist, c.artist_mbid(&a.artist));
                x.images(&format!("{}/{}", a.artist, a.title))
                    .close("album");
            }
            TagTarget::Track { artist, track } => {
                let t = c.track_or_bare(artist, track);
                x.open("track", &[])
                    .leaf("name", &t.name)
                    .leaf("duration", t.duration_secs)
                    .leaf("mbid", &t.mbid)
                    .leaf("url", url(&[&t.artist, "_", &t.name]))
                    .leaf_with("streamable", &[("fulltrack", &0)], 0);
                entries::artist_brief(&mut x, &t.artist, c.artist_mbid(&t.artist));
                x.images(&format!("{}/{}", t.artist, t.album))
                    .close("track");
            }
        }
    }
    x.close(&list).close("taggings");
    Ok(x.finish())
}

/// The user's chart weeks, oldest first: every whole week from the one of
/// their registration (or first scrobble) to the last one ended by `now`.
fn chart_weeks(u: &UserData, now: u64) -> Vec<(u64, u64)> {
    let first = u
        .scrobbles
        .first()
        .map_or(u.registered, |p| p.timestamp.min(u.registered));
    let mut weeks = Vec::new();
    let mut from = week_start(first);
    while from + WEEK <= now {
        weeks.push((from, from + WEEK));
        from += WEEK;
    }
    weeks
}

fn weekly_chart_list(world: &World, call: &Call) -> Answer {
    let u = user(world, call)?;
    let mut x = Xml::new();
    x.open("weeklychartlist", &[("user", &u.name)]);
    for (from, to) in chart_weeks(u, call.now) {
        x.empty("chart", &[("from", &from), ("to", &to)]);
    }
    x.close("weeklychartlist");
    Ok(x.finish())
}

/// The range of a weekly chart: `from` (inclusive) to `to` (exclusive), a
/// week when one end is left out, the latest whole week when both are.
fn chart_range(call: &Call) -> (u64, u64) {
    match (call.number("from"), call.number("to")) {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, from + WEEK),
        (None, Some(to)) => (to.saturating_sub(WEEK), to),
        (None, None) => {
            let to = week_start(call.now);
            (to - WEEK, to)
        }
    }
}

fn chart_plays(u: &UserData, (from, to): (u64, u64)) -> impl Iterator<Item = &Play> {
    u.scrobbles
        .iter()
        .filter(move |p| p.timestamp >= from && p.timestamp < to)
}

/// A weekly chart of the user's plays in the asked range, counted by
/// `count`: the `chart` element, each counted item written by `entry` with
/// its rank (from 1) and play count. Not paged, as on the service.
fn weekly_chart<T>(
    world: &World,
    call: &Call,
    chart: &str,
    count: impl Fn(&Catalogue, &mut dyn Iterator<Item = &Play>) -> Vec<(T, u64)>,
    entry: impl Fn(&mut Xml, &T, usize, u64),
) -> Answer {
    let u = user(world, call)?;
    let (from, to) = chart_range(call);
    let ranked = count(&world.catalogue, &mut chart_plays(u, (from, to)));
    let mut x = Xml::new();
    x.open(chart, &[("user", &u.name), ("from", &from), ("to", &to)]);
    for (i, (item, plays)) in ranked.iter().enumerate() {
        entry(&mut x, item, i + 1, *plays);
    }
    x.close(chart);
    Ok(x.finish())
}

fn weekly_artist_chart(world: &World, call: &Call) -> Answer {
    let count = |c: &Catalogue, plays: &mut dyn Iterator<Item = &Play>| artist_counts(c, plays);
    weekly_chart(
        world,
        call,
        "weeklyartistchart",
        count,
        |x, a, rank, plays| {
            x.open("artist", &[("rank", &rank)])
                .leaf("name", &a.name)
                .leaf("mbid", &a.mbid)
                .leaf("playcount", plays)
                .leaf("url", url(&[&a.name]))
                .close("artist");
        },
    )
}

fn weekly_album_chart(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let count = |c: &Catalogue, plays: &mut dyn Iterator<Item = &Play>| album_counts(c, plays);
    weekly_chart(
        world,
        call,
        "weeklyalbumchart",
        count,
        |x, a, rank, plays| {
            let artist = c.artist_or_bare(&a.artist);
            x.open("album", &[("rank", &rank)])
                .leaf_with("artist", &[("mbid", &artist.mbid)], &artist.name)
                .leaf("name", &a.title)
                .leaf("mbid", &a.mbid)
                .leaf("playcount", plays)
                .leaf("url", url(&[&artist.name, &a.title]))
                .close("album");
        },
    )
}

fn weekly_track_chart(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let count = |c: &Catalogue, plays: &mut dyn Iterator<Item = &Play>| track_counts(c, plays);
    weekly_chart(
        world,
        call,
        "weeklytrackchart",
        count,
        |x, t, rank, plays| {
            let artist = c.artist_or_bare(&t.artist);
            x.open("track", &[("rank", &rank)])
                .leaf_with("artist", &[("mbid", &artist.mbid)], &artist.name)
                .leaf("name", &t.name)
                .leaf("mbid", &t.mbid)
                .leaf("playcount", plays);
            if t.album.is_empty() {
                empty_images(x);
            } else {
                x.images(&format!("{}/{}", t.artist, t.album));
            }
            x.leaf("url", url(&[&artist.name, "_", &t.name]))
                .close("track");
        },
    )
}
