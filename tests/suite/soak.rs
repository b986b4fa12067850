//! A soak run: many tasks share one client and make a random mix of reads
//! and writes against the offline server, while a random share of the
//! calls meets a random fault of every kind. Nothing may panic; every call
//! either succeeds or fails with a typed error within its attempt bound; no
//! scrobble is lost or stored twice (checked against the server's state);
//! the figures are printed, resident memory at the start and the end among
//! them.
//!
//! The short run is part of the suite. The long one (16 tasks, 20,000
//! calls) is a command:
//!
//! ```sh
//! cargo test -p lastfm-tests --release --test suite -- soak:: --ignored --nocapture
//! ```

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lastfm_api::{Client, Error, ErrorCode, RetryConfig, Scrobble};
use lastfm_server::{Fault, Server};
use rand::{RngExt, SeedableRng};
use tokio::sync::Mutex;

const KEY: &str = "soak-api-key";
const SECRET: &str = "soak-api-secret";
const MAX_ATTEMPTS: u32 = 3;

struct Soak {
    tasks: usize,
    calls: u64,
    /// The share of calls given a fault, in [0, 1].
    fault_rate: f64,
    /// Writes too (scrobbles, loves), or reads only: a run of reads leaves
    /// no state on the server, so its memory figures are the client's.
    writes: bool,
}

/// What the tasks saw, and what the server received.
#[derive(Default)]
struct Tally {
    /// Client calls made, scrobbles sent again included.
    calls: u64,
    ok: u64,
    failed: BTreeMap<String, u64>,
    resends: u64,
    requests: u64,
    faults: BTreeMap<String, u64>,
}

/// Every fault kind, with an even chance each: the API codes that say
/// "later" and one that does not, HTTP errors (503 and 429 ask for a 1 s
/// wait), broken and cut bodies, resets before and during the body, and a
/// delay beyond the client's time-out.
fn random_fault(rng: &mut impl RngExt) -> Fault {
    match rng.random_range(0..12) {
        0 => Fault::ApiError(11),
        1 => Fault::ApiError(16),
        2 => Fault::ApiError(29),
        3 => Fault::ApiError(8),
        4 => Fault::ApiError(6),
        5 => Fault::HttpStatus(502),
        6 => Fault::HttpStatus(503),
        7 => Fault::Truncated,
        8 => Fault::Garbage,
        9 => Fault::Reset,
        10 => Fault::ResetMidBody,
        _ => Fault::Delay(Duration::from_millis(700)),
    }
}

fn kind(err: &Error) -> String {
    match err {
        Error::Api { code, .. } => format!("api {}", u32::from(*code)),
        Error::Http { status, .. } => format!("http {status}"),
        Error::Transport { source, .. } if source.is_timeout() => "transport time-out".into(),
        Error::Transport { .. } => "transport".into(),
        Error::Decode { transient, .. } => format!("decode (transient: {transient})"),
        other => format!("unexpected: {other}"),
    }
}

/// The resident set size of this process, in KiB (Linux; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Counts the requests the server received since the last drain, and the
/// faults it injected, by kind; then forgets them (the log would grow).
fn drain(server: &Server, tally: &mut Tally) {
    for request in server.take_requests() {
        tally.requests += 1;
        if let Some(fault) = request.fault {
            *tally.faults.entry(fault).or_default() += 1;
        }
    }
}

/// A call failed: it must be typed and within its attempt bound.
fn check_failure(err: &Error, tally: &mut Tally) {
    let bound = if err.code() == Some(ErrorCode::OperationFailed) {
        2
    } else {
        MAX_ATTEMPTS
    };
    assert!(
        (1..=bound).contains(&err.attempts()),
        "{} attempts: {err}",
        err.attempts()
    );
    let kind = kind(err);
    assert!(!kind.starts_with("unexpected"), "{kind}");
    *tally.failed.entry(kind).or_default() += 1;
    tally.calls += 1;
}

