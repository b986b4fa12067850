//! From the spec model to Rust: the items the `lastfm_macros::api!` macro
//! expands to, one module per shape of output:
//!
//! | module | emits |
//! |---|---|
//! | `errors` | the `ErrorCode` enum of `errors.yaml` |
//! | `types` | response structs and parameter enums, with their `Paged` impls |
//! | `decode` | the `FromXml` pull decoder of each response struct |
//! | `requests` | one request type per method: setters, `send`, paging streams |
//! | `accessors` | the package modules and `client.<package>()` accessors |
//! | `docs` | the rustdoc text of methods, shared by the above |
//!
//! Generated bodies stay small: they describe a request or a response and
//! call shared runtime functions through `::lastfm_api::__private_<version>`.
//! That path carries the version so that a `lastfm-macros` paired with
//! another `lastfm-api` release fails to resolve it at once, instead of
//! failing somewhere inside the expansion.

mod accessors;
mod decode;
mod docs;
mod errors;
mod requests;
mod types;

use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::Spec;
use crate::names::is_keyword;

/// What the caller of the generator decides.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Absolute paths of every file read, so that editing one re-expands the macro.
    pub tracked_files: Vec<PathBuf>,
    /// For a crate that extends the API from outside `lastfm-api`: the name
    /// of the extension trait that carries the package accessors, since
    /// inherent methods cannot be added to another crate's `Client`.
    pub extension: Option<String>,
}

/// The name of `lastfm-api`'s runtime module for generated code. Both crates
/// share this workspace's version, so it names the `lastfm-api` this
/// generator was released with.
pub const PRIVATE_MODULE: &str = concat!(
    "__private_",
    env!("CARGO_PKG_VERSION_MAJOR"),
    "_",
    env!("CARGO_PKG_VERSION_MINOR"),
    "_",
    env!("CARGO_PKG_VERSION_PATCH")
);

/// The whole expansion: error codes, types, packages and the client accessors.
pub fn generate(spec: &Spec, options: &Options) -> TokenStream {
    let tracked = options.tracked_files.iter().map(|path| {
        let path = path.to_string_lossy();
        quote! { const _: &[u8] = ::core::include_bytes!(#path); }
    });
    let error_code = errors::error_code(spec, options.extension.is_none());
    let types = types::types_module(spec, options.extension.is_none());
    let packages = spec.packages.iter().map(|p| accessors::package(spec, p));
    let accessors = match &options.extension {
        None => accessors::inherent_accessors(spec),
        Some(name) => accessors::extension_trait(spec, &ident(name)),
    };
    let methods = requests::method_list(spec);
    let use_rt = use_rt();
    quote! {
        #use_rt
        #(#tracked)*
        #error_code
        #types
        #(#packages)*
        #accessors
        #methods
    }
}

/// An identifier, raw when it is a keyword (`r#type`).
fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `#[doc = "..."]` attributes, one per line of `text`.
fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The runtime module, as generated code names it: `__rt`, which
/// [`use_rt`] brings into each generated module.
fn rt() -> TokenStream {
    quote!(__rt)
}

/// `use ::lastfm_api::__private_X_Y_Z as __rt;`, at the top of each generated module.
fn use_rt() -> TokenStream {
    let module = Ident::new(PRIVATE_MODULE, Span::call_site());
    quote!(use ::lastfm_api::#module as __rt;)
}
