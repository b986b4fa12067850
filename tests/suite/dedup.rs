//! Last.fm's de-duplication of scrobbles, modelled by the offline server and
//! surfaced by the client: a repeated (user, artist, track, timestamp) is
//! answered as accepted and stored once; the client reports plays of one
//! call that share a key; a service that keeps repeats is not sent a
//! scrobble again after an ambiguous failure.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lastfm_api::{Client, Error, RepeatedPlay, RetryConfig, Scrobble, Service};
use lastfm_server::{Fault, Server};
use lastfm_tests::*;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn start(keep_repeats: bool) -> Server {
    Server::builder()
        .api_key(API_KEY, API_SECRET)
        .user(USER, PASSWORD)
        .keep_repeated_scrobbles(keep_repeats)
        .start()
        .await
        .unwrap()
}

fn stored(server: &Server) -> Vec<(String, String, u64)> {
    server.world(|w| {
        w.user(USER)
            .unwrap()
            .scrobbles
            .iter()
            .map(|p| (p.artist.clone(), p.track.clone(), p.timestamp))
            .collect()
    })
}

fn session(server: &Server, builder: lastfm_api::ClientBuilder) -> lastfm_api::SessionClient {
    builder
        .api_key(API_KEY)
        .api_secret(API_SECRET)
        .base_url(server.base_url())
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap()
        .with_session_key(USER, server.open_session(API_KEY, USER))
}

#[tokio::test]
async fn a_repeated_scrobble_is_accepted_and_stored_once() {
    let server = start(false).await;
    let me = session(&server, Client::builder());
    let t = now() - 600;
    let play = Scrobble::new("Cher", "Believe", t);
    let first = me.scrobble(std::slice::from_ref(&play)).await.unwrap();
    let again = me
        .scrobble(&[play.clone(), Scrobble::new("CHER", "believe", t)])
        .await
        .unwrap();
    assert_eq!((first.accepted, first.ignored), (1, 0));
    // Answered as accepted, as the service does, though nothing is stored.
    assert_eq!((again.accepted, again.ignored), (2, 0));
    assert_eq!(again.ignored().count(), 0);
    assert_eq!(
        stored(&server),
        [("Cher".to_owned(), "Believe".to_owned(), t)]
    );
    // A different timestamp is a different play.
    me.scrobble(&[Scrobble::new("Cher", "Believe", t + 1)])
        .await
        .unwrap();
    assert_eq!(stored(&server).len(), 2);
}

#[tokio::test]
async fn with_repeats_kept_a_repeated_scrobble_is_stored_twice() {
    let server = start(true).await;
    let me = session(&server, Client::builder());
    let play = Scrobble::new("Cher", "Believe", now() - 600);
    me.scrobble(std::slice::from_ref(&play)).await.unwrap();
    let again = me.scrobble(&[play]).await.unwrap();
    assert_eq!(again.accepted, 1);
    assert_eq!(stored(&server).len(), 2);
}

#[tokio::test]
async fn the_report_lists_plays_of_one_call_that_share_a_key() {
    let server = start(false).await;
    let me = session(&server, Client::builder());
    let t = now() - 3600;
    // 60 plays over two requests; 3 repeat an earlier key, one of them
    // across the request boundary (index 55 repeats index 2).
    let mut plays: Vec<Scrobble> = (0..60)
        .map(|i| Scrobble::new("Radiohead", format!("Take {i}"), t + i * 30))
        .collect();
    plays[7] = Scrobble::new("Radiohead", "Take 6", t + 6 * 30).album("OK Computer");
    plays[55] = Scrobble::new("radiohead", "TAKE 2", t + 2 * 30);
    plays[56] = plays[7].clone();
    let report = me.scrobble(&plays).await.unwrap();
    assert_eq!(report.requests, 2);
    assert_eq!(
        report.repeated,
        [
            RepeatedPlay { index: 7, first: 6 },
            RepeatedPlay {
                index: 55,
                first: 2
            },
            RepeatedPlay {
                index: 56,
                first: 6
            },
        ]
    );
    // Every play was answered as accepted, and the repeats were lost.
    assert_eq!(report.accepted, 60);
    assert_eq!(stored(&server).len(), 57);
    // Distinct plays report nothing.
    let fresh: Vec<Scrobble> = (0..3)
        .map(|i| Scrobble::new("Cher", "Believe", t + 10_000 + i))
        .collect();
    assert!(me.scrobble(&fresh).await.unwrap().repeated.is_empty());
}

#[tokio::test]
async fn last_fm_resends_a_scrobble_whose_answer_was_lost() {
    // Against a service that drops repeats, the resend is harmless...
    let server = start(false).await;
    server.inject("track.scrobble", Fault::ResetMidBody, 1);
    let me = session(&server, Client::builder());
    me.scrobble(&[Scrobble::new("Cher", "Believe", now() - 60)])
        .await
        .unwrap();
    assert_eq!(stored(&server).len(), 1);
    // ... which is why it is on: against one that keeps repeats, the same
    // resend stores the play twice.
    let keeps = start(true).await;
    keeps.inject("track.scrobble", Fault::ResetMidBody, 1);
    let me = session(&keeps, Client::builder());
    me.scrobble(&[Scrobble::new("Cher", "Believe", now() - 60)])
        .await
        .unwrap();
    assert_eq!(stored(&keeps).len(), 2);
}

#[tokio::test]
async fn libre_fm_is_not_sent_a_scrobble_again_after_an_ambiguous_failure() {
    assert!(Service::LastFm.drops_repeated_scrobbles());
    assert!(!Service::LibreFm.drops_repeated_scrobbles());
    let server = start(true).await;
    server.inject("track.scrobble", Fault::ResetMidBody, 1);
    // The Libre.fm preset, pointed at the offline server.
    let me = session(&server, Client::builder().service(Service::LibreFm));
    let err = me
        .scrobble(&[Scrobble::new("Cher", "Believe", now() - 60)])
        .await
        .unwrap_err()
        .error;
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.may_have_been_applied() && err.is_retryable(), "{err}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        stored(&server).len(),
        1,
        "stored once, and the caller knows why"
    );

    // A failure that surely stored nothing is still retried, and reads are.
    server.inject("track.scrobble", Fault::ApiError(16), 1);
    server.inject("track.scrobble", Fault::HttpStatus(503), 1);
    me.scrobble(&[Scrobble::new("Cher", "Strong Enough", now() - 30)])
        .await
        .unwrap();
    assert_eq!(stored(&server).len(), 2);
    server.inject("track.getInfo", Fault::ResetMidBody, 2);
    me.track().get_info("Cher", "Believe").await.unwrap();
}
