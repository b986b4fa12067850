use std::fmt;
use std::time::Duration;

use crate::{ErrorClass, ErrorCode};

/// Everything that can go wrong with a call.
///
/// The variants separate what the API said ([`Error::Api`]) from what went
/// wrong on the way: an HTTP failure without an API answer, a transport
/// failure, an answer that cannot be decoded. [`Error::is_retryable`] says
/// whether sending the same request again later can help, and
/// [`Error::attempts`] how often it was sent (the client retries transient
/// failures itself, see `RetryConfig`).
///
/// No variant holds a secret: messages never contain the API secret, a
/// session key, a token or a password, nor the URL of the request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Last.fm answered with `<lfm status="failed">` and an error code.
    #[error("Last.fm error {}: {message}{}", u32::from(*.code), Tries(*.attempts))]
    Api {
        code: ErrorCode,
        /// The message the service sent with the code.
        message: String,
        /// The HTTP status it came with (Last.fm uses 200, 4xx and 5xx).
        http_status: u16,
        attempts: u32,
    },
    /// An HTTP error status whose body is not a Last.fm answer (a proxy's
    /// HTML page, say).
    #[error("HTTP {status} without a Last.fm answer{}{}", content_type.as_deref().map(|c| format!(" (body of type {c})")).unwrap_or_default(), Tries(*.attempts))]
    Http {
        status: u16,
        content_type: Option<String>,
        attempts: u32,
    },
    /// The request could not be sent or the answer not received: connection
    /// refused or reset, time-out, TLS failure.
    #[error("transport failure: {}{}", TransportDisplay(.source), Tries(*.attempts))]
    Transport {
        #[source]
        source: reqwest::Error,
        attempts: u32,
    },
    /// A body that is not a well-formed Last.fm answer of the expected shape.
    /// `transient` when the answer itself is broken (truncated, not XML),
    /// which a later attempt may not be; not when a well-formed answer does
    /// not fit the expected type.
    #[error("undecodable Last.fm answer (HTTP {http_status}): {message}{}", Tries(*.attempts))]
    Decode {
        message: String,
        /// The field at fault, by its name in the XML (`duration`, `@page`):
        /// a required one missing or malformed, or an optional one malformed
        /// under `ClientBuilder::strict`. `None` when the XML itself is broken.
        field: Option<String>,
        http_status: u16,
        transient: bool,
        attempts: u32,
    },
    /// The client was built or used without something it needs.
    #[error("client configuration: {0}")]
    Config(String),
    /// The request breaks a rule of the API before anything is sent (too many
    /// items in an array parameter, an empty required list).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A blocking call (feature `blocking`) was made inside an async
    /// runtime, where blocking would stall it: `.await` the request instead.
    /// Nothing was sent.
    #[error(
        "a blocking call inside an async runtime: `.await` the request instead (nothing was sent)"
    )]
    BlockingInAsyncContext,
}

/// ", after N attempts" when there was more than one.
struct Tries(u32);

impl fmt::Display for Tries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " (after {} attempts)", self.0)?;
        }
        Ok(())
    }
}

