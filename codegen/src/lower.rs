//! Lowering: the typed `openapiv3` document → IR. Resolves `$ref`s, decides
//! every Rust type, and collects diagnostics where it falls back to a less
//! typed representation. Rust names are not chosen here (see `naming`).

use crate::diag::{Diagnostic, Error, Pointer};
use crate::ir::*;
use crate::load::resolve_pointer;
use crate::normalize::keys::{EXT_DEFAULT_MAPPING, EXT_QUERYSTRING, ITEM_SCHEMA, SERVER_NAME};
use crate::normalize::Document;
use crate::oas::{is_json, media_essence};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

mod examples;
mod headers;
mod typed;
mod wire;
use typed::typed;

/// The root extension choosing how arrays inside `deepObject` values are
/// written: `indexed` (`a[0]=x`) or `brackets` (`a[]=x`).
pub const EXT_FORM_ARRAYS: &str = "x-codegen-form-arrays";

const MAX_REF_HOPS: usize = 64;

/// Path item fields that hold an operation (`query` aside).
const METHOD_FIELDS: [&str; 8] = crate::oas::METHODS;

/// RFC 9110 `token`: what an HTTP method name may consist of.
fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Lowers one loaded document. `name` is the API name (the spec file stem).
pub fn lower(doc: &Document, name: &str) -> Result<(Api, Vec<Diagnostic>), Error> {
    let mut cx = Lowering {
        file: &doc.file,
        raw: &doc.raw,
        types: BTreeMap::new(),
        by_pointer: BTreeMap::new(),
        pending: Vec::new(),
        all_of_stack: Vec::new(),
        diagnostics: doc.notes.clone(),
        typed_schemas: HashMap::new(),
    };
    let api = cx.api(doc, name)?;
    let mut diagnostics = cx.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    Ok((api, diagnostics))
}

struct Lowering<'a> {
    file: &'a Path,
    raw: &'a serde_json::Value,
    types: BTreeMap<TypeId, TypeDef>,
    /// `$ref` target pointer → type id, so every schema is lowered once and
    /// recursive references just work.
    by_pointer: BTreeMap<String, TypeId>,
    /// Referenced schemas registered but not yet lowered.
    pending: Vec<(TypeId, Pointer)>,
    /// The `allOf` schemas being merged, outermost first: one met again is
    /// a cycle.
    all_of_stack: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// Component schemas as the typed document already holds them, by the
    /// id registered for them, so that lowering need not deserialize their
    /// JSON a second time (that was a third of lowering's time).
    typed_schemas: HashMap<TypeId, &'a ReferenceOr<Schema>>,
}

impl<'a> Lowering<'a> {
    fn err(&self, at: &Pointer, msg: impl Into<String>) -> Error {
        Error::new(self.file, at.as_str(), msg)
    }

