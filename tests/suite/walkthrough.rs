//! README's "Adding a method", applied to the letter on a private copy of
//! the whole workspace: a method added to an existing file
//! (`user.getNeighbours`) and one in a new package file
//! (`group.getMembers`), each with its documented sample as example, and no
//! Rust edited. The copy's `cargo test --workspace` is red before the
//! examples are added and green after (with the expansion snapshot
//! refreshed, as README says); its generic tests then decode both
//! examples and call both methods through the client against the copy's
//! server, which answers them with their examples after its checks.
//!
//! The copy builds in a target directory of its own (see `private_copy`).
//! It takes minutes, so the test is ignored in `cargo test --workspace`; CI
//! runs it by name (README shows how).

use std::path::Path;

use crate::private_copy::{Copy, copy_tree, workspace};

/// The copy: every file of this workspace but build output.
fn make_copy() -> Copy {
    let copy = Copy::new("walkthrough");
    copy_tree(&workspace(), &copy.dir);
    copy
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
const GROUP: &str = "# yaml-language-server: $schema=schema.json
package: group
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

/// Steps 1 and 2: the new methods and their types, no examples yet.
fn declare_methods(dir: &Path) {
    let user = dir.join("spec/user.yaml");
    let text = std::fs::read_to_string(&user).unwrap();
    let text = text
        .replacen("\ntypes:", &format!("{NEIGHBOURS_METHOD}\ntypes:"), 1)
        .replacen("\ntypes:\n", &format!("\ntypes:\n{NEIGHBOURS_TYPES}\n"), 1);
    std::fs::write(&user, text).unwrap();
    std::fs::write(dir.join("spec/group.yaml"), GROUP).unwrap();
}

/// Step 3: each method's documented sample, as its example.
fn add_examples(dir: &Path) {
    let fixtures = workspace().join("tests/fixtures/retired");
    for method in ["user.getNeighbours", "group.getMembers"] {
        std::fs::copy(
            fixtures.join(format!("{method}.xml")),
            dir.join(format!("spec/examples/{method}.xml")),
        )
        .unwrap();
    }
}

#[test]
#[ignore = "builds and tests a private copy of the workspace (minutes): CI runs it, see README"]
fn readme_s_walkthrough_needs_no_rust() {
    let copy = make_copy();
    declare_methods(&copy.dir);

    // Without step 3 the tree is red, and says which examples are missing:
    // the green run below is the copy's own verdict on the edited spec.
    let (ok, log) = copy.cargo(&["test", "--workspace", "--no-fail-fast"]);
    assert!(!ok, "{log}");
    assert!(
        log.contains("method `user.getNeighbours` has no example answer"),
        "{log}"
    );
    assert!(
        log.contains(
            "every_documented_method_is_declared_and_every_method_has_an_example ... FAILED"
        ),
        "{log}"
    );
    let missing = log
        .lines()
        .find(|l| l.contains("methods without an example:"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        missing.contains("\"user.getNeighbours\"") && missing.contains("\"group.getMembers\""),
        "{missing}"
    );

    add_examples(&copy.dir);
    // Step 4: the generated code's snapshot, refreshed for review.
    let (ok, log) = copy.cargo_with_env(
        &["test", "-p", "lastfm-spec", "--test", "expansion"],
        &[("UPDATE_EXPECT", "1")],
    );
    assert!(ok, "{log}");
    let (ok, log) = copy.cargo(&["test", "--workspace", "--no-fail-fast"]);
    assert!(ok, "{log}");
    assert!(!log.contains("has no example"), "{log}");
    // 57 methods and the two new ones, each decoded and called through the
    // client against the copy's offline server; the two new ones answered
    // with their examples. (Built above: this only runs them, printing.)
    let (ok, log) = copy.cargo(&[
        "test",
        "-p",
        "lastfm-tests",
        "--test",
        "suite",
        "--",
        "examples::every_",
        "--nocapture",
    ]);
    assert!(ok, "{log}");
    assert!(
        log.contains("59 examples decoded through their methods' types"),
        "{log}"
    );
    assert!(log.contains("59 methods called"), "{log}");
    assert!(log.contains("(2 with their example)"), "{log}");

    // A mistake in the new file fails the offline server's build itself,
    // with the located message, not its start.
    let group = copy.dir.join("spec/group.yaml");
    let text = std::fs::read_to_string(&group).unwrap();
    let broken = text.replace("type: GroupMember, list", "type: GroupMembr, list");
    std::fs::write(&group, &broken).unwrap();
    let line = 1 + broken
        .lines()
        .position(|l| l.contains("GroupMembr,"))
        .expect("the misspelt line");
    let (ok, log) = copy.cargo(&["build", "-p", "lastfm-server"]);
    assert!(!ok, "{log}");
    let located = format!(
        "error: spec/group.yaml:{line}:32: unknown type `GroupMembr` for field `members` of `GroupMembers`"
    );
    assert!(log.contains(&located), "{log}");
    assert!(log.contains("did you mean `GroupMember`?"), "{log}");
}
