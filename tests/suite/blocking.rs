//! Blocking use (feature `blocking`), as a program without an async runtime
//! writes it: plain `#[test]`s, the offline server on a runtime of its own,
//! every call made with the blocking API.

use std::collections::HashSet;

use lastfm_api::blocking::{BlockingIter, SendBlocking};
use lastfm_api::{Error, Scrobble};
use lastfm_queue::{QueueError, ScrobbleQueue};
use lastfm_server::Server;
use lastfm_tests::*;

/// The offline server, served by a runtime that is not the test's: the
/// test thread itself has none.
struct Offline {
    server: Server,
    // Dropped after the server.
    _runtime: tokio::runtime::Runtime,
}

fn offline() -> Offline {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime
        .block_on(
            Server::builder()
                .api_key(API_KEY, API_SECRET)
                .user(USER, PASSWORD)
                .start(),
        )
        .expect("the offline server starts");
    Offline {
        server,
        _runtime: runtime,
    }
}

/// The user's scrobbles on the server, newest first, as (time, artist, track).
fn stored_scrobbles(server: &Server) -> Vec<(u64, String, String)> {
    server.world(|w| {
        w.user(USER)
            .unwrap()
            .scrobbles
            .iter()
            .rev()
            .map(|p| (p.timestamp, p.artist.clone(), p.track.clone()))
            .collect()
    })
}

