//! The client a command talks through: Last.fm (or the service the
//! credentials name), or the embedded offline server.

use lastfm_api::{Client, SessionClient};

use crate::Global;
use crate::config::{self, Credentials, StoredSession};
use crate::error::{CliError, Result};
use crate::offline::{self, Offline};

pub struct Ctx {
    pub global: Global,
    pub client: Client,
    pub offline: Option<Offline>,
    /// The API root, as a stored session records it.
    pub root: String,
}

impl Ctx {
    /// Needs credentials, or offline mode; says how to set them otherwise.
    pub async fn new(global: Global) -> Result<Ctx> {
        let agent = format!("lastfm-cli/{}", env!("CARGO_PKG_VERSION"));
        if global.offline {
            let offline = Offline::start().await?;
            let client = Client::builder()
                .api_key(offline::API_KEY)
                .api_secret(offline::API_SECRET)
                .base_url(offline.server.base_url())
                .auth_page(offline.server.auth_page())
                .user_agent(agent)
                .build()
                .map_err(|e| CliError::failure(e.to_string()))?;
            return Ok(Ctx {
                global,
                client,
                offline: Some(offline),
                root: offline::ROOT.to_owned(),
            });
        }
        let creds = Credentials::load()?.ok_or_else(config::no_credentials)?;
        let mut builder = Client::builder().api_key(creds.api_key).user_agent(agent);
        if let Some(secret) = creds.api_secret {
            builder = builder.api_secret(secret);
        }
        if let Some(url) = &creds.base_url {
            builder = builder.base_url(url);
        }
        if let Some(page) = creds.auth_page {
            builder = builder.auth_page(page);
        }
        let client = builder
            .build()
            .map_err(|e| CliError::failure(e.to_string()))?;
        let root = client.base_url().to_owned();
        Ok(Ctx {
            global,
            client,
            offline: None,
            root,
        })
    }

    /// Saves the offline server's state whatever the command's outcome.
    pub fn finish(self, result: Result<()>) -> Result<()> {
        if let Some(offline) = &self.offline {
            offline.save()?;
        }
        result
    }

    pub fn session_path(&self) -> Result<std::path::PathBuf> {
        config::session_path(self.offline.is_some())
    }

    /// The session to act with, if any: `LASTFM_SESSION_KEY`, else the
    /// stored one.
    pub fn optional_session(&self) -> Result<Option<SessionClient>> {
        if let Ok(key) = std::env::var("LASTFM_SESSION_KEY")
            && !key.trim().is_empty()
        {
            let user = std::env::var("LASTFM_USER").unwrap_or_default();
            return Ok(Some(
                self.client.with_session_key(&user, key.trim().to_owned()),
            ));
        }
        let path = self.session_path()?;
        let Some(stored) = config::read_session(&path)? else {
            return Ok(None);
        };
        if stored.api_root != self.root {
            return Err(CliError::failure(format!(
                "the stored session is for {}, not {}: run `lastfm login`",
                stored.api_root, self.root
            )));
        }
        Ok(Some(self.client.with_session_key(&stored.user, stored.key)))
    }

    /// The session to act with; an error that says how to get one otherwise.
    pub fn session(&self) -> Result<SessionClient> {
        self.optional_session()?.ok_or_else(|| {
            let offline = if self.offline.is_some() {
                " --offline"
            } else {
                ""
            };
            CliError::failure(format!(
                "not logged in: run `lastfm{offline} login` (or set LASTFM_SESSION_KEY)"
            ))
        })
    }

    pub fn store_session(&self, user: &str, key: &str) -> Result<std::path::PathBuf> {
        let path = self.session_path()?;
        config::write_session(
            &path,
            &StoredSession {
                user: user.to_owned(),
                key: key.to_owned(),
                api_root: self.root.clone(),
            },
        )?;
        Ok(path)
    }

    /// Whether notes and progress bars go to standard error.
    pub fn chatty(&self) -> bool {
        !self.global.quiet
    }
}