    fn warn(&mut self, at: &Pointer, msg: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_path_buf(),
            pointer: at.as_str().to_owned(),
            message: msg.into(),
        });
    }

    fn api(&mut self, doc: &'a Document, name: &str) -> Result<Api, Error> {
        let spec = &doc.api;
        // Pre-assign ids to every component schema, in document order, so
        // forward and recursive references resolve to the same type.
        if let Some(components) = &spec.components {
            for (schema_name, schema) in &components.schemas {
                let at = Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(schema_name);
                let id = self.register(&at, schema_name);
                // `resolve_pointer` percent-decodes: a name with `%` in it
                // may point elsewhere, so that one is looked up as JSON.
                if !schema_name.contains('%') {
                    self.typed_schemas.insert(id, schema);
                }
            }
        }
        let servers = self.servers(spec);
        let security_schemes = self.security_schemes(spec)?;
        let mut operations = Vec::new();
        for (mut op, own_security) in self.operations(spec)? {
            op.security =
                self.effective_security(own_security, spec, &security_schemes, &op.pointer);
            operations.push(op);
        }
        while let Some((id, at)) = self.pending.pop() {
            self.lower_named(id, &at)?;
        }
        self.break_alias_cycles();
        Ok(Api {
            name: name.to_owned(),
            module: String::new(),
            title: spec.info.title.clone(),
            version: spec.info.version.clone(),
            description: spec.info.description.clone(),
            servers,
            operations,
            types: std::mem::take(&mut self.types),
            security_schemes,
            features: Vec::new(),
            form_arrays: self.form_arrays(spec),
        })
    }

    /// The spec's choice of array form inside `deepObject` values
    /// (`x-codegen-form-arrays: brackets` at the root); the generator option
    /// overrides it (see `SpecInput::form_arrays`).
    fn form_arrays(&mut self, spec: &openapiv3::OpenAPI) -> ArrayForm {
        let Some(value) = spec.extensions.get(EXT_FORM_ARRAYS) else {
            return ArrayForm::default();
        };
        match value.as_str().and_then(ArrayForm::parse) {
            Some(form) => form,
            None => {
                self.warn(
                    &Pointer::root().push(EXT_FORM_ARRAYS),
                    format!("`{EXT_FORM_ARRAYS}` is `indexed` or `brackets`; `{value}` is ignored"),
                );
                ArrayForm::default()
            }
        }
    }

    /// A form or multipart media type's `encoding` entries.
    fn encoding(
        &mut self,
        kind: BodyKind,
        media: &openapiv3::MediaType,
        at: &Pointer,
    ) -> Result<Vec<PropertyEncoding>, Error> {
        if !matches!(kind, BodyKind::Form | BodyKind::Multipart) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for (property, enc) in &media.encoding {
            let e_at = at.push("encoding").push(property);
            let style = enc.style.as_ref().map(|s| match s {
                openapiv3::QueryStyle::Form => FormStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => FormStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => FormStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => FormStyle::DeepObject,
            });
            let explode = enc
                .extensions
                .get(crate::normalize::keys::EXT_EXPLODE)
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(matches!(style, None | Some(FormStyle::Form)));
            let mut headers = Vec::new();
            // Part headers exist only in multipart; `Content-Type` is
            // `contentType`'s.
            for (name, header) in enc.headers.iter().filter(|(n, _)| {
                kind == BodyKind::Multipart && !n.eq_ignore_ascii_case("content-type")
            }) {
                let h_at = e_at.push("headers").push(name);
                let (header, h_at) = self.resolve(header, &h_at, "header")?;
                match fixed_header_value(&header) {
                    Some(value) => headers.push((name.clone(), value)),
                    None => self.warn(
                        &h_at,
                        format!("part header `{name}` has no fixed value (`default` or a one-value `enum`) and is not sent"),
                    ),
                }
            }
            out.push(PropertyEncoding {
                property: property.clone(),
                content_type: enc.content_type.clone(),
                style,
                explode,
                allow_reserved: enc.allow_reserved,
                headers,
            });
        }
        Ok(out)
    }

    // ---- security ------------------------------------------------------

    fn security_schemes(
        &mut self,
        spec: &openapiv3::OpenAPI,
    ) -> Result<Vec<SecurityScheme>, Error> {
        use openapiv3::SecurityScheme as S;
        let mut out = Vec::new();
        let Some(components) = &spec.components else {
            return Ok(out);
        };
        for (name, scheme) in &components.security_schemes {
            let at = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let (scheme, at) = match self.resolve(scheme, &at, "security scheme") {
                Ok(found) => found,
                Err(e) => {
                    self.warn(&at, format!("security scheme skipped: {}", e.message));
                    continue;
                }
            };
            let (kind, description) = match &scheme {
                S::APIKey {
                    location,
                    name: header,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (
                        SchemeKind::ApiKey {
                            location,
                            name: header.clone(),
                        },
                        description,
                    )
                }
                S::HTTP {
                    scheme: http,
                    description,
                    ..
                } => match http.to_ascii_lowercase().as_str() {
                    "bearer" => (SchemeKind::Bearer, description),
                    "basic" => (SchemeKind::Basic, description),
                    other => {
                        self.warn(
                            &at,
                            format!("HTTP auth scheme `{other}` is treated as a bearer token"),
                        );
                        (SchemeKind::OtherBearer, description)
                    }
                },
                S::OAuth2 {
                    flows, description, ..
                } => {
                    match &flows.client_credentials {
                        Some(cc) => (
                            SchemeKind::OAuth2ClientCredentials {
                                token_url: cc.token_url.clone(),
                            },
                            description,
                        ),
                        None => {
                            self.warn(&at, "OAuth2 flows other than client credentials take a ready bearer token");
                            (SchemeKind::OtherBearer, description)
                        }
                    }
                }
                S::OpenIDConnect { description, .. } => {
                    self.warn(&at, "OpenID Connect takes a ready bearer token");
                    (SchemeKind::OtherBearer, description)
                }
            };
            out.push(SecurityScheme {
                wire_name: name.clone(),
                rust_name: String::new(),
                description: description.clone(),
                kind,
            });
        }
        Ok(out)
    }

    fn effective_security(
        &mut self,
        own: Option<Vec<openapiv3::SecurityRequirement>>,
        spec: &openapiv3::OpenAPI,
        schemes: &[SecurityScheme],
        op_pointer: &str,
    ) -> Vec<Vec<usize>> {
        let requirements = own.or_else(|| spec.security.clone()).unwrap_or_default();
        let mut out = Vec::new();
        for requirement in requirements {
            let mut set = Vec::new();
            for name in requirement.keys() {
                match schemes.iter().position(|s| &s.wire_name == name) {
                    Some(i) => set.push(i),
                    None => self.warn(
                        &Pointer::from_fragment(op_pointer).push("security"),
                        format!("security scheme `{name}` is not declared; it is ignored"),
                    ),
                }
            }
            // An empty requirement (`{}`) means "no auth" is one alternative.
            out.push(set);
        }
        out
    }

    // ---- servers -------------------------------------------------------

    fn servers(&mut self, spec: &openapiv3::OpenAPI) -> Vec<Server> {
        spec.servers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let declared = s.variables.clone().unwrap_or_default();
                let mut variables = Vec::new();
                for placeholder in server_placeholders(&s.url) {
                    let var = declared.get(&placeholder);
                    variables.push(ServerVariable {
                        wire_name: placeholder,
                        rust_name: String::new(),
                        default: var.map(|v| v.default.clone()).filter(|d| !d.is_empty()),
                        allowed: var.map(|v| v.enumeration.clone()).unwrap_or_default(),
                        description: var.and_then(|v| v.description.clone()),
                    });
                }
                if !s.url.contains("://") && !s.url.starts_with('{') {
                    let at = Pointer::root().push("servers").push(i).push("url");
                    self.warn(
                        &at,
                        format!(
                            "relative server URL `{}`: it names no host, so clients must be given a full base URL",
                            s.url
                        ),
                    );
                }
                Server {
                    url: s.url.clone(),
                    name: s
                        .extensions
                        .get(SERVER_NAME)
                        .and_then(|n| n.as_str())
                        .map(str::to_owned),
                    description: s.description.clone(),
                    variables,
                    rust_name: String::new(),
                }
            })
            .collect()
    }

    // ---- operations ----------------------------------------------------

    /// Every operation with its own `security` (effective security needs the
    /// schemes, lowered separately).
    #[allow(clippy::type_complexity)]
    fn operations(
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
                    if !is_http_token(name) {
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

    /// Follows `$ref` chains to a local item of type `T`.
    fn resolve<T: DeserializeOwned + Clone>(
        &self,
        item: &ReferenceOr<T>,
        at: &Pointer,
        what: &str,
    ) -> Result<(T, Pointer), Error> {
        let mut reference = match item {
            ReferenceOr::Item(item) => return Ok((item.clone(), at.clone())),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        for _ in 0..MAX_REF_HOPS {
            let target = self.ref_target(&reference, at)?;
            let value = resolve_pointer(self.raw, &reference).ok_or_else(|| {
                self.err(at, format!("unresolvable $ref `{reference}`: no such node"))
            })?;
            let parsed =
                <ReferenceOr<T> as serde::Deserialize>::deserialize(value).map_err(|e| {
                    self.err(
                        &target,
                        format!("the {what} `{reference}` points to is not valid: {e}"),
                    )
                })?;
            match parsed {
                ReferenceOr::Item(item) => return Ok((item, target)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Err(self.err(
            at,
            format!("$ref chain starting at `{reference}` does not end (a cycle?)"),
        ))
    }

    /// Checks that a `$ref` is local and returns it as a pointer.
    fn ref_target(&self, reference: &str, at: &Pointer) -> Result<Pointer, Error> {
        if !reference.starts_with('#') {
            return Err(self.err(
                at,
                format!("$ref `{reference}` points outside this document, which is not supported"),
            ));
        }
        Ok(Pointer::from_fragment(reference))
    }

    fn register(&mut self, at: &Pointer, name: &str) -> TypeId {
        if let Some(id) = self.by_pointer.get(at.as_str()) {
            return *id;
        }
        let id = self.next_id();
        self.by_pointer.insert(at.as_str().to_owned(), id);
        self.pending.push((id, at.clone()));
        // Keep a placeholder so the name is known before the body is lowered.
        self.types.insert(
            id,
            TypeDef {
                pointer: at.as_str().to_owned(),
                wire_name: name.to_owned(),
                rust_name: String::new(),
                description: None,
                deprecated: false,
                kind: TypeKind::Alias(Ty::Json),
            },
        );
        id
    }

    /// Ids follow the order types are met in, which is the document order.
    fn next_id(&self) -> TypeId {
        TypeId(self.types.keys().next_back().map_or(0, |id| id.0 + 1))
    }

    fn add_inline(&mut self, at: &Pointer, name: &str, kind: TypeKind, schema: &Schema) -> TypeId {
        let id = self.next_id();
        self.types.insert(
            id,
            TypeDef {
                pointer: at.as_str().to_owned(),
                wire_name: name.to_owned(),
                rust_name: String::new(),
                description: describe(schema),
                deprecated: schema.schema_data.deprecated,
                kind,
            },
        );
        id
    }

    /// Lowers a registered (`$ref`-able) schema into its placeholder.
    fn lower_named(&mut self, id: TypeId, at: &Pointer) -> Result<(), Error> {
        let parsed;
        let schema = match self.typed_schemas.get(&id) {
            Some(schema) => *schema,
            None => {
                let value = resolve_pointer(self.raw, at.as_str())
                    .ok_or_else(|| self.err(at, "unresolvable $ref: no such node"))?;
                parsed = match <ReferenceOr<Schema> as serde::Deserialize>::deserialize(value) {
                    Ok(s) => s,
                    Err(e) => {
                        self.warn(
                            at,
                            format!("schema not understood ({e}); it is a JSON value"),
                        );
                        return Ok(());
                    }
                };
                &parsed
            }
        };
        let name = self
            .types
            .get(&id)
            .map(|t| t.wire_name.clone())
            .unwrap_or_default();
        let (kind, description, deprecated) = match schema {
            ReferenceOr::Reference { .. } => (
                TypeKind::Alias(self.schema(schema, &name, at)?),
                self.ref_description(at),
                false,
            ),
            ReferenceOr::Item(s) => (
                self.type_kind(s, &name, at)?,
                describe(&typed(s)),
                s.schema_data.deprecated,
            ),
        };
        if let Some(def) = self.types.get_mut(&id) {
            def.kind = kind;
            def.description = description;
            def.deprecated = deprecated;
        }
        Ok(())
    }

    /// The `description` written next to a `$ref` (3.1 allows it; in 3.0
    /// documents it is common too), as documentation of its use.
    fn ref_description(&self, at: &Pointer) -> Option<String> {
        resolve_pointer(self.raw, at.as_str())
            .and_then(|v| v.get("description"))
            .and_then(|d| d.as_str())
            .map(str::to_owned)
    }

    // ---- schemas -------------------------------------------------------

    /// The Rust type for a schema in use position (field, parameter, body).
    fn schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(s) => self.inline_schema(s, hint, at),
        }
    }

    fn boxed_schema(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(s) => self.inline_schema(s, hint, at),
        }
    }

    fn schema_ref(&mut self, reference: &str, at: &Pointer) -> Result<Ty, Error> {
        if reference.contains("://") {
            self.warn(
                at,
                format!("remote $ref `{reference}` is not fetched; the value is JSON"),
            );
            return Ok(Ty::Json);
        }
        let target = self.ref_target(reference, at)?;
        let Some(value) = resolve_pointer(self.raw, reference) else {
            return Err(self.err(at, format!("unresolvable $ref `{reference}`: no such node")));
        };
        let tokens = target.tokens();
        if tokens.len() >= 2 && tokens[0] == "components" && tokens[1] != "schemas" {
            self.warn(
                at,
                format!(
                    "schema `$ref` `{reference}` points at {}, not at a schema; the value is JSON",
                    tokens[1]
                ),
            );
            return Ok(Ty::Json);
        }
        let nullable = value
            .get("nullable")
            .and_then(|n| n.as_bool())
            .unwrap_or(false);
        let name = target
            .tokens()
            .last()
            .cloned()
            .unwrap_or_else(|| "Root".to_owned());
        let id = self.register(&target, &name);
        let ty = Ty::Named(id);
        Ok(if nullable {
            Ty::Option(Box::new(ty))
        } else {
            ty
        })
    }

    fn inline_schema(&mut self, s: &Schema, hint: &str, at: &Pointer) -> Result<Ty, Error> {
        let s = &*typed(s);
        let ty = self.inline_schema_inner(s, hint, at)?;
        Ok(if s.schema_data.nullable && !ty.is_option() {
            Ty::Option(Box::new(ty))
        } else {
            ty
        })
    }

    fn inline_schema_inner(&mut self, s: &Schema, hint: &str, at: &Pointer) -> Result<Ty, Error> {
        Ok(match &s.schema_kind {
            SchemaKind::Any(any) if is_untyped_string_enum(any) => {
                let kind = self.type_kind(s, hint, at)?;
                let ty = Ty::Named(self.add_inline(at, hint, kind, s));
                if enum_allows_null(s) {
                    Ty::Option(Box::new(ty))
                } else {
                    ty
                }
            }
            SchemaKind::Type(Type::String(st)) => {
                if !st.enumeration.is_empty() {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                } else {
                    string_type(&st.format)
                }
            }
            SchemaKind::Type(Type::Integer(it)) => integer_type(&it.format),
            SchemaKind::Type(Type::Number(nt)) => {
                if matches!(&nt.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal") {
                    self.warn(at, "`format: decimal` is read as f64, which may round it");
                }
                number_type(&nt.format)
            }
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(arr)) => {
                let item = match &arr.items {
                    Some(items) => {
                        self.boxed_schema(items, &format!("{hint}_item"), &at.push("items"))?
                    }
                    None => Ty::Json,
                };
                Ty::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(obj)) => {
                if obj.properties.is_empty() {
                    match &obj.additional_properties {
                        Some(AdditionalProperties::Schema(value)) => {
                            let v = self.schema(
                                value,
                                &format!("{hint}_value"),
                                &at.push("additionalProperties"),
                            )?;
                            Ty::Map(Box::new(v))
                        }
                        _ => Ty::Json,
                    }
                } else {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                }
            }
            SchemaKind::AllOf { all_of } => match typed::only_part(all_of) {
                // One part, or one with parts that only annotate it.
                Some((i, nullable)) => {
                    let ty = self.schema(&all_of[i], hint, &at.push("allOf").push(i))?;
                    if nullable && !ty.is_option() {
                        Ty::Option(Box::new(ty))
                    } else {
                        ty
                    }
                }
                None => {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                }
            },
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
                if members.len() == 1 =>
            {
                let key = if matches!(s.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.schema(&members[0], hint, &at.push(key).push(0))?
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
                if members.is_empty() =>
            {
                Ty::Json
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                let kind = self.type_kind(s, hint, at)?;
                Ty::Named(self.add_inline(at, hint, kind, s))
            }
            SchemaKind::Not { .. } => {
                self.warn(at, "`not` is represented as a JSON value");
                Ty::Json
            }
            // `{type: string, enum: [], allOf: [{$ref: X}]}` (Discord): a
            // scalar `type` next to one `allOf` part is that part, which says
            // what the value is; merging it as an object gave an empty struct.
            SchemaKind::Any(any) if is_scalar_all_of_one(any) => {
                self.schema(&any.all_of[0], hint, &at.push("allOf").push(0))?
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                } else if let Some(AdditionalProperties::Schema(value)) = &any.additional_properties
                {
                    // An object without `type: object`, as many specs write it.
                    let v = self.schema(
                        value,
                        &format!("{hint}_value"),
                        &at.push("additionalProperties"),
                    )?;
                    Ty::Map(Box::new(v))
                } else {
                    if let Some(reason) = typed::untyped_reason(s) {
                        self.warn(at, format!("{reason}; the value is JSON"));
                    }
                    Ty::Json
                }
            }
        })
    }

    /// The definition of a schema that becomes a named Rust type.
    fn type_kind(&mut self, s: &Schema, name: &str, at: &Pointer) -> Result<TypeKind, Error> {
        let required_sets = typed::required_sets(&typed(s));
        let mut kind = self.type_kind_inner(s, name, at)?;
        if let (TypeKind::Struct(st), Some(sets)) = (&mut kind, required_sets) {
            // Only sets of properties the struct has can be checked.
            let known = sets
                .sets
                .iter()
                .flat_map(|set| &set.required)
                .all(|r| st.fields.iter().any(|f| &f.wire_name == r));
            if known {
                st.required_sets = Some(sets);
            }
        }
        Ok(kind)
    }

    fn type_kind_inner(&mut self, s: &Schema, name: &str, at: &Pointer) -> Result<TypeKind, Error> {
        let s = &*typed(s);
        if let Some(values) = string_enum(s) {
            let variants = values
                .into_iter()
                .map(|v| EnumVariant {
                    wire_value: v,
                    rust_name: String::new(),
                })
                .collect();
            return Ok(TypeKind::Enum(Enum { variants }));
        }
        Ok(match &s.schema_kind {
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                let mut st = self.fields(&obj.properties, &obj.required, name, at)?;
                st.additional = self.additional(&obj.additional_properties, name, at)?;
                TypeKind::Struct(st)
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty() =>
            {
                let mut st = self.fields(&any.properties, &any.required, name, at)?;
                st.additional = self.additional(&any.additional_properties, name, at)?;
                TypeKind::Struct(st)
            }
            // `allOf: [{$ref: X}, {nullable: true}]` is `X` (a named
            // `allOf` of one part stays a struct of its own).
            SchemaKind::AllOf { all_of }
                if all_of.len() > 1 && typed::only_part(all_of).is_some() =>
            {
                TypeKind::Alias(self.inline_schema(s, name, at)?)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, name, at)?,
            SchemaKind::Any(any) if is_scalar_all_of_one(any) => {
                TypeKind::Alias(self.inline_schema(s, name, at)?)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => self.all_of(&any.all_of, name, at)?,
            SchemaKind::OneOf { one_of } => self.one_of(one_of, "oneOf", s, name, at)?,
            SchemaKind::AnyOf { any_of } => self.one_of(any_of, "anyOf", s, name, at)?,
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.one_of(&any.one_of, "oneOf", s, name, at)?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.one_of(&any.any_of, "anyOf", s, name, at)?
            }
            _ => {
                let ty = self.inline_schema(s, name, at)?;
                TypeKind::Alias(ty)
            }
        })
    }

    /// Extra properties of a struct: `additionalProperties` with a schema or
    /// `true` keeps them in a map; absent or `false` drops them.
    fn additional(
        &mut self,
        additional: &Option<AdditionalProperties>,
        name: &str,
        at: &Pointer,
    ) -> Result<Option<Ty>, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(schema)) => Some(self.schema(
                schema,
                &format!("{name}_additional"),
                &at.push("additionalProperties"),
            )?),
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        })
    }

    /// `oneOf`/`anyOf`: one variant per alternative; a discriminator's
    /// mapping decides the tags.
    fn one_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        key: &str,
        s: &Schema,
        name: &str,
        at: &Pointer,
    ) -> Result<TypeKind, Error> {
        let discriminator = s.schema_data.discriminator.as_ref();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let m_at = at.push(key).push(i);
            let (wire_name, tags) = match member {
                ReferenceOr::Reference { reference } => {
                    let schema_name = reference.rsplit('/').next().unwrap_or("Variant").to_owned();
                    let mut tags: Vec<String> = discriminator
                        .map(|d| {
                            d.mapping
                                .iter()
                                .filter(|(_, target)| {
                                    *target == reference || **target == schema_name
                                })
                                .map(|(tag, _)| tag.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    if tags.is_empty() && discriminator.is_some() {
                        tags.push(schema_name.clone());
                    }
                    (schema_name, tags)
                }
                ReferenceOr::Item(item) => {
                    let described = item
                        .schema_data
                        .title
                        .clone()
                        .unwrap_or_else(|| type_word(&typed(item)).to_owned());
                    let tags = discriminator
                        .map(|d| inline_tags(item, &d.property_name))
                        .unwrap_or_default();
                    (described, tags)
                }
            };
            let ty = self.schema(member, &format!("{name}_{wire_name}"), &m_at)?;
            // `null` alternatives make the whole value nullable instead.
            if matches!(member, ReferenceOr::Item(item) if is_null_schema(item)) {
                continue;
            }
            variants.push(OneOfVariant {
                wire_name,
                rust_name: String::new(),
                ty,
                tags,
            });
        }
        let mut default = match discriminator.and_then(|d| d.extensions.get(EXT_DEFAULT_MAPPING)) {
            Some(target) => self.default_mapping(target, members, &mut variants, name, at)?,
            None => None,
        };
        // A discriminator no alternative gives a value for cannot tell them
        // apart: they are tried in order instead, as without one.
        let mut discriminator = discriminator;
        if let Some(d) = discriminator.filter(|_| variants.iter().all(|v| v.tags.is_empty())) {
            self.warn(
                &at.push("discriminator"),
                format!(
                    "no alternative gives a value of `{}`; the first alternative that decodes wins",
                    d.property_name
                ),
            );
            discriminator = None;
            default = None;
        }
        Ok(TypeKind::OneOf(OneOf {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            default,
        }))
    }

    /// The variant 3.2 `defaultMapping` names: a member of the `oneOf`, or
    /// else a variant of its own that only the default decodes to.
    fn default_mapping(
        &mut self,
        target: &serde_json::Value,
        members: &[ReferenceOr<Schema>],
        variants: &mut Vec<OneOfVariant>,
        name: &str,
        at: &Pointer,
    ) -> Result<Option<usize>, Error> {
        let at = at.push("discriminator").push("defaultMapping");
        let Some(target) = target.as_str() else {
            self.warn(
                &at,
                "`defaultMapping` is not a schema name or reference; ignored",
            );
            return Ok(None);
        };
        // A bare name means `#/components/schemas/{name}`.
        let reference = if target.contains('/') || target.starts_with('#') {
            target.to_owned()
        } else {
            format!("#/components/schemas/{target}")
        };
        let schema_name = reference.rsplit('/').next().unwrap_or("Default").to_owned();
        let member = members
            .iter()
            .position(|m| matches!(m, ReferenceOr::Reference { reference: r } if *r == reference));
        if member.is_some() {
            return Ok(variants.iter().position(|v| v.wire_name == schema_name));
        }
        if !reference.starts_with('#') || resolve_pointer(self.raw, &reference).is_none() {
            self.warn(
                &at,
                format!("`defaultMapping` `{target}` does not resolve in this document; ignored"),
            );
            return Ok(None);
        }
        let ty = self.schema(
            &ReferenceOr::Reference {
                reference: reference.clone(),
            },
            &format!("{name}_{schema_name}"),
            &at,
        )?;
        variants.push(OneOfVariant {
            wire_name: schema_name,
            rust_name: String::new(),
            ty,
            tags: Vec::new(),
        });
        Ok(Some(variants.len() - 1))
    }

    /// `allOf` of object schemas merges into one struct; anything else is a
    /// JSON value with a diagnostic.
    fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        at: &Pointer,
    ) -> Result<TypeKind, Error> {
        if self.all_of_stack.iter().any(|p| p == at.as_str()) {
            return Err(self.err(
                at,
                format!(
                    "`allOf` cycle: this schema includes itself (through {})",
                    self.all_of_stack.join(" → ")
                ),
            ));
        }
        self.all_of_stack.push(at.as_str().to_owned());
        let merged = self.all_of_parts(parts, name, at);
        self.all_of_stack.pop();
        merged
    }

    fn all_of_parts(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        at: &Pointer,
    ) -> Result<TypeKind, Error> {
        let mut merged = Struct::default();
        for (i, part) in parts.iter().enumerate() {
            let p_at = at.push("allOf").push(i);
            let (schema, s_at) = self.resolve(part, &p_at, "schema")?;
            let (props, required) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(obj)) => (&obj.properties, &obj.required),
                SchemaKind::Any(any) if any.all_of.is_empty() && !is_scalar(any) => {
                    (&any.properties, &any.required)
                }
                SchemaKind::AllOf { all_of } => {
                    if let TypeKind::Struct(inner) = self.all_of(all_of, name, &s_at)? {
                        merge_fields(&mut merged, inner);
                    }
                    continue;
                }
                _ => {
                    self.warn(
                        &p_at,
                        "allOf part is not an object schema; the type is a JSON value",
                    );
                    return Ok(TypeKind::Alias(Ty::Json));
                }
            };
            let fields = self.fields(props, required, name, &s_at)?;
            merge_fields(&mut merged, fields);
        }
        Ok(TypeKind::Struct(merged))
    }

    /// A type alias may not reach itself through other aliases (`type A = B;
    /// type B = A;`, `type C = Vec<C>;`: rustc rejects both). One depth-first
    /// walk over the aliases finds the references that close a cycle: an
    /// alias that is a map becomes a struct holding the map; any other such
    /// reference is cut with a JSON value, with a diagnostic.
    fn break_alias_cycles(&mut self) {
        let aliases: BTreeMap<TypeId, Vec<TypeId>> = self
            .types
            .iter()
            .filter_map(|(id, def)| match &def.kind {
                TypeKind::Alias(ty) => Some((*id, named_in(ty))),
                _ => None,
            })
            .collect();
        // 1: on the walk's path, 2: done.
        let mut state: BTreeMap<TypeId, u8> = BTreeMap::new();
        let mut closing: Vec<(TypeId, TypeId)> = Vec::new();
        for &root in aliases.keys() {
            if state.contains_key(&root) {
                continue;
            }
            state.insert(root, 1);
            let mut work = vec![(root, 0)];
            while let Some((node, next)) = work.pop() {
                let Some(&to) = aliases.get(&node).and_then(|s| s.get(next)) else {
                    state.insert(node, 2);
                    continue;
                };
                work.push((node, next + 1));
                if !aliases.contains_key(&to) {
                    continue;
                }
                match state.get(&to) {
                    None => {
                        state.insert(to, 1);
                        work.push((to, 0));
                    }
                    Some(1) => closing.push((node, to)),
                    Some(_) => {}
                }
            }
        }
        for (from, to) in closing {
            let Some(def) = self.types.get_mut(&from) else {
                continue;
            };
            let kind = match &def.kind {
                TypeKind::Alias(Ty::Map(value)) => TypeKind::Struct(Struct {
                    fields: Vec::new(),
                    additional: Some((**value).clone()),
                    required_sets: None,
                }),
                TypeKind::Alias(ty) => TypeKind::Alias(cut_reference(ty, to)),
                // Already made a struct for another cycle.
                _ => continue,
            };
            def.kind = kind;
            if matches!(def.kind, TypeKind::Alias(_)) {
                let at = Pointer::from_fragment(&def.pointer);
                self.warn(
                    &at,
                    "this schema is a `$ref`, array or map of itself; the self-reference is a JSON value",
                );
            }
        }
    }

    fn fields(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        parent: &str,
        at: &Pointer,
    ) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        for (prop, schema) in properties {
            let f_at = at.push("properties").push(prop);
            let ty = self.boxed_schema(schema, &format!("{parent}_{prop}"), &f_at)?;
            let (description, deprecated, constraints) = match schema {
                ReferenceOr::Item(s) => {
                    let s = typed(s);
                    (describe(&s), s.schema_data.deprecated, constraints(&s))
                }
                ReferenceOr::Reference { .. } => {
                    (self.ref_description(&f_at), false, Constraints::default())
                }
            };
            fields.push(Field {
                wire_name: prop.clone(),
                rust_name: String::new(),
                ty,
                required: required.iter().any(|r| r == prop),
                description,
                deprecated,
                constraints,
                example: examples::example_at(self.raw, f_at.as_str()),
            });
        }
        Ok(Struct {
            fields,
            additional: None,
            required_sets: None,
        })
    }
}

