//! Scrobbling that tells the truth: batches of any size, split as the
//! service requires, and every item's outcome, ignored ones with their reason.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Timestamp;
use crate::declared::{IgnoredNote, ScrobbleBatch, ScrobbleOutcome};
use crate::{Error, SessionClient};

/// The most scrobbles one `track.scrobble` request may carry.
pub const MAX_BATCH: usize = 50;

/// One play to scrobble, with every field `track.scrobble` takes.
///
/// ```
/// use lastfm_api::Scrobble;
/// let play = Scrobble::new("Cher", "Believe", 1_700_000_000)
///     .album("Believe")
///     .track_number(1)
///     .duration(std::time::Duration::from_secs(239));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scrobble {
    pub artist: String,
    pub track: String,
    /// When playback started, unix seconds (UTC).
    pub timestamp: Timestamp,
    pub album: Option<String>,
    /// Only when different from the track's artist.
    pub album_artist: Option<String>,
    pub track_number: Option<u32>,
    pub mbid: Option<String>,
    pub duration: Option<Duration>,
    /// `Some(false)` for radio, recommendations, DJs; `None` when unsure.
    pub chosen_by_user: Option<bool>,
    pub context: Option<String>,
    pub stream_id: Option<String>,
}

impl Scrobble {
    /// A play of `track` by `artist` that started at `timestamp` (unix seconds).
    pub fn new(
        artist: impl Into<String>,
        track: impl Into<String>,
        timestamp: impl Into<Timestamp>,
    ) -> Self {
        Scrobble {
            artist: artist.into(),
            track: track.into(),
            timestamp: timestamp.into(),
            album: None,
            album_artist: None,
            track_number: None,
            mbid: None,
            duration: None,
            chosen_by_user: None,
            context: None,
            stream_id: None,
        }
    }

    /// A play that started at `started`.
    pub fn at(artist: impl Into<String>, track: impl Into<String>, started: SystemTime) -> Self {
        let timestamp = started
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Scrobble::new(artist, track, timestamp)
    }

    pub fn album(mut self, album: impl Into<String>) -> Self {
        self.album = Some(album.into());
        self
    }

    pub fn album_artist(mut self, artist: impl Into<String>) -> Self {
        self.album_artist = Some(artist.into());
        self
    }

    pub fn track_number(mut self, number: u32) -> Self {
        self.track_number = Some(number);
        self
    }

    pub fn mbid(mut self, mbid: impl Into<String>) -> Self {
        self.mbid = Some(mbid.into());
        self
    }

    /// The track's length (sent in whole seconds).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    pub fn chosen_by_user(mut self, chosen: bool) -> Self {
        self.chosen_by_user = Some(chosen);
        self
    }

    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    pub fn stream_id(mut self, id: impl Into<String>) -> Self {
        self.stream_id = Some(id.into());
        self
    }

    /// What Last.fm identifies a play by: its artist, track and timestamp.
    /// Plays with the same key are one scrobble to the service, which keeps
    /// the first and answers the others as accepted while dropping them.
    pub fn key(&self) -> PlayKey {
        PlayKey {
            artist: self.artist.to_lowercase(),
            track: self.track.to_lowercase(),
            timestamp: self.timestamp,
        }
    }
}

/// The identity of a play for Last.fm's de-duplication: artist and track
/// (in lower case, since the service matches names regardless of case) and
/// the start time. See [`Scrobble::key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PlayKey {
    pub artist: String,
    pub track: String,
    pub timestamp: Timestamp,
}

/// A play of a [`SessionClient::scrobble`] call with the same artist, track
/// and timestamp as an earlier play of the same call. Last.fm keeps one of
/// them: the repeat is answered as accepted, and lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RepeatedPlay {
    /// The repeat's index in the input.
    pub index: usize,
    /// The index of the first play with the same key.
    pub first: usize,
}

/// The plays of `scrobbles` whose key an earlier one already has, in order.
fn repeated_plays(scrobbles: &[Scrobble]) -> Vec<RepeatedPlay> {
    let mut first = std::collections::HashMap::with_capacity(scrobbles.len());
    scrobbles
        .iter()
        .enumerate()
        .filter_map(|(index, play)| match first.entry(play.key()) {
            std::collections::hash_map::Entry::Occupied(seen) => Some(RepeatedPlay {
                index,
                first: *seen.get(),
            }),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
        })
        .collect()
}

