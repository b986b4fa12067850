//! How catalogue entities are written in lists: shared by every package, as
//! the service writes an artist the same way in a chart and in a top list.

use super::Xml;
use crate::catalogue::{AlbumRec, ArtistRec, TagRec, TrackRec, url};

/// `<artist>` in a list; `rank`, `playcount` and `similarity` when the list has them.
pub fn artist(
    x: &mut Xml,
    a: &ArtistRec,
    rank: Option<usize>,
    playcount: u64,
    similarity: Option<f64>,
) {
    match rank {
        Some(rank) => x.open("artist", &[("rank", &rank)]),
        None => x.open("artist", &[]),
    };
    x.leaf("name", &a.name)
        .leaf("playcount", playcount)
        .leaf("listeners", a.listeners)
        .leaf("mbid", &a.mbid);
    if let Some(similarity) = similarity {
        x.leaf("match", format!("{similarity:.6}"));
    }
    x.leaf("url", url(&[&a.name]))
        .leaf("streamable", 0)
        .images(&a.name)
        .close("artist");
}

/// `<artist><name/><mbid/><url/></artist>` inside an album or track entry.
pub fn artist_brief(x: &mut Xml, name: &str, mbid: &str) {
    x.open("artist", &[])
        .leaf("name", name)
        .leaf("mbid", mbid)
        .leaf("url", url(&[name]))
        .close("artist");
}

pub fn album(x: &mut Xml, a: &AlbumRec, artist_mbid: &str, rank: Option<usize>, playcount: u64) {
    match rank {
        Some(rank) => x.open("album", &[("rank", &rank)]),
        None => x.open("album", &[]),
    };
    x.leaf("name", &a.title)
        .leaf("playcount", playcount)
        .leaf("listeners", a.listeners)
        .leaf("mbid", &a.mbid)
        .leaf("url", url(&[&a.artist, &a.title]));
    artist_brief(x, &a.artist, artist_mbid);
    x.images(&format!("{}/{}", a.artist, a.title))
        .close("album");
}

pub fn track(
    x: &mut Xml,
    t: &TrackRec,
    artist_mbid: &str,
    rank: Option<usize>,
    playcount: u64,
    similarity: Option<f64>,
) {
    match rank {
        Some(rank) => x.open("track", &[("rank", &rank)]),
        None => x.open("track", &[]),
    };
    x.leaf("name", &t.name)
        .leaf("duration", t.duration_secs)
        .leaf("playcount", playcount)
        .leaf("listeners", t.listeners)
        .leaf("mbid", &t.mbid);
    if let Some(similarity) = similarity {
        x.leaf("match", format!("{similarity:.6}"));
    }
    x.leaf("url", url(&[&t.artist, "_", &t.name]))
        .leaf_with("streamable", &[("fulltrack", &0)], 0);
    artist_brief(x, &t.artist, artist_mbid);
    x.images(&format!("{}/{}", t.artist, t.album))
        .close("track");
}

/// `<tag>` with the fields a list of `kind` carries: `count` for top tags,
/// `reach`/`taggings`/`wiki` for charts, name and URL always.
pub fn tag(x: &mut Xml, name: &str, count: Option<u64>, chart: Option<&TagRec>) {
    x.open("tag", &[]).leaf("name", name);
    if let Some(count) = count {
        x.leaf("count", count);
    }
    x.leaf(
        "url",
        format!("https://www.last.fm/tag/{}", name.replace(' ', "+")),
    );
    if let Some(t) = chart {
        x.leaf("reach", t.reach)
            .leaf("taggings", t.taggings)
            .leaf("streamable", 1);
        tag_wiki(x, &t.summary);
    }
    x.close("tag");
}

/// The `<wiki>` of a catalogue tag: its summary, also as the whole text.
pub fn tag_wiki(x: &mut Xml, summary: &str) {
    x.open("wiki", &[])
        .leaf("published", "Sun, 24 Oct 2010 17:40:33 +0000")
        .leaf("summary", summary)
        .leaf("content", summary)
        .close("wiki");
}
