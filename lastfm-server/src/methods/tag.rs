//! `tag.*`: tags and what they are applied to. A tag is known when the
//! catalogue has it or a user of this server applied it; its artists, albums
//! and tracks are those the catalogue tags with it plus those users tagged
//! with it, most played first.

use super::{Answer, Call, WEEK, Xml, entries, not_found, ranked_page, week_start};
use crate::catalogue::TagRec;
use crate::protocol::Failure;
use crate::world::{TagTarget, World};

/// How many weeks `tag.getWeeklyChartList` lists.
const CHART_WEEKS: u64 = 52;

pub fn answer(world: &World, call: &Call) -> Option<Answer> {
    Some(match call.method {
        "tag.getInfo" => get_info(world, call),
        "tag.getSimilar" => get_similar(world, call),
        "tag.getTopAlbums" => get_top_albums(world, call),
        "tag.getTopArtists" => get_top_artists(world, call),
        "tag.getTopTags" => Ok(get_top_tags(world)),
        "tag.getTopTracks" => get_top_tracks(world, call),
        "tag.getWeeklyChartList" => get_weekly_chart_list(world, call),
        _ => return None,
    })
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn tag_url(name: &str) -> String {
    format!(
        "https://www.last.fm/tag/{}",
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
    )
}

/// A tag as this server knows it.
enum Known<'w> {
    Catalogue(&'w TagRec),
    /// Applied only by users of this server: its name as first applied.
    UsersOnly(&'w str),
}

impl Known<'_> {
    fn name(&self) -> &str {
        match self {
            Known::Catalogue(t) => &t.name,
            Known::UsersOnly(name) => name,
        }
    }
}

/// The tag a call names, or error 6.
fn find<'w>(world: &'w World, call: &Call) -> Result<Known<'w>, Failure> {
    let name = call.require("tag")?;
    if let Some(t) = world.catalogue.tag(name) {
        return Ok(Known::Catalogue(t));
    }
    world
        .users
        .iter()
        .flat_map(|u| &u.taggings)
        .find(|t| same(&t.tag, name))
        .map(|t| Known::UsersOnly(t.tag.as_str()))
        .ok_or_else(|| not_found("Tag"))
}

/// Whether some user tagged a target (as `matches` selects) with `tag`.
fn user_tagged(world: &World, tag: &str, matches: impl Fn(&TagTarget) -> bool) -> bool {
    world
        .users
        .iter()
        .flat_map(|u| &u.taggings)
        .any(|t| same(&t.tag, tag) && matches(&t.target))
}

/// How often users of this server applied `tag`, and how many of them did.
fn user_taggings(world: &World, tag: &str) -> (u64, u64) {
    let mut taggings = 0;
    let mut users = 0;
    for u in &world.users {
        let n = u.taggings.iter().filter(|t| same(&t.tag, tag)).count() as u64;
        taggings += n;
        users += u64::from(n > 0);
    }
    (taggings, users)
}

fn get_info(world: &World, call: &Call) -> Answer {
    let tag = find(world, call)?;
    let (user_taggings, user_reach) = user_taggings(world, tag.name());
    let mut x = Xml::new();
    x.open("tag", &[])
        .leaf("name", tag.name())
        .leaf("url", tag_url(tag.name()));
    match tag {
        Known::Catalogue(t) => {
            x.leaf("reach", t.reach + user_reach)
                .leaf("taggings", t.taggings + user_taggings)
                .leaf("streamable", 1);
            entries::tag_wiki(&mut x, &t.summary);
        }
        Known::UsersOnly(_) => {
            x.leaf("reach", user_reach)
                .leaf("taggings", user_taggings)
                .leaf("streamable", 0);
        }
    }
    x.close("tag");
    Ok(x.finish())
}

/// Tags applied to the same catalogue artists, by how many artists share them.
fn get_similar(world: &World, call: &Call) -> Answer {
    let tag = find(world, call)?;
    let c = &world.catalogue;
    let with_tag: Vec<_> = c
        .artists
        .iter()
        .filter(|a| a.tags.iter().any(|t| same(t, tag.name())))
        .collect();
    let mut similar: Vec<(&str, usize)> = c
        .tags
        .iter()
        .filter(|t| !same(&t.name, tag.name()))
        .map(|t| {
            let shared = with_tag.iter().filter(|a| a.tags.contains(&t.name)).count();
            (t.name.as_str(), shared)
        })
        .filter(|(_, shared)| *shared > 0)
        .collect();
    similar.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let given = call.require("tag")?;
    let mut x = Xml::new();
    x.open("similartags", &[("tag", &given)]);
    for (name, _) in similar {
        x.open("tag", &[])
            .leaf("name", name)
            .leaf("url", tag_url(name))
            .leaf("streamable", 1)
            .close("tag");
    }
    x.close("similartags");
    Ok(x.finish())
}

