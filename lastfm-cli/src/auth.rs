//! `lastfm login`, `whoami`, `logout`.

use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::Args;
use lastfm_api::ErrorCode;

use crate::ctx::Ctx;
use crate::error::{CliError, Result};
use crate::{Global, config, offline};

#[derive(Args)]
pub struct LoginArgs {
    /// Log in with a username and password instead of a browser (the password is
    /// read from a prompt on a terminal, else from the first line of standard input)
    #[arg(long, requires = "username")]
    mobile: bool,
    /// The Last.fm user name (with --mobile)
    #[arg(long, value_name = "NAME")]
    username: Option<String>,
    /// Give up waiting for the approval after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    timeout: u64,
    /// Do not offer to open a browser
    #[arg(long)]
    no_browser: bool,
}

pub async fn login(ctx: &Ctx, args: LoginArgs) -> Result<()> {
    let (user, key) = if args.mobile {
        let username = args.username.unwrap_or_default();
        let password = read_password(&username)?;
        let session = ctx
            .client
            .auth()
            .get_mobile_session(username, password)
            .await
            .map_err(|e| CliError::api("auth.getMobileSession", &e))?;
        (session.name, session.key)
    } else {
        desktop(ctx, &args).await?
    };
    let path = ctx.store_session(&user, key.expose())?;
    if ctx.chatty() {
        eprintln!(
            "Session stored in {} (readable by you only).",
            path.display()
        );
    }
    println!("Logged in as {user}.");
    Ok(())
}

/// The desktop flow: a token, the user approves it, a session.
async fn desktop(ctx: &Ctx, args: &LoginArgs) -> Result<(String, lastfm_api::Secret)> {
    let auth = ctx.client.auth();
    let token = auth
        .get_token()
        .await
        .map_err(|e| CliError::api("auth.getToken", &e))?;
    let url = ctx.client.auth_url(&token);
    eprintln!("Open this page and allow access:");
    println!("{url}");
    let _ = std::io::stdout().flush();
    if let Some(offline) = &ctx.offline {
        // No browser and no person here: the embedded server approves the
        // token as the demo user, as the control endpoint would.
        offline
            .server
            .approve_token(&token, offline::DEMO_USER)
            .map_err(|e| CliError::failure(format!("offline approval failed: {e}")))?;
        if ctx.chatty() {
            eprintln!("(offline: approved as `{}`)", offline::DEMO_USER);
        }
    } else if !args.no_browser && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    {
        offer_browser(&url);
    }
    let deadline = Instant::now() + Duration::from_secs(args.timeout);
    let mut wait = Duration::from_secs(2);
    let mut told = false;
    loop {
        match auth.get_session(&token).await {
            Ok(session) => return Ok((session.name, session.key)),
            Err(e) if e.code() == Some(ErrorCode::TokenNotAuthorized) => {
                if Instant::now() + wait > deadline {
                    return Err(CliError::failure(format!(
                        "the page was not approved within {} s: run `lastfm login` again",
                        args.timeout
                    )));
                }
                if ctx.chatty() && !told {
                    eprintln!("Waiting for the approval (up to {} s)...", args.timeout);
                    told = true;
                }
                tokio::time::sleep(wait).await;
                // Back off gently: the page is usually approved within a minute.
                wait = (wait * 3 / 2).min(Duration::from_secs(15));
            }
            Err(e) => return Err(CliError::api("auth.getSession", &e)),
        }
    }
}

fn offer_browser(url: &str) {
    eprint!("Open it in your browser now? [Y/n] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return;
    }
    if matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "" | "y" | "yes"
    ) {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener)
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_err()
        {
            eprintln!("Could not start {opener}: open the page by hand.");
        }
    }
}

/// From a prompt on a terminal (not echoed), else the first line of standard input.
fn read_password(user: &str) -> Result<String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {user}: "))
            .map_err(|e| CliError::failure(format!("cannot read the password: {e}")))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::failure(format!("cannot read the password: {e}")))?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    if password.is_empty() {
        return Err(CliError::failure("no password given"));
    }
    Ok(password)
}

pub async fn whoami(ctx: &Ctx) -> Result<()> {
    let me = ctx.session()?;
    // Asking the service checks the session too.
    let info = me
        .user()
        .get_info()
        .await
        .map_err(|e| CliError::api("user.getInfo", &e))?;
    println!("{}", info.name);
    Ok(())
}

pub fn logout(global: Global) -> Result<()> {
    let path = config::session_path(global.offline)?;
    match std::fs::remove_file(&path) {
        Ok(()) => {
            // Last.fm has no call to revoke a session key.
            if !global.quiet {
                eprintln!(
                    "Removed {}. The key stays valid at Last.fm until you revoke the application at https://www.last.fm/settings/applications",
                    path.display()
                );
            }
            println!("Logged out.");
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("Not logged in.");
            Ok(())
        }
        Err(e) => Err(CliError::io(path.display(), e)),
    }
}
