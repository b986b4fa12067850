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
            "--seed-plays",
            "--no-daily-limit",
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
        &["--seed-plays", "alice"],
        &["--seed-plays", "alice:many"],
        &["--seed-plays", "nobody:5"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains("--help"), "{args:?}: {err}");
    }
}

/// A plain HTTP/1.0 GET on loopback: the answer's body.
fn get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

#[test]
fn seeded_plays_are_served_and_requests_counted() {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lastfm-server"))
        .args([
            "--api-key",
            "k",
            "--user",
            "alice:pw",
            "--seed-plays",
            "alice:450",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Kept open until the end: the server goes on printing after this line.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let addr = first
        .trim()
        .strip_prefix("lastfm-server listening on http://")
        .and_then(|rest| rest.strip_suffix("/2.0/"))
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    let recent = "/2.0/?method=user.getRecentTracks&user=alice&api_key=k&limit=200";
    let page = get(&addr, recent);
    let _ = get(&addr, recent);
    let _ = get(&addr, "/2.0/?method=user.getInfo&user=alice&api_key=k");
    let counts = get(&addr, "/control/requests");
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.contains("total=\"450\""), "{page}");
    assert_eq!(counts, "user.getInfo 1\nuser.getRecentTracks 2\ntotal 3\n");
}
