//! A recent-tracks page decoded by hand with quick-xml into owned rows that
//! hold what `lastfm_api::types::RecentTrack` holds (the same strings, so
//! the same allocations), written for this one document shape: no
//! unknown-element skipping, no lenient values, no error context. No
//! decoder into those types does less work, so it bounds what any
//! generated decoder can reach.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

#[derive(Default)]
pub struct Row {
    pub now_playing: Option<bool>,
    pub artist: String,
    pub artist_mbid: Option<String>,
    pub name: String,
    pub mbid: Option<String>,
    pub album: Option<String>,
    pub album_mbid: Option<String>,
    pub url: Option<String>,
    pub streamable: Option<bool>,
    pub images: Vec<(u8, String)>,
    pub date: Option<u64>,
}

fn attr<'a>(start: &'a BytesStart<'_>, key: &str) -> Option<Cow<'a, str>> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| a.value)
        .filter(|v| !v.is_empty())
}

/// The element's text, borrowed when it is one run.
fn text<'a>(reader: &mut Reader<&'a [u8]>) -> Cow<'a, str> {
    let mut out = Cow::Borrowed("");
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Text(t) if out.is_empty() => out = t.xml10_content(),
            Event::Text(t) => out.to_mut().push_str(&t.xml10_content()),
            Event::GeneralRef(r) => out
                .to_mut()
                .push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or("")),
            Event::End(_) => return out,
            _ => {}
        }
    }
}

fn optional(s: Cow<'_, str>) -> Option<String> {
    (!s.is_empty()).then(|| s.into_owned())
}

pub fn decode(xml: &str) -> Vec<Row> {
    let mut reader = Reader::from_str(xml);
    let mut rows = Vec::new();
    let mut row: Option<Row> = None;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) => match (e.local_name().as_ref(), row.as_mut()) {
                ("track", _) => {
                    row = Some(Row {
                        now_playing: attr(&e, "nowplaying").map(|v| v == "true"),
                        ..Row::default()
                    })
                }
                ("artist", Some(r)) => {
                    r.artist_mbid = attr(&e, "mbid").map(Cow::into_owned);
                    r.artist = text(&mut reader).into_owned();
                }
                ("name", Some(r)) => r.name = text(&mut reader).into_owned(),
                ("mbid", Some(r)) => r.mbid = optional(text(&mut reader)),
                ("album", Some(r)) => {
                    r.album_mbid = attr(&e, "mbid").map(Cow::into_owned);
                    r.album = optional(text(&mut reader));
                }
                ("url", Some(r)) => r.url = optional(text(&mut reader)),
                ("streamable", Some(r)) => r.streamable = Some(text(&mut reader) == "1"),
                ("image", Some(r)) => {
                    let size = match attr(&e, "size").as_deref() {
                        Some("small") => 0,
                        Some("medium") => 1,
                        Some("large") => 2,
                        _ => 3,
                    };
                    if let Some(url) = optional(text(&mut reader)) {
                        r.images.push((size, url));
                    }
                }
                ("date", Some(r)) => {
                    r.date = attr(&e, "uts").and_then(|v| v.parse().ok());
                    text(&mut reader);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "track" => rows.extend(row.take()),
            Event::Eof => return rows,
            _ => {}
        }
    }
}

/// Whether `rows` hold what the generated decoder made of the same page, so
/// the two measures compare the same work.
pub fn same_as(rows: &[Row], page: &lastfm_api::types::RecentTracks) -> bool {
    rows.len() == page.tracks.len()
        && rows.iter().zip(&page.tracks).all(|(row, track)| {
            let album = track.album.as_ref();
            row.now_playing == track.now_playing
                && row.artist == track.artist.name
                && row.artist_mbid == track.artist.mbid
                && row.name == track.name
                && row.mbid == track.mbid
                && row.album.as_ref() == album.and_then(|a| a.title.as_ref())
                && row.album_mbid.as_ref() == album.and_then(|a| a.mbid.as_ref())
                && row.url == track.url
                && row.streamable == track.streamable
                && row
                    .images
                    .iter()
                    .map(|(_, url)| url.as_str())
                    .eq(track.images.iter().map(|i| i.url.as_str()))
                && row.date == track.date.map(u64::from)
        })
}
