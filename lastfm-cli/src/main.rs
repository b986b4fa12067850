use std::process::ExitCode;

fn main() -> ExitCode {
    lastfm_cli::run(std::env::args_os())
}