/// Whether the catalogue (`own_tags`) or some user (on a target `is_item`
/// accepts) tagged an item with `tag`.
fn tagged(
    world: &World,
    tag: &str,
    own_tags: &[String],
    is_item: impl Fn(&TagTarget) -> bool,
) -> bool {
    own_tags.iter().any(|t| same(t, tag)) || user_tagged(world, tag, is_item)
}

/// Sorts `(item, plays)` most played first, ties by `name`.
fn most_played_first<T>(ranked: &mut [(&T, u64)], name: impl Fn(&T) -> &str) {
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| name(a.0).cmp(name(b.0))));
}

fn get_top_artists(world: &World, call: &Call) -> Answer {
    let tag = find(world, call)?;
    let name = tag.name();
    let mut ranked: Vec<_> = world
        .catalogue
        .artists
        .iter()
        .filter(|a| {
            tagged(
                world,
                name,
                &a.tags,
                |target| matches!(target, TagTarget::Artist { artist } if same(artist, &a.name)),
            )
        })
        .map(|a| (a, a.playcount + world.scrobbles_of_artist(&a.name)))
        .collect();
    most_played_first(&mut ranked, |a| &a.name);
    let given = call.require("tag")?;
    Ok(ranked_page(
        call,
        "topartists",
        &[("tag", &given)],
        &ranked,
        |x, a, rank, plays| {
            entries::artist(x, a, Some(rank), plays, None);
        },
    ))
}

fn get_top_albums(world: &World, call: &Call) -> Answer {
    let tag = find(world, call)?;
    let name = tag.name();
    let c = &world.catalogue;
    let mut ranked: Vec<_> = c
        .albums
        .iter()
        .filter(|a| {
            tagged(world, name, &a.tags, |target| {
                matches!(target, TagTarget::Album { artist, album }
                    if same(artist, &a.artist) && same(album, &a.title))
            })
        })
        .map(|a| {
            let scrobbled: u64 = world
                .users
                .iter()
                .map(|u| u.plays_of_album(&a.artist, &a.title))
                .sum();
            (a, a.playcount + scrobbled)
        })
        .collect();
    most_played_first(&mut ranked, |a| &a.title);
    let given = call.require("tag")?;
    Ok(ranked_page(
        call,
        "topalbums",
        &[("tag", &given)],
        &ranked,
        |x, a, rank, plays| {
            entries::album(x, a, c.artist_mbid(&a.artist), Some(rank), plays);
        },
    ))
}

fn get_top_tracks(world: &World, call: &Call) -> Answer {
    let tag = find(world, call)?;
    let name = tag.name();
    let c = &world.catalogue;
    let mut ranked: Vec<_> = c
        .tracks
        .iter()
        .filter(|t| {
            tagged(world, name, &t.tags, |target| {
                matches!(target, TagTarget::Track { artist, track }
                    if same(artist, &t.artist) && same(track, &t.name))
            })
        })
        .map(|t| {
            (
                t,
                t.playcount + world.scrobbles_of_track(&t.artist, &t.name),
            )
        })
        .collect();
    most_played_first(&mut ranked, |t| &t.name);
    let given = call.require("tag")?;
    Ok(ranked_page(
        call,
        "toptracks",
        &[("tag", &given)],
        &ranked,
        |x, t, rank, plays| {
            entries::track(x, t, c.artist_mbid(&t.artist), Some(rank), plays, None);
        },
    ))
}

/// Every tag, the catalogue's and those only users applied, by how often
/// it was applied. Not paged, as on the service.
fn get_top_tags(world: &World) -> String {
    let mut counted: Vec<(&str, u64)> = world
        .catalogue
        .tags
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.taggings + user_taggings(world, &t.name).0,
            )
        })
        .collect();
    for tagging in world.users.iter().flat_map(|u| &u.taggings) {
        if !counted.iter().any(|(name, _)| same(name, &tagging.tag)) {
            counted.push((tagging.tag.as_str(), user_taggings(world, &tagging.tag).0));
        }
    }
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut x = Xml::new();
    x.open("toptags", &[]);
    for (name, count) in counted {
        entries::tag(&mut x, name, Some(count), None);
    }
    x.close("toptags");
    x.finish()
}

/// The last [`CHART_WEEKS`] whole weeks before the current one, oldest first.
fn get_weekly_chart_list(world: &World, call: &Call) -> Answer {
    find(world, call)?;
    let given = call.require("tag")?;
    let end = week_start(call.now);
    let mut x = Xml::new();
    x.open("weeklychartlist", &[("tag", &given)]);
    for k in (1..=CHART_WEEKS).rev() {
        let from = end.saturating_sub(k * WEEK);
        x.empty("chart", &[("from", &from), ("to", &(from + WEEK))]);
    }
    x.close("weeklychartlist");
    Ok(x.finish())
}
