//! `api!`: reads a directory of Last.fm spec files at compile time and expands
//! to the typed client. A thin shim: loading, validation and code generation
//! live in the `lastfm-spec` crate; this crate resolves the path, reports
//! problems as `compile_error!`s and never panics on what a spec says.

use std::path::{Component, Path, PathBuf};

use proc_macro::TokenStream;
use quote::quote;
use syn::LitStr;

/// Generates the client from a directory of spec files.
///
/// ```ignore
/// lastfm_macros::api!("../spec");
/// ```
///
/// The path is relative to the file that invokes the macro, as with
/// `include_str!`. Every `*.yaml` file of the directory is read:
/// `errors.yaml` gives the error codes, every other file one package.
/// Editing a spec file re-expands the macro on the next build; for a file
/// added to the directory, the invoking crate needs a build script that prints
/// `cargo::rerun-if-changed=<spec dir>`.
///
/// A crate that extends the API from outside `lastfm-api` names a trait to
/// carry its package accessors, since it cannot add methods to `Client`:
///
/// ```ignore
/// lastfm_macros::api!("spec", extension = LibraryExt);
/// // then: use crate::LibraryExt; client.mypackage().my_method()
/// ```
#[proc_macro]
pub fn api(input: TokenStream) -> TokenStream {
    match syn::parse::Parser::parse(parse_input, input) {
        Ok((literal, extension)) => expand(&literal, extension).into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// `"dir"` or `"dir", extension = TraitName`.
fn parse_input(input: syn::parse::ParseStream) -> syn::Result<(LitStr, Option<syn::Ident>)> {
    let literal: LitStr = input.parse()?;
    if input.is_empty() {
        return Ok((literal, None));
    }
    input.parse::<syn::Token![,]>()?;
    if input.is_empty() {
        return Ok((literal, None));
    }
    let key: syn::Ident = input.parse()?;
    if key != "extension" {
        return Err(syn::Error::new(
            key.span(),
            format!("unknown option `{key}`; expected `extension = TraitName`"),
        ));
    }
    input.parse::<syn::Token![=]>()?;
    let name: syn::Ident = input.parse()?;
    let _ = input.parse::<Option<syn::Token![,]>>()?;
    Ok((literal, Some(name)))
}

fn expand(literal: &LitStr, extension: Option<syn::Ident>) -> proc_macro2::TokenStream {
    let relative = literal.value();
    if Path::new(&relative).is_absolute() {
        return syn::Error::new(
            literal.span(),
            "the spec directory must be a relative path (relative to this source file)",
        )
        .to_compile_error();
    }
    let dir = normalize(&base_dir().join(&relative));
    let loaded = match &extension {
        None => lastfm_spec::load_dir(&dir, &|path| display_path(path)),
        Some(_) => match base_spec() {
            Ok(base) => lastfm_spec::load_extension_dir(&base, &dir, &|path| display_path(path)),
            Err(diagnostics) => lastfm_spec::LoadedDir {
                files: Vec::new(),
                spec: Err(diagnostics),
                fallback: None,
            },
        },
    };
    let tracked_files = loaded.files.clone();
    let options = lastfm_spec::codegen::Options {
        tracked_files: tracked_files.clone(),
        extension: extension.map(|e| e.to_string()),
    };
    match loaded.spec {
        Ok(spec) => {
            let warnings = spec.warnings.iter().map(|w| warning(&w.to_string()));
            let generated = lastfm_spec::codegen::generate(&spec, &options);
            quote!(#generated #(#warnings)*)
        }
        Err(diagnostics) => {
            // Still track the files, so that fixing one re-runs the macro.
            let tracked = tracked_files.iter().map(|p| {
                let p = p.to_string_lossy();
                quote!(
                    const _: &[u8] = ::core::include_bytes!(#p);
                )
            });
            let errors = diagnostics
                .iter()
                .map(|d| syn::Error::new(literal.span(), d.to_string()).to_compile_error());
            // Beside the errors, the items the spec still describes, so that
            // code using them compiles and the errors above are the only ones.
            // Inherent impls on `Client` compile only inside `lastfm-api`.
            let in_lastfm_api = std::env::var("CARGO_CRATE_NAME").is_ok_and(|c| c == "lastfm_api");
            let fallback = loaded
                .fallback
                .filter(|_| options.extension.is_some() || in_lastfm_api)
                .map(|spec| {
                    let options = lastfm_spec::codegen::Options {
                        tracked_files: Vec::new(),
                        ..options
                    };
                    lastfm_spec::codegen::generate(&spec, &options)
                });
            quote!(#(#tracked)* #(#errors)* #fallback)
        }
    }
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/base_spec.rs"));
}

/// The spec of the `lastfm-api` this macro belongs to, which an extension extends.
fn base_spec() -> Result<lastfm_spec::Spec, Vec<lastfm_spec::Diagnostic>> {
    let files = lastfm_spec::SourceFile::embedded(embedded::BASE_SPEC);
    lastfm_spec::load_sources(&files)
}

/// A compile-time warning on stable Rust: the use of a deprecated item,
/// whose note is the located message.
fn warning(message: &str) -> proc_macro2::TokenStream {
    let note = format!("lastfm spec: {message}");
    quote! {
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_camel_case_types)]
            struct spec_warning;
            let _ = spec_warning;
        };
    }
}

/// The directory of the invoking source file. When the compiler cannot tell
/// (some IDE expansions), the crate's `src/` folder, where the macro is
/// nearly always invoked from `lib.rs`.
fn base_dir() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let file = proc_macro::Span::call_site().local_file();
    match (file, manifest) {
        (Some(file), _) => {
            let file = if file.is_absolute() {
                file
            } else {
                std::env::current_dir().unwrap_or_default().join(file)
            };
            file.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        (None, Some(manifest)) => manifest.join("src"),
        (None, None) => std::env::current_dir().unwrap_or_default(),
    }
}

/// Removes `.` and `..` without touching the file system, so that a spec
/// directory reached through a symlink keeps its name.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path shown in diagnostics: relative to the nearest enclosing package
/// (the folder holding a `Cargo.toml`), e.g. `spec/auth.yaml`.
fn display_path(path: &Path) -> String {
    let shown = path
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("Cargo.toml").is_file())
        .and_then(|root| path.strip_prefix(root).ok())
        .unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}
