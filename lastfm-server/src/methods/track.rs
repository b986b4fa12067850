//! `track.*`: metadata from the catalogue, and the writes of a user's
//! listening (scrobbles, now playing, loves, tags) into the world.

use super::tagging::{tag_target, untag_target, user_tags};
use super::{Answer, Call, Page, Xml, entries, not_found, open_search, session_user};
use crate::catalogue::{Catalogue, TrackRec, url};
use crate::protocol::Failure;
use crate::world::{Loved, NowPlaying, Play, TagTarget, World};

/// Scrobbles older than this are ignored (code 3).
const MAX_AGE: u64 = 14 * 24 * 3600;
/// Scrobbles further in the future than this are ignored (code 4).
const MAX_AHEAD: u64 = 10 * 60;
/// Accepted scrobbles per user and UTC day (code 5 beyond).
pub const DAILY_LIMIT: u32 = 2800;
/// Names the service filters (codes 1 and 2).
const FILTERED: &[&str] = &[
    "[unknown]",
    "unknown",
    "unknown artist",
    "unknown track",
    "various artists",
];

pub fn answer(world: &mut World, call: &Call) -> Option<Answer> {
    Some(match call.method {
        "track.addTags" => track_target(call).and_then(|target| tag_target(world, call, target)),
        "track.getCorrection" => get_correction(&world.catalogue, call),
        "track.getInfo" => get_info(world, call),
        "track.getSimilar" => get_similar(&world.catalogue, call),
        "track.getTags" => get_tags(world, call),
        "track.getTopTags" => get_top_tags(&world.catalogue, call),
        "track.love" => love(world, call, true),
        "track.removeTag" => {
            track_target(call).and_then(|target| untag_target(world, call, target))
        }
        "track.scrobble" => scrobble(world, call),
        "track.search" => search(&world.catalogue, call),
        "track.unlove" => love(world, call, false),
        "track.updateNowPlaying" => update_now_playing(world, call),
        _ => return None,
    })
}

/// The track a call names (artist + track, or mbid), corrected when asked.
fn find<'c>(c: &'c Catalogue, call: &Call) -> Result<&'c TrackRec, Failure> {
    if let Some(mbid) = call.get("mbid") {
        return c.track_by_mbid(mbid).ok_or_else(|| not_found("Track"));
    }
    let artist = call.require("artist")?;
    let track = call.require("track")?;
    let artist = if call.flag("autocorrect") {
        c.correct_artist(artist).map_or(artist, |a| a.name.as_str())
    } else {
        artist
    };
    c.track(artist, track).ok_or_else(|| not_found("Track"))
}

fn get_info(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let t = find(c, call)?;
    let user = match call.get("username") {
        Some(name) => Some(world.user(name).ok_or_else(|| not_found("User"))?),
        None => None,
    };
    let mut x = Xml::new();
    x.open("track", &[])
        .leaf("name", &t.name)
        .leaf("mbid", &t.mbid)
        .leaf("url", url(&[&t.artist, "_", &t.name]))
        .leaf("duration", u64::from(t.duration_secs) * 1000)
        .leaf_with("streamable", &[("fulltrack", &0)], 0)
        .leaf("listeners", t.listeners)
        .leaf(
            "playcount",
            t.playcount + world.scrobbles_of_track(&t.artist, &t.name),
        );
    entries::artist_brief(&mut x, &t.artist, c.artist_mbid(&t.artist));
    if let Some(album) = c.album(&t.artist, &t.album) {
        x.open("album", &[("position", &t.number)])
            .leaf("artist", &album.artist)
            .leaf("title", &album.title)
            .leaf("mbid", &album.mbid)
            .leaf("url", url(&[&album.artist, &album.title]))
            .images(&format!("{}/{}", album.artist, album.title))
            .close("album");
    }
    if let Some(user) = user {
        x.leaf("userplaycount", user.plays_of_track(&t.artist, &t.name))
            .leaf("userloved", u8::from(user.loves(&t.artist, &t.name)));
    }
    x.open("toptags", &[]);
    for tag in &t.tags {
        entries::tag(&mut x, tag, None, None);
    }
    x.close("toptags")
        .open("wiki", &[])
        .leaf("published", "Sun, 27 Jul 2008 15:44:58 +0000")
        .leaf("summary", format!("{} is a track by {}.", t.name, t.artist))
        .leaf(
            "content",
            format!(
                "{} is a track by {}, on the album {}.",
                t.name, t.artist, t.album
            ),
        )
        .close("wiki")
        .close("track");
    Ok(x.finish())
}

