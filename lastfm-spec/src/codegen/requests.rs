//! One request type per method: a typed wrapper over the runtime's `Call`
//! (which keeps the parameters in declaration order, checks batches, signs
//! and sends), with a setter per optional parameter, `send`, `IntoFuture`,
//! and paging streams for paged answers.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::method_doc;
use super::types::field_scalar;
use super::{doc, ident, rt};
use crate::model::{Auth, FieldType, Http, Method, Param, ParamType, Response, Spec, TypeDef};
use crate::names::{pascal_case, snake_case};

/// The request type of a method: `GetInfo` for `artist.getInfo`.
pub(super) fn request_type(m: &Method) -> Ident {
    format_ident!("{}", pascal_case(&m.name))
}

/// The page type of a paged method: one with a `page` parameter whose
/// response type declares `paging`.
pub(super) fn paged_response<'a>(spec: &'a Spec, m: &Method) -> Option<&'a TypeDef> {
    let page = m.param("page")?;
    if page.ty != ParamType::Integer || page.required || page.array.is_some() {
        return None;
    }
    match &m.response {
        Response::Type { type_name, .. } => spec.type_def(type_name).filter(|t| t.paging.is_some()),
        _ => None,
    }
}

/// How a caller passes one parameter, and how the request stores it.
pub(super) struct ParamArg {
    pub field: Ident,
    /// The argument's type.
    pub ty: TokenStream,
    /// `call` with the argument `field` stored in it.
    pub store: TokenStream,
}