/// Why Last.fm ignored a scrobble (the `ignoredMessage` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum IgnoredReason {
    /// 1: the artist is filtered (not a real artist name, say).
    ArtistIgnored,
    /// 2: the track is filtered.
    TrackIgnored,
    /// 3: the timestamp is too far in the past.
    TimestampTooOld,
    /// 4: the timestamp is too far in the future.
    TimestampTooNew,
    /// 5: the user reached the daily scrobble limit.
    DailyLimitExceeded,
    /// A code this crate does not know yet, as sent.
    Other(u32),
}

impl IgnoredReason {
    /// The reason for a code; `None` for 0 (not ignored).
    pub fn from_code(code: u64) -> Option<IgnoredReason> {
        Some(match code {
            0 => return None,
            1 => IgnoredReason::ArtistIgnored,
            2 => IgnoredReason::TrackIgnored,
            3 => IgnoredReason::TimestampTooOld,
            4 => IgnoredReason::TimestampTooNew,
            5 => IgnoredReason::DailyLimitExceeded,
            other => IgnoredReason::Other(u32::try_from(other).unwrap_or(u32::MAX)),
        })
    }
}

impl fmt::Display for IgnoredReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IgnoredReason::ArtistIgnored => f.write_str("artist ignored"),
            IgnoredReason::TrackIgnored => f.write_str("track ignored"),
            IgnoredReason::TimestampTooOld => f.write_str("timestamp too old"),
            IgnoredReason::TimestampTooNew => f.write_str("timestamp too far in the future"),
            IgnoredReason::DailyLimitExceeded => f.write_str("daily scrobble limit exceeded"),
            IgnoredReason::Other(code) => write!(f, "ignored with code {code}"),
        }
    }
}

impl IgnoredNote {
    /// Why the item was ignored; `None` when it was not.
    pub fn reason(&self) -> Option<IgnoredReason> {
        IgnoredReason::from_code(self.code)
    }
}

impl ScrobbleOutcome {
    /// Why this scrobble was ignored; `None` when it was accepted.
    pub fn ignored_reason(&self) -> Option<IgnoredReason> {
        self.ignored_message.as_ref().and_then(IgnoredNote::reason)
    }
}

/// What happened to every scrobble of a [`SessionClient::scrobble`] call.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScrobbleReport {
    /// Requests sent (one per batch of at most 50).
    pub requests: usize,
    pub accepted: u64,
    pub ignored: u64,
    /// One outcome per scrobble sent, in the order given.
    pub results: Vec<ScrobbleOutcome>,
    /// Plays of the call that repeat an earlier play's artist, track and
    /// timestamp. They were sent, and Last.fm answers them as accepted, but
    /// it keeps only one play per key: each of these is lost there (a
    /// service that keeps repeats stores them). Give distinct plays their
    /// own start times.
    pub repeated: Vec<RepeatedPlay>,
}

impl ScrobbleReport {
    /// The ignored scrobbles: their index in the input, and why.
    pub fn ignored(&self) -> impl Iterator<Item = (usize, IgnoredReason)> + '_ {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.ignored_reason().map(|why| (i, why)))
    }

    fn add(&mut self, batch: ScrobbleBatch) {
        self.requests += 1;
        self.accepted += batch.accepted;
        self.ignored += batch.ignored;
        self.results.extend(batch.scrobbles);
    }
}

/// A scrobble call that failed part-way: what was sent before the failure,
/// and where the unsent scrobbles start (retry from there).
#[derive(Debug)]
pub struct ScrobbleError {
    pub error: Error,
    /// The outcomes of the batches sent before the failure.
    pub report: ScrobbleReport,
    /// The index of the first scrobble that was not recorded.
    pub unsent_from: usize,
}

impl fmt::Display for ScrobbleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scrobbling stopped at item {} after {} request(s): {}",
            self.unsent_from, self.report.requests, self.error
        )
    }
}

