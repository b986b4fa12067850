//! Every compile error the project promises, in one trybuild run (one
//! build of its dependencies):
//!
//! - every mistake a spec file can hold is a compile error that names the
//!   file, the line and the column, and says what was expected. Each
//!   `ui/NAME.rs` expands `lastfm_macros::api!("NAME/spec")` on a small spec
//!   directory with one kind of mistake;
//! - methods that need a user session do not compile on a client without
//!   one (`ui/*_without_session.rs`, calling `lastfm_api`).
//!
//! `ui/NAME.stderr` is the expected output. Regenerate the snapshots with
//! `TRYBUILD=overwrite cargo test -p lastfm-macros --test compile_fail -- --ignored`.
//!
//! Trybuild checks the cases in a project of its own, so a first run builds
//! `lastfm-api`'s dependencies once more (about a minute on a 2-core
//! machine): the test is ignored in `cargo test --workspace` and CI runs it
//! by name (README shows how).

#[test]
#[ignore = "builds its own copy of the dependencies (a minute when cold): CI runs it, see README"]
fn bad_specs_and_calls_without_a_session_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
