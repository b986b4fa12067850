//! Secrets stay secret. Known secret values go through clients, sessions,
//! requests, retries and errors; none of them appears in `Debug`, `Display`,
//! error messages or the `tracing` output, and a session key never travels
//! in a URL.

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use lastfm_api::{Client, Error, RetryConfig, Scrobble};
use lastfm_server::{Fault, Server};
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

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// What was traced so far, as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// The capture of the test running on this thread, if it asked for one.
    static THIS_THREADS_CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Writes into the capture of the test running on the current thread, and
/// drops what other tests trace.
struct ThisThreadsCapture;

impl Write for ThisThreadsCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        THIS_THREADS_CAPTURE.with_borrow_mut(|capture| {
            if let Some(capture) = capture {
                capture.write_all(buf)?;
            }
            Ok(buf.len())
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything traced, at every level, on the current thread from now on.
///
/// A global subscriber rather than a thread-local one (`with_default`):
/// the other tests of this binary, running meanwhile on other threads,
/// register the client's callsites too, and with only a thread-local
/// subscriber some of them were registered as uninteresting, so that the
/// capture missed spans at random.
pub(crate) fn capture_tracing_on_this_thread() -> Captured {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_writer(|| ThisThreadsCapture)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in the test binary");
    });
    let captured = Captured::default();
    THIS_THREADS_CAPTURE.set(Some(captured.clone()));
    captured
}

#[test]
fn no_secret_appears_in_any_output() {
    // Its own credentials, marked so that a leak is unmistakable.
    const API_KEY: &str = "public-api-key-4d1f";
    const API_SECRET: &str = "SECRET-api-secret-91ab";
    const PASSWORD: &str = "SECRET-password-77e2";
    let captured = capture_tracing_on_this_thread();
    let mut printed = String::new();
    let mut secrets: Vec<String> = vec![API_SECRET.into(), PASSWORD.into()];

    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = Server::builder()
                .api_key(API_KEY, API_SECRET)
                .user(USER, PASSWORD)
                .start()
                .await
                .unwrap();
            let builder = Client::builder()
                .api_key(API_KEY)
                .api_secret(API_SECRET)
                .base_url(server.base_url())
                .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)));
            printed.push_str(&format!("{builder:?}\n"));
            let client = builder.build().unwrap();
            printed.push_str(&format!("{client:?}\n"));

            // Desktop flow: the token is a secret too.
            let token = client.auth().get_token().await.unwrap();
            secrets.push(token.clone());
            printed.push_str(&format!("{:?}\n", client.auth().get_session(&token)));
            let err = client.auth().get_session(&token).await.unwrap_err();
            printed.push_str(&format!("{err:?}\n{err}\n"));
            server.approve_token(&token, USER).unwrap();
            let session = client.auth().get_session(&token).await.unwrap();
            secrets.push(session.key.expose().to_owned());
            printed.push_str(&format!("{session:?}\n{}\n", session.key));

            // Mobile flow: the password.
            let request = client.auth().get_mobile_session(USER, PASSWORD);
            printed.push_str(&format!("{request:?}\n"));
            let mobile = request.await.unwrap();
            secrets.push(mobile.key.expose().to_owned());
            let err = client
                .auth()
                .get_mobile_session(USER, "SECRET-wrong-password")
                .await
                .unwrap_err();
            secrets.push("SECRET-wrong-password".into());
            printed.push_str(&format!("{err:?}\n{err}\n"));

            // Session calls, with retries on the way.
            let me = client.with_session(&session);
            printed.push_str(&format!("{me:?}\n"));
            server.inject("track.love", Fault::HttpStatus(502), 1);
            me.track().love("Cher", "Believe").await.unwrap();
            server.inject("track.scrobble", Fault::Reset, 5);
            let err = me
                .scrobble(&[Scrobble::new("Cher", "Believe", 1)])
                .await
                .unwrap_err();
            printed.push_str(&format!("{err:?}\n{err}\n"));
            let mine = me.track().get_tags("Cher", "Believe").await.unwrap();
            printed.push_str(&format!("{mine:?}\n"));

            // A transport error on a GET that carries the token in its URL.
            let closed = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap();
            let offline = Client::builder()
                .api_key(API_KEY)
                .api_secret(API_SECRET)
                .base_url(format!("http://{closed}/2.0/"))
                .retry(RetryConfig::disabled())
                .build()
                .unwrap();
            let err = offline.auth().get_session(&token).await.unwrap_err();
            printed.push_str(&format!("{err:?}\n{err}\n"));

            // The session key went in POST bodies only.
            for request in server.requests() {
                let sk_in_url = request.query.contains("sk=");
                assert!(!sk_in_url, "{} carried sk in its URL", request.method);
                if request.params.iter().any(|(k, _)| k == "sk") {
                    assert_eq!(request.http, "POST", "{}", request.method);
                }
            }
        });
    }

    let traced = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(traced.contains("lastfm.call"), "calls are traced: {traced}");
    assert!(
        traced.contains("method=\"track.love\"") || traced.contains("method=track.love"),
        "{traced}"
    );
    assert!(traced.contains("attempt=2"), "retries are traced: {traced}");
    for secret in &secrets {
        assert!(
            !printed.contains(secret.as_str()),
            "printed output leaks {secret}: {printed}"
        );
        assert!(
            !traced.contains(secret.as_str()),
            "tracing output leaks {secret}"
        );
    }
}
