//! `lastfm scrobble`: one play, or the plays of a file, through the durable
//! queue, then a report of what became of each.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use lastfm_api::Scrobble;
use lastfm_queue::ScrobbleQueue;

use crate::QueueArg;
use crate::ctx::Ctx;
use crate::error::{CliError, Result};
use crate::import::{self, InputFormat};
use crate::queue::{self, Summary};

#[derive(Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["artist", "from"])))]
pub struct ScrobbleArgs {
    /// The artist of one play
    #[arg(requires = "track")]
    artist: Option<String>,
    /// The track of one play
    track: Option<String>,
    /// When the play started (unix seconds, YYYY-MM-DDTHH:MM:SS[+HH:MM]; default: now)
    #[arg(long, value_name = "TIME", value_parser = crate::time::arg, conflicts_with = "from")]
    timestamp: Option<u64>,
    #[arg(long, conflicts_with = "from")]
    album: Option<String>,
    /// The album's artist, when not the track's
    #[arg(long, conflicts_with = "from")]
    album_artist: Option<String>,
    #[arg(long, conflicts_with = "from")]
    track_number: Option<u32>,
    /// The track's length in seconds
    #[arg(long, value_name = "SECONDS", conflicts_with = "from")]
    duration: Option<u64>,
    /// The track's MusicBrainz id
    #[arg(long, conflicts_with = "from")]
    mbid: Option<String>,
    /// Scrobble every play of this file: a .scrobbler.log, CSV with the export's columns, or JSON Lines
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// The file's format (default: from its name or its first line)
    #[arg(long, value_enum, requires = "from")]
    input_format: Option<InputFormat>,
    /// The time zone a .scrobbler.log marked #TZ/UNKNOWN was written in (Europe/Berlin, +02:00)
    #[arg(long, value_name = "ZONE", value_parser = crate::time::zone, requires = "from")]
    tz: Option<jiff::tz::TimeZone>,
    /// Only queue the plays; send them later with `lastfm queue flush`
    #[arg(long)]
    no_send: bool,
    #[command(flatten)]
    queue: QueueArg,
}

pub async fn run(ctx: &Ctx, args: ScrobbleArgs) -> Result<()> {
    // The input first: a mistake in it is reported whether or not there is
    // a session.
    let (lines, skipped_rows) = plays(&args)?;
    // Checked before anything is queued, so plays are not stranded.
    let me = if args.no_send {
        None
    } else {
        Some(ctx.session()?)
    };
    let path = queue::path(ctx.global, &args.queue)?;
    let q = queue::open_or_create(&path)?;
    let mut summary = Summary {
        read: lines.len(),
        skipped_rows,
        ..Summary::default()
    };
    let mut where_from = HashMap::new();
    let mut fresh = Vec::with_capacity(lines.len());
    for line in lines {
        let key = queue::key(&line.play);
        if where_from.contains_key(&key) {
            summary.duplicates += 1;
            continue;
        }
        where_from.insert(key, line.line);
        fresh.push(line.play);
    }
    summary.duplicates += enqueue(&q, &mut fresh)?;
    if ctx.chatty() {
        let skipped = if skipped_rows > 0 {
            format!(", {skipped_rows} skipped rows (S) left out")
        } else {
            String::new()
        };
        eprintln!(
            "Queued {} of {} plays in {}{skipped}.",
            fresh.len(),
            summary.read,
            path.display()
        );
    }
    let Some(me) = me else {
        println!("queued: {}", fresh.len());
        println!("skipped duplicates: {}", summary.duplicates);
        return Ok(());
    };
    let report = queue::flush(ctx, &q, &path, &me, false).await?;
    let ignored = Summary::from_flush(&report, &where_from).ignored;
    summary.ignored = ignored;
    summary.print(ctx, &report);
    summary.outcome(&report)
}

/// The plays to scrobble, each with its input line, and the `S` rows skipped.
fn plays(args: &ScrobbleArgs) -> Result<(Vec<import::Line>, usize)> {
    if let Some(path) = &args.from {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::io(path.display(), e))?;
        let format = args
            .input_format
            .unwrap_or_else(|| import::detect(path, &text));
        let read = import::read(path, &text, format, args.tz.as_ref())?;
        return Ok((read.plays, read.skipped_rows));
    }
    let (Some(artist), Some(track)) = (&args.artist, &args.track) else {
        return Err(CliError::usage("give ARTIST and TRACK, or --from FILE"));
    };
    let mut play = Scrobble::new(
        artist,
        track,
        args.timestamp.unwrap_or_else(crate::time::now),
    );
    if let Some(v) = &args.album {
        play = play.album(v);
    }
    if let Some(v) = &args.album_artist {
        play = play.album_artist(v);
    }
    if let Some(v) = args.track_number {
        play = play.track_number(v);
    }
    if let Some(v) = args.duration {
        play = play.duration(Duration::from_secs(v));
    }
    if let Some(v) = &args.mbid {
        play = play.mbid(v);
    }
    Ok((vec![import::Line { line: 1, play }], 0))
}

/// Queues the plays neither queued nor delivered already; returns how many
/// were left out as duplicates (and removes them from `plays`).
fn enqueue(q: &ScrobbleQueue, plays: &mut Vec<Scrobble>) -> Result<usize> {
    // The queue itself refuses a play queued or delivered before.
    let answers = q
        .push_all(plays)
        .map_err(|e| CliError::failure(format!("{e}")))?;
    let before = plays.len();
    let mut answers = answers.into_iter();
    plays.retain(|_| matches!(answers.next(), Some(lastfm_queue::Pushed::Queued)));
    Ok(before - plays.len())
}