fn get_similar(c: &Catalogue, call: &Call) -> Answer {
    let t = find(c, call)?;
    let limit = call.number("limit").map_or(100, |l| l.max(1) as usize);
    let artist = c.artist(&t.artist);
    let similar: Vec<&TrackRec> = artist
        .map(|a| a.similar.iter().flat_map(|s| c.tracks_of(s)).collect())
        .unwrap_or_default();
    let mut x = Xml::new();
    x.open(
        "similartracks",
        &[("track", &t.name), ("artist", &t.artist)],
    );
    for (i, s) in similar.iter().take(limit).enumerate() {
        let similarity = 1.0 - i as f64 / (similar.len() as f64 + 1.0);
        entries::track(
            &mut x,
            s,
            c.artist_mbid(&s.artist),
            None,
            s.playcount,
            Some(similarity),
        );
    }
    x.close("similartracks");
    Ok(x.finish())
}

fn get_tags(world: &World, call: &Call) -> Answer {
    let t = find(&world.catalogue, call)?;
    let target = TagTarget::Track {
        artist: t.artist.clone(),
        track: t.name.clone(),
    };
    user_tags(
        world,
        call,
        &target,
        &[("artist", &t.artist), ("track", &t.name)],
    )
}

fn get_top_tags(c: &Catalogue, call: &Call) -> Answer {
    let t = find(c, call)?;
    let mut x = Xml::new();
    x.open("toptags", &[("artist", &t.artist), ("track", &t.name)]);
    for (i, tag) in t.tags.iter().enumerate() {
        entries::tag(&mut x, tag, Some(100 - 10 * i as u64), None);
    }
    x.close("toptags");
    Ok(x.finish())
}

fn get_correction(c: &Catalogue, call: &Call) -> Answer {
    let artist = call.require("artist")?;
    let track = call.require("track")?;
    let mut x = Xml::new();
    x.open("corrections", &[]);
    if let Some(a) = c.correct_artist(artist)
        && let Some(t) = c.track(&a.name, track)
    {
        let artist_corrected = u8::from(a.name != artist);
        let track_corrected = u8::from(t.name != track);
        if artist_corrected + track_corrected > 0 {
            x.open(
                "correction",
                &[
                    ("index", &0),
                    ("artistcorrected", &artist_corrected),
                    ("trackcorrected", &track_corrected),
                ],
            )
            .open("track", &[])
            .leaf("name", &t.name)
            .leaf("mbid", &t.mbid)
            .leaf("url", url(&[&t.artist, "_", &t.name]));
            entries::artist_brief(&mut x, &a.name, &a.mbid);
            x.close("track").close("correction");
        }
    }
    x.close("corrections");
    Ok(x.finish())
}

