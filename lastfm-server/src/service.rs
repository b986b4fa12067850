//! What the service does with a call, independent of HTTP: the generic checks
//! every method goes through (driven by the spec), then the method itself.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use lastfm_spec::{Http, Method, ParamType, Spec};

use crate::catalogue::Catalogue;
use crate::clock::Clock;
use crate::faults::{Fault, Faults};
use crate::methods::{self, Call};
use crate::protocol::{self, Failure, escape, get};
use crate::world::{UserData, World};

/// How long a request token lives.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// One call as the server received it, for tests to inspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub http: &'static str,
    /// The `method` parameter as sent.
    pub method: String,
    /// The raw query string (empty when none).
    pub query: String,
    /// The raw form body (empty for GET).
    pub body: String,
    /// Every parameter, from the query and the body, in order.
    pub params: Vec<(String, String)>,
    /// The fault injected in place of an answer, if any.
    pub fault: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub name: String,
    pub password: String,
    pub subscriber: bool,
}

#[derive(Debug)]
struct Token {
    api_key: String,
    issued: u64,
    approved_by: Option<String>,
}

#[derive(Debug, Clone)]
struct SessionRecord {
    api_key: String,
    user: String,
}

#[derive(Debug)]
struct State {
    tokens: HashMap<String, Token>,
    sessions: HashMap<String, SessionRecord>,
    log: Vec<RecordedRequest>,
    world: World,
    faults: Faults,
    latency: std::time::Duration,
}

pub(crate) struct Service {
    pub spec: Spec,
    pub api_keys: HashMap<String, String>,
    pub accounts: Vec<Account>,
    pub clock: Clock,
    state: Mutex<State>,
}

use crate::methods::Answer;

