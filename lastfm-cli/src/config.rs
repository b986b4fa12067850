//! Where credentials come from and where the session is kept.
//!
//! The API key, secret and root come from `LASTFM_API_KEY`,
//! `LASTFM_API_SECRET` and `LASTFM_BASE_URL`, else from `config.toml` in the
//! platform config directory (`$XDG_CONFIG_HOME/lastfm/` on Linux). The
//! session `lastfm login` obtains is stored beside it, readable by its owner
//! only; `LASTFM_SESSION_KEY` (with `LASTFM_USER`) overrides it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CliError, Result};

/// The application's directory inside the platform's config directory.
pub fn config_dir() -> Result<PathBuf> {
    dirs::config_dir()
        .map(|d| d.join("lastfm"))
        .ok_or_else(|| CliError::failure("cannot find the config directory: set XDG_CONFIG_HOME"))
}

/// The application's directory inside the platform's data directory.
pub fn data_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("lastfm"))
        .ok_or_else(|| CliError::failure("cannot find the data directory: set XDG_DATA_HOME"))
}

/// `config.toml`: what may stand in for the environment variables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    api_key: Option<String>,
    api_secret: Option<String>,
    base_url: Option<String>,
    auth_page: Option<String>,
}

/// The application's credentials, from the environment or the config file.
pub struct Credentials {
    pub api_key: String,
    pub api_secret: Option<String>,
    pub base_url: Option<String>,
    pub auth_page: Option<String>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Whether an environment variable is set to something true (`1`, `true`, `yes`).
pub fn env_flag(name: &str) -> bool {
    env(name)
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}

impl Credentials {
    /// `None` when no API key is set anywhere.
    pub fn load() -> Result<Option<Credentials>> {
        let path = config_dir()?.join("config.toml");
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<FileConfig>(&text)
                .map_err(|e| CliError::failure(format!("{}: {}", path.display(), e.message())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileConfig::default(),
            Err(e) => return Err(CliError::io(path.display(), e)),
        };
        let Some(api_key) = env("LASTFM_API_KEY").or(file.api_key) else {
            return Ok(None);
        };
        Ok(Some(Credentials {
            api_key,
            api_secret: env("LASTFM_API_SECRET").or(file.api_secret),
            base_url: env("LASTFM_BASE_URL").or(file.base_url),
            auth_page: env("LASTFM_AUTH_PAGE").or(file.auth_page),
        }))
    }
}

/// What is said when a command needs the service and nothing says which.
pub fn no_credentials() -> CliError {
    let file = config_dir()
        .map(|d| d.join("config.toml").display().to_string())
        .unwrap_or_else(|_| "config.toml".into());
    CliError::failure(format!(
        "no Last.fm API credentials: set LASTFM_API_KEY and LASTFM_API_SECRET \
         (or api_key and api_secret in {file}), \
         or add --offline (or LASTFM_OFFLINE=1) to use the embedded offline server"
    ))
}

/// A session as stored by `lastfm login`.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredSession {
    pub user: String,
    pub key: String,
    /// The API root it was obtained from: a session is only good there.
    pub api_root: String,
}

/// Where the session for `offline` or the service is kept.
pub fn session_path(offline: bool) -> Result<PathBuf> {
    let name = if offline {
        "offline-session.json"
    } else {
        "session.json"
    };
    Ok(config_dir()?.join(name))
}

pub fn read_session(path: &Path) -> Result<Option<StoredSession>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|_| {
            CliError::failure(format!(
                "{} is not a stored session: remove it, or run `lastfm login`",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::io(path.display(), e)),
    }
}

/// Writes the session readable and writable by its owner only: created with
/// that mode (no window where others can read it), then renamed into place.
pub fn write_session(path: &Path, session: &StoredSession) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let tmp = path.with_extension("json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let text = serde_json::to_vec_pretty(session)
        .map_err(|e| CliError::failure(format!("cannot encode the session: {e}")))?;
    let mut file = options
        .open(&tmp)
        .map_err(|e| CliError::io(tmp.display(), e))?;
    file.write_all(&text)
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::io(tmp.display(), e))?;
    std::fs::rename(&tmp, path).map_err(|e| CliError::io(path.display(), e))
}

/// Creates a directory (and its parents) accessible by its owner only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| CliError::io(dir.display(), e))
}
