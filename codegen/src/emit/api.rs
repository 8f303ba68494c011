//! Servers, the client and one builder per operation (`mod.rs` of each API
//! module).

use super::context::Context;
use super::docs::{doc, inner_doc};
use super::encoding::{array_form, encodings};
use super::{ident, is_param_value, ty_tokens, Piece};
use crate::analyze::reach::{op_groups, Group};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// `mod.rs` as a list of top-level pieces: everything up to the client's
/// `impl`, then one piece per operation's builder.
pub fn api_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    let mut pieces: Vec<Piece<'a>> = vec![Box::new(move || api_head(cx))];
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
    format_ident!("{}Params", op.type_name)
}

/// Success type, error type and headers type of an operation.
struct Outcome {
    ok: TokenStream,
    err: TokenStream,
    headers: TokenStream,
    items: Vec<TokenStream>,
    has_errors: bool,
}

fn body_type(cx: &Context, body: &Option<ResponseBody>) -> TokenStream {
    match body {
        Some(b) => ty_tokens(cx, &b.ty, true),
        None => quote!(()),
    }
}

fn outcome(cx: &Context, op: &Operation) -> Outcome {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let mut items = Vec::new();
    let op_name = &op.type_name;

    let ok = match successes.as_slice() {
        [] => quote!(Vec<u8>),
        [one] => body_type(cx, &one.body),
        many => {
            let name = format_ident!("{}Response", op_name);
            let variants = many.iter().map(|r| {
                let v = ident(&r.variant);
                let docs = doc(&[Some(&r.description)]);
                match &r.body {
                    Some(b) => {
                        let ty = ty_tokens(cx, &b.ty, true);
                        quote! { #docs #v(#ty), }
                    }
                    None => quote! { #docs #v, },
                }
            });
            let doc_line = format!(
                " The documented successful responses of [`Client::{}`].",
                op.method_name
            );
            let doc_line = doc(&[Some(&doc_line)]);
            items.push(quote! {
                #doc_line
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            });
            quote!(#name)
        }
    };

    let err = if errors.is_empty() {
        quote!(std::convert::Infallible)
    } else {
        let name = format_ident!("{}Error", op_name);
        match &op.shared_error {
            Some(shared) => {
                let shared = ident(shared);
                let doc_line = format!(
                    " The documented error responses of [`Client::{}`], chosen by status code (the same as other operations').",
                    op.method_name
                );
                let doc_line = doc(&[Some(&doc_line)]);
                items.push(quote! {
                    #doc_line
                    pub type #name = #shared;
                });
            }
            None => {
                let doc_line = format!(
                    " The documented error responses of [`Client::{}`], chosen by status code.",
                    op.method_name
                );
                items.push(error_enum(cx, &name, &errors, &doc_line));
            }
        }
        quote!(#name)
    };

    let header_fields = header_fields(op);
    let headers = if header_fields.is_empty() {
        quote!(runtime::NoHeaders)
    } else {
        let name = format_ident!("{}Headers", op_name);
        match &op.shared_headers {
            Some(shared) => {
                let shared = ident(shared);
                let doc_line = format!(
                    " Response headers [`Client::{}`] documents, typed (the same as other operations').",
                    op.method_name
                );
                let doc_line = doc(&[Some(&doc_line)]);
                items.push(quote! {
                    #doc_line
                    pub type #name = #shared;
                });
            }
            None => {
                let doc_line = format!(
                    " Response headers [`Client::{}`] documents, typed.",
                    op.method_name
                );
                items.extend(headers_struct(cx, &name, &header_fields, &doc_line));
            }
        }
        quote!(#name)
    };
    Outcome {
        ok,
        err,
        headers,
        items,
        has_errors: !errors.is_empty(),
    }
}

/// An enum of error responses, a variant each.
fn error_enum(
    cx: &Context,
    name: &proc_macro2::Ident,
    errors: &[&Response],
    doc_line: &str,
) -> TokenStream {
    let doc_line = doc(&[Some(doc_line)]);
    let variants = errors.iter().map(|r| {
        let v = ident(&r.variant);
        let docs = doc(&[Some(&r.description)]);
        match &r.body {
            Some(b) => {
                let ty = ty_tokens(cx, &b.ty, true);
                quote! { #docs #v(#ty), }
            }
            None => quote! { #docs #v, },
        }
    });
    quote! {
        #doc_line
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The error enums that several operations share (see
/// `naming::name_shared_errors`), each gated on any of its operations.
fn shared_errors(cx: &Context) -> TokenStream {
    let mut users: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &cx.api.operations {
        if let Some(shared) = &op.shared_error {
            users.entry(shared.as_str()).or_default().push(op);
        }
    }
    let mut out = TokenStream::new();
    for (name, ops) in users {
        let groups: BTreeSet<Group> = ops.iter().flat_map(|op| op_groups(cx.api, op)).collect();
        let gate = cx.gate(&groups);
        let doc_line = format!(
            " The documented error responses of {} operations, chosen by status code.",
            ops.len()
        );
        let errors: Vec<&Response> = ops[0]
            .responses
            .iter()
            .filter(|r| !r.is_success())
            .collect();
        let item = error_enum(cx, &ident(name), &errors, &doc_line);
        out.extend(quote!(#gate #item));
    }
    out
}

/// The response headers an operation documents, each once.
fn header_fields(op: &Operation) -> Vec<&ResponseHeader> {
    let mut fields: Vec<&ResponseHeader> = Vec::new();
    for h in op.responses.iter().flat_map(|r| &r.headers) {
        if !fields.iter().any(|f| f.rust_name == h.rust_name) {
            fields.push(h);
        }
    }
    fields
}

/// A response-headers struct and its `FromHeaders`.
fn headers_struct(
    cx: &Context,
    name: &proc_macro2::Ident,
    header_fields: &[&ResponseHeader],
    doc_line: &str,
) -> [TokenStream; 2] {
    let doc_line = doc(&[Some(doc_line)]);
    let fields = header_fields.iter().map(|h| {
        let f = ident(&h.rust_name);
        let ty = ty_tokens(cx, &h.ty, true);
        let docs = doc(&[
            h.description.as_deref(),
            Some(&format!("`{}`", h.wire_name)),
        ]);
        quote! { #docs pub #f: Option<#ty>, }
    });
    let parse = header_fields.iter().map(|h| {
        let f = ident(&h.rust_name);
        let wire = &h.wire_name;
        quote! { #f: runtime::typed_header(headers, #wire), }
    });
    [
        quote! {
            #doc_line
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct #name {
                #(#fields)*
            }
        },
        quote! {
            impl runtime::FromHeaders for #name {
                fn from_headers(headers: &runtime::HeaderMap) -> Self {
                    Self { #(#parse)* }
                }
            }
        },
    ]
}

/// The response-headers structs that several operations share (see
/// `naming::name_shared_headers`), each gated on any of its operations.
fn shared_headers(cx: &Context) -> TokenStream {
    let mut users: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &cx.api.operations {
        if let Some(shared) = &op.shared_headers {
            users.entry(shared.as_str()).or_default().push(op);
        }
    }
    let mut out = TokenStream::new();
    for (name, ops) in users {
        let groups: BTreeSet<Group> = ops.iter().flat_map(|op| op_groups(cx.api, op)).collect();
        let gate = cx.gate(&groups);
        let doc_line = format!(
            " Response headers that {} operations document, typed.",
            ops.len()
        );
        for item in headers_struct(cx, &ident(name), &header_fields(ops[0]), &doc_line) {
            out.extend(quote!(#gate #item));
        }
    }
    out
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(r * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The `match` on the status that decodes a response. With `streamed`, the
/// one success is taken as that stream and the other statuses are read
/// whole first.
fn decode(
    cx: &Context,
    op: &Operation,
    outcome: &Outcome,
    streamed: Option<&TokenStream>,
) -> TokenStream {
    let whole = |arm: TokenStream| match streamed {
        Some(_) => quote!({
            let response = response.whole().await?;
            #arm
        }),
        None => arm,
    };
    let successes = op.responses.iter().filter(|r| r.is_success()).count();
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    // Exact codes, then ranges, then `default`.
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let ok_name = &outcome.ok;
    // A shared enum by its own (shorter) name.
    let err_name = match &op.shared_error {
        Some(shared) => {
            let shared = ident(shared);
            quote!(#shared)
        }
        None => outcome.err.clone(),
    };
    let mut arms = Vec::new();
    let mut default_arm = None;
    for r in &ordered {
        let pat = status_pattern(r.status);
        let v = ident(&r.variant);
        let arm = if let (true, Some(take)) = (r.is_success(), streamed) {
            take.clone()
        } else if r.is_success() {
            let decoded = match &r.body {
                Some(b) => match b.kind {
                    BodyKind::Json => quote!(response.json()),
                    BodyKind::Text => quote!(response.text()),
                    BodyKind::Bytes | BodyKind::Form | BodyKind::Multipart => {
                        quote!(response.bytes())
                    }
                },
                None => quote!(response.empty()),
            };
            if successes > 1 {
                if let Some(b) = r.body.as_ref().filter(|b| b.kind == BodyKind::Json) {
                    // The closure needs the body type spelled out.
                    let ty = ty_tokens(cx, &b.ty, true);
                    quote!(response.json::<#ty, _, _>().map(|r| r.map(#ok_name::#v)))
                } else if r.body.is_some() {
                    quote!(#decoded.map(|r| r.map(#ok_name::#v)))
                } else {
                    quote!(#decoded.map(|r| r.map(|()| #ok_name::#v)))
                }
            } else {
                decoded
            }
        } else {
            let e = match &r.body {
                Some(b) => match b.kind {
                    BodyKind::Json => quote!(response.json_error(#err_name::#v)),
                    BodyKind::Text => quote!(response.text_error(#err_name::#v)),
                    BodyKind::Bytes | BodyKind::Form | BodyKind::Multipart => {
                        quote!(response.bytes_error(#err_name::#v))
                    }
                },
                None => quote!(response.empty_error(#err_name::#v)),
            };
            whole(quote!(Err(#e)))
        };
        if r.status == StatusMatch::Default {
            default_arm = Some(quote!(#pat => #arm,));
        } else {
            arms.push(quote!(#pat => #arm,));
        }
    }
    if successes == 0 {
        // Nothing documented as success: keep a 2xx body as bytes.
        arms.push(quote!(200..=299 => response.bytes(),));
    }
    let unexpected = whole(quote!(Err(response.unexpected())));
    arms.push(default_arm.unwrap_or_else(|| quote!(_ => #unexpected,)));
    quote! {
        match response.status() {
            #(#arms)*
        }
    }
}

fn builder(cx: &Context, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let outcome = outcome(cx, op);
    let (ok, err, headers) = (&outcome.ok, &outcome.err, &outcome.headers);
    let streamed = streamed(cx, op);
    // A success that is only a stream is what `send` returns.
    let send_streams = streamed.as_ref().filter(|s| s.only);
    let ok = send_streams.map_or(ok, |s| &s.body);
    let result = format_ident!("{}Result", op.type_name);
    let failure = format_ident!("{}Failure", op.type_name);

    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let f = ident(&p.rust_name);
        let ty = ty_tokens(cx, p.ty.strip_option(), true);
        if p.required {
            fields.push(quote!(#f: #ty));
        } else {
            fields.push(quote!(#f: Option<#ty>));
            let docs = doc(&[
                p.description.as_deref(),
                Some(&format!(
                    "`{}` ({} parameter)",
                    p.wire_name,
                    format!("{:?}", p.location).to_lowercase()
                )),
            ]);
            let dep = if p.deprecated {
                quote!(#[deprecated])
            } else {
                TokenStream::new()
            };
            let (arg, value) = optional_arg(cx, p.ty.strip_option());
            setters.push(quote! {
                #docs
                #dep
                pub fn #f(mut self, value: #arg) -> Self {
                    self.params.#f = #value;
                    self
                }
            });
        }
    }
    let mut body_items = Vec::new();
    if let Some(body) = &op.body {
        let ty = body_field_type(cx, body);
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: Option<#ty>));
            let docs = doc(&[body.description.as_deref(), Some("The request body.")]);
            let (arg, into) = body_arg(cx, body);
            let value = if into {
                quote!(value.into())
            } else {
                quote!(value)
            };
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: #arg) -> Self {
                    self.params.body = Some(#value);
                    self
                }
            });
        }
        body_items = content_enum(cx, op, body);
        let files = streamable_files(cx, body);
        if !files.is_empty() {
            fields.push(quote!(streamed_files: Vec<(String, runtime::FilePart)>));
            let names = files
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let docs = format!(
                " Streams a file part in place of the body's file property `property` ({names}): read while sending, never held whole; the property's value in the body is not sent."
            );
            let docs = doc(&[Some(&docs)]);
            setters.push(quote! {
                #docs
                pub fn stream_file(mut self, property: &str, part: runtime::FilePart) -> Self {
                    self.params.streamed_files.push((property.to_owned(), part));
                    self
                }
            });
        }
    }

    let params = params_name(op);
    let request = request_body(cx, op);
    let request_sig = quote! {
        fn request(self) -> Result<runtime::Request, runtime::InvalidRequest>
    };
    let mut impls = Vec::new();
    // A stream-only success: `send` is an `async fn` of its own, awaited
    // boxed like `runtime::call`; otherwise `runtime::Builder` sends with the
    // operation's `request` and `decode`.
    match send_streams {
        Some(s) => {
            let docs = format!(
                " Sends the request; a success (`{}`) is returned as a stream of {}. Other statuses decode by their status.",
                s.content_type, s.what
            );
            let execute = execute_streaming(cx, op, &outcome, s, quote!(#params::request));
            let docs = doc(&[Some(&docs)]);
            setters.push(quote! {
                #docs
                pub async fn send(self) -> #result {
                    #execute
                }
            });
            impls.push(quote! {
                impl #params {
                    #request_sig {
                        #request
                    }
                }
            });
            impls.push(quote! {
                impl std::future::IntoFuture for #name {
                    type Output = #result;
                    type IntoFuture = runtime::Call<#result>;

                    fn into_future(self) -> Self::IntoFuture {
                        Box::pin(self.send())
                    }
                }
            });
        }
        None => {
            let decode = decode(cx, op, &outcome, None);
            impls.push(quote! {
                impl runtime::Operation for #params {
                    type Ok = #ok;
                    type Err = #err;
                    type Headers = #headers;

                    #request_sig {
                        #request
                    }

                    fn decode(response: runtime::RawResponse) -> #result {
                        #decode
                    }
                }
            });
        }
    }
    if let Some(s) = streamed.as_ref().filter(|s| !s.only) {
        setters.push(send_streaming(cx, op, &outcome, s));
    }
    let doc_line = doc(&[Some(&format!(
        " A `{} {}` request; send it with `.send().await` or just `.await` ([`runtime::Builder`] has `send`, `timeout` and `retry`).",
        op.method.as_str(),
        op.path
    ))]);
    let params_doc = format!(
        " The parameters of [`Client::{}`], set by it and by the setters of [`{}`].",
        op.method_name, name
    );
    let result_doc = format!("What [`Client::{}`] returns once sent.", op.method_name);
    let failure_doc = if outcome.has_errors {
        format!(
            "How [`Client::{}`] can fail; [`{}`] holds the documented error bodies.",
            op.method_name, err
        )
    } else {
        format!("How [`Client::{}`] can fail.", op.method_name)
    };
    let (result_doc, failure_doc) = (doc(&[Some(&result_doc)]), doc(&[Some(&failure_doc)]));
    let params_doc = doc(&[Some(&params_doc)]);
    // `NoHeaders` is the default of both.
    let headers_arg = headers_arg(op, headers);
    let mut items = outcome.items;
    items.extend(body_items);
    items.push(quote! {
        #result_doc
        pub type #result = Result<runtime::ResponseValue<#ok #headers_arg>, #failure>;
    });
    items.push(quote! {
        #failure_doc
        pub type #failure = runtime::Error<#err #headers_arg>;
    });
    items.push(quote! {
        #doc_line
        pub type #name = runtime::Builder<#params>;
    });
    items.push(quote! {
        #params_doc
        #[derive(Debug)]
        pub struct #params {
            #(#fields,)*
        }
    });
    if !setters.is_empty() {
        items.push(quote! {
            impl #name {
                #(#setters)*
            }
        });
    }
    items.extend(impls);
    let gate = cx.op_gate(op);
    items
        .into_iter()
        .map(|item| quote! { #gate #item })
        .collect()
}

/// The headers argument of `ResponseValue` and `Error`: none for
/// `NoHeaders`, their default.
fn headers_arg(op: &Operation, headers: &TokenStream) -> Option<TokenStream> {
    (!header_fields(op).is_empty()).then(|| quote!(, #headers))
}

/// `send_streaming`, when the operation's one success can be consumed as it
/// arrives: it returns that stream instead of the whole body.
fn send_streaming(
    cx: &Context,
    op: &Operation,
    outcome: &Outcome,
    streamed: &Streamed,
) -> TokenStream {
    let Streamed {
        body,
        what,
        content_type,
        ..
    } = streamed;
    let headers = headers_arg(op, &outcome.headers);
    let failure = format_ident!("{}Failure", op.type_name);
    let params = params_name(op);
    let execute = execute_streaming(
        cx,
        op,
        outcome,
        streamed,
        quote!(<#params as runtime::Operation>::request),
    );
    let docs = format!(
        " Sends the request; a success (`{content_type}`) is returned as a stream of {what}. Other statuses decode as with [`Self::send`]."
    );
    let docs = doc(&[Some(&docs)]);
    quote! {
        #docs
        pub async fn send_streaming(self) -> Result<runtime::ResponseValue<#body #headers>, #failure> {
            #execute
        }
    }
}

/// Sends the request built by `request` (leaving the body unread) and
/// decodes the response: the one success as the stream, other statuses
/// read whole.
fn execute_streaming(
    cx: &Context,
    op: &Operation,
    outcome: &Outcome,
    streamed: &Streamed,
    request: TokenStream,
) -> TokenStream {
    let accept = match &op.headers.accept_streamed {
        Some(a) => quote!(Some(#a)),
        None => quote!(None),
    };
    let decode = decode(cx, op, outcome, Some(&streamed.take));
    quote! {
        let response = runtime::execute_streaming(self, #request, #accept).await?;
        #decode
    }
}

/// How the operation's one success is taken as a stream.
struct Streamed {
    /// The stream type.
    body: TokenStream,
    /// The `StreamingResponse` call that makes it.
    take: TokenStream,
    what: &'static str,
    content_type: String,
    /// The response has no other content: `send` returns the stream.
    only: bool,
}

/// The stream of the operation's one success response, if it has one.
fn streamed(cx: &Context, op: &Operation) -> Option<Streamed> {
    let mut successes = op.responses.iter().filter(|r| r.is_success());
    let (Some(success), None) = (successes.next(), successes.next()) else {
        return None;
    };
    let stream = success.stream.as_ref()?;
    let item = ty_tokens(cx, &stream.item, true);
    let (body, take, what) = match stream.kind {
        StreamKind::Events if stream.item == Ty::String => (
            quote!(runtime::EventStream<String>),
            quote!(response.text_events()),
            "events (`text/event-stream`), their `data` as text",
        ),
        StreamKind::Events => (
            quote!(runtime::EventStream<#item>),
            quote!(response.events()),
            "events (`text/event-stream`), their `data` decoded",
        ),
        StreamKind::JsonLines => (
            quote!(runtime::ItemStream<#item>),
            quote!(response.json_lines()),
            "JSON values, one per line",
        ),
        StreamKind::JsonSeq => (
            quote!(runtime::ItemStream<#item>),
            quote!(response.json_seq()),
            "JSON values of a JSON text sequence",
        ),
        StreamKind::Bytes => (
            quote!(runtime::ByteStream),
            quote!(response.byte_stream()),
            "chunks of bytes, never held whole",
        ),
    };
    Some(Streamed {
        body,
        take,
        what,
        content_type: stream.content_type.clone(),
        only: stream.only,
    })
}

/// The body of an operation's `request`: builds the request from the
/// parameters (`self`, owned, so an upload moves into the request).
fn request_body(cx: &Context, op: &Operation) -> TokenStream {
    let id = &op.wire_id;
    let method = op.method.as_str();
    let path = &op.path;
    let idempotency = match &op.headers.idempotency {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };
    let request_id = match &op.headers.request_id {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };

    let alternatives = op.security.iter().map(|set| {
        let schemes = set
            .iter()
            .filter_map(|i| cx.api.security_schemes.get(*i))
            .map(scheme_static);
        quote!(&[#(&#schemes),*])
    });
    let security = quote!(&[#(#alternatives),*]);

    let mut steps = Vec::new();
    if let Some(accept) = &op.headers.accept {
        steps.push(quote!(request.header("accept", #accept)?;));
    }
    for part in &op.path_parts {
        match part {
            PathPart::Literal(l) => steps.push(quote!(request.path_literal(#l);)),
            PathPart::Param {
                index,
                whole_segment,
            } => {
                let Some(p) = op.params.get(*index) else {
                    continue;
                };
                let f = ident(&p.rust_name);
                let wire = &p.wire_name;
                let value = param_ref(cx, &p.ty, quote!(&self.#f));
                steps.push(quote!(request.path_param(#wire, #value, #whole_segment)?;));
            }
        }
    }
    for (name, value) in &op.fixed_query {
        steps.push(quote!(request.query(#name, #value);));
    }
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let f = ident(&p.rust_name);
        let wire = &p.wire_name;
        let ty = p.ty.strip_option();
        let step = |value: TokenStream| -> TokenStream {
            match (p.location, ty) {
                (ParamLocation::Query, Ty::Array(item)) if is_param_value(cx, item) => {
                    let style = query_style(p.style, cx.api.form_arrays);
                    quote!(request.query_list(#wire, #value, #style);)
                }
                (ParamLocation::Query, t) if !is_param_value(cx, t) => {
                    let style = query_style(p.style, cx.api.form_arrays);
                    quote!(request.query_structured(#wire, #value, #style);)
                }
                (ParamLocation::Query, t) => {
                    let v = param_ref(cx, t, value);
                    quote!(request.query(#wire, #v);)
                }
                (ParamLocation::Header, Ty::Array(item)) if is_param_value(cx, item) => {
                    quote!(request.header_list(#wire, #value)?;)
                }
                (ParamLocation::Header, t) => {
                    let v = param_ref(cx, t, value);
                    quote!(request.header(#wire, #v)?;)
                }
                (ParamLocation::Cookie, t) => {
                    let v = param_ref(cx, t, value);
                    quote!(request.cookie(#wire, #v)?;)
                }
                (ParamLocation::QueryString(QueryStringFormat::Form), _) => {
                    quote!(request.query_string_form(#wire, #value)?;)
                }
                (ParamLocation::QueryString(QueryStringFormat::Json), _) => {
                    quote!(request.query_string_json(#wire, #value)?;)
                }
                (ParamLocation::QueryString(QueryStringFormat::Raw), _) => {
                    quote!(request.query_string_raw(#value);)
                }
                (ParamLocation::Path, _) => TokenStream::new(),
            }
        };
        // An optional plain value in the query or a header: one call, which
        // skips `None`.
        let plain = !matches!(ty, Ty::Array(_)) && is_param_value(cx, ty);
        if p.required {
            steps.push(step(quote!(&self.#f)));
        } else if plain && p.location == ParamLocation::Query {
            steps.push(quote!(request.optional_query(#wire, self.#f.as_ref());));
        } else if plain && p.location == ParamLocation::Header {
            steps.push(quote!(request.optional_header(#wire, self.#f.as_ref())?;));
        } else {
            let inner = step(quote!(value));
            steps.push(quote! { if let Some(value) = &self.#f { #inner } });
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| is_upload(b)) {
        let ct = body.contents.iter().map(|c| &c.content_type);
        if body.required {
            steps.push(quote!(request.upload(#(#ct)*, self.body);));
        } else {
            steps.push(
                quote! { if let Some(value) = self.body { request.upload(#(#ct)*, value); } },
            );
        }
    } else if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| !streamable_files(cx, b).is_empty())
    {
        steps.push(multipart_upload(cx, body));
    } else if let Some(body) = &op.body {
        let send = |value: TokenStream| -> TokenStream {
            match body.contents.as_slice() {
                [one] => put_body(cx, one, value),
                contents => {
                    let name = ident(&body.enum_name);
                    let arms = contents.iter().map(|c| {
                        let variant = ident(&c.variant);
                        let put = put_body(cx, c, quote!(value));
                        quote!(#name::#variant(value) => { #put })
                    });
                    quote! { match #value { #(#arms)* } }
                }
            }
        };
        if body.required {
            steps.push(send(quote!(&self.body)));
        } else {
            let inner = send(quote!(value));
            steps.push(quote! { if let Some(value) = &self.body { #inner } });
        }
    }
    quote! {
        static META: runtime::OperationMeta = runtime::OperationMeta {
            id: #id,
            method: #method,
            path: #path,
            idempotency_header: #idempotency,
            request_id_header: #request_id,
            security: #security,
        };
        let mut request = runtime::Request::new(&META);
        #(#steps)*
        Ok(request)
    }
}

/// Validates (where the type has constraints) and attaches one body content.
fn put_body(cx: &Context, content: &BodyContent, value: TokenStream) -> TokenStream {
    let ct = &content.content_type;
    let ty = content.ty.strip_option();
    let check = if cx.ty_validates(ty) {
        quote!(runtime::Validate::validate(#value, "body")?;)
    } else {
        TokenStream::new()
    };
    let arrays = array_form(cx.api.form_arrays);
    let put = match (content.kind, encodings(content)) {
        (BodyKind::Json, _) => quote!(request.json(#ct, #value)?;),
        (BodyKind::Form, None) => quote!(request.form(#value)?;),
        (BodyKind::Form, Some(encodings)) => {
            quote!(request.form_with(#value, #encodings, #arrays)?;)
        }
        (BodyKind::Multipart, None) => {
            let files = binary_properties(cx, ty);
            quote!(request.multipart(#value, &[#(#files),*])?;)
        }
        (BodyKind::Multipart, Some(encodings)) => {
            let files = binary_properties(cx, ty);
            quote!(request.multipart_with(#value, &[#(#files),*], #encodings, #arrays)?;)
        }
        (BodyKind::Text, _) => quote!(request.text(#ct, #value);),
        (BodyKind::Bytes, _) => quote!(request.bytes(#ct, Clone::clone(#value));),
    };
    quote!(#check #put)
}

/// A multipart body whose file parts may be streamed: validated when set,
/// then sent from the parts there are. An optional body left unset still
/// sends the streamed parts (nothing is sent only when there are none).
fn multipart_upload(cx: &Context, body: &Body) -> TokenStream {
    let Some(one) = body.contents.first() else {
        return TokenStream::new();
    };
    let files = streamable_files(cx, body);
    let check = if cx.ty_validates(one.ty.strip_option()) {
        quote!(runtime::Validate::validate(value, "body")?;)
    } else {
        TokenStream::new()
    };
    let arrays = array_form(cx.api.form_arrays);
    let send = match encodings(one) {
        None => quote!(request.multipart_upload(&self.body, &[#(#files),*], self.streamed_files)?;),
        Some(encodings) => quote! {
            request.multipart_upload_with(&self.body, &[#(#files),*], #encodings, #arrays, self.streamed_files)?;
        },
    };
    let check = match (body.required, check.is_empty()) {
        (_, true) => TokenStream::new(),
        (true, false) => quote! { { let value = &self.body; #check } },
        (false, false) => quote! { if let Some(value) = &self.body { #check } },
    };
    quote!(#check #send)
}

/// A body of raw bytes and nothing else: the caller may stream it
/// (`runtime::Upload`, from bytes, a file or a stream).
fn is_upload(body: &Body) -> bool {
    matches!(body.contents.as_slice(), [one] if one.kind == BodyKind::Bytes)
}

/// The file properties of a body that is only multipart: each may be
/// streamed (`stream_file`).
fn streamable_files(cx: &Context, body: &Body) -> Vec<String> {
    match body.contents.as_slice() {
        [one] if one.kind == BodyKind::Multipart => binary_properties(cx, one.ty.strip_option()),
        _ => Vec::new(),
    }
}

/// The builder's stored body type: the one content's type, or the content
/// enum.
fn body_field_type(cx: &Context, body: &Body) -> TokenStream {
    if is_upload(body) {
        return quote!(runtime::Upload);
    }
    match body.contents.as_slice() {
        [one] => ty_tokens(cx, one.ty.strip_option(), true),
        _ => {
            let name = ident(&body.enum_name);
            quote!(#name)
        }
    }
}

/// The type a caller passes for the body, and whether it goes through
/// `Into` (always for a content enum, so each content's type is accepted).
fn body_arg(cx: &Context, body: &Body) -> (TokenStream, bool) {
    if is_upload(body) {
        return (quote!(impl Into<runtime::Upload>), true);
    }
    match body.contents.as_slice() {
        [one] => (ty_tokens(cx, one.ty.strip_option(), true), false),
        _ => {
            let name = ident(&body.enum_name);
            (quote!(impl Into<#name>), true)
        }
    }
}

/// With several content types: the enum the caller picks one with, and a
/// `From` for each content type whose Rust type is not shared with an
/// earlier one.
fn content_enum(cx: &Context, op: &Operation, body: &Body) -> Vec<TokenStream> {
    if body.contents.len() < 2 {
        return Vec::new();
    }
    let name = ident(&body.enum_name);
    let mut variants = Vec::new();
    let mut froms = Vec::new();
    let mut seen = Vec::new();
    for c in &body.contents {
        let variant = ident(&c.variant);
        let ty = c.ty.strip_option();
        let tokens = ty_tokens(cx, ty, true);
        let docs = doc(&[Some(&format!(" Sent as `{}`.", c.content_type))]);
        variants.push(quote! {
            #docs
            #variant(#tokens)
        });
        // Two contents may have one Rust type (a JSON value and an alias of
        // it): only the first gets the `From` impl.
        let same = cx.unalias(ty);
        if !seen.contains(&same) {
            seen.push(same);
            froms.push(quote! {
                impl From<#tokens> for #name {
                    fn from(value: #tokens) -> Self {
                        Self::#variant(value)
                    }
                }
            });
        }
    }
    let docs = doc(&[Some(&format!(
        " The body of `{}`, in one of the content types the operation accepts.",
        op.wire_id
    ))]);
    let mut items = vec![quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants,)*
        }
    }];
    items.extend(froms);
    items
}

/// Wire names of a multipart body's binary properties (sent as file parts).
fn binary_properties(cx: &Context, ty: &Ty) -> Vec<String> {
    let Ty::Named(id) = ty else { return Vec::new() };
    match cx.api.types.get(id).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .filter(|f| {
                matches!(f.ty.strip_option(), Ty::Bytes)
                    || matches!(f.ty.strip_option(), Ty::Array(i) if **i == Ty::Bytes)
            })
            .map(|f| f.wire_name.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// A `&dyn ParamValue`-compatible expression for `value` (a reference).
fn param_ref(cx: &Context, ty: &Ty, value: TokenStream) -> TokenStream {
    if is_param_value(cx, ty) {
        value
    } else {
        quote!(&runtime::AsJson(#value))
    }
}

/// The runtime's spelling of a query style.
fn query_style(style: QueryStyle, arrays: ArrayForm) -> TokenStream {
    match style {
        QueryStyle::Repeat => quote!(runtime::QueryStyle::Repeat),
        QueryStyle::Join(c) => quote!(runtime::QueryStyle::Join(#c)),
        QueryStyle::Deep => {
            let arrays = array_form(arrays);
            quote!(runtime::QueryStyle::Deep(#arrays))
        }
    }
}
