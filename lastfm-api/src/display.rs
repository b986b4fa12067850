//! `Display` for the everyday answers: a track as `Artist – Title`, an
//! album as `Artist – Title` where the artist is known, an artist and a tag
//! by name. (`ErrorCode` prints its meaning and number, generated with it.) For printing lists and logs;
//! `Debug` and, with the `serde` feature, JSON give every field.

use std::fmt;

use crate::types::{
    AlbumEntry, AlbumInfo, AlbumMatch, ArtistBrief, ArtistEntry, ArtistInfo, ArtistName,
    RecentTrack, Tag, TagInfo, TrackEntry, TrackInfo, TrackMatch, UserLovedTrack, UserWeeklyAlbum,
    UserWeeklyTrack,
};

/// The en dash between an artist and a title, as Last.fm's pages write it.
const DASH: &str = " \u{2013} ";

/// `Artist – Title`, or the title alone when the artist is unknown.
fn by(f: &mut fmt::Formatter<'_>, artist: Option<&str>, title: &str) -> fmt::Result {
    match artist.filter(|a| !a.is_empty()) {
        Some(artist) => write!(f, "{artist}{DASH}{title}"),
        None => f.write_str(title),
    }
}

macro_rules! display_by {
    ($($ty:ty => |$v:ident| $artist:expr;)*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let $v = self;
                by(f, $artist, &$v.name)
            }
        }
    )*};
}

display_by! {
    TrackInfo => |t| Some(&t.artist.name);
    TrackEntry => |t| t.artist.as_ref().map(|a| a.name.as_str());
    TrackMatch => |t| Some(&t.artist);
    RecentTrack => |t| Some(&t.artist.name);
    UserLovedTrack => |t| Some(&t.artist.name);
    UserWeeklyTrack => |t| Some(&t.artist.name);
    AlbumInfo => |a| Some(&a.artist);
    AlbumEntry => |a| a.artist.as_ref().map(|a| a.name.as_str());
    AlbumMatch => |a| Some(&a.artist);
    UserWeeklyAlbum => |a| Some(&a.artist.name);
}

macro_rules! display_name {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.name)
            }
        }
    )*};
}

display_name!(
    ArtistInfo,
    ArtistEntry,
    ArtistBrief,
    ArtistName,
    Tag,
    TagInfo
);

#[cfg(test)]
mod tests {
    use crate::ErrorCode;
    use crate::from_response;
    use crate::types::{RecentTracks, TrackInfo};

    #[test]
    fn tracks_read_artist_dash_title() {
        let body = r#"<lfm status="ok"><track><name>Believe</name><artist><name>Cher</name></artist></track></lfm>"#;
        let track: TrackInfo = from_response(body).unwrap();
        assert_eq!(track.to_string(), "Cher \u{2013} Believe");
        let body = r#"<lfm status="ok"><recenttracks user="RJ"><track><artist>Cher</artist><name>Believe</name></track></recenttracks></lfm>"#;
        let recent: RecentTracks = from_response(body).unwrap();
        assert_eq!(recent.tracks[0].to_string(), "Cher \u{2013} Believe");
    }

    #[test]
    fn error_codes_say_their_meaning() {
        let text = ErrorCode::from(6).to_string();
        assert!(
            text.starts_with("Invalid parameters") && text.ends_with(" (6)"),
            "{text}"
        );
        assert_eq!(
            ErrorCode::from(4242).to_string(),
            "Unknown error code (4242)"
        );
    }
}