#[test]
fn a_program_without_a_runtime_authenticates_reads_scrobbles_and_crawls() {
    let Offline { server, .. } = &offline();
    assert!(
        tokio::runtime::Handle::try_current().is_err(),
        "the test thread has no runtime"
    );
    let client = client_for(server, API_KEY, API_SECRET);
    let now = unix_now();
    // 450 older scrobbles: the crawl needs three pages of 200.
    add_plays(
        server,
        USER,
        (0..450).map(|i| {
            play(
                &format!("Artist {}", i % 7),
                &format!("Track {i}"),
                "",
                now - 10 * 86_400 + i * 60,
            )
        }),
    );

    // Authenticate: token, approval, session.
    let token = client.auth().get_token().send_blocking().unwrap();
    server.approve_token(&token, USER).unwrap();
    let session = client.auth().get_session(&token).send_blocking().unwrap();
    assert_eq!(session.name, USER);
    assert_wire(server, "auth.getSession", "GET", true, &[("token", &token)]);
    let me = client.with_session(&session);

    // Read.
    let believe = me
        .track()
        .get_info("Cher", "Believe")
        .send_blocking()
        .unwrap();
    assert_eq!(
        (believe.artist.name.as_str(), believe.name.as_str()),
        ("Cher", "Believe")
    );
    assert_eq!(believe.user_loved, Some(false));
    let raw = client
        .raw_call("artist.getInfo")
        .unwrap()
        .param("artist", "Cher")
        .send_blocking()
        .unwrap();
    assert!(raw.contains("<name>Cher</name>"), "{raw}");

    // Scrobble: a now-playing notice, one play, then a batch of 60 (two requests).
    me.track()
        .update_now_playing("Cher", "Believe")
        .send_blocking()
        .unwrap();
    let one = Scrobble::new("Cher", "Believe", now - 3600).album("Believe");
    let report = me.scrobble_blocking(std::slice::from_ref(&one)).unwrap();
    assert_eq!((report.requests, report.accepted), (1, 1));
    let batch: Vec<Scrobble> = (0..60)
        .map(|i| Scrobble::new("Björk", format!("Song {i}"), now - 3000 + i * 10))
        .collect();
    let report = me.scrobble_blocking(&batch).unwrap();
    assert_eq!(
        (report.requests, report.accepted, report.ignored),
        (2, 60, 0)
    );
    server.world(|w| {
        let alice = w.user(USER).unwrap();
        assert!(alice.has_play("Cher", "Believe", now - 3600));
        assert!(
            batch
                .iter()
                .all(|s| alice.has_play(&s.artist, &s.track, s.timestamp.as_unix()))
        );
    });
    let info = client.user().get_info().user(USER).send_blocking().unwrap();
    assert_eq!(info.playcount, 511);

    // A durable queue flushed without a runtime.
    let dir = std::env::temp_dir().join(format!("lastfm-blocking-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("queue.db");
    let _ = std::fs::remove_file(&path);
    let queue = ScrobbleQueue::open(&path).unwrap();
    for i in 0..3 {
        queue
            .push(&Scrobble::new(
                "Portishead",
                format!("Take {i}"),
                now - 120 + i,
            ))
            .unwrap();
    }
    let flushed = queue.flush_blocking(&me).unwrap();
    assert_eq!(
        (flushed.requests, flushed.accepted, flushed.remaining),
        (1, 3, 0)
    );
    drop(queue);
    let _ = std::fs::remove_dir_all(&dir);

    // Crawl the whole history: every stored scrobble once, newest first.
    let crawled: Vec<(u64, String, String)> = client
        .user()
        .recent_tracks_history(USER)
        .blocking_iter()
        .map(|s| {
            let s = s.unwrap();
            (s.timestamp.as_unix(), s.track.artist.name, s.track.name)
        })
        .collect();
    let stored = stored_scrobbles(server);
    assert_eq!(stored.len(), 514);
    assert_eq!(crawled, stored);
    assert_eq!(sent(server, "user.getRecentTracks"), 3);
    assert_eq!(
        crawled.iter().collect::<HashSet<_>>().len(),
        crawled.len(),
        "no scrobble twice"
    );
}

#[test]
fn a_blocking_iterator_ends_after_the_error_it_yields() {
    let Offline { server, .. } = &offline();
    let client = client_for(server, API_KEY, API_SECRET);
    let mut crawl = client
        .user()
        .recent_tracks_history("nobody-here")
        .blocking_iter();
    let error = crawl.next().unwrap().unwrap_err();
    assert_eq!(error.code(), Some(lastfm_api::ErrorCode::InvalidParameters));
    assert!(crawl.next().is_none());
}

#[tokio::test]
async fn blocking_inside_an_async_runtime_is_an_error_and_sends_nothing() {
    let (server, client) = server_and_client().await;
    let me = session_client(&server, &client);
    let read = client.artist().get_info("Cher").send_blocking();
    assert!(
        matches!(read, Err(Error::BlockingInAsyncContext)),
        "{read:?}"
    );
    let scrobble = me
        .scrobble_blocking(&[Scrobble::new("Cher", "Believe", unix_now() - 60)])
        .unwrap_err();
    assert!(matches!(scrobble.error, Error::BlockingInAsyncContext));
    assert_eq!((scrobble.unsent_from, scrobble.report.requests), (0, 0));
    let mut crawl = client.user().recent_tracks_history(USER).blocking_iter();
    assert!(matches!(
        crawl.next(),
        Some(Err(Error::BlockingInAsyncContext))
    ));
    assert!(crawl.next().is_none());
    assert!(server.requests().is_empty(), "nothing was sent");
    // The async call works from here, as the error says.
    client.artist().get_info("Cher").await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_blocking_flush_inside_an_async_runtime_is_an_error() {
    let (server, client) = server_and_client().await;
    let me = session_client(&server, &client);
    let path =
        std::env::temp_dir().join(format!("lastfm-blocking-flush-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let queue = ScrobbleQueue::open(&path).unwrap();
    queue
        .push(&Scrobble::new("Cher", "Believe", unix_now() - 60))
        .unwrap();
    let error = queue.flush_blocking(&me).unwrap_err();
    assert!(matches!(
        error,
        QueueError::Blocking(Error::BlockingInAsyncContext)
    ));
    assert_eq!(queue.len().unwrap(), 1, "the play stays queued");
    assert!(server.requests().is_empty());
    drop(queue);
    let _ = std::fs::remove_file(&path);
}
