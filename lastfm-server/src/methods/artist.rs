//! `artist.*`: an artist's metadata, similar artists, top lists, tags,
//! spelling corrections and search, from the catalogue plus what users did
//! on this server (scrobbles, taggings).

use super::tagging::{tag_target, untag_target, user_tags};
use super::{Answer, Call, Page, Xml, entries, open_search};
use crate::catalogue::{ArtistRec, Catalogue, url};
use crate::protocol::Failure;
use crate::world::{TagTarget, World};

pub fn answer(world: &mut World, call: &Call) -> Option<Answer> {
    let result = match call.method {
        "artist.addTags" => add_tags(world, call),
        "artist.removeTag" => remove_tag(world, call),
        "artist.getCorrection" => Ok(correction(world, call)),
        "artist.getInfo" => info(world, call),
        "artist.getSimilar" => similar(world, call),
        "artist.getTags" => tags(world, call),
        "artist.getTopAlbums" => top_albums(world, call),
        "artist.getTopTags" => top_tags(world, call),
        "artist.getTopTracks" => top_tracks(world, call),
        "artist.search" => search(world, call),
        _ => return None,
    };
    Some(result)
}

pub fn unknown_artist() -> Failure {
    Failure::new(6, "The artist you supplied could not be found")
}

/// The artist named by `artist`, corrected when `autocorrect=1`.
pub fn artist_by_name<'c>(c: &'c Catalogue, call: &Call) -> Result<&'c ArtistRec, Failure> {
    let name = call.require("artist")?;
    let found = if call.flag("autocorrect") {
        c.correct_artist(name)
    } else {
        c.artist(name)
    };
    found.ok_or_else(unknown_artist)
}

/// The artist of a call taking `artist` or `mbid` (the id wins when both are sent).
fn find_artist<'c>(c: &'c Catalogue, call: &Call) -> Result<&'c ArtistRec, Failure> {
    match call.get("mbid") {
        Some(mbid) => c.artist_by_mbid(mbid).ok_or_else(unknown_artist),
        None => artist_by_name(c, call),
    }
}

/// Top tags by weight: the catalogue's tags in their order (the first
/// weighs most), plus one for every user who applied a tag on this server;
/// `count` is the weight scaled so that the first tag has 100.
pub fn weighted_tags(world: &World, base: &[String], target: &TagTarget) -> Vec<(String, u64)> {
    let n = base.len() as u64;
    let mut weights: Vec<(String, u64)> = base
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), (n - i as u64) * 100 / n))
        .collect();
    for user in &world.users {
        for tag in user.tags_on(target) {
            match weights
                .iter_mut()
                .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            {
                Some((_, w)) => *w += 1,
                None => weights.push((tag.to_owned(), 1)),
            }
        }
    }
    weights.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let max = weights.first().map_or(1, |(_, w)| (*w).max(1));
    weights
        .into_iter()
        .map(|(t, w)| (t, (w * 100 + max / 2) / max))
        .collect()
}

/// `<toptags …>` of [`weighted_tags`].
pub fn write_top_tags(tags: &[(String, u64)], attrs: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut x = Xml::new();
    x.open("toptags", attrs);
    for (tag, count) in tags {
        entries::tag(&mut x, tag, Some(*count), None);
    }
    x.close("toptags");
    x.finish()
}

/// How well `name` matches a search `term`: 0 exact, 1 prefix, 2 inside; `None` not at all.
pub fn relevance(name: &str, term: &str) -> Option<u8> {
    let (name, term) = (name.to_lowercase(), term.to_lowercase());
    if name == term {
        Some(0)
    } else if name.starts_with(&term) {
        Some(1)
    } else if name.contains(&term) {
        Some(2)
    } else {
        None
    }
}

fn add_tags(world: &mut World, call: &Call) -> Answer {
    let name = artist_by_name(&world.catalogue, call)?.name.clone();
    tag_target(world, call, TagTarget::Artist { artist: name })
}

fn remove_tag(world: &mut World, call: &Call) -> Answer {
    let name = artist_by_name(&world.catalogue, call)?.name.clone();
    untag_target(world, call, TagTarget::Artist { artist: name })
}

fn correction(world: &World, call: &Call) -> String {
    let mut x = Xml::new();
    x.open("corrections", &[]);
    if let Some(a) = call
        .get("artist")
        .and_then(|name| world.catalogue.correct_artist(name))
    {
        x.open("correction", &[("index", &0)]);
        entries::artist_brief(&mut x, &a.name, &a.mbid);
        x.close("correction");
    }
    x.close("corrections");
    x.finish()
}

fn plays_of_artist(world: &World, a: &ArtistRec) -> u64 {
    a.playcount + world.scrobbles_of_artist(&a.name)
}

