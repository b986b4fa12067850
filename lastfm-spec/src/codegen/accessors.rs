//! Package modules: the accessor type (`client.artist()`) with one
//! constructor per method (per alternative group), the method's request
//! types, and the accessors on `Client` and `SessionClient` (or, for an
//! extension crate, a trait that carries them).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::constructor_doc;
use super::requests::{param_arg, request, request_type};
use super::{doc, ident, rt, use_rt};
use crate::model::{Method, Package, Param, Spec};
use crate::names::{pascal_case, snake_case};

/// One constructor per alternative group; methods without a choice have one.
fn constructor_signatures(m: &Method) -> Vec<(Ident, Vec<&Param>)> {
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
                let by: Vec<String> = group.names().map(snake_case).collect();
                format!("{base}_by_{}", by.join("_and_"))
            };
            let mut params = required.clone();
            params.extend(group.names().filter_map(|n| m.param(n)));
            (ident(&name), params)
        })
        .collect()
}

/// The constructors of one method, on its package's accessor. A method that
/// needs a session is bound by `S: SessionState`, which only
/// `Authenticated` meets: called without a session, the compile error is
/// `SessionState`'s own message, which says what to do.
fn constructors(m: &Method) -> TokenStream {
    let bound = m
        .auth
        .requires_session()
        .then(|| quote!(where S: ::lastfm_api::SessionState));
    let request_ty = request_type(m);
    let ctor_doc = doc(&constructor_doc(m, &request_ty.to_string()));
    let ctors = constructor_signatures(m).into_iter().map(|(name, given)| {
        let mut call = quote!(self.new_call(&#request_ty::METHOD));
        let mut args = Vec::new();
        for p in given {
            let arg = param_arg(p, call);
            let (field, ty) = (&arg.field, &arg.ty);
            args.push(quote!(#field: #ty));
            call = arg.store;
        }
        quote! {
            #ctor_doc
            pub fn #name(&self, #(#args),*) -> #request_ty #bound {
                #request_ty(#call)
            }
        }
    });
    quote!(#(#ctors)*)
}

pub(super) fn package(spec: &Spec, p: &Package) -> TokenStream {
    let module = ident(&p.name);
    let accessor_ty = ident(&pascal_case(&p.name));
    let module_doc = doc(&format!(
        "The `{}` package: {}\n\nReach it with `client.{}()`.",
        p.name, p.description, p.accessor
    ));
    let accessor_doc = doc(&format!(
        "The methods of the `{}` package, borrowed from a [`Client`](lastfm_api::Client) \
         (`S` = [`Anonymous`](lastfm_api::Anonymous)) or a [`SessionClient`](lastfm_api::SessionClient) \
         (`S` = [`Authenticated`](lastfm_api::Authenticated)): methods that need a user session (bound by \
         [`SessionState`](lastfm_api::SessionState)) \
         can be called on the latter only.\n\n{}",
        p.name, p.description
    ));
    let ctors = p.methods.iter().map(constructors);
    let requests = p.methods.iter().map(|m| request(spec, m));
    let (rt, use_rt) = (rt(), use_rt());
    quote! {
        #module_doc
        pub mod #module {
            #use_rt

            #accessor_doc
            #[derive(Debug, Clone, Copy)]
            pub struct #accessor_ty<'a, S = ::lastfm_api::Anonymous> {
                client: &'a ::lastfm_api::Client,
                session: ::core::option::Option<&'a ::lastfm_api::Secret>,
                /// The session's user, for parameters that default to it.
                user: ::core::option::Option<&'a str>,
                state: ::core::marker::PhantomData<S>,
            }

            impl<'a, S> #accessor_ty<'a, S> {
                #[doc(hidden)]
                pub fn new(
                    client: &'a ::lastfm_api::Client,
                    session: ::core::option::Option<&'a ::lastfm_api::Secret>,
                    user: ::core::option::Option<&'a str>,
                ) -> Self {
                    Self { client, session, user, state: ::core::marker::PhantomData }
                }

                fn new_call(&self, method: &'static #rt::MethodInfo) -> #rt::Call {
                    #rt::Call::new(self.client, self.session, method).session_user(self.user)
                }

                #(#ctors)*
            }

            #(#requests)*
        }
    }
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
pub(super) fn inherent_accessors(spec: &Spec) -> TokenStream {
    let accessors =
        |session: TokenStream, user: TokenStream, state: TokenStream, client: TokenStream| {
            let methods = spec.packages.iter().map(|p| {
                let name = ident(&p.name);
                let accessor = ident(&p.accessor);
                let ty = ident(&pascal_case(&p.name));
                let text = accessor_doc(p);
                quote! {
                    #text
                    pub fn #accessor(&self) -> #name::#ty<'_, #state> {
                        #name::#ty::new(#client, #session, #user)
                    }
                }
            });
            quote!(#(#methods)*)
        };
    let anonymous = accessors(
        quote!(::core::option::Option::None),
        quote!(::core::option::Option::None),
        quote!(::lastfm_api::Anonymous),
        quote!(self),
    );
    let authenticated = accessors(
        quote!(::core::option::Option::Some(self.session_key())),
        quote!(::core::option::Option::Some(self.username())),
        quote!(::lastfm_api::Authenticated),
        quote!(self.client()),
    );
    quote! {
        impl ::lastfm_api::Client {
            #anonymous
        }

        impl ::lastfm_api::SessionClient {
            #authenticated
        }
    }
}

/// For a crate that extends the API: one trait carrying the accessors,
/// implemented for both `Client` and `SessionClient`.
pub(super) fn extension_trait(spec: &Spec, trait_name: &Ident) -> TokenStream {
    let methods = spec.packages.iter().map(|p| {
        let name = ident(&p.name);
        let accessor = ident(&p.accessor);
        let ty = ident(&pascal_case(&p.name));
        let text = accessor_doc(p);
        quote! {
            #text
            fn #accessor(&self) -> #name::#ty<'_, Self::State> {
                #name::#ty::new(self.client(), self.session(), self.session_user())
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
