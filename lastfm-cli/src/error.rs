//! Failures as a person sees them: one message on standard error, and an
//! exit status scripts can test (1: failed, 2: usage, 130: interrupted).

use std::fmt;

#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub status: u8,
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    pub fn failure(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            status: 1,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            status: 2,
        }
    }

    pub fn interrupted(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            status: 130,
        }
    }

    /// A call that failed: Last.fm's code with the spec's meaning for
    /// `method` (`package.method`), or what went wrong on the way.
    pub fn api(method: &str, error: &lastfm_api::Error) -> Self {
        let mut message = format!("{method}: {error}");
        if let Some(code) = error.code() {
            if let Some(meaning) = crate::spec::meaning(method, u32::from(code)) {
                message.push_str(&format!(" ({meaning})"));
            }
            if error.needs_reauthentication() {
                message.push_str("; run `lastfm login` again");
            }
        }
        CliError::failure(message)
    }

    pub fn io(what: impl fmt::Display, error: std::io::Error) -> Self {
        CliError::failure(format!("{what}: {error}"))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
