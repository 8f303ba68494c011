//! Servers, the client and one builder per operation (`mod.rs` of each API
//! module).

mod request;
mod responses;

use super::context::Context;
use super::docs::{doc, inner_doc};
use super::{ident, op_ident, ty_tokens, OpItem, Piece};
use crate::analyze::reach::{op_groups, Group};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use request::*;
use responses::*;
use std::collections::BTreeSet;

/// `mod.rs` as a list of top-level pieces: everything up to the client's
/// `impl`, then one piece per operation's response and error types.
pub fn api_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    let mut pieces: Vec<Piece<'a>> = vec![Box::new(move || api_head(cx))];
    pieces.extend(
        cx.api
            .operations
            .iter()
            .map(|op| Box::new(move || op_types(cx, op)) as Piece<'a>),
    );
    pieces
}

/// `operations.rs`, the plumbing of each operation (its builder, parameters
/// and the aliases of what sending returns), as pieces: its docs, then one
/// piece per operation's builder and one per paging operation's methods.
pub fn operations_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    let mut pieces: Vec<Piece<'a>> = vec![Box::new(operations_head)];
    pieces.extend(
        cx.api
            .operations
            .iter()
            .map(|op| Box::new(move || builder(cx, op)) as Piece<'a>),
    );
    // `pages` and `items` of the operations that page, after the builders.
    pieces.extend(
        cx.api
            .operations
            .iter()
            .filter(|op| op.pagination.is_some())
            .map(|op| Box::new(move || super::paginate::methods(cx, op)) as Piece<'a>),
    );
    pieces
}

/// Docs and attributes of `operations.rs`.
fn operations_head() -> TokenStream {
    quote! {
        //! The plumbing of each operation: the request builder a method of
        //! [`Client`] returns (a [`runtime::Builder`] of the operation's
        //! parameters, with a setter per optional parameter), the struct of
        //! those parameters, and the `…Result` and `…Failure` aliases of what
        //! sending it returns. Each is also re-exported at the API module's
        //! root.
        #![allow(deprecated, clippy::too_many_arguments)]

        #[allow(unused_imports)]
        use super::*;
    }
}

/// Module docs and attributes, servers, auth, the client and its methods.
fn api_head(cx: &Context) -> TokenStream {
    let api = cx.api;
    let title = format!("{} (version {})", api.title, api.version);
    let module_docs = inner_doc(&[Some(&title), api.description.as_deref()]);
    let servers = servers(api);
    // Without documented servers there is no `Server` to pick: only `from_url`.
    let server_constructors = (!api.servers.is_empty()).then(|| {
        quote! {
            /// A client for one of the documented servers, with default settings.
            pub fn new(server: Server) -> Result<Self, runtime::ConfigError> {
                Self::with_config(server, runtime::Config::default())
            }

            /// A client for one of the documented servers.
            pub fn with_config(server: Server, config: runtime::Config) -> Result<Self, runtime::ConfigError> {
                Self::from_url(&server.url()?, config)
            }
        }
    });
    let auth = auth(cx);
    let methods = api.operations.iter().map(|op| client_method(cx, op));
    let shared_headers = shared_headers(cx);
    let shared_errors = shared_errors(cx);
    // The builder every client method returns, compiled with them.
    let builder = (!api.operations.is_empty()).then(|| {
        let groups: BTreeSet<Group> = api
            .operations
            .iter()
            .flat_map(|op| op_groups(api, op))
            .collect();
        let gate = cx.gate(&groups);
        quote! {
            /// A request of the operation `params` belong to, sent with this client.
            #gate
            fn builder<P>(&self, params: P) -> runtime::Builder<P> {
                runtime::builder(&self.inner, params)
            }
        }
    });
    quote! {
        #module_docs
        #![allow(deprecated, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::large_enum_variant, clippy::match_overlapping_arm, clippy::too_many_arguments)]

        pub mod types;

        pub mod operations;

        #[doc(no_inline)]
        #[allow(unused_imports)]
        pub use operations::*;

        use crate::runtime;

        #servers

        #auth

        /// The API client. Cheap to clone: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            #server_constructors

            /// A client for any base URL (a proxy, a mock server).
            pub fn from_url(base_url: &str, config: runtime::Config) -> Result<Self, runtime::ConfigError> {
                Ok(Self { inner: runtime::Client::new(base_url, config)? })
            }

            /// The base URL every path is appended to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            #builder

            #(#methods)*
        }

        #shared_headers

        #shared_errors
    }
}

