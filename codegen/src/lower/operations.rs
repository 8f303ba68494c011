//! Operations: paths and methods, parameters, request bodies, responses
//! and their streams.

use super::*;

impl Lowering<'_> {
    /// Every operation with its own `security` (effective security needs the
    /// schemes, lowered separately).
    #[allow(clippy::type_complexity)]
    pub(super) fn operations(
        &mut self,
        spec: &openapiv3::OpenAPI,
    ) -> Result<Vec<(Operation, Option<Vec<openapiv3::SecurityRequirement>>)>, Error> {
        let mut out = Vec::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in spec.paths.iter() {
            let item_at = Pointer::root().push("paths").push(path);
            let (item, resolved_at) = self.resolve(item, &item_at, "path item")?;
            let mut methods: Vec<(Method, Pointer, openapiv3::Operation)> = [
                (Method::Get, "get", &item.get),
                (Method::Put, "put", &item.put),
                (Method::Post, "post", &item.post),
                (Method::Delete, "delete", &item.delete),
                (Method::Options, "options", &item.options),
                (Method::Head, "head", &item.head),
                (Method::Patch, "patch", &item.patch),
                (Method::Trace, "trace", &item.trace),
            ]
            .into_iter()
            .filter_map(|(method, key, op)| Some((method, item_at.push(key), op.clone()?)))
            .collect();
            methods.extend(self.extra_operations(path, &resolved_at, &item_at)?);
            let split = wire::split_path(path);
            if let Some(why) = &split.refused {
                if !methods.is_empty() {
                    self.warn(&item_at, why.clone());
                }
                continue;
            }
            if !split.query.is_empty() {
                self.warn(
                    &item_at,
                    format!(
                        "path template `{path}` has a query; it is sent as query parameters of `{}`",
                        split.template
                    ),
                );
            }
            for (method, at, op) in methods {
                let path_params = (item.parameters.as_slice(), &item_at);
                let mut lowered = self.operation(split.template, method, path_params, &op, &at)?;
                lowered.fixed_query = split.query.clone();
                if let Some(first) = seen_ids.get(&lowered.wire_id) {
                    // Naming gives the second one a distinct method name.
                    self.warn(
                        &at.push("operationId"),
                        format!(
                            "duplicate operationId `{}` (also used at {first}); the method is renamed",
                            lowered.wire_id
                        ),
                    );
                }
                seen_ids.insert(lowered.wire_id.clone(), at.as_str().to_owned());
                out.push((lowered, op.security.clone()));
            }
        }
        Ok(out)
    }

    /// OpenAPI 3.2 operations `openapiv3` does not read, from the path item's
    /// JSON at `resolved_at`: `query`, then `additionalOperations` in
    /// document order. Pointers are under `item_at`, where the spec has them.
    fn extra_operations(
        &mut self,
        path: &str,
        resolved_at: &Pointer,
        item_at: &Pointer,
    ) -> Result<Vec<(Method, Pointer, openapiv3::Operation)>, Error> {
        // An inline item is looked up by key: a path may hold `%` that a
        // pointer lookup would percent-decode.
        let raw_item = if resolved_at == item_at {
            self.raw.get("paths").and_then(|p| p.get(path))
        } else {
            resolve_pointer(self.raw, resolved_at.as_str())
        };
        let Some(raw_item) = raw_item else {
            return Ok(Vec::new());
        };
        let mut found: Vec<(Method, Pointer, &serde_json::Value)> = Vec::new();
        if let Some(op) = raw_item.get("query") {
            found.push((Method::Query, item_at.push("query"), op));
        }
        match raw_item.get("additionalOperations") {
            Some(serde_json::Value::Object(extra)) => {
                let extra_at = item_at.push("additionalOperations");
                for (name, op) in extra {
                    let at = extra_at.push(name);
                    if !wire::is_token(name) {
                        self.warn(
                            &at,
                            format!("`{name}` is not a valid HTTP method name; the operation is skipped"),
                        );
                        continue;
                    }
                    let fixed = name.to_ascii_lowercase();
                    if fixed == "query" || METHOD_FIELDS.contains(&fixed.as_str()) {
                        self.warn(
                            &at,
                            format!("`{name}` belongs in the path item's `{fixed}` field, not in `additionalOperations`; the operation is skipped"),
                        );
                        continue;
                    }
                    found.push((Method::Other(name.clone()), at, op));
                }
            }
            Some(_) => self.warn(
                &item_at.push("additionalOperations"),
                "`additionalOperations` is not a map of method names to operations; ignored",
            ),
            None => {}
        }
        let mut out = Vec::new();
        for (method, at, op) in found {
            let op: openapiv3::Operation = serde_path_to_error::deserialize(op).map_err(|e| {
                let mut inner = at.clone();
                for segment in e.path().iter() {
                    use serde_path_to_error::Segment;
                    match segment {
                        Segment::Seq { index } => inner = inner.push(index),
                        Segment::Map { key } => inner = inner.push(key),
                        Segment::Enum { .. } | Segment::Unknown => {}
                    }
                }
                self.err(
                    &inner,
                    format!("not a valid OpenAPI operation: {}", e.inner()),
                )
            })?;
            out.push((method, at, op));
        }
        Ok(out)
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        (path_params, item_at): (&[ReferenceOr<openapiv3::Parameter>], &Pointer),
        op: &openapiv3::Operation,
        at: &Pointer,
    ) -> Result<Operation, Error> {
        let wire_id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => derive_operation_id(&method, path),
        };

        // Path-level parameters first, then the operation's, which override
        // those with the same name and location.
        let mut params: Vec<Param> = Vec::new();
        let level_params = path_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, item_at.push("parameters").push(i)))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, at.push("parameters").push(i))),
            );
        let mut querystrings: Vec<Pointer> = Vec::new();
        // (name, location, declared at path level) of each declaration so far.
        let mut declared: Vec<(String, ParamLocation, bool)> = Vec::new();
        for (param, p_at) in level_params {
            let path_level = !p_at.as_str().starts_with(at.as_str());
            let use_at = p_at.clone();
            let (param, p_at) = self.resolve(param, &p_at, "parameter")?;
            let lowered = self.param(&wire_id, &param, &p_at)?;
            if lowered.location == ParamLocation::Header {
                if let Some(why) = wire::header_refusal(&lowered.wire_name) {
                    self.warn(&use_at, why);
                    continue;
                }
            }
            if matches!(lowered.location, ParamLocation::QueryString(_)) {
                querystrings.push(p_at.clone());
            }
            let key = (lowered.wire_name.clone(), lowered.location, path_level);
            if declared.contains(&key) {
                self.warn(
                    &use_at,
                    format!(
                        "parameter `{}` is declared twice in the same list; the later declaration is used",
                        lowered.wire_name
                    ),
                );
            }
            declared.push(key);
            if let Some(existing) = params
                .iter_mut()
                .find(|p| p.wire_name == lowered.wire_name && p.location == lowered.location)
            {
                *existing = lowered;
            } else {
                params.push(lowered);
            }
        }

        if let Some(first) = querystrings.first() {
            if querystrings.len() > 1 {
                self.warn(
                    first,
                    "an operation has at most one `in: querystring` parameter; each is appended to the query",
                );
            }
            if params.iter().any(|p| p.location == ParamLocation::Query) {
                self.warn(
                    first,
                    "`in: querystring` cannot be combined with `in: query` parameters; the query parameters are sent first, then this one",
                );
            }
        }

        let path_parts = self.path_template(path, &params, at)?;

        let body = match &op.request_body {
            Some(body) => self.request_body(&wire_id, body, &at.push("requestBody"))?,
            None => None,
        };

        let mut responses = Vec::new();
        for (code, response) in &op.responses.responses {
            let status = match code {
                openapiv3::StatusCode::Code(c) => StatusMatch::Code(*c),
                openapiv3::StatusCode::Range(r) => StatusMatch::Range(*r),
            };
            let r_at = at.push("responses").push(code);
            responses.push(self.response(&wire_id, status, response, &r_at)?);
        }
        if let Some(default) = &op.responses.default {
            let r_at = at.push("responses").push("default");
            responses.push(self.response(&wire_id, StatusMatch::Default, default, &r_at)?);
        }

        let mut operation = Operation {
            pointer: at.as_str().to_owned(),
            wire_id,
            method_name: String::new(),
            type_name: String::new(),
            shared_headers: None,
            shared_error: None,
            method,
            path: path.to_owned(),
            path_parts,
            fixed_query: Vec::new(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            body,
            responses,
            security: Vec::new(),
            headers: HeaderFacts::default(),
            pagination: None,
        };
        operation.headers = headers::header_facts(&operation);
        Ok(operation)
    }

    fn param(
        &mut self,
        op_id: &str,
        param: &openapiv3::Parameter,
        at: &Pointer,
    ) -> Result<Param, Error> {
        use openapiv3::Parameter as P;
        let data = param.parameter_data_ref();
        if data
            .extensions
            .get(EXT_QUERYSTRING)
            .is_some_and(|v| v == true)
        {
            return self.querystring_param(op_id, data, at);
        }
        let (location, style) = match param {
            P::Query { style, .. } => {
                use openapiv3::QueryStyle as S;
                let explode = data
                    .explode
                    .unwrap_or(matches!(style, S::Form | S::DeepObject));
                let style = match style {
                    S::DeepObject => QueryStyle::Deep,
                    _ if explode => QueryStyle::Repeat,
                    S::Form => QueryStyle::Join(','),
                    S::SpaceDelimited => QueryStyle::Join(' '),
                    S::PipeDelimited => QueryStyle::Join('|'),
                };
                (ParamLocation::Query, style)
            }
            P::Header { .. } => (ParamLocation::Header, QueryStyle::Join(',')),
            P::Path { .. } => (ParamLocation::Path, QueryStyle::Join(',')),
            P::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Join(',')),
        };
        let hint = format!("{op_id}_{}", data.name);
        let ty = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                self.schema(schema, &hint, &at.push("schema"))?
            }
            openapiv3::ParameterSchemaOrContent::Content(content) => {
                self.warn(at, "parameter with `content` is sent as a string");
                let _ = content;
                Ty::String
            }
        };
        // A path parameter is always required, whatever the spec says.
        let required = data.required || location == ParamLocation::Path;
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: String::new(),
            location,
            required,
            ty: if required {
                ty.strip_option().clone()
            } else {
                ty
            },
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            style,
            example: examples::example_at(self.raw, at.as_str()),
        })
    }

    /// A 3.2 `in: querystring` parameter: its one media type decides how the
    /// value is written.
    fn querystring_param(
        &mut self,
        op_id: &str,
        data: &openapiv3::ParameterData,
        at: &Pointer,
    ) -> Result<Param, Error> {
        let hint = format!("{op_id}_{}", data.name);
        let (format, ty) = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                self.warn(
                    &at.push("schema"),
                    "an `in: querystring` parameter takes `content`, not `schema`; sent as `application/x-www-form-urlencoded`",
                );
                let ty = self.schema(schema, &hint, &at.push("schema"))?;
                (QueryStringFormat::Form, ty)
            }
            openapiv3::ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, media)) = content.first() else {
                    return Err(self.err(
                        &at.push("content"),
                        "an `in: querystring` parameter needs one media type in `content`",
                    ));
                };
                let media_at = at.push("content").push(media_type);
                if content.len() > 1 {
                    self.warn(
                        &at.push("content"),
                        format!("a parameter has one media type; `{media_type}` is used"),
                    );
                }
                let essence = media_essence(media_type);
                let format = if essence == "application/x-www-form-urlencoded" {
                    QueryStringFormat::Form
                } else if is_json(&essence) {
                    QueryStringFormat::Json
                } else {
                    self.warn(
                        &media_at,
                        format!("`in: querystring` as `{media_type}` is not supported: the caller passes the query string as text, sent as written"),
                    );
                    QueryStringFormat::Raw
                };
                let ty = match (&media.schema, format) {
                    (_, QueryStringFormat::Raw) => Ty::String,
                    (Some(schema), _) => self.schema(schema, &hint, &media_at.push("schema"))?,
                    (None, _) => Ty::Json,
                };
                match (format, ty.strip_option()) {
                    // A form-encoded string is the query string itself.
                    (QueryStringFormat::Form, Ty::String) => (QueryStringFormat::Raw, ty),
                    _ => (format, ty),
                }
            }
        };
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: String::new(),
            location: ParamLocation::QueryString(format),
            required: data.required,
            ty: if data.required {
                ty.strip_option().clone()
            } else {
                ty
            },
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            style: QueryStyle::Repeat,
            example: examples::example_at(self.raw, at.as_str()),
        })
    }

    fn path_template(
        &self,
        path: &str,
        params: &[Param],
        at: &Pointer,
    ) -> Result<Vec<PathPart>, Error> {
        let mut parts = Vec::new();
        let mut used = BTreeSet::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| c + open) else {
                return Err(self.err(at, format!("path template `{path}` has an unclosed `{{`")));
            };
            let name = &rest[open + 1..close];
            let before = &rest[..open];
            let after = &rest[close + 1..];
            let Some(index) = params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            else {
                return Err(self.err(
                    at,
                    format!("path template `{path}` names `{{{name}}}`, but no path parameter `{name}` is declared"),
                ));
            };
            if !before.is_empty() {
                parts.push(PathPart::Literal(before.to_owned()));
            }
            let whole_segment = (before.ends_with('/') || (before.is_empty() && parts.is_empty()))
                && (after.is_empty() || after.starts_with('/'));
            parts.push(PathPart::Param {
                index,
                whole_segment,
            });
            used.insert(index);
            rest = after;
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        if let Some(unused) = params
            .iter()
            .enumerate()
            .find(|(i, p)| p.location == ParamLocation::Path && !used.contains(i))
        {
            return Err(self.err(
                at,
                format!(
                    "path parameter `{}` does not appear in the path template `{path}`",
                    unused.1.wire_name
                ),
            ));
        }
        Ok(parts)
    }

    fn request_body(
        &mut self,
        op_id: &str,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
    ) -> Result<Option<Body>, Error> {
        let (body, at) = self.resolve(body, at, "request body")?;
        // An optional body that can only be `{}` carries nothing: Stripe
        // declares one on every GET and most DELETEs. It is not offered
        // (it would be a JSON value, as an object without properties is).
        let empty_only = |media: &openapiv3::MediaType| matches!(&media.schema, Some(ReferenceOr::Item(s)) if typed::admits_only_empty_object(s));
        if !body.required && !body.content.is_empty() && body.content.values().all(empty_only) {
            return Ok(None);
        }
        // One content per kind, the preferred content type of each kind.
        let mut picked: Vec<(&String, &openapiv3::MediaType)> = Vec::new();
        for (content_type, media) in &body.content {
            let kind = body_kind(content_type);
            match picked.iter_mut().find(|(ct, _)| body_kind(ct) == kind) {
                Some(slot) if content_rank(content_type) < content_rank(slot.0) => {
                    *slot = (content_type, media);
                }
                Some(_) => {}
                None => picked.push((content_type, media)),
            }
        }
        picked.sort_by_key(|(ct, _)| content_rank(ct));
        let several = picked.len() > 1;
        let mut contents = Vec::new();
        for (content_type, media) in picked {
            let m_at = at.push("content").push(content_type);
            let kind = body_kind(content_type);
            let hint = if several && !contents.is_empty() {
                format!("{op_id}_{}_body", kind_word(kind))
            } else {
                format!("{op_id}_body")
            };
            let ty = match (kind, &media.schema) {
                (BodyKind::Json | BodyKind::Form | BodyKind::Multipart, Some(schema)) => {
                    self.schema(schema, &hint, &m_at.push("schema"))?
                }
                (BodyKind::Json | BodyKind::Form | BodyKind::Multipart, None) => Ty::Json,
                (BodyKind::Text, _) => Ty::String,
                (BodyKind::Bytes, _) => {
                    // Only worth a diagnostic when nothing better is offered.
                    if contents.is_empty() && !is_binary_content(content_type) {
                        self.warn(
                            &m_at,
                            format!("request body `{content_type}` is sent as raw bytes"),
                        );
                    }
                    Ty::Bytes
                }
            };
            let encoding = self.encoding(kind, media, &m_at)?;
            contents.push(BodyContent {
                encoding,
                content_type: content_type.clone(),
                kind,
                ty: if body.required || several {
                    ty.strip_option().clone()
                } else {
                    ty
                },
                variant: String::new(),
                example: examples::example_at(self.raw, m_at.as_str()),
            });
        }
        if contents.is_empty() {
            return Ok(None);
        }
        Ok(Some(Body {
            contents,
            required: body.required,
            description: body.description.clone(),
            enum_name: String::new(),
        }))
    }

    fn response(
        &mut self,
        op_id: &str,
        status: StatusMatch,
        response: &ReferenceOr<openapiv3::Response>,
        at: &Pointer,
    ) -> Result<Response, Error> {
        let (response, r_at) = self.resolve(response, at, "response")?;
        let status_hint = match status {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(r) => format!("{r}XX"),
            StatusMatch::Default => "default".to_owned(),
        };
        let body = match pick_content(&response.content) {
            Some((content_type, media)) => {
                let m_at = r_at.push("content").push(&content_type);
                let kind = body_kind(&content_type);
                let ty = match (kind, &media.schema) {
                    (BodyKind::Json, Some(schema)) => self.schema(
                        schema,
                        &format!("{op_id}_{status_hint}_response"),
                        &m_at.push("schema"),
                    )?,
                    (BodyKind::Json, None) => Ty::Json,
                    (BodyKind::Text, _) => Ty::String,
                    (BodyKind::Bytes | BodyKind::Form | BodyKind::Multipart, _) => Ty::Bytes,
                };
                Some(ResponseBody {
                    content_type,
                    kind,
                    ty,
                })
            }
            None => None,
        };
        let stream = self.response_stream(
            &format!("{op_id}_{status_hint}"),
            &response.content,
            &r_at,
            body.as_ref(),
        )?;
        let mut headers = Vec::new();
        for (name, header) in &response.headers {
            let h_at = r_at.push("headers").push(name);
            let (header, h_at) = self.resolve(header, &h_at, "header")?;
            let ty = match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    let ty =
                        self.schema(schema, &format!("{op_id}_{name}"), &h_at.push("schema"))?;
                    header_type(ty)
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => Ty::String,
            };
            headers.push(ResponseHeader {
                wire_name: name.clone(),
                rust_name: String::new(),
                ty,
                description: header.description.clone(),
            });
        }
        Ok(Response {
            pointer: at.as_str().to_owned(),
            status,
            description: response.description.clone(),
            body,
            stream,
            headers,
            variant: String::new(),
        })
    }

    /// How a response body can be consumed as it arrives: the first event
    /// stream, JSON Lines or JSON text sequence content, typed by its 3.2
    /// `itemSchema` (kept by `normalize` as [`ITEM_SCHEMA`]) or else its
    /// `schema`; otherwise a byte stream when the body is binary.
    fn response_stream(
        &mut self,
        hint: &str,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        r_at: &Pointer,
        body: Option<&ResponseBody>,
    ) -> Result<Option<StreamBody>, Error> {
        for (content_type, media) in content {
            let Some(kind) = stream_kind(content_type) else {
                continue;
            };
            let m_at = r_at.push("content").push(content_type);
            let hint = match kind {
                StreamKind::Events => format!("{hint}_event"),
                _ => format!("{hint}_item"),
            };
            let item = match (media.extensions.get(ITEM_SCHEMA), &media.schema) {
                (Some(item), _) => {
                    let at = m_at.push("itemSchema");
                    let schema: ReferenceOr<Schema> = serde_json::from_value(item.clone())
                        .map_err(|e| self.err(&at, format!("`itemSchema` is not a schema: {e}")))?;
                    self.schema(&schema, &hint, &at)?
                }
                (None, Some(schema)) => self.schema(schema, &hint, &m_at.push("schema"))?,
                (None, None) if kind == StreamKind::Events => Ty::String,
                (None, None) => Ty::Json,
            };
            return Ok(Some(StreamBody {
                content_type: content_type.clone(),
                kind,
                item,
                only: content.keys().all(|ct| stream_kind(ct).is_some()),
            }));
        }
        Ok(body
            .filter(|b| b.kind == BodyKind::Bytes)
            .map(|b| StreamBody {
                content_type: b.content_type.clone(),
                kind: StreamKind::Bytes,
                item: Ty::Bytes,
                only: false,
            }))
    }

    // ---- references ----------------------------------------------------
}

