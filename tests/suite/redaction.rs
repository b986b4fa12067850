//! Secrets never appear in `Debug`, `Display` or error messages.

use lastfm_api::{Client, Error};
use lastfm_tests::*;

const SECRET_MARK: &str = "SECRET-API-SECRET-7f3a";
const PASSWORD_MARK: &str = "PASSWORD-hunter2-9c1d";
const TOKEN_MARK: &str = "TOKEN-5e8b0c";

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} leaks a secret: {text}");
    }
}

fn debug_and_display(err: &Error) -> String {
    let mut text = format!("{err:?}\n{err}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause:?}\n{cause}"));
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn client_builder_and_requests_redact_secrets() {
    let builder = Client::builder().api_key("key").api_secret(SECRET_MARK);
    assert_clean("ClientBuilder", &format!("{builder:?}"), &[SECRET_MARK]);
    let client = builder.build().unwrap();
    let text = format!("{client:?}");
    assert_clean("Client", &text, &[SECRET_MARK]);
    assert!(text.contains("<redacted>"), "{text}");

    let request = client.auth().get_session(TOKEN_MARK);
    assert_clean("GetSession", &format!("{request:?}"), &[TOKEN_MARK]);
    let request = client.auth().get_mobile_session("alice", PASSWORD_MARK);
    let text = format!("{request:?}");
    assert_clean("GetMobileSession", &text, &[PASSWORD_MARK]);
    assert!(
        text.contains("alice"),
        "non-secret parameters stay visible: {text}"
    );
}

#[tokio::test]
async fn sessions_redact_their_key() {
    let (_server, client) = server_and_client().await;
    let session = client
        .auth()
        .get_mobile_session(USER, PASSWORD)
        .await
        .unwrap();
    let key = session.key.expose().to_owned();
    let text = format!("{session:?} {}", session.key);
    assert_clean("Session", &text, &[&key]);
    assert!(text.contains(USER));
}

#[tokio::test]
async fn transport_errors_do_not_carry_the_url() {
    // The URL of a GET carries the token and the signature.
    let addr = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::builder()
        .api_key("key")
        .api_secret(SECRET_MARK)
        .base_url(format!("http://{addr}/2.0/"))
        .build()
        .unwrap();
    let err = client.auth().get_session(TOKEN_MARK).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }));
    let text = debug_and_display(&err);
    assert_clean(
        "transport error",
        &text,
        &[TOKEN_MARK, SECRET_MARK, "api_sig"],
    );
}

#[tokio::test]
async fn api_errors_do_not_echo_credentials() {
    let (_server, client) = server_and_client().await;
    let err = client
        .auth()
        .get_mobile_session(USER, PASSWORD_MARK)
        .await
        .unwrap_err();
    assert_clean(
        "api error",
        &debug_and_display(&err),
        &[PASSWORD_MARK, API_SECRET],
    );
    let err = client.auth().get_session(TOKEN_MARK).await.unwrap_err();
    assert_clean(
        "api error",
        &debug_and_display(&err),
        &[TOKEN_MARK, API_SECRET],
    );
}
