//! The `types` module: response structs (with their decoders and `Paged`
//! impls) and parameter enums.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::decode::{from_xml_impl, wire_name};
use super::{doc, ident, rt, use_rt};
use crate::model::{EnumDef, FieldType, Spec, TypeDef};

pub(super) fn types_module(spec: &Spec) -> TokenStream {
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
    let types = spec.types.iter().map(|t| type_def(spec, t));
    let enums = spec.enums.iter().map(enum_def);
    let use_rt = use_rt();
    quote! {
        /// Response types and parameter enumerations, generated from the `types`
        /// and `enums` sections of the spec files.
        ///
        /// An `Option` field is `None` when the service leaves it out or sends
        /// it empty (Last.fm's way of saying "no value").
        pub mod types {
            #use_rt
            #base
            #(#types)*
            #(#enums)*
        }
    }
}

/// The Rust type of one value of a field.
pub(super) fn field_scalar(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String | FieldType::Mbid | FieldType::Url => quote!(::std::string::String),
        FieldType::Integer | FieldType::Timestamp => quote!(u64),
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

fn type_def(spec: &Spec, ty: &TypeDef) -> TokenStream {
    let name = ident(&ty.name);
    let type_doc = doc(&ty.description);
    let fields = ty.fields.iter().map(|f| {
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
    quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
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
    let field = |n: &str| match ty
        .fields
        .iter()
        .find(|f| f.name == n && f.ty == FieldType::Integer)
    {
        Some(f) if f.optional => {
            let id = ident(n);
            quote!(self.#id)
        }
        Some(_) => {
            let id = ident(n);
            quote!(::core::option::Option::Some(self.#id))
        }
        None => quote!(::core::option::Option::None),
    };
    let paging = if ty.fields.iter().any(|f| f.name == "page") {
        let (page, per_page, total_pages, total) = (
            field("page"),
            field("per_page"),
            field("total_pages"),
            field("total"),
        );
        quote!(::lastfm_api::Paging::from_attributes(#page, #per_page, #total_pages, #total))
    } else {
        let (start_index, per_page, total, start_page) = (
            field("start_index"),
            field("items_per_page"),
            field("total_results"),
            field("start_page"),
        );
        quote!(::lastfm_api::Paging::from_opensearch(#start_index, #per_page, #total, #start_page))
    };
    quote! {
        impl ::lastfm_api::Paged for #name {
            type Item = #item;

            fn paging(&self) -> ::lastfm_api::Paging {
                #paging
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

fn enum_def(e: &EnumDef) -> TokenStream {
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
    quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
