//! Every mistake a spec file can hold is a compile error that names the file,
//! the line and the column, and says what was expected.
//!
//! Each `ui/NAME.rs` expands `lastfm_macros::api!("NAME/spec")` on a small
//! spec directory with one kind of mistake; `ui/NAME.stderr` is the expected
//! output. Regenerate the snapshots with
//! `TRYBUILD=overwrite cargo test -p lastfm-macros --test compile_fail`.

#[test]
fn bad_specs_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
