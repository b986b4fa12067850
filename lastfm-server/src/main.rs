//! `lastfm-server`: runs the offline Last.fm-compatible server until Ctrl-C.
//! `lastfm-server --help` says how.

use std::process::ExitCode;

const HELP: &str = "\
lastfm-server: an offline, Last.fm-compatible API 2.0 server on 127.0.0.1

usage: lastfm-server [OPTIONS]

options:
  --port N                  listen on this port (default: a free one, printed)
  --api-key KEY             accept this API key (default: test-api-key)
  --api-secret SECRET       ...signed with this secret (default: test-api-secret)
  --user NAME:PASSWORD      an account, for token approval and mobile login;
                            repeatable (default: alice:alice-password)
  --keep-repeated-scrobbles store a scrobble repeating a stored one (same user,
                            artist, track, timestamp); by default it is dropped
                            and answered as accepted, as Last.fm does
  --list-catalogue          print the artists, albums, tracks, tags and
                            countries the server knows, and exit
  -h, --help                print this help and exit
  -V, --version             print the version and exit

The API root is http://127.0.0.1:PORT/2.0/ (XML, or JSON with format=json).
Approve a request token as a user:
  curl -d 'token=TOKEN&user=NAME' http://127.0.0.1:PORT/control/approve
";

#[tokio::main]
async fn main() -> ExitCode {
    let mut builder = lastfm_server::Server::builder();
    let (mut key, mut secret) = ("test-api-key".to_owned(), "test-api-secret".to_owned());
    let mut users = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!("lastfm-server {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--list-catalogue" => {
                print!(
                    "{}",
                    lastfm_server::catalogue_listing(&lastfm_server::Catalogue::seeded())
                );
                return ExitCode::SUCCESS;
            }
            "--keep-repeated-scrobbles" => builder = builder.keep_repeated_scrobbles(true),
            "--port" | "--api-key" | "--api-secret" | "--user" => {
                let Some(value) = args.next() else {
                    return usage(&format!("{arg} needs a value"));
                };
                match arg.as_str() {
                    "--port" => match value.parse() {
                        Ok(port) => builder = builder.port(port),
                        Err(_) => return usage(&format!("invalid port `{value}`")),
                    },
                    "--api-key" => key = value,
                    "--api-secret" => secret = value,
                    _ => match value.split_once(':') {
                        Some((name, password)) => {
                            users.push((name.to_owned(), password.to_owned()))
                        }
                        None => return usage("--user takes NAME:PASSWORD"),
                    },
                }
            }
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
    eprintln!("lastfm-server: {problem}\nTry `lastfm-server --help`.");
    ExitCode::from(2)
}
