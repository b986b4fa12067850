//! The main job, end to end: log in, scrobble a portable player's
//! `.scrobbler.log`, export the history (with a progress bar on a terminal).
//!
//! ```text
//! cargo run -p lastfm-cli --example main_job
//! ```
//!
//! Without LASTFM_API_KEY it runs against the embedded offline server
//! (`--offline`, the demo account); with credentials set it talks to the
//! service, so the sample plays are scrobbled to your account. Each step is
//! the `lastfm` command printed before it.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> ExitCode {
    let offline = std::env::var("LASTFM_API_KEY").map_or(true, |k| k.trim().is_empty());
    let dir = std::env::temp_dir().join(format!("lastfm-main-job-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    // A sample log as a player writes it: plays of the last hour (the
    // service ignores plays older than 14 days), one of them skipped.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let log = dir.join(".scrobbler.log");
    let rows = [
        ("Cher", "Believe", "Believe", 1, 239, "L", now - 3000),
        ("Cher", "Believe", "Strong Enough", 2, 223, "S", now - 2760),
        (
            "Madonna",
            "True Blue",
            "White Heat",
            1,
            280,
            "L",
            now - 2500,
        ),
        (
            "Radiohead",
            "OK Computer",
            "Airbag",
            1,
            284,
            "L",
            now - 2200,
        ),
    ];
    let mut text = String::from("#AUDIOSCROBBLER/1.1\n#TZ/UTC\n#CLIENT/main_job example\n");
    for (artist, album, track, n, secs, rating, at) in rows {
        text.push_str(&format!(
            "{artist}\t{album}\t{track}\t{n}\t{secs}\t{rating}\t{at}\t\n"
        ));
    }
    if let Err(e) = std::fs::write(&log, text) {
        eprintln!("cannot write {}: {e}", log.display());
        return ExitCode::FAILURE;
    }
    let log = log.display().to_string();
    let export = dir.join("history.csv").display().to_string();
    let whoami = lastfm_user();
    let steps: [Vec<&str>; 3] = [
        vec!["login"],
        vec!["scrobble", "--from", &log],
        vec!["history", "export", &whoami, "-o", &export],
    ];
    for step in steps {
        let mut args = vec!["lastfm"];
        if offline {
            args.push("--offline");
        }
        args.extend(step);
        println!("\n$ {}", args.join(" "));
        let code = lastfm_cli::run(args.iter().copied());
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    println!("\nThe history is in {export}.");
    ExitCode::SUCCESS
}

/// Whose history to export: LASTFM_USER, else the offline demo account.
fn lastfm_user() -> String {
    std::env::var("LASTFM_USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "demo".to_owned())
}