impl Service {
    pub fn new(
        spec: Spec,
        api_keys: HashMap<String, String>,
        accounts: Vec<Account>,
        clock: Clock,
    ) -> Self {
        let mut world = World::new(Catalogue::seeded());
        let registered = clock.unix().saturating_sub(5 * 365 * 24 * 3600);
        for account in &accounts {
            let mut user = UserData::new(&account.name, account.subscriber, registered);
            user.friends = accounts
                .iter()
                .filter(|a| a.name != account.name)
                .map(|a| a.name.clone())
                .collect();
            world.users.push(user);
        }
        Service {
            spec,
            api_keys,
            accounts,
            clock,
            state: Mutex::new(State {
                tokens: HashMap::new(),
                sessions: HashMap::new(),
                log: Vec::new(),
                world,
                faults: Faults::default(),
                latency: std::time::Duration::ZERO,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere must not take the whole server down with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn log(&self) -> Vec<RecordedRequest> {
        self.state().log.clone()
    }

    /// How many calls were logged per method (as sent), by method name.
    pub fn request_counts(&self) -> Vec<(String, usize)> {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for request in &self.state().log {
            *counts.entry(request.method.clone()).or_default() += 1;
        }
        counts.into_iter().collect()
    }

    pub fn take_log(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut self.state().log)
    }

    /// The generic message of a code, from `errors.yaml`.
    fn failure(&self, code: u32) -> Failure {
        let message = self
            .spec
            .error(code)
            .map(|e| e.message.clone())
            .unwrap_or_else(|| format!("Error {code}"));
        Failure::new(code, message)
    }

    /// Makes the next `times` calls of `method` fail with `fault`.
    pub fn inject(&self, method: &str, fault: Fault, times: u32) {
        self.state().faults.add(method, fault, times);
    }

    /// The fault for this call, if one is waiting; the call is logged with it.
    pub fn take_fault(&self, request: &RecordedRequest) -> Option<Fault> {
        let mut state = self.state();
        let fault = state.faults.take(&request.method)?;
        let mut logged = request.clone();
        logged.fault = Some(fault.describe());
        state.log.push(logged);
        Some(fault)
    }

    pub fn set_latency(&self, latency: std::time::Duration) {
        self.state().latency = latency;
    }

    pub fn latency(&self) -> std::time::Duration {
        self.state().latency
    }

    /// The generic message of a code, for faults.
    pub fn message(&self, code: u32) -> String {
        self.failure(code).message
    }

    /// Answers one call: the HTTP status and the XML body.
    pub fn call(&self, request: RecordedRequest) -> (u16, String) {
        let answer = self.respond(&request);
        self.state().log.push(request);
        answer
    }

    /// Answers one call without logging it (a faulted call is logged already).
    pub fn respond(&self, request: &RecordedRequest) -> (u16, String) {
        match self.answer(request.http, &request.params) {
            Ok(payload) => (200, protocol::ok_body(&payload)),
            Err(failure) => (
                protocol::http_status(failure.code),
                protocol::failed_body(&failure),
            ),
        }
    }

    fn answer(&self, http: &str, params: &[(String, String)]) -> Answer {
        let Some(api_key) = get(params, "api_key").filter(|k| self.api_keys.contains_key(*k))
        else {
            return Err(self.failure(10));
        };
        let name = get(params, "method").unwrap_or_default();
        let Some((_, method)) = self.spec.method(name) else {
            return Err(Failure::new(
                3,
                format!("{} - {name}", self.failure(3).message),
            ));
        };
        if method.http == Http::Post && http != "POST" {
            return Err(Failure::new(
                4,
                format!("{} must be called with POST", method.full_name()),
            ));
        }
        // Last.fm still takes the legacy mobile login (pylast sends it):
        // authToken = md5(username + md5(password)) in place of password.
        let legacy_mobile = method.full_name() == "auth.getMobileSession"
            && get(params, "password").is_none()
            && get(params, "authToken").is_some();
        check_params(
            method,
            params,
            if legacy_mobile { &["password"] } else { &[] },
        )?;
        // The auth level's rules come from the spec model, as the client's do.
        let session = get(params, "sk");
        if method.auth.is_signed(session.is_some()) {
            let secret = &self.api_keys[api_key];
            let sig = get(params, "api_sig").unwrap_or_default();
            if sig != protocol::expected_signature(params, secret) {
                return Err(self.failure(13));
            }
        }
        if method.auth.requires_session() && session.is_none() {
            return Err(self.failure(9));
        }
        let user = match session.filter(|_| method.auth.carries_session_key(true)) {
            Some(sk) => {
                let state = self.state();
                match state.sessions.get(sk) {
                    Some(s) if s.api_key == api_key => Some(s.user.clone()),
                    _ => return Err(self.failure(9)),
                }
            }
            None => None,
        };
        self.dispatch(method, api_key, user.as_deref(), params)
    }

    fn dispatch(
        &self,
        method: &Method,
        api_key: &str,
        user: Option<&str>,
        params: &[(String, String)],
    ) -> Answer {
        let name = method.full_name();
        match name.as_str() {
            "auth.getToken" => return Ok(self.get_token(api_key)),
            "auth.getSession" => {
                return self.get_session(api_key, get(params, "token").unwrap_or_default());
            }
            "auth.getMobileSession" => {
                let username = get(params, "username").unwrap_or_default();
                let proof = match (get(params, "password"), get(params, "authToken")) {
                    (Some(password), _) => Credential::Password(password),
                    (None, Some(token)) => Credential::AuthToken(token),
                    (None, None) => Credential::Password(""),
                };
                return self.get_mobile_session(api_key, username, proof);
            }
            _ => {}
        }
        let call = Call {
            method: &name,
            params,
            user,
            now: self.clock.unix(),
        };
        let mut state = self.state();
        // A method the server does not simulate answers its spec example, so
        // a method declared in YAML alone works offline, checks included.
        methods::answer(&mut state.world, &call).unwrap_or_else(|| {
            match method.example.as_ref().and_then(|e| e.payload()) {
                Some(payload) => Ok(payload.to_owned()),
                None => Err(Failure::new(
                    3,
                    format!(
                        "{name} is in the spec but this offline server does not simulate it, and the spec gives no example answer"
                    ),
                )),
            }
        })
    }

    /// Runs `f` on the world, for set-up and inspection in tests.
    pub fn with_world<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        f(&mut self.state().world)
    }

    fn get_token(&self, api_key: &str) -> String {
        let token = protocol::random_hex();
        self.state().tokens.insert(
            token.clone(),
            Token {
                api_key: api_key.to_owned(),
                issued: self.clock.unix(),
                approved_by: None,
            },
        );
        format!("<token>{token}</token>")
    }

    fn get_session(&self, api_key: &str, token: &str) -> Answer {
        let mut state = self.state();
        let Some(record) = state.tokens.get(token).filter(|t| t.api_key == api_key) else {
            return Err(Failure::new(
                4,
                "Unauthorized Token - This token has not been issued",
            ));
        };
        if self.clock.unix().saturating_sub(record.issued) > TOKEN_LIFETIME.as_secs() {
            return Err(self.failure(15));
        }
        let Some(user) = record.approved_by.clone() else {
            return Err(self.failure(14));
        };
        state.tokens.remove(token);
        drop(state);
        Ok(self.new_session(api_key, &user))
    }

    fn get_mobile_session(&self, api_key: &str, username: &str, proof: Credential) -> Answer {
        let account = self.accounts.iter().find(|a| {
            a.name.eq_ignore_ascii_case(username)
                && match proof {
                    Credential::Password(password) => a.password == password,
                    Credential::AuthToken(token) => {
                        let password_hash = protocol::md5_hex(&a.password);
                        token.eq_ignore_ascii_case(&protocol::md5_hex(&format!(
                            "{username}{password_hash}"
                        )))
                    }
                }
        });
        match account {
            Some(account) => {
                let name = account.name.clone();
                Ok(self.new_session(api_key, &name))
            }
            None => Err(Failure::new(
                4,
                "Authentication Failed - Invalid username or password",
            )),
        }
    }

    /// Opens a session for `user` and answers its `<session>` element.
    fn new_session(&self, api_key: &str, user: &str) -> String {
        let key = self.open_session(api_key, user);
        let subscriber = self
            .accounts
            .iter()
            .find(|a| a.name == user)
            .is_some_and(|a| a.subscriber);
        format!(
            "<session>\n<name>{}</name>\n<key>{key}</key>\n<subscriber>{}</subscriber>\n</session>",
            escape(user),
            u8::from(subscriber)
        )
    }

    pub fn open_session(&self, api_key: &str, user: &str) -> String {
        let key = protocol::random_hex();
        self.state().sessions.insert(
            key.clone(),
            SessionRecord {
                api_key: api_key.to_owned(),
                user: user.to_owned(),
            },
        );
        key
    }

    /// Stands in for the user approving `token` in the browser.
    pub fn approve(&self, token: &str, user: &str) -> Result<(), String> {
        if !self.accounts.iter().any(|a| a.name == user) {
            return Err(format!("no account named `{user}`"));
        }
        match self.state().tokens.get_mut(token) {
            Some(record) => {
                record.approved_by = Some(user.to_owned());
                Ok(())
            }
            None => Err("unknown or already used token".to_owned()),
        }
    }
}

/// How an `auth.getMobileSession` call proves the user's identity.
#[derive(Clone, Copy)]
enum Credential<'a> {
    Password(&'a str),
    /// md5(username + md5(password)), lowercase hex.
    AuthToken(&'a str),
}

/// Required parameters (but those in `waived`), alternatives and value
/// types, as the spec declares them.
fn check_params(
    method: &Method,
    params: &[(String, String)],
    waived: &[&str],
) -> Result<(), Failure> {
    let given = |name: &str| {
        params
            .iter()
            .any(|(k, v)| !v.is_empty() && (k == name || is_indexed(k, name)))
    };
    for p in method
        .params
        .iter()
        .filter(|p| p.required && !waived.contains(&p.name.as_str()))
    {
        if !given(&p.name) {
            return Err(Failure::new(
                6,
                format!(
                    "Invalid parameters - Your request is missing a required parameter: {}",
                    p.name
                ),
            ));
        }
    }
    if !method.alternatives.is_empty()
        && !method
            .alternatives
            .iter()
            .any(|group| group.names().all(given))
    {
        let groups: Vec<String> = method
            .alternatives
            .iter()
            .map(|g| g.names().collect::<Vec<_>>().join(" + "))
            .collect();
        return Err(Failure::new(
            6,
            format!(
                "Invalid parameters - Your request needs one of: {}",
                groups.join(" or ")
            ),
        ));
    }
    for (key, value) in params {
        let name = key.split('[').next().unwrap_or(key);
        // The service reads an unusable `page` or `limit` as its default
        // (pylast 7.2 sends `limit=None` for user.getTopTracks).
        if matches!(name, "page" | "limit") {
            continue;
        }
        let Some(param) = method.param(name) else {
            continue;
        };
        if !valid_value(&param.ty, value) {
            return Err(Failure::new(
                6,
                format!(
                    "Invalid parameters - `{key}` is not a valid {}",
                    param.ty.describe()
                ),
            ));
        }
    }
    Ok(())
}

/// `artist[3]` for `artist`.
fn is_indexed(key: &str, name: &str) -> bool {
    key.strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
}

fn valid_value(ty: &ParamType, value: &str) -> bool {
    match ty {
        ParamType::Integer | ParamType::Timestamp => value.parse::<u64>().is_ok(),
        ParamType::Boolean => matches!(value, "0" | "1"),
        // Enum values are checked loosely: the spec lists what clients send,
        // the service itself is case-insensitive about some of them.
        _ => true,
    }
}

impl Service {
    /// Every open session: (key, API key, user), for saving the state.
    pub fn sessions(&self) -> Vec<(String, String, String)> {
        self.state()
            .sessions
            .iter()
            .map(|(key, s)| (key.clone(), s.api_key.clone(), s.user.clone()))
            .collect()
    }

    /// Opens a session with a key given earlier, for loading a saved state.
    pub fn restore_session(&self, key: &str, api_key: &str, user: &str) {
        self.state().sessions.insert(
            key.to_owned(),
            SessionRecord {
                api_key: api_key.to_owned(),
                user: user.to_owned(),
            },
        );
    }
}
