//! The catalogue, written out for people: what `lastfm-server
//! --list-catalogue` prints and `lastfm-server/README.md` shows, so a user
//! knows which names the server answers for (any other is error 6, as an
//! unknown name is on the service).

use std::fmt::Write;

use crate::catalogue::Catalogue;

/// The catalogue as Markdown: artists, albums with their tracks, tags,
/// countries, and how users come to exist.
pub fn catalogue_listing(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let list = |items: &[String]| {
        if items.is_empty() {
            "-".to_owned()
        } else {
            items.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "### Artists\n\nNames match regardless of case. With `autocorrect=1`, the\nmisspellings listed are corrected to the artist.\n"
    );
    let _ = writeln!(
        out,
        "| artist | country | tags | similar | misspellings | mbid |\n|---|---|---|---|---|---|"
    );
    for a in &catalogue.artists {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | `{}` |",
            a.name,
            a.country,
            list(&a.tags),
            list(&a.similar),
            list(&a.misspellings),
            a.mbid
        );
    }
    let _ = writeln!(
        out,
        "\n### Albums and tracks\n\nTrack mbids are `-` where the track has none (as some have on the service)."
    );
    for album in &catalogue.albums {
        let _ = writeln!(
            out,
            "\n**{} - {}** ({}), mbid `{}`\n",
            album.artist, album.title, album.release_year, album.mbid
        );
        let _ = writeln!(out, "| # | track | duration | mbid |\n|---|---|---|---|");
        for t in catalogue
            .tracks
            .iter()
            .filter(|t| t.artist == album.artist && t.album == album.title)
        {
            let mbid = if t.mbid.is_empty() {
                "-".to_owned()
            } else {
                format!("`{}`", t.mbid)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {}:{:02} | {} |",
                t.number,
                t.name,
                t.duration_secs / 60,
                t.duration_secs % 60,
                mbid
            );
        }
    }
    let tags: Vec<String> = catalogue.tags.iter().map(|t| t.name.clone()).collect();
    let _ = writeln!(out, "\n### Tags\n\n{}", list(&tags));
    let mut countries: Vec<String> = catalogue
        .artists
        .iter()
        .map(|a| a.country.clone())
        .collect();
    countries.sort();
    countries.dedup();
    let _ = writeln!(
        out,
        "\n### Countries (`geo.*`)\n\n{}\n\n### Users\n\nThe accounts given with `--user NAME:PASSWORD` (by default one,\n`alice` with password `alice-password`). Each user's friends are the other\nusers; scrobbles, loved tracks, tags and now playing start empty and are\nwhat clients write. Any name not listed here answers error 6.",
        list(&countries)
    );
    out
}