/// The value a part header always has: its schema's `default`, or the one
/// value of its `enum`.
fn fixed_header_value(header: &openapiv3::Header) -> Option<String> {
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &header.format
    else {
        return None;
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
            s.enumeration.first().cloned().flatten()
        }
        SchemaKind::Any(any) if any.enumeration.len() == 1 => {
            any.enumeration.first().and_then(text)
        }
        _ => None,
    }
}

/// The named types `ty` holds by value or in options, arrays and maps.
fn named_in(ty: &Ty) -> Vec<TypeId> {
    match ty {
        Ty::Named(id) => vec![*id],
        Ty::Option(inner) | Ty::Array(inner) | Ty::Map(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

/// `ty` with references to `to` replaced by a JSON value.
fn cut_reference(ty: &Ty, to: TypeId) -> Ty {
    match ty {
        Ty::Named(id) if *id == to => Ty::Json,
        Ty::Option(inner) => Ty::Option(Box::new(cut_reference(inner, to))),
        Ty::Array(inner) => Ty::Array(Box::new(cut_reference(inner, to))),
        Ty::Map(inner) => Ty::Map(Box::new(cut_reference(inner, to))),
        other => other.clone(),
    }
}

/// A word for an inline alternative's type, used to name its variant.
fn type_word(s: &Schema) -> &'static str {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => "Variant",
    }
}

fn is_null_schema(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Any(any) if any.typ.as_deref() == Some("null"))
}

