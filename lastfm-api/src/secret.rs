use std::fmt;

/// A value that must not leak: a session key, a password, an API secret.
///
/// `Debug` and `Display` print `<redacted>`; read the value with
/// [`Secret::expose`] where it is really needed (to store it, or to send it).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(feature = "serde")]
std::thread_local! {
    /// Whether secrets serialize as their value on this thread, within
    /// [`Secret::serialize_exposed`].
    static EXPOSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(feature = "serde")]
impl Secret {
    /// Runs `f` (a serialization) with secrets written as their value.
    ///
    /// Outside it, serializing a `Secret` (the `key` of a `Session`, say)
    /// fails with an error instead of writing the key, so that a session
    /// key never ends up in a JSON dump by accident:
    ///
    /// ```
    /// # let body = r#"<lfm status="ok"><session><name>RJ</name><key>k3y</key><subscriber>0</subscriber></session></lfm>"#;
    /// let session: lastfm_api::types::Session = lastfm_api::from_response(body)?;
    /// assert!(serde_json::to_string(&session).is_err());
    /// let stored = lastfm_api::Secret::serialize_exposed(|| serde_json::to_string(&session)).unwrap();
    /// assert!(stored.contains("k3y"));
    /// # Ok::<(), lastfm_api::Error>(())
    /// ```
    pub fn serialize_exposed<T>(f: impl FnOnce() -> T) -> T {
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                EXPOSED.set(self.0);
            }
        }
        let _restore = Restore(EXPOSED.replace(true));
        f()
    }
}

/// Writes the value only inside [`Secret::serialize_exposed`]; an error
/// otherwise.
#[cfg(feature = "serde")]
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if EXPOSED.get() {
            serializer.serialize_str(&self.0)
        } else {
            Err(serde::ser::Error::custom(
                "a secret (session key) is serialized only within Secret::serialize_exposed",
            ))
        }
    }
}

/// Reads a stored value (a session key kept in a file, say).
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}
