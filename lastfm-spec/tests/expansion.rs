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

/// The `types` module of the expansion, parsed.
fn types_module() -> Vec<syn::Item> {
    let expanded = expand_spec();
    let file: syn::File = syn::parse_str(&expanded).unwrap();
    file.items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.map(|(_, items)| items),
            _ => None,
        })
        .expect("a types module")
}

/// Issue 9: no `Option<Option<_>>` anywhere in the generated API.
#[test]
fn no_option_of_an_option() {
    let compact: String = expand_spec().split_whitespace().collect();
    let compact = compact.replace("::core::option::", "");
    assert!(!compact.contains("Option<Option<"), "an Option<Option<_>>");
    // Nor an optional field whose own type is an Option (a newtype aside).
    for item in types_module() {
        if let syn::Item::Struct(s) = item {
            for field in &s.fields {
                let ty = quote::ToTokens::to_token_stream(&field.ty).to_string();
                let ty: String = ty.split_whitespace().collect();
                assert!(
                    ty.matches("Option<").count() <= 1,
                    "{}::{:?}: {ty}",
                    s.ident,
                    field.ident
                );
            }
        }
    }
}

/// Issue 9: every answer with paging metadata carries it as one
/// `paging: Paging` field, never as loose integers of varying types.
#[test]
fn one_paging_shape() {
    let loose = [
        "page",
        "per_page",
        "total_pages",
        "start_index",
        "items_per_page",
        "total_results",
    ];
    let mut paged = 0;
    for item in types_module() {
        let syn::Item::Struct(s) = item else { continue };
        let names: Vec<String> = s
            .fields
            .iter()
            .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
            .collect();
        for name in loose {
            assert!(!names.iter().any(|n| n == name), "{}.{name}", s.ident);
        }
        if let Some(f) = s
            .fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == "paging"))
        {
            let ty = quote::ToTokens::to_token_stream(&f.ty).to_string();
            assert_eq!(ty.replace(' ', ""), "::lastfm_api::Paging", "{}", s.ident);
            paged += 1;
        }
    }
    assert!(paged >= 11, "{paged} paged types");
}
