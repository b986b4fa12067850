//! Reading plays from files: the `.scrobbler.log` of portable players, CSV
//! with the export's columns, JSON Lines. Every line is checked before
//! anything is queued, so a broken file queues nothing.

use std::path::Path;
use std::time::Duration;

use lastfm_api::Scrobble;

use crate::error::{CliError, Result};

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum InputFormat {
    /// The Audioscrobbler portable player log (`.scrobbler.log`)
    Log,
    Csv,
    Jsonl,
}

/// A play and the line of the file it came from.
pub struct Line {
    pub line: usize,
    pub play: Scrobble,
}

#[derive(Default)]
pub struct Read {
    pub plays: Vec<Line>,
    /// `S` rows of a `.scrobbler.log`: skipped tracks, never scrobbled.
    pub skipped_rows: usize,
}

/// Which format `path` holds: by its name, else by its first line.
pub fn detect(path: &Path, text: &str) -> InputFormat {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".csv") {
        InputFormat::Csv
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
        InputFormat::Jsonl
    } else if name.ends_with(".log") || text.starts_with("#AUDIOSCROBBLER") {
        InputFormat::Log
    } else if text.trim_start().starts_with('{') {
        InputFormat::Jsonl
    } else {
        InputFormat::Csv
    }
}

pub fn read(
    path: &Path,
    text: &str,
    format: InputFormat,
    tz: Option<&jiff::tz::TimeZone>,
) -> Result<Read> {
    let at = |line: usize, message: String| {
        CliError::failure(format!("{}:{line}: {message}", path.display()))
    };
    match format {
        InputFormat::Log => scrobbler_log(text, tz, &at),
        InputFormat::Csv => csv_file(text, &at),
        InputFormat::Jsonl => jsonl(text, &at),
    }
}

type At<'a> = dyn Fn(usize, String) -> CliError + 'a;

/// Audioscrobbler 1.0/1.1: `#` header lines, then
/// artist, album, title, position, length, rating, timestamp[, mbid].
fn scrobbler_log(text: &str, tz: Option<&jiff::tz::TimeZone>, at: &At<'_>) -> Result<Read> {
    let mut read = Read::default();
    let mut unknown_zone = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(header) = line.strip_prefix('#') {
            match header.trim() {
                "TZ/UNKNOWN" => unknown_zone = Some(n),
                "TZ/UTC" => unknown_zone = None,
                _ => {}
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 7 {
            return Err(at(
                n,
                format!(
                    "expected 7 or 8 tab-separated fields (artist, album, title, position, length, rating, timestamp, mbid), found {}",
                    fields.len()
                ),
            ));
        }
        let (artist, album, title, position, length, rating, stamp) = (
            fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
        );
        match rating.trim() {
            "S" => {
                read.skipped_rows += 1;
                continue;
            }
            "L" => {}
            other => return Err(at(n, format!("rating `{other}`: expected L or S"))),
        }
        if artist.trim().is_empty() || title.trim().is_empty() {
            return Err(at(n, "the artist and the title are required".into()));
        }
        let local: u64 = stamp
            .trim()
            .parse()
            .map_err(|_| at(n, format!("timestamp `{stamp}` is not unix seconds")))?;
        let timestamp = match (unknown_zone, tz) {
            (Some(_), Some(zone)) => crate::time::from_local(local, zone).map_err(|e| at(n, e))?,
            (Some(header), None) => {
                return Err(at(
                    header,
                    "#TZ/UNKNOWN: the player did not know its time zone; give the one it was set to with --tz (e.g. --tz Europe/Berlin or --tz +02:00)".into(),
                ));
            }
            (None, _) => local,
        };
        let mut play = Scrobble::new(artist.trim(), title.trim(), timestamp);
        if !album.trim().is_empty() {
            play = play.album(album.trim());
        }
        if let Ok(number) = position.trim().parse::<u32>() {
            play = play.track_number(number);
        }
        if let Ok(secs) = length.trim().parse::<u64>() {
            play = play.duration(Duration::from_secs(secs));
        }
        if let Some(mbid) = fields.get(7).map(|m| m.trim()).filter(|m| !m.is_empty()) {
            play = play.mbid(mbid);
        }
        read.plays.push(Line { line: n, play });
    }
    Ok(read)
}

/// The fields a CSV row or a JSON object may give (the export's, and more).
#[derive(serde::Deserialize)]
struct Record {
    timestamp: Stamp,
    artist: String,
    track: String,
    #[serde(default)]
    album: Option<String>,
    #[serde(default)]
    album_artist: Option<String>,
    #[serde(default)]
    mbid: Option<String>,
    #[serde(default)]
    duration: Option<u64>,
    #[serde(default)]
    track_number: Option<u32>,
}

/// Unix seconds, or a date-time as text.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Stamp {
    Unix(u64),
    Text(String),
}

impl Record {
    fn play(self) -> std::result::Result<Scrobble, String> {
        let timestamp = match self.timestamp {
            Stamp::Unix(t) => t,
            Stamp::Text(t) => crate::time::parse(&t)?,
        };
        if self.artist.trim().is_empty() || self.track.trim().is_empty() {
            return Err("the artist and the track are required".into());
        }
        let some = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let mut play = Scrobble::new(self.artist, self.track, timestamp);
        if let Some(album) = some(self.album) {
            play = play.album(album);
        }
        if let Some(artist) = some(self.album_artist) {
            play = play.album_artist(artist);
        }
        if let Some(mbid) = some(self.mbid) {
            play = play.mbid(mbid);
        }
        if let Some(secs) = self.duration.filter(|&d| d > 0) {
            play = play.duration(Duration::from_secs(secs));
        }
        if let Some(n) = self.track_number.filter(|&n| n > 0) {
            play = play.track_number(n);
        }
        Ok(play)
    }
}

