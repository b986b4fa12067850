//! An offline, Last.fm-compatible API server, for tests and for trying the
//! client without credentials or a network.
//!
//! It serves `/2.0/` on 127.0.0.1 and behaves as the service does where a
//! client can tell: it checks the API key (error 10), the method (3), the HTTP
//! verb (4), required parameters and alternatives (6), signatures (13) and
//! session keys (9), runs the token flow (getToken, approval, getSession with
//! errors 4, 14 and 15) and answers in the service's XML envelope with its
//! HTTP statuses. It learns the methods, their auth levels and parameters from
//! the same spec files as the client, so it grows with the spec.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let server = lastfm_server::Server::builder()
//!     .api_key("test-key", "test-secret")
//!     .user("alice", "correct horse")
//!     .start()
//!     .await?;
//! println!("serving {}", server.base_url());
//! // ... the user approves a token:
//! // server.approve_token(&token, "alice").unwrap();
//! # Ok(()) }
//! ```

mod catalogue;
mod clock;
mod conn;
mod faults;
mod json;
mod listing;
mod methods;
mod persist;
mod protocol;
mod service;
mod world;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{Method as HttpMethod, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};

pub use catalogue::{AlbumRec, ArtistRec, Catalogue, TagRec, TrackRec};
pub use clock::Clock;
pub use faults::Fault;
pub use listing::catalogue_listing;
pub use service::{RecordedRequest, TOKEN_LIFETIME};
pub use world::{Loved, NowPlaying, Play, TagTarget, Tagging, UserData, World};

use service::{Account, Service};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/spec_files.rs"));
}

/// The spec files the server was built with: `(spec/<file name>, text)`.
pub fn spec_files() -> &'static [(&'static str, &'static str)] {
    embedded::SPEC_FILES
}

/// Configures a [`Server`].
#[derive(Debug, Default)]
#[must_use]
pub struct ServerBuilder {
    api_keys: HashMap<String, String>,
    accounts: Vec<Account>,
    clock: Clock,
    extra_specs: Vec<lastfm_spec::SourceFile>,
    port: u16,
    keep_repeated_scrobbles: bool,
    no_daily_limit: bool,
}

impl ServerBuilder {
    /// Accepts calls with this API key, signed with this secret. Several keys may be added.
    pub fn api_key(mut self, key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.api_keys.insert(key.into(), secret.into());
        self
    }

    /// Adds a user account, for token approval and `auth.getMobileSession`.
    pub fn user(self, name: impl Into<String>, password: impl Into<String>) -> Self {
        self.account(name, password, false)
    }

    /// Adds a user account that is a paying subscriber, or not.
    pub fn account(
        mut self,
        name: impl Into<String>,
        password: impl Into<String>,
        subscriber: bool,
    ) -> Self {
        self.accounts.push(Account {
            name: name.into(),
            password: password.into(),
            subscriber,
        });
        self
    }

    /// Uses this clock; keep a clone to move time forward.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Also knows the methods of this spec file (for crates that extend the
    /// API with their own YAML). `name` is shown in diagnostics.
    pub fn extra_spec(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.extra_specs.push(lastfm_spec::SourceFile {
            display: name.into(),
            text: text.into(),
        });
        self
    }

    /// Stores a scrobble that repeats a stored one (same user, artist, track
    /// and timestamp), as services that keep repeats do. By default the
    /// server drops the repeat while answering it as accepted, as Last.fm does.
    pub fn keep_repeated_scrobbles(mut self, keep: bool) -> Self {
        self.keep_repeated_scrobbles = keep;
        self
    }

    /// Accepts any number of scrobbles a day instead of ignoring those beyond
    /// Last.fm's daily limit (code 5): for bulk jobs and benchmarks.
    pub fn no_daily_limit(mut self, off: bool) -> Self {
        self.no_daily_limit = off;
        self
    }

