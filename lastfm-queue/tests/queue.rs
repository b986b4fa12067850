//! The durable queue against the offline server: delivery after an outage,
//! in order and in full batches; ignored and refused scrobbles. (A process
//! killed mid-flush: `lastfm-cli/tests/queue_kill.rs`, on `lastfm queue flush`.)

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lastfm_api::{Client, IgnoredReason, RetryConfig, Scrobble};
use lastfm_queue::{FlushStop, Pushed, ScrobbleQueue};
use lastfm_server::{Fault, Server};

const KEY: &str = "queue-test-key";
const SECRET: &str = "queue-test-secret";
const USER: &str = "alice";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn plays(n: u64) -> Vec<Scrobble> {
    let start = now() - n * 60 - 600;
    (0..n)
        .map(|i| {
            Scrobble::new("Radiohead", format!("Take {i:04}"), start + i * 60).album("OK Computer")
        })
        .collect()
}

fn temp_db(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lastfm-queue-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("queue.db")
}

async fn server(port: u16) -> Server {
    Server::builder()
        .api_key(KEY, SECRET)
        .user(USER, "pw")
        .port(port)
        .start()
        .await
        .unwrap()
}

fn session(base_url: &str, key: &str) -> lastfm_api::SessionClient {
    Client::builder()
        .api_key(KEY)
        .api_secret(SECRET)
        .base_url(base_url)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap()
        .with_session_key(USER, key)
}

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn scrobble_requests(server: &Server) -> Vec<lastfm_server::RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == "track.scrobble")
        .collect()
}

#[tokio::test]
async fn scrobbles_queued_while_the_service_is_down_are_delivered_in_order_once_it_is_up() {
    let db = temp_db("outage");
    let queue = ScrobbleQueue::open(&db).unwrap();
    let all = plays(1000);
    queue.push_all(&all).unwrap();

    // The service is down: nothing listens on the port.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/2.0/");
    let me = session(&base, "unknown yet");
    let report = queue.flush_now(&me).await.unwrap();
    assert!(
        matches!(report.stopped, Some(FlushStop::Transient { .. })),
        "{report:?}"
    );
    assert_eq!((report.requests, report.remaining), (1, 1000));
    // The next flush waits.
    assert!(queue.retry_at().unwrap().is_some());
    let report = queue.flush(&me).await.unwrap();
    assert!(matches!(report.stopped, Some(FlushStop::Deferred { .. })));
    assert_eq!(report.requests, 0);

    // The service comes up; the queue survives a reopen meanwhile.
    drop(queue);
    let server = server(port).await;
    let me = session(&base, &server.open_session(KEY, USER));
    let queue = ScrobbleQueue::open(&db).unwrap();
    assert_eq!(queue.len().unwrap(), 1000);
    let report = queue.flush_now(&me).await.unwrap();
    assert!(report.stopped.is_none(), "{report:?}");
    assert_eq!(
        (report.requests, report.accepted, report.remaining),
        (20, 1000, 0)
    );

    let requests = scrobble_requests(&server);
    assert_eq!(requests.len(), 20);
    for (k, request) in requests.iter().enumerate() {
        let tracks: Vec<&str> = (0..50)
            .map(|i| {
                request
                    .params
                    .iter()
                    .find(|(name, _)| *name == format!("track[{i}]"))
                    .map(|(_, v)| v.as_str())
                    .unwrap()
            })
            .collect();
        let expected: Vec<String> = (0..50).map(|i| format!("Take {:04}", k * 50 + i)).collect();
        assert_eq!(
            tracks, expected,
            "request {k} holds the next 50, oldest first"
        );
    }
    let stored = server.world(|w| w.user(USER).unwrap().scrobbles.len());
    assert_eq!(stored, 1000);
}

#[tokio::test]
async fn ignored_scrobbles_leave_the_queue_with_their_reason() {
    let server = server(0).await;
    let me = session(&server.base_url(), &server.open_session(KEY, USER));
    let queue = ScrobbleQueue::open(temp_db("ignored")).unwrap();
    let old = Scrobble::new("Cher", "Believe", now() - 30 * 24 * 3600);
    queue.push_all(&[plays(1)[0].clone(), old.clone()]).unwrap();
    let report = queue.flush(&me).await.unwrap();
    assert_eq!((report.accepted, report.remaining), (1, 0));
    assert_eq!(report.ignored.len(), 1);
    assert_eq!(report.ignored[0].scrobble, old);
    assert_eq!(report.ignored[0].reason, IgnoredReason::TimestampTooOld);
}