fn csv_file(text: &str, at: &At<'_>) -> Result<Read> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| at(1, format!("cannot read the header row: {e}")))?
        .clone();
    for needed in ["timestamp", "artist", "track"] {
        if !headers.iter().any(|h| h.trim() == needed) {
            return Err(at(
                1,
                format!(
                    "the header row has no `{needed}` column (expected at least timestamp, artist, track)"
                ),
            ));
        }
    }
    let mut read = Read::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            at(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        // Empty cells are absent values, not empty numbers.
        let mut trimmed = csv::StringRecord::new();
        for field in record.iter() {
            trimmed.push_field(field.trim());
        }
        let row: CsvRecord = trimmed
            .deserialize(Some(&headers))
            .map_err(|e| at(line, e.to_string()))?;
        let play = row.into_record().play().map_err(|e| at(line, e))?;
        read.plays.push(Line { line, play });
    }
    Ok(read)
}

/// A CSV row: every cell is text.
#[derive(serde::Deserialize)]
struct CsvRecord {
    timestamp: String,
    artist: String,
    track: String,
    #[serde(default)]
    album: Option<String>,
    #[serde(default)]
    album_artist: Option<String>,
    #[serde(default)]
    mbid: Option<String>,
    #[serde(default)]
    duration: Option<String>,
    #[serde(default)]
    track_number: Option<String>,
}

impl CsvRecord {
    fn into_record(self) -> Record {
        let number = |v: Option<String>| v.and_then(|s| s.parse().ok());
        Record {
            timestamp: Stamp::Text(self.timestamp),
            artist: self.artist,
            track: self.track,
            album: self.album,
            album_artist: self.album_artist,
            mbid: self.mbid,
            duration: number(self.duration),
            track_number: self.track_number.and_then(|s| s.parse().ok()),
        }
    }
}

fn jsonl(text: &str, at: &At<'_>) -> Result<Read> {
    let mut read = Read::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line).map_err(|e| at(n, e.to_string()))?;
        let play = record.play().map_err(|e| at(n, e))?;
        read.plays.push(Line { line: n, play });
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, message: String) -> CliError {
        CliError::failure(format!("{line}: {message}"))
    }

    #[test]
    fn scrobbler_log_rows() {
        let log = "#AUDIOSCROBBLER/1.1\n#TZ/UTC\n#CLIENT/Rockbox\n\
                   Cher\tBelieve\tBelieve\t1\t239\tL\t1700000000\tabc\r\n\
                   Cher\tBelieve\tStrong Enough\t2\t223\tS\t1700000300\n\
                   Air\t\tLa femme d'argent\t\t429\tL\t1700000600\n";
        let read = scrobbler_log(log, None, &at).unwrap();
        assert_eq!(read.skipped_rows, 1);
        assert_eq!(read.plays.len(), 2);
        let first = &read.plays[0];
        assert_eq!(first.line, 4);
        assert_eq!(
            (
                first.play.album.as_deref(),
                first.play.mbid.as_deref(),
                first.play.track_number
            ),
            (Some("Believe"), Some("abc"), Some(1))
        );
        assert_eq!(read.plays[1].play.album, None);
        assert_eq!(read.plays[1].play.timestamp, 1_700_000_600);
    }

    #[test]
    fn unknown_zones_need_tz() {
        let log = "#AUDIOSCROBBLER/1.1\n#TZ/UNKNOWN\nCher\t\tBelieve\t\t239\tL\t1700000000\n";
        let err = scrobbler_log(log, None, &at).err().unwrap();
        assert!(err.message.starts_with("2: #TZ/UNKNOWN"), "{}", err.message);
        let zone = crate::time::zone("+01:00").unwrap();
        let read = scrobbler_log(log, Some(&zone), &at).unwrap();
        assert_eq!(read.plays[0].play.timestamp, 1_700_000_000 - 3600);
    }

    #[test]
    fn broken_rows_are_located() {
        let err = scrobbler_log("Cher\tBelieve\n", None, &at).err().unwrap();
        assert!(err.message.starts_with("1: expected 7"), "{}", err.message);
        let err = csv_file("timestamp,artist,track\nsoon,Cher,Believe\n", &at)
            .err()
            .unwrap();
        assert!(
            err.message.starts_with("2: `soon` is not a time"),
            "{}",
            err.message
        );
        let err = jsonl("{\"artist\":\"Cher\"}\n", &at).err().unwrap();
        assert!(err.message.contains("missing field"), "{}", err.message);
    }

    #[test]
    fn export_columns_read_back() {
        let csv = "timestamp,artist,track,album,mbid\n1700000000,Cher,Believe,Believe,\n1700000100,Air,Sexy Boy,,\n";
        let read = csv_file(csv, &at).unwrap();
        assert_eq!(read.plays.len(), 2);
        assert_eq!(read.plays[1].line, 3);
        assert_eq!(read.plays[1].play.album, None);
        let jsonl_text = "{\"timestamp\":1700000000,\"artist\":\"Cher\",\"track\":\"Believe\",\"album\":\"Believe\",\"mbid\":\"\"}\n";
        let read = jsonl(jsonl_text, &at).unwrap();
        assert_eq!(read.plays[0].play.album.as_deref(), Some("Believe"));
    }
}
