//! `library.*`: what a user of this server listened to, from their
//! scrobbles and taggings.

use super::{Answer, Call, Page, Xml, not_found};
use crate::catalogue::url;
use crate::world::{TagTarget, World};

pub fn answer(world: &World, call: &Call) -> Option<Answer> {
    Some(match call.method {
        "library.getArtists" => get_artists(world, call),
        _ => return None,
    })
}

/// One artist of a library.
struct Entry<'w> {
    /// The catalogue's spelling, or the one first scrobbled for an artist
    /// the catalogue does not know (the service keeps that casing).
    name: &'w str,
    mbid: &'w str,
    plays: u64,
    tags: u64,
}

/// Every artist the user scrobbled, most played first.
fn get_artists(world: &World, call: &Call) -> Answer {
    let user = world
        .user(call.require("user")?)
        .ok_or_else(|| not_found("User"))?;
    let c = &world.catalogue;
    let mut library: Vec<Entry> = Vec::new();
    for play in &user.scrobbles {
        if let Some(entry) = library
            .iter_mut()
            .find(|e| e.name.eq_ignore_ascii_case(&play.artist))
        {
            entry.plays += 1;
            continue;
        }
        let known = c.artist(&play.artist);
        let name = known.map_or(play.artist.as_str(), |a| a.name.as_str());
        let tags = user
            .taggings
            .iter()
            .filter(|t| matches!(&t.target, TagTarget::Artist { artist } if artist.eq_ignore_ascii_case(name)))
            .count() as u64;
        library.push(Entry {
            name,
            mbid: known.map_or("", |a| a.mbid.as_str()),
            plays: 1,
            tags,
        });
    }
    library.sort_by(|a, b| b.plays.cmp(&a.plays).then_with(|| a.name.cmp(b.name)));
    let (page, limit) = call.page_and_limit(50, 1000);
    let p = Page::of(&library, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "artists", &[("user", &user.name)]);
    for (i, e) in p.items.iter().enumerate() {
        x.open("artist", &[("rank", &(p.offset() + i + 1))])
            .leaf("name", e.name)
            .leaf("playcount", e.plays)
            .leaf("tagcount", e.tags)
            .leaf("mbid", e.mbid)
            .leaf("url", url(&[e.name]))
            .leaf("streamable", 0)
            .images(e.name)
            .close("artist");
    }
    x.close("artists");
    Ok(x.finish())
}