async fn run(soak: Soak) {
    let users: Vec<String> = (0..soak.tasks).map(|i| format!("soaker{i}")).collect();
    let mut builder = Server::builder().api_key(KEY, SECRET);
    for user in &users {
        builder = builder.user(user, "pw");
    }
    let server = Arc::new(builder.start().await.unwrap());
    let client = Client::builder()
        .api_key(KEY)
        .api_secret(SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(400))
        .retry(
            RetryConfig::standard()
                .with_max_attempts(MAX_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .build()
        .unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let issued = Arc::new(AtomicU64::new(0));
    // Warm up (connection pool, first allocations), then measure.
    client.chart().get_top_tags().await.unwrap();
    let rss_before = rss_kib();
    let started = Instant::now();
    // The server's request log is counted and emptied as the run goes.
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    // Resident memory is sampled as each quarter of the operations starts.
    let drainer = {
        let (server, tally, issued) = (server.clone(), tally.clone(), issued.clone());
        let total = soak.calls;
        tokio::spawn(async move {
            let mut samples = Vec::new();
            loop {
                let done = tokio::time::timeout(Duration::from_millis(200), &mut stopped)
                    .await
                    .is_ok();
                drain(&server, &mut *tally.lock().await);
                let quarter = issued.load(Ordering::Relaxed).min(total) * 4 / total.max(1);
                if samples.len() < quarter as usize {
                    samples.push(rss_kib());
                }
                if done {
                    break samples;
                }
            }
        })
    };

    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(task, user)| {
            let me = client.with_session_key(user, server.open_session(KEY, user));
            let client = client.clone();
            let (server, tally, issued) = (server.clone(), tally.clone(), issued.clone());
            let fault_rate = soak.fault_rate;
            let total = soak.calls;
            let ops = if soak.writes { 10 } else { 6 };
            tokio::spawn(async move {
                let mut sent: Vec<Scrobble> = Vec::new();
                let mut rng = rand::rngs::StdRng::seed_from_u64(task as u64);
                while issued.fetch_add(1, Ordering::Relaxed) < total {
                    let op = rng.random_range(0..ops);
                    let method = match op {
                        0..=5 => [
                            "track.getInfo",
                            "artist.getInfo",
                            "user.getRecentTracks",
                            "chart.getTopArtists",
                            "album.getInfo",
                            "tag.getTopTracks",
                        ][op],
                        6..=8 => "track.scrobble",
                        _ => "track.love",
                    };
                    if rng.random_bool(fault_rate) {
                        server.inject(method, random_fault(&mut rng), 1);
                    }
                    let result = match op {
                        0 => client.track().get_info("Cher", "Believe").await.map(drop),
                        1 => client.artist().get_info("Radiohead").await.map(drop),
                        2 => client
                            .user()
                            .get_recent_tracks(me.username())
                            .limit(10)
                            .await
                            .map(drop),
                        3 => client.chart().get_top_artists().limit(5).await.map(drop),
                        4 => client.album().get_info("Cher", "Believe").await.map(drop),
                        5 => client.tag().get_top_tracks("rock").await.map(drop),
                        6..=8 => {
                            // 1 to 5 new plays, each its own key; sent again
                            // (as a queue would) until the service answers.
                            let n = rng.random_range(1..=5);
                            let base = sent.len() as u64;
                            let plays: Vec<Scrobble> = (0..n)
                                .map(|k| {
                                    Scrobble::new(
                                        "Massive Attack",
                                        format!("Soak {task}-{}", base + k),
                                        now - 12 * 24 * 3600 + (base + k) * 30,
                                    )
                                })
                                .collect();
                            let mut outcome = me.scrobble(&plays).await;
                            let mut resends = 0;
                            while let Err(failure) = &outcome {
                                check_failure(&failure.error, &mut *tally.lock().await);
                                resends += 1;
                                assert!(resends <= 10, "never delivered: {}", failure.error);
                                outcome = me.scrobble(&plays).await;
                            }
                            let report = outcome.unwrap();
                            assert_eq!((report.accepted, report.ignored), (n, 0));
                            sent.extend(plays);
                            tally.lock().await.resends += resends;
                            Ok(())
                        }
                        _ => me.track().love("Cher", "Believe").await,
                    };
                    let mut tally = tally.lock().await;
                    match result {
                        Ok(()) => {
                            tally.ok += 1;
                            tally.calls += 1;
                        }
                        Err(err) => check_failure(&err, &mut tally),
                    }
                }
                sent
            })
        })
        .collect();

    let mut sent_by_user: HashMap<String, Vec<Scrobble>> = HashMap::new();
    for (task, user) in tasks.into_iter().zip(&users) {
        // A panic in a task is an error here.
        sent_by_user.insert(user.clone(), task.await.unwrap());
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    let quarters = drainer.await.unwrap();
    let tally = Arc::try_unwrap(tally).ok().unwrap().into_inner();
    let rss_after = rss_kib();

    // Every scrobble stored exactly once, nothing else stored.
    let mut plays = 0;
    for (user, sent) in &sent_by_user {
        let stored = server.world(|w| w.user(user).unwrap().scrobbles.clone());
        let mut counts: HashMap<(&str, u64), usize> = HashMap::new();
        for play in &stored {
            *counts
                .entry((play.track.as_str(), play.timestamp))
                .or_default() += 1;
        }
        for play in sent {
            assert_eq!(
                counts.get(&(play.track.as_str(), play.timestamp.as_unix())),
                Some(&1),
                "{user}: {} stored once",
                play.track
            );
        }
        assert_eq!(stored.len(), sent.len(), "{user}: nothing else stored");
        plays += sent.len();
    }

    let failed: u64 = tally.failed.values().sum();
    let faults: u64 = tally.faults.values().sum();
    println!(
        "soak: {} tasks, {} operations, {} client calls in {:.1} s: {} succeeded, {failed} failed (typed, within {MAX_ATTEMPTS} attempts)",
        soak.tasks,
        soak.calls,
        tally.calls,
        elapsed.as_secs_f64(),
        tally.ok
    );
    println!(
        "requests {} (retries {}), scrobble calls sent again after failing {}, plays stored once each {plays}",
        tally.requests,
        // The warm-up call is one request too.
        tally.requests.saturating_sub(tally.calls + 1),
        tally.resends
    );
    println!(
        "faults injected {faults} ({:.1} % of requests): {:?}",
        100.0 * faults as f64 / tally.requests.max(1) as f64,
        tally.faults
    );
    println!("failures by kind: {:?}", tally.failed);
    println!(
        "resident memory: {rss_before} KiB at the start, {quarters:?} KiB at each quarter, {rss_after} KiB at the end (the server's {plays} stored plays included)"
    );
    assert_eq!(tally.ok + failed, tally.calls, "every call accounted for");
    assert_eq!(
        tally.calls,
        soak.calls + tally.resends,
        "every operation done"
    );
    assert!(faults > 0, "the run injected faults");
}

/// The suite's version: bounded, a few seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_soak() {
    run(Soak {
        tasks: 16,
        calls: 600,
        fault_rate: 0.08,
        writes: true,
    })
    .await;
}

/// The long run; see the module documentation for the command.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a long run: cargo test -p lastfm-tests --release --test suite -- soak:: --ignored --nocapture"]
async fn long_soak() {
    run(Soak {
        tasks: 16,
        calls: 20_000,
        fault_rate: 0.08,
        writes: true,
    })
    .await;
}

/// The long run with reads only, whose memory figures are the client's
/// alone (the writes of the other one grow the in-process server's state).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a long run: cargo test -p lastfm-tests --release --test suite -- soak:: --ignored --nocapture"]
async fn long_soak_reads() {
    run(Soak {
        tasks: 16,
        calls: 20_000,
        fault_rate: 0.08,
        writes: false,
    })
    .await;
}
