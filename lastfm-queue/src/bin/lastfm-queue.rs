//! `lastfm-queue`: flushes or inspects a scrobble queue file.
//!
//! ```text
//! lastfm-queue flush  --db FILE    # sends what is queued
//! lastfm-queue status --db FILE    # counts queued and dead-lettered scrobbles
//! ```
//!
//! `flush` reads LASTFM_API_KEY, LASTFM_API_SECRET, LASTFM_USER and
//! LASTFM_SESSION_KEY, and LASTFM_BASE_URL for a service other than Last.fm.

use std::process::ExitCode;

use lastfm_api::Client;
use lastfm_queue::ScrobbleQueue;

const USAGE: &str = "usage: lastfm-queue (flush|status) --db FILE";

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set"))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lastfm-queue: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, db) = match args.as_slice() {
        [command, flag, db] if flag == "--db" => (command.as_str(), db.as_str()),
        _ => return Err(USAGE.into()),
    };
    let queue = ScrobbleQueue::open(db).map_err(|e| e.to_string())?;
    match command {
        "status" => {
            let dead = queue.dead_letters().map_err(|e| e.to_string())?;
            println!("queued: {}", queue.len().map_err(|e| e.to_string())?);
            println!("dead letters: {}", dead.len());
            for letter in dead {
                println!(
                    "  {} - {}: {}",
                    letter.scrobble.artist, letter.scrobble.track, letter.error
                );
            }
            Ok(())
        }
        "flush" => {
            let mut builder = Client::builder()
                .api_key(env("LASTFM_API_KEY")?)
                .api_secret(env("LASTFM_API_SECRET")?);
            if let Ok(url) = std::env::var("LASTFM_BASE_URL") {
                builder = builder.base_url(url);
            }
            let client = builder.build().map_err(|e| e.to_string())?;
            let me = client.with_session_key(&env("LASTFM_USER")?, env("LASTFM_SESSION_KEY")?);
            let report = queue.flush(&me).await.map_err(|e| e.to_string())?;
            println!(
                "requests: {}, accepted: {}, ignored: {}, dead-lettered: {}, remaining: {}",
                report.requests,
                report.accepted,
                report.ignored.len(),
                report.dead_lettered,
                report.remaining
            );
            if let Some(stop) = report.stopped {
                println!("stopped: {stop:?}");
            }
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}