#[tokio::test]
async fn a_refused_scrobble_is_dead_lettered_alone() {
    let server = server(0).await;
    let me = session(&server.base_url(), &server.open_session(KEY, USER));
    let queue = ScrobbleQueue::open(temp_db("refused")).unwrap();
    let three = plays(3);
    queue.push_all(&three).unwrap();
    // The batch is refused, then the first scrobble alone: it is the bad one.
    server.inject("track.scrobble", Fault::ApiError(6), 2);
    let report = queue.flush(&me).await.unwrap();
    assert_eq!(
        (
            report.requests,
            report.accepted,
            report.dead_lettered,
            report.remaining
        ),
        (4, 2, 1, 0)
    );
    let dead = queue.dead_letters().unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].scrobble, three[0]);
    assert!(dead[0].error.contains("error 6"), "{}", dead[0].error);
}

#[tokio::test]
async fn an_invalid_session_keeps_everything_for_after_reauthentication() {
    let server = server(0).await;
    let queue = ScrobbleQueue::open(temp_db("reauth")).unwrap();
    queue.push_all(&plays(3)).unwrap();
    let stranger = session(&server.base_url(), "ffffffffffffffffffffffffffffffff");
    let report = queue.flush(&stranger).await.unwrap();
    assert!(
        matches!(report.stopped, Some(FlushStop::Reauthenticate { .. })),
        "{report:?}"
    );
    assert_eq!(report.remaining, 3);
    let me = session(&server.base_url(), &server.open_session(KEY, USER));
    let report = queue.flush(&me).await.unwrap();
    assert_eq!((report.accepted, report.remaining), (3, 0));
}

#[tokio::test]
async fn the_same_play_is_never_queued_twice() {
    // A service that keeps repeats: only the queue stands between a replayed
    // log and a double scrobble.
    let server = Server::builder()
        .api_key(KEY, SECRET)
        .user(USER, "pw")
        .keep_repeated_scrobbles(true)
        .start()
        .await
        .unwrap();
    let me = session(&server.base_url(), &server.open_session(KEY, USER));
    let db = temp_db("repeats");
    let queue = ScrobbleQueue::open(&db).unwrap();
    let three = plays(3);
    let same_as_first = Scrobble::new(
        "RADIOHEAD",
        three[0].track.to_uppercase(),
        three[0].timestamp,
    );
    assert_eq!(
        queue
            .push_all(&[three[0].clone(), three[1].clone(), three[0].clone()])
            .unwrap(),
        [Pushed::Queued, Pushed::Queued, Pushed::AlreadyQueued]
    );
    assert_eq!(queue.push(&same_as_first).unwrap(), Pushed::AlreadyQueued);
    assert_eq!(queue.len().unwrap(), 2);

    let report = queue.flush(&me).await.unwrap();
    assert_eq!((report.accepted, report.remaining), (2, 0));
    // Replaying the whole log after delivery, even from a reopened file.
    drop(queue);
    let queue = ScrobbleQueue::open(&db).unwrap();
    assert_eq!(
        queue.push_all(&three).unwrap(),
        [
            Pushed::AlreadyDelivered,
            Pushed::AlreadyDelivered,
            Pushed::Queued
        ]
    );
    queue.flush(&me).await.unwrap();
    let stored = server.world(|w| w.user(USER).unwrap().scrobbles.len());
    assert_eq!(stored, 3, "each play stored once");

    // A play the service refused for good may be queued again.
    let refused = Scrobble::new("Cher", "Believe", now() - 120);
    assert_eq!(queue.push(&refused).unwrap(), Pushed::Queued);
    server.inject("track.scrobble", Fault::ApiError(6), 1);
    assert_eq!(queue.flush(&me).await.unwrap().dead_lettered, 1);
    assert_eq!(queue.push(&refused).unwrap(), Pushed::Queued);
}
