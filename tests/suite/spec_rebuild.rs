//! Rebuilds follow the spec, on stable Rust: editing a spec file, or adding a
//! new one, re-expands `api!` on the next `cargo build`, and the new methods
//! are callable with no Rust edited in the library.
//!
//! The test builds a private copy of `lastfm-api` (same sources, same build
//! script, its own copy of the spec) in its own target directory, so that it
//! never waits on the lock of the build that runs it. The first run compiles
//! the dependencies once (a minute or two); later runs reuse them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The manifest of the copy: lastfm-api's own, in a workspace of its own that
/// carries this workspace's package fields and dependency versions.
fn manifest(ws: &Path) -> String {
    let api = std::fs::read_to_string(ws.join("lastfm-api/Cargo.toml")).unwrap();
    let api = api.split("[dev-dependencies]").next().unwrap();
    let root = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    let root: String = root
        .lines()
        .filter(|l| !l.starts_with("members"))
        .map(|l| l.replace("path = \"", &format!("path = \"{}/", ws.display())))
        .collect::<Vec<_>>()
        .join("\n");
    format!("{api}\n{root}\n")
}

struct Probe {
    dir: PathBuf,
    target: PathBuf,
}

impl Probe {
    fn new() -> Probe {
        let ws = workspace();
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-rebuild");
        let dir = tmp.join("lastfm-api");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        std::fs::create_dir_all(dir.join("examples")).unwrap();
        for entry in std::fs::read_dir(ws.join("lastfm-api/src")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join("src").join(path.file_name().unwrap())).unwrap();
        }
        std::fs::copy(ws.join("lastfm-api/build.rs"), dir.join("build.rs")).unwrap();
        for entry in std::fs::read_dir(ws.join("spec")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                std::fs::copy(&path, dir.join("spec").join(path.file_name().unwrap())).unwrap();
            }
        }
        // The examples too, so the copy builds without "no example" warnings.
        std::fs::create_dir_all(dir.join("spec/examples")).unwrap();
        for entry in std::fs::read_dir(ws.join("spec/examples")).unwrap() {
            let path = entry.unwrap().path();
            let to = dir.join("spec/examples").join(path.file_name().unwrap());
            std::fs::copy(&path, to).unwrap();
        }
        std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), manifest(&ws)).unwrap();
        // The caller: uses a method and a package that the spec does not have yet.
        std::fs::write(
            dir.join("examples/probe.rs"),
            "fn main() {\n    \
                 let client = lastfm_api::Client::builder().api_key(\"k\").build().unwrap();\n    \
                 let _ = client.auth().get_probe(\"x\");\n    \
                 let _ = client.extra().hello();\n\
             }\n",
        )
        .unwrap();
        Probe {
            dir,
            target: tmp.join("target"),
        }
    }

    /// `cargo build --example probe`: success, and what cargo printed.
    fn build(&self) -> (bool, String) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(["build", "--example", "probe", "--color", "never"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), text)
    }

    fn write_spec(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join("spec").join(file), text).unwrap();
    }
}

const NEW_METHOD: &str = "
  - name: getProbe
    description: A method added by the rebuild test.
    auth: signed
    params:
      - { name: what, type: string, required: true, description: Anything. }
    response: { root: probe, type: string }
";

const NEW_PACKAGE: &str = "package: extra
description: A package added by the rebuild test.
methods:
  - name: hello
    description: Says hello.
    auth: none
    response: { root: hello, type: string }
";

#[test]
fn spec_edits_and_new_spec_files_re_expand_the_macro() {
    let probe = Probe::new();

    let (ok, log) = probe.build();
    assert!(
        !ok,
        "the probe must not build before the spec has its methods"
    );
    assert!(log.contains("no method named `get_probe`"), "{log}");

    // The method goes into the existing auth.yaml, which the macro tracks.
    // (The new method must come under `methods:`, which is not the last
    // section of auth.yaml: insert it before `types:`.)
    let auth = probe.dir.join("spec/auth.yaml");
    let text = std::fs::read_to_string(&auth).unwrap();
    let text = text.replacen("\ntypes:", &format!("{NEW_METHOD}\ntypes:"), 1);
    std::fs::write(&auth, text).unwrap();
    let (ok, log) = probe.build();
    assert!(!ok);
    assert!(!log.contains("get_probe"), "auth.yaml was re-read: {log}");
    assert!(log.contains("no method named `extra`"), "{log}");

    // A new package file: the build script's watch on spec/ picks it up.
    probe.write_spec("extra.yaml", NEW_PACKAGE);
    let (ok, log) = probe.build();
    assert!(ok, "the new package is callable with no Rust edited: {log}");

    // Breaking the new file is a located compile error.
    let extra = probe.dir.join("spec/extra.yaml");
    let text = std::fs::read_to_string(&extra).unwrap();
    std::fs::write(&extra, text.replace("auth: none", "auth: sined")).unwrap();
    let (ok, log) = probe.build();
    assert!(!ok);
    assert!(
        log.contains("spec/extra.yaml:6:11: unknown auth level `sined`"),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}
