//! Rebuilds follow the spec, on stable Rust: editing a spec file, or adding a
//! new one, re-expands `api!` on the next `cargo build`, and the new methods
//! are callable from Rust and are `lastfm` commands, with no Rust edited.
//!
//! The test builds a private copy of the crates the library and the command
//! line are made of (same sources and build scripts, its own copy of the
//! spec) in a target directory of its own (see `private_copy`), so that it
//! never waits on the lock of the build that runs it. It takes minutes, so
//! it is ignored in `cargo test --workspace`; CI runs it by name (README
//! shows how).

use std::process::Command;

use crate::private_copy::{Copy, copy_tree, workspace};

/// The crates copied: the library, what it is built from, and the command
/// line with what it uses.
const CRATES: [&str; 6] = [
    "lastfm-spec",
    "lastfm-macros",
    "lastfm-api",
    "lastfm-server",
    "lastfm-queue",
    "lastfm-cli",
];

struct Probe(Copy);

impl Probe {
    fn new() -> Probe {
        let ws = workspace();
        let copy = Copy::new("spec-rebuild");
        let dir = &copy.dir;
        for name in CRATES.iter().chain(&["spec"]) {
            copy_tree(&ws.join(name), &dir.join(name));
        }
        for file in ["Cargo.lock", "rust-toolchain.toml"] {
            std::fs::copy(ws.join(file), dir.join(file)).unwrap();
        }
        // The workspace manifest, with only the copied crates as members.
        let root = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
        let members = format!("members = {CRATES:?}");
        let root: Vec<String> = root
            .lines()
            .map(|l| {
                if l.starts_with("members") {
                    members.clone()
                } else {
                    l.to_owned()
                }
            })
            .collect();
        std::fs::write(dir.join("Cargo.toml"), root.join("\n")).unwrap();
        // The caller: uses a method and a package that the spec does not have yet.
        std::fs::create_dir_all(dir.join("lastfm-api/examples")).unwrap();
        std::fs::write(
            dir.join("lastfm-api/examples/probe.rs"),
            "fn main() {\n    \
                 let client = lastfm_api::Client::builder().api_key(\"k\").build().unwrap();\n    \
                 let _ = client.auth().get_probe(\"x\");\n    \
                 let _ = client.extra().hello();\n\
             }\n",
        )
        .unwrap();
        Probe(copy)
    }

    /// `cargo build --example probe`: success, and what cargo printed.
    fn build(&self) -> (bool, String) {
        self.0
            .cargo(&["build", "-p", "lastfm-api", "--example", "probe"])
    }

    /// Builds the copy's `lastfm` and runs it with `args`: whether it
    /// succeeded, and what it printed (standard output, then error).
    fn lastfm(&self, args: &[&str]) -> (bool, String) {
        let (ok, log) = self
            .0
            .cargo(&["build", "-p", "lastfm-cli", "--bin", "lastfm"]);
        assert!(ok, "the command line builds: {log}");
        let bin = self
            .0
            .target
            .join("debug")
            .join(format!("lastfm{}", std::env::consts::EXE_SUFFIX));
        let out = Command::new(bin)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    }

    fn write_spec(&self, file: &str, text: &str) {
        std::fs::write(self.0.dir.join("spec").join(file), text).unwrap();
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
#[ignore = "builds a private copy of the workspace (minutes): CI runs it, see README"]
fn spec_edits_and_new_spec_files_re_expand_the_macro() {
    let probe = Probe::new();

    let (ok, log) = probe.build();
    assert!(
        !ok,
        "the probe must not build before the spec has its methods"
    );
    assert!(log.contains("no method named `get_probe`"), "{log}");
    let (ok, out) = probe.lastfm(&["auth", "get-probe", "--help"]);
    assert!(!ok, "not a command before the spec has it: {out}");

    // The method goes into the existing auth.yaml, which the macro tracks.
    // (The new method must come under `methods:`, which is not the last
    // section of auth.yaml: insert it before `types:`.)
    let auth = probe.0.dir.join("spec/auth.yaml");
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

    // Both are `lastfm` commands too, documented from the spec.
    let (ok, help) = probe.lastfm(&["auth", "get-probe", "--help"]);
    assert!(ok, "{help}");
    assert!(
        help.contains("A method added by the rebuild test."),
        "{help}"
    );
    assert!(help.contains("--what"), "{help}");
    let (ok, help) = probe.lastfm(&["extra", "--help"]);
    assert!(ok, "{help}");
    assert!(
        help.contains("hello") && help.contains("Says hello"),
        "{help}"
    );

    // Breaking the new file is a located compile error.
    let extra = probe.0.dir.join("spec/extra.yaml");
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