fn search(c: &Catalogue, call: &Call) -> Answer {
    let query = call.require("track")?;
    let needle = query.to_lowercase();
    let artist = call.get("artist").map(str::to_lowercase);
    let found: Vec<&TrackRec> = c
        .tracks
        .iter()
        .filter(|t| t.name.to_lowercase().contains(&needle))
        .filter(|t| {
            artist
                .as_ref()
                .is_none_or(|a| t.artist.to_lowercase().contains(a))
        })
        .collect();
    let (page, limit) = call.page_and_limit(30, 1000);
    let p = Page::of(&found, page, limit);
    let mut x = Xml::new();
    open_search(&mut x, query, &p);
    x.open("trackmatches", &[]);
    for t in p.items {
        x.open("track", &[])
            .leaf("name", &t.name)
            .leaf("artist", &t.artist)
            .leaf("url", url(&[&t.artist, "_", &t.name]))
            .leaf_with("streamable", &[("fulltrack", &0)], 0)
            .leaf("listeners", t.listeners)
            .images(&format!("{}/{}", t.artist, t.album))
            .leaf("mbid", &t.mbid)
            .close("track");
    }
    x.close("trackmatches").close("results");
    Ok(x.finish())
}

fn love(world: &mut World, call: &Call, loved: bool) -> Answer {
    let artist = call.require("artist")?;
    let track = call.require("track")?;
    let user = session_user(world, call)?;
    user.loved.retain(|l| {
        !(l.artist.eq_ignore_ascii_case(artist) && l.track.eq_ignore_ascii_case(track))
    });
    if loved {
        user.loved.push(Loved {
            artist: artist.to_owned(),
            track: track.to_owned(),
            at: call.now,
        });
    }
    Ok(String::new())
}

fn track_target(call: &Call) -> Result<TagTarget, Failure> {
    Ok(TagTarget::Track {
        artist: call.require("artist")?.to_owned(),
        track: call.require("track")?.to_owned(),
    })
}

/// The value of `name[i]`, or of plain `name` for a single scrobble.
fn item<'a>(call: &Call<'a>, name: &str, i: usize, single: bool) -> Option<&'a str> {
    call.get(&format!("{name}[{i}]"))
        .or_else(|| if single { call.get(name) } else { None })
}

/// `<track corrected="…">` and its siblings, as scrobble answers write them.
fn corrected(x: &mut Xml, name: &str, value: &str, was: &str) {
    x.leaf_with(name, &[("corrected", &u8::from(value != was))], value);
}

