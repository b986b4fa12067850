//! The auth package end to end: the generated client against the offline server.

use std::time::Duration;

use lastfm_api::{Error, ErrorCode};
use lastfm_server::{Clock, Server};
use lastfm_tests::*;

#[tokio::test]
async fn desktop_flow_gets_a_session_for_the_approving_user() {
    let (server, client) = server_and_client().await;

    let token: String = client.auth().get_token().await.unwrap();
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));

    let url = client.auth_url(&token);
    assert_eq!(
        url,
        format!("{}?api_key={API_KEY}&token={token}", server.auth_page())
    );

    assert_wire(&server, "auth.getToken", "GET", true, &[]);
    server.approve_token(&token, USER).unwrap();
    let session = client.auth().get_session(&token).await.unwrap();
    assert_wire(
        &server,
        "auth.getSession",
        "GET",
        true,
        &[("token", &token)],
    );
    assert_eq!(session.name, USER);
    assert!(!session.subscriber);
    assert_eq!(session.key.expose().len(), 32);

    // The wire: getToken and getSession are signed GETs.
    let log = server.requests();
    assert_eq!(log.len(), 2);
    for request in &log {
        assert_eq!(request.http, "GET");
        assert!(request.params.iter().any(|(k, _)| k == "api_sig"));
        assert!(request.body.is_empty());
    }
    assert_eq!(log[0].method, "auth.getToken");
    assert_eq!(log[1].method, "auth.getSession");
    assert!(log[1].params.contains(&("token".to_owned(), token.clone())));
}

#[tokio::test]
async fn the_default_auth_page_is_lastfms() {
    let client = lastfm_api::Client::builder()
        .api_key("KEY")
        .build()
        .unwrap();
    assert_eq!(
        client.auth_url("TOKEN"),
        "https://www.last.fm/api/auth/?api_key=KEY&token=TOKEN"
    );
    assert_eq!(client.base_url(), "https://ws.audioscrobbler.com/2.0/");
}

#[tokio::test]
async fn mobile_flow_is_a_signed_post() {
    let (server, client) = server_and_client().await;
    let session = client
        .auth()
        .get_mobile_session(USER, PASSWORD)
        .await
        .unwrap();
    assert_eq!(session.name, USER);
    assert_wire(
        &server,
        "auth.getMobileSession",
        "POST",
        true,
        &[("username", USER), ("password", PASSWORD)],
    );

    let log = server.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].http, "POST");
    assert!(log[0].query.is_empty(), "nothing travels in the URL");
    assert!(log[0].body.contains("method=auth.getMobileSession"));
    assert!(log[0].params.iter().any(|(k, _)| k == "api_sig"));
}

#[tokio::test]
async fn mobile_session_with_non_ascii_credentials_is_signed_as_sent() {
    let user = "Земфира 宇多田";
    let password = "p@ss w+rd&=%🎸";
    let server = Server::builder()
        .api_key(API_KEY, API_SECRET)
        .account(user, password, true)
        .start()
        .await
        .unwrap();
    let client = client_for(&server, API_KEY, API_SECRET);
    let session = client
        .auth()
        .get_mobile_session(user, password)
        .await
        .unwrap();
    assert_eq!(session.name, user);
    assert!(session.subscriber);
}

fn assert_code(err: &Error, code: ErrorCode, status: u16) {
    assert_eq!(err.code(), Some(code), "{err}");
    assert_eq!(err.http_status(), Some(status), "{err}");
    assert!(matches!(err, Error::Api { .. }));
}

#[tokio::test]
async fn get_session_before_approval_is_14_then_works() {
    let (server, client) = server_and_client().await;
    let token = client.auth().get_token().await.unwrap();
    let err = client.auth().get_session(&token).await.unwrap_err();
    assert_code(&err, ErrorCode::TokenNotAuthorized, 403);
    assert_eq!(u32::from(err.code().unwrap()), 14);
    assert!(!err.is_retryable());

    server.approve_token(&token, USER).unwrap();
    client.auth().get_session(&token).await.unwrap();
}

