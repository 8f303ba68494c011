//! What an operation returns: its success and error types, response
//! headers, and decoding by status.

use crate::analyze::reach::{op_groups, Group};
use crate::emit::context::Context;
use crate::emit::docs::doc;
use crate::emit::{ident, op_ident, ty_tokens, OpItem};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Success type, error type and headers type of an operation.
pub(super) struct Outcome {
    pub(super) ok: TokenStream,
    pub(super) err: TokenStream,
    pub(super) headers: TokenStream,
    pub(super) items: Vec<TokenStream>,
    pub(super) has_errors: bool,
}

fn body_type(cx: &Context, body: &Option<ResponseBody>) -> TokenStream {
    match body {
        Some(b) => ty_tokens(cx, &b.ty, true),
        None => quote!(()),
    }
}

pub(super) fn outcome(cx: &Context, op: &Operation) -> Outcome {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let mut items = Vec::new();

    let ok = match successes.as_slice() {
        [] => quote!(Vec<u8>),
        [one] => body_type(cx, &one.body),
        many => {
            let name = op_ident(op, OpItem::Response);
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
        let name = op_ident(op, OpItem::Error);
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
        let name = op_ident(op, OpItem::Headers);
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
pub(super) fn shared_errors(cx: &Context) -> TokenStream {
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
pub(super) fn header_fields(op: &Operation) -> Vec<&ResponseHeader> {
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
pub(super) fn shared_headers(cx: &Context) -> TokenStream {
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
pub(super) fn decode(
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
