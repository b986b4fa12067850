//! The complete example of `spec/README.md` is a valid spec, and generates
//! Rust that parses, with the names the README promises.

use std::path::Path;

use lastfm_spec::{SourceFile, load_sources};

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

fn readme_example() -> String {
    let readme = std::fs::read_to_string(spec_dir().join("README.md")).unwrap();
    let start = readme.find("```yaml\npackage:").expect("a package example") + "```yaml\n".len();
    let len = readme[start..].find("```").unwrap();
    readme[start..start + len].to_owned()
}

fn load_example() -> lastfm_spec::Spec {
    let errors = std::fs::read_to_string(spec_dir().join("errors.yaml")).unwrap();
    let files = [
        SourceFile {
            display: "spec/errors.yaml".into(),
            text: errors,
        },
        SourceFile {
            display: "spec/artist.yaml".into(),
            text: readme_example(),
        },
    ];
    match load_sources(&files) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!(
                "the README example is not a valid spec:\n{}",
                text.join("\n")
            )
        }
    }
}

#[test]
fn readme_example_is_a_valid_spec() {
    let spec = load_example();
    let (_, method) = spec.method("artist.getInfo").unwrap();
    assert_eq!(method.params.len(), 4);
    let groups: Vec<Vec<&str>> = method
        .alternatives
        .iter()
        .map(|g| g.names().collect())
        .collect();
    assert_eq!(groups, vec![vec!["artist"], vec!["mbid"]]);
    assert_eq!(spec.types.len(), 3);
    assert_eq!(spec.enums[0].values[1].variant, "Week");
}

#[test]
fn readme_example_generates_rust_that_parses() {
    let spec = load_example();
    let tokens = lastfm_spec::codegen::generate(&spec, &Default::default());
    let file: syn::File = syn::parse2(tokens.clone()).expect("generated code parses as Rust");
    assert!(!file.items.is_empty());
    let text = tokens.to_string();
    for expected in [
        "pub fn get_info",
        "pub fn get_info_by_mbid",
        "pub fn lang",
        "pub fn autocorrect",
        "pub struct Artist",
        "pub enum Period",
        "pub fn artist",
    ] {
        assert!(text.contains(expected), "missing `{expected}`");
    }
}
