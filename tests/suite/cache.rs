//! The opt-in response cache: reads the spec marks `cache:` are answered
//! from memory while fresh (the server's request log shows no second
//! request); writes and personalised reads never are.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use lastfm_api::{CacheStats, Client, ResponseCache};
use lastfm_server::Server;
use lastfm_tests::*;

fn cached_client(server: &Server, cache: ResponseCache) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .api_secret(API_SECRET)
        .base_url(server.base_url())
        .cache(cache)
        .build()
        .unwrap()
}

fn sent(server: &Server, method: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == method)
        .count()
}

#[tokio::test]
async fn two_identical_cached_reads_make_one_request() {
    let (server, _) = server_and_client().await;
    let client = cached_client(&server, ResponseCache::in_memory());
    let first = client.chart().get_top_artists().limit(5).await.unwrap();
    let second = client.chart().get_top_artists().limit(5).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(sent(&server, "chart.getTopArtists"), 1);
    assert_eq!(
        client.cache_stats(),
        Some(CacheStats { hits: 1, misses: 1 })
    );
    // Other parameters are another entry.
    client.chart().get_top_artists().limit(6).await.unwrap();
    assert_eq!(sent(&server, "chart.getTopArtists"), 2);
    // A method without `cache:` in the spec is never cached.
    client.chart().get_top_artists().limit(5).await.unwrap();
    client.user().get_info().user(USER).await.unwrap();
    client.user().get_info().user(USER).await.unwrap();
    assert_eq!(sent(&server, "user.getInfo"), 2);
    assert_eq!(
        client.cache_stats(),
        Some(CacheStats { hits: 2, misses: 2 })
    );
}

#[tokio::test]
async fn writes_and_personalised_reads_are_never_cached() {
    let (server, _) = server_and_client().await;
    let client = cached_client(&server, ResponseCache::in_memory());
    let me = session_client(&server, &client);
    for _ in 0..2 {
        me.track().love("Cher", "Believe").await.unwrap();
        client
            .artist()
            .get_info("Cher")
            .username(USER)
            .await
            .unwrap();
        me.artist().get_info("Cher").await.unwrap(); // username = the session's user
    }
    assert_eq!(sent(&server, "track.love"), 2);
    assert_eq!(sent(&server, "artist.getInfo"), 4);
    // The same read without a user is cached.
    client.artist().get_info("Cher").await.unwrap();
    client.artist().get_info("Cher").await.unwrap();
    assert_eq!(sent(&server, "artist.getInfo"), 5);
    assert_eq!(
        client.cache_stats(),
        Some(CacheStats { hits: 1, misses: 1 })
    );
}

#[tokio::test]
async fn an_expired_entry_is_fetched_again() {
    let (server, _) = server_and_client().await;
    let now = Arc::new(Mutex::new(SystemTime::now()));
    let clock = now.clone();
    let cache = ResponseCache::with_clock(Arc::new(move || *clock.lock().unwrap()));
    let client = cached_client(&server, cache);
    client.tag().get_info("rock").await.unwrap();
    // tag.getInfo is `cache: 7d`: six days on, still fresh.
    *now.lock().unwrap() += Duration::from_secs(6 * 86_400);
    client.tag().get_info("rock").await.unwrap();
    assert_eq!(sent(&server, "tag.getInfo"), 1);
    *now.lock().unwrap() += Duration::from_secs(2 * 86_400);
    client.tag().get_info("rock").await.unwrap();
    assert_eq!(sent(&server, "tag.getInfo"), 2);
    assert_eq!(
        client.cache_stats(),
        Some(CacheStats { hits: 1, misses: 2 })
    );
}
