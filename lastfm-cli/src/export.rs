//! `lastfm history export USER`: every scrobble exactly once, streamed to a
//! file page by page, resumable.
//!
//! The crawl fixes its upper time bound `to` and reads the pages of the
//! scrobbles at or before it, 200 a page, so a history of N scrobbles takes
//! ⌈N/200⌉ requests; scrobbles made while it runs are newer and change
//! nothing. A delayed scrobble inserted (or one deleted) behind the bound
//! would shift the pages: every answer says how many scrobbles the window
//! holds, and when that count changes the page is set aside and the crawl
//! starts a new window at the oldest time already written, skipping the
//! rows it wrote at that time. Only those rows are remembered, so memory
//! stays flat however long the history. Without a count in the answers it
//! always moves its bound that way. After every
//! page the file is synced and a small state file beside it
//! (`FILE.export-state`) records how far it got; run the same command again
//! after an interruption and it truncates the file to that point and goes
//! on. The state file is removed when the export is complete.

use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lastfm_api::Paged;
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::error::{CliError, Result};

/// Rows per request: the most `user.getRecentTracks` gives.
const PAGE: u32 = 200;

#[derive(Args)]
pub struct ExportArgs {
    /// The Last.fm user whose scrobbles to export
    user: String,
    /// Only scrobbles at or after this time (unix seconds, YYYY-MM-DD or an RFC 3339 time; UTC)
    #[arg(long, value_name = "TIME", value_parser = crate::time::arg)]
    from: Option<u64>,
    /// Only scrobbles at or before this time (default: now)
    #[arg(long, value_name = "TIME", value_parser = crate::time::arg)]
    to: Option<u64>,
    /// The file format
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// Write to this file (resumable); standard output otherwise
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

/// One exported scrobble; CSV columns and JSONL keys alike. `lastfm
/// scrobble --from` reads the same columns back.
#[derive(Serialize)]
pub struct Row<'a> {
    pub timestamp: u64,
    pub artist: &'a str,
    pub track: &'a str,
    pub album: &'a str,
    pub mbid: &'a str,
}

const HEADER: &[u8] = b"timestamp,artist,track,album,mbid\n";

/// How far an export got; written after every page.
#[derive(Serialize, Deserialize, PartialEq)]
struct Progress {
    user: String,
    from: Option<u64>,
    to: u64,
    format: ExportFormat,
    /// Bytes of the file that hold complete pages.
    bytes: u64,
    rows: u64,
    /// The next request: scrobbles at or before `next_to`, this page of them.
    next_to: u64,
    page: u32,
    /// Rows already written at `next_to` (artist, track, album).
    boundary: Vec<(String, String, String)>,
    /// How many scrobbles the window at or before `next_to` held when its
    /// first page was read; a change means its pages shifted.
    #[serde(default)]
    window_total: Option<u64>,
    /// The oldest time written so far, and the rows written at it: where a
    /// new window starts when the pages shift.
    #[serde(default)]
    written_to: Option<u64>,
    #[serde(default)]
    written_at_oldest: Vec<(String, String, String)>,
    /// The total the first page announced, for the progress bar.
    total: Option<u64>,
    requests: u64,
}

fn state_path(output: &Path) -> PathBuf {
    let mut name = output.as_os_str().to_owned();
    name.push(".export-state");
    PathBuf::from(name)
}

enum Sink {
    Csv(csv::Writer<File>),
    Jsonl(std::io::BufWriter<File>),
    StdoutCsv(csv::Writer<std::io::Stdout>),
    StdoutJsonl(std::io::BufWriter<std::io::Stdout>),
}

impl Sink {
    fn write(&mut self, row: &Row<'_>) -> std::io::Result<()> {
        fn line(out: &mut impl Write, row: &Row<'_>) -> std::io::Result<()> {
            serde_json::to_writer(&mut *out, row)?;
            out.write_all(b"\n")
        }
        match self {
            Sink::Csv(w) => w.serialize(row).map_err(std::io::Error::other),
            Sink::StdoutCsv(w) => w.serialize(row).map_err(std::io::Error::other),
            Sink::Jsonl(w) => line(w, row),
            Sink::StdoutJsonl(w) => line(w, row),
        }
    }

    /// Flushes, syncs a file, and returns its length.
    fn commit(&mut self) -> std::io::Result<u64> {
        let file = match self {
            Sink::Csv(w) => {
                w.flush()?;
                w.get_ref()
            }
            Sink::Jsonl(w) => {
                w.flush()?;
                w.get_ref()
            }
            Sink::StdoutCsv(w) => return w.flush().map(|()| 0),
            Sink::StdoutJsonl(w) => return w.flush().map(|()| 0),
        };
        file.sync_data()?;
        file.metadata().map(|m| m.len())
    }
}

