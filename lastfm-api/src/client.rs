use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;

use crate::__private::{Http, MethodInfo, Request};
use crate::limit::{Limiter, RateLimit};
use crate::{Error, RetryConfig, Secret};

/// The root of the Last.fm API 2.0.
pub const LASTFM_API_ROOT: &str = "https://ws.audioscrobbler.com/2.0/";
/// Where a user approves a request token (desktop and web flows).
pub const LASTFM_AUTH_PAGE: &str = "https://www.last.fm/api/auth/";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A service that speaks the Last.fm API 2.0, with its roots and the rate it
/// expects clients to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Service {
    /// Last.fm itself: `https://ws.audioscrobbler.com/2.0/`, about 5 requests a second.
    #[default]
    LastFm,
    /// Libre.fm's compatible API: `https://libre.fm/2.0/` (the root commonly
    /// given; not confirmed by an official page), about 5 requests a second.
    ///
    /// Libre.fm is not known to drop a repeated scrobble, so with this preset
    /// the client does not send a scrobble again after a failure that may
    /// have stored it ([`Error::may_have_been_applied`]): the call fails with
    /// that error instead, and the caller decides (a play stored twice
    /// cannot be taken back; a `lastfm-queue` queue keeps the play and
    /// sends it on its next flush). Every other retry is as for Last.fm.
    LibreFm,
}

impl Service {
    pub fn api_root(self) -> &'static str {
        match self {
            Service::LastFm => LASTFM_API_ROOT,
            Service::LibreFm => "https://libre.fm/2.0/",
        }
    }

    pub fn auth_page(self) -> &'static str {
        match self {
            Service::LastFm => LASTFM_AUTH_PAGE,
            Service::LibreFm => "https://libre.fm/api/auth/",
        }
    }

    /// The rate the service's terms ask for: about 5 requests a second,
    /// averaged, with short bursts.
    pub fn rate_limit(self) -> RateLimit {
        RateLimit::per_second(5.0).with_burst(5)
    }

    /// Whether the service drops a scrobble repeating one it stored (same
    /// user, artist, track and timestamp) while answering it as accepted.
    /// Last.fm does (observed in 2026; its documentation does not say), so
    /// re-sending a scrobble whose answer was lost is harmless there and the
    /// client does it; Libre.fm is not known to.
    pub fn drops_repeated_scrobbles(self) -> bool {
        matches!(self, Service::LastFm)
    }
}

/// A Last.fm API client.
///
/// Cheap to clone (the clones share one connection pool and one rate
/// limiter) and `Send + Sync`, so one client serves many tasks. Methods are
/// grouped by Last.fm package: `client.auth().get_token()`, and so on.
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
    retry: RetryConfig,
    /// Whether an additive write may be sent again after an ambiguous failure.
    resend_ambiguous_writes: bool,
    rate_limit: Option<RateLimit>,
    limiter: Option<Limiter>,
    /// Whether a malformed optional value fails the call.
    strict: bool,
    cache: Option<crate::ResponseCache>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &self.inner.api_key)
            .field("api_secret", &self.inner.api_secret)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// A request ready to go: its pairs, signed, and how to send them.
struct Prepared {
    method: &'static MethodInfo,
    post: bool,
    params: Vec<(Cow<'static, str>, String)>,
}

/// One answer: status, body, and how long the service asked to wait.
struct Answer {
    status: u16,
    body: String,
    retry_after: Option<Duration>,
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

    /// The response cache's hits and misses, when the client has one
    /// ([`ClientBuilder::cache`]).
    pub fn cache_stats(&self) -> Option<crate::CacheStats> {
        self.inner.cache.as_ref().map(|c| c.stats())
    }

    /// Where a call's answer is cached, if it may be: a client with a
    /// cache, a method whose spec gives a `cache` time to live, no session
    /// key sent and no parameter naming the user the answer is for. The key
    /// is the API root and the parameters as sent.
    fn cache_slot(&self, prepared: &Prepared) -> Option<(&crate::ResponseCache, String, Duration)> {
        let cache = self.inner.cache.as_ref()?;
        let ttl = Duration::from_secs(prepared.method.cache_ttl_secs?);
        let personal = |name: &str| {
            name == "sk"
                || prepared
                    .method
                    .params
                    .iter()
                    .any(|p| p.session_user_default && p.name == name)
        };
        if prepared.params.iter().any(|(k, _)| personal(k)) {
            return None;
        }
        // The API root first: a cache that outlives the process, or serves
        // clients of several services, never gives one service's answer
        // for another's.
        let mut key = self.inner.base_url.to_string();
        key.push('?');
        let mut key = form_urlencoded::Serializer::new(key);
        for (k, v) in &prepared.params {
            key.append_pair(k, v);
        }
        Some((cache, key.finish(), ttl))
    }

