//! Colour only where it helps and is wanted: on a terminal, unless
//! `NO_COLOR` is set (<https://no-color.org>); `CLICOLOR_FORCE` forces it.

use std::io::IsTerminal;

fn wanted(terminal: bool) -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    terminal
}

pub fn stderr_color() -> bool {
    wanted(std::io::stderr().is_terminal())
}

pub fn stdout_color() -> bool {
    wanted(std::io::stdout().is_terminal())
}

/// clap follows the same rule for help and usage errors.
pub fn apply(cmd: clap::Command) -> clap::Command {
    let choice = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        clap::ColorChoice::Never
    } else if wanted(false) {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Auto
    };
    cmd.color(choice)
}

pub fn print_error(message: &str) {
    if stderr_color() {
        eprintln!("\x1b[1;31merror:\x1b[0m {message}");
    } else {
        eprintln!("error: {message}");
    }
}

/// Bold, when colour is wanted on standard output.
pub fn bold(text: &str) -> String {
    if stdout_color() {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}
