//! `geo.*`: charts by country, from the catalogue artists' `country` and
//! the play counts (the catalogue's plus the scrobbles made on this server).

use super::{Answer, Call, Page, Xml, entries};
use crate::catalogue::ArtistRec;
use crate::protocol::Failure;
use crate::world::World;

pub fn answer(world: &World, call: &Call) -> Option<Answer> {
    Some(match call.method {
        "geo.getTopArtists" => get_top_artists(world, call),
        "geo.getTopTracks" => get_top_tracks(world, call),
        _ => return None,
    })
}

/// The country a call names, as the catalogue spells it, and its artists.
fn country<'w>(world: &'w World, call: &Call) -> Result<(&'w str, Vec<&'w ArtistRec>), Failure> {
    let given = call.require("country")?;
    let artists: Vec<&ArtistRec> = world
        .catalogue
        .artists
        .iter()
        .filter(|a| a.country.eq_ignore_ascii_case(given.trim()))
        .collect();
    match artists.first() {
        Some(first) => Ok((first.country.as_str(), artists)),
        None => Err(Failure::new(6, "country param invalid")),
    }
}

fn get_top_artists(world: &World, call: &Call) -> Answer {
    let (name, artists) = country(world, call)?;
    let mut ranked: Vec<_> = artists
        .into_iter()
        .map(|a| (a, a.playcount + world.scrobbles_of_artist(&a.name)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    let (page, limit) = call.page_and_limit(50, 1000);
    let p = Page::of(&ranked, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "topartists", &[("country", &name)]);
    for (i, (a, plays)) in p.items.iter().enumerate() {
        entries::artist(&mut x, a, Some(p.offset() + i + 1), *plays, None);
    }
    x.close("topartists");
    Ok(x.finish())
}

/// The tracks of the country's artists. `location` (a metro area) is
/// accepted and ignored: the catalogue knows no cities.
fn get_top_tracks(world: &World, call: &Call) -> Answer {
    let (name, artists) = country(world, call)?;
    let c = &world.catalogue;
    let mut ranked: Vec<_> = artists
        .iter()
        .flat_map(|a| c.tracks_of(&a.name).map(move |t| (t, a.mbid.as_str())))
        .map(|(t, mbid)| {
            let plays = t.playcount + world.scrobbles_of_track(&t.artist, &t.name);
            (t, mbid, plays)
        })
        .collect();
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.name.cmp(&b.0.name)));
    let (page, limit) = call.page_and_limit(50, 1000);
    let p = Page::of(&ranked, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, "toptracks", &[("country", &name)]);
    for (i, (t, mbid, plays)) in p.items.iter().enumerate() {
        entries::track(&mut x, t, mbid, Some(p.offset() + i + 1), *plays, None);
    }
    x.close("toptracks");
    Ok(x.finish())
}