    /// Listens on this port of 127.0.0.1 instead of a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Binds 127.0.0.1 and starts serving on the current tokio runtime. The
    /// server stops when the returned [`Server`] is dropped.
    pub async fn start(self) -> std::io::Result<Server> {
        let sources = lastfm_spec::SourceFile::embedded(spec_files());
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidData, message);
        let report = |diagnostics: Vec<lastfm_spec::Diagnostic>| {
            let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            invalid(text.join("\n"))
        };
        let mut spec = lastfm_spec::load_sources(&sources).map_err(report)?;
        // An extension's files are a spec of their own, as for its crate's
        // `api!`; their methods join the same packages.
        if !self.extra_specs.is_empty() {
            // It may name the base's types and enums, as its crate's `api!` may.
            let mut extension =
                lastfm_spec::load_extension(&spec, &self.extra_specs).map_err(report)?;
            extension.base = None;
            spec.merge(extension).map_err(invalid)?;
        }
        let service = Arc::new(Service::new(spec, self.api_keys, self.accounts, self.clock));
        service.with_world(|w| {
            w.drop_repeated_scrobbles = !self.keep_repeated_scrobbles;
            w.daily_scrobble_limit = !self.no_daily_limit;
        });
        let router = Router::new()
            .route("/2.0/", any(api))
            .route("/2.0", any(api))
            .route("/api/auth/", get(auth_page))
            .route("/control/approve", post(control_approve))
            .route("/control/requests", get(control_requests))
            .with_state(service.clone());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router.into_make_service_with_connect_info::<conn::ResetOnClose>();
        tokio::spawn(async move {
            let _ = axum::serve(conn::Listener(listener), app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Server {
            addr,
            service,
            _stop: stop,
        })
    }
}

/// A running offline server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    service: Arc<Service>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Server {
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API root to give the client, e.g. `http://127.0.0.1:41234/2.0/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/2.0/", self.addr)
    }

    /// The stand-in for Last.fm's approval page, e.g. `http://127.0.0.1:41234/api/auth/`.
    pub fn auth_page(&self) -> String {
        format!("http://{}/api/auth/", self.addr)
    }

    /// Approves `token` as `user`, as the user would in the browser.
    pub fn approve_token(&self, token: &str, user: &str) -> Result<(), String> {
        self.service.approve(token, user)
    }

    /// Whether the server simulates `method` (`package.method`) with state of
    /// its own; every other method of the spec is answered with its example.
    pub fn simulates(&self, method: &str) -> bool {
        // Asked of a copy of the world, so that asking changes nothing.
        let mut world = self.service.with_world(|w| w.clone());
        let call = methods::Call {
            method,
            params: &[],
            user: None,
            now: self.service.clock.unix(),
        };
        matches!(
            method,
            "auth.getToken" | "auth.getSession" | "auth.getMobileSession"
        ) || methods::answer(&mut world, &call).is_some()
    }

    /// Opens a session for `user` directly, skipping the token flow; returns its key.
    pub fn open_session(&self, api_key: &str, user: &str) -> String {
        self.service.open_session(api_key, user)
    }

    /// Gives `user` (an account of this server) a history of `plays` plays
    /// of the catalogue's tracks, one about every three hours going back
    /// from the server's clock.
    pub fn seed_plays(&self, user: &str, plays: usize) -> Result<(), String> {
        let now = self.clock().unix();
        if self.world(|w| w.seed_plays(user, plays, now)) {
            Ok(())
        } else {
            Err(format!("no account `{user}` to seed plays for"))
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.service.clock
    }

    /// Makes every call take this long before it is answered (a slow
    /// network), from now on.
    pub fn set_latency(&self, latency: std::time::Duration) {
        self.service.set_latency(latency);
    }

    /// Makes the next `times` calls of `method` (e.g. `"track.scrobble"`)
    /// fail with `fault` instead of reaching the service.
    pub fn inject(&self, method: &str, fault: Fault, times: u32) {
        self.service.inject(method, fault, times);
    }

    /// Every API call received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.service.log()
    }

