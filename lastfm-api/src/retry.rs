//! When and how long to wait before sending a failed call again.

use std::time::Duration;

use crate::{Error, ErrorClass};

/// How the client retries transient failures: on by default.
///
/// What is retried follows the `class` of each code in `spec/errors.yaml`
/// ([`ErrorClass`]): `transient` and `throttle` codes (11 service offline,
/// 16 temporary error, 29 rate limit), HTTP 408, 429 and 5xx, time-outs,
/// refused or reset connections, broken bodies. `uncertain` codes (8,
/// "operation failed", a generic failure some methods document as "try
/// again later") are retried at most
/// [`operation_failed_attempts`](Self::with_operation_failed_attempts) times
/// in all, since they may just as well be permanent. Never retried:
/// `permanent` codes (a bad request stays bad), `reauth` codes (9, 14 and 15
/// need the user to authenticate, see [`Error::needs_reauthentication`]) and
/// methods the spec marks `retry: false` (`track.updateNowPlaying`, stale by
/// then).
///
/// Waits grow exponentially from `initial_backoff` up to `max_backoff`, with
/// random jitter so that many clients do not retry in step; a `Retry-After`
/// header is honoured. Retrying stops after `max_attempts` in all, or when
/// the next wait would pass `max_elapsed` since the first attempt.
///
/// ```
/// use std::time::Duration;
/// use lastfm_api::RetryConfig;
/// let retry = RetryConfig::standard().with_max_attempts(5).with_max_elapsed(Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    pub max_attempts: u32,
    /// Attempts in all for errors of class `uncertain` (code 8).
    pub operation_failed_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    pub max_elapsed: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::standard()
    }
}

impl RetryConfig {
    /// 3 attempts (2 for code 8), waits from 500 ms up to 10 s, 30 s in all.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            operation_failed_attempts: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(30),
        }
    }

    /// One attempt, no retry.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::standard()
        }
    }

    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn with_operation_failed_attempts(mut self, attempts: u32) -> Self {
        self.operation_failed_attempts = attempts.max(1);
        self
    }

    pub fn with_initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    pub fn with_max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    pub fn with_max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// Whether to send again after `attempt` (from 1) failed with `error`.
    pub(crate) fn should_retry(&self, error: &Error, attempt: u32) -> bool {
        let limit = match error.code().map(|code| code.class()) {
            Some(ErrorClass::Uncertain) => self.operation_failed_attempts.min(self.max_attempts),
            _ => self.max_attempts,
        };
        attempt < limit && error.is_retryable()
    }

    /// The wait before attempt `attempt + 1`: exponential, with jitter in
    /// [50 %, 100 %] of it, and never shorter than what the service asked.
    pub(crate) fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_backoff);
        let jittered = exponential.mul_f64(0.5 + rand::random::<f64>() / 2.0);
        retry_after.map_or(jittered, |asked| asked.max(jittered))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn api(code: u32) -> Error {
        Error::Api {
            code: ErrorCode::from(code),
            message: String::new(),
            http_status: 200,
            attempts: 1,
        }
    }

    #[test]
    fn retries_only_what_can_succeed_later() {
        let r = RetryConfig::standard();
        for code in [11, 16, 29] {
            assert!(r.should_retry(&api(code), 1), "{code}");
            assert!(r.should_retry(&api(code), 2), "{code}");
            assert!(!r.should_retry(&api(code), 3), "{code}: capped");
        }
        assert!(r.should_retry(&api(8), 1));
        assert!(!r.should_retry(&api(8), 2), "code 8 is bounded tighter");
        for code in [4, 6, 9, 10, 13, 14, 15, 26, 999] {
            assert!(!r.should_retry(&api(code), 1), "{code}");
        }
        assert!(!RetryConfig::disabled().should_retry(&api(11), 1));
    }

    #[test]
    fn backoff_grows_with_jitter_and_honours_retry_after() {
        let r = RetryConfig::standard();
        for attempt in 1..=6 {
            let full =
                Duration::from_millis(500 * 2u64.pow(attempt - 1)).min(Duration::from_secs(10));
            let wait = r.backoff(attempt, None);
            assert!(wait >= full / 2 && wait <= full, "{attempt}: {wait:?}");
        }
        assert_eq!(
            r.backoff(1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
    }
}
