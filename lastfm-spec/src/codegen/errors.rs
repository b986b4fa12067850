//! `ErrorCode`: one variant per code of `errors.yaml`, with its message and class.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{doc, ident};
use crate::model::{ErrorClass, Spec};

fn class_variant(class: ErrorClass) -> Ident {
    ident(match class {
        ErrorClass::Permanent => "Permanent",
        ErrorClass::Transient => "Transient",
        ErrorClass::Throttle => "Throttle",
        ErrorClass::Reauth => "Reauth",
        ErrorClass::Uncertain => "Uncertain",
    })
}

fn enum_doc(spec: &Spec) -> TokenStream {
    let rows: String = spec
        .errors
        .iter()
        .map(|e| {
            format!(
                "\n| {} | [`{variant}`](ErrorCode::{variant}) | {} | `{}` |",
                e.code,
                e.message,
                e.class.as_str(),
                variant = e.variant,
            )
        })
        .collect();
    doc(&format!(
        "An error code of the Last.fm API, generated from `spec/errors.yaml`.\n\n\
         `u32::from(code)` gives the number; `ErrorCode::from(n)` maps a number back, \
         to [`ErrorCode::Unknown`] when the spec does not list it. [`ErrorCode::class`] \
         says whether trying again can help.\n\n\
         | code | variant | message | class |\n|---|---|---|---|{rows}"
    ))
}

pub(super) fn error_code(spec: &Spec, serde: bool) -> TokenStream {
    let serde = super::types::serde_derive(serde);
    if spec.errors.is_empty() {
        return TokenStream::new();
    }
    let variants: Vec<Ident> = spec.errors.iter().map(|e| ident(&e.variant)).collect();
    let codes: Vec<Literal> = spec
        .errors
        .iter()
        .map(|e| Literal::u32_unsuffixed(e.code))
        .collect();
    let messages: Vec<&str> = spec.errors.iter().map(|e| e.message.as_str()).collect();
    let classes: Vec<Ident> = spec.errors.iter().map(|e| class_variant(e.class)).collect();
    let docs = spec
        .errors
        .iter()
        .map(|e| doc(&format!("`{}` {}: {}", e.code, e.message, e.description)));
    let enum_doc = enum_doc(spec);
    quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #serde
        #[non_exhaustive]
        pub enum ErrorCode {
            #( #docs #variants, )*
            /// A code that `spec/errors.yaml` does not list, kept as sent.
            Unknown(u32),
        }

        impl ErrorCode {
            /// The service's short message for this code.
            pub fn message(self) -> &'static str {
                match self {
                    #( ErrorCode::#variants => #messages, )*
                    ErrorCode::Unknown(_) => "Unknown error code",
                }
            }

            /// What the code says about trying again (`class` in
            /// `errors.yaml`); a code the spec does not list is permanent.
            pub fn class(self) -> ::lastfm_api::ErrorClass {
                match self {
                    #( ErrorCode::#variants => ::lastfm_api::ErrorClass::#classes, )*
                    ErrorCode::Unknown(_) => ::lastfm_api::ErrorClass::Permanent,
                }
            }

            /// Whether the same request can succeed if sent again later.
            pub fn is_retryable(self) -> bool {
                self.class().is_retryable()
            }
        }

        impl ::core::convert::From<u32> for ErrorCode {
            fn from(code: u32) -> Self {
                match code {
                    #( #codes => ErrorCode::#variants, )*
                    other => ErrorCode::Unknown(other),
                }
            }
        }

        impl ::core::convert::From<ErrorCode> for u32 {
            fn from(code: ErrorCode) -> u32 {
                match code {
                    #( ErrorCode::#variants => #codes, )*
                    ErrorCode::Unknown(other) => other,
                }
            }
        }

        impl ::core::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{} ({})", self.message(), u32::from(*self))
            }
        }
    }
}
