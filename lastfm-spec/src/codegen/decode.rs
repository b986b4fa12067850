//! `impl FromXml` for each response struct: one pass over its element with
//! the runtime's `XmlReader::parts`, each field gathered in a local slot,
//! unknown attributes and children skipped.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ident, rt};
use crate::model::{Field, FieldType, TypeDef, XmlSource};

/// How a field is named in the XML: `name`, `@attr` or `$text`.
pub(super) fn wire_name(f: &Field) -> String {
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

/// The runtime function that parses a field's text, for the types that are
/// parsed rather than kept as text.
fn parser(ty: &FieldType) -> Option<TokenStream> {
    let rt = rt();
    Some(match ty {
        FieldType::Integer | FieldType::Timestamp | FieldType::Float => {
            quote!(#rt::decode::opt_number)
        }
        FieldType::Bool => quote!(#rt::decode::opt_flag),
        FieldType::Seconds => quote!(#rt::decode::opt_seconds),
        FieldType::Milliseconds => quote!(#rt::decode::opt_milliseconds),
        _ => return None,
    })
}

/// A malformed value of an optional or list field is `None` and a warning
/// (see `XmlReader::lenient`), unless the client is strict; of a required
/// field, the error.
fn lenient(f: &Field) -> bool {
    f.optional || f.list
}

/// A field's value (an `Option`) made from `text`, an owned
/// `Cow<str>` expression: an attribute value or the element's own text.
fn value_of(f: &Field, text: &TokenStream) -> TokenStream {
    let name = wire_name(f);
    let rt = rt();
    let d = quote!(#rt::decode);
    let value = match (parser(&f.ty), &f.ty) {
        (Some(parse), _) if lenient(f) => quote!(r.lenient_value(&#text, #name, #parse)?),
        (Some(parse), _) => quote!(#parse(&#text, #name)?),
        // Neither has a text form; the validator keeps them out of attributes.
        (None, FieldType::Images | FieldType::Named(_)) => return quote!(),
        (None, _) if f.secret => {
            quote!(::core::option::Option::Some(::lastfm_api::Secret::new(#d::string(#text))))
        }
        (None, _) if lenient(f) => quote!(#d::opt_string(#text)),
        (None, _) => quote!(::core::option::Option::Some(#d::string(#text))),
    };
    // The spec's "no value" texts (`None`, `0`) are `None`, not a value.
    if f.no_value.is_empty() {
        value
    } else {
        let no_value = &f.no_value;
        quote! {
            if #d::is_no_value(&#text, &[#(#no_value),*]) {
                ::core::option::Option::None
            } else {
                #value
            }
        }
    }
}

/// `value` (an `Option`) stored in the field's slot: set, or pushed onto
/// a list.
fn store(f: &Field, value: TokenStream) -> TokenStream {
    let slot = slot(f);
    if f.list {
        quote!(#slot.extend(#value))
    } else {
        quote!(#slot = #value)
    }
}

/// How a field's value is read from a child element `e` (`empty` for `<x/>`).
fn from_child(f: &Field) -> TokenStream {
    let slot = slot(f);
    let name = wire_name(f);
    let rt = rt();
    let d = quote!(#rt::decode);
    match &f.ty {
        FieldType::Images => quote!(#slot.push_element(r, &e, empty)?),
        FieldType::Named(_) if f.list => quote!(#slot.push(r.element(&e, empty)?)),
        FieldType::Named(_) if f.optional => quote!(#slot = r.optional_element(&e, empty)?),
        FieldType::Named(_) => quote!(#slot = ::core::option::Option::Some(r.element(&e, empty)?)),
        FieldType::Timestamp if !f.list => {
            let optional = f.optional;
            quote!(#slot = #d::timestamp_element(r, &e, empty, #name, #optional)?)
        }
        // The usual case, in one expression.
        ty if f.no_value.is_empty() => store(
            f,
            match parser(ty) {
                Some(parse) if lenient(f) => quote!(r.lenient_text(empty, #name, #parse)?),
                Some(parse) => quote!(#parse(&r.text(empty)?, #name)?),
                None => value_of(f, &quote!(r.text(empty)?)),
            },
        ),
        _ => {
            let assign = store(f, value_of(f, &quote!(text)));
            quote!({ let text = r.text(empty)?; #assign })
        }
    }
}

/// The slot a field starts from: empty, or the field's own empty
/// collection. Its type is inferred from the struct field it fills.
fn slot_init(f: &Field) -> TokenStream {
    let slot = slot(f);
    if f.ty == FieldType::Images {
        quote!(let mut #slot = ::lastfm_api::Images::default();)
    } else if f.list {
        quote!(let mut #slot = ::std::vec::Vec::new();)
    } else {
        quote!(let mut #slot = ::core::option::Option::None;)
    }
}

pub(super) fn from_xml_impl(ty: &TypeDef) -> TokenStream {
    let name = ident(&ty.name);
    let rt = rt();
    let slots = ty.fields.iter().map(slot_init);
    let mut attr_arms = Vec::new();
    let mut child_arms = Vec::new();
    let mut text_fields = Vec::new();
    for f in &ty.fields {
        for source in sources(f) {
            match source {
                XmlSource::Attr(key) => {
                    let assign = store(f, value_of(f, &quote!(value)));
                    attr_arms.push(quote!(#key => #assign,));
                }
                XmlSource::Child(child) => {
                    let read = from_child(f);
                    child_arms.push(quote!(#child => #read,));
                }
                XmlSource::Text => text_fields.push(f),
            }
        }
    }
    let own_text =
        (!text_fields.is_empty()).then(|| quote!(let mut own_text = #rt::Cow::Borrowed("");));
    let read_attrs = read_attributes(&attr_arms);
    // `start` is read only for attributes.
    let start = if read_attrs.is_some() {
        quote!(start)
    } else {
        quote!(_start)
    };
    let read_content = read_content(&child_arms, !text_fields.is_empty());
    let text_assigns = own_text_assigns(&text_fields);
    let finish = finish(ty);
    let is_empty = is_empty(ty);
    quote! {
        impl ::lastfm_api::FromXml for #name {
            fn from_element(
                r: &mut #rt::XmlReader<'_>,
                #start: &#rt::BytesStart<'_>,
                empty: bool,
            ) -> #rt::decode::DecodeResult<Self> {
                #(#slots)*
                #own_text
                #read_attrs
                #read_content
                #(#text_assigns)*
                ::core::result::Result::Ok(#name { #finish })
            }
            #is_empty
        }
    }
}

/// The loop over the start tag's attributes, when the type reads any.
fn read_attributes(attr_arms: &[TokenStream]) -> Option<TokenStream> {
    let rt = rt();
    (!attr_arms.is_empty()).then(|| {
        quote! {
            for attr in #rt::decode::attributes(start) {
                let (key, value) = attr?;
                match key {
                    #(#attr_arms)*
                    _ => {}
                }
            }
        }
    })
}

/// The loop over the element's children and text, up to its end tag; a
/// type that reads neither skips the content in one go.
fn read_content(child_arms: &[TokenStream], has_text: bool) -> TokenStream {
    let rt = rt();
    if child_arms.is_empty() && !has_text {
        return quote!(r.skip(empty)?;);
    }
    let text_arm = if has_text {
        quote!(#rt::Item::Text(t) => #rt::decode::push_text(&mut own_text, t),)
    } else {
        quote!(#rt::Item::Text(_) => {})
    };
    quote! {
        if !empty {
            loop {
                match r.item()? {
                    #rt::Item::Element(e, empty) => match e.local_name().as_ref() {
                        #(#child_arms)*
                        _ => r.skip(empty)?,
                    },
                    #text_arm
                    #rt::Item::End => break,
                }
            }
        }
    }
}

/// The fields read from the element's own text, once it is all read. The
/// text goes whole to the field that reads it (a copy to each when several
/// do); it fills a field unless a child or attribute already did and the
/// text is only the whitespace between children.
fn own_text_assigns(text_fields: &[&Field]) -> Vec<TokenStream> {
    let shared = text_fields.len() > 1;
    text_fields
        .iter()
        .map(|f| {
            let slot = slot(f);
            let text = if shared {
                quote!(::core::clone::Clone::clone(&own_text))
            } else {
                quote!(own_text)
            };
            let assign = store(f, value_of(f, &text));
            if f.list {
                quote!(#assign;)
            } else {
                quote!(if #slot.is_none() || !own_text.trim().is_empty() { #assign; })
            }
        })
        .collect()
}

/// The struct's fields from the slots: required ones checked, the paging
/// metadata gathered.
fn finish(ty: &TypeDef) -> TokenStream {
    let rt = rt();
    let element = ty.name.as_str();
    let fields = ty
        .fields
        .iter()
        .filter(|f| !super::types::is_paging_field(ty, f))
        .map(|f| {
            let field = ident(&f.name);
            let slot = slot(f);
            let wire = wire_name(f);
            if f.list || f.optional || f.ty == FieldType::Images {
                quote!(#field: #slot,)
            } else {
                quote!(#field: #rt::decode::required(#slot, #wire, #element)?,)
            }
        });
    let paging = ty.gathers_paging().then(|| {
        let from_slots = super::types::paging_from_slots(ty);
        quote!(paging: #from_slots,)
    });
    quote!(#(#fields)* #paging)
}

/// `FromXml::is_empty` of a type whose every field may be absent: each is
/// `None` or empty. Other types keep the default (never empty), and so do
/// pages of a list: an empty page is an answer.
fn is_empty(ty: &TypeDef) -> Option<TokenStream> {
    let can_be_empty = !ty.gathers_paging()
        && ty
            .fields
            .iter()
            .all(|f| f.optional || f.list || f.ty == FieldType::Images);
    let checks = ty.fields.iter().map(|f| {
        let field = ident(&f.name);
        if f.list || f.ty == FieldType::Images {
            quote!(self.#field.is_empty())
        } else {
            quote!(self.#field.is_none())
        }
    });
    can_be_empty.then(|| {
        quote! {
            fn is_empty(&self) -> bool {
                #(#checks)&&*
            }
        }
    })
}
