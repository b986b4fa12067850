//! The spec the binary was built with (embedded by build.rs, checked there),
//! loaded once when a command needs it.

use std::sync::OnceLock;

use lastfm_spec::{SourceFile, Spec};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/spec_sources.rs"));
}

/// The spec, or why it cannot be loaded (the build checked it, so only a
/// bug can make this fail).
pub fn spec() -> Result<&'static Spec, String> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let files = SourceFile::embedded(embedded::SPEC_SOURCES);
        lastfm_spec::load_sources(&files).map_err(|diagnostics| {
            let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            lines.join("\n")
        })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// What error `code` means for `method`: its own meaning from the spec, else
/// the generic one from `errors.yaml`.
pub fn meaning(method: &str, code: u32) -> Option<String> {
    let spec = spec().ok()?;
    let own = spec
        .method(method)
        .and_then(|(_, m)| m.errors.iter().find(|e| e.code == code))
        .map(|e| e.meaning.clone());
    own.or_else(|| spec.error(code).map(|e| e.description.clone()))
}

/// `getTopTags` → `get-top-tags`, `albumArtist` → `album-artist`.
pub fn kebab(name: &str) -> String {
    lastfm_spec::names::snake_case(name).replace('_', "-")
}