    /// The calls received since the last time, in order, forgetting them:
    /// for long runs, whose log would otherwise grow without end.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        self.service.take_log()
    }

    /// Reads or changes the server's state (catalogue and users' data), for
    /// setting up and checking tests: `server.world(|w| w.user("alice").unwrap().scrobbles.len())`.
    pub fn world<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        self.service.with_world(f)
    }

    /// Saves what calls changed (each user's scrobbles, loves and tags) and
    /// the open sessions to a JSON file, so that a later server can
    /// [`load_state`](Self::load_state) it: an embedded server keeps its
    /// users' history between runs. The file is replaced atomically.
    pub fn save_state(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        let sessions = self
            .service
            .sessions()
            .into_iter()
            .map(|(key, api_key, user)| persist::SavedSession { key, api_key, user })
            .collect();
        self.service
            .with_world(|w| persist::save(w, sessions, path.as_ref()))
    }

    /// Loads a file written by [`save_state`](Self::save_state): the data of
    /// the users it names replaces theirs (users without an account on this
    /// server are skipped), and its sessions are open again.
    pub fn load_state(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        let sessions = self
            .service
            .with_world(|w| persist::load(w, path.as_ref()))?;
        for s in sessions {
            self.service.restore_session(&s.key, &s.api_key, &s.user);
        }
        Ok(())
    }
}

async fn api(
    State(service): State<Arc<Service>>,
    ConnectInfo(connection): ConnectInfo<conn::ResetOnClose>,
    method: HttpMethod,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let query = query.unwrap_or_default();
    let body = if method == HttpMethod::POST {
        String::from_utf8_lossy(&body).into_owned()
    } else {
        String::new()
    };
    let mut params = protocol::parse_params(&query);
    params.extend(protocol::parse_params(&body));
    let request = RecordedRequest {
        http: if method == HttpMethod::POST {
            "POST"
        } else {
            "GET"
        },
        method: protocol::get(&params, "method")
            .unwrap_or_default()
            .to_owned(),
        query,
        body,
        params,
        fault: None,
    };
    // Answers are made in XML and mapped when JSON is asked for.
    let json =
        protocol::get(&request.params, "format").is_some_and(|f| f.eq_ignore_ascii_case("json"));
    if let Some(fault) = service.take_fault(&request) {
        return fault
            .respond(
                |code| service.message(code),
                || service.respond(&request),
                connection,
                json,
            )
            .await;
    }
    let latency = service.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (status, xml) = service.call(request);
    let (content_type, body) = json::render(json, xml);
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        [(header::CONTENT_TYPE, content_type)],
        body,
    )
        .into_response()
}

/// What a browser would show: how to approve the token on this server.
async fn auth_page(RawQuery(query): RawQuery) -> Response {
    let params = protocol::parse_params(&query.unwrap_or_default());
    let token = protocol::get(&params, "token").unwrap_or_default();
    let text = format!(
        "lastfm-server: to approve token {token}, POST token=...&user=NAME to /control/approve\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// `GET /control/requests`: how many API calls were received, per method,
/// one `METHOD COUNT` line each, then `total COUNT`: for counting a
/// client's requests from outside.
async fn control_requests(State(service): State<Arc<Service>>) -> Response {
    let counts = service.request_counts();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut text: String = counts
        .iter()
        .map(|(method, n)| format!("{method} {n}\n"))
        .collect();
    text.push_str(&format!("total {total}\n"));
    (StatusCode::OK, text).into_response()
}

async fn control_approve(State(service): State<Arc<Service>>, body: Bytes) -> Response {
    let params = protocol::parse_params(&String::from_utf8_lossy(&body));
    let token = protocol::get(&params, "token").unwrap_or_default();
    let user = protocol::get(&params, "user").unwrap_or_default();
    match service.approve(token, user) {
        Ok(()) => (StatusCode::OK, "approved\n").into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, format!("{e}\n")).into_response(),
    }
}
