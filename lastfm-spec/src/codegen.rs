//! From the spec model to Rust: the items the `lastfm_macros::api!` macro expands to.
//!
//! Generated bodies stay small: each method only describes its request and
//! its response, and calls shared, non-generic runtime functions through
//! `::lastfm_api::__private`.

use std::fmt::Write as _;
use std::path::PathBuf;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::*;
use crate::names::{is_keyword, pascal_case, snake_case};

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

/// The whole expansion: error codes, types, packages and the client accessors.
pub fn generate(spec: &Spec, options: &Options) -> TokenStream {
    let tracked = options.tracked_files.iter().map(|path| {
        let path = path.to_string_lossy();
        quote! { const _: &[u8] = ::core::include_bytes!(#path); }
    });
    let error_code = error_code(spec);
    let types = types_module(spec);
    let packages = spec.packages.iter().map(|p| package(spec, p));
    let accessors = match &options.extension {
        None => inherent_accessors(spec),
        Some(name) => extension_trait(spec, &ident(name)),
    };
    quote! {
        #(#tracked)*
        #error_code
        #types
        #(#packages)*
        #accessors
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

fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

fn error_code(spec: &Spec) -> TokenStream {
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
    let docs = spec.errors.iter().map(|e| {
        let retry = if e.retryable {
            "\n\nA retry after a pause can succeed."
        } else {
            ""
        };
        doc(&format!(
            "`{}` {}: {}{retry}",
            e.code, e.message, e.description
        ))
    });
    let retryable: Vec<&Ident> = spec
        .errors
        .iter()
        .zip(&variants)
        .filter(|(e, _)| e.retryable)
        .map(|(_, v)| v)
        .collect();
    let list: String = spec
        .errors
        .iter()
        .map(|e| {
            format!(
                "\n| {} | [`{}`](ErrorCode::{}) | {} |",
                e.code, e.variant, e.variant, e.message
            )
        })
        .collect();
    let enum_doc = doc(&format!(
        "An error code of the Last.fm API, generated from `spec/errors.yaml`.\n\n\
         `u32::from(code)` gives the number; `ErrorCode::from(n)` maps a number back, \
         to [`ErrorCode::Unknown`] when the spec does not list it.\n\n\
         | code | variant | message |\n|---|---|---|{list}"
    ));
    quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

            /// Whether the same request can succeed if sent again later.
            pub fn is_retryable(self) -> bool {
                matches!(self, #( ErrorCode::#retryable )|*)
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

fn types_module(spec: &Spec) -> TokenStream {
    if spec.types.is_empty() && spec.enums.is_empty() {
        return TokenStream::new();
    }
    let types = spec.types.iter().map(|t| type_def(spec, t));
    let enums = spec.enums.iter().map(enum_def);
    quote! {
        /// Response types and parameter enumerations, generated from the `types`
        /// and `enums` sections of the spec files.
        pub mod types {
            #(#types)*
            #(#enums)*
        }
    }
}

/// The Rust type of one value of a field.
fn field_scalar(ty: &FieldType) -> TokenStream {
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

fn wire_name(f: &Field) -> String {
    match &f.source {
        XmlSource::Child(name) => name.clone(),
        XmlSource::Attr(name) => format!("@{name}"),
        XmlSource::Text => "$text".to_owned(),
    }
}

/// Where a field reads from: its `xml` source and each alias.
fn sources(f: &Field) -> Vec<XmlSource> {
    let mut all = vec![f.source.clone()];
    for alias in &f.aliases {
        all.push(if alias == "$text" {
            XmlSource::Text
        } else if let Some(attr) = alias.strip_prefix('@') {
            XmlSource::Attr(attr.to_owned())
        } else if matches!(f.source, XmlSource::Attr(_)) {
            // An alias of an attribute is another attribute name.
            XmlSource::Attr(alias.clone())
        } else {
            XmlSource::Child(alias.clone())
        });
    }
    all
}

/// The variable a field is gathered in while its element is read.
fn slot(f: &Field) -> Ident {
    format_ident!("f_{}", f.name)
}

/// How a field's value is made from text (an attribute value, or the
/// element's own text), assigned to its slot. `text` is a `&str`.
fn from_text(f: &Field, text: TokenStream) -> TokenStream {
    let slot = slot(f);
    let name = wire_name(f);
    let d = quote!(::lastfm_api::__private::decode);
    let value = match &f.ty {
        FieldType::String | FieldType::Mbid | FieldType::Url if f.secret => {
            quote!(::core::option::Option::Some(::lastfm_api::Secret::new(#d::string(::std::string::String::from(#text)))))
        }
        FieldType::String | FieldType::Mbid | FieldType::Url if f.optional || f.list => {
            quote!(#d::opt_string(::std::string::String::from(#text)))
        }
        FieldType::String | FieldType::Mbid | FieldType::Url => {
            quote!(::core::option::Option::Some(#d::string(::std::string::String::from(#text))))
        }
        FieldType::Integer | FieldType::Timestamp | FieldType::Float => {
            quote!(#d::opt_number(#text, #name)?)
        }
        FieldType::Bool => quote!(#d::opt_flag(#text, #name)?),
        FieldType::Seconds => {
            let zero = f.optional;
            quote!(#d::opt_seconds(#text, #name, #zero)?)
        }
        FieldType::Milliseconds => {
            let zero = f.optional;
            quote!(#d::opt_milliseconds(#text, #name, #zero)?)
        }
        // Neither has a text form; the validator keeps them out of attributes.
        FieldType::Images | FieldType::Named(_) => return quote!(),
    };
    if f.list {
        quote!(if let ::core::option::Option::Some(v) = #value { #slot.push(v); })
    } else {
        quote!(#slot = #value;)
    }
}

/// How a field's value is read from a child element `e` (`empty` for `<x/>`).
fn from_child(f: &Field) -> TokenStream {
    let slot = slot(f);
    let name = wire_name(f);
    let d = quote!(::lastfm_api::__private::decode);
    match &f.ty {
        FieldType::Images => quote!(#slot.push_element(r, &e, empty)?;),
        FieldType::Named(ty) => {
            let ty = ident(ty);
            let value = quote!(<#ty as ::lastfm_api::FromXml>::from_element(r, &e, empty)?);
            if f.list {
                quote!(#slot.push(#value);)
            } else {
                quote!(#slot = ::core::option::Option::Some(#value);)
            }
        }
        FieldType::Timestamp if !f.list => {
            quote!(#slot = #d::timestamp_element(r, &e, empty, #name)?;)
        }
        _ => {
            let assign = from_text(f, quote!(&text));
            quote! {
                let text = r.text(empty)?;
                #assign
            }
        }
    }
}

fn type_def(spec: &Spec, ty: &TypeDef) -> TokenStream {
    let name = ident(&ty.name);
    let type_doc = doc(&ty.description);
    let fields = ty.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = wire_name(f);
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
        let mut text = f.description.clone();
        if text.is_empty() {
            text = format!("`{wire}`");
        }
        if matches!(f.ty, FieldType::Named(_)) && f.optional {
            text.push_str("\n\n`None` when the service leaves it out.");
        } else if f.optional {
            text.push_str("\n\n`None` when the service leaves it out or sends it empty.");
        }
        let field_doc = doc(&text);
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

/// `impl FromXml`: one pass over the element: attributes, then children and
/// text; unknown ones are skipped.
fn from_xml_impl(ty: &TypeDef) -> TokenStream {
    let name = ident(&ty.name);
    let element = ty.name.as_str();
    let d = quote!(::lastfm_api::__private::decode);
    let slots = ty.fields.iter().map(|f| {
        let slot = slot(f);
        let scalar = if f.secret {
            quote!(::lastfm_api::Secret)
        } else {
            field_scalar(&f.ty)
        };
        if f.ty == FieldType::Images {
            quote!(let mut #slot = ::lastfm_api::Images::default();)
        } else if f.list {
            quote!(let mut #slot: ::std::vec::Vec<#scalar> = ::std::vec::Vec::new();)
        } else {
            quote!(let mut #slot: ::core::option::Option<#scalar> = ::core::option::Option::None;)
        }
    });
    let mut attr_arms = Vec::new();
    let mut child_arms = Vec::new();
    let mut text_fields = Vec::new();
    for f in &ty.fields {
        for source in sources(f) {
            match source {
                XmlSource::Attr(key) => {
                    let assign = from_text(f, quote!(&value));
                    attr_arms.push(quote!(#key => { #assign }));
                }
                XmlSource::Child(child) => {
                    let read = from_child(f);
                    child_arms.push(quote!(#child => { #read }));
                }
                XmlSource::Text => text_fields.push(f),
            }
        }
    }
    let attributes = (!attr_arms.is_empty()).then(|| {
        quote! {
            for attr in #d::attributes(start) {
                let (key, value) = attr?;
                match key {
                    #(#attr_arms)*
                    _ => {}
                }
            }
        }
    });
    let has_text = !text_fields.is_empty();
    let own_text = has_text.then(|| quote!(let mut own_text = ::std::string::String::new();));
    let text_arm = if has_text {
        quote!(::lastfm_api::__private::Item::Text(t) => own_text.push_str(&t),)
    } else {
        quote!(::lastfm_api::__private::Item::Text(_) => {})
    };
    // Text fills a field unless a child or attribute already did and the
    // text is only the whitespace between children.
    let text_assigns = text_fields.iter().map(|f| {
        let slot = slot(f);
        let assign = from_text(f, quote!(&own_text));
        if f.list {
            assign
        } else {
            quote!(if #slot.is_none() || !own_text.trim().is_empty() { #assign })
        }
    });
    let finish = ty.fields.iter().map(|f| {
        let field = ident(&f.name);
        let slot = slot(f);
        let wire = wire_name(f);
        if f.list || f.optional || f.ty == FieldType::Images {
            quote!(#field: #slot,)
        } else {
            quote!(#field: #d::required(#slot, #wire, #element)?,)
        }
    });
    let children = quote! {
        if !empty {
            loop {
                match r.item()? {
                    ::lastfm_api::__private::Item::Element(e, empty) => match e.local_name().as_ref() {
                        #(#child_arms)*
                        _ => r.skip(empty)?,
                    },
                    #text_arm
                    ::lastfm_api::__private::Item::End => break,
                }
            }
        }
    };
    quote! {
        impl ::lastfm_api::FromXml for #name {
            fn from_element(
                r: &mut ::lastfm_api::__private::XmlReader<'_>,
                start: &::lastfm_api::__private::BytesStart<'_>,
                empty: bool,
            ) -> ::core::result::Result<Self, ::std::string::String> {
                #(#slots)*
                #own_text
                #attributes
                #children
                #(#text_assigns)*
                ::core::result::Result::Ok(#name {
                    #(#finish)*
                })
            }
        }
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

        impl ::lastfm_api::__private::ParamValue for #name {
            fn write_to(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str());
            }
        }
    }
}

/// How one parameter looks in Rust.
struct ParamShape {
    field: Ident,
    /// The type stored in the request.
    stored: TokenStream,
    /// The type a caller passes.
    arg: TokenStream,
    /// Turns `field` (the argument) into the stored value.
    convert: TokenStream,
}

fn param_shape(p: &Param) -> ParamShape {
    let field = ident(&snake_case(&p.name));
    let (item, item_arg, into) = match &p.ty {
        ParamType::String | ParamType::Mbid | ParamType::Language => (
            quote!(::std::string::String),
            quote!(impl ::core::convert::Into<::std::string::String>),
            true,
        ),
        ParamType::Integer => (quote!(u32), quote!(u32), false),
        ParamType::Timestamp => (quote!(u64), quote!(u64), false),
        ParamType::Boolean => (quote!(bool), quote!(bool), false),
        ParamType::Enum(name) => {
            let name = ident(name);
            (
                quote!(super::types::#name),
                quote!(super::types::#name),
                false,
            )
        }
    };
    match (p.array.is_some(), p.required) {
        // A batch: one value per item.
        (true, true) => ParamShape {
            stored: quote!(::std::vec::Vec<#item>),
            arg: quote!(impl ::core::iter::IntoIterator<Item = #item_arg>),
            convert: if into {
                quote!(#field.into_iter().map(::core::convert::Into::into).collect())
            } else {
                quote!(#field.into_iter().collect())
            },
            field,
        },
        // Optional per item: `None` where an item has no value.
        (true, false) => ParamShape {
            stored: quote!(::std::vec::Vec<::core::option::Option<#item>>),
            arg: quote!(impl ::core::iter::IntoIterator<Item = ::core::option::Option<#item>>),
            convert: quote!(#field.into_iter().collect()),
            field,
        },
        (false, _) => ParamShape {
            convert: if into {
                quote!(#field.into())
            } else {
                quote!(#field)
            },
            stored: item,
            arg: item_arg,
            field,
        },
    }
}

fn auth_text(auth: Auth) -> &'static str {
    match auth {
        Auth::None => "none: `api_key` only",
        Auth::Signed => "signed: `api_sig`, no session key",
        Auth::Session => {
            "session: `sk` and `api_sig`; callable on a [`SessionClient`](lastfm_api::SessionClient) only"
        }
        Auth::OptionalSession => {
            "optional session: personalised and signed when called on a [`SessionClient`](lastfm_api::SessionClient)"
        }
    }
}

fn param_line(p: &Param, role: &str) -> String {
    let mut kind = p.ty.describe().to_owned();
    if let Some(max) = p.array {
        kind = format!("list of {kind}, at most {max}, sent as `{}[i]`", p.name);
    }
    let secret = if p.secret { ", secret" } else { "" };
    format!(
        "- `{}` ({kind}, {role}{secret}): {}\n",
        p.name, p.description
    )
}

/// The rustdoc of a method, shared by the accessor and the request type.
fn method_doc(spec: &Spec, m: &Method) -> String {
    let mut text = format!(
        "{}\n\n| Last.fm method | HTTP | auth |\n|---|---|---|\n| `{}` | `{}` | {} |\n",
        m.description,
        m.full_name(),
        m.http.as_str(),
        auth_text(m.auth)
    );
    if !m.params.is_empty() {
        text.push_str("\n# Parameters\n");
        for p in &m.params {
            let role = if p.required {
                "required"
            } else if m.alternatives.iter().any(|g| g.contains(&p.name)) {
                "one of the alternatives"
            } else {
                "optional, set with a method of the same name"
            };
            text.push_str(&param_line(p, role));
        }
    }
    if m.alternatives.len() > 1 {
        text.push_str("\nGive exactly one of: ");
        let groups: Vec<String> = m
            .alternatives
            .iter()
            .map(|g| {
                g.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        text.push_str(&groups.join(", or "));
        text.push_str(".\n");
    }
    let answer = match &m.response {
        Response::Empty => "nothing: `()` once the service has accepted the call".to_owned(),
        Response::Text { roots } => {
            format!("the text of `<{}>`, as a `String`", roots.join(">` or `<"))
        }
        Response::Type {
            roots, type_name, ..
        } => {
            format!(
                "[`{type_name}`](super::types::{type_name}), decoded from `<{}>`",
                roots.join(">` or `<")
            )
        }
    };
    let _ = writeln!(text, "\nAnswers {answer}.");
    if !m.retry {
        text.push_str(
            "\nNever retried: a failed call is reported at once, as a late one would be wrong.\n",
        );
    }
    if paged_response(spec, m).is_some() {
        text.push_str(
            "\nPaged: `.pages()` and `.items()` on the request walk every page as a stream.\n",
        );
    }
    text.push_str("\n# Errors\n");
    if m.errors.is_empty() {
        text.push_str(
            "Fails with an [`Error`](lastfm_api::Error): the generic Last.fm codes of [`ErrorCode`](lastfm_api::ErrorCode), or an HTTP, transport or decoding failure.\n",
        );
    } else {
        text.push_str("Documented for this method:\n");
        for e in &m.errors {
            let variant = spec
                .error(e.code)
                .map(|d| format!("[`ErrorCode::{0}`](lastfm_api::ErrorCode::{0})", d.variant))
                .unwrap_or_default();
            let _ = writeln!(text, "- `{}` {variant}: {}", e.code, e.meaning);
        }
        text.push_str(
            "\nBesides these, any generic code of [`ErrorCode`](lastfm_api::ErrorCode), or an HTTP, transport or decoding failure.\n",
        );
    }
    text
}

fn response_type(m: &Method) -> TokenStream {
    match &m.response {
        Response::Empty => quote!(()),
        Response::Text { .. } => quote!(::std::string::String),
        Response::Type { type_name, .. } => {
            let name = ident(type_name);
            quote!(super::types::#name)
        }
    }
}

/// The page type of a paged method: one with a `page` parameter whose
/// response type declares `paging`.
fn paged_response<'a>(spec: &'a Spec, m: &Method) -> Option<&'a TypeDef> {
    let page = m.param("page")?;
    if page.ty != ParamType::Integer || page.required || page.array.is_some() {
        return None;
    }
    match &m.response {
        Response::Type { type_name, .. } => spec.type_def(type_name).filter(|t| t.paging.is_some()),
        _ => None,
    }
}

/// One constructor per alternative group; methods without a choice have one.
fn constructors(m: &Method) -> Vec<(Ident, Vec<&Param>)> {
    let base = snake_case(&m.name);
    let required: Vec<&Param> = m.params.iter().filter(|p| p.required).collect();
    if m.alternatives.is_empty() {
        return vec![(ident(&base), required)];
    }
    m.alternatives
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let name = if i == 0 {
                base.clone()
            } else {
                let by: Vec<String> = group.iter().map(|n| snake_case(n)).collect();
                format!("{base}_by_{}", by.join("_and_"))
            };
            let mut params = required.clone();
            params.extend(group.iter().filter_map(|n| m.param(n)));
            (ident(&name), params)
        })
        .collect()
}

fn package(spec: &Spec, p: &Package) -> TokenStream {
    let module = ident(&p.name);
    let accessor_ty = ident(&pascal_case(&p.name));
    let module_doc = doc(&format!(
        "The `{}` package: {}\n\nReach it with `client.{}()`.",
        p.name, p.description, p.accessor
    ));
    let accessor_doc = doc(&format!(
        "The methods of the `{}` package, borrowed from a [`Client`](lastfm_api::Client) \
         (`S` = [`Anonymous`](lastfm_api::Anonymous)) or a [`SessionClient`](lastfm_api::SessionClient) \
         (`S` = [`Authenticated`](lastfm_api::Authenticated)): methods that need a user session \
         exist on the latter only.\n\n{}",
        p.name, p.description
    ));
    let mut open = Vec::new();
    let mut with_session = Vec::new();
    let mut requests = Vec::new();
    for m in &p.methods {
        let (ctors, request) = method(spec, m);
        if m.auth == Auth::Session {
            with_session.push(ctors);
        } else {
            open.push(ctors);
        }
        requests.push(request);
    }
    quote! {
        #module_doc
        pub mod #module {
            #accessor_doc
            #[derive(Debug, Clone, Copy)]
            pub struct #accessor_ty<'a, S = ::lastfm_api::Anonymous> {
                client: &'a ::lastfm_api::Client,
                session: ::core::option::Option<&'a ::lastfm_api::Secret>,
                state: ::core::marker::PhantomData<S>,
            }

            impl<'a, S> #accessor_ty<'a, S> {
                #[doc(hidden)]
                pub fn new(
                    client: &'a ::lastfm_api::Client,
                    session: ::core::option::Option<&'a ::lastfm_api::Secret>,
                ) -> Self {
                    Self { client, session, state: ::core::marker::PhantomData }
                }

                #(#open)*
            }

            impl<'a> #accessor_ty<'a, ::lastfm_api::Authenticated> {
                #(#with_session)*
            }

            #(#requests)*
        }
    }
}

fn method(spec: &Spec, m: &Method) -> (TokenStream, TokenStream) {
    let request_ty = format_ident!("{}", pascal_case(&m.name));
    let full_name = m.full_name();
    let text = method_doc(spec, m);
    let method_doc_tokens = doc(&text);
    let in_alternative = |p: &Param| m.alternatives.iter().any(|g| g.contains(&p.name));
    let shapes: Vec<(&Param, ParamShape)> = m.params.iter().map(|p| (p, param_shape(p))).collect();
    let stored_plain = |p: &Param| p.required || p.array.is_some();

    // Stored fields: required ones and lists as they are, the rest optional.
    let fields = shapes.iter().map(|(p, s)| {
        let (field, stored) = (&s.field, &s.stored);
        if stored_plain(p) {
            quote!(#field: #stored,)
        } else {
            quote!(#field: ::core::option::Option<#stored>,)
        }
    });

    let session = match m.auth {
        Auth::Session | Auth::OptionalSession => {
            quote!(self.session.cloned())
        }
        Auth::None | Auth::Signed => quote!(::core::option::Option::None),
    };

    // Constructors on the package accessor.
    let ctors = constructors(m).into_iter().map(|(ctor, given)| {
        let args = given.iter().map(|p| {
            let s = param_shape(p);
            let (field, arg) = (&s.field, &s.arg);
            quote!(#field: #arg)
        });
        let inits = shapes.iter().map(|(p, s)| {
            let (field, convert) = (&s.field, &s.convert);
            let is_given = given.iter().any(|g| g.name == p.name);
            match (is_given, stored_plain(p)) {
                (true, true) => quote!(#field: #convert,),
                (true, false) => quote!(#field: ::core::option::Option::Some(#convert),),
                (false, true) => quote!(#field: ::core::default::Default::default(),),
                (false, false) => quote!(#field: ::core::option::Option::None,),
            }
        });
        quote! {
            #method_doc_tokens
            pub fn #ctor(&self, #(#args),*) -> #request_ty {
                #request_ty {
                    client: ::core::clone::Clone::clone(self.client),
                    session: #session,
                    #(#inits)*
                }
            }
        }
    });
    let ctors = quote!(#(#ctors)*);

    // Setters for the optional parameters that no constructor takes.
    let setters = shapes
        .iter()
        .filter(|(p, _)| !p.required && !in_alternative(p))
        .map(|(p, s)| {
            let (field, arg, convert) = (&s.field, &s.arg, &s.convert);
            let setter_doc = doc(&format!("Sets `{}`: {}", p.name, p.description));
            let value = if p.array.is_some() {
                quote!(#convert)
            } else {
                quote!(::core::option::Option::Some(#convert))
            };
            quote! {
                #setter_doc
                pub fn #field(mut self, #field: #arg) -> Self {
                    self.#field = #value;
                    self
                }
            }
        });

    // Writing the parameters, in declaration order.
    let pushes = shapes.iter().map(|(p, s)| {
        let field = &s.field;
        let wire = p.name.as_str();
        match (p.array, p.required) {
            (Some(_), true) => quote!(request.array(#wire, &self.#field);),
            (Some(_), false) => quote!(request.sparse_array(#wire, &self.#field);),
            (None, true) => quote!(request.param(#wire, &self.#field);),
            (None, false) => quote! {
                if let ::core::option::Option::Some(value) = &self.#field {
                    request.param(#wire, value);
                }
            },
        }
    });
    // A batch: every list parameter has one value per item.
    let arrays: Vec<TokenStream> = shapes
        .iter()
        .filter_map(|(p, s)| {
            let max = p.array?;
            let field = &s.field;
            let wire = p.name.as_str();
            let required = p.required;
            let max = Literal::u32_unsuffixed(max);
            Some(quote!((#wire, self.#field.len(), #required, #max)))
        })
        .collect();
    let check_batch = (!arrays.is_empty()).then(|| quote!(request.check_batch(&[#(#arrays),*])?;));

    let debug_fields = shapes.iter().map(|(p, s)| {
        let field = &s.field;
        let name = snake_case(&p.name);
        if p.secret {
            quote!(.field(#name, &::lastfm_api::__private::REDACTED))
        } else {
            quote!(.field(#name, &self.#field))
        }
    });
    let output = response_type(m);
    let call = match &m.response {
        Response::Empty => quote!(::lastfm_api::__private::call_empty(&self.client, request).await),
        Response::Text { .. } | Response::Type { .. } => {
            quote!(::lastfm_api::__private::call_typed::<#output>(&self.client, request).await)
        }
    };
    let http = match m.http {
        Http::Get => quote!(::lastfm_api::__private::Http::Get),
        Http::Post => quote!(::lastfm_api::__private::Http::Post),
    };
    let auth = match m.auth {
        Auth::None => quote!(::lastfm_api::__private::AuthLevel::None),
        Auth::Signed => quote!(::lastfm_api::__private::AuthLevel::Signed),
        Auth::Session => quote!(::lastfm_api::__private::AuthLevel::Session),
        Auth::OptionalSession => quote!(::lastfm_api::__private::AuthLevel::OptionalSession),
    };
    let roots = m.response.roots();
    let retry = m.retry;
    let paging = paged_response(spec, m).map(|page_ty| {
        let page_name = ident(&page_ty.name);
        let item = spec
            .paging_path(page_ty)
            .ok()
            .and_then(|path| {
                path.last().map(|f| match &f.ty {
                    FieldType::Named(name) => {
                        let name = ident(name);
                        quote!(super::types::#name)
                    }
                    other => field_scalar(other),
                })
            })
            .unwrap_or_else(|| quote!(()));
        quote! {
            impl ::lastfm_api::PagedRequest for #request_ty {
                type Page = super::types::#page_name;

                fn page_number(&self) -> ::core::option::Option<u32> {
                    self.page
                }

                fn at_page(mut self, page: u32) -> Self {
                    self.page = ::core::option::Option::Some(page);
                    self
                }
            }

            impl #request_ty {
                /// Every page from the requested one (the first by default) to
                /// the last, fetched one after the other as the stream is polled.
                pub fn pages(self) -> ::lastfm_api::PageStream<super::types::#page_name> {
                    ::lastfm_api::pages(self)
                }

                /// Every item of every page, from the requested page on.
                pub fn items(self) -> ::lastfm_api::ItemStream<#item> {
                    ::lastfm_api::items(self)
                }
            }
        }
    });
    let request_doc = doc(&format!(
        "A prepared `{full_name}` call: set optional parameters with its methods, then `.await` it (or call [`send`]({request_ty}::send)).\n\n{text}"
    ));
    let send_doc = doc(&format!(
        "Sends the `{full_name}` call and decodes its answer; `.await`ing the request does the same."
    ));
    let request = quote! {
        #request_doc
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #request_ty {
            client: ::lastfm_api::Client,
            session: ::core::option::Option<::lastfm_api::Secret>,
            #(#fields)*
        }

        impl #request_ty {
            const METHOD: ::lastfm_api::__private::MethodInfo = ::lastfm_api::__private::MethodInfo {
                name: #full_name,
                http: #http,
                auth: #auth,
                roots: &[#(#roots),*],
                retry: #retry,
            };

            #(#setters)*

            #send_doc
            pub async fn send(self) -> ::core::result::Result<#output, ::lastfm_api::Error> {
                let mut request = ::lastfm_api::__private::Request::new(&Self::METHOD, self.session);
                #check_batch
                #(#pushes)*
                #call
            }
        }

        #paging

        impl ::core::future::IntoFuture for #request_ty {
            type Output = ::core::result::Result<#output, ::lastfm_api::Error>;
            type IntoFuture = ::lastfm_api::ResponseFuture<#output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        impl ::core::fmt::Debug for #request_ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!(#request_ty))
                    #(#debug_fields)*
                    .finish_non_exhaustive()
            }
        }
    };
    (ctors, request)
}

fn accessor_doc(p: &Package) -> TokenStream {
    let methods: Vec<String> = p
        .methods
        .iter()
        .map(|m| format!("`{}`", m.full_name()))
        .collect();
    doc(&format!(
        "The `{}` package: {}\n\nMethods: {}.",
        p.name,
        p.description,
        methods.join(", ")
    ))
}

/// `client.auth()` and `session_client.track()`, inside `lastfm-api`.
fn inherent_accessors(spec: &Spec) -> TokenStream {
    let anonymous = spec.packages.iter().map(|p| {
        let name = ident(&p.name);
        let accessor = ident(&p.accessor);
        let ty = ident(&pascal_case(&p.name));
        let text = accessor_doc(p);
        quote! {
            #text
            pub fn #accessor(&self) -> #name::#ty<'_> {
                #name::#ty::new(self, ::core::option::Option::None)
            }
        }
    });
    let authenticated = spec.packages.iter().map(|p| {
        let name = ident(&p.name);
        let accessor = ident(&p.accessor);
        let ty = ident(&pascal_case(&p.name));
        let text = accessor_doc(p);
        quote! {
            #text
            pub fn #accessor(&self) -> #name::#ty<'_, ::lastfm_api::Authenticated> {
                #name::#ty::new(self.client(), ::core::option::Option::Some(self.session_key()))
            }
        }
    });
    quote! {
        impl ::lastfm_api::Client {
            #(#anonymous)*
        }

        impl ::lastfm_api::SessionClient {
            #(#authenticated)*
        }
    }
}

/// For a crate that extends the API: one trait carrying the accessors,
/// implemented for both `Client` and `SessionClient`.
fn extension_trait(spec: &Spec, trait_name: &Ident) -> TokenStream {
    let methods = spec.packages.iter().map(|p| {
        let name = ident(&p.name);
        let accessor = ident(&p.accessor);
        let ty = ident(&pascal_case(&p.name));
        let text = accessor_doc(p);
        quote! {
            #text
            fn #accessor(&self) -> #name::#ty<'_, Self::State> {
                #name::#ty::new(self.client(), self.session())
            }
        }
    });
    let trait_doc = doc(&format!(
        "The packages this crate's spec adds to [`Client`](lastfm_api::Client) and \
         [`SessionClient`](lastfm_api::SessionClient). Bring `{trait_name}` into scope to call them."
    ));
    quote! {
        #trait_doc
        pub trait #trait_name: ::lastfm_api::ClientState {
            #(#methods)*
        }

        impl<T: ::lastfm_api::ClientState> #trait_name for T {}
    }
}
