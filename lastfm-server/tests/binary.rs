//! The `lastfm-server` binary's own flags (a test of this package, the only
//! place cargo gives the binary's path).

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lastfm-server"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn help_version_and_catalogue_print_and_exit() {
    for flag in ["--help", "-h"] {
        let (code, out, _) = run(&[flag]);
        assert_eq!(code, 0);
        for option in [
            "--port",
            "--user",
            "--keep-repeated-scrobbles",
            "--list-catalogue",
        ] {
            assert!(out.contains(option), "{flag}: {option} in {out}");
        }
    }
    let (code, out, _) = run(&["--version"]);
    assert_eq!(
        (code, out.trim()),
        (0, concat!("lastfm-server ", env!("CARGO_PKG_VERSION")))
    );
    let (code, out, _) = run(&["--list-catalogue"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        lastfm_server::catalogue_listing(&lastfm_server::Catalogue::seeded())
    );
}

#[test]
fn a_bad_argument_is_refused_with_a_hint() {
    for args in [
        &["--bogus"][..],
        &["--port"],
        &["--port", "x"],
        &["--user", "nopassword"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains("--help"), "{args:?}: {err}");
    }
}
