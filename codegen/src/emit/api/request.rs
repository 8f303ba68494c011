//! An operation's builder: setters, `send_streaming`, and building the
//! request (path, query, headers, body).

use super::*;
use crate::emit::context::Context;
use crate::emit::docs::doc;
use crate::emit::encoding::{array_form, encodings};
use crate::emit::op_docs::IDEMPOTENCY_KEY_NOTE;
use crate::emit::{ident, is_param_value, op_ident, ty_tokens, OpItem};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The types of an operation a caller names: its success, error and
/// headers types (see [`outcome`]) and its body's content enum.
pub(super) fn op_types(cx: &Context, op: &Operation) -> TokenStream {
    let mut items = outcome(cx, op).items;
    if let Some(body) = &op.body {
        items.extend(content_enum(cx, op, body));
    }
    let gate = cx.op_gate(op);
    items
        .into_iter()
        .map(|item| quote! { #gate #item })
        .collect()
}

/// An operation's builder, parameters struct, `…Result` and `…Failure`,
/// for `operations.rs`.
pub(super) fn builder(cx: &Context, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let outcome = outcome(cx, op);
    let (ok, err, headers) = (&outcome.ok, &outcome.err, &outcome.headers);
    let streamed = streamed(cx, op);
    // A success that is only a stream is what `send` returns.
    let send_streams = streamed.as_ref().filter(|s| s.only);
    let ok = send_streams.map_or(ok, |s| &s.body);
    let result = op_ident(op, OpItem::Result);
    let failure = op_ident(op, OpItem::Failure);

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
                op.is_idempotency_key(p).then_some(IDEMPOTENCY_KEY_NOTE),
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
    let mut items = Vec::new();
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
            #(pub(super) #fields,)*
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
    let failure = op_ident(op, OpItem::Failure);
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
pub(super) fn streamable_files(cx: &Context, body: &Body) -> Vec<String> {
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
pub(super) fn body_arg(cx: &Context, body: &Body) -> (TokenStream, bool) {
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