fn scrobble(world: &mut World, call: &Call) -> Answer {
    let count = (0..50)
        .take_while(|i| call.get(&format!("artist[{i}]")).is_some())
        .count();
    let (count, single) = if count == 0 {
        (1, true)
    } else {
        (count, false)
    };
    if call
        .params
        .iter()
        .any(|(k, _)| k.starts_with("artist[") && !(0..count).any(|i| *k == format!("artist[{i}]")))
    {
        return Err(Failure::new(
            6,
            "Invalid parameters - batch indices must run from 0 to 49 without gaps",
        ));
    }
    let mut results = Vec::with_capacity(count);
    for i in 0..count {
        let artist = item(call, "artist", i, single)
            .ok_or_else(|| Failure::new(6, format!("Invalid parameters - missing artist[{i}]")))?;
        let track = item(call, "track", i, single)
            .ok_or_else(|| Failure::new(6, format!("Invalid parameters - missing track[{i}]")))?;
        let timestamp: u64 = item(call, "timestamp", i, single)
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| {
                Failure::new(
                    6,
                    format!("Invalid parameters - missing or invalid timestamp[{i}]"),
                )
            })?;
        let album = item(call, "album", i, single).unwrap_or_default();
        let album_artist = item(call, "albumArtist", i, single).unwrap_or_default();
        results.push((artist, track, timestamp, album, album_artist));
    }
    let catalogue = &world.catalogue;
    let fixed: Vec<String> = results
        .iter()
        .map(|r| {
            catalogue
                .correct_artist(r.0)
                .map_or(r.0, |a| a.name.as_str())
                .to_owned()
        })
        .collect();
    let drop_repeats = world.drop_repeated_scrobbles;
    let daily_limit = world.daily_scrobble_limit;
    let user = session_user(world, call)?;
    let day = call.now / 86_400;
    if user.accepted_today.0 != day {
        user.accepted_today = (day, 0);
    }
    let mut codes = Vec::with_capacity(results.len());
    for ((artist, track, timestamp, album, album_artist), fixed_artist) in
        results.iter().zip(&fixed)
    {
        let code = ignored_code(artist, track)
            .or_else(|| (timestamp + MAX_AGE < call.now).then_some(3))
            .or_else(|| (*timestamp > call.now + MAX_AHEAD).then_some(4))
            .or_else(|| (daily_limit && user.accepted_today.1 >= DAILY_LIMIT).then_some(5))
            .unwrap_or(0);
        // Last.fm keys a scrobble on (user, artist, track, timestamp): a
        // repeat, in this batch or an earlier one, is answered as accepted
        // and dropped.
        let repeat = drop_repeats && user.has_play(fixed_artist, track, *timestamp);
        if code == 0 && !repeat {
            user.accepted_today.1 += 1;
            user.add_play(Play {
                artist: fixed_artist.clone(),
                track: track.to_string(),
                album: album.to_string(),
                album_artist: album_artist.to_string(),
                timestamp: *timestamp,
            });
        }
        codes.push(code);
    }
    let accepted = codes.iter().filter(|&&c| c == 0).count();
    let mut x = Xml::new();
    x.open(
        "scrobbles",
        &[
            ("accepted", &accepted),
            ("ignored", &(codes.len() - accepted)),
        ],
    );
    for (((artist, track, timestamp, album, album_artist), fixed_artist), code) in
        results.iter().zip(&fixed).zip(codes)
    {
        x.open("scrobble", &[]);
        corrected(&mut x, "track", track, track);
        corrected(&mut x, "artist", fixed_artist, artist);
        corrected(&mut x, "album", album, album);
        corrected(&mut x, "albumArtist", album_artist, album_artist);
        x.leaf("timestamp", timestamp)
            .leaf_with("ignoredMessage", &[("code", &code)], ignored_message(code))
            .close("scrobble");
    }
    x.close("scrobbles");
    Ok(x.finish())
}

/// Codes 1 and 2: names the service filters.
fn ignored_code(artist: &str, track: &str) -> Option<u32> {
    if FILTERED.contains(&artist.to_lowercase().as_str()) {
        Some(1)
    } else if FILTERED.contains(&track.to_lowercase().as_str()) {
        Some(2)
    } else {
        None
    }
}

fn ignored_message(code: u32) -> &'static str {
    match code {
        0 => "",
        1 => "Artist was ignored",
        2 => "Track was ignored",
        3 => "Timestamp was too old",
        4 => "Timestamp was too new",
        _ => "Max daily scrobbles exceeded",
    }
}

fn update_now_playing(world: &mut World, call: &Call) -> Answer {
    let artist = call.require("artist")?;
    let track = call.require("track")?;
    let album = call.get("album").unwrap_or_default();
    let album_artist = call.get("albumArtist").unwrap_or_default();
    let fixed_artist = world
        .catalogue
        .correct_artist(artist)
        .map_or(artist.to_owned(), |a| a.name.clone());
    let code = ignored_code(artist, track).unwrap_or(0);
    let user = session_user(world, call)?;
    if code == 0 {
        user.now_playing = Some(NowPlaying {
            artist: fixed_artist.clone(),
            track: track.to_owned(),
            album: album.to_owned(),
            album_artist: album_artist.to_owned(),
            started: call.now,
            duration: call.number("duration").unwrap_or(0) as u32,
        });
    }
    let mut x = Xml::new();
    x.open("nowplaying", &[]);
    corrected(&mut x, "track", track, track);
    corrected(&mut x, "artist", &fixed_artist, artist);
    corrected(&mut x, "album", album, album);
    corrected(&mut x, "albumArtist", album_artist, album_artist);
    x.leaf_with("ignoredMessage", &[("code", &code)], ignored_message(code))
        .close("nowplaying");
    Ok(x.finish())
}
