//! What the network may send instead of a proper answer: each case gives the
//! right typed error, and nothing panics.

use lastfm_api::{Client, Error, ErrorCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one canned HTTP response to every connection; returns the base URL.
pub(crate) async fn canned(status: &str, content_type: &str, body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let head = head.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}/2.0/")
}

/// A client that tries once, so each case shows the error of one answer
/// (retries are tested in `faults.rs`).
pub(crate) fn client(base: String) -> Client {
    Client::builder()
        .api_key("key")
        .api_secret("secret")
        .base_url(base)
        .retry(lastfm_api::RetryConfig::disabled())
        .build()
        .unwrap()
}

async fn get_token(status: &str, content_type: &str, body: &'static [u8]) -> Error {
    let base = canned(status, content_type, body).await;
    client(base).auth().get_token().await.unwrap_err()
}

#[tokio::test]
async fn html_502_page_is_an_http_error_worth_retrying() {
    let err = get_token(
        "502 Bad Gateway",
        "text/html",
        b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
    )
    .await;
    assert!(matches!(err, Error::Http { status: 502, .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.code(), None);
}

#[tokio::test]
async fn truncated_xml_is_a_decode_error() {
    let err = get_token(
        "200 OK",
        "text/xml",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"ok\">\n<token>cf45fe5a3e3c",
    )
    .await;
    assert!(
        matches!(
            err,
            Error::Decode {
                http_status: 200,
                ..
            }
        ),
        "{err:?}"
    );
    // A body cut short may come whole next time.
    assert!(err.is_retryable());
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn a_non_xml_body_is_a_decode_error() {
    let err = get_token(
        "200 OK",
        "application/json",
        b"{\"token\":\"cf45fe5a3e3cebe168480a086d7fe481\"}",
    )
    .await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("not XML"), "{err}");
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let err = get_token("200 OK", "text/xml", b"").await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn an_unknown_error_code_is_kept() {
    let err = get_token(
        "200 OK",
        "text/xml",
        b"<lfm status=\"failed\"><error code=\"999\">Something new</error></lfm>",
    )
    .await;
    assert_eq!(err.code(), Some(ErrorCode::Unknown(999)));
    assert_eq!(u32::from(err.code().unwrap()), 999);
    assert!(matches!(&err, Error::Api { message, .. } if message == "Something new"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn failed_status_with_http_200_is_an_api_error() {
    let err = get_token(
        "200 OK",
        "text/xml",
        b"<?xml version=\"1.0\"?>\n<lfm status=\"failed\">\n  <error code=\"11\">Service Offline - This service is temporarily offline. Try again later.</error>\n</lfm>",
    )
    .await;
    assert_eq!(err.code(), Some(ErrorCode::ServiceOffline));
    assert_eq!(err.http_status(), Some(200));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn failed_status_with_http_403_is_an_api_error() {
    let err = get_token(
        "403 Forbidden",
        "text/xml",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"failed\">\n<error code=\"10\">Invalid API key - You must be granted a valid key by last.fm</error>\n</lfm>\n",
    )
    .await;
    assert_eq!(err.code(), Some(ErrorCode::InvalidApiKey));
    assert_eq!(err.http_status(), Some(403));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn failed_status_with_http_500_keeps_the_code() {
    let err = get_token(
        "500 Internal Server Error",
        "text/xml",
        b"<lfm status=\"failed\"><error code=\"16\">There was a temporary error processing your request. Please try again</error></lfm>",
    )
    .await;
    assert_eq!(err.code(), Some(ErrorCode::TemporaryError));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn an_unexpected_payload_element_is_a_decode_error() {
    let err = get_token(
        "200 OK",
        "text/xml",
        b"<lfm status=\"ok\"><session><name>x</name></session></lfm>",
    )
    .await;
    assert!(err.to_string().contains("expected <token>"), "{err}");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_decode_error() {
    let base = canned(
        "200 OK",
        "text/xml",
        b"<lfm status=\"ok\"><session><name>x</name><key>k</key><subscriber>maybe</subscriber></session></lfm>",
    )
    .await;
    let err = client(base).auth().get_session("t").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("maybe"), "{err}");
    // A well-formed answer of the wrong shape will not change by retrying.
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_decode_error() {
    let err = get_token(
        "200 OK",
        "text/xml",
        b"<lfm status=\"ok\"><token>\xff\xfe</token></lfm>",
    )
    .await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_failed_answer_without_error_element_is_a_decode_error() {
    let err = get_token("200 OK", "text/xml", b"<lfm status=\"failed\"></lfm>").await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    // Bind then drop, so the port is very likely closed.
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let err = client(format!("http://{addr}/2.0/"))
        .auth()
        .get_token()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_sample_answer_decodes() {
    // The documented sample of auth.getSession, verbatim.
    let body = include_bytes!("../fixtures/samples/auth.getSession.xml");
    let base = canned("200 OK", "text/xml", body).await;
    let session = client(base).auth().get_session("t").await.unwrap();
    assert_eq!(session.name, "MyLastFMUsername");
    assert_eq!(session.key.expose(), "d580d57f32848f5dcf574d1ce18d78b2");
    assert!(!session.subscriber);
}

/// Serves the headers of a whole `auth.getToken` answer, half its body, and
/// then ends the connection: with a reset (RST) when `reset`, else with an
/// orderly close (a body shorter than its `Content-Length`).
async fn cut_mid_body(reset: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"ok\">\n<token>cf45fe5a3e3cebe168480a086d7fe481</token>\n</lfm>\n";
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body.as_bytes()[..body.len() / 2]).await;
                let _ = socket.flush().await;
                // Let the client read the part before the connection ends.
                tokio::time::sleep(std::time::Duration::from_millis(30)).await;
                if reset {
                    let _ = socket.set_zero_linger();
                } else {
                    let _ = socket.shutdown().await;
                }
            });
        }
    });
    format!("http://{addr}/2.0/")
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_retryable_transport_error() {
    let err = client(cut_mid_body(true).await)
        .auth()
        .get_token()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    // reqwest files this as a decode error; the cause is a reset connection.
    assert!(err.to_string().to_lowercase().contains("reset"), "{err}");
    assert!(err.is_retryable(), "{err}");
}

#[tokio::test]
async fn a_body_shorter_than_its_length_is_a_retryable_transport_error() {
    let err = client(cut_mid_body(false).await)
        .auth()
        .get_token()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable(), "{err}");
}

#[tokio::test]
async fn an_answer_cut_mid_body_is_retried_to_the_attempt_bound() {
    let base = cut_mid_body(true).await;
    let client = Client::builder()
        .api_key("key")
        .api_secret("secret")
        .base_url(base)
        .retry(
            lastfm_api::RetryConfig::standard()
                .with_initial_backoff(std::time::Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let err = client.auth().get_token().await.unwrap_err();
    assert_eq!(err.attempts(), 3, "{err}");
}