fn merge_fields(into: &mut Struct, from: Struct) {
    for field in from.fields {
        if let Some(existing) = into
            .fields
            .iter_mut()
            .find(|f| f.wire_name == field.wire_name)
        {
            existing.required |= field.required;
        } else {
            into.fields.push(field);
        }
    }
}

/// The values of a string enum: `type: string` with `enum`, or an untyped
/// schema (3.1 `const`, or `enum` without `type`) whose values are all
/// strings, `null` aside.
fn string_enum(s: &Schema) -> Option<Vec<String>> {
    string_enum_values(s).map(|values| {
        // A value listed twice is one variant.
        let mut seen = BTreeSet::new();
        values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .collect()
    })
}

fn string_enum_values(s: &Schema) -> Option<Vec<String>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
            Some(st.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Any(any) if is_untyped_string_enum(any) => Some(
            any.enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        ),
        _ => None,
    }
}

/// An untyped schema whose `enum` (or 3.1 `const`) lists strings only,
/// `null` aside.
fn is_untyped_string_enum(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.enumeration.iter().any(|v| v.is_string())
        && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
}

/// A schema's description; for an enum that is not typed as a string enum
/// (integers, mixed values), the allowed values are listed after it.
fn describe(s: &Schema) -> Option<String> {
    let description = s.schema_data.description.clone();
    let values: &[serde_json::Value] = match &s.schema_kind {
        SchemaKind::Any(any) if !is_untyped_string_enum(any) => &any.enumeration,
        _ => &[],
    };
    let listed: Vec<String> = match &s.schema_kind {
        SchemaKind::Type(Type::Integer(it)) => it
            .enumeration
            .iter()
            .flatten()
            .map(|v| format!("`{v}`"))
            .collect(),
        SchemaKind::Type(Type::Number(nt)) => nt
            .enumeration
            .iter()
            .flatten()
            .map(|v| format!("`{v}`"))
            .collect(),
        _ => values.iter().map(|v| format!("`{v}`")).collect(),
    };
    if listed.is_empty() {
        return description;
    }
    const SHOWN: usize = 40;
    let more = listed.len().saturating_sub(SHOWN);
    let mut line = format!(
        "Allowed values: {}",
        listed[..listed.len().min(SHOWN)].join(", ")
    );
    line.push_str(&if more > 0 {
        format!(" and {more} more.")
    } else {
        ".".to_owned()
    });
    Some(match description {
        Some(d) => format!("{d}\n\n{line}"),
        None => line,
    })
}