#[tokio::test]
async fn a_token_is_used_once() {
    let (server, client) = server_and_client().await;
    let token = client.auth().get_token().await.unwrap();
    server.approve_token(&token, USER).unwrap();
    client.auth().get_session(&token).await.unwrap();
    let err = client.auth().get_session(&token).await.unwrap_err();
    assert_code(&err, ErrorCode::AuthenticationFailed, 403);
}

#[tokio::test]
async fn an_unknown_token_is_4() {
    let (_server, client) = server_and_client().await;
    let err = client
        .auth()
        .get_session("00000000000000000000000000000000")
        .await
        .unwrap_err();
    assert_code(&err, ErrorCode::AuthenticationFailed, 403);
}

#[tokio::test]
async fn a_token_expires_after_60_minutes() {
    let clock = Clock::new();
    let server = Server::builder()
        .api_key(API_KEY, API_SECRET)
        .user(USER, PASSWORD)
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    let client = client_for(&server, API_KEY, API_SECRET);

    let token = client.auth().get_token().await.unwrap();
    server.approve_token(&token, USER).unwrap();
    clock.advance(Duration::from_secs(59 * 60));
    // Still valid just before the hour is out: a second token checks that
    // without consuming the first.
    let fresh = client.auth().get_token().await.unwrap();
    clock.advance(Duration::from_secs(2 * 60));
    let err = client.auth().get_session(&token).await.unwrap_err();
    assert_code(&err, ErrorCode::TokenExpired, 403);
    assert_eq!(u32::from(ErrorCode::TokenExpired), 15);
    // The younger token (issued 59 minutes in) is still good.
    server.approve_token(&fresh, USER).unwrap();
    client.auth().get_session(&fresh).await.unwrap();
}

#[tokio::test]
async fn wrong_password_is_4() {
    let (_server, client) = server_and_client().await;
    let err = client
        .auth()
        .get_mobile_session(USER, "wrong")
        .await
        .unwrap_err();
    assert_code(&err, ErrorCode::AuthenticationFailed, 403);
}

#[tokio::test]
async fn an_unknown_api_key_is_10() {
    let (server, _) = server_and_client().await;
    let client = client_for(&server, "not-a-key", API_SECRET);
    let err = client.auth().get_token().await.unwrap_err();
    assert_code(&err, ErrorCode::InvalidApiKey, 403);
}

#[tokio::test]
async fn a_wrong_secret_is_an_invalid_signature() {
    let (server, _) = server_and_client().await;
    let client = client_for(&server, API_KEY, "not-the-secret");
    let err = client.auth().get_token().await.unwrap_err();
    assert_code(&err, ErrorCode::InvalidSignature, 403);
    assert_eq!(
        err.to_string(),
        "Last.fm error 13: Invalid method signature supplied"
    );
}

#[tokio::test]
async fn a_signed_method_without_a_secret_fails_before_sending() {
    let (server, _) = server_and_client().await;
    let client = lastfm_api::Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let err = client.auth().get_token().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(server.requests().is_empty());
}

/// Raw HTTP, for what the generated client never sends.
async fn raw(server: &Server, post: bool, params: &[(&str, &str)]) -> (u16, String) {
    let http = lastfm_tests::raw_http();
    let request = if post {
        http.post(server.base_url()).form(params)
    } else {
        http.get(server.base_url()).query(params)
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn signed<'a>(params: &[(&'a str, &'a str)], secret: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push((
        "api_sig".into(),
        lastfm_api::api_sig(params.iter().copied(), secret),
    ));
    all
}

async fn raw_signed(server: &Server, post: bool, params: &[(&str, &str)]) -> (u16, String) {
    let all = signed(params, API_SECRET);
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    raw(server, post, &pairs).await
}

#[tokio::test]
async fn an_unknown_method_is_3() {
    let (server, _) = server_and_client().await;
    let (status, body) = raw(
        &server,
        false,
        &[("method", "auth.getNothing"), ("api_key", API_KEY)],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("<error code=\"3\">"), "{body}");
}

