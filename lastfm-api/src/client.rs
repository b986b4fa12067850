use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::__private::{AuthLevel, Http, Request};
use crate::{Error, Secret};

/// The root of the Last.fm API 2.0.
pub const LASTFM_API_ROOT: &str = "https://ws.audioscrobbler.com/2.0/";
/// Where a user approves a request token (desktop and web flows).
pub const LASTFM_AUTH_PAGE: &str = "https://www.last.fm/api/auth/";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A Last.fm API client.
///
/// Cheap to clone (the clones share one connection pool) and `Send + Sync`,
/// so one client serves many tasks. Methods are grouped by Last.fm package:
/// `client.auth().get_token()`, and so on.
///
/// ```no_run
/// # async fn run() -> Result<(), lastfm_api::Error> {
/// let client = lastfm_api::Client::builder()
///     .api_key("KEY")
///     .api_secret("SECRET")
///     .build()?;
/// let token = client.auth().get_token().await?;
/// println!("approve at {}", client.auth_url(&token));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    api_key: String,
    api_secret: Option<Secret>,
    base_url: reqwest::Url,
    auth_page: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &self.inner.api_key)
            .field("api_secret", &self.inner.api_secret)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client; only the API key is required.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The page where the user approves `token`:
    /// `https://www.last.fm/api/auth/?api_key=KEY&token=TOKEN`.
    pub fn auth_url(&self, token: &str) -> String {
        let mut url = self.inner.auth_page.clone();
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .append_pair("api_key", &self.inner.api_key)
                .append_pair("token", token)
                .finish(),
        );
        url
    }

    /// The API root requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// Sends a prepared request and returns the HTTP status and body.
    pub(crate) async fn execute(&self, request: Request) -> Result<(u16, String), Error> {
        let inner = &*self.inner;
        let method = request.method;
        let mut params: Vec<(Cow<'static, str>, String)> =
            Vec::with_capacity(request.params.len() + 4);
        params.push(("method".into(), method.name.to_owned()));
        params.push(("api_key".into(), inner.api_key.clone()));
        params.extend(request.params);
        let signed = match (method.auth, request.session) {
            (AuthLevel::None, _) => false,
            (AuthLevel::Signed, _) => true,
            (AuthLevel::Session | AuthLevel::OptionalSession, Some(key)) => {
                params.push(("sk".into(), key.expose().to_owned()));
                true
            }
            (AuthLevel::OptionalSession, None) => false,
            // Generated code offers session methods on `SessionClient` only.
            (AuthLevel::Session, None) => {
                return Err(Error::Config(format!(
                    "{} needs a user session: call it on a SessionClient",
                    method.name
                )));
            }
        };
        if signed {
            let secret = inner.api_secret.as_ref().ok_or_else(|| {
                Error::Config(format!(
                    "{} is a signed method: set `api_secret` on the client builder",
                    method.name
                ))
            })?;
            let sig = crate::api_sig(
                params.iter().map(|(k, v)| (k.as_ref(), v.as_str())),
                secret.expose(),
            );
            params.push(("api_sig".into(), sig));
        }
        // A session key never travels in a URL: a call that carries one is
        // sent as a POST whatever its declared verb (Last.fm accepts reads
        // either way).
        let post = method.http == Http::Post || params.iter().any(|(k, _)| k == "sk");
        // The exact pairs signed above are the ones encoded below.
        let builder = if post {
            inner.http.post(inner.base_url.clone()).form(&params)
        } else {
            inner.http.get(inner.base_url.clone()).query(&params)
        };
        let response = builder.send().await.map_err(Error::transport)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(Error::transport)?;
        match String::from_utf8(bytes.into()) {
            Ok(body) => Ok((status, body)),
            Err(_) if !(200..300).contains(&status) => Err(Error::Http {
                status,
                content_type,
            }),
            Err(_) => Err(Error::Decode {
                message: "the body is not UTF-8".into(),
                http_status: status,
            }),
        }
    }
}

/// Configures a [`Client`].
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<String>,
    api_secret: Option<Secret>,
    base_url: Option<String>,
    auth_page: Option<String>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key of your application (required).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The shared secret of your application; needed by signed methods
    /// (`auth.*`, and everything done for a user).
    pub fn api_secret(mut self, secret: impl Into<String>) -> Self {
        self.api_secret = Some(Secret::new(secret));
        self
    }

    /// The API root; default `https://ws.audioscrobbler.com/2.0/`. Point it
    /// at a compatible service or at `lastfm-server` in tests.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The page where users approve tokens; default `https://www.last.fm/api/auth/`.
    pub fn auth_page(mut self, url: impl Into<String>) -> Self {
        self.auth_page = Some(url.into());
        self
    }

    /// The `User-Agent` sent with every request. Last.fm asks for one that
    /// identifies the application; the default names this crate.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// The limit on a whole call, from connecting to the last byte; default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit on establishing a connection; default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Builds the client: fails without an API key or with an unusable base URL.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = self
            .api_key
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| Error::Config("an API key is required (`api_key`)".into()))?;
        let base = self.base_url.unwrap_or_else(|| LASTFM_API_ROOT.to_owned());
        let base_url = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("invalid base URL `{base}`: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "the base URL must be http or https, not `{}`",
                base_url.scheme()
            )));
        }
        let user_agent = self.user_agent.unwrap_or_else(|| {
            format!(
                "lastfm-api/{} (Rust; +https://crates.io/crates/lastfm-api)",
                env!("CARGO_PKG_VERSION")
            )
        });
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_key,
                api_secret: self.api_secret,
                base_url,
                auth_page: self
                    .auth_page
                    .unwrap_or_else(|| LASTFM_AUTH_PAGE.to_owned()),
            }),
        })
    }
}