pub async fn run(ctx: &Ctx, args: ExportArgs) -> Result<()> {
    let state_file = args.output.as_deref().map(state_path);
    let resumed = match &state_file {
        Some(path) => read_progress(path)?,
        None => None,
    };
    let mut progress = match resumed {
        Some(p) => {
            let same = p.user == args.user
                && p.format == args.format
                && p.from == args.from
                && args.to.is_none_or(|to| to == p.to);
            if !same {
                return Err(CliError::failure(format!(
                    "{} holds an interrupted export of {} with other options: run that command again to finish it, or delete the file and {}",
                    args.output.as_deref().unwrap_or(Path::new("")).display(),
                    p.user,
                    state_file.as_deref().unwrap_or(Path::new("")).display()
                )));
            }
            p
        }
        None => {
            let to = args.to.unwrap_or_else(crate::time::now);
            Progress {
                user: args.user.clone(),
                from: args.from,
                to,
                format: args.format,
                bytes: 0,
                rows: 0,
                next_to: to,
                page: 1,
                boundary: Vec::new(),
                window_total: None,
                written_to: None,
                written_at_oldest: Vec::new(),
                total: None,
                requests: 0,
            }
        }
    };
    let resuming = progress.bytes > 0 || progress.requests > 0;
    let mut sink = open_sink(args.output.as_deref(), &progress, resuming)?;
    if let (Some(path), false) = (&state_file, resuming) {
        // The header (if any) is part of the file from now on.
        progress.bytes = sink
            .commit()
            .map_err(|e| CliError::io(args.output.as_deref().unwrap_or(path).display(), e))?;
        write_progress(path, &progress)?;
    }
    if resuming && ctx.chatty() {
        eprintln!(
            "Resuming the export: {} scrobbles already in the file.",
            progress.rows
        );
    }
    let bar = progress_bar(ctx, &progress);
    let outcome = tokio::select! {
        r = crawl(ctx, &mut progress, &mut sink, state_file.as_deref(), &bar) => r,
        _ = tokio::signal::ctrl_c() => Err(CliError::interrupted(String::new())),
    };
    bar.abandon();
    let resume_hint = |message: String| -> String {
        if args.output.is_some() {
            format!(
                "{message}; {} scrobbles are in the file: run the same command to resume",
                progress.rows
            )
        } else {
            message
        }
    };
    match outcome {
        Ok(()) => {
            if let Some(path) = &state_file {
                let _ = std::fs::remove_file(path);
            }
            if ctx.chatty() {
                eprintln!(
                    "Exported {} scrobbles of {} in {} requests.",
                    progress.rows, progress.user, progress.requests
                );
            }
            Ok(())
        }
        Err(e) if e.status == 130 => Err(CliError::interrupted(resume_hint("interrupted".into()))),
        // A reader that stops early (`| head`) is not a failure.
        Err(e) if e.message == BROKEN_PIPE => Ok(()),
        Err(e) => Err(CliError {
            message: resume_hint(e.message),
            status: e.status,
        }),
    }
}

fn read_progress(path: &Path) -> Result<Option<Progress>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|_| {
            CliError::failure(format!(
                "{} is not an export state file: delete it to start the export again",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::io(path.display(), e)),
    }
}

fn write_progress(path: &Path, progress: &Progress) -> Result<()> {
    let tmp = path.with_extension("export-state.tmp");
    let text = serde_json::to_vec(progress)
        .map_err(|e| CliError::failure(format!("cannot encode the export state: {e}")))?;
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| CliError::io(path.display(), e))
}

fn open_sink(output: Option<&Path>, progress: &Progress, resuming: bool) -> Result<Sink> {
    let Some(path) = output else {
        return Ok(match progress.format {
            ExportFormat::Csv => Sink::StdoutCsv(csv::Writer::from_writer(std::io::stdout())),
            ExportFormat::Jsonl => Sink::StdoutJsonl(std::io::BufWriter::new(std::io::stdout())),
        });
    };
    let io = |e| CliError::io(path.display(), e);
    let mut file = if resuming {
        let mut file = OpenOptions::new().write(true).open(path).map_err(io)?;
        // Whatever follows the last complete page is a page cut short.
        file.set_len(progress.bytes).map_err(io)?;
        file.seek(SeekFrom::End(0)).map_err(io)?;
        file
    } else {
        File::create(path).map_err(io)?
    };
    Ok(match progress.format {
        ExportFormat::Csv => {
            if !resuming {
                // Written now, so an empty history still gets its header.
                file.write_all(HEADER).map_err(io)?;
            }
            Sink::Csv(
                csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(file),
            )
        }
        ExportFormat::Jsonl => Sink::Jsonl(std::io::BufWriter::new(file)),
    })
}

