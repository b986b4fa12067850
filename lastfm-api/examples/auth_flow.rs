//! The desktop authentication flow, end to end, printing each step.
//!
//! ```text
//! cargo run --example auth_flow
//! ```
//!
//! Without `LASTFM_API_KEY` and `LASTFM_API_SECRET` it starts the embedded
//! offline server and approves the token itself, standing in for the user.
//! With both set, it talks to Last.fm: open the printed URL, approve the
//! application, and the example picks the session up.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use lastfm_api::{Client, Error, ErrorCode};

/// How long to wait for the user to approve the token on Last.fm.
const APPROVAL_WAIT: Duration = Duration::from_secs(5 * 60);
const POLL_EVERY: Duration = Duration::from_secs(5);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("auth_flow failed: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("LASTFM_API_KEY")
        .ok()
        .filter(|v| !v.is_empty());
    let secret = std::env::var("LASTFM_API_SECRET")
        .ok()
        .filter(|v| !v.is_empty());
    match (key, secret) {
        (Some(key), Some(secret)) => live(&key, &secret).await,
        (None, None) => offline().await,
        _ => Err("set both LASTFM_API_KEY and LASTFM_API_SECRET, or neither (offline mode)".into()),
    }
}

async fn offline() -> Result<(), Box<dyn std::error::Error>> {
    const KEY: &str = "offline-demo-key";
    const SECRET: &str = "offline-demo-secret";
    const USER: &str = "alice";
    println!("No LASTFM_API_KEY/LASTFM_API_SECRET: using the embedded offline server.");
    let server = lastfm_server::Server::builder()
        .api_key(KEY, SECRET)
        .user(USER, "alice-password")
        .start()
        .await?;
    println!(
        "1. Offline Last.fm-compatible server listening at {}",
        server.base_url()
    );
    let client = Client::builder()
        .api_key(KEY)
        .api_secret(SECRET)
        .base_url(server.base_url())
        .auth_page(server.auth_page())
        .build()?;

    let token = client.auth().get_token().await?;
    println!(
        "2. auth.getToken: got a request token ({} characters)",
        token.len()
    );
    println!(
        "3. The user would approve it at {}",
        client.auth_url(&token)
    );

    match client.auth().get_session(&token).await {
        Err(err) if err.code() == Some(ErrorCode::TokenNotAuthorized) => {
            println!("4. auth.getSession before approval: error 14, as expected ({err})");
        }
        other => return Err(format!("expected error 14 before approval, got {other:?}").into()),
    }

    server.approve_token(&token, USER)?;
    println!("5. The offline server approved the token as user `{USER}`");

    let session = client.auth().get_session(&token).await?;
    print_session(6, &session);

    match client.auth().get_session(&token).await {
        Err(err) if err.code() == Some(ErrorCode::AuthenticationFailed) => {
            println!("7. auth.getSession again: error 4, a token is used once ({err})");
        }
        other => return Err(format!("expected error 4 for a used token, got {other:?}").into()),
    }
    println!(
        "Done: {} calls reached the offline server.",
        server.requests().len()
    );
    Ok(())
}

async fn live(key: &str, secret: &str) -> Result<(), Box<dyn std::error::Error>> {
    println!("Using the Last.fm service with the API key from LASTFM_API_KEY.");
    let client = Client::builder().api_key(key).api_secret(secret).build()?;
    let token = client.auth().get_token().await?;
    println!("1. auth.getToken: got a request token");
    println!(
        "2. Open this page and approve the application:\n   {}",
        client.auth_url(&token)
    );
    let started = Instant::now();
    let session = loop {
        match client.auth().get_session(&token).await {
            Ok(session) => break session,
            Err(err) if err.code() == Some(ErrorCode::TokenNotAuthorized) => {
                if started.elapsed() > APPROVAL_WAIT {
                    return Err("gave up: the token was not approved within 5 minutes".into());
                }
                println!(
                    "   ... not approved yet, asking again in {} s",
                    POLL_EVERY.as_secs()
                );
                tokio::time::sleep(POLL_EVERY).await;
            }
            Err(err) => return Err(describe(err).into()),
        }
    };
    print_session(3, &session);
    Ok(())
}

fn print_session(step: u32, session: &lastfm_api::types::Session) {
    println!(
        "{step}. auth.getSession: signed in as `{}` (subscriber: {}); session key {} ({} characters, keep it safe)",
        session.name,
        session.subscriber,
        session.key,
        session.key.expose().len()
    );
}

fn describe(err: Error) -> String {
    match err.code() {
        Some(ErrorCode::TokenExpired) => "the token expired (60 minutes); run again".into(),
        _ => err.to_string(),
    }
}
