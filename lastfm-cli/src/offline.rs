//! The embedded offline server: `--offline` or `LASTFM_OFFLINE=1`.
//!
//! Each command starts `lastfm_server::Server` on loopback with a demo
//! account, loads its state from `offline/state.json` in the platform data
//! directory (seeding the demo account's history on the first run), and
//! saves it when the command ends, so a play scrobbled by one command is in
//! a later export. A lock file keeps two commands from running on the same
//! state at once.

use std::fs::File;
use std::path::PathBuf;
use std::time::Duration;

use lastfm_server::Server;

use crate::config;
use crate::error::{CliError, Result};

/// The demo account (not a secret: it exists only on the embedded server).
pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo-password";
/// The embedded server's application credentials.
pub const API_KEY: &str = "offline-demo-key";
pub const API_SECRET: &str = "offline-demo-secret";
/// What a stored offline session names as its root (the port changes on
/// every run).
pub const ROOT: &str = "offline";
/// Plays in the demo account's seeded history.
pub const SEEDED_PLAYS: usize = 1000;

pub struct Offline {
    pub server: Server,
    state: PathBuf,
    // Held while the command runs; the OS releases it when the process ends.
    _lock: File,
}

impl Offline {
    pub async fn start() -> Result<Offline> {
        let dir = config::data_dir()?.join("offline");
        config::create_private_dir(&dir)?;
        let lock_path = dir.join("state.lock");
        let lock = File::create(&lock_path).map_err(|e| CliError::io(lock_path.display(), e))?;
        if lock.try_lock().is_err() {
            eprintln!("lastfm: waiting for another offline command to finish");
            lock.lock()
                .map_err(|e| CliError::io(lock_path.display(), e))?;
        }
        let server = Server::builder()
            .api_key(API_KEY, API_SECRET)
            .user(DEMO_USER, DEMO_PASSWORD)
            .start()
            .await
            .map_err(|e| CliError::failure(format!("cannot start the offline server: {e}")))?;
        let state = dir.join("state.json");
        if state.exists() {
            server
                .load_state(&state)
                .map_err(|e| CliError::failure(format!("offline server state: {e}")))?;
        } else {
            seed(&server);
        }
        // A slow network on demand, e.g. to watch progress bars.
        if let Some(ms) = std::env::var("LASTFM_OFFLINE_LATENCY_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            server.set_latency(Duration::from_millis(ms));
        }
        let offline = Offline {
            server,
            state,
            _lock: lock,
        };
        offline.save()?;
        Ok(offline)
    }

    /// Writes the server's state; called when the command ends, however it ends.
    pub fn save(&self) -> Result<()> {
        self.server
            .save_state(&self.state)
            .map_err(|e| CliError::failure(format!("cannot save the offline state: {e}")))
    }
}

/// The demo account's history, so exports have pages to crawl.
fn seed(server: &Server) {
    // The demo account is the server's own: seeding it cannot fail.
    let _ = server.seed_plays(DEMO_USER, SEEDED_PLAYS);
}