fn servers(api: &Api) -> TokenStream {
    let variants = api.servers.iter().map(|s| {
        let name = ident(&s.rust_name);
        let url_doc = format!("`{}`", s.url);
        let docs = doc(&[s.description.as_deref(), Some(&url_doc)]);
        if s.variables.is_empty() {
            quote! { #docs #name, }
        } else {
            let fields = s.variables.iter().map(|v| {
                let f = ident(&v.rust_name);
                let vdoc = doc(&[v.description.as_deref()]);
                if v.default.is_some() {
                    quote! { #vdoc #f: Option<String>, }
                } else {
                    quote! { #vdoc #f: String, }
                }
            });
            quote! { #docs #name { #(#fields)* }, }
        }
    });
    let arms = api.servers.iter().map(|s| {
        let name = ident(&s.rust_name);
        let url = &s.url;
        if s.variables.is_empty() {
            return quote! { Self::#name => Ok(#url.to_owned()), };
        }
        let fields: Vec<_> = s.variables.iter().map(|v| ident(&v.rust_name)).collect();
        let vars = s.variables.iter().map(|v| {
            let wire = &v.wire_name;
            let f = ident(&v.rust_name);
            let value = if v.default.is_some() {
                quote!(#f.as_deref())
            } else {
                quote!(Some(#f.as_str()))
            };
            let default = match &v.default {
                Some(d) => quote!(Some(#d)),
                None => quote!(None),
            };
            let allowed = &v.allowed;
            quote! { (#wire, #value, #default, &[#(#allowed),*]) }
        });
        quote! {
            Self::#name { #(#fields),* } => runtime::server_url(#url, &[#(#vars),*]),
        }
    });
    if api.servers.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The servers the spec documents.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The base URL of this server; fails when a variable is missing or
            /// would change the URL's structure.
            pub fn url(&self) -> Result<String, runtime::ConfigError> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn scheme_static(scheme: &SecurityScheme) -> proc_macro2::Ident {
    format_ident!("SCHEME_{}", scheme.rust_name.trim_end_matches('_'))
}

/// `pub mod auth` (scheme names to configure secrets under) and one static
/// per scheme operations refer to.
fn auth(cx: &Context) -> TokenStream {
    let api = cx.api;
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let consts = api.security_schemes.iter().map(|s| {
        let name = ident(&s.rust_name);
        let wire = &s.wire_name;
        let how = match &s.kind {
            SchemeKind::ApiKey { location, name } => format!(
                "API key in the `{name}` {}: `Config::api_key`.",
                format!("{location:?}").to_lowercase()
            ),
            SchemeKind::Bearer => "HTTP bearer token: `Config::bearer_token`.".to_owned(),
            SchemeKind::Basic => "HTTP basic auth: `Config::basic_auth`.".to_owned(),
            SchemeKind::OAuth2ClientCredentials { token_url } => format!(
                "OAuth2 client credentials (token from `{token_url}`): `Config::oauth2_client_credentials`, or a ready token with `Config::bearer_token`."
            ),
            SchemeKind::OtherBearer => "A ready bearer token: `Config::bearer_token`.".to_owned(),
        };
        let docs = doc(&[Some(&format!("`{wire}`: {how}")), s.description.as_deref()]);
        quote! { #docs pub const #name: &str = #wire; }
    });
    // Each static is compiled with the operations that use it.
    let mut used: std::collections::BTreeMap<usize, std::collections::BTreeSet<Group>> =
        std::collections::BTreeMap::new();
    for op in &api.operations {
        for i in op.security.iter().flatten() {
            used.entry(*i).or_default().extend(op_groups(api, op));
        }
    }
    let statics = used.iter().filter_map(|(i, groups)| Some((api.security_schemes.get(*i)?, cx.gate(groups)))).map(|(s, gate)| {
        let name = scheme_static(s);
        let wire = &s.wire_name;
        let kind = match &s.kind {
            SchemeKind::ApiKey { location: ParamLocation::Query, name } => {
                quote!(runtime::SchemeKind::ApiKeyQuery(#name))
            }
            SchemeKind::ApiKey { location: ParamLocation::Cookie, name } => {
                quote!(runtime::SchemeKind::ApiKeyCookie(#name))
            }
            SchemeKind::ApiKey { name, .. } => quote!(runtime::SchemeKind::ApiKeyHeader(#name)),
            SchemeKind::Basic => quote!(runtime::SchemeKind::Basic),
            SchemeKind::Bearer | SchemeKind::OtherBearer => quote!(runtime::SchemeKind::Bearer),
            SchemeKind::OAuth2ClientCredentials { token_url } => {
                quote!(runtime::SchemeKind::OAuth2ClientCredentials { token_url: #token_url })
            }
        };
        quote! {
            #gate
            static #name: runtime::SecurityScheme = runtime::SecurityScheme { name: #wire, kind: #kind };
        }
    });
    quote! {
        /// The security schemes the spec declares: configure each one's secret
        /// on [`runtime::Config`] under these names. Operations use them
        /// as the spec says (`security: []` sends none).
        pub mod auth {
            #(#consts)*
        }

        #(#statics)*
    }
}

/// Parameters in argument order: path (template order), then the other
/// required ones.
fn required_params(op: &Operation) -> Vec<&Param> {
    // A parameter the path names twice (`/a/{id}/b/{id}`) is one argument.
    let mut indexes: Vec<usize> = Vec::new();
    for part in &op.path_parts {
        if let PathPart::Param { index, .. } = part {
            if !indexes.contains(index) {
                indexes.push(*index);
            }
        }
    }
    let mut out: Vec<&Param> = indexes.iter().filter_map(|i| op.params.get(*i)).collect();
    out.extend(
        op.params
            .iter()
            .filter(|p| p.required && p.location != ParamLocation::Path),
    );
    out
}

/// `impl Into<String>` for strings, the type itself otherwise.
fn arg_type(cx: &Context, ty: &Ty) -> (TokenStream, bool) {
    match ty {
        Ty::String => (quote!(impl Into<String>), true),
        other => (ty_tokens(cx, other, true), false),
    }
}

/// The setter argument of an optional parameter and how it becomes the
/// stored `Option`: the value itself or an `Option` of it (`None` unsets).
fn optional_arg(cx: &Context, ty: &Ty) -> (TokenStream, TokenStream) {
    match ty {
        Ty::String => (
            quote!(impl runtime::OptionalString),
            quote!(runtime::OptionalString::into_option(value)),
        ),
        other => {
            let ty = ty_tokens(cx, other, true);
            (quote!(impl Into<Option<#ty>>), quote!(value.into()))
        }
    }
}

fn client_method(cx: &Context, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.type_name);
    let docs = super::op_docs::method_docs(cx, op);
    let dep = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let required = required_params(op);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &required {
        let name = ident(&p.rust_name);
        let (ty, into) = arg_type(cx, &p.ty);
        args.push(quote!(#name: #ty));
        inits.push(if into {
            quote!(#name: #name.into())
        } else {
            quote!(#name)
        });
    }
    for p in op.params.iter().filter(|p| !p.required) {
        let name = ident(&p.rust_name);
        inits.push(quote!(#name: None));
    }
    if let Some(body) = &op.body {
        if body.required {
            let (ty, into) = body_arg(cx, body);
            args.push(quote!(body: #ty));
            inits.push(if into {
                quote!(body: body.into())
            } else {
                quote!(body)
            });
        } else {
            inits.push(quote!(body: None));
        }
        if !streamable_files(cx, body).is_empty() {
            inits.push(quote!(streamed_files: Vec::new()));
        }
    }
    let params = params_name(op);
    let gate = cx.op_gate(op);
    quote! {
        #docs
        #dep
        #gate
        pub fn #method(&self, #(#args),*) -> #builder {
            self.builder(#params { #(#inits,)* })
        }
    }
}

/// The struct of an operation's parameters and body: its builder is
/// `runtime::Builder` of it.
fn params_name(op: &Operation) -> proc_macro2::Ident {
    op_ident(op, OpItem::Params)
}