pub(super) fn param_arg(p: &Param, call: TokenStream) -> ParamArg {
    let field = ident(&snake_case(&p.name));
    let wire = p.name.as_str();
    let text = matches!(
        p.ty,
        ParamType::String | ParamType::Mbid | ParamType::Language
    );
    let item = match &p.ty {
        ParamType::String | ParamType::Mbid | ParamType::Language => quote!(::std::string::String),
        ParamType::Integer => quote!(u32),
        ParamType::Timestamp => quote!(::lastfm_api::Timestamp),
        ParamType::Boolean => quote!(bool),
        ParamType::Enum(name) => {
            let name = ident(name);
            quote!(super::types::#name)
        }
    };
    let item_arg = if text {
        quote!(impl ::core::convert::Into<::std::string::String>)
    } else {
        item.clone()
    };
    // A time is given as a `Timestamp`, a `SystemTime` or unix seconds.
    if p.ty == ParamType::Timestamp && (p.array.is_none() || p.required) {
        let into = quote!(::core::convert::Into::<#item>::into);
        let (ty, store) = if p.array.is_none() {
            (
                quote!(impl ::core::convert::Into<#item>),
                quote!(#call.set(#wire, #into(#field))),
            )
        } else {
            (
                quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>),
                quote!(#call.set_list(#wire, ::core::iter::Iterator::map(::core::iter::IntoIterator::into_iter(#field), #into))),
            )
        };
        return ParamArg { field, ty, store };
    }
    let (ty, store) = match (p.array.is_some(), p.required, text) {
        // A batch: one value per item; optional lists have `None` where an item has no value.
        (true, true, true) => (
            quote!(impl ::core::iter::IntoIterator<Item = #item_arg>),
            quote!(#call.set_text_list(#wire, #field)),
        ),
        (true, true, false) => (
            quote!(impl ::core::iter::IntoIterator<Item = #item>),
            quote!(#call.set_list(#wire, #field)),
        ),
        (true, false, _) => (
            quote!(impl ::core::iter::IntoIterator<Item = ::core::option::Option<#item>>),
            quote!(#call.set_sparse_list(#wire, #field)),
        ),
        (false, _, true) => (item_arg, quote!(#call.set_text(#wire, #field))),
        (false, _, false) => (item, quote!(#call.set(#wire, #field))),
    };
    ParamArg { field, ty, store }
}

/// `MethodInfo`: what the runtime needs to know of a method.
fn method_info(m: &Method) -> TokenStream {
    let rt = rt();
    let name = m.full_name();
    let http = match m.http {
        Http::Get => quote!(#rt::Http::Get),
        Http::Post => quote!(#rt::Http::Post),
    };
    let auth = match m.auth {
        Auth::None => quote!(#rt::Auth::None),
        Auth::Signed => quote!(#rt::Auth::Signed),
        Auth::Session => quote!(#rt::Auth::Session),
        Auth::OptionalSession => quote!(#rt::Auth::OptionalSession),
    };
    let roots = m.response.roots();
    let retry = m.retry;
    let cache = match m.cache {
        Some(secs) => quote!(::core::option::Option::Some(#secs)),
        None => quote!(::core::option::Option::None),
    };
    let params = m.params.iter().map(|p| {
        let wire = p.name.as_str();
        let mut info = if p.required {
            quote!(#rt::ParamInfo::required(#wire))
        } else {
            quote!(#rt::ParamInfo::optional(#wire))
        };
        if let Some(max) = p.array {
            let max = Literal::u32_unsuffixed(max);
            info = quote!(#info.list(#max));
        }
        if p.secret {
            info = quote!(#info.secret());
        }
        if p.default_session_user {
            info = quote!(#info.session_user_default());
        }
        info
    });
    // How an answer of this method decodes, for checks by name (examples).
    let decode = match &m.response {
        Response::Empty => quote!(#rt::decode_empty),
        Response::Text { .. } => quote!(#rt::decode_as::<::std::string::String>),
        Response::Type { type_name, .. } => {
            let ty = ident(type_name);
            quote!(#rt::decode_as::<super::types::#ty>)
        }
    };
    quote! {
        #[doc(hidden)]
        pub const METHOD: #rt::MethodInfo = #rt::MethodInfo {
            name: #name,
            http: #http,
            auth: #auth,
            roots: &[#(#roots),*],
            retry: #retry,
            cache_ttl_secs: #cache,
            params: &[#(#params),*],
            decode: #decode,
        };
    }
}

/// Paging for a paged method: the `PagedRequest` impl, and the stream methods.
fn paging(spec: &Spec, m: &Method, request_ty: &Ident) -> (TokenStream, TokenStream) {
    let Some(page_ty) = paged_response(spec, m) else {
        return (TokenStream::new(), TokenStream::new());
    };
    let page_name = ident(&page_ty.name);
    let item = match spec
        .paging_path(page_ty)
        .ok()
        .and_then(|p| p.last().copied())
    {
        Some(f) => match &f.ty {
            FieldType::Named(name) => {
                let name = ident(name);
                quote!(super::types::#name)
            }
            other => field_scalar(other),
        },
        None => quote!(()),
    };
    let trait_impl = quote! {
        impl ::lastfm_api::PagedRequest for #request_ty {
            type Page = super::types::#page_name;

            fn page_number(&self) -> ::core::option::Option<u32> {
                self.0.page()
            }

            fn at_page(self, page: u32) -> Self {
                Self(self.0.set("page", page))
            }
        }
    };
    let streams = quote! {
        /// Every page from the requested one (the first by default) to
        /// the last, fetched one after the other as the stream is polled.
        pub fn pages(self) -> ::lastfm_api::PageStream<super::types::#page_name> {
            ::lastfm_api::pages(self)
        }

        /// Every item of every page, from the requested page on.
        pub fn items(self) -> ::lastfm_api::ItemStream<#item> {
            ::lastfm_api::items(self)
        }
    };
    (trait_impl, streams)
}

/// The request type of one method.
pub(super) fn request(spec: &Spec, m: &Method) -> TokenStream {
    let rt = rt();
    let request_ty = request_type(m);
    let full_name = m.full_name();
    let request_doc = doc(&method_doc(spec, m, &request_ty.to_string()));
    let info = method_info(m);
    let in_alternative = |p: &Param| m.alternatives.iter().any(|g| g.contains(&p.name));
    // Setters for the optional parameters that no constructor takes.
    let setters = m
        .params
        .iter()
        .filter(|p| !p.required && !in_alternative(p))
        .map(|p| {
            let ParamArg { field, ty, store } = param_arg(p, quote!(self.0));
            let setter_doc = doc(&format!("Sets `{}`: {}", p.name, p.description));
            quote! {
                #setter_doc
                pub fn #field(self, #field: #ty) -> Self {
                    Self(#store)
                }
            }
        });
    let output = match &m.response {
        Response::Empty => quote!(()),
        Response::Text { .. } => quote!(::std::string::String),
        Response::Type { type_name, .. } => {
            let name = ident(type_name);
            quote!(super::types::#name)
        }
    };
    let send = match &m.response {
        Response::Empty => quote!(self.0.send_empty().await),
        Response::Text { .. } | Response::Type { .. } => quote!(self.0.send().await),
    };
    let (paged_impl, streams) = paging(spec, m, &request_ty);
    let send_doc = doc(&format!(
        "Sends the `{full_name}` call and decodes its answer; `.await`ing the request does the same."
    ));
    quote! {
        #request_doc
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #request_ty(#rt::Call);

        impl #request_ty {
            #info

            #(#setters)*

            #send_doc
            pub async fn send(self) -> ::core::result::Result<#output, ::lastfm_api::Error> {
                #send
            }

            #streams
        }

        #paged_impl

        impl ::core::future::IntoFuture for #request_ty {
            type Output = ::core::result::Result<#output, ::lastfm_api::Error>;
            type IntoFuture = ::lastfm_api::ResponseFuture<#output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        impl ::core::fmt::Debug for #request_ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.0, f)
            }
        }
    }
}

/// `METHODS`: every method's `MethodInfo`, for callers that pick a method
/// by name at run time (the command line, raw calls).
pub(super) fn method_list(spec: &Spec) -> TokenStream {
    let rt = rt();
    let infos = spec.packages.iter().flat_map(|p| {
        let module = ident(&p.name);
        p.methods.iter().map(move |m| {
            let ty = request_type(m);
            quote!(&#module::#ty::METHOD)
        })
    });
    quote! {
        /// Every method of the spec, as the runtime describes it.
        #[doc(hidden)]
        pub static METHODS: &[&#rt::MethodInfo] = &[#(#infos),*];
    }
}
