//! `lastfm-server`: runs the offline Last.fm-compatible server until Ctrl-C.
//!
//! ```text
//! lastfm-server [--port N] [--api-key KEY] [--api-secret SECRET] [--user NAME:PASSWORD]...
//! ```

use std::process::ExitCode;

const USAGE: &str = "usage: lastfm-server [--port N] [--api-key KEY] [--api-secret SECRET] [--user NAME:PASSWORD]...";

#[tokio::main]
async fn main() -> ExitCode {
    let mut builder = lastfm_server::Server::builder();
    let (mut key, mut secret) = ("test-api-key".to_owned(), "test-api-secret".to_owned());
    let mut users = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--port", Some(v)) => match v.parse() {
                Ok(port) => builder = builder.port(port),
                Err(_) => return usage(&format!("invalid port `{v}`")),
            },
            ("--api-key", Some(v)) => key = v,
            ("--api-secret", Some(v)) => secret = v,
            ("--user", Some(v)) => match v.split_once(':') {
                Some((name, password)) => users.push((name.to_owned(), password.to_owned())),
                None => return usage("--user takes NAME:PASSWORD"),
            },
            _ => return usage(&format!("unexpected argument `{arg}`")),
        }
    }
    if users.is_empty() {
        users.push(("alice".to_owned(), "alice-password".to_owned()));
    }
    builder = builder.api_key(&key, &secret);
    for (name, password) in &users {
        builder = builder.user(name, password);
    }
    let server = match builder.start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("lastfm-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("lastfm-server listening on {}", server.base_url());
    println!("api key: {key} (secret given with --api-secret)");
    for (name, _) in &users {
        println!("user: {name}");
    }
    println!(
        "approve a token: curl -d 'token=TOKEN&user=NAME' http://{}/control/approve",
        server.addr()
    );
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("lastfm-server: {problem}\n{USAGE}");
    ExitCode::from(2)
}
