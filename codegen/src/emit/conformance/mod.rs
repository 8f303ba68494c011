//! The conformance program of one API: for every operation, calls with
//! sample values synthesized from the spec, sent through the generated
//! client (`cargo xtask conformance`). Values come from the spec's examples,
//! `default`s, enum values, values valid for the `format`, bounds and
//! lengths; every required property is set, each optional one in a share of
//! the calls chosen by a seeded random number generator, so the same seed
//! gives the same program.
//!
//! The program is the calls only: `harness` (the wiretap and the JSON lines
//! of each outcome) is a fixed module the xtask writes beside it. Its
//! interface: `harness::run(|tap| async { .. })`, `tap.call(pointer, id,
//! index, control, future).await`.
//!
//! What the IR does not keep about a value (its `format` when it is a plain
//! string, `pattern`, the bounds of a parameter, `examples`) the caller
//! gives as [`Hints`]: the raw schema of each field and parameter.

use super::context::Context;
use super::ident;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::BTreeMap;

/// How deep values nest before optional fields are left out.
const OPTIONAL_DEPTH: usize = 3;
/// How deep values nest at all: a required recursion deeper than this
/// cannot be sampled.
const MAX_DEPTH: usize = 10;

/// Raw schemas the IR does not keep, found by the caller in the document.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// (struct, field wire name) → the property's schema.
    pub fields: BTreeMap<(TypeId, String), Value>,
    /// (operation index, parameter index) → the parameter's schema, with
    /// the parameter's own `example`/`examples` merged in.
    pub params: BTreeMap<(usize, usize), Value>,
    /// A type's own schema (aliases of strings with a `format`).
    pub types: BTreeMap<TypeId, Value>,
}

/// What to generate.
pub struct Plan<'a> {
    /// The client crate's name as a path (`conformance_client`).
    pub crate_ident: &'a str,
    pub seed: u64,
    /// Calls per operation.
    pub calls: usize,
    pub hints: &'a Hints,
}

/// One call the program makes, for the caller's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCall {
    pub operation: usize,
    pub index: usize,
    /// The negative control: a value outside an enum.
    pub control: bool,
}

/// The program's `main.rs`, and the calls it makes; operations whose
/// values cannot be synthesized (a required recursion) are listed with why.
pub fn program(cx: &Context, plan: &Plan) -> (TokenStream, Vec<PlannedCall>, Vec<(usize, String)>) {
    let krate = format_ident!("{}", plan.crate_ident);
    let module = ident(&cx.api.module);
    let mut fns = Vec::new();
    let mut calls = Vec::new();
    let mut skipped = Vec::new();
    let mut control_done = false;
    for (oi, op) in cx.api.operations.iter().enumerate() {
        for ci in 0..plan.calls {
            let mut rng = Rng::new(plan.seed, oi as u64, ci as u64);
            let mut s = Sampler {
                cx,
                hints: plan.hints,
                rng: &mut rng,
                call: ci,
                control: None,
                fill: false,
            };
            match s.call(oi, op) {
                Ok(expr) => {
                    fns.push(call_fn(op, oi, ci, false, expr));
                    calls.push(PlannedCall {
                        operation: oi,
                        index: ci,
                        control: false,
                    });
                }
                Err(why) => {
                    skipped.push((oi, why));
                    break;
                }
            }
        }
        if !control_done {
            let mut rng = Rng::new(plan.seed, oi as u64, u64::MAX);
            let mut s = Sampler {
                cx,
                hints: plan.hints,
                rng: &mut rng,
                call: 0,
                control: Some(false),
                fill: false,
            };
            if let Ok(expr) = s.call(oi, op) {
                if s.control == Some(true) {
                    fns.push(call_fn(op, oi, plan.calls, true, expr));
                    calls.push(PlannedCall {
                        operation: oi,
                        index: plan.calls,
                        control: true,
                    });
                    control_done = true;
                }
            }
        }
    }
    let names: Vec<_> = calls
        .iter()
        .map(|c| format_ident!("call_{}_{}", c.operation, c.index))
        .collect();
    let auth = auth(cx);
    let tokens = quote! {
        //! Conformance calls: every operation, through the generated client.
        #![allow(deprecated, unused_imports, clippy::all)]

        mod harness;

        use #krate::#module::{self as api, types, Client};
        use #krate::runtime;
        use #krate::{chrono, serde_json, uuid};

        fn main() -> std::process::ExitCode {
            harness::run(|base_url| {
                let config = runtime::Config::new()
                    .retry(runtime::RetryPolicy::none())
                    #auth;
                Client::from_url(base_url, config).map_err(|e| e.to_string())
            }, |client, tap| async move {
                #( #names(&client, &tap).await; )*
            })
        }

        #(#fns)*
    };
    (tokens, calls, skipped)
}

/// Secrets for every security scheme, so that calls are authorized.
fn auth(cx: &Context) -> TokenStream {
    let mut out = TokenStream::new();
    for s in &cx.api.security_schemes {
        let name = ident(&s.rust_name);
        out.extend(match &s.kind {
            SchemeKind::ApiKey { .. } => quote!(.api_key(api::auth::#name, "conformance-key")),
            SchemeKind::Basic => quote!(.basic_auth(api::auth::#name, "conformance", "secret")),
            SchemeKind::Bearer
            | SchemeKind::OtherBearer
            | SchemeKind::OAuth2ClientCredentials { .. } => {
                quote!(.bearer_token(api::auth::#name, "conformance-token"))
            }
        });
    }
    out
}

fn call_fn(op: &Operation, oi: usize, ci: usize, control: bool, expr: TokenStream) -> TokenStream {
    let name = format_ident!("call_{}_{}", oi, ci);
    let pointer = &op.pointer;
    let id = &op.wire_id;
    let index = ci;
    quote! {
        async fn #name(client: &Client, tap: &harness::Tap) {
            let pointer = #pointer;
            let sent = async { #expr.send().await };
            tap.call(pointer, #id, #index, #control, sent).await;
        }
    }
}

mod sampler;
use sampler::*;

#[cfg(test)]
mod tests;
