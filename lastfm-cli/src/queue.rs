//! `lastfm queue status | flush [--now] | dead-letters`, and the flush with
//! a progress bar and a report that `lastfm scrobble` shares.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lastfm_queue::{FlushReport, FlushStop, ScrobbleQueue};

use crate::ctx::Ctx;
use crate::error::{CliError, Result};
use crate::{Global, QueueArg};

#[derive(Subcommand)]
pub enum QueueCommand {
    /// How many plays wait, whether sending is deferred, how many were refused
    Status {
        #[command(flatten)]
        queue: QueueArg,
    },
    /// Send the queued plays (unless a failure asked to wait; --now sends anyway)
    Flush {
        #[command(flatten)]
        queue: QueueArg,
        /// Send now, even if a transient failure deferred the queue
        #[arg(long)]
        now: bool,
    },
    /// List the plays Last.fm refused for good, with the error
    DeadLetters {
        #[command(flatten)]
        queue: QueueArg,
    },
}

pub fn path(global: Global, arg: &QueueArg) -> Result<PathBuf> {
    match &arg.queue {
        Some(p) => Ok(p.clone()),
        None => crate::default_queue_path(global.offline),
    }
}

/// Opens an existing queue: a mistyped path is an error, not a new empty queue.
pub fn open_existing(path: &Path) -> Result<ScrobbleQueue> {
    if !path.is_file() {
        return Err(CliError::failure(format!(
            "no scrobble queue at {} (a queue is created by `lastfm scrobble`)",
            path.display()
        )));
    }
    ScrobbleQueue::open(path).map_err(|e| CliError::failure(format!("{}: {e}", path.display())))
}

/// Opens the queue, creating it (and its folder) if needed: for enqueuing.
pub fn open_or_create(path: &Path) -> Result<ScrobbleQueue> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::config::create_private_dir(dir)?;
    }
    ScrobbleQueue::open(path).map_err(|e| CliError::failure(format!("{}: {e}", path.display())))
}

fn when(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    jiff::Timestamp::from_second(secs as i64)
        .map(|ts| ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|_| secs.to_string())
}

fn store_error(path: &Path) -> impl Fn(lastfm_queue::QueueError) -> CliError + '_ {
    move |e| CliError::failure(format!("{}: {e}", path.display()))
}

pub async fn run(global: Global, command: QueueCommand) -> Result<()> {
    match command {
        QueueCommand::Status { queue } => {
            let path = path(global, &queue)?;
            let q = open_existing(&path)?;
            let err = store_error(&path);
            println!("queue: {}", path.display());
            println!("queued: {}", q.len().map_err(&err)?);
            match q.retry_at().map_err(&err)? {
                Some(t) => println!(
                    "deferred until: {} (after a transient failure; `lastfm queue flush --now` sends anyway)",
                    when(t)
                ),
                None => println!("deferred: no"),
            }
            println!("dead letters: {}", q.dead_letters().map_err(&err)?.len());
            Ok(())
        }
        QueueCommand::DeadLetters { queue } => {
            let path = path(global, &queue)?;
            let q = open_existing(&path)?;
            let letters = q.dead_letters().map_err(store_error(&path))?;
            let mut out = csv::Writer::from_writer(std::io::stdout());
            let io = |e: csv::Error| CliError::failure(format!("cannot write: {e}"));
            out.write_record([
                "timestamp",
                "artist",
                "track",
                "album",
                "error",
                "failed_at",
            ])
            .map_err(io)?;
            for l in &letters {
                out.write_record([
                    l.scrobble.timestamp.to_string().as_str(),
                    &l.scrobble.artist,
                    &l.scrobble.track,
                    l.scrobble.album.as_deref().unwrap_or(""),
                    &l.error,
                    &l.failed_at.to_string(),
                ])
                .map_err(io)?;
            }
            out.flush()
                .map_err(|e| CliError::failure(format!("cannot write: {e}")))?;
            Ok(())
        }
        QueueCommand::Flush { queue, now } => {
            let path = path(global, &queue)?;
            let q = open_existing(&path)?;
            let ctx = Ctx::new(global).await?;
            let result = async {
                let me = ctx.session()?;
                let report = flush(&ctx, &q, &path, &me, now).await?;
                let summary = Summary::from_flush(&report, &HashMap::new());
                summary.print(&ctx, &report);
                summary.outcome(&report)
            }
            .await;
            ctx.finish(result)
        }
    }
}