#[tokio::test]
async fn method_names_are_case_insensitive() {
    let (server, _) = server_and_client().await;
    let (status, body) = raw_signed(
        &server,
        false,
        &[("method", "auth.gettoken"), ("api_key", API_KEY)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<lfm status=\"ok\">"));
}

#[tokio::test]
async fn a_missing_required_parameter_is_6() {
    let (server, _) = server_and_client().await;
    let (status, body) = raw_signed(
        &server,
        false,
        &[("method", "auth.getSession"), ("api_key", API_KEY)],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("<error code=\"6\">"), "{body}");
    assert!(body.contains("token"), "{body}");
}

#[tokio::test]
async fn get_mobile_session_over_get_is_4() {
    let (server, _) = server_and_client().await;
    let (status, body) = raw_signed(
        &server,
        false,
        &[
            ("method", "auth.getMobileSession"),
            ("api_key", API_KEY),
            ("username", USER),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, 403);
    assert!(body.contains("<error code=\"4\">"), "{body}");
}

#[tokio::test]
async fn a_missing_signature_is_13() {
    let (server, _) = server_and_client().await;
    let (status, body) = raw(
        &server,
        false,
        &[("method", "auth.getToken"), ("api_key", API_KEY)],
    )
    .await;
    assert_eq!(status, 403);
    assert!(body.contains("<error code=\"13\">"), "{body}");
}

/// A session method declared by an extension spec, to exercise session checks.
const EXTRA_SPEC: &str = r#"
package: probe
description: A method that needs a session, for testing the server's checks.
methods:
  - name: whoAmI
    description: Answers the name of the session's user.
    http: POST
    auth: session
    response: none
"#;

#[tokio::test]
async fn session_keys_are_checked() {
    let server = Server::builder()
        .api_key(API_KEY, API_SECRET)
        .user(USER, PASSWORD)
        .extra_spec("probe.yaml", EXTRA_SPEC)
        .start()
        .await
        .unwrap();
    let base = [("method", "probe.whoAmI"), ("api_key", API_KEY)];

    // No session key at all.
    let (status, body) = raw_signed(&server, true, &base).await;
    assert_eq!(
        (status, body.contains("<error code=\"9\">")),
        (403, true),
        "{body}"
    );

    // A made-up key.
    let mut params = base.to_vec();
    params.push(("sk", "ffffffffffffffffffffffffffffffff"));
    let (status, body) = raw_signed(&server, true, &params).await;
    assert_eq!(
        (status, body.contains("<error code=\"9\">")),
        (403, true),
        "{body}"
    );

    // A real key passes every check and reaches the method, which this server
    // does not simulate (error 3 with its own message, not 9).
    let key = server.open_session(API_KEY, USER);
    let mut params = base.to_vec();
    params.push(("sk", &key));
    let (_, body) = raw_signed(&server, true, &params).await;
    assert!(body.contains("<error code=\"3\">"), "{body}");
    assert!(body.contains("does not simulate"), "{body}");
}

#[tokio::test]
async fn one_client_serves_many_tasks() {
    let (server, client) = server_and_client().await;
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.auth().get_token().await })
        })
        .collect();
    let mut tokens = std::collections::HashSet::new();
    for task in tasks {
        tokens.insert(task.await.unwrap().unwrap());
    }
    assert_eq!(tokens.len(), 16);
    assert_eq!(server.requests().len(), 16);
}

#[test]
fn client_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<lastfm_api::Client>();
}

#[test]
fn auth_samples_decode() {
    let token: String = decode_fixture("samples/auth.getToken.xml");
    assert_eq!(token.trim(), "cf45fe5a3e3cebe168480a086d7fe481");
    let session: lastfm_api::types::Session = decode_fixture("samples/auth.getMobileSession.xml");
    assert_eq!(session.name, "MyLastFMUsername");
    assert_eq!(session.key.expose(), "d580d57f32848f5dcf574d1ce18d78b2");
    assert!(!session.subscriber);
    let session: lastfm_api::types::Session = decode_fixture("samples/auth.getSession.xml");
    assert_eq!(session.name, "MyLastFMUsername");
}
