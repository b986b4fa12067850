//! Shared set-up for the workspace's integration tests.

use lastfm_api::Client;
use lastfm_server::{Play, Server, TagTarget, Tagging};

pub const API_KEY: &str = "0123456789abcdef0123456789abcdef";
pub const API_SECRET: &str = "fedcba9876543210-test-secret";
pub const USER: &str = "alice";
pub const PASSWORD: &str = "correct horse battery staple";

/// An offline server with one API key and one user, and a client pointed at it.
pub async fn server_and_client() -> (Server, Client) {
    let server = Server::builder()
        .api_key(API_KEY, API_SECRET)
        .user(USER, PASSWORD)
        .start()
        .await
        .expect("the offline server starts");
    let client = client_for(&server, API_KEY, API_SECRET);
    (server, client)
}

pub fn client_for(server: &Server, key: &str, secret: &str) -> Client {
    Client::builder()
        .api_key(key)
        .api_secret(secret)
        .base_url(server.base_url())
        .auth_page(server.auth_page())
        .build()
        .expect("a valid client configuration")
}

/// The last request the server received for `method`.
pub fn last_request(server: &Server, method: &str) -> lastfm_server::RecordedRequest {
    server
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.method == method)
        .unwrap_or_else(|| panic!("no {method} request reached the server"))
}

/// How many requests for `method` reached the server.
pub fn sent(server: &Server, method: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == method)
        .count()
}

/// Checks what went over the wire for the last `method` call: the HTTP
/// verb, the expected parameters and values, and the signature, recomputed
/// here independently of the client's signer (`signed`), or its absence.
pub fn assert_wire(
    server: &Server,
    method: &str,
    http: &str,
    signed: bool,
    expected: &[(&str, &str)],
) {
    use md5::Digest;
    let request = last_request(server, method);
    assert_eq!(request.http, http, "{method}: HTTP verb");
    let value = |name: &str| {
        request
            .params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(value("api_key"), Some(API_KEY), "{method}: api_key");
    for (name, expected) in expected {
        assert_eq!(value(name), Some(*expected), "{method}: parameter {name}");
    }
    match value("api_sig") {
        Some(sig) => {
            assert!(signed, "{method} must not be signed");
            let mut pairs: Vec<&(String, String)> = request
                .params
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "api_sig" | "format" | "callback"))
                .collect();
            pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            let mut text = String::new();
            for (k, v) in pairs {
                text.push_str(k);
                text.push_str(v);
            }
            text.push_str(API_SECRET);
            let expected: String = md5::Md5::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(sig, expected, "{method}: api_sig");
        }
        None => assert!(!signed, "{method} must be signed"),
    }
    if value("sk").is_some() {
        assert_eq!(
            request.http, "POST",
            "{method}: a session key never travels in a URL"
        );
        assert!(!request.query.contains("sk="), "{method}: sk in the URL");
    }
}