/// `{name}` and `{{name}}` placeholders in a server URL, in order, once each.
pub fn server_placeholders(url: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let after_open = rest[open..].trim_start_matches('{');
        let Some(close) = after_open.find('}') else {
            break;
        };
        let name = after_open[..close].trim().to_owned();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = after_open[close..].trim_start_matches('}');
    }
    out
}

pub(super) fn derive_operation_id(method: &Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
    }
    id
}

fn is_binary_content(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.starts_with("application/octet-stream")
        || ct.starts_with("image/")
        || ct.starts_with("audio/")
        || ct.starts_with("video/")
        || ct.starts_with("application/pdf")
        || ct == "*/*"
}

/// Media types whose body is a sequence of items.
fn stream_kind(content_type: &str) -> Option<StreamKind> {
    let ct = media_essence(content_type);
    match ct.as_str() {
        "text/event-stream" => Some(StreamKind::Events),
        "application/jsonl"
        | "application/x-ndjson"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(StreamKind::JsonLines),
        "application/json-seq" => Some(StreamKind::JsonSeq),
        _ => None,
    }
}

fn body_kind(content_type: &str) -> BodyKind {
    let ct = content_type.to_ascii_lowercase();
    if is_json(content_type) {
        BodyKind::Json
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        BodyKind::Form
    } else if ct.starts_with("multipart/form-data") {
        BodyKind::Multipart
    } else if ct.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Bytes
    }
}

/// JSON first, then forms, then anything else in document order.
fn pick_content(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(String, &openapiv3::MediaType)> {
    content
        .iter()
        .min_by_key(|(ct, _)| content_rank(ct))
        .map(|(ct, m)| (ct.clone(), m))
}

/// Preference among content types: JSON first (plain `application/json`
/// before `+json` variants), then form, multipart, text, bytes.
fn content_rank(content_type: &str) -> (u8, bool) {
    let kind = match body_kind(content_type) {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Text => 3,
        BodyKind::Bytes => 4,
    };
    (kind, !content_type.eq_ignore_ascii_case("application/json"))
}

/// A word for a body kind, used in the names of alternative body types.
fn kind_word(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Json => "json",
        BodyKind::Form => "form",
        BodyKind::Multipart => "multipart",
        BodyKind::Text => "text",
        BodyKind::Bytes => "bytes",
    }
}