impl Error {
    /// The Last.fm error code, when the service answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. } | Error::Decode { http_status, .. } => {
                Some(*http_status)
            }
            Error::Http { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            Error::Config(_) | Error::InvalidRequest(_) | Error::BlockingInAsyncContext => None,
        }
    }

    /// How many times the request was sent (0 when it never was).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api { attempts, .. }
            | Error::Http { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts,
            Error::Config(_) | Error::InvalidRequest(_) | Error::BlockingInAsyncContext => 0,
        }
    }

    /// Whether the same request can succeed if sent again later: the codes
    /// whose `class` in `spec/errors.yaml` is transient, throttle or
    /// uncertain (8, 11, 16, 29), HTTP 408, 429 and 5xx, time-outs and
    /// connection failures, broken bodies, and an answer cut off on the way
    /// (a connection reset or closed mid-body, a body shorter than its
    /// `Content-Length`). A well-formed answer of the wrong shape is not
    /// retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { code, .. } => code.is_retryable(),
            Error::Http { status, .. } => matches!(status, 408 | 429 | 500..=599),
            Error::Transport { source, .. } => transient_transport(source),
            Error::Decode { transient, .. } => *transient,
            Error::Config(_) | Error::InvalidRequest(_) | Error::BlockingInAsyncContext => false,
        }
    }

    /// Whether the request may have been carried out although the call
    /// failed: it was sent, and its answer was lost or unreadable (a
    /// time-out or a connection cut after sending, a gateway's 5xx other
    /// than 503, a broken body). Not when the service answered with an error
    /// code, nor when the request never left (a refused connection).
    ///
    /// Sending such a request again repeats its effect unless the service
    /// recognises the repeat: Last.fm does for scrobbles (see
    /// `SessionClient::scrobble`), and setting writes (love, tags) are the
    /// same when done twice.
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Api { .. }
            | Error::Config(_)
            | Error::InvalidRequest(_)
            | Error::BlockingInAsyncContext => false,
            Error::Http { status, .. } => *status >= 500 && *status != 503,
            Error::Transport { source, .. } => !source.is_connect() && !source.is_builder(),
            Error::Decode { .. } => true,
        }
    }

    /// Whether the user must authenticate again before this can succeed:
    /// the codes of class `reauth` in `spec/errors.yaml`, an invalid or
    /// revoked session key (9), or a request token that is not approved (14)
    /// or expired (15).
    pub fn needs_reauthentication(&self) -> bool {
        self.code().map(ErrorCode::class) == Some(ErrorClass::Reauth)
    }

    /// Builds a transport error, dropping the request URL (which may carry a token).
    pub(crate) fn transport(err: reqwest::Error) -> Self {
        Error::Transport {
            source: err.without_url(),
            attempts: 1,
        }
    }

    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            Error::Api { attempts, .. }
            | Error::Http { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Decode { attempts, .. } => *attempts = n,
            Error::Config(_) | Error::InvalidRequest(_) | Error::BlockingInAsyncContext => {}
        }
        self
    }
}

/// Whether a transport failure may pass on another attempt, judged by what
/// failed (the error chain) rather than by reqwest's category alone: reqwest
/// files every failed body read as a *decode* error, whether the connection
/// died mid-answer or the bytes were bad.
fn transient_transport(err: &reqwest::Error) -> bool {
    if err.is_timeout() || err.is_connect() {
        return true;
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if transient_io(io.kind()) {
                return true;
            }
        } else if let Some(http1) = cause.downcast_ref::<hyper::Error>() {
            // The connection ended before the whole answer arrived, or before
            // the request went out.
            if http1.is_incomplete_message()
                || http1.is_canceled()
                || http1.is_closed()
                || http1.is_timeout()
                || http1.is_body_write_aborted()
            {
                return true;
            }
        } else if let Some(http2) = cause.downcast_ref::<h2::Error>() {
            // A stream reset or connection shut down by the peer, mid-answer or before.
            if http2.is_reset() || http2.is_go_away() || http2.is_io() {
                return true;
            }
        }
        source = cause.source();
    }
    // Sending failed (no answer started) for a reason not named above.
    err.is_request() || err.is_body()
}

/// I/O failures of a connection, as opposed to of the data on it.
fn transient_io(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        kind,
        ConnectionReset
            | ConnectionAborted
            | ConnectionRefused
            | BrokenPipe
            | UnexpectedEof
            | TimedOut
            | NotConnected
            | Interrupted
            | WriteZero
    )
}

/// reqwest's own message, with its causes ("connection refused"), no URL.
struct TransportDisplay<'a>(&'a reqwest::Error);

impl fmt::Display for TransportDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(self.0);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// How long the service asked to wait (`Retry-After` in seconds).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}