/// Flushes with a progress bar (on a terminal) fed by a second connection
/// that watches the queue shrink.
pub async fn flush(
    ctx: &Ctx,
    queue: &ScrobbleQueue,
    path: &Path,
    me: &lastfm_api::SessionClient,
    now: bool,
) -> Result<FlushReport> {
    let err = store_error(path);
    let waiting = queue.len().map_err(&err)? as u64;
    let bar = if ctx.chatty() && std::io::stderr().is_terminal() && waiting > 0 {
        let bar = ProgressBar::with_draw_target(Some(waiting), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} sending [{bar:30}] {pos}/{len} plays, {per_sec}, ETA {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let watcher = if bar.is_hidden() {
        None
    } else {
        let watch = ScrobbleQueue::open(path).map_err(&err)?;
        let bar = bar.clone();
        Some(tokio::spawn(async move {
            loop {
                if let Ok(left) = watch.len() {
                    bar.set_position(waiting.saturating_sub(left as u64));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }))
    };
    let report = if now {
        queue.flush_now(me).await
    } else {
        queue.flush(me).await
    };
    if let Some(w) = watcher {
        w.abort();
    }
    bar.finish_and_clear();
    report.map_err(err)
}

/// What happened to the plays, to print.
#[derive(Default)]
pub struct Summary {
    pub read: usize,
    pub skipped_rows: usize,
    pub duplicates: usize,
    /// (input line, "artist - track", reason)
    pub ignored: Vec<(Option<usize>, String, String)>,
}

pub type Key = (String, String, u64);

pub fn key(s: &lastfm_api::Scrobble) -> Key {
    (s.artist.clone(), s.track.clone(), s.timestamp.as_unix())
}

impl Summary {
    pub fn from_flush(report: &FlushReport, lines: &HashMap<Key, usize>) -> Summary {
        Summary {
            ignored: report
                .ignored
                .iter()
                .map(|i| {
                    (
                        lines.get(&key(&i.scrobble)).copied(),
                        format!(
                            "{} - {} at {}",
                            i.scrobble.artist, i.scrobble.track, i.scrobble.timestamp
                        ),
                        i.reason.to_string(),
                    )
                })
                .collect(),
            ..Summary::default()
        }
    }

    pub fn print(&self, ctx: &Ctx, report: &FlushReport) {
        let _ = ctx;
        if self.skipped_rows > 0 {
            println!("skipped rows (S): {}", self.skipped_rows);
        }
        println!("accepted: {}", report.accepted);
        println!("ignored by the service: {}", self.ignored.len());
        for (line, play, why) in &self.ignored {
            match line {
                Some(n) => println!("  line {n}: {play}: {why}"),
                None => println!("  {play}: {why}"),
            }
        }
        println!("skipped duplicates: {}", self.duplicates);
        println!("still queued: {}", report.remaining);
        println!("dead-lettered: {}", report.dead_lettered);
    }

    /// Success unless the flush stopped on a failure: then one message
    /// saying what is left and how to send it.
    pub fn outcome(&self, report: &FlushReport) -> Result<()> {
        match &report.stopped {
            None => Ok(()),
            Some(FlushStop::Deferred { until }) => Err(CliError::failure(format!(
                "{} plays stay queued: sending is deferred until {} after a transient failure; `lastfm queue flush --now` sends now",
                report.remaining,
                when(*until)
            ))),
            Some(FlushStop::Transient { error, retry_at }) => Err(CliError::failure(format!(
                "{} plays stay queued after a transient failure ({}): run again after {}, or `lastfm queue flush --now`",
                report.remaining,
                CliError::api("track.scrobble", error).message,
                when(*retry_at)
            ))),
            Some(FlushStop::Reauthenticate { error }) => Err(CliError::failure(format!(
                "{} plays stay queued: {}",
                report.remaining,
                CliError::api("track.scrobble", error).message
            ))),
            Some(_) => Err(CliError::failure(format!(
                "{} plays stay queued: the flush stopped",
                report.remaining
            ))),
        }
    }
}
