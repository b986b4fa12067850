//! The client-side rate limit: shared by clones and tasks, on by default for
//! the public services and off for a custom API root.

use std::time::{Duration, Instant};

use lastfm_api::Client;
use lastfm_tests::*;

#[tokio::test]
async fn the_rate_limit_holds_across_clones_and_tasks() {
    let (server, _) = server_and_client().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .rate_limit(lastfm_api::RateLimit::per_second(5.0).with_burst(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let window = Duration::from_secs(2);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                while started.elapsed() < window {
                    client.chart().get_top_tags().limit(1).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    // At most 5 a second plus the burst, whatever 16 tasks try; the
    // virtual-time test of the limiter checks the average over 20 s.
    let sent = server.requests().len() as f64;
    let allowed = 5.0 * started.elapsed().as_secs_f64() + 5.0 + 1.0;
    assert!(sent <= allowed, "{sent} requests, {allowed} allowed");
    assert!(sent >= 10.0, "{sent} requests in {:?}", started.elapsed());
}

#[test]
fn presets_are_limited_and_custom_roots_are_not() {
    let lastfm = Client::builder().api_key("k").build().unwrap();
    assert_eq!(lastfm.base_url(), "https://ws.audioscrobbler.com/2.0/");
    assert_eq!(lastfm.rate_limit().map(|l| l.rate()), Some(5.0));
    let custom = Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:1/2.0/")
        .build()
        .unwrap();
    assert_eq!(custom.rate_limit(), None);
    let unlimited = Client::builder()
        .api_key("k")
        .no_rate_limit()
        .build()
        .unwrap();
    assert_eq!(unlimited.rate_limit(), None);
    let libre = Client::builder()
        .api_key("k")
        .service(lastfm_api::Service::LibreFm)
        .build()
        .unwrap();
    assert_eq!(libre.base_url(), "https://libre.fm/2.0/");
    assert!(libre.rate_limit().is_some());
    assert_eq!(
        libre.auth_url("t"),
        "https://libre.fm/api/auth/?api_key=k&token=t"
    );
    assert!(
        Client::builder()
            .api_key("k")
            .proxy("not a url")
            .build()
            .is_err()
    );
    assert!(
        Client::builder()
            .api_key("k")
            .proxy("http://127.0.0.1:3128")
            .build()
            .is_ok()
    );
}