impl std::error::Error for ScrobbleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl SessionClient {
    /// Scrobbles any number of plays, in order, in requests of at most 50.
    ///
    /// Every play gets its outcome in the report: accepted, or ignored with
    /// the reason (an ignored play is not an error). A failed request stops
    /// the call; the error tells which plays were not sent.
    ///
    /// Last.fm identifies a scrobble by its user, artist, track and
    /// timestamp ([`Scrobble::key`]) and silently drops a repeat while
    /// answering it as accepted, whether it comes in the same request or a
    /// later one. So a request sent again after its answer was lost is
    /// harmless there (the client retries it), but two different plays
    /// given the same timestamp count once: the report lists such plays of
    /// one call in [`ScrobbleReport::repeated`]. Across calls, the
    /// `lastfm-queue` crate refuses a play it has queued or delivered before.
    pub async fn scrobble(&self, scrobbles: &[Scrobble]) -> Result<ScrobbleReport, ScrobbleError> {
        let mut report = ScrobbleReport {
            repeated: repeated_plays(scrobbles),
            ..ScrobbleReport::default()
        };
        for (i, batch) in scrobbles.chunks(MAX_BATCH).enumerate() {
            match self.scrobble_batch(batch).await {
                Ok(result) => report.add(result),
                Err(error) => {
                    return Err(ScrobbleError {
                        error,
                        report,
                        unsent_from: i * MAX_BATCH,
                    });
                }
            }
        }
        Ok(report)
    }

    /// [`scrobble`](Self::scrobble), blocking the thread until every batch
    /// is answered (feature `blocking`; see [`crate::blocking`]). Inside an
    /// async runtime nothing is sent: the error is
    /// [`Error::BlockingInAsyncContext`], with every play unsent.
    #[cfg(feature = "blocking")]
    // The very error of `scrobble`, whose report the caller needs whole.
    #[allow(clippy::result_large_err)]
    pub fn scrobble_blocking(
        &self,
        scrobbles: &[Scrobble],
    ) -> Result<ScrobbleReport, ScrobbleError> {
        crate::blocking::wait(self.scrobble(scrobbles)).unwrap_or_else(|error| {
            Err(ScrobbleError {
                error,
                report: ScrobbleReport::default(),
                unsent_from: 0,
            })
        })
    }

    /// One `track.scrobble` request for at most 50 plays (repeated plays are
    /// not looked for: see [`scrobble`](Self::scrobble)).
    pub async fn scrobble_batch(&self, batch: &[Scrobble]) -> Result<ScrobbleBatch, Error> {
        let list =
            |f: &dyn Fn(&Scrobble) -> Option<String>| batch.iter().map(f).collect::<Vec<_>>();
        self.track()
            .scrobble(
                batch.iter().map(|s| s.artist.clone()),
                batch.iter().map(|s| s.track.clone()),
                batch.iter().map(|s| s.timestamp),
            )
            .album(list(&|s| s.album.clone()))
            .album_artist(list(&|s| s.album_artist.clone()))
            .mbid(list(&|s| s.mbid.clone()))
            .context(list(&|s| s.context.clone()))
            .stream_id(list(&|s| s.stream_id.clone()))
            .track_number(batch.iter().map(|s| s.track_number))
            .duration(batch.iter().map(|s| {
                s.duration
                    .map(|d| d.as_secs().min(u64::from(u32::MAX)) as u32)
            }))
            .chosen_by_user(batch.iter().map(|s| s.chosen_by_user))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_share_artist_track_and_timestamp_regardless_of_case() {
        let plays = [
            Scrobble::new("Cher", "Believe", 100),
            Scrobble::new("Cher", "Believe", 101),
            Scrobble::new("cher", "BELIEVE", 100).album("Believe"),
            Scrobble::new("Cher", "Strong Enough", 100),
            Scrobble::new("Cher", "Believe", 100),
            Scrobble::new("Björk", "Jóga", 5),
            Scrobble::new("BJÖRK", "JÓGA", 5),
        ];
        assert_eq!(
            repeated_plays(&plays),
            [
                RepeatedPlay { index: 2, first: 0 },
                RepeatedPlay { index: 4, first: 0 },
                RepeatedPlay { index: 6, first: 5 },
            ]
        );
        assert!(repeated_plays(&plays[..2]).is_empty());
    }
}
