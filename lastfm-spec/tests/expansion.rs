//! The expansion of `spec/`, formatted and committed, so that every change
//! to generated code shows in review.
//!
//! `lastfm-api` compiles the output of the same `codegen::generate` on the
//! same folder; only `tracked_files` differs (absolute paths, which vary by
//! machine). After an intended change, refresh the snapshot with
//! `UPDATE_EXPECT=1 cargo test -p lastfm-spec --test expansion`.

use std::path::Path;

use lastfm_spec::codegen::{Options, generate};

/// The expansion of the project's `spec/` folder, as `rustfmt`-like text.
fn expand_spec() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let loaded = lastfm_spec::load_dir(&dir, &|p| p.display().to_string());
    let spec = loaded.spec.expect("the project's spec is valid");
    let tokens = generate(&spec, &Options::default());
    let file: syn::File = syn::parse2(tokens).expect("generated code parses as a Rust file");
    prettyplease::unparse(&file)
}

#[test]
fn expansion_of_the_spec_matches_the_snapshot() {
    let expanded = expand_spec();
    expect_test::expect_file!["snapshots/spec.expansion.rs.snap"].assert_eq(&expanded);
}
