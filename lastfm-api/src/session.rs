use std::fmt;

use crate::declared::SessionAnswer;
use crate::{Client, Secret};

/// The state of a client without a user session: only methods that need no
/// session can be called. See [`SessionClient`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anonymous;

/// The state of a client that acts for a user: every method can be called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Authenticated;

/// What a client state must be for methods that need a user session
/// (`track.love`, `track.scrobble`, ...): only [`Authenticated`], the state
/// of a [`SessionClient`]. Its compile error says what to do.
#[diagnostic::on_unimplemented(
    message = "this Last.fm method needs a user session, and `{Self}` is a client without one",
    label = "needs a session: call it on `client.with_session(&session)`",
    note = "get a session with `client.auth().get_session(&token)` (or `get_mobile_session`), then call the method on `client.with_session(&session).<package>()`, a `SessionClient`'s accessor"
)]
pub trait SessionState: sealed::Sealed {}

impl SessionState for Authenticated {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Authenticated {}
}

/// A [`Client`] that acts for one user, with that user's session key.
///
/// Methods that need a session (`track.love`, `track.scrobble`, ...) exist on
/// the package accessors of a `SessionClient` only, so calling one without a
/// session is a compile error rather than a run-time surprise. Read methods
/// that personalise their answer are signed with the session when called here.
///
/// ```no_run
/// # async fn run(client: lastfm_api::Client, token: &str) -> Result<(), lastfm_api::Error> {
/// let session = client.auth().get_session(token).await?;
/// let me = client.with_session(&session);
/// // Store `session.key.expose()` securely to skip the flow next time:
/// let again = client.with_session_key(&session.name, session.key.clone());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SessionClient {
    client: Client,
    user: String,
    key: Secret,
}

impl fmt::Debug for SessionClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionClient")
            .field("user", &self.user)
            .field("key", &self.key)
            .field("client", &self.client)
            .finish()
    }
}

impl Client {
    /// A client acting for the user of `session`.
    pub fn with_session(&self, session: &SessionAnswer) -> SessionClient {
        self.with_session_key(&session.name, session.key.clone())
    }

    /// A client acting for `user` with a session key stored earlier.
    pub fn with_session_key(&self, user: &str, key: impl Into<Secret>) -> SessionClient {
        SessionClient {
            client: self.clone(),
            user: user.to_owned(),
            key: key.into(),
        }
    }
}

impl SessionClient {
    /// The client underneath, for calls that need no session.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The name of the user this client acts for.
    pub fn username(&self) -> &str {
        &self.user
    }

    /// The session key.
    pub fn session_key(&self) -> &Secret {
        &self.key
    }
}

/// What generated accessors need from a client, with or without a session.
/// Implemented by [`Client`] and [`SessionClient`]; extension crates use it
/// to add their own packages to both.
pub trait ClientState {
    /// [`Anonymous`] or [`Authenticated`].
    type State;
    fn client(&self) -> &Client;
    fn session(&self) -> Option<&Secret>;
    /// The session's user name, which parameters declared with
    /// `default: session-user` take when left unset.
    fn session_user(&self) -> Option<&str> {
        None
    }
}

impl ClientState for Client {
    type State = Anonymous;
    fn client(&self) -> &Client {
        self
    }
    fn session(&self) -> Option<&Secret> {
        None
    }
}

impl ClientState for SessionClient {
    type State = Authenticated;
    fn client(&self) -> &Client {
        &self.client
    }
    fn session(&self) -> Option<&Secret> {
        Some(&self.key)
    }
    fn session_user(&self) -> Option<&str> {
        Some(self.username())
    }
}
