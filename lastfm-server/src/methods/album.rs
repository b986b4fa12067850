//! `album.*`: an album's metadata and track listing, its tags, and search,
//! from the catalogue plus what users did on this server.

use super::artist::{artist_by_name, plays_of_album, relevance, weighted_tags, write_top_tags};
use super::tagging::{tag_target, untag_target, user_tags};
use super::{Answer, Call, Page, Xml, entries, not_found, open_search};
use crate::catalogue::{AlbumRec, Catalogue, url};
use crate::protocol::Failure;
use crate::world::{TagTarget, World};

pub fn answer(world: &mut World, call: &Call) -> Option<Answer> {
    let result = match call.method {
        "album.addTags" => {
            let target = by_name(&world.catalogue, call).map(target);
            target.and_then(|t| tag_target(world, call, t))
        }
        "album.removeTag" => {
            let target = by_name(&world.catalogue, call).map(target);
            target.and_then(|t| untag_target(world, call, t))
        }
        "album.getInfo" => info(world, call),
        "album.getTags" => find(&world.catalogue, call).and_then(|al| {
            user_tags(
                world,
                call,
                &target(al),
                &[("artist", &al.artist), ("album", &al.title)],
            )
        }),
        "album.getTopTags" => find(&world.catalogue, call).map(|al| {
            let tags = weighted_tags(world, &al.tags, &target(al));
            write_top_tags(&tags, &[("artist", &al.artist), ("album", &al.title)])
        }),
        "album.search" => search(world, call),
        _ => return None,
    };
    Some(result)
}

fn target(al: &AlbumRec) -> TagTarget {
    TagTarget::Album {
        artist: al.artist.clone(),
        album: al.title.clone(),
    }
}

/// The album named by `artist` (corrected with `autocorrect=1`) and `album`.
fn by_name<'c>(c: &'c Catalogue, call: &Call) -> Result<&'c AlbumRec, Failure> {
    let artist = artist_by_name(c, call)?;
    let title = call.require("album")?;
    c.album(&artist.name, title)
        .ok_or_else(|| not_found("Album"))
}

/// The album of a call taking `artist` and `album`, or `mbid` (the id wins).
fn find<'c>(c: &'c Catalogue, call: &Call) -> Result<&'c AlbumRec, Failure> {
    match call.get("mbid") {
        Some(mbid) => c.album_by_mbid(mbid).ok_or_else(|| not_found("Album")),
        None => by_name(c, call),
    }
}

fn info(world: &World, call: &Call) -> Answer {
    let c = &world.catalogue;
    let al = find(c, call)?;
    let user_plays = match call.get("username") {
        Some(name) => Some(
            world
                .user(name)
                .ok_or_else(|| not_found("User"))?
                .plays_of_album(&al.artist, &al.title),
        ),
        None => None,
    };
    let artist_mbid = c.artist_mbid(&al.artist);
    let mut x = Xml::new();
    x.open("album", &[])
        .leaf("name", &al.title)
        .leaf("artist", &al.artist)
        .leaf("mbid", &al.mbid)
        .leaf("url", url(&[&al.artist, &al.title]))
        .leaf("releasedate", format!("1 Jan {}, 00:00", al.release_year))
        .images(&format!("{}/{}", al.artist, al.title))
        .leaf("listeners", al.listeners)
        .leaf(
            "playcount",
            al.playcount + plays_of_album(world, &al.artist, &al.title),
        );
    if let Some(plays) = user_plays {
        x.leaf("userplaycount", plays);
    }
    // The documented sample says `<toptags>` (the live service now sends
    // `<tags>`; the client reads both).
    x.open("toptags", &[]);
    for (tag, _) in weighted_tags(world, &al.tags, &target(al)).iter().take(5) {
        entries::tag(&mut x, tag, None, None);
    }
    x.close("toptags").open("tracks", &[]);
    for title in &al.tracks {
        let Some(t) = c.track(&al.artist, title) else {
            continue;
        };
        x.open("track", &[("rank", &t.number)])
            .leaf("name", &t.name)
            .leaf("duration", t.duration_secs)
            .leaf("mbid", &t.mbid)
            .leaf("url", url(&[&t.artist, "_", &t.name]))
            .leaf_with("streamable", &[("fulltrack", &0)], 0);
        entries::artist_brief(&mut x, &al.artist, artist_mbid);
        x.close("track");
    }
    let summary = format!(
        "{} is an album by {}, released in {}.",
        al.title, al.artist, al.release_year
    );
    let content = format!("{summary} It has {} tracks.", al.tracks.len());
    x.close("tracks")
        .open("wiki", &[])
        .leaf("published", "Sun, 24 Oct 2010 17:40:33 +0000")
        .leaf("summary", summary)
        .leaf("content", content)
        .close("wiki")
        .close("album");
    Ok(x.finish())
}

fn search(world: &World, call: &Call) -> Answer {
    let term = call.require("album")?;
    let (page, limit) = call.page_and_limit(30, 1000);
    let mut found: Vec<(u8, &AlbumRec)> = world
        .catalogue
        .albums
        .iter()
        .filter_map(|al| relevance(&al.title, term).map(|r| (r, al)))
        .collect();
    found.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| y.1.listeners.cmp(&x.1.listeners))
            .then_with(|| x.1.title.cmp(&y.1.title))
    });
    let p = Page::of(&found, page, limit);
    let mut x = Xml::new();
    open_search(&mut x, term, &p);
    x.open("albummatches", &[]);
    for (_, al) in p.items {
        x.open("album", &[])
            .leaf("name", &al.title)
            .leaf("artist", &al.artist)
            .leaf("url", url(&[&al.artist, &al.title]))
            .images(&format!("{}/{}", al.artist, al.title))
            .leaf("streamable", 0)
            .leaf("mbid", &al.mbid)
            .close("album");
    }
    x.close("albummatches").close("results");
    Ok(x.finish())
}
