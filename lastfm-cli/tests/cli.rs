//! The built `lastfm` binary, driven on its real output: every command
//! against the embedded offline server, in a private config and data
//! directory per test.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The built `lastfm` binary.
fn lastfm_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_lastfm"))
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `lastfm` with nothing from the caller's environment that matters.
    fn cmd(&self) -> Command {
        let mut cmd = Command::new(lastfm_bin());
        for var in [
            "LASTFM_API_KEY",
            "LASTFM_API_SECRET",
            "LASTFM_BASE_URL",
            "LASTFM_SESSION_KEY",
            "LASTFM_USER",
            "LASTFM_OFFLINE",
            "LASTFM_QUEUE",
            "LASTFM_OFFLINE_LATENCY_MS",
            "NO_COLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .current_dir(self.dir.path());
        cmd
    }

    fn offline(&self, args: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("--offline").args(args);
        cmd
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.offline(args).assert().success().get_output().clone();
        String::from_utf8(out.stdout).unwrap()
    }

    fn login(&self) {
        self.offline(&["login"]).assert().success();
    }

    /// The embedded server's saved state: the demo user's scrobbles, newest first.
    fn server_plays(&self) -> Vec<(u64, String, String, String)> {
        let text = std::fs::read(self.path("data/lastfm/offline/state.json")).unwrap();
        let state: Value = serde_json::from_slice(&text).unwrap();
        let user = state["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["name"] == "demo")
            .unwrap();
        let mut plays: Vec<_> = user["scrobbles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["timestamp"].as_u64().unwrap(),
                    p["artist"].as_str().unwrap().to_owned(),
                    p["track"].as_str().unwrap().to_owned(),
                    p["album"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        plays.reverse();
        plays
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn csv_plays(path: &Path) -> Vec<(u64, String, String, String)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["timestamp", "artist", "track", "album", "mbid"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[1].into(), r[2].into(), r[3].into())
        })
        .collect()
}

fn jsonl_plays(path: &Path) -> Vec<(u64, String, String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["timestamp"].as_u64().unwrap(),
                v["artist"].as_str().unwrap().into(),
                v["track"].as_str().unwrap().into(),
                v["album"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn help_on_every_command_and_usage_errors_exit_2() {
    let env = Env::new();
    env.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("history").and(predicate::str::contains("artist")));
    for args in [
        &["login", "--help"][..],
        &["whoami", "--help"],
        &["logout", "--help"],
        &["history", "export", "--help"],
        &["scrobble", "--help"],
        &["queue", "flush", "--help"],
        &["queue", "dead-letters", "--help"],
        &["completions", "--help"],
        &["artist", "--help"],
        &["artist", "get-info", "--help"],
    ] {
        env.cmd()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: lastfm"));
    }
    // The spec's description, its errors and its parameters, in the method's help.
    env.cmd()
        .args(["track", "get-info", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Last.fm method track.getInfo")
                .and(predicate::str::contains("--artist <ARTIST>"))
                .and(predicate::str::contains("--username <USERNAME>"))
                .and(predicate::str::contains(
                    "Usage: lastfm track get-info [OPTIONS] [ARTIST] [TRACK]",
                )),
        );
    env.cmd()
        .arg("--no-such-flag")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error"));
    env.cmd().args(["scrobble"]).assert().code(2);
    env.cmd().args(["history", "export"]).assert().code(2);
    env.offline(&["artist", "get-info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "exactly one of: --artist; or --mbid",
        ));
    env.offline(&["user", "get-recent-tracks", "demo", "--limit", "many"])
        .assert()
        .code(2);
}

#[test]
fn without_credentials_commands_say_how_to_set_them() {
    let env = Env::new();
    for args in [
        &["whoami"][..],
        &["login"],
        &["history", "export", "rj"],
        &["artist", "get-info", "Cher"],
    ] {
        env.cmd().args(args).assert().code(1).stdout("").stderr(
            predicate::str::contains("LASTFM_API_KEY")
                .and(predicate::str::contains("--offline"))
                .and(predicate::str::contains("Debug").not()),
        );
    }
}

#[test]
fn desktop_login_whoami_logout() {
    let env = Env::new();
    env.offline(&["whoami"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not logged in"));
    let out = env
        .offline(&["login"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let url = stdout.lines().next().unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("token="),
        "{stdout}"
    );
    assert!(stdout.contains("Logged in as demo."), "{stdout}");
    let session = env.path("config/lastfm/offline-session.json");
    let stored: Value = serde_json::from_slice(&std::fs::read(&session).unwrap()).unwrap();
    let key = stored["key"].as_str().unwrap();
    assert_eq!(key.len(), 32);
    assert!(
        !stdout.contains(key) && !stderr.contains(key),
        "the key is never printed"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&session).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(env.stdout(&["whoami"]), "demo\n");
    // LASTFM_SESSION_KEY overrides the stored session.
    env.offline(&["whoami"])
        .env("LASTFM_SESSION_KEY", "0123456789abcdef0123456789abcdef")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error 9").and(predicate::str::contains("lastfm login")));
    env.offline(&["logout"])
        .assert()
        .success()
        .stdout("Logged out.\n");
    assert!(!session.exists());
    env.offline(&["whoami"]).assert().code(1);
}

#[test]
fn mobile_login_reads_the_password_from_standard_input() {
    let env = Env::new();
    env.offline(&["login", "--mobile", "--username", "demo"])
        .write_stdin("not-the-password-xyz\n")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("error 4")
                .and(predicate::str::contains("not-the-password-xyz").not()),
        );
    env.offline(&["login", "--mobile", "--username", "demo"])
        .write_stdin("demo-password\n")
        .assert()
        .success()
        .stdout("Logged in as demo.\n")
        .stderr(predicate::str::contains("demo-password").not());
    assert_eq!(env.stdout(&["whoami"]), "demo\n");
}

#[test]
fn a_generic_method_in_every_output_format() {
    let env = Env::new();
    let args = |format: &'static str| {
        [
            "user",
            "get-recent-tracks",
            "demo",
            "--limit",
            "5",
            "--format",
            format,
        ]
    };
    let json: Value = serde_json::from_str(&env.stdout(&args("json"))).unwrap();
    assert_eq!(json["user"], "demo");
    assert_eq!(json["total"], 1000, "numbers are numbers");
    let tracks = json["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 5);
    let plays = env.server_plays();
    for (track, play) in tracks.iter().zip(&plays) {
        assert_eq!(track["date"].as_u64(), Some(play.0));
        assert_eq!(track["artist"]["name"], play.1.as_str());
        assert_eq!(track["name"], play.2.as_str());
    }

    let jsonl = env.stdout(&args("jsonl"));
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5, "one row per item");
    assert_eq!(rows[0]["name"], plays[0].2.as_str());

    let csv = env.stdout(&args("csv"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let name = headers.iter().position(|h| h == "name").unwrap();
    let artist = headers.iter().position(|h| h == "artist.name").unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 5);
    assert_eq!(
        (&records[1][artist], &records[1][name]),
        (plays[1].1.as_str(), plays[1].2.as_str())
    );

    let table = env.stdout(&args("table"));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 6, "a header and five rows:\n{table}");
    assert!(
        lines[0].contains("artist.name") && lines[0].contains("date"),
        "{table}"
    );
    assert!(lines[1].contains(&plays[0].2), "{table}");

    // A single object: key/value rows.
    let info = env.stdout(&["artist", "get-info", "Cher", "--format", "csv"]);
    assert!(info.starts_with("key,value\nname,Cher\n"), "{info}");
    // An optional subject is positional too, and still an option.
    for args in [
        &["user", "get-info", "demo", "--format", "json"][..],
        &["user", "get-info", "--user", "demo", "--format", "json"],
    ] {
        let user: Value = serde_json::from_str(&env.stdout(args)).unwrap();
        assert_eq!(user["name"], "demo", "{args:?}");
    }
    // A Last.fm error: its code and the spec's meaning, exit 1.
    env.offline(&["user", "get-info", "nobody-here"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("user.getInfo: Last.fm error 6")
                .and(predicate::str::contains("The user is not known")),
        );
}

#[test]
fn export_of_a_thousand_scrobbles_matches_the_server_row_by_row() {
    let env = Env::new();
    env.offline(&["history", "export", "demo", "-o", "h.csv"])
        .assert()
        .success()
        .stdout("")
        // ⌈1000/200⌉ pages: no page is read twice.
        .stderr(predicate::str::contains(
            "Exported 1000 scrobbles of demo in 5 requests.",
        ));
    env.offline(&[
        "history", "export", "demo", "--format", "jsonl", "-o", "h.jsonl",
    ])
    .assert()
    .success();
    let server = env.server_plays();
    assert_eq!(server.len(), 1000);
    assert_eq!(csv_plays(&env.path("h.csv")), server);
    assert_eq!(jsonl_plays(&env.path("h.jsonl")), server);
    assert!(!env.path("h.csv.export-state").exists());
    // --from and --to bound the crawl, inclusively.
    let (from, to) = (server[600].0, server[100].0);
    let (f, t) = (from.to_string(), to.to_string());
    env.offline(&[
        "history", "export", "demo", "--from", &f, "--to", &t, "-o", "part.csv",
    ])
    .assert()
    .success();
    assert_eq!(csv_plays(&env.path("part.csv")), server[100..=600].to_vec());
}

/// Starts `history export demo -o h.csv` with slow pages and kills it once
/// a page is written; returns its state file's contents.
fn kill_export_after_a_page(env: &Env) -> Value {
    // Slow pages, so the export can be killed part-way.
    let bin = lastfm_bin();
    let mut child = std::process::Command::new(bin)
        .args(["--offline", "history", "export", "demo", "-o", "h.csv"])
        .env("XDG_CONFIG_HOME", env.path("config"))
        .env("XDG_DATA_HOME", env.path("data"))
        .env("LASTFM_OFFLINE_LATENCY_MS", "300")
        .current_dir(env.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let state = env.path("h.csv.export-state");
    let read_state = || {
        std::fs::read(&state)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
    };
    let started = Instant::now();
    loop {
        let rows = read_state().and_then(|v| v["rows"].as_u64()).unwrap_or(0);
        if rows >= 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the export never wrote a page"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    read_state().expect("the state file")
}

#[test]
fn an_interrupted_export_resumes_to_exactly_once() {
    let env = Env::new();
    kill_export_after_a_page(&env);
    let state = env.path("h.csv.export-state");
    // A cut-short line at the end, as a crash mid-write leaves.
    std::fs::OpenOptions::new()
        .append(true)
        .open(env.path("h.csv"))
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"17000,half a ro"))
        .unwrap();
    let partial = std::fs::read_to_string(env.path("h.csv"))
        .unwrap()
        .lines()
        .count();
    assert!(partial < 1001, "killed before the end ({partial} lines)");

    env.offline(&["history", "export", "demo", "-o", "h.csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Resuming the export"));
    assert_eq!(csv_plays(&env.path("h.csv")), env.server_plays());
    assert!(!state.exists());

    // A network failure past the retries: exit 1, one message, how to resume.
    env.cmd()
        .args(["history", "export", "demo", "-o", "net.csv"])
        .env("LASTFM_API_KEY", "k")
        .env("LASTFM_API_SECRET", "s")
        .env("LASTFM_BASE_URL", "http://127.0.0.1:9/2.0/")
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("transport failure")
                .and(predicate::str::contains("run the same command to resume"))
                .and(predicate::str::contains("Transport {").not()),
        );
}

/// A scrobble deleted behind the bound of a stopped export shifts the pages
/// it has left to read: the resumed export notices (the count of the
/// window changed), starts a new window where its rows end, and loses no
/// row nor writes one twice.
#[test]
fn a_history_that_shifts_under_an_interrupted_export_loses_no_row() {
    let env = Env::new();
    let state = kill_export_after_a_page(&env);
    let written = state["rows"].as_u64().unwrap() as usize;
    let written_to = state["written_to"].as_u64().unwrap();
    let before = env.server_plays();
    assert!(
        before.windows(2).all(|w| w[0].0 > w[1].0),
        "the demo plays have distinct times"
    );
    assert!(written < before.len() && written > 10);
    assert_eq!(before[written - 1].0, written_to);

    // Delete the tenth newest play, which the export has already written.
    let path = env.path("data/lastfm/offline/state.json");
    let mut saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let demo = saved["users"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|u| u["name"] == "demo")
        .unwrap();
    let scrobbles = demo["scrobbles"].as_array_mut().unwrap();
    let count = scrobbles.len();
    scrobbles.retain(|p| p["timestamp"].as_u64() != Some(before[9].0));
    assert_eq!(scrobbles.len(), count - 1);
    std::fs::write(&path, serde_json::to_vec(&saved).unwrap()).unwrap();

    env.offline(&["history", "export", "demo", "-o", "h.csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Resuming the export"));
    let after = env.server_plays();
    let expected: Vec<_> = before[..written]
        .iter()
        .cloned()
        .chain(after.into_iter().filter(|p| p.0 < written_to))
        .collect();
    assert_eq!(expected.len(), before.len());
    let got = csv_plays(&env.path("h.csv"));
    let first_difference = got.iter().zip(&expected).position(|(g, e)| g != e);
    assert!(
        got == expected,
        "{} rows written, {} expected; first difference at row {first_difference:?}",
        got.len(),
        expected.len()
    );
}

/// A mistake in the input is reported before the missing session, and a
/// good input without a session queues nothing.
#[test]
fn scrobble_input_is_checked_before_the_session() {
    let env = Env::new();
    env.offline(&["scrobble", "--from", "missing.log"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("missing.log").and(predicate::str::contains("login").not()),
        );
    std::fs::write(
        env.path("plays.csv"),
        "timestamp,artist,track\n1700000000,Cher,Believe\n",
    )
    .unwrap();
    env.offline(&["scrobble", "--from", "plays.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not logged in"));
    assert!(
        !env.path("data/lastfm/offline/queue.db").exists(),
        "nothing queued"
    );
}

#[test]
fn scrobbler_log_with_skipped_rows_and_an_unknown_zone() {
    let env = Env::new();
    env.login();
    let t = now() - 3 * 3600;
    let log = format!(
        "#AUDIOSCROBBLER/1.1\n#TZ/UNKNOWN\n#CLIENT/Rockbox sansaclipplus $Revision$\n\
         Cher\tBelieve\tBelieve\t1\t239\tL\t{}\t\n\
         Cher\tBelieve\tStrong Enough\t2\t223\tS\t{}\t\n\
         Air\tMoon Safari\tSexy Boy\t2\t298\tL\t{}\t\n\
         Air\tMoon Safari\tKelly Watch the Stars\t4\t225\tL\t{}\t\n",
        t,
        t + 300,
        t + 600,
        t - 40 * 86400
    );
    std::fs::write(env.path("scrobbler.log"), log).unwrap();
    env.offline(&["scrobble", "--from", "scrobbler.log"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("scrobbler.log:2: #TZ/UNKNOWN"));
    env.offline(&["scrobble", "--from", "scrobbler.log", "--tz", "+02:00"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("skipped rows (S): 1")
                .and(predicate::str::contains("accepted: 2"))
                .and(predicate::str::contains("ignored by the service: 1"))
                .and(predicate::str::contains(
                    "line 7: Air - Kelly Watch the Stars",
                ))
                .and(predicate::str::contains("timestamp too old"))
                .and(predicate::str::contains("skipped duplicates: 0"))
                .and(predicate::str::contains("still queued: 0"))
                .and(predicate::str::contains("dead-lettered: 0")),
        );
    let plays = env.server_plays();
    // The device's clock was two hours ahead of UTC.
    assert!(plays.contains(&(
        t + 600 - 7200,
        "Air".into(),
        "Sexy Boy".into(),
        "Moon Safari".into()
    )));
    assert!(plays.contains(&(t - 7200, "Cher".into(), "Believe".into(), "Believe".into())));
    // Neither the skipped row nor the ignored play is in the history.
    let strong = (
        t + 300 - 7200,
        "Cher".to_owned(),
        "Strong Enough".to_owned(),
        "Believe".to_owned(),
    );
    assert!(!plays.contains(&strong));
    assert!(!plays.iter().any(|p| p.0 == t - 40 * 86400 - 7200));
    // The same import again sends nothing.
    let requests_before = plays.len();
    env.offline(&["scrobble", "--from", "scrobbler.log", "--tz", "+02:00"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("accepted: 0")
                .and(predicate::str::contains("skipped duplicates: 3")),
        );
    assert_eq!(env.server_plays().len(), requests_before);
}

#[test]
fn csv_and_jsonl_imports_and_an_export_that_imports_back() {
    let env = Env::new();
    env.login();
    let t = now() - 86400;
    std::fs::write(
        env.path("plays.csv"),
        format!("timestamp,artist,track,album\n{t},Madonna,Vogue,\n{},Madonna,Like a Prayer,Like a Prayer\n", t + 300),
    )
    .unwrap();
    std::fs::write(
        env.path("plays.jsonl"),
        format!(
            "{{\"timestamp\":{},\"artist\":\"Radiohead\",\"track\":\"Airbag\",\"album\":\"OK Computer\"}}\n\
             {{\"timestamp\":\"{}\",\"artist\":\"Radiohead\",\"track\":\"Lucky\"}}\n",
            t + 600,
            t + 900
        ),
    )
    .unwrap();
    env.offline(&["scrobble", "--from", "plays.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("accepted: 2"));
    env.offline(&["scrobble", "--from", "plays.jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("accepted: 2"));
    let plays = env.server_plays();
    let mine: Vec<(&str, u64)> = plays
        .iter()
        .filter(|p| (p.1 == "Radiohead" || p.1 == "Madonna") && p.0 >= t && p.0 <= t + 900)
        .map(|p| (p.2.as_str(), p.0))
        .collect();
    assert_eq!(
        mine,
        [
            ("Lucky", t + 900),
            ("Airbag", t + 600),
            ("Like a Prayer", t + 300),
            ("Vogue", t)
        ]
    );
    // The export's own rows import back, as duplicates of what was sent.
    let (from, to) = (t.to_string(), (t + 900).to_string());
    env.offline(&[
        "history", "export", "demo", "--from", &from, "--to", &to, "-o", "mine.csv",
    ])
    .assert()
    .success();
    let window: Vec<_> = plays
        .iter()
        .filter(|p| p.0 >= t && p.0 <= t + 900)
        .cloned()
        .collect();
    assert_eq!(csv_plays(&env.path("mine.csv")), window);
    env.offline(&["scrobble", "--from", "mine.csv"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("skipped duplicates: {}", window.len()))
                .and(predicate::str::contains("accepted: 0")),
        );
    env.offline(&["scrobble", "Air", "Sexy Boy", "--album", "Moon Safari"])
        .assert()
        .success()
        .stdout(predicate::str::contains("accepted: 1"));
    assert_eq!(env.server_plays()[0].2, "Sexy Boy");
}

#[test]
fn queue_status_flush_and_dead_letters() {
    let env = Env::new();
    // A mistyped queue file is an error, not a new empty queue.
    env.offline(&["queue", "status", "--queue", "nope.db"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no scrobble queue at nope.db"));
    assert!(!env.path("nope.db").exists());
    env.offline(&["queue", "flush"]).assert().code(1);
    // Scrobbling needs a session; without one nothing is queued.
    env.offline(&["scrobble", "Cher", "Believe"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not logged in"));
    env.offline(&["scrobble", "Cher", "Believe", "--no-send"])
        .assert()
        .success();
    env.offline(&[
        "scrobble",
        "Cher",
        "Believe",
        "--timestamp",
        "2001-01-01",
        "--no-send",
    ])
    .assert()
    .success();
    env.offline(&["queue", "status"]).assert().success().stdout(
        predicate::str::contains("queued: 2").and(predicate::str::contains("deferred: no")),
    );
    env.offline(&["queue", "flush"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not logged in"));
    env.login();
    env.offline(&["queue", "flush", "--now"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("accepted: 1")
                .and(predicate::str::contains("ignored by the service: 1"))
                .and(predicate::str::contains(
                    "Cher - Believe at 978307200: timestamp too old",
                )),
        );
    env.offline(&["queue", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("queued: 0"));
    env.offline(&["queue", "dead-letters"])
        .assert()
        .success()
        .stdout("timestamp,artist,track,album,error,failed_at\n");
}

#[test]
fn completions_and_no_color() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        env.cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("lastfm")
                    .and(predicate::str::contains("get-recent-tracks")),
            );
    }
    env.cmd().args(["completions", "tcsh"]).assert().code(2);
    let colored = env
        .cmd()
        .arg("whoami")
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(colored.stderr.contains(&0x1b), "colour is forced");
    let plain = env
        .cmd()
        .arg("whoami")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(!plain.stderr.contains(&0x1b), "NO_COLOR wins");
    let help = env
        .cmd()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!help.stdout.contains(&0x1b));
}

/// `lastfm queue flush` killed mid-flush loses nothing: a later flush
/// delivers the rest, and at most the batch in flight is sent twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_flush_killed_mid_way_loses_nothing() {
    const KEY: &str = "kill-test-key";
    const SECRET: &str = "kill-test-secret";
    let server = lastfm_server::Server::builder()
        .api_key(KEY, SECRET)
        .user("alice", "pw")
        .keep_repeated_scrobbles(true)
        .start()
        .await
        .unwrap();
    let session = server.open_session(KEY, "alice");
    let env = Env::new();
    let db = env.path("queue.db");
    let start = now() - 500 * 60 - 600;
    let all: Vec<_> = (0..500u64)
        .map(|i| lastfm_api::Scrobble::new("Radiohead", format!("Take {i:04}"), start + i * 60))
        .collect();
    lastfm_queue::ScrobbleQueue::open(&db)
        .unwrap()
        .push_all(&all)
        .unwrap();
    let scrobble_requests = || {
        server
            .requests()
            .into_iter()
            .filter(|r| r.method == "track.scrobble")
            .count()
    };

    // A slow service, and the flushing process killed after a few batches.
    server.set_latency(Duration::from_millis(150));
    let mut flush = std::process::Command::new(lastfm_bin());
    flush
        .args(["queue", "flush", "--queue", db.to_str().unwrap()])
        .env("LASTFM_API_KEY", KEY)
        .env("LASTFM_API_SECRET", SECRET)
        .env("LASTFM_BASE_URL", server.base_url())
        .env("LASTFM_USER", "alice")
        .env("LASTFM_SESSION_KEY", &session)
        .env("XDG_CONFIG_HOME", env.path("config"))
        .env("XDG_DATA_HOME", env.path("data"))
        .env_remove("LASTFM_OFFLINE")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = flush.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while scrobble_requests() < 4 {
        assert!(Instant::now() < deadline, "the flush never got going");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL: no cleanup of any kind
    child.wait().unwrap();
    let before_restart = scrobble_requests();
    assert!(
        before_restart < 10,
        "killed mid-flush, after {before_restart} batches"
    );
    let left = lastfm_queue::ScrobbleQueue::open(&db)
        .unwrap()
        .len()
        .unwrap();
    assert!(left > 0 && left < 500, "{left} left");

    // The same command again delivers the rest.
    server.set_latency(Duration::ZERO);
    let status = tokio::task::spawn_blocking(move || flush.status())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        lastfm_queue::ScrobbleQueue::open(&db)
            .unwrap()
            .len()
            .unwrap(),
        0
    );

    // Every scrobble arrived; at most the batch in flight at the kill twice.
    let stored = server.world(|w| w.user("alice").unwrap().scrobbles.clone());
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for play in &stored {
        *counts.entry(play.track.clone()).or_default() += 1;
    }
    for s in &all {
        assert!(
            counts.get(&s.track).copied().unwrap_or(0) >= 1,
            "{} lost",
            s.track
        );
    }
    let duplicates: usize = counts.values().map(|c| c - 1).sum();
    assert!(duplicates <= 50, "{duplicates} duplicates");
}
