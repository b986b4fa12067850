//! A typed client for the [Last.fm API 2.0](https://www.last.fm/api),
//! generated at compile time from the declarative spec in `spec/*.yaml`.
//!
//! ```no_run
//! use lastfm_api::{Client, Error, ErrorCode};
//!
//! # async fn run() -> Result<(), Error> {
//! let client = Client::builder()
//!     .api_key("YOUR_API_KEY")
//!     .api_secret("YOUR_SECRET")
//!     .build()?;
//!
//! // Desktop authentication: get a token, let the user approve it, get a session.
//! let token = client.auth().get_token().await?;
//! println!("Approve the app at {}", client.auth_url(&token));
//! match client.auth().get_session(&token).await {
//!     Ok(session) => println!("signed in as {}", session.name),
//!     Err(err) if err.code() == Some(ErrorCode::TokenNotAuthorized) => println!("not approved yet"),
//!     Err(err) => return Err(err),
//! }
//! # Ok(()) }
//! ```
//!
//! Every method is a request value: required parameters are arguments,
//! optional ones are chained setters, and the request is `.await`ed directly
//! (or sent with `.send()`). Errors are [`Error`]s; the Last.fm error codes
//! are [`ErrorCode`]s.
//!
//! Secrets (the API secret, session keys, tokens, passwords) never appear in
//! `Debug` or `Display` output, nor in error messages.
//!
//! # Features
//!
//! - `serde` (off by default): `Serialize` and `Deserialize` for every
//!   response type and enum of [`types`], [`ErrorCode`], [`Images`],
//!   [`Paging`], [`Timestamp`], [`Scrobble`], [`ScrobbleReport`] and
//!   [`Scrobbled`], with the Rust field names. A [`Secret`] (a session key)
//!   is written only inside `Secret::serialize_exposed`; elsewhere
//!   serializing it is an error, so a key never lands in a JSON dump by
//!   accident.
//! - `blocking` (off by default): every request, the history crawl, paged
//!   streams and batched scrobbling can be used synchronously, without an
//!   async runtime in the caller: see the `blocking` module.
//! - `sqlite-cache` (off by default): `ResponseCache::sqlite`, a response
//!   cache kept in an SQLite file (bundled), which outlives the process.
//! - `jiff`, `chrono`, `time` (off by default): [`Timestamp`] converts to
//!   and from `jiff::Timestamp`, `chrono::DateTime<Utc>` and
//!   `time::OffsetDateTime`. (`SystemTime` and unix seconds need no
//!   feature.)
//!
//! # Decoding
//!
//! A malformed value of an optional field decodes as `None`, with a
//! `tracing` warning naming the method, the field and the value;
//! [`ClientBuilder::strict`] turns that into an [`Error::Decode`] naming the
//! field. A missing or malformed required field is that error either way.

// Generated code names this crate `::lastfm_api`, wherever it is expanded.
extern crate self as lastfm_api;

// What generated code calls. Its name carries this crate's version, which
// the generator emits too (`lastfm_spec::codegen::PRIVATE_MODULE`): a
// `lastfm-macros` of another release fails with "could not find
// `__private_X_Y_Z` in `lastfm_api`" instead of a confusing error deep in
// the expansion.
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private_0_1_0;
use __private_0_1_0 as __private;
#[cfg(feature = "blocking")]
pub mod blocking;
mod cache;
mod client;
mod declared;
mod display;
mod error;
mod history;
mod images;
mod limit;
mod paging;
mod raw;
mod retry;
mod scrobble;
mod secret;
mod session;
mod sign;
mod timestamp;
mod xml;

use std::future::Future;
use std::pin::Pin;

pub use __private::FromXml;
pub use cache::{CacheClock, CacheStats, ResponseCache};
pub use client::{Client, ClientBuilder, LASTFM_API_ROOT, LASTFM_AUTH_PAGE, Service};
pub use error::Error;
pub use futures_core::Stream;
pub use history::Scrobbled;
pub use images::{Image, ImageSize, Images};
pub use lastfm_spec::ErrorClass;
pub use limit::RateLimit;
pub use paging::{ItemStream, PageStream, Paged, PagedRequest, Paging, items, pages};
pub use raw::RawCall;
pub use retry::RetryConfig;
pub use scrobble::{
    IgnoredReason, MAX_BATCH, PlayKey, RepeatedPlay, Scrobble, ScrobbleError, ScrobbleReport,
};
pub use secret::Secret;
pub use session::{Anonymous, Authenticated, ClientState, SessionClient, SessionState};
pub use sign::api_sig;
pub use timestamp::Timestamp;
pub use xml::{check_response, from_response};

/// The future a request turns into when `.await`ed.
pub type ResponseFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

lastfm_macros::api!("../spec");
