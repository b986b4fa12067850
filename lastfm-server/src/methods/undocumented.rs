//! Methods the service answers but does not document. The server knows a
//! method only from a spec, so these run when a spec declares them (an
//! extension crate's, given with `ServerBuilder::extra_spec`).

use super::{Answer, Call, Page, Xml, not_found};
use crate::world::World;

pub fn answer(world: &World, call: &Call) -> Option<Answer> {
    match call.method {
        "user.getTrackScrobbles" => Some(track_scrobbles(world, call)),
        _ => None,
    }
}

fn track_scrobbles(world: &World, call: &Call) -> Answer {
    let name = call.require("user")?;
    let artist = call.require("artist")?;
    let track = call.require("track")?;
    let user = world.user(name).ok_or_else(|| not_found("User"))?;
    let plays: Vec<_> = user
        .scrobbles
        .iter()
        .rev()
        .filter(|p| p.artist.eq_ignore_ascii_case(artist) && p.track.eq_ignore_ascii_case(track))
        .collect();
    let (page, limit) = call.page_and_limit(50, 200);
    let p = Page::of(&plays, page, limit);
    let mut x = Xml::new();
    p.open(
        &mut x,
        "trackscrobbles",
        &[("user", &user.name), ("artist", &artist), ("track", &track)],
    );
    for play in p.items {
        x.open("track", &[])
            .leaf("name", &play.track)
            .leaf("artist", &play.artist)
            .leaf("album", &play.album)
            .leaf_with("date", &[("uts", &play.timestamp)], play.timestamp)
            .close("track");
    }
    x.close("trackscrobbles");
    Ok(x.finish())
}
