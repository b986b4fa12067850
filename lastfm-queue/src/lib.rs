//! A durable scrobble queue for players and scrobblers.
//!
//! Scrobbles are written to an SQLite database (bundled: nothing to install)
//! before anything is sent. [`ScrobbleQueue::flush`] sends them oldest
//! first, in batches of at most 50, and each batch leaves the queue in the
//! same transaction that records Last.fm's answer for it:
//!
//! - accepted and ignored scrobbles leave the queue; the ignored ones are
//!   reported with their reason;
//! - a transient failure (after the client's own retries) keeps them, and
//!   the queue waits before the next flush, longer after each failure;
//! - a failure that needs the user to authenticate again keeps them too;
//! - a permanent failure moves them to a dead-letter table with the error
//!   (a failing batch is retried one scrobble at a time first, so one bad
//!   scrobble does not take 49 good ones with it). Nothing is dropped
//!   silently.
//!
//! A process killed at any point loses nothing: what was not recorded as
//! answered is sent again by the next flush, so the batch in flight when
//! the process died may be sent twice. Last.fm drops a scrobble repeating
//! one it stored (same user, artist, track and timestamp) while answering
//! it as accepted, so nothing is counted twice there; a service that keeps
//! repeats may store that one batch twice.
//!
//! The queue itself never holds the same play twice: [`ScrobbleQueue::push`]
//! refuses a play with the artist, track and timestamp of one queued or
//! delivered before, and says so ([`Pushed`]). Its memory of delivered
//! plays grows by one small row per play.
//!
//! With the `blocking` feature, `ScrobbleQueue::flush_blocking` flushes
//! without an async runtime in the caller.
//!
//! ```no_run
//! # async fn run(me: lastfm_api::SessionClient) -> Result<(), lastfm_queue::QueueError> {
//! use lastfm_api::Scrobble;
//! let queue = lastfm_queue::ScrobbleQueue::open("scrobbles.db")?;
//! queue.push(&Scrobble::new("Cher", "Believe", 1_700_000_000))?;
//! let report = queue.flush(&me).await?;
//! println!("{} accepted, {} still queued", report.accepted, report.remaining);
//! # Ok(()) }
//! ```

mod store;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lastfm_api::{Error, IgnoredReason, MAX_BATCH, Scrobble, SessionClient};

pub use store::{DeadLetter, Pushed, Queued};

/// What can go wrong with the queue itself (the store, not the network).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    #[error("scrobble queue store: {0}")]
    Store(#[from] rusqlite::Error),
    /// A blocking flush (feature `blocking`) could not wait here:
    /// [`lastfm_api::Error::BlockingInAsyncContext`] inside an async
    /// runtime, where `flush(..).await` is the way. Nothing was sent.
    #[cfg(feature = "blocking")]
    #[error("blocking flush: {0}")]
    Blocking(#[source] Error),
}

/// A scrobble Last.fm ignored, and why; it has left the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct IgnoredScrobble {
    pub scrobble: Scrobble,
    pub reason: IgnoredReason,
}

/// Why a flush stopped before the queue was empty.
#[derive(Debug)]
#[non_exhaustive]
pub enum FlushStop {
    /// The service could not be reached or answered "later"; the scrobbles
    /// stay queued and the next flush waits until `retry_at`.
    Transient { error: Error, retry_at: SystemTime },
    /// The session key is no longer valid: authenticate again, then flush.
    Reauthenticate { error: Error },
    /// A previous failure asked to wait until then; nothing was sent.
    Deferred { until: SystemTime },
}

/// What one flush did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct FlushReport {
    /// `track.scrobble` requests sent.
    pub requests: usize,
    pub accepted: u64,
    pub ignored: Vec<IgnoredScrobble>,
    /// Scrobbles moved to the dead-letter table by this flush.
    pub dead_lettered: usize,
    /// Scrobbles still queued afterwards.
    pub remaining: usize,
    pub stopped: Option<FlushStop>,
}

/// The first wait after a transient failure; it doubles up to an hour.
const FIRST_BACKOFF: Duration = Duration::from_secs(30);
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// A durable queue of scrobbles, backed by one SQLite file.
#[derive(Debug)]
pub struct ScrobbleQueue {
    store: Mutex<store::Store>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn at(unix: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix)
}

impl ScrobbleQueue {
    /// Opens (or creates) the queue stored in `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, QueueError> {
        Ok(ScrobbleQueue {
            store: Mutex::new(store::Store::open(path.as_ref())?),
        })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, store::Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores a scrobble; once this returns [`Pushed::Queued`], it survives
    /// a crash. A play with the same artist, track and timestamp
    /// ([`Scrobble::key`]) as one queued or delivered before is refused, and
    /// the answer says which: replaying a log file or recovering from a
    /// crash never scrobbles a play twice, even to a service that keeps
    /// repeats (Last.fm would drop the repeat anyway).
    pub fn push(&self, scrobble: &Scrobble) -> Result<Pushed, QueueError> {
        let mut outcome = self.push_all(std::slice::from_ref(scrobble))?;
        Ok(outcome.pop().expect("one answer per play"))
    }