fn progress_bar(ctx: &Ctx, progress: &Progress) -> ProgressBar {
    if !ctx.chatty() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(progress.total, ProgressDrawTarget::stderr());
    let bar_style = if crate::style::stderr_color() {
        "{bar:30.cyan/blue}"
    } else {
        "{bar:30}"
    };
    let template = format!(
        "{{spinner}} {bar_style} {{human_pos}}/{{human_len}} scrobbles, {{msg}}, ETA {{eta}}"
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_position(progress.rows);
    bar.set_message(pages_message(progress, None));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Pages read (of about how many), and scrobbles a second in this run.
fn pages_message(progress: &Progress, bar: Option<(&ProgressBar, u64)>) -> String {
    let pages = match progress.total {
        // A page set aside when the history shifts is one request past
        // the estimate.
        Some(total) => format!(
            "page {}/{}",
            progress.requests,
            total
                .div_ceil(u64::from(PAGE))
                .max(progress.requests)
                .max(1)
        ),
        None => format!("page {}", progress.requests),
    };
    match bar {
        Some((bar, start)) => {
            let secs = bar.elapsed().as_secs_f64();
            let rate = if secs > 0.0 {
                (progress.rows.saturating_sub(start)) as f64 / secs
            } else {
                0.0
            };
            format!("{pages}, {rate:.0}/s")
        }
        None => pages,
    }
}

async fn crawl(
    ctx: &Ctx,
    progress: &mut Progress,
    sink: &mut Sink,
    state_file: Option<&Path>,
    bar: &ProgressBar,
) -> Result<()> {
    let user = ctx.client.user();
    let start = progress.rows;
    loop {
        let mut request = user
            .get_recent_tracks(progress.user.clone())
            .to(progress.next_to)
            .limit(PAGE)
            .page(progress.page);
        if let Some(from) = progress.from {
            request = request.from(from);
        }
        let answer = request
            .await
            .map_err(|e| CliError::api("user.getRecentTracks", &e))?;
        progress.requests += 1;
        let window_total = answer.paging().total;
        if progress.total.is_none() {
            progress.total = window_total;
            if let Some(total) = progress.total {
                bar.set_length(total);
            }
        }
        if progress.window_total.is_some() && window_total != progress.window_total {
            // The pages shifted under the crawl: set this one aside and
            // start a new window where the written rows end.
            progress.next_to = progress.written_to.unwrap_or(progress.next_to);
            progress.page = 1;
            progress.boundary = progress.written_at_oldest.clone();
            progress.window_total = None;
            continue;
        }
        let rows: Vec<lastfm_api::Scrobbled> = answer
            .scrobbles()
            .filter(|s| s.timestamp <= progress.next_to)
            .collect();
        for s in &rows {
            let key = key(s);
            let at = s.timestamp.as_unix();
            if at == progress.next_to && progress.boundary.contains(&key) {
                continue;
            }
            sink.write(&Row {
                timestamp: at,
                artist: &s.track.artist.name,
                track: &s.track.name,
                album: &key.2,
                mbid: s.track.mbid.as_deref().unwrap_or(""),
            })
            .map_err(write_error)?;
            progress.rows += 1;
            if progress.written_to != Some(at) {
                progress.written_to = Some(at);
                progress.written_at_oldest.clear();
            }
            progress.written_at_oldest.push(key);
        }
        let done = rows.is_empty() || !answer.paging().has_next();
        if window_total.is_some() {
            progress.window_total = window_total;
            progress.page += 1;
        } else if let Some(oldest) = progress.written_to {
            // No count to notice a shift by: move the bound instead.
            if oldest < progress.next_to {
                progress.next_to = oldest;
                progress.page = 1;
                progress.boundary = progress.written_at_oldest.clone();
            } else {
                // A whole page at one time: read on at the same bound.
                progress.page += 1;
                progress.boundary = progress.written_at_oldest.clone();
            }
        }
        progress.bytes = sink.commit().map_err(write_error)?;
        if let Some(path) = state_file {
            write_progress(path, progress)?;
        }
        bar.set_position(progress.rows);
        bar.set_message(pages_message(progress, Some((bar, start))));
        if done {
            return Ok(());
        }
    }
}

const BROKEN_PIPE: &str = "broken pipe";

fn write_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::failure(BROKEN_PIPE)
    } else {
        CliError::failure(format!("cannot write the export: {e}"))
    }
}

fn key(s: &lastfm_api::Scrobbled) -> (String, String, String) {
    (
        s.track.artist.name.clone(),
        s.track.name.clone(),
        s.track
            .album
            .as_ref()
            .and_then(|a| a.title.clone())
            .unwrap_or_default(),
    )
}
