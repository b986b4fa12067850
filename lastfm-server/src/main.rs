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
  --seed-plays USER:N       give USER (an account) a history of N plays, one
                            about every three hours going back from now
  --no-daily-limit          accept any number of scrobbles a day (by default
                            those beyond Last.fm's 2800 are ignored, code 5)
  --list-catalogue          print the artists, albums, tracks, tags and
                            countries the server knows, and exit
  -h, --help                print this help and exit
  -V, --version             print the version and exit

The API root is http://127.0.0.1:PORT/2.0/ (XML, or JSON with format=json).
Approve a request token as a user:
  curl -d 'token=TOKEN&user=NAME' http://127.0.0.1:PORT/control/approve
Count the API calls received so far, per method:
  curl http://127.0.0.1:PORT/control/requests
";

#[tokio::main]
async fn main() -> ExitCode {
    let mut builder = lastfm_server::Server::builder();
    let (mut key, mut secret) = ("test-api-key".to_owned(), "test-api-secret".to_owned());
    let mut users = Vec::new();
    let mut seeds: Vec<(String, usize)> = Vec::new();
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
            "--no-daily-limit" => builder = builder.no_daily_limit(true),
            "--port" | "--api-key" | "--api-secret" | "--user" | "--seed-plays" => {
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
                    "--seed-plays" => {
                        let parsed = value
                            .split_once(':')
                            .and_then(|(name, n)| Some((name.to_owned(), n.parse().ok()?)));
                        match parsed {
                            Some(seed) => seeds.push(seed),
                            None => return usage("--seed-plays takes USER:N"),
                        }
                    }
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
    for (user, plays) in &seeds {
        if let Err(e) = server.seed_plays(user, *plays) {
            return usage(&e);
        }
    }
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