    /// Stores scrobbles in one transaction, in order, refusing repeats as
    /// [`push`](Self::push) does (within the slice too); one answer per play.
    pub fn push_all(&self, scrobbles: &[Scrobble]) -> Result<Vec<Pushed>, QueueError> {
        Ok(self.store().push(scrobbles)?)
    }

    /// How many scrobbles wait to be sent.
    pub fn len(&self) -> Result<usize, QueueError> {
        Ok(self.store().len()?)
    }

    pub fn is_empty(&self) -> Result<bool, QueueError> {
        Ok(self.len()? == 0)
    }

    /// The queued scrobbles, oldest first.
    pub fn queued(&self) -> Result<Vec<Queued>, QueueError> {
        Ok(self.store().queued(usize::MAX)?)
    }

    /// The scrobbles Last.fm refused for good, with the error.
    pub fn dead_letters(&self) -> Result<Vec<DeadLetter>, QueueError> {
        Ok(self.store().dead_letters()?)
    }

    /// When the next flush may send, after a transient failure (`None`: now).
    pub fn retry_at(&self) -> Result<Option<SystemTime>, QueueError> {
        Ok(self.store().retry_at()?.filter(|&t| t > now()).map(at))
    }

    /// Sends the queued scrobbles, unless a previous failure asked to wait.
    pub async fn flush(&self, client: &SessionClient) -> Result<FlushReport, QueueError> {
        if let Some(until) = self.retry_at()? {
            return Ok(FlushReport {
                remaining: self.len()?,
                stopped: Some(FlushStop::Deferred { until }),
                ..FlushReport::default()
            });
        }
        self.flush_now(client).await
    }

    /// [`flush`](Self::flush), blocking the thread until it is done, for
    /// programs without an async runtime (feature `blocking`; the requests
    /// run on `lastfm_api::blocking`'s runtime). Inside an async runtime it
    /// sends nothing and fails with [`QueueError::Blocking`].
    #[cfg(feature = "blocking")]
    pub fn flush_blocking(&self, client: &SessionClient) -> Result<FlushReport, QueueError> {
        lastfm_api::blocking::wait(self.flush(client)).map_err(QueueError::Blocking)?
    }

    /// [`flush_now`](Self::flush_now), blocking the thread until it is
    /// done (feature `blocking`; see [`flush_blocking`](Self::flush_blocking)).
    #[cfg(feature = "blocking")]
    pub fn flush_now_blocking(&self, client: &SessionClient) -> Result<FlushReport, QueueError> {
        lastfm_api::blocking::wait(self.flush_now(client)).map_err(QueueError::Blocking)?
    }

    /// Sends the queued scrobbles now, oldest first, 50 per request.
    pub async fn flush_now(&self, client: &SessionClient) -> Result<FlushReport, QueueError> {
        let mut report = FlushReport::default();
        loop {
            let batch = self.store().queued(MAX_BATCH)?;
            if batch.is_empty() {
                break;
            }
            if let Some(stop) = self.send(client, &batch, &mut report).await? {
                report.stopped = Some(stop);
                break;
            }
        }
        report.remaining = self.len()?;
        Ok(report)
    }

    /// Sends one batch and records the outcome; `Some` when flushing must stop.
    async fn send(
        &self,
        client: &SessionClient,
        batch: &[Queued],
        report: &mut FlushReport,
    ) -> Result<Option<FlushStop>, QueueError> {
        let scrobbles: Vec<Scrobble> = batch.iter().map(|q| q.scrobble.clone()).collect();
        report.requests += 1;
        match client.scrobble_batch(&scrobbles).await {
            Ok(answer) => {
                self.store().remove(batch)?;
                report.accepted += answer.accepted;
                for (queued, result) in batch.iter().zip(&answer.scrobbles) {
                    if let Some(reason) = result.ignored_reason() {
                        report.ignored.push(IgnoredScrobble {
                            scrobble: queued.scrobble.clone(),
                            reason,
                        });
                    }
                }
                Ok(None)
            }
            Err(error) if error.needs_reauthentication() => {
                Ok(Some(FlushStop::Reauthenticate { error }))
            }
            Err(error) if error.is_retryable() => {
                let retry_at = self.store().defer(now(), FIRST_BACKOFF, MAX_BACKOFF)?;
                Ok(Some(FlushStop::Transient {
                    error,
                    retry_at: at(retry_at),
                }))
            }
            // A permanent failure: find the scrobbles it is about.
            Err(error) if batch.len() > 1 => {
                for one in batch {
                    if let Some(stop) =
                        Box::pin(self.send(client, std::slice::from_ref(one), report)).await?
                    {
                        return Ok(Some(stop));
                    }
                }
                drop(error);
                Ok(None)
            }
            Err(error) => {
                self.store()
                    .dead_letter(&batch[0], &error.to_string(), now())?;
                report.dead_lettered += 1;
                Ok(None)
            }
        }
    }
}
