//! Runs the built `lastfm` and checks its exit and output, in a scratch
//! directory: the little of `assert_cmd`, `predicates` and `tempfile` these
//! tests used. An example (README's
//! `main_job`) builds every dev-dependency of its package, and those two
//! crates brought a regex engine into its build.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The built `lastfm` binary.
pub fn lastfm_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_lastfm"))
}

/// A `lastfm` run to make: `std::process::Command` with a standard input
/// to write and a time limit.
pub struct Command {
    inner: std::process::Command,
    stdin: Option<Vec<u8>>,
    timeout: Option<Duration>,
}

impl Command {
    /// The built `lastfm`, with the caller's environment.
    pub fn lastfm() -> Command {
        Command {
            inner: std::process::Command::new(lastfm_bin()),
            stdin: None,
            timeout: None,
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Command {
        self.inner.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(&mut self, args: I) -> &mut Command {
        self.inner.args(args);
        self
    }

    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Command {
        self.inner.env(key, value);
        self
    }

    pub fn env_remove(&mut self, key: impl AsRef<OsStr>) -> &mut Command {
        self.inner.env_remove(key);
        self
    }

    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Command {
        self.inner.current_dir(dir);
        self
    }

    /// What the run reads on its standard input (else nothing: it is closed).
    pub fn write_stdin(&mut self, input: impl Into<Vec<u8>>) -> &mut Command {
        self.stdin = Some(input.into());
        self
    }

    /// Kills the run if it lasts longer than `limit`.
    pub fn timeout(&mut self, limit: Duration) -> &mut Command {
        self.timeout = Some(limit);
        self
    }

    /// Runs it to the end (or its time limit): its status and output.
    pub fn output(&mut self) -> std::io::Result<Output> {
        let mut child = self
            .inner
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let input = self.stdin.clone().unwrap_or_default();
        let mut stdin = child.stdin.take().unwrap();
        let writer = thread::spawn(move || {
            // A run may exit without reading it all: not a failure here.
            let _ = stdin.write_all(&input);
        });
        let drain = |mut pipe: Box<dyn Read + Send>| {
            thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).map(|_| bytes)
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let deadline = self.timeout.map(|t| Instant::now() + t);
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if deadline.is_some_and(|d| Instant::now() > d) {
                child.kill()?;
                break child.wait()?;
            }
            thread::sleep(Duration::from_millis(5));
        };
        let _ = writer.join();
        Ok(Output {
            status,
            stdout: stdout.join().unwrap()?,
            stderr: stderr.join().unwrap()?,
        })
    }

    /// Runs it, for checks on the result.
    pub fn assert(&mut self) -> Assert {
        Assert {
            output: self.output().expect("lastfm runs"),
        }
    }
}

/// A finished run; each check panics with the whole output if it fails.
pub struct Assert {
    output: Output,
}

impl Assert {
    fn fail(&self, what: &str) -> ! {
        panic!(
            "{what}\nstatus: {}\nstdout: {}\nstderr: {}",
            self.output.status,
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr),
        )
    }

    pub fn success(self) -> Assert {
        if !self.output.status.success() {
            self.fail("expected success");
        }
        self
    }

    pub fn code(self, code: i32) -> Assert {
        if self.output.status.code() != Some(code) {
            self.fail(&format!("expected exit code {code}"));
        }
        self
    }

    pub fn stdout(self, expected: impl Expect) -> Assert {
        let text = String::from_utf8_lossy(&self.output.stdout).into_owned();
        if !expected.holds(&text) {
            self.fail(&format!(
                "standard output: expected {}",
                expected.describe()
            ));
        }
        self
    }

    pub fn stderr(self, expected: impl Expect) -> Assert {
        let text = String::from_utf8_lossy(&self.output.stderr).into_owned();
        if !expected.holds(&text) {
            self.fail(&format!("standard error: expected {}", expected.describe()));
        }
        self
    }

    pub fn get_output(&self) -> &Output {
        &self.output
    }
}

/// What an output must be: exactly a `&str`, or a [`Text`] condition.
pub trait Expect {
    fn holds(&self, text: &str) -> bool;
    fn describe(&self) -> String;
}

impl Expect for &str {
    fn holds(&self, text: &str) -> bool {
        text == *self
    }
    fn describe(&self) -> String {
        format!("exactly {self:?}")
    }
}

/// A condition on an output: contains, and, not.
pub enum Text {
    Contains(String),
    And(Box<Text>, Box<Text>),
    Not(Box<Text>),
}

impl Text {
    pub fn and(self, other: Text) -> Text {
        Text::And(Box::new(self), Box::new(other))
    }

    pub fn not(self) -> Text {
        Text::Not(Box::new(self))
    }
}

impl Expect for Text {
    fn holds(&self, text: &str) -> bool {
        match self {
            Text::Contains(part) => text.contains(part.as_str()),
            Text::And(a, b) => a.holds(text) && b.holds(text),
            Text::Not(a) => !a.holds(text),
        }
    }
    fn describe(&self) -> String {
        match self {
            Text::Contains(part) => format!("to contain {part:?}"),
            Text::And(a, b) => format!("{} and {}", a.describe(), b.describe()),
            Text::Not(a) => format!("not ({})", a.describe()),
        }
    }
}

/// A fresh directory under the target's scratch space, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("lastfm-cli-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `predicate::str::contains("...")`, as the tests spell it.
pub mod predicate {
    pub mod str {
        use super::super::Text;

        pub fn contains(part: impl Into<String>) -> Text {
            Text::Contains(part.into())
        }
    }
}
