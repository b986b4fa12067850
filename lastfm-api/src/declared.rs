//! The spec-declared items that the hand-written runtime builds on, named
//! here and nowhere else in `src/`.
//!
//! The rest of the runtime reads only what the spec's rules say (auth
//! levels, error classes, parameter lists); these few helpers add behaviour
//! to particular answers, so they must name them:
//!
//! - `auth.getSession`'s answer, from which [`Client::with_session`](crate::Client::with_session)
//!   makes a `SessionClient`;
//! - `track.scrobble`'s answer and its parts, which
//!   [`SessionClient::scrobble`](crate::SessionClient::scrobble) gathers into a report;
//! - `user.getRecentTracks`: its accessor, request, page and row, which the
//!   history crawl walks;
//! - the writes that add rather than set, which a client for a service that
//!   keeps repeats does not send twice.
//!
//! Renaming one of them in YAML breaks the build here, and only here.

pub(crate) use crate::types::{
    IgnoredMessage as IgnoredNote, RecentTrack as HistoryRow, RecentTracks as HistoryPage,
    ScrobbleResult as ScrobbleOutcome, Scrobbles as ScrobbleBatch, Session as SessionAnswer,
};
pub(crate) use crate::user::{GetRecentTracks as HistoryRequest, User as UserPackage};

/// Writes that add rather than set: done twice, they count twice on a
/// service that keeps repeats (loving or tagging twice is the same as once).
pub(crate) const ADDITIVE_WRITES: &[&str] = &["track.scrobble"];
