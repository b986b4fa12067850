//! Blocking calls, for programs without an async runtime (feature `blocking`).
//!
//! ```no_run
//! use lastfm_api::blocking::{BlockingIter, SendBlocking};
//! use lastfm_api::{Client, Scrobble};
//!
//! # fn run(plays: &[Scrobble]) -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder().api_key("KEY").api_secret("SECRET").build()?;
//! let token = client.auth().get_token().send_blocking()?;
//! println!("approve at {}", client.auth_url(&token));
//! let session = client.auth().get_session(&token).send_blocking()?;
//! let me = client.with_session(&session);
//! let info = me.track().get_info("Cher", "Believe").send_blocking()?;
//! println!("{info}: loved {:?}", info.user_loved);
//! let report = me.scrobble_blocking(plays)?;
//! println!("{} accepted", report.accepted);
//! for scrobble in client.user().recent_tracks_history("rj").blocking_iter() {
//!     println!("{}", scrobble?.track);
//! }
//! # Ok(()) }
//! ```
//!
//! Every request gets [`send_blocking`](SendBlocking::send_blocking) from
//! the [`SendBlocking`] trait; every stream of pages or items (the history
//! crawl, [`items`](crate::items), [`pages`](crate::pages)) becomes an
//! iterator with [`blocking_iter`](BlockingIter::blocking_iter);
//! [`SessionClient::scrobble_blocking`](crate::SessionClient::scrobble_blocking)
//! scrobbles a batch of any size; [`wait`] runs any other future of this
//! crate (or of one built on it, such as `lastfm-queue`).
//!
//! # The runtime
//!
//! The requests run on one runtime per process, started by the first
//! blocking call and kept until the process exits: a single worker thread
//! (`lastfm-api-blocking`) that owns the connections and timers, while the
//! calling thread waits for its answer. Every client and clone shares it,
//! so a blocking program pays for one thread, however many clients it makes.
//!
//! # Inside an async runtime
//!
//! A blocking call made where a tokio runtime is entered (in an `async`
//! task, or in `spawn_blocking`) does not block: it returns
//! [`Error::BlockingInAsyncContext`] at once. Blocking there would stall the
//! runtime's thread, and deadlock a single-threaded runtime that serves the
//! very answer being waited for (a test server on `#[tokio::test]`), so the
//! mistake is reported as an error the caller sees in every build, rather
//! than as reqwest's panic, which fires in debug builds only. In async code,
//! `.await` the request instead; in `spawn_blocking`, use
//! `tokio::runtime::Handle::current().block_on(request)`.

use std::future::{Future, IntoFuture};
use std::sync::OnceLock;

use futures_util::StreamExt;

use crate::{Error, ResponseFuture, Stream};

/// The process's runtime for blocking calls, or why it could not start.
fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("lastfm-api-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("cannot start the blocking runtime: {e}")))
}

/// Runs `future` to completion on the blocking runtime, blocking the
/// calling thread; an [`Error::BlockingInAsyncContext`] inside an async
/// runtime (see the [module documentation](self)).
pub fn wait<F: Future>(future: F) -> Result<F::Output, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::BlockingInAsyncContext);
    }
    Ok(runtime()?.block_on(future))
}

/// Sends a request synchronously: implemented by every generated request
/// (anything that `.await`s into a [`ResponseFuture`]).
pub trait SendBlocking {
    /// What the request answers.
    type Answer;

    /// Sends the request and waits for its answer, blocking the thread.
    fn send_blocking(self) -> Result<Self::Answer, Error>;
}

impl<R, T> SendBlocking for R
where
    R: IntoFuture<Output = Result<T, Error>, IntoFuture = ResponseFuture<T>>,
{
    type Answer = T;

    fn send_blocking(self) -> Result<T, Error> {
        wait(self.into_future())?
    }
}

/// Turns a stream of results (the history crawl, [`items`](crate::items),
/// [`pages`](crate::pages)) into a blocking iterator.
pub trait BlockingIter: Sized {
    /// The `Ok` value of each item.
    type Item;

    /// An iterator that waits for each item in turn. It ends where the
    /// stream ends; an error (the stream's, or
    /// [`Error::BlockingInAsyncContext`]) is its last item.
    fn blocking_iter(self) -> Iter<Self>;
}

impl<S, T> BlockingIter for S
where
    S: Stream<Item = Result<T, Error>> + Unpin,
{
    type Item = T;

    fn blocking_iter(self) -> Iter<S> {
        Iter {
            stream: self,
            done: false,
        }
    }
}

/// The iterator of [`BlockingIter::blocking_iter`].
#[derive(Debug)]
#[must_use = "an iterator does nothing until it is iterated"]
pub struct Iter<S> {
    stream: S,
    /// After an error, as the streams of this crate end after one.
    done: bool,
}

impl<S, T> Iterator for Iter<S>
where
    S: Stream<Item = Result<T, Error>> + Unpin,
{
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = wait(self.stream.next()).unwrap_or_else(|e| Some(Err(e)));
        self.done = !matches!(item, Some(Ok(_)));
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_a_future_outside_a_runtime() {
        let answer = wait(async {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            7
        });
        assert_eq!(answer.unwrap(), 7);
    }

    #[tokio::test]
    async fn refuses_to_block_inside_a_runtime() {
        assert!(matches!(
            wait(async { 7 }),
            Err(Error::BlockingInAsyncContext)
        ));
        let stream = futures_util::stream::iter([Ok::<u32, Error>(1)]);
        let mut iter = stream.blocking_iter();
        assert!(matches!(
            iter.next(),
            Some(Err(Error::BlockingInAsyncContext))
        ));
        assert!(iter.next().is_none());
        // The same in `spawn_blocking`: a runtime is entered there too.
        let inside = tokio::task::spawn_blocking(|| wait(async { 7 }));
        assert!(matches!(
            inside.await.unwrap(),
            Err(Error::BlockingInAsyncContext)
        ));
    }
}
