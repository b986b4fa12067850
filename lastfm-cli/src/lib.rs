//! `lastfm`: the Last.fm API from the command line. See the README.
//!
//! The binary is a thin `main` over [`run`], so examples and tests can run
//! the same commands in-process.

mod auth;
mod config;
mod ctx;
mod error;
mod export;
mod generic;
mod import;
mod offline;
mod output;
mod queue;
mod scrobble;
mod spec;
mod style;
mod time;
/// Reads an answer as JSON from the spec alone; public only so that
/// `tests/suite/cli_walker.rs` can hold it to lastfm-api's decoders.
#[doc(hidden)]
pub mod walk;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::ctx::Ctx;
use crate::error::{CliError, Result};

const AFTER_HELP: &str = "\
Every Last.fm method is a command too: `lastfm <package> <method>`, e.g.
`lastfm artist get-info Cher`; `lastfm <package> --help` lists them.

Credentials: LASTFM_API_KEY, LASTFM_API_SECRET (and LASTFM_BASE_URL for
another service), or api_key/api_secret/base_url in config.toml in the config
directory ($XDG_CONFIG_HOME/lastfm). LASTFM_SESSION_KEY (with LASTFM_USER)
overrides the session `lastfm login` stored. Without credentials, --offline
(or LASTFM_OFFLINE=1) uses the embedded offline server with the demo account
`demo` (password `demo-password`), keeping its state in the data directory.

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted.";

#[derive(Parser)]
#[command(
    name = "lastfm",
    version,
    about = "The Last.fm API from the command line: log in, export a history, scrobble, call any method",
    after_long_help = AFTER_HELP,
    propagate_version = true
)]
struct Cli {
    /// Use the embedded offline server instead of Last.fm (also LASTFM_OFFLINE=1)
    #[arg(long, global = true)]
    offline: bool,
    /// No progress bars or notes on standard error, only results and errors
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Log in and store the session (desktop flow in a browser, or --mobile with a password)
    Login(auth::LoginArgs),
    /// Forget the stored session
    Logout,
    /// Print the name of the user the session belongs to
    Whoami,
    /// Listening history
    #[command(subcommand)]
    History(HistoryCommand),
    /// Scrobble one play, or every play of a file, through the durable queue
    Scrobble(scrobble::ScrobbleArgs),
    /// Inspect or send the durable scrobble queue
    #[command(subcommand)]
    Queue(queue::QueueCommand),
    /// Print a shell completion script (e.g. `lastfm completions bash > /etc/bash_completion.d/lastfm`)
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

#[derive(Subcommand)]
enum HistoryCommand {
    /// Export a user's scrobbles, each exactly once; resumes an interrupted export to the same file
    Export(export::ExportArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

/// Global options every command sees.
#[derive(Clone, Copy)]
pub struct Global {
    pub offline: bool,
    pub quiet: bool,
}

/// The full command: the fixed ones, then one per spec package.
fn command() -> Result<clap::Command> {
    let spec = spec::spec().map_err(CliError::failure)?;
    let mut cmd = Cli::command();
    for package in generic::commands(spec) {
        if cmd.find_subcommand(package.get_name()).is_none() {
            cmd = cmd.subcommand(package);
        }
    }
    Ok(style::apply(cmd))
}

/// Runs `lastfm` with these arguments (the first is the program name).
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let code = match run_inner(args) {
        Ok(()) => 0,
        Err(err) => {
            if !err.message.is_empty() {
                style::print_error(&err.message);
            }
            err.status
        }
    };
    ExitCode::from(code)
}

fn run_inner(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> Result<()> {
    let mut cmd = command()?;
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => {
            // Help and version go to standard output with status 0; usage
            // errors to standard error with status 2.
            let _ = e.print();
            return match e.exit_code() {
                0 => Ok(()),
                code => Err(CliError {
                    message: String::new(),
                    status: code as u8,
                }),
            };
        }
    };
    let global = Global {
        offline: matches.get_flag("offline") || config::env_flag("LASTFM_OFFLINE"),
        quiet: matches.get_flag("quiet"),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    if let Some((name, sub)) = matches.subcommand()
        && generic::is_package(name)
    {
        return runtime.block_on(generic::run(global, name, sub));
    }
    let cli = Cli::from_arg_matches(&matches).map_err(|e| CliError::usage(e.to_string()))?;
    runtime.block_on(dispatch(global, cli.command, cmd))
}

async fn dispatch(global: Global, command: Command, mut cmd: clap::Command) -> Result<()> {
    match command {
        Command::Completions { shell } => {
            let mut out = std::io::stdout();
            match shell {
                Shell::Bash => clap_complete::generate(
                    clap_complete::Shell::Bash,
                    &mut cmd,
                    "lastfm",
                    &mut out,
                ),
                Shell::Zsh => {
                    clap_complete::generate(clap_complete::Shell::Zsh, &mut cmd, "lastfm", &mut out)
                }
                Shell::Fish => clap_complete::generate(
                    clap_complete::Shell::Fish,
                    &mut cmd,
                    "lastfm",
                    &mut out,
                ),
                Shell::Elvish => clap_complete::generate(
                    clap_complete::Shell::Elvish,
                    &mut cmd,
                    "lastfm",
                    &mut out,
                ),
                Shell::Powershell => clap_complete::generate(
                    clap_complete::Shell::PowerShell,
                    &mut cmd,
                    "lastfm",
                    &mut out,
                ),
            }
            Ok(())
        }
        Command::Logout => auth::logout(global),
        Command::Queue(q) => queue::run(global, q).await,
        command => {
            let ctx = Ctx::new(global).await?;
            let result = match command {
                Command::Login(args) => auth::login(&ctx, args).await,
                Command::Whoami => auth::whoami(&ctx).await,
                Command::History(HistoryCommand::Export(args)) => export::run(&ctx, args).await,
                Command::Scrobble(args) => scrobble::run(&ctx, args).await,
                Command::Completions { .. } | Command::Logout | Command::Queue(_) => Ok(()),
            };
            ctx.finish(result)
        }
    }
}

/// Where the durable queue lives: given, or in the data directory (apart
/// for the offline server, whose plays must never reach Last.fm).
pub fn default_queue_path(offline: bool) -> Result<PathBuf> {
    let dir = config::data_dir()?;
    Ok(if offline {
        dir.join("offline").join("queue.db")
    } else {
        dir.join("queue.db")
    })
}

#[derive(Args, Clone)]
pub struct QueueArg {
    /// The queue file (default: queue.db in the data directory)
    #[arg(long, alias = "db", value_name = "FILE", env = "LASTFM_QUEUE")]
    pub queue: Option<PathBuf>,
}
