//! The fault matrix: every kind of failure the network produces, on a read
//! and on a write, with what the client does about it: bounded attempts,
//! bounded time, the right typed error or success, no scrobble lost or
//! duplicated.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lastfm_api::{Client, Error, ErrorCode, RetryConfig, Scrobble};
use lastfm_server::{Fault, Server};
use lastfm_tests::*;

/// Quick retries, so the matrix runs in seconds: 3 attempts.
fn client(server: &Server) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .api_secret(API_SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(400))
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(100))
                .with_max_elapsed(Duration::from_secs(8)),
        )
        .build()
        .unwrap()
}

fn attempts(server: &Server, method: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == method)
        .count()
}

fn stored(server: &Server) -> usize {
    server.world(|w| w.user(USER).unwrap().scrobbles.len())
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Read,
    Write,
}

impl Op {
    fn method(self) -> &'static str {
        match self {
            Op::Read => "track.getInfo",
            Op::Write => "track.scrobble",
        }
    }
}

async fn run(server: &Server, op: Op) -> Result<(), Error> {
    let client = client(server);
    match op {
        Op::Read => client.track().get_info("Cher", "Believe").await.map(drop),
        Op::Write => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let me = client.with_session_key(USER, server.open_session(API_KEY, USER));
            me.scrobble(&[Scrobble::new("Cher", "Believe", now - 60)])
                .await
                .map(drop)
                .map_err(|e| e.error)
        }
    }
}

/// Two failures, then success on the third attempt.
async fn recovers(fault: Fault, op: Op, bound: Duration) {
    let (server, _) = server_and_client().await;
    server.inject(op.method(), fault.clone(), 2);
    let started = Instant::now();
    run(&server, op)
        .await
        .unwrap_or_else(|e| panic!("{fault:?} {op:?}: {e}"));
    assert!(
        started.elapsed() < bound,
        "{fault:?} {op:?}: {:?}",
        started.elapsed()
    );
    assert_eq!(attempts(&server, op.method()), 3, "{fault:?} {op:?}");
    if let Op::Write = op {
        assert_eq!(
            stored(&server),
            1,
            "{fault:?}: the scrobble is stored exactly once"
        );
    }
}

/// Failures on every attempt: the last error, typed, after 3 attempts.
async fn gives_up(fault: Fault, op: Op, bound: Duration, check: fn(&Error) -> bool) {
    let (server, _) = server_and_client().await;
    server.inject(op.method(), fault.clone(), 10);
    let started = Instant::now();
    let err = run(&server, op).await.expect_err("every attempt fails");
    assert!(
        started.elapsed() < bound,
        "{fault:?} {op:?}: {:?}",
        started.elapsed()
    );
    assert!(check(&err), "{fault:?} {op:?}: unexpected {err:?}");
    assert_eq!(err.attempts(), 3, "{fault:?} {op:?}: {err}");
    assert!(err.is_retryable(), "{fault:?} {op:?}");
    assert_eq!(attempts(&server, op.method()), 3, "{fault:?} {op:?}");
    if let Op::Write = op {
        if fault == Fault::ResetMidBody {
            // Each attempt reached the service and lost its answer: the
            // caller cannot know, and the repeats were dropped (Last.fm's rule).
            assert_eq!(stored(&server), 1, "{fault:?}: stored once");
        } else {
            assert_eq!(
                stored(&server),
                0,
                "{fault:?}: nothing stored, and the caller knows"
            );
        }
    }
}

macro_rules! matrix {
    ($($name:ident: $fault:expr, $bound_ms:expr, $check:expr;)*) => {
        mod recovery {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    recovers($fault, Op::Read, Duration::from_millis($bound_ms)).await;
                    recovers($fault, Op::Write, Duration::from_millis($bound_ms)).await;
                }
            )*
        }
        mod exhaustion {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    gives_up($fault, Op::Read, Duration::from_millis($bound_ms), $check).await;
                    gives_up($fault, Op::Write, Duration::from_millis($bound_ms), $check).await;
                }
            )*
        }
    };
}

