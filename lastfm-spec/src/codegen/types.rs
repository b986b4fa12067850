//! The `types` module: response structs (with their decoders and `Paged`
//! impls) and parameter enums.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::decode::{from_xml_impl, wire_name};
use super::{doc, ident, rt, use_rt};
use crate::model::{EnumDef, FieldType, Spec, TypeDef};

/// `#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]`, for
/// the types of `lastfm-api` itself: an extension crate has no `serde`
/// feature of its own to test.
pub(super) fn serde_derive(serde: bool) -> TokenStream {
    if serde {
        quote!(#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))])
    } else {
        TokenStream::new()
    }
}

pub(super) fn types_module(spec: &Spec, serde: bool) -> TokenStream {
    // An extension names its base's types as its own (`super::types::X`).
    let base = spec.base.as_ref().map(|_| {
        quote!(
            #[doc(no_inline)]
            pub use ::lastfm_api::types::*;
        )
    });
    if spec.types.is_empty() && spec.enums.is_empty() && base.is_none() {
        return TokenStream::new();
    }
    let types = spec.types.iter().map(|t| type_def(spec, t, serde));
    let enums = spec.enums.iter().map(|e| enum_def(e, serde));
    let use_rt = use_rt();
    let each_type = each_type(spec);
    quote! {
        #each_type
        /// Response types and parameter enumerations, generated from the `types`
        /// and `enums` sections of the spec files.
        ///
        /// An `Option` field is `None` when the service leaves it out or sends
        /// it empty (Last.fm's way of saying "no value").
        ///
        /// With the `serde` feature every type and enum here implements
        /// `Serialize` and `Deserialize`, with the Rust field and variant
        /// names (stable across releases, unlike Last.fm's XML names); a
        /// session key serializes only within `Secret::serialize_exposed`.
        pub mod types {
            #use_rt
            #base
            #(#types)*
            #(#enums)*
        }
    }
}

/// `__each_type!(callback)`, which expands to `callback! { A, B, ..., }`
/// with every type of the `types` module in declaration order: tests and
/// fuzz targets reach every generated type through it, so a type added to
/// the spec is covered with no list to edit.
fn each_type(spec: &Spec) -> TokenStream {
    if spec.types.is_empty() {
        return TokenStream::new();
    }
    let names = spec.types.iter().map(|t| ident(&t.name));
    quote! {
        /// Calls `$callback! { Type, ... }` with every type of `types`, in
        /// declaration order (for tests and fuzz targets).
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __each_type {
            ($callback:ident) => { $callback! { #(#names,)* } };
        }
    }
}

/// The paging metadata fields a type gathers into one `paging: Paging`
/// field, so that every paged answer has the same shape (and the same
/// integer types): those of a type declaring `paging`, or carrying the
/// `page`/`per_page`/`total_pages`/`total` quartet without it.
pub(super) const PAGING_FIELDS: &[&str] = &[
    "page",
    "per_page",
    "total_pages",
    "total",
    "start_index",
    "items_per_page",
    "total_results",
    "start_page",
];

/// Whether `f` is one of the fields gathered in `ty`'s `paging`.
pub(super) fn is_paging_field(ty: &TypeDef, f: &crate::model::Field) -> bool {
    ty.gathers_paging()
        && f.ty == FieldType::Integer
        && !f.list
        && PAGING_FIELDS.contains(&f.name.as_str())
}

/// `Paging::from_attributes(..)` or `Paging::from_opensearch(..)` of the
/// decoder's slots for the paging fields of `ty` (`None` for those it lacks).
pub(super) fn paging_from_slots(ty: &TypeDef) -> TokenStream {
    let slot = |n: &str| match ty
        .fields
        .iter()
        .find(|f| f.name == n && is_paging_field(ty, f))
    {
        Some(_) => {
            let id = quote::format_ident!("f_{}", n);
            quote!(#id)
        }
        None => quote!(::core::option::Option::None),
    };
    let attributes = ty
        .fields
        .iter()
        .any(|f| f.name == "page" && is_paging_field(ty, f))
        || !ty
            .fields
            .iter()
            .any(|f| f.name == "start_index" && is_paging_field(ty, f));
    if attributes {
        let (page, per_page, total_pages, total) = (
            slot("page"),
            slot("per_page"),
            slot("total_pages"),
            slot("total"),
        );
        quote!(::lastfm_api::Paging::from_attributes(#page, #per_page, #total_pages, #total))
    } else {
        let (start_index, per_page, total, start_page) = (
            slot("start_index"),
            slot("items_per_page"),
            slot("total_results"),
            slot("start_page"),
        );
        quote!(::lastfm_api::Paging::from_opensearch(#start_index, #per_page, #total, #start_page))
    }
}

/// The Rust type of one value of a field.
pub(super) fn field_scalar(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String | FieldType::Mbid | FieldType::Url => quote!(::std::string::String),
        FieldType::Integer => quote!(u64),
        FieldType::Timestamp => quote!(::lastfm_api::Timestamp),
        FieldType::Float => quote!(f64),
        FieldType::Bool => quote!(bool),
        FieldType::Seconds | FieldType::Milliseconds => quote!(::core::time::Duration),
        FieldType::Images => quote!(::lastfm_api::Images),
        FieldType::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

fn type_def(spec: &Spec, ty: &TypeDef, serde: bool) -> TokenStream {
    let name = ident(&ty.name);
    let type_doc = doc(&ty.description);
    let paging_field = ty.gathers_paging().then(|| {
        quote! {
            /// Where this page stands in its list: Last.fm's `page`, `perPage`,
            /// `totalPages` and `total` attributes, or its OpenSearch elements.
            pub paging: ::lastfm_api::Paging,
        }
    });
    let fields = ty
        .fields
        .iter()
        .filter(|f| !is_paging_field(ty, f))
        .map(|f| {
            let fname = ident(&f.name);
            let scalar = if f.secret {
                quote!(::lastfm_api::Secret)
            } else {
                field_scalar(&f.ty)
            };
            let rust_ty = if f.list {
                quote!(::std::vec::Vec<#scalar>)
            } else if f.optional {
                quote!(::core::option::Option<#scalar>)
            } else {
                scalar
            };
            let field_doc = if f.description.is_empty() {
                doc(&format!("`{}`", wire_name(f)))
            } else {
                doc(&f.description)
            };
            quote! {
                #field_doc
                pub #fname: #rust_ty,
            }
        });
    let decoder = from_xml_impl(ty);
    let paged = paged_impl(spec, ty);
    let serde = serde_derive(serde);
    quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq)]
        #serde
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #paging_field
        }

        #decoder
        #paged
    }
}

/// `impl Paged` for a type that declares `paging`.
fn paged_impl(spec: &Spec, ty: &TypeDef) -> TokenStream {
    let Ok(path) = spec.paging_path(ty) else {
        return TokenStream::new();
    };
    let Some(last) = path.last() else {
        return TokenStream::new();
    };
    let name = ident(&ty.name);
    let item = field_scalar(&last.ty);
    let steps: Vec<Ident> = path.iter().map(|f| ident(&f.name)).collect();
    quote! {
        impl ::lastfm_api::Paged for #name {
            type Item = #item;

            fn paging(&self) -> ::lastfm_api::Paging {
                self.paging
            }

            fn items(&self) -> &[#item] {
                &self.#(#steps).*
            }

            fn into_items(self) -> ::std::vec::Vec<#item> {
                self.#(#steps).*
            }
        }
    }
}

fn enum_def(e: &EnumDef, serde: bool) -> TokenStream {
    let name = ident(&e.name);
    let enum_doc = doc(&e.description);
    let rt = rt();
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let docs = e.values.iter().map(|v| {
        let text = if v.description.is_empty() {
            format!("Sent as `{}`.", v.wire)
        } else {
            format!("{} Sent as `{}`.", v.description, v.wire)
        };
        doc(&text)
    });
    let serde = serde_derive(serde);
    quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #serde
        #[non_exhaustive]
        pub enum #name {
            #( #docs #variants, )*
        }

        impl #name {
            /// The value as sent to Last.fm.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( #name::#variants => #wires, )*
                }
            }
        }

        impl #rt::ParamValue for #name {
            fn write_to(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str());
            }
        }
    }
}
