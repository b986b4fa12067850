//! README's "Adding a method", applied to the letter on a private copy of
//! the spec, the client, the offline server and the generic tests: a method
//! added to an existing file (`user.getNeighbours`) and one in a new package
//! file (`group.getMembers`), each with its documented sample as example,
//! and no Rust edited. The copy's generic tests then decode both examples,
//! and call both methods through the client against the copy's server,
//! which answers them with their examples after its checks.
//!
//! Like `spec_rebuild.rs`, the copy builds in a target directory of its own
//! (shared with that test, so the dependencies compile once); the first run
//! takes a few minutes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target, keep);
        } else if keep(&path) {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The copy's workspace: this one's manifest with the copied members, and
/// the crates the walkthrough does not touch taken from here by path.
fn root_manifest(ws: &Path) -> String {
    let root = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    root.lines()
        .map(|l| {
            if l.starts_with("members") {
                r#"members = ["lastfm-api", "lastfm-server", "tests"]"#.to_owned()
            } else if l.starts_with("lastfm-spec =")
                || l.starts_with("lastfm-macros =")
                || l.starts_with("lastfm-queue =")
            {
                l.replace("path = \"", &format!("path = \"{}/", ws.display()))
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The copy: `spec/` (with its examples), `lastfm-api`, `lastfm-server` and
/// the test crate with the generic example tests only.
fn make_copy(dir: &Path) {
    let ws = workspace();
    let _ = std::fs::remove_dir_all(dir);
    let all = |_: &Path| true;
    copy_dir(&ws.join("spec"), &dir.join("spec"), &all);
    for krate in ["lastfm-api", "lastfm-server"] {
        copy_dir(
            &ws.join(krate).join("src"),
            &dir.join(krate).join("src"),
            &all,
        );
        for file in ["build.rs", "Cargo.toml"] {
            std::fs::copy(ws.join(krate).join(file), dir.join(krate).join(file)).unwrap();
        }
        // Each reads `spec/` through its own folder, as here.
        copy_dir(&ws.join("spec"), &dir.join(krate).join("spec"), &all);
    }
    copy_dir(&ws.join("tests/src"), &dir.join("tests/src"), &all);
    copy_dir(
        &ws.join("tests/fixtures/retired"),
        &dir.join("tests/fixtures/retired"),
        &all,
    );
    std::fs::create_dir_all(dir.join("tests/suite")).unwrap();
    std::fs::copy(
        ws.join("tests/suite/examples.rs"),
        dir.join("tests/suite/examples.rs"),
    )
    .unwrap();
    std::fs::write(dir.join("tests/suite/main.rs"), "mod examples;\n").unwrap();
    std::fs::copy(ws.join("tests/Cargo.toml"), dir.join("tests/Cargo.toml")).unwrap();
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), root_manifest(&ws)).unwrap();
}

/// Step 2 in an existing file: the method under `methods:`, its types under `types:`.
const NEIGHBOURS_METHOD: &str = "
  - name: getNeighbours
    description: Users with similar taste to the given user.
    params:
      - { name: user, type: string, required: true, description: The user name. }
      - { name: limit, type: integer, description: Items per page. }
    auth: none
    response: { root: neighbours, type: Neighbours }
";

const NEIGHBOURS_TYPES: &str = "
  - name: Neighbours
    description: Users with similar taste.
    fields:
      - { name: users, type: Neighbour, list: true, xml: user, description: The users. }

  - name: Neighbour
    description: One user with similar taste.
    fields:
      - { name: name, type: string, description: The user name. }
      - { name: url, type: url, description: Their page. }
      - { name: similarity, type: float, xml: match, description: 'How similar, out of 100.' }
";

/// Step 1 for a new package: `spec/group.yaml`, listed nowhere else.
const GROUP: &str = "package: group
description: Groups of users.

methods:
  - name: getMembers
    description: The members of a group.
    params:
      - { name: group, type: string, required: true, description: The group name. }
      - { name: page, type: integer, description: 'The page to fetch, from 1.' }
      - { name: limit, type: integer, description: Members per page. }
    auth: none
    response: { root: members, type: GroupMembers }

types:
  - name: GroupMembers
    description: A page of a group's members.
    paging: members
    fields:
      - { name: group, type: string, xml: '@for', description: The group. }
      - { name: page, type: integer, xml: '@page', optional: true }
      - { name: per_page, type: integer, xml: '@perPage', optional: true }
      - { name: total_pages, type: integer, xml: '@totalPages', optional: true }
      - { name: total, type: integer, xml: '@total', optional: true }
      - { name: members, type: GroupMember, list: true, xml: user, description: The members. }

  - name: GroupMember
    description: One member.
    fields:
      - { name: name, type: string, description: The user name. }
      - { name: realname, type: string, optional: true, description: Their real name. }
      - { name: images, type: images, xml: image, description: Their pictures. }
      - { name: url, type: url, description: Their page. }
";

fn walk_through(dir: &Path) {
    let fixtures = workspace().join("tests/fixtures/retired");
    let user = dir.join("spec/user.yaml");
    let text = std::fs::read_to_string(&user).unwrap();
    let text = text
        .replacen("\ntypes:", &format!("{NEIGHBOURS_METHOD}\ntypes:"), 1)
        .replacen("\ntypes:\n", &format!("\ntypes:\n{NEIGHBOURS_TYPES}\n"), 1);
    std::fs::write(&user, text).unwrap();
    std::fs::write(dir.join("spec/group.yaml"), GROUP).unwrap();
    // Step 3: each method's documented sample, as its example.
    for method in ["user.getNeighbours", "group.getMembers"] {
        std::fs::copy(
            fixtures.join(format!("{method}.xml")),
            dir.join(format!("spec/examples/{method}.xml")),
        )
        .unwrap();
    }
    // The crates read the spec through their own `spec` folders.
    for krate in ["lastfm-api", "lastfm-server"] {
        let _ = std::fs::remove_dir_all(dir.join(krate).join("spec"));
        copy_dir(&dir.join("spec"), &dir.join(krate).join("spec"), &|_| true);
    }
}

#[test]
fn readme_s_walkthrough_needs_no_rust() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.join("walkthrough");
    make_copy(&dir);
    walk_through(&dir);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "test",
            "-p",
            "lastfm-tests",
            "--test",
            "suite",
            "--color",
            "never",
            "--",
            "examples::every_",
            "--nocapture",
        ])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", tmp.join("spec-rebuild/target"))
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{log}");
    assert!(!log.contains("has no example"), "{log}");
    // 57 methods and the two new ones, each decoded and called; the two
    // new ones answered with their examples.
    assert!(
        log.contains("59 examples decoded through their methods' types"),
        "{log}"
    );
    assert!(log.contains("59 methods called"), "{log}");
    assert!(log.contains("(2 with their example)"), "{log}");

    // A mistake in the new file fails the offline server's build itself,
    // with the located message, not its start.
    let group = dir.join("lastfm-server/spec/group.yaml");
    let text = std::fs::read_to_string(&group).unwrap();
    std::fs::write(
        &group,
        text.replace("type: GroupMember, list", "type: GroupMembr, list"),
    )
    .unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "-p", "lastfm-server", "--color", "never"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", tmp.join("spec-rebuild/target"))
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("error: spec/group.yaml:24:32: unknown type `GroupMembr` for field `members` of `GroupMembers`"),
        "{log}"
    );
    assert!(log.contains("did you mean `GroupMember`?"), "{log}");
}