fn info(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let a = find_artist(c, call)?;
    let user_plays = match call.get("username") {
        Some(name) => Some(
            world
                .user(name)
                .ok_or_else(|| super::not_found("User"))?
                .plays_of_artist(&a.name),
        ),
        None => None,
    };
    let mut x = Xml::new();
    x.open("artist", &[])
        .leaf("name", &a.name)
        .leaf("mbid", &a.mbid)
        .leaf("url", url(&[&a.name]))
        .images(&a.name)
        .leaf("streamable", 0)
        .leaf("ontour", 0)
        // The documented sample names the play count `<plays>` (the live
        // service now sends `<playcount>`; the client reads both).
        .open("stats", &[])
        .leaf("listeners", a.listeners)
        .leaf("plays", plays_of_artist(world, a));
    if let Some(plays) = user_plays {
        x.leaf("userplaycount", plays);
    }
    x.close("stats").open("similar", &[]);
    for name in a.similar.iter().take(5) {
        let name = c.artist(name).map_or(name.as_str(), |s| s.name.as_str());
        x.open("artist", &[])
            .leaf("name", name)
            .leaf("url", url(&[name]))
            .images(name)
            .close("artist");
    }
    x.close("similar").open("tags", &[]);
    let target = TagTarget::Artist {
        artist: a.name.clone(),
    };
    for (tag, _) in weighted_tags(world, &a.tags, &target).iter().take(5) {
        entries::tag(&mut x, tag, None, None);
    }
    let content = format!(
        "{} {} has {} listeners on Last.fm.",
        a.bio, a.name, a.listeners
    );
    x.close("tags")
        .open("bio", &[])
        .leaf("published", "Thu, 13 Mar 2008 03:59:18 +0000")
        .leaf("summary", &a.bio)
        .leaf("content", content)
        .close("bio")
        .close("artist");
    Ok(x.finish())
}

/// How similar the `i`-th entry of an artist's similar list is: 1, 0.8, 0.6, ...
pub fn similarity(i: usize) -> f64 {
    (1.0 - 0.2 * i as f64).max(0.1)
}

fn similar(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let a = find_artist(c, call)?;
    let limit = call.number("limit").map_or(usize::MAX, |l| l as usize);
    let mut x = Xml::new();
    x.open("similarartists", &[("artist", &a.name)]);
    let known = a.similar.iter().filter_map(|s| c.artist(s));
    for (i, s) in known.enumerate().take(limit) {
        entries::artist(
            &mut x,
            s,
            None,
            plays_of_artist(world, s),
            Some(similarity(i)),
        );
    }
    x.close("similarartists");
    Ok(x.finish())
}

fn tags(world: &World, call: &Call) -> Answer {
    let a = find_artist(&world.catalogue, call)?;
    let target = TagTarget::Artist {
        artist: a.name.clone(),
    };
    user_tags(world, call, &target, &[("artist", &a.name)])
}

fn top_tags(world: &World, call: &Call) -> Answer {
    let a = find_artist(&world.catalogue, call)?;
    let target = TagTarget::Artist {
        artist: a.name.clone(),
    };
    let tags = weighted_tags(world, &a.tags, &target);
    Ok(write_top_tags(&tags, &[("artist", &a.name)]))
}

/// Everyone's scrobbles of an album on this server (add the catalogue's count for the total).
pub fn plays_of_album(world: &World, artist: &str, album: &str) -> u64 {
    world
        .users
        .iter()
        .map(|u| u.plays_of_album(artist, album))
        .sum()
}

fn top_albums(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let a = find_artist(c, call)?;
    let (page, limit) = call.page_and_limit(50, 1000);
    let mut ranked: Vec<_> = c
        .albums_of(&a.name)
        .map(|al| (al, al.playcount + plays_of_album(world, &a.name, &al.title)))
        .collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.title.cmp(&y.0.title)));
    let p = Page::of(&ranked, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "topalbums", &[("artist", &a.name)]);
    for (i, (al, plays)) in p.items.iter().enumerate() {
        entries::album(&mut x, al, &a.mbid, Some(p.offset() + i + 1), *plays);
    }
    x.close("topalbums");
    Ok(x.finish())
}

fn top_tracks(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let a = find_artist(c, call)?;
    let (page, limit) = call.page_and_limit(50, 1000);
    let mut ranked: Vec<_> = c
        .tracks_of(&a.name)
        .map(|t| (t, t.playcount + world.scrobbles_of_track(&a.name, &t.name)))
        .collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.name.cmp(&y.0.name)));
    let p = Page::of(&ranked, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "toptracks", &[("artist", &a.name)]);
    for (i, (t, plays)) in p.items.iter().enumerate() {
        entries::track(&mut x, t, &a.mbid, Some(p.offset() + i + 1), *plays, None);
    }
    x.close("toptracks");
    Ok(x.finish())
}

fn search(world: &World, call: &Call) -> Answer {
    let term = call.require("artist")?;
    let (page, limit) = call.page_and_limit(30, 1000);
    // By name, then by a known misspelling ("zemfira" finds Земфира).
    let mut found: Vec<(u8, &ArtistRec)> = world
        .catalogue
        .artists
        .iter()
        .filter_map(|a| {
            let by_name = relevance(&a.name, term);
            let by_spelling = a
                .misspellings
                .iter()
                .filter_map(|m| relevance(m, term))
                .min()
                .map(|r| r + 3);
            by_name.or(by_spelling).map(|r| (r, a))
        })
        .collect();
    found.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| y.1.listeners.cmp(&x.1.listeners))
            .then_with(|| x.1.name.cmp(&y.1.name))
    });
    let p = Page::of(&found, page, limit);
    let mut x = Xml::new();
    open_search(&mut x, term, &p);
    x.open("artistmatches", &[]);
    for (_, a) in p.items {
        x.open("artist", &[])
            .leaf("name", &a.name)
            .leaf("listeners", a.listeners)
            .leaf("mbid", &a.mbid)
            .leaf("url", url(&[&a.name]))
            .leaf("streamable", 0)
            .images(&a.name)
            .close("artist");
    }
    x.close("artistmatches").close("results");
    Ok(x.finish())
}