/// Whether an untyped enum lists `null` among its values.
fn enum_allows_null(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Any(any) if any.enumeration.iter().any(|v| v.is_null()))
}

fn constraints(s: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            c.min_length = st.min_length;
            c.max_length = st.max_length;
        }
        SchemaKind::Type(Type::Array(arr)) => {
            c.min_items = arr.min_items;
            c.max_items = arr.max_items;
            if let Some(ReferenceOr::Item(item)) = &arr.items {
                let inner = constraints(&typed(item));
                if !inner.is_empty() {
                    c.items = Some(Box::new(inner));
                }
            }
        }
        SchemaKind::Type(Type::Integer(it)) => {
            // The bounds of `i64` itself (specs write them to say "any
            // 64-bit integer") limit nothing.
            c.minimum = it.minimum.filter(|&m| m != i64::MIN).map(|m| m as f64);
            c.maximum = it.maximum.filter(|&m| m != i64::MAX).map(|m| m as f64);
        }
        SchemaKind::Type(Type::Number(nt)) => {
            c.minimum = nt.minimum;
            c.maximum = nt.maximum;
        }
        _ => {}
    }
    c
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Bytes,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
        _ => Ty::String,
    }
}

fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Ty {
    Ty::Int(match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int8" => IntKind::I8,
            "int16" => IntKind::I16,
            "uint8" => IntKind::U8,
            "uint16" => IntKind::U16,
            "uint32" => IntKind::U32,
            "uint64" | "uint" => IntKind::U64,
            _ => IntKind::I64,
        },
        _ => IntKind::I64,
    })
}

