//! The rustdoc of an operation's client method: what the spec says about it,
//! each argument and optional parameter with its wire name and description,
//! what a success returns, the documented error statuses, how to send it,
//! and an example call built from the spec's examples.
//!
//! Spec text goes through [`super::docs::sanitize`]; the sentences around it
//! are ours. The example is generated code (see [`super::example`]).

use super::context::Context;
use super::docs::{close_fences, doc, inline, rust_example};
use super::example::{self, Place};
use super::{ident, OpItem};
use crate::ir::*;

/// What the docs say of an idempotency key header the caller leaves unset
/// (the runtime fills it in: `OperationMeta::idempotency_header`).
pub(crate) const IDEMPOTENCY_KEY_NOTE: &str =
    "When not set, the client generates one (a UUID) and sends the same key on every retry of the call.";
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `#[doc]` attributes of the client method of `op`: markdown of ours
/// around the spec's text, all through [`doc`] (so through the one
/// sanitizer), then the example (generated code, [`rust_example`]).
pub fn method_docs(cx: &Context, op: &Operation) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    let route = format!("`{} {}`", op.method.as_str(), inline(&op.path));
    for part in [
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&route),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|p| !p.is_empty())
    {
        paragraph(
            &mut lines,
            close_fences(part).lines().map(str::to_owned).collect(),
        );
    }
    arguments(cx, op, &mut lines);
    optional(cx, op, &mut lines);
    returns(cx, op, &mut lines);
    errors(cx, op, &mut lines);
    sending(op, &mut lines);
    let example = example_code(cx, op).map(|code| rust_example(&code));
    if example.is_some() {
        paragraph(&mut lines, vec!["# Example".to_owned()]);
    }
    let prose = doc(&[Some(&lines.join("\n"))]);
    quote! { #prose #example }
}

/// Appends `block` after a blank line (none before the first).
fn paragraph(lines: &mut Vec<String>, block: Vec<String>) {
    if block.is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(block);
}

fn heading(lines: &mut Vec<String>, title: &str) {
    paragraph(lines, vec![format!("# {title}")]);
    lines.push(String::new());
}

/// One list item: `- head: description`. A description of several lines
/// goes on below the item (the sanitizer keeps no indentation).
fn item(lines: &mut Vec<String>, head: &str, description: Option<&str>) {
    let text = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(close_fences);
    let mut desc = text
        .as_deref()
        .map(|t| t.lines().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter();
    match desc.next().map(str::trim) {
        // A fence or a block opener must start its own line.
        Some(first)
            if !first.is_empty()
                && !first.starts_with(['`', '~', '#', '>', '|', '-', '*', '+', '<']) =>
        {
            lines.push(format!("- {head}: {first}"));
        }
        Some(other) => {
            lines.push(format!("- {head}."));
            lines.push(other.to_owned());
        }
        None => lines.push(format!("- {head}.")),
    }
    lines.extend(desc.map(str::to_owned));
}

fn location(p: &Param) -> &'static str {
    match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::QueryString(_) => "query string",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// A type for prose: named types link to their page.
fn ty_md(cx: &Context, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => format!("[`types::{}`]", cx.type_name(*id)),
        Ty::Array(item) => format!("a `Vec` of {}", ty_md(cx, item)),
        Ty::Map(value) => format!("a map (by name) of {}", ty_md(cx, value)),
        Ty::Option(inner) => format!("{} or `null`", ty_md(cx, inner)),
        other => format!("`{}`", super::ty_tokens(cx, other, true)).replace(' ', ""),
    }
}