    /// Whether a malformed optional value fails the call ([`ClientBuilder::strict`]).
    pub fn is_strict(&self) -> bool {
        self.inner.strict
    }

    /// The rate limit this client and its clones keep, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate_limit
    }

    /// Sends a request, retrying transient failures as the client's
    /// [`RetryConfig`] says, and decodes the answer with `decode`.
    pub(crate) async fn call<T>(
        &self,
        request: Request,
        decode: impl Fn(u16, &str) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let prepared = self.prepare(request)?;
        let cache = self.cache_slot(&prepared);
        if let Some((cache, key, _)) = &cache
            && let Some((status, body)) = cache.get(prepared.method.name, key)
        {
            return decode(status, &body);
        }
        let retry = &self.inner.retry;
        let started = tokio::time::Instant::now();
        let mut attempt = 1;
        loop {
            let span = tracing::debug_span!(
                "lastfm.call",
                method = prepared.method.name,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let sent = tokio::time::Instant::now();
            let (result, retry_after) = async {
                match self.send(&prepared).await {
                    Ok(answer) => {
                        tracing::Span::current().record("status", answer.status);
                        let decoded = decode(answer.status, &answer.body);
                        // Only an answer that decoded is kept: never an error.
                        if let (Ok(_), Some((cache, key, ttl))) = (&decoded, &cache) {
                            cache.put(key.clone(), *ttl, answer.status, &answer.body);
                        }
                        (decoded, answer.retry_after)
                    }
                    Err(error) => (Err(error), None),
                }
            }
            .instrument(span.clone())
            .await;
            span.record("latency_ms", sent.elapsed().as_millis() as u64);
            let error = match result {
                Ok(value) => return Ok(value),
                Err(error) => error.with_attempts(attempt),
            };
            let wait = retry.backoff(attempt, retry_after);
            let retry_now = prepared.method.retry
                && retry.should_retry(&error, attempt)
                && (self.inner.resend_ambiguous_writes
                    || !crate::declared::ADDITIVE_WRITES.contains(&prepared.method.name)
                    || !error.may_have_been_applied())
                && started.elapsed() + wait <= retry.max_elapsed;
            span.in_scope(|| {
                tracing::debug!(
                    error = %error,
                    retry = retry_now,
                    wait_ms = wait.as_millis() as u64,
                    "call failed"
                )
            });
            if !retry_now {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// Adds `method`, `api_key`, the session key and the signature.
    fn prepare(&self, request: Request) -> Result<Prepared, Error> {
        let inner = &*self.inner;
        let method = request.method;
        let mut params: Vec<(Cow<'static, str>, String)> =
            Vec::with_capacity(request.params.len() + 4);
        params.push(("method".into(), method.name.to_owned()));
        params.push(("api_key".into(), inner.api_key.clone()));
        params.extend(request.params);
        // Generated code offers session methods on `SessionClient` only.
        if method.auth.requires_session() && request.session.is_none() {
            return Err(Error::Config(format!(
                "{} needs a user session: call it on a SessionClient",
                method.name
            )));
        }
        let has_session = request.session.is_some();
        let carries_key = method.auth.carries_session_key(has_session);
        if let Some(key) = request.session.filter(|_| carries_key) {
            params.push(("sk".into(), key.expose().to_owned()));
        }
        if method.auth.is_signed(has_session) {
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
        let post = method.http.for_call(carries_key) == Http::Post;
        Ok(Prepared {
            method,
            post,
            params,
        })
    }

    /// One attempt: waits for the rate limiter, sends, reads the body.
    async fn send(&self, prepared: &Prepared) -> Result<Answer, Error> {
        let inner = &*self.inner;
        if let Some(limiter) = &inner.limiter {
            limiter.acquire().await;
        }
        // The exact pairs signed in `prepare` are the ones encoded here.
        let builder = if prepared.post {
            inner
                .http
                .post(inner.base_url.clone())
                .form(&prepared.params)
        } else {
            inner
                .http
                .get(inner.base_url.clone())
                .query(&prepared.params)
        };
        let response = builder.send().await.map_err(Error::transport)?;
        let status = response.status().as_u16();
        let retry_after = crate::error::retry_after(response.headers());
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(Error::transport)?;
        match String::from_utf8(bytes.into()) {
            Ok(body) => Ok(Answer {
                status,
                body,
                retry_after,
            }),
            Err(_) if !(200..300).contains(&status) => Err(Error::Http {
                status,
                content_type,
                attempts: 1,
            }),
            Err(_) => Err(Error::Decode {
                message: "the body is not UTF-8".into(),
                field: None,
                http_status: status,
                transient: true,
                attempts: 1,
            }),
        }
    }
}

/// TLS as reqwest sets it up by default (rustls, the platform's certificate
/// verifier, HTTP/2 or 1.1 by ALPN), with the *ring* crypto provider, which
/// builds far faster than rustls's default. No process-wide default provider
/// is installed, so a program's own choice is left alone.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let tls_error = |e: rustls::Error| Error::Config(format!("cannot set up TLS: {e}"));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .with_platform_verifier()
        .map_err(tls_error)?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// What limits the client's rate.
#[derive(Debug, Clone, Copy, Default)]
enum RateChoice {
    /// The service's rate for a preset, none for a custom base URL.
    #[default]
    ServiceDefault,
    Limit(RateLimit),
    Unlimited,
}

/// Configures a [`Client`].
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<String>,
    api_secret: Option<Secret>,
    service: Service,
    base_url: Option<String>,
    auth_page: Option<String>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    drops_repeats: Option<bool>,
    rate: RateChoice,
    proxy: Option<String>,
    no_proxy: bool,
    strict: bool,
    cache: Option<crate::ResponseCache>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .field("service", &self.service)
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

    /// Talks to this service (default [`Service::LastFm`]): its API root, its
    /// approval page, and its rate limit unless [`rate_limit`](Self::rate_limit) says otherwise.
    pub fn service(mut self, service: Service) -> Self {
        self.service = service;
        self
    }

    /// A custom API root, e.g. a compatible server or `lastfm-server` in
    /// tests. Requests to a custom root are not rate-limited unless
    /// [`rate_limit`](Self::rate_limit) sets a limit.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The page where users approve tokens; default: the service's.
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

    /// The limit on one attempt of a call, from connecting to the last byte; default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit on establishing a connection; default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How transient failures are retried; default [`RetryConfig::standard`].
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Whether the service drops a repeated scrobble (default: the
    /// service's, [`Service::drops_repeated_scrobbles`]; Last.fm's for a
    /// custom base URL). When `false`, a scrobble is not sent again after a
    /// failure that may have stored it.
    pub fn drops_repeated_scrobbles(mut self, drops: bool) -> Self {
        self.drops_repeats = Some(drops);
        self
    }

    /// Limits the rate of requests of this client and all its clones.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate = RateChoice::Limit(limit);
        self
    }

    /// Sends requests as fast as they come, even to a preset service.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate = RateChoice::Unlimited;
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or
    /// `socks5://` URL), instead of the one the environment names.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Turns lenient decoding off. By default a malformed value of an
    /// optional field (`<duration>FIXME</duration>`) decodes as `None` with a
    /// `tracing` warning naming the method, the field and the value, so that
    /// one odd value never loses a whole answer; strict, it fails the call
    /// with an [`Error::Decode`] naming the field. For tests that want to see
    /// every deviation. A malformed or missing required field is an error
    /// either way.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Keeps answers of the reads the spec marks `cache: <time to live>`
    /// (charts, similar artists, tag and artist descriptions) in `cache`,
    /// and answers the same call from it, without a request, until the time
    /// to live runs out. Never a write, never a call with a session key or
    /// a parameter naming the user the answer is personalised for. Off by
    /// default; [`Client::cache_stats`] tells hits and misses, and each
    /// lookup is a `lastfm.cache` debug event in `tracing`.
    pub fn cache(mut self, cache: crate::ResponseCache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Ignores the proxy the environment names (`HTTPS_PROXY`, ...).
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self
    }

    /// Builds the client: fails without an API key, with an unusable base
    /// URL or proxy.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = self
            .api_key
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| Error::Config("an API key is required (`api_key`)".into()))?;
        let custom = self.base_url.is_some();
        let base = self
            .base_url
            .unwrap_or_else(|| self.service.api_root().to_owned());
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
        let mut http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(user_agent)
            .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .pool_idle_timeout(Duration::from_secs(90));
        if self.no_proxy {
            http = http.no_proxy();
        }
        if let Some(proxy) = &self.proxy {
            let proxy = reqwest::Proxy::all(proxy)
                .map_err(|e| Error::Config(format!("invalid proxy `{proxy}`: {e}")))?;
            http = http.proxy(proxy);
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        let rate = match self.rate {
            RateChoice::ServiceDefault if custom => None,
            RateChoice::ServiceDefault => Some(self.service.rate_limit()),
            RateChoice::Limit(limit) => Some(limit),
            RateChoice::Unlimited => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_key,
                api_secret: self.api_secret,
                base_url,
                auth_page: self
                    .auth_page
                    .unwrap_or_else(|| self.service.auth_page().to_owned()),
                retry: self.retry.unwrap_or_default(),
                resend_ambiguous_writes: self
                    .drops_repeats
                    .unwrap_or(self.service.drops_repeated_scrobbles()),
                rate_limit: rate,
                limiter: rate.map(Limiter::new),
                strict: self.strict,
                cache: self.cache,
            }),
        })
    }
}
