use std::fmt;

use crate::ErrorCode;

/// Everything that can go wrong with a call.
///
/// The variants separate what the API said ([`Error::Api`]) from what went
/// wrong on the way: an HTTP failure without an API answer, a transport
/// failure, an answer that cannot be decoded. [`Error::is_retryable`] says
/// whether sending the same request again later can help.
///
/// No variant holds a secret: messages never contain the API secret, a
/// session key, a token or a password, nor the URL of the request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Last.fm answered with `<lfm status="failed">` and an error code.
    #[error("Last.fm error {}: {message}", u32::from(*.code))]
    Api {
        code: ErrorCode,
        /// The message the service sent with the code.
        message: String,
        /// The HTTP status it came with (Last.fm uses 200, 4xx and 5xx).
        http_status: u16,
    },
    /// An HTTP error status whose body is not a Last.fm answer (a proxy's
    /// HTML page, say).
    #[error("HTTP {status} without a Last.fm answer{}", content_type.as_deref().map(|c| format!(" (body of type {c})")).unwrap_or_default())]
    Http {
        status: u16,
        content_type: Option<String>,
    },
    /// The request could not be sent or the answer not received: connection
    /// refused or reset, time-out, TLS failure.
    #[error("transport failure: {}", TransportDisplay(.0))]
    Transport(#[source] reqwest::Error),
    /// A successful HTTP status with a body that is not a well-formed Last.fm
    /// answer of the expected shape (truncated, not XML, wrong element).
    #[error("undecodable Last.fm answer (HTTP {http_status}): {message}")]
    Decode { message: String, http_status: u16 },
    /// The client was built or used without something it needs.
    #[error("client configuration: {0}")]
    Config(String),
    /// The request breaks a rule of the API before anything is sent (too many
    /// items in an array parameter, an empty required list).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
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
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Config(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// Whether the same request can succeed if sent again later: the codes
    /// `spec/errors.yaml` marks as retryable (8, 11, 16, 29), HTTP 408, 429
    /// and 5xx, time-outs and connection failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { code, .. } => code.is_retryable(),
            Error::Http { status, .. } => matches!(status, 408 | 429 | 500..=599),
            Error::Transport(e) => e.is_timeout() || e.is_connect() || e.is_request(),
            Error::Decode { http_status, .. } => *http_status >= 500,
            Error::Config(_) | Error::InvalidRequest(_) => false,
        }
    }

    /// Builds a transport error, dropping the request URL (which may carry a token).
    pub(crate) fn transport(err: reqwest::Error) -> Self {
        Error::Transport(err.without_url())
    }
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