fn number_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Ty {
    Ty::Float(match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => FloatKind::F32,
        _ => FloatKind::F64,
    })
}

/// Response headers are parsed from text: keep simple types, use strings for
/// the rest.
fn header_type(ty: Ty) -> Ty {
    match ty.strip_option() {
        t @ (Ty::String
        | Ty::Bool
        | Ty::Int(_)
        | Ty::Float(_)
        | Ty::Uuid
        | Ty::DateTime
        | Ty::Date) => t.clone(),
        _ => Ty::String,
    }
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

fn derive_operation_id(method: &Method, path: &str) -> String {
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

/// The tags of an inline `oneOf` alternative, which a discriminator's
/// mapping cannot name: the values its discriminator property allows
/// (`const`, or an `enum` of strings).
fn inline_tags(item: &Schema, property: &str) -> Vec<String> {
    let item = typed(item);
    let SchemaKind::Type(Type::Object(object)) = &item.schema_kind else {
        return Vec::new();
    };
    let Some(ReferenceOr::Item(p)) = object.properties.get(property) else {
        return Vec::new();
    };
    match &typed(p).schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        _ => Vec::new(),
    }
}

/// An untyped schema that names a type other than `object` (or `null`):
/// it is not an object, whatever else it says.
fn is_scalar(any: &openapiv3::AnySchema) -> bool {
    matches!(any.typ.as_deref(), Some(t) if t != "object" && t != "null")
}

/// A scalar `type` with one `allOf` part and nothing that would make it an
/// object or a union of its own.
fn is_scalar_all_of_one(any: &openapiv3::AnySchema) -> bool {
    is_scalar(any)
        && any.all_of.len() == 1
        && any.properties.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_both_styles() {
        assert_eq!(
            server_placeholders("https://a.{{environment}}.ext.{{realm}}.x/c"),
            vec!["environment", "realm"]
        );
        assert_eq!(
            server_placeholders("https://{host}:{port}/v1/{host}"),
            vec!["host", "port"]
        );
        assert!(server_placeholders("https://api.example.com").is_empty());
    }

    #[test]
    fn derived_operation_ids() {
        assert_eq!(
            derive_operation_id(&Method::Get, "/pets/{petId}/toys"),
            "get_pets_petId_toys"
        );
        assert_eq!(derive_operation_id(&Method::Delete, "/"), "delete");
    }

    #[test]
    fn inline_alternatives_are_tagged_by_their_discriminator_values() {
        let item: Schema = serde_json::from_value(serde_json::json!({
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"type": "string", "enum": ["server_vad"], "default": "server_vad"},
                "threshold": {"type": "number", "minLength": 1}
            }
        }))
        .expect("a schema");
        assert_eq!(inline_tags(&item, "type"), ["server_vad"]);
        assert!(inline_tags(&item, "kind").is_empty());
        let untyped: Schema =
            serde_json::from_value(serde_json::json!({"type": "string"})).expect("a schema");
        assert!(inline_tags(&untyped, "type").is_empty());
    }
}