/// The path parameters (in path order), then the other required ones:
/// the arguments of the client method, in its order.
fn required(op: &Operation) -> Vec<&Param> {
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

fn arguments(cx: &Context, op: &Operation, lines: &mut Vec<String>) {
    let params = required(op);
    let body = op.body.as_ref().filter(|b| b.required);
    if params.is_empty() && body.is_none() {
        return;
    }
    heading(lines, "Arguments");
    for p in params {
        let head = format!(
            "`{}`: {} parameter `{}`, {}",
            p.rust_name,
            location(p),
            inline(&p.wire_name),
            ty_md(cx, &p.ty)
        );
        item(lines, &head, p.description.as_deref());
    }
    if let Some(body) = body {
        item(
            lines,
            &format!("`body`: {}", body_md(cx, body)),
            body.description.as_deref(),
        );
    }
}

fn body_md(cx: &Context, body: &Body) -> String {
    match body.contents.as_slice() {
        [one] => format!(
            "the request body, {} sent as `{}`",
            ty_md(cx, &one.ty),
            inline(&one.content_type)
        ),
        many => {
            let types: Vec<String> = many
                .iter()
                .map(|c| format!("`{}`", inline(&c.content_type)))
                .collect();
            format!(
                "the request body, a [`{}`] (one of {})",
                body.enum_name,
                types.join(", ")
            )
        }
    }
}

fn optional(cx: &Context, op: &Operation, lines: &mut Vec<String>) {
    let params: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let body = op.body.as_ref().filter(|b| !b.required);
    if params.is_empty() && body.is_none() {
        return;
    }
    heading(lines, "Optional parameters");
    lines.push("Setters of the request this method returns; unset ones are not sent.".to_owned());
    lines.push(String::new());
    for p in params {
        let head = format!(
            "`.{}(..)`: {} parameter `{}`, {}",
            p.rust_name,
            location(p),
            inline(&p.wire_name),
            ty_md(cx, p.ty.strip_option())
        );
        let description = match (p.description.as_deref(), op.is_idempotency_key(p)) {
            (Some(d), true) => Some(format!("{} {IDEMPOTENCY_KEY_NOTE}", d.trim_end())),
            (None, true) => Some(IDEMPOTENCY_KEY_NOTE.to_owned()),
            (d, false) => d.map(str::to_owned),
        };
        item(lines, &head, description.as_deref());
    }
    if let Some(body) = body {
        item(
            lines,
            &format!("`.body(..)`: {}", body_md(cx, body)),
            body.description.as_deref(),
        );
    }
}

fn status_md(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => format!("`{c}`"),
        StatusMatch::Range(r) => format!("`{r}XX`"),
        StatusMatch::Default => "`default` (any other status)".to_owned(),
    }
}

fn response_md(cx: &Context, r: &Response) -> String {
    match (&r.body, &r.stream) {
        (_, Some(s)) if s.only => format!(
            "a stream of {} (`{}`)",
            ty_md(cx, &s.item),
            inline(&s.content_type)
        ),
        (Some(b), _) => format!("{} (`{}`)", ty_md(cx, &b.ty), inline(&b.content_type)),
        (None, _) => "`()` (no content)".to_owned(),
    }
}

fn has_headers(op: &Operation) -> bool {
    op.responses.iter().any(|r| !r.headers.is_empty())
}

fn returns(cx: &Context, op: &Operation, lines: &mut Vec<String>) {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    heading(lines, "Returns");
    let result = OpItem::Result.of(&op.type_name);
    match successes.as_slice() {
        [] => lines.push(format!(
            "A [`{result}`]: the spec documents no success; any 2xx body is returned as bytes."
        )),
        [one] => {
            lines.push(format!(
                "A [`{result}`]: on {} its `body` is {}.",
                status_md(one.status),
                response_md(cx, one)
            ));
            paragraph(
                lines,
                close_fences(one.description.trim())
                    .lines()
                    .map(str::to_owned)
                    .collect(),
            );
        }
        many => {
            lines.push(format!(
                "A [`{result}`] whose `body` is a [`{}`], by status:",
                OpItem::Response.of(&op.type_name)
            ));
            lines.push(String::new());
            for r in many {
                let head = format!(
                    "{} → [`{}::{}`], {}",
                    status_md(r.status),
                    OpItem::Response.of(&op.type_name),
                    r.variant,
                    response_md(cx, r)
                );
                item(lines, &head, Some(&r.description));
            }
        }
    }
    if has_headers(op) {
        let names: Vec<String> = header_names(op)
            .iter()
            .map(|h| format!("`{}`", inline(h)))
            .collect();
        paragraph(
            lines,
            vec![format!(
                "Its `headers` are a [`{}`] (typed {}); `raw_headers` has every header.",
                OpItem::Headers.of(&op.type_name),
                names.join(", ")
            )],
        );
    }
}

fn header_names(op: &Operation) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for h in op.responses.iter().flat_map(|r| &r.headers) {
        if !names.contains(&h.wire_name.as_str()) {
            names.push(&h.wire_name);
        }
    }
    names
}