/// A fixture from `tests/fixtures/` (`samples/…` or `real/…`).
pub fn fixture(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Decodes a fixture into a response type, failing the test with the reason.
pub fn decode_fixture<T: lastfm_api::FromXml>(path: &str) -> T {
    lastfm_api::from_response(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Checks that a fixture is a successful answer without payload (write methods).
pub fn assert_empty_answer(path: &str) {
    lastfm_api::check_response(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
}

/// A session client for the test user, with a session opened on the server.
pub fn session_client(server: &Server, client: &Client) -> lastfm_api::SessionClient {
    let key = server.open_session(API_KEY, USER);
    client.with_session_key(USER, key)
}

/// A scrobble of `track` by `artist` on `album` (empty for none) at `timestamp`.
pub fn play(artist: &str, track: &str, album: &str, timestamp: u64) -> Play {
    Play {
        artist: artist.into(),
        track: track.into(),
        album: album.into(),
        album_artist: String::new(),
        timestamp,
    }
}

/// Adds scrobbles to `user`'s history on the server, as track.scrobble would.
pub fn add_plays(server: &Server, user: &str, plays: impl IntoIterator<Item = Play>) {
    server.world(|w| {
        let user = w.user_mut(user).unwrap();
        for play in plays {
            user.add_play(play);
        }
    });
}

/// `user`'s tagging of `target` with `tag` at `at`.
pub fn tagging(target: TagTarget, tag: &str, at: u64) -> Tagging {
    Tagging {
        target,
        tag: tag.into(),
        at,
    }
}

/// Lets `user` tag `target` with `tag` on the server, as addTags would.
pub fn tag_as(server: &Server, user: &str, target: TagTarget, tag: &str) {
    server.world(|w| {
        w.user_mut(user)
            .unwrap()
            .taggings
            .push(tagging(target, tag, 1_700_000_000))
    });
}

/// The wall clock in Unix seconds: scrobbles must be recent to be accepted.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The bodies of the fuzz targets (`fuzz/`), shared with the test that
/// replays their checked-in corpus, so both exercise the same code.
pub mod fuzz {
    use lastfm_api::types;

    /// Declares [`DECODERS`] and [`DECODED_TYPES`] from one list of the
    /// generated types, so that both stay in step.
    macro_rules! decoders {
        ($($ty:ident,)*) => {
            /// The names of the generated types the decoder target reaches,
            /// in selector order (after the two envelope-only shapes).
            pub const DECODED_TYPES: &[&str] = &[$(stringify!($ty)),*];

            /// Decoders by selector: 0 the envelope alone (write methods),
            /// 1 a text payload (`auth.getToken`), then every generated type.
            pub const DECODERS: &[fn(&str)] = &[
                |body| drop(lastfm_api::check_response(body)),
                |body| drop(lastfm_api::from_response::<String>(body)),
                $(|body| drop(lastfm_api::from_response::<types::$ty>(body)),)*
            ];

            /// For every generated type, by name: decodes an answer as it,
            /// and when it decodes, writes it as JSON and reads it back
            /// ([`json_round_trip`]).
            pub const JSON_ROUND_TRIPS: &[(&str, fn(&str) -> Option<Result<String, String>>)] = &[
                $((stringify!($ty), json_round_trip::<types::$ty>),)*
            ];
        };
    }

    /// `None` when `body` does not decode as `T`; else the JSON of the
    /// decoded value, or why it did not read back equal. Session keys are
    /// exposed explicitly, as a program storing a session would.
    pub fn json_round_trip<T>(body: &str) -> Option<Result<String, String>>
    where
        T: lastfm_api::FromXml
            + serde::Serialize
            + serde::de::DeserializeOwned
            + PartialEq
            + std::fmt::Debug,
    {
        let value: T = lastfm_api::from_response(body).ok()?;
        let json = match lastfm_api::Secret::serialize_exposed(|| serde_json::to_string(&value)) {
            Ok(json) => json,
            Err(e) => return Some(Err(format!("not written: {e}"))),
        };
        Some(match serde_json::from_str::<T>(&json) {
            Ok(back) if back == value => Ok(json),
            Ok(back) => Err(format!("read back as {back:?}, not {value:?}")),
            Err(e) => Err(format!("not read back: {e}: {json}")),
        })
    }

    // Every type the spec declares, in declaration order; a corpus input's
    // first byte names its decoder by position.
    lastfm_api::__each_type!(decoders);

    /// Decodes arbitrary bytes as a Last.fm answer: the first byte chooses
    /// the shape ([`DECODERS`], modulo their number), the rest is the body.
    /// It may fail; it must not panic.
    pub fn decode_response(data: &[u8]) {
        let Some((&selector, rest)) = data.split_first() else {
            return;
        };
        let Ok(body) = std::str::from_utf8(rest) else {
            return;
        };
        DECODERS[usize::from(selector) % DECODERS.len()](body);
    }

    /// Loads arbitrary text as a package file beside the real error codes,
    /// and as the error codes themselves; generates code when it loads.
    pub fn load_spec(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let errors = include_str!("../../spec/errors.yaml");
        let file = |name: &str, text: &str| lastfm_spec::SourceFile {
            display: format!("spec/{name}"),
            text: text.to_owned(),
        };
        for files in [
            vec![file("errors.yaml", errors), file("fuzz.yaml", text)],
            vec![file("errors.yaml", text)],
            vec![file("types.yaml", text)],
        ] {
            if let Ok(spec) = lastfm_spec::load_sources(&files) {
                let _ = lastfm_spec::codegen::generate(&spec, &Default::default());
            }
        }
    }
}

/// A bare HTTP client, for requests the library would never send (protocol
/// checks of the offline server). reqwest wants a TLS provider even for
/// `http://`; like lastfm-api, the tests use *ring*.
pub fn raw_http() -> reqwest::Client {
    // Fails only when a provider is installed already, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