matrix! {
    service_offline_11: Fault::ApiError(11), 4_000, |e| e.code() == Some(ErrorCode::ServiceOffline);
    temporary_error_16: Fault::ApiError(16), 4_000, |e| e.code() == Some(ErrorCode::TemporaryError);
    rate_limited_29: Fault::ApiError(29), 4_000, |e| e.code() == Some(ErrorCode::RateLimitExceeded) && e.http_status() == Some(429);
    bad_gateway_502: Fault::HttpStatus(502), 2_000, |e| matches!(e, Error::Http { status: 502, .. });
    unavailable_503: Fault::HttpStatus(503), 4_000, |e| matches!(e, Error::Http { status: 503, .. });
    too_many_requests_429: Fault::HttpStatus(429), 4_000, |e| matches!(e, Error::Http { status: 429, .. });
    truncated_body: Fault::Truncated, 2_000, |e| matches!(e, Error::Decode { transient: true, .. });
    connection_reset: Fault::Reset, 2_000, |e| matches!(e, Error::Transport { .. });
    reset_mid_body: Fault::ResetMidBody, 2_000, |e| matches!(e, Error::Transport { .. });
    time_out: Fault::Delay(Duration::from_secs(2)), 3_000, |e| matches!(e, Error::Transport { source, .. } if source.is_timeout());
    garbage_body: Fault::Garbage, 2_000, |e| matches!(e, Error::Decode { .. });
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (server, _) = server_and_client().await;
    server.inject("track.getInfo", Fault::HttpStatus(503), 1);
    let started = Instant::now();
    client(&server)
        .track()
        .get_info("Cher", "Believe")
        .await
        .unwrap();
    // The fault asks for 1 s; the client's own backoff would be 20 ms.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn permanent_errors_are_not_retried() {
    let (server, _) = server_and_client().await;
    server.inject("track.getInfo", Fault::ApiError(6), 5);
    let err = client(&server)
        .track()
        .get_info("Cher", "Believe")
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.attempts()),
        (Some(ErrorCode::InvalidParameters), 1)
    );
    assert_eq!(attempts(&server, "track.getInfo"), 1);
}

#[tokio::test]
async fn operation_failed_is_retried_once_only() {
    let (server, _) = server_and_client().await;
    server.inject("track.love", Fault::ApiError(8), 5);
    let me = client(&server).with_session_key(USER, server.open_session(API_KEY, USER));
    let err = me.track().love("Cher", "Believe").await.unwrap_err();
    assert_eq!(
        (err.code(), err.attempts()),
        (Some(ErrorCode::OperationFailed), 2)
    );
    assert_eq!(attempts(&server, "track.love"), 2);
}

#[tokio::test]
async fn now_playing_is_never_retried() {
    let (server, _) = server_and_client().await;
    server.inject("track.updateNowPlaying", Fault::ApiError(16), 5);
    let me = client(&server).with_session_key(USER, server.open_session(API_KEY, USER));
    let err = me
        .track()
        .update_now_playing("Cher", "Believe")
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.attempts()),
        (Some(ErrorCode::TemporaryError), 1)
    );
    assert_eq!(attempts(&server, "track.updateNowPlaying"), 1);
}

#[tokio::test]
async fn an_invalid_session_asks_for_reauthentication() {
    let (server, _) = server_and_client().await;
    let stranger = client(&server).with_session_key(USER, "ffffffffffffffffffffffffffffffff");
    let err = stranger.track().love("Cher", "Believe").await.unwrap_err();
    assert!(err.needs_reauthentication(), "{err}");
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn total_time_is_bounded() {
    let (server, _) = server_and_client().await;
    server.inject("track.getInfo", Fault::HttpStatus(503), 10);
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(
            RetryConfig::standard()
                .with_max_attempts(10)
                .with_max_elapsed(Duration::from_millis(1500)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .track()
        .get_info("Cher", "Believe")
        .await
        .unwrap_err();
    // Each retry waits 1 s (Retry-After): within 1.5 s only one fits.
    assert_eq!(err.attempts(), 2);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}
