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

/// A fresh directory for one test's cache file.
fn cache_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lastfm-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn an_sqlite_cache_answers_the_next_process() {
    let (server, _) = server_and_client().await;
    let dir = cache_dir("restart");
    let path = dir.join("cache.db");
    // The first "process": a miss, sent, stored in the file.
    let first = {
        let client = cached_client(&server, ResponseCache::sqlite(&path).unwrap());
        let answer = client.artist().get_similar("Cher").limit(3).await.unwrap();
        assert_eq!(
            client.cache_stats(),
            Some(CacheStats { hits: 0, misses: 1 })
        );
        answer
    };
    // The next one: a new cache on the same file and a new client.
    let client = cached_client(&server, ResponseCache::sqlite(&path).unwrap());
    let second = client.artist().get_similar("Cher").limit(3).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(sent(&server, "artist.getSimilar"), 1);
    assert_eq!(
        client.cache_stats(),
        Some(CacheStats { hits: 1, misses: 0 })
    );
    // Personalised reads stay out of the file too.
    let me = session_client(&server, &client);
    me.artist().get_info("Cher").await.unwrap();
    me.artist().get_info("Cher").await.unwrap();
    assert_eq!(sent(&server, "artist.getInfo"), 2);
    // Another server (another API root) does not get this server's answer.
    let (other, _) = server_and_client().await;
    let elsewhere = cached_client(&other, ResponseCache::sqlite(&path).unwrap());
    elsewhere
        .artist()
        .get_similar("Cher")
        .limit(3)
        .await
        .unwrap();
    assert_eq!(sent(&other, "artist.getSimilar"), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_sqlite_cache_entry_expires_on_the_cache_clock() {
    let (server, _) = server_and_client().await;
    let dir = cache_dir("expiry");
    let path = dir.join("cache.db");
    let now = Arc::new(Mutex::new(SystemTime::now()));
    let clock = now.clone();
    let cache =
        ResponseCache::sqlite_with_clock(&path, Arc::new(move || *clock.lock().unwrap())).unwrap();
    let client = cached_client(&server, cache);
    client.tag().get_info("rock").await.unwrap();
    // tag.getInfo is `cache: 7d`: six days on, still fresh, even to a new
    // cache on the file.
    *now.lock().unwrap() += Duration::from_secs(6 * 86_400);
    let clock = now.clone();
    let reopened =
        ResponseCache::sqlite_with_clock(&path, Arc::new(move || *clock.lock().unwrap())).unwrap();
    let client = cached_client(&server, reopened);
    client.tag().get_info("rock").await.unwrap();
    assert_eq!(sent(&server, "tag.getInfo"), 1);
    *now.lock().unwrap() += Duration::from_secs(2 * 86_400);
    client.tag().get_info("rock").await.unwrap();
    client.tag().get_info("rock").await.unwrap();
    assert_eq!(sent(&server, "tag.getInfo"), 2);
    assert_eq!(
        client.cache_stats(),
        Some(CacheStats { hits: 2, misses: 1 })
    );
    // `clear` empties the file.
    let cleared = ResponseCache::sqlite(&path).unwrap();
    cleared.clear();
    let client = cached_client(&server, cleared);
    client.tag().get_info("rock").await.unwrap();
    assert_eq!(sent(&server, "tag.getInfo"), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_is_not_an_sqlite_cache_is_a_configuration_error() {
    let dir = cache_dir("garbage");
    let path = dir.join("cache.db");
    std::fs::write(
        &path,
        "not a database, just text that is long enough to read",
    )
    .unwrap();
    let error = ResponseCache::sqlite(&path).unwrap_err();
    assert!(matches!(error, lastfm_api::Error::Config(_)), "{error}");
    assert!(error.to_string().contains("cannot open the response cache"));
    let _ = std::fs::remove_dir_all(&dir);
}
