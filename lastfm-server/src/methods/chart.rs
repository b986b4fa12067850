//! `chart.*`: global charts, by the catalogue's play counts plus the
//! scrobbles made on this server.

use super::{Answer, Call, Page, Xml, entries};
use crate::world::World;

pub fn answer(world: &World, call: &Call) -> Option<Answer> {
    let c = &world.catalogue;
    let (page, limit) = call.page_and_limit(50, 1000);
    let mut x = Xml::new();
    match call.method {
        "chart.getTopArtists" => {
            let mut ranked: Vec<_> = c
                .artists
                .iter()
                .map(|a| (a, a.playcount + world.scrobbles_of_artist(&a.name)))
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
            let p = Page::of(&ranked, page, limit);
            p.open(&mut x, "artists", &[]);
            for (a, plays) in p.items {
                entries::artist(&mut x, a, None, *plays, None);
            }
            x.close("artists");
        }
        "chart.getTopTags" => {
            let mut ranked: Vec<_> = c.tags.iter().collect();
            ranked.sort_by(|a, b| b.reach.cmp(&a.reach).then_with(|| a.name.cmp(&b.name)));
            let p = Page::of(&ranked, page, limit);
            p.open(&mut x, "tags", &[]);
            for t in p.items {
                entries::tag(&mut x, &t.name, None, Some(t));
            }
            x.close("tags");
        }
        "chart.getTopTracks" => {
            let mut ranked: Vec<_> = c
                .tracks
                .iter()
                .map(|t| {
                    (
                        t,
                        t.playcount + world.scrobbles_of_track(&t.artist, &t.name),
                    )
                })
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
            let p = Page::of(&ranked, page, limit);
            p.open(&mut x, "tracks", &[]);
            for (t, plays) in p.items {
                let mbid = c.artist_mbid(&t.artist);
                entries::track(&mut x, t, mbid, None, *plays, None);
            }
            x.close("tracks");
        }
        _ => return None,
    }
    Some(Ok(x.finish()))
}