fn errors(cx: &Context, op: &Operation, lines: &mut Vec<String>) {
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    heading(lines, "Errors");
    let failure = OpItem::Failure.of(&op.type_name);
    if errors.is_empty() {
        lines.push(format!(
            "A [`{failure}`]; the spec documents no error status, so every error status is an `Error::UnexpectedResponse`."
        ));
    } else {
        let enum_name = op
            .shared_error
            .clone()
            .unwrap_or_else(|| OpItem::Error.of(&op.type_name));
        lines.push(format!(
            "A [`{failure}`]. A documented error status is `Error::Api`, its `body` a [`{}Error`] chosen by status:",
            op.type_name
        ));
        lines.push(String::new());
        for r in &errors {
            let body = match &r.body {
                Some(b) => format!(" with {}", ty_md(cx, &b.ty)),
                None => String::new(),
            };
            let head = format!(
                "{} → [`{enum_name}::{}`]{body}",
                status_md(r.status),
                r.variant
            );
            item(lines, &head, Some(&r.description));
        }
    }
    paragraph(
        lines,
        vec!["Anything else (no connection, a timeout, an undocumented status, a body that does not decode, a request refused before sending) is another variant of [`runtime::Error`].".to_owned()],
    );
}

fn sending(op: &Operation, lines: &mut Vec<String>) {
    heading(lines, "Sending");
    let builder = &op.type_name;
    lines.push(format!(
        "Returns a [`{builder}`], a request not yet sent: `.await` it (or `.send().await`). Before that, `.timeout(Duration)` bounds each attempt and `.retry(RetryPolicy)` sets this call's retries ([`runtime::Builder`]; the client's [`runtime::Config`] has the defaults)."
    ));
    let streamed = op
        .responses
        .iter()
        .filter(|r| r.is_success())
        .filter_map(|r| r.stream.as_ref())
        .next();
    if let Some(s) = streamed {
        if !s.only {
            lines.push(format!(
                "`.send_streaming().await` returns the `{}` body as a stream instead.",
                inline(&s.content_type)
            ));
        }
    }
}

/// The example call as formatted Rust source.
pub fn example_code(cx: &Context, op: &Operation) -> Option<String> {
    let krate = format_ident!("{}", cx.crate_name.replace('-', "_"));
    let module = ident(&cx.api.module);
    let method = ident(&op.method_name);
    let mut inputs = vec![quote!(client: &Client)];
    let mut args = Vec::new();
    for p in required(op) {
        let name = ident(&p.rust_name);
        let place = if p.ty == Ty::String {
            Place::Argument
        } else {
            Place::Exact
        };
        match example::value(cx, &p.ty, p.example.as_ref(), place, &p.rust_name) {
            Some(v) => args.push(v),
            None => {
                let ty = super::ty_tokens(cx, &p.ty, true);
                inputs.push(quote!(#name: #ty));
                args.push(quote!(#name));
            }
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let value = match body.contents.as_slice() {
            [one] => example::value(cx, &one.ty, one.example.as_ref(), Place::Exact, "body"),
            _ => None,
        };
        match value {
            Some(v) => args.push(v),
            None => {
                let ty = match body.contents.as_slice() {
                    [one] => super::ty_tokens(cx, &one.ty, true),
                    _ => {
                        let name = ident(&body.enum_name);
                        quote!(#krate::#module::#name)
                    }
                };
                inputs.push(quote!(body: #ty));
                args.push(quote!(body));
            }
        }
    }
    // Optional parameters the spec gives an example for, up to two.
    let mut setters = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| !p.required && p.example.is_some())
        .take(2)
    {
        let place = if *p.ty.strip_option() == Ty::String {
            Place::Argument
        } else {
            Place::Exact
        };
        if let Some(v) = example::value(
            cx,
            p.ty.strip_option(),
            p.example.as_ref(),
            place,
            &p.rust_name,
        ) {
            let name = ident(&p.rust_name);
            setters.push(quote!(.#name(#v)));
        }
    }
    let call = quote! {
        let response = client.#method(#(#args),*) #(#setters)* .await?;
    };
    let uses_types = call.to_string().contains("types ::")
        || inputs.iter().any(|i| i.to_string().contains("types ::"));
    let uses = if uses_types {
        quote!(use #krate::#module::{types, Client};)
    } else {
        quote!(use #krate::#module::Client;)
    };
    let only_stream = op
        .responses
        .iter()
        .any(|r| r.is_success() && r.stream.as_ref().is_some_and(|s| s.only));
    let show = if only_stream {
        quote!(println!("{}", response.status);)
    } else {
        quote!(println!("{} {:?}", response.status, response.body);)
    };
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let file = quote! {
        #uses

        #allow
        pub async fn example(#(#inputs),*) -> Result<(), Box<dyn std::error::Error>> {
            #call
            #show
            Ok(())
        }
    };
    let file: syn::File = syn::parse2(file).ok()?;
    // A blank line between the `use` and the function, as a person writes it.
    Some(prettyplease::unparse(&file).replacen(";\n", ";\n\n", 1))
}
