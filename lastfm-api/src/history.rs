//! Recent tracks done right: the now-playing row apart from scrobbles, and a
//! crawl of a whole listening history that returns every scrobble once.

use std::collections::HashSet;

use futures_util::{TryStreamExt, stream};

use crate::declared::{HistoryPage, HistoryRequest, HistoryRow, UserPackage};
use crate::{ItemStream, Paged};

/// A scrobble from a recent-tracks list: unlike the now-playing row, it
/// always has a time.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scrobbled {
    /// When it was played.
    pub timestamp: crate::Timestamp,
    pub track: HistoryRow,
}

impl Scrobbled {
    fn key(&self) -> (crate::Timestamp, String, String, Option<String>) {
        (
            self.timestamp,
            self.track.artist.name.clone(),
            self.track.name.clone(),
            self.track.album.as_ref().and_then(|a| a.title.clone()),
        )
    }
}

impl HistoryPage {
    /// The track the user is playing now (first page only), if any.
    pub fn now_playing(&self) -> Option<&HistoryRow> {
        self.tracks.iter().find(|t| t.now_playing == Some(true))
    }

    /// The scrobbles of the page, newest first, without the now-playing row.
    pub fn scrobbles(&self) -> impl Iterator<Item = Scrobbled> + '_ {
        self.tracks
            .iter()
            .filter(|t| t.now_playing != Some(true))
            .filter_map(|t| {
                t.date.map(|timestamp| Scrobbled {
                    timestamp,
                    track: t.clone(),
                })
            })
    }
}

/// Rows per request: `user.getRecentTracks` allows 200.
const CRAWL_PAGE: u32 = 200;

impl<S> UserPackage<'_, S> {
    /// Every scrobble of `user` up to now, newest first, each exactly once.
    ///
    /// The crawl fixes its upper time bound (`to`) when it starts, so
    /// scrobbles made while it runs do not shift its pages; rows seen twice
    /// (a delayed scrobble inserted into the history shifts the rows after
    /// it) are dropped, keyed by time, artist, title and album. The
    /// now-playing row is never returned. The stream ends after the last
    /// page, or after the first error, which it yields.
    pub fn recent_tracks_history(&self, user: impl Into<String>) -> ItemStream<Scrobbled> {
        self.recent_tracks_until(user, crate::Timestamp::now())
    }

    /// Like [`recent_tracks_history`](Self::recent_tracks_history), with the
    /// upper time bound (inclusive) given: a `Timestamp`, a `SystemTime` or
    /// unix seconds.
    pub fn recent_tracks_until(
        &self,
        user: impl Into<String>,
        to: impl Into<crate::Timestamp>,
    ) -> ItemStream<Scrobbled> {
        let to = to.into();
        let request = self.get_recent_tracks(user).to(to).limit(CRAWL_PAGE);
        struct Crawl {
            request: HistoryRequest,
            page: u32,
            done: bool,
            seen: HashSet<(crate::Timestamp, String, String, Option<String>)>,
            to: crate::Timestamp,
        }
        let start = Crawl {
            request,
            page: 1,
            done: false,
            seen: HashSet::new(),
            to,
        };
        let pages = stream::try_unfold(start, |mut crawl| async move {
            if crawl.done {
                return Ok(None);
            }
            let answer = crawl.request.clone().page(crawl.page).await?;
            let paging = answer.paging();
            crawl.done = !paging.has_next() || answer.tracks.is_empty();
            crawl.page = paging.page.max(crawl.page) + 1;
            let fresh: Vec<Scrobbled> = answer
                .scrobbles()
                .filter(|s| s.timestamp <= crawl.to)
                .filter(|s| crawl.seen.insert(s.key()))
                .collect();
            Ok(Some((fresh, crawl)))
        });
        Box::pin(
            pages
                .map_ok(|fresh| stream::iter(fresh.into_iter().map(Ok)))
                .try_flatten(),
        )
    }
}
