//! Version normalisation: every supported dialect (Swagger 2.0, OpenAPI 3.0,
//! OpenAPI 3.1) is rewritten into the OpenAPI 3.0 shape that `openapiv3`
//! reads, so one lowering serves all of them.
//!
//! * OpenAPI 3.0.x documents pass through untouched.
//! * OpenAPI 3.1.x documents keep their structure; Schema Objects are turned
//!   back into 3.0 schemas (`type: [T, "null"]` → `nullable`, `const` →
//!   `enum`, numeric `exclusiveMinimum`, boolean schemas, …), 3.1-only fields
//!   are dropped and `components/pathItems` references are inlined.
//! * Swagger 2.0 documents are converted: `definitions`, `parameters`,
//!   `responses` and `securityDefinitions` move under `components`, body and
//!   form parameters become request bodies, `produces` becomes response
//!   `content`, and every local `$ref` is rewritten to its new place.
//!
//! Whatever is dropped or approximated on the way is reported as a
//! [`Diagnostic`] by [`normalize_with_notes`]. Only documents whose version
//! cannot be understood are errors; nothing here panics on odd input.

use crate::diag::{escape_token, Diagnostic, Error, Pointer};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The `openapi` version written into converted documents.
const TARGET_VERSION: &str = "3.0.3";

/// Path Item fields that hold operations.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema (2020-12) keywords that OpenAPI 3.0 does not have; they are
/// removed from every schema.
const DROPPED_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Dropped keywords whose loss changes the meaning of a schema enough to
/// mention it.
const NOTED_KEYWORDS: &[(&str, &str)] = &[
    (
        "if",
        "conditional subschemas (`if`/`then`/`else`) are not supported by OpenAPI 3.0; dropped",
    ),
    (
        "dependentSchemas",
        "`dependentSchemas` is not supported by OpenAPI 3.0; dropped",
    ),
    (
        "$dynamicRef",
        "`$dynamicRef` is not supported by OpenAPI 3.0; the schema is left untyped",
    ),
];

/// The keywords that only concern values of one JSON type.
fn type_keywords(name: &str) -> &'static [&'static str] {
    match name {
        "string" => &["format", "minLength", "maxLength", "pattern"],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
        _ => &[],
    }
}

/// Siblings of a schema `$ref` that only annotate it; a `$ref` with nothing
/// but these stays a plain reference (3.0 ignores `$ref` siblings anyway).
const REF_ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "xml",
];

/// Swagger 2.0 parameter/header/items fields that make up a 3.0 `schema`.
const SCHEMA_FIELDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// How many `$ref` hops are followed when inlining before giving up.
const MAX_REF_HOPS: usize = 32;

/// Rewrites `raw` into the OpenAPI 3.0 shape (see the module docs).
pub fn normalize(file: &Path, raw: Value) -> Result<Value, Error> {
    normalize_with_notes(file, raw).map(|(value, _)| value)
}

/// The extension a server's OpenAPI 3.2 `name` is kept under: the 3.0 model
/// the rest of the pipeline reads keeps only `x-` fields of a server.
pub const SERVER_NAME: &str = "x-codegen-server-name";

/// Copies each top-level server's `name` (OpenAPI 3.2) to [`SERVER_NAME`].
fn keep_server_names(raw: &mut Value) {
    let Some(servers) = raw.get_mut("servers").and_then(Value::as_array_mut) else {
        return;
    };
    for server in servers.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(name) = server.get("name").filter(|n| n.is_string()).cloned() {
            server.insert(SERVER_NAME.to_owned(), name);
        }
    }
}

/// [`normalize`], also returning what was dropped or approximated.
pub fn normalize_with_notes(
    file: &Path,
    mut raw: Value,
) -> Result<(Value, Vec<Diagnostic>), Error> {
    keep_server_names(&mut raw);
    let dialect = detect(file, &raw)?;
    let mut cx = Cx::new(file, dialect);
    let value = match dialect {
        Dialect::OpenApi30 => return Ok((raw, Vec::new())),
        Dialect::OpenApi31 => cx.openapi31(raw),
        Dialect::Swagger2 => cx.swagger2(raw),
    };
    Ok((value, cx.notes))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    OpenApi30,
    OpenApi31,
    Swagger2,
}

fn detect(file: &Path, raw: &Value) -> Result<Dialect, Error> {
    if let Some(version) = raw.get("openapi") {
        let Some(text) = version_text(version) else {
            return Err(Error::new(
                file,
                "#/openapi",
                "the `openapi` field is not a version string",
            ));
        };
        return match major_minor(&text) {
            Some((3, 0)) => Ok(Dialect::OpenApi30),
            Some((3, 1)) => Ok(Dialect::OpenApi31),
            Some(_) => Err(Error::new(
                file,
                "#/openapi",
                format!(
                    "OpenAPI version {text} is not supported (3.0.x and 3.1.x are, and Swagger 2.0)"
                ),
            )),
            None => Err(Error::new(
                file,
                "#/openapi",
                format!("`{text}` is not an OpenAPI version number"),
            )),
        };
    }
    if let Some(version) = raw.get("swagger") {
        let text = version_text(version).unwrap_or_default();
        return match major_minor(&text) {
            Some((2, 0)) => Ok(Dialect::Swagger2),
            _ => Err(Error::new(
                file,
                "#/swagger",
                format!("Swagger version {text} is not supported (2.0 is)"),
            )),
        };
    }
    Err(Error::new(
        file,
        "#",
        "not an OpenAPI document: it has neither an `openapi` nor a `swagger` field",
    ))
}

/// YAML reads an unquoted `swagger: 2.0` as a number; accept both forms.
fn version_text(version: &Value) -> Option<String> {
    match version {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn major_minor(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = match parts.next() {
        Some(minor) => minor.parse().ok()?,
        None => 0,
    };
    Some((major, minor))
}

/// One parameter of a Swagger 2.0 operation, sorted by where it goes in 3.0.
#[derive(Debug, Clone)]
enum Param {
    /// `in: body`; `reference` names the global parameter it came from.
    Body {
        param: Value,
        reference: Option<String>,
        at: Pointer,
    },
    /// `in: formData`, resolved.
    Form { param: Value, at: Pointer },
    /// Anything else, already in its 3.0 form.
    Plain(Value),
}

/// Conversion state.
struct Cx<'a> {
    file: &'a Path,
    dialect: Dialect,
    notes: Vec<Diagnostic>,
    /// 3.1: every `$ref` that points into a `$defs`.
    defs_refs: Vec<String>,
    /// 3.1: `components/pathItems` and `components/callbacks` as written,
    /// for inlining references to them.
    path_items: Map<String, Value>,
    callbacks: Map<String, Value>,
    /// 3.1: security schemes 3.0 cannot express (`mutualTLS`).
    dropped_schemes: Vec<String>,
    /// 2.0: the global `consumes`/`produces` and `parameters`.
    consumes: Vec<String>,
    produces: Vec<String>,
    global_parameters: Map<String, Value>,
    /// 2.0: the global `schemes`, sorted (`https` when there are none).
    schemes: Vec<String>,
}

impl<'a> Cx<'a> {
    fn new(file: &'a Path, dialect: Dialect) -> Self {
        Cx {
            file,
            dialect,
            notes: Vec::new(),
            defs_refs: Vec::new(),
            path_items: Map::new(),
            callbacks: Map::new(),
            dropped_schemes: Vec::new(),
            consumes: Vec::new(),
            produces: Vec::new(),
            global_parameters: Map::new(),
            schemes: Vec::new(),
        }
    }

    fn note(&mut self, at: &Pointer, message: impl Into<String>) {
        self.notes.push(Diagnostic {
            file: self.file.to_path_buf(),
            pointer: at.as_str().to_owned(),
            message: message.into(),
        });
    }

    // ---- OpenAPI 3.1 ---------------------------------------------------

    fn openapi31(&mut self, raw: Value) -> Value {
        let Value::Object(mut root) = raw else {
            return raw;
        };
        let at = Pointer::root();
        for value in root.values() {
            collect_refs(value, &|r| r.contains("/$defs/"), &mut self.defs_refs);
        }
        root.insert("openapi".into(), TARGET_VERSION.into());
        root.shift_remove("jsonSchemaDialect");
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info.shift_remove("summary");
            if let Some(Value::Object(license)) = info.get_mut("license") {
                license.shift_remove("identifier");
            }
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            if count > 0 {
                self.note(
                    &at.push("webhooks"),
                    format!("{count} webhook(s) dropped: webhooks are not generated"),
                );
            }
        }
        if let Some(Value::Object(components)) = root.get("components") {
            self.path_items = object_at(components, "pathItems");
            self.callbacks = object_at(components, "callbacks");
            if let Some(Value::Object(schemes)) = components.get("securitySchemes") {
                self.dropped_schemes = schemes
                    .iter()
                    .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                    .map(|(name, _)| name.clone())
                    .collect();
            }
        }
        if let Some(security) = root.get_mut("security") {
            self.security(security, &at.push("security"));
        }
        match root.get_mut("paths") {
            Some(Value::Object(paths)) => {
                let paths_at = at.push("paths");
                for (path, item) in paths.iter_mut() {
                    if !path.starts_with("x-") {
                        self.path_item(item, &paths_at.push(path));
                    }
                }
            }
            Some(_) => {}
            None => insert_after(&mut root, "info", "paths", Value::Object(Map::new())),
        }
        if let Some(components) = root.get_mut("components") {
            self.components(components, &at.push("components"));
        }
        // `pathItems` is 3.1-only; its uses in paths and callbacks were
        // inlined above. Keep it only if something else still points into it.
        let into_path_items = |r: &str| r.starts_with("#/components/pathItems/");
        let mut left: Vec<String> = Vec::new();
        for (key, value) in root.iter() {
            match (key.as_str(), value) {
                ("components", Value::Object(components)) => {
                    for (kind, entries) in components {
                        if kind != "pathItems" {
                            collect_refs(entries, &into_path_items, &mut left);
                        }
                    }
                }
                _ => collect_refs(value, &into_path_items, &mut left),
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            let components_at = at.push("components");
            if left.is_empty() {
                components.shift_remove("pathItems");
            } else if let Some(Value::Object(items)) = components.get_mut("pathItems") {
                let items_at = components_at.push("pathItems");
                for (name, item) in items.iter_mut() {
                    self.path_item(item, &items_at.push(name));
                }
                let message = format!(
                    "`components/pathItems` kept: `{}` still points into it",
                    left.join("`, `")
                );
                self.note(&items_at, message);
            }
        }
        Value::Object(root)
    }

    fn components(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(components) = v else { return };
        for (kind, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            let kind_at = at.push(kind);
            if kind == "securitySchemes" {
                let dropped = std::mem::take(&mut self.dropped_schemes);
                for name in &dropped {
                    if entries.shift_remove(name).is_some() {
                        self.note(
                            &kind_at.push(name),
                            "mutual TLS has no OpenAPI 3.0 security scheme; dropped",
                        );
                    }
                }
                self.dropped_schemes = dropped;
            }
            for (name, entry) in entries.iter_mut() {
                let entry_at = kind_at.push(name);
                match kind.as_str() {
                    "schemas" => self.schema(entry, &entry_at),
                    "responses" => self.response(entry, &entry_at),
                    "parameters" => self.parameter(entry, &entry_at),
                    "requestBodies" => self.request_body(entry, &entry_at),
                    "headers" => self.header(entry, &entry_at),
                    "callbacks" => self.callback(entry, &entry_at),
                    // Walked (or dropped) once the rest is done.
                    "pathItems" => {}
                    "examples" | "links" | "securitySchemes" => {
                        if let Value::Object(m) = entry {
                            self.ref_only(m, &entry_at);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Drops requirements naming a scheme 3.0 cannot express.
    fn security(&mut self, v: &mut Value, at: &Pointer) {
        if self.dropped_schemes.is_empty() {
            return;
        }
        let Value::Array(requirements) = v else {
            return;
        };
        let before = requirements.len();
        let dropped = &self.dropped_schemes;
        requirements.retain(|r| {
            r.as_object()
                .is_none_or(|r| !r.keys().any(|k| dropped.contains(k)))
        });
        if requirements.len() != before {
            self.note(at, "security requirements using mutual TLS dropped");
        }
    }

    fn path_item(&mut self, v: &mut Value, at: &Pointer) {
        self.inline_component(v, at, "pathItems");
        let Value::Object(item) = v else { return };
        if item.contains_key("$ref") {
            return;
        }
        if let Some(parameters) = item.get_mut("parameters") {
            self.parameters(parameters, &at.push("parameters"));
        }
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                self.operation(op, &at.push(method));
            }
        }
    }

    /// Replaces a `$ref` to `#/components/{kind}/X` by a copy of X (path
    /// items and callbacks: 3.0 has no `pathItems`, and `openapiv3` cannot
    /// read a referenced callback).
    fn inline_component(&mut self, v: &mut Value, at: &Pointer, kind: &str) {
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = v.get("$ref").and_then(Value::as_str).map(str::to_owned) else {
                return;
            };
            if !reference.starts_with("#/") {
                return;
            }
            let tokens = Pointer::from_fragment(&reference).tokens();
            let [first, second, name] = tokens.as_slice() else {
                return;
            };
            if first != "components" || second != kind {
                return;
            }
            let snapshot = if kind == "pathItems" {
                &self.path_items
            } else {
                &self.callbacks
            };
            let Some(target) = snapshot.get(name).cloned() else {
                self.note(at, format!("`$ref` `{reference}` does not resolve"));
                return;
            };
            let Value::Object(mut merged) = target else {
                *v = target;
                return;
            };
            // A path item reference may override `summary`/`description`;
            // a callback's keys are expressions, so nothing merges there.
            if kind == "pathItems" {
                if let Value::Object(local) = v {
                    for (key, value) in local.iter() {
                        if key != "$ref" {
                            merged.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            *v = Value::Object(merged);
        }
        self.note(at, "`$ref` chain does not end (a cycle?); left as it is");
    }

    fn operation(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(op) = v else { return };
        if let Some(parameters) = op.get_mut("parameters") {
            self.parameters(parameters, &at.push("parameters"));
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &at.push("requestBody"));
        }
        match op.get_mut("responses") {
            Some(Value::Object(responses)) => {
                let responses_at = at.push("responses");
                for (code, response) in responses.iter_mut() {
                    if !code.starts_with("x-") {
                        self.response(response, &responses_at.push(code));
                    }
                }
            }
            Some(_) => {}
            // Optional in 3.1, required in 3.0.
            None => {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            let callbacks_at = at.push("callbacks");
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &callbacks_at.push(name));
            }
        }
        if let Some(security) = op.get_mut("security") {
            self.security(security, &at.push("security"));
        }
    }

    fn callback(&mut self, v: &mut Value, at: &Pointer) {
        self.inline_component(v, at, "callbacks");
        let Value::Object(callback) = v else { return };
        if callback.contains_key("$ref") {
            return;
        }
        for (expression, item) in callback.iter_mut() {
            if !expression.starts_with("x-") {
                self.path_item(item, &at.push(expression));
            }
        }
    }

    fn parameters(&mut self, v: &mut Value, at: &Pointer) {
        if let Value::Array(list) = v {
            for (i, parameter) in list.iter_mut().enumerate() {
                self.parameter(parameter, &at.push(i));
            }
        }
    }

    fn parameter(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(m) = v else { return };
        if self.ref_only(m, at) {
            return;
        }
        if let Some(schema) = m.get_mut("schema") {
            self.schema(schema, &at.push("schema"));
        }
        if let Some(content) = m.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    fn request_body(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(m) = v else { return };
        if self.ref_only(m, at) {
            return;
        }
        if let Some(content) = m.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    fn content(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(content) = v else { return };
        for (media_type, media) in content.iter_mut() {
            let media_at = at.push(media_type);
            let Value::Object(media) = media else {
                continue;
            };
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &media_at.push("schema"));
            }
            if let Some(item) = media.remove("itemSchema") {
                let (mut item, item_at) = item_schema(media_type, item, &media_at);
                self.schema(&mut item, &item_at);
                media.insert(crate::lower::ITEM_SCHEMA.to_owned(), item);
            }
            if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
                let encoding_at = media_at.push("encoding");
                for (name, encoding) in encodings.iter_mut() {
                    if let Some(headers) = encoding.get_mut("headers") {
                        self.headers(headers, &encoding_at.push(name).push("headers"));
                    }
                }
            }
        }
    }

    fn response(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(m) = v else { return };
        if self.ref_only(m, at) {
            return;
        }
        if !m.get("description").is_some_and(Value::is_string) {
            m.insert("description".into(), "".into());
        }
        if let Some(headers) = m.get_mut("headers") {
            self.headers(headers, &at.push("headers"));
        }
        if let Some(content) = m.get_mut("content") {
            self.content(content, &at.push("content"));
        }
        if let Some(Value::Object(links)) = m.get_mut("links") {
            let links_at = at.push("links");
            for (name, link) in links.iter_mut() {
                if let Value::Object(link) = link {
                    self.ref_only(link, &links_at.push(name));
                }
            }
        }
    }

    fn headers(&mut self, v: &mut Value, at: &Pointer) {
        if let Value::Object(headers) = v {
            for (name, header) in headers.iter_mut() {
                self.header(header, &at.push(name));
            }
        }
    }

    /// A Header Object has a parameter's `schema`/`content` shape.
    fn header(&mut self, v: &mut Value, at: &Pointer) {
        self.parameter(v, at);
    }

    /// A Reference Object outside schemas: 3.1 allows `summary` and
    /// `description` beside `$ref`, 3.0 nothing. Returns whether `m` is one.
    fn ref_only(&mut self, m: &mut Map<String, Value>, at: &Pointer) -> bool {
        if !m.contains_key("$ref") {
            return false;
        }
        if m.len() > 1 {
            let extra: Vec<String> = m
                .keys()
                .filter(|k| !matches!(k.as_str(), "$ref" | "summary" | "description"))
                .cloned()
                .collect();
            if !extra.is_empty() {
                let message = format!("fields beside `$ref` are ignored: `{}`", extra.join("`, `"));
                self.note(at, message);
            }
            m.retain(|k, _| k == "$ref");
        }
        true
    }

    // ---- Schema Objects (3.1 and 2.0) ----------------------------------

    fn schema(&mut self, v: &mut Value, at: &Pointer) {
        if let Value::Bool(accept) = v {
            *v = if *accept {
                json!({})
            } else {
                json!({ "not": {} })
            };
            return;
        }
        let Value::Object(m) = v else { return };
        if m.contains_key("$ref") && !self.schema_ref(m, at) {
            return;
        }
        if self.dialect == Dialect::Swagger2 {
            swagger_schema_keywords(m);
        }
        self.null_members(m, "oneOf");
        self.null_members(m, "anyOf");
        self.schema_type(m, at);
        if let Some(value) = m.get_mut("const").map(Value::take) {
            if value.is_null() {
                m.insert("nullable".into(), true.into());
            }
            replace_key(m, "const", "enum", json!([value]));
        }
        if let Some(examples) = m.get_mut("examples").map(Value::take) {
            match examples {
                Value::Array(list) if !m.contains_key("example") => match list.into_iter().next() {
                    Some(first) => replace_key(m, "examples", "example", first),
                    None => {
                        m.shift_remove("examples");
                    }
                },
                _ => {
                    m.shift_remove("examples");
                }
            }
        }
        exclusive_bound(m, "exclusiveMinimum", "minimum", true);
        exclusive_bound(m, "exclusiveMaximum", "maximum", false);
        self.dropped_keywords(m, at);
        self.tuple(m, at);
        self.pattern_properties(m, at);
        self.subschemas(m, at);
    }

    /// A schema with a `$ref`: rewrites it (2.0) and deals with siblings.
    /// Returns whether the schema still needs the rest of the rewriting.
    fn schema_ref(&mut self, m: &mut Map<String, Value>, at: &Pointer) -> bool {
        if self.dialect == Dialect::Swagger2 {
            if let Some(Value::String(reference)) = m.get_mut("$ref") {
                *reference = self.rewrite_ref(reference);
            }
        }
        if let Some(reference) = m.get("$ref").and_then(Value::as_str) {
            if reference.starts_with("#/$defs/") {
                let message = format!(
                    "`$ref` `{reference}` points at a document-level `$defs`, which OpenAPI does not have"
                );
                self.note(&at.push("$ref"), message);
            }
        }
        if m.len() == 1 {
            return false;
        }
        if self.dialect == Dialect::Swagger2 {
            swagger_schema_keywords(m);
        }
        let relevant = m.keys().any(|k| {
            k != "$ref"
                && !k.starts_with("x-")
                && !REF_ANNOTATIONS.contains(&k.as_str())
                && !DROPPED_KEYWORDS.contains(&k.as_str())
        });
        if !relevant {
            // The description stays: it documents the field or alias.
            m.retain(|k, _| k == "$ref" || k == "description");
            return false;
        }
        let Some(reference) = m.shift_remove("$ref") else {
            return true;
        };
        let wrapped = json!({ "$ref": reference });
        match m.get_mut("allOf") {
            Some(Value::Array(list)) => list.insert(0, wrapped),
            Some(other) => *other = json!([wrapped]),
            None => {
                m.shift_insert(0, "allOf".to_owned(), json!([wrapped]));
            }
        }
        true
    }

    /// `oneOf`/`anyOf` with a `{type: "null"}` member → `nullable: true`.
    fn null_members(&mut self, m: &mut Map<String, Value>, key: &str) {
        let Some(Value::Array(members)) = m.get_mut(key) else {
            return;
        };
        let before = members.len();
        members.retain(|member| !is_null_schema(member));
        if members.len() == before {
            return;
        }
        if members.len() > 1 {
            m.insert("nullable".into(), true.into());
            return;
        }
        let Some(Value::Array(mut members)) = m.shift_remove(key) else {
            return;
        };
        let Some(mut only) = members.pop() else {
            m.insert("nullable".into(), true.into());
            return;
        };
        if let Value::Bool(accept) = only {
            only = if accept {
                json!({})
            } else {
                json!({ "not": {} })
            };
        }
        // An inline member whose keywords do not clash merges into the
        // parent (`anyOf: [{type: string}, {type: null}]` is a nullable
        // string); anything else becomes the single `allOf` member.
        let mergeable = match &only {
            Value::Object(o) => !o.contains_key("$ref") && o.keys().all(|k| !m.contains_key(k)),
            _ => false,
        };
        match only {
            Value::Object(o) if mergeable => {
                for (k, x) in o {
                    m.insert(k, x);
                }
            }
            other => match m.get_mut("allOf") {
                Some(Value::Array(list)) => list.push(other),
                _ => {
                    m.insert("allOf".into(), json!([other]));
                }
            },
        }
        m.insert("nullable".into(), true.into());
    }

    fn schema_type(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let Some(ty) = m.get("type").cloned() else {
            return;
        };
        match ty {
            Value::String(name) if name == "null" => {
                m.shift_remove("type");
                m.insert("nullable".into(), true.into());
            }
            Value::String(name) if name == "file" && self.dialect == Dialect::Swagger2 => {
                m.insert("type".into(), "string".into());
                m.insert("format".into(), "binary".into());
            }
            Value::String(_) => {}
            Value::Array(list) => {
                let mut nullable = false;
                let mut names: Vec<String> = Vec::new();
                for item in &list {
                    match item.as_str() {
                        Some("null") => nullable = true,
                        Some(name) if !names.iter().any(|n| n == name) => {
                            names.push(name.to_owned())
                        }
                        _ => {}
                    }
                }
                if names.len() == 2
                    && names.iter().any(|n| n == "integer")
                    && names.iter().any(|n| n == "number")
                {
                    names = vec!["number".to_owned()];
                }
                match names.as_slice() {
                    [only] => {
                        m.insert("type".into(), only.clone().into());
                    }
                    [] => {
                        m.shift_remove("type");
                    }
                    several if !m.contains_key("oneOf") && !m.contains_key("anyOf") => {
                        // `type: [string, integer]` is `anyOf` one schema per
                        // type, each keeping the keywords that concern it.
                        m.shift_remove("type");
                        let branches: Vec<Value> = several
                            .iter()
                            .map(|name| {
                                let mut branch = Map::new();
                                branch.insert("type".into(), name.clone().into());
                                for key in type_keywords(name) {
                                    if let Some(v) = m.get(*key) {
                                        branch.insert((*key).to_owned(), v.clone());
                                    }
                                }
                                Value::Object(branch)
                            })
                            .collect();
                        for name in several {
                            for key in type_keywords(name) {
                                m.shift_remove(*key);
                            }
                        }
                        m.insert("anyOf".into(), Value::Array(branches));
                    }
                    several => {
                        let message = format!(
                            "a schema of several types ({}) next to `oneOf`/`anyOf` has no OpenAPI 3.0 form; it is left untyped",
                            several.join(", ")
                        );
                        self.note(&at.push("type"), message);
                        m.shift_remove("type");
                    }
                }
                if nullable {
                    m.insert("nullable".into(), true.into());
                }
            }
            _ => {
                self.note(
                    &at.push("type"),
                    "`type` is neither a name nor a list of names; dropped",
                );
                m.shift_remove("type");
            }
        }
    }

    fn dropped_keywords(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let base64 = matches!(
            m.get("contentEncoding").and_then(Value::as_str),
            Some("base64" | "base64url")
        );
        if base64
            && !m.contains_key("format")
            && m.get("type").and_then(Value::as_str) == Some("string")
        {
            m.insert("format".into(), "byte".into());
        }
        for (key, message) in NOTED_KEYWORDS {
            if m.contains_key(*key) {
                self.note(&at.push(key), *message);
            }
        }
        m.retain(|k, _| !DROPPED_KEYWORDS.contains(&k.as_str()));
        if m.contains_key("$defs") {
            let defs_at = at.push("$defs");
            let prefix = format!("{defs_at}/");
            if self.defs_refs.iter().any(|r| r.starts_with(&prefix)) {
                if let Some(Value::Object(defs)) = m.get_mut("$defs") {
                    for (name, def) in defs.iter_mut() {
                        self.schema(def, &defs_at.push(name));
                    }
                }
            } else {
                m.shift_remove("$defs");
            }
        }
    }

    /// `prefixItems` (and draft-4 `items: [...]`) describe tuples, which 3.0
    /// has not: the array keeps one item schema.
    fn tuple(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let (prefix, key) = match m.shift_remove("prefixItems") {
            Some(Value::Array(list)) => (list, "prefixItems"),
            Some(_) => (Vec::new(), "prefixItems"),
            None => match m.get("items") {
                Some(Value::Array(list)) => (list.clone(), "items"),
                _ => return,
            },
        };
        let tuple_at = at.push(key);
        if key == "prefixItems"
            && matches!(m.get("items"), Some(Value::Object(_) | Value::Bool(true)))
        {
            self.note(
                &tuple_at,
                "tuple (`prefixItems`) dropped; the array is typed by `items`",
            );
            return;
        }
        let items = match prefix.split_first() {
            Some((first, rest)) if rest.iter().all(|x| x == first) => {
                self.note(
                    &tuple_at,
                    "tuple approximated as an array of its (single) item type",
                );
                first.clone()
            }
            _ => {
                self.note(
                    &tuple_at,
                    "tuple of different item types approximated as an array of any values",
                );
                json!({})
            }
        };
        m.insert("items".into(), items);
    }

    fn pattern_properties(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let Some(patterns) = m.get_mut("patternProperties").map(Value::take) else {
            return;
        };
        let pattern_at = at.push("patternProperties");
        let single = match patterns {
            Value::Object(o) if o.len() == 1 => o.into_iter().next(),
            _ => None,
        };
        let free = matches!(
            m.get("additionalProperties"),
            None | Some(Value::Bool(false))
        );
        match single {
            Some((pattern, schema)) if free => {
                m.shift_remove("patternProperties");
                m.insert("additionalProperties".into(), schema);
                let message = format!(
                    "`patternProperties` approximated as `additionalProperties`; keys are not checked against `{pattern}`"
                );
                self.note(&pattern_at, message);
            }
            _ => {
                m.shift_remove("patternProperties");
                self.note(
                    &pattern_at,
                    "`patternProperties` is not supported by OpenAPI 3.0; dropped",
                );
            }
        }
    }

    fn subschemas(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        // `required: true` on a property (a common Swagger mistake) becomes
        // an entry of the parent's `required` list.
        let mut promoted: Vec<String> = Vec::new();
        match m.get_mut("properties") {
            Some(Value::Object(properties)) => {
                let properties_at = at.push("properties");
                for (name, property) in properties.iter_mut() {
                    if let Value::Object(p) = property {
                        if let Some(Value::Bool(required)) = p.get("required") {
                            if *required {
                                promoted.push(name.clone());
                            }
                            p.shift_remove("required");
                        }
                    }
                    self.schema(property, &properties_at.push(name));
                }
            }
            Some(_) => {
                m.shift_remove("properties");
                self.note(
                    &at.push("properties"),
                    "`properties` is not an object; dropped",
                );
            }
            None => {}
        }
        if !promoted.is_empty() {
            let message = format!(
                "`required: true` on properties moved to this schema's `required` list: {}",
                promoted.join(", ")
            );
            self.note(at, message);
            match m.get_mut("required") {
                Some(Value::Array(list)) => {
                    for name in promoted {
                        if !list.iter().any(|x| x.as_str() == Some(&name)) {
                            list.push(name.into());
                        }
                    }
                }
                _ => {
                    let list = promoted.into_iter().map(Value::from).collect();
                    m.insert("required".into(), Value::Array(list));
                }
            }
        }
        match m.get_mut("required") {
            Some(Value::Array(list)) if !list.iter().all(Value::is_string) => {
                list.retain(Value::is_string);
                self.note(
                    &at.push("required"),
                    "`required` entries that are not names dropped",
                );
            }
            Some(Value::Array(_)) | None => {}
            Some(_) => {
                m.shift_remove("required");
                self.note(
                    &at.push("required"),
                    "`required` is not a list of property names; dropped",
                );
            }
        }
        match m.get_mut("additionalProperties") {
            Some(Value::Bool(_)) | None => {}
            Some(schema @ Value::Object(_)) => {
                self.schema(schema, &at.push("additionalProperties"));
            }
            Some(_) => {
                m.shift_remove("additionalProperties");
                self.note(
                    &at.push("additionalProperties"),
                    "`additionalProperties` is not a schema; dropped",
                );
            }
        }
        match m.get_mut("items") {
            Some(items @ (Value::Object(_) | Value::Bool(_))) => {
                self.schema(items, &at.push("items"))
            }
            Some(_) => {
                m.shift_remove("items");
                self.note(&at.push("items"), "`items` is not a schema; dropped");
            }
            None => {}
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            match m.get_mut(key) {
                Some(Value::Array(list)) => {
                    let list_at = at.push(key);
                    for (i, member) in list.iter_mut().enumerate() {
                        self.schema(member, &list_at.push(i));
                    }
                }
                Some(_) => {
                    m.shift_remove(key);
                    self.note(&at.push(key), format!("`{key}` is not a list; dropped"));
                }
                None => {}
            }
        }
        if let Some(not) = m.get_mut("not") {
            self.schema(not, &at.push("not"));
        }
    }

    // ---- Swagger 2.0 -----------------------------------------------------

    fn swagger2(&mut self, raw: Value) -> Value {
        let Value::Object(mut root) = raw else {
            return raw;
        };
        let at = Pointer::root();
        self.consumes = string_list(root.get("consumes"));
        self.produces = string_list(root.get("produces"));
        self.global_parameters = object_at(&root, "parameters");
        self.schemes = string_list(root.get("schemes"));
        if self.schemes.is_empty() {
            self.schemes.push("https".to_owned());
        }
        self.schemes.sort();
        let mut out = Map::new();
        out.insert("openapi".into(), TARGET_VERSION.into());
        if let Some(info) = root.shift_remove("info") {
            out.insert("info".into(), info);
        }
        if let Some(servers) = servers(&root) {
            out.insert("servers".into(), servers);
        }
        for key in ["security", "tags", "externalDocs"] {
            if let Some(value) = root.shift_remove(key) {
                out.insert(key.into(), value);
            }
        }
        let paths = match root.shift_remove("paths") {
            Some(paths) => self.paths2(paths, &at.push("paths")),
            None => Value::Object(Map::new()),
        };
        out.insert("paths".into(), paths);
        let components = self.components2(&mut root, &at);
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        for (key, value) in root {
            if !matches!(
                key.as_str(),
                "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces"
            ) {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn components2(&mut self, root: &mut Map<String, Value>, at: &Pointer) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(definitions) = root.shift_remove("definitions") {
            let definitions_at = at.push("definitions");
            match definitions {
                Value::Object(definitions) => {
                    let mut schemas = Map::new();
                    for (name, mut schema) in definitions {
                        self.schema(&mut schema, &definitions_at.push(&name));
                        schemas.insert(name, schema);
                    }
                    components.insert("schemas".into(), Value::Object(schemas));
                }
                _ => self.note(&definitions_at, "`definitions` is not an object; dropped"),
            }
        }
        if let Some(Value::Object(responses)) = root.shift_remove("responses") {
            let responses_at = at.push("responses");
            let produces = effective(&self.produces);
            let mut out = Map::new();
            for (name, response) in responses {
                let response = self.response2(response, &produces, &responses_at.push(&name));
                out.insert(name, response);
            }
            components.insert("responses".into(), Value::Object(out));
        }
        if let Some(Value::Object(parameters)) = root.shift_remove("parameters") {
            let parameters_at = at.push("parameters");
            let consumes = effective(&self.consumes);
            let mut plain = Map::new();
            let mut bodies = Map::new();
            for (name, parameter) in parameters {
                let parameter_at = parameters_at.push(&name);
                match parameter.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        let body = self.body_param(&parameter, &consumes, &parameter_at);
                        bodies.insert(name, body);
                    }
                    // Form fields are inlined into each operation's body.
                    Some("formData") => {}
                    _ => {
                        let parameter = self.param2(&parameter, &parameter_at);
                        plain.insert(name, parameter);
                    }
                }
            }
            if !plain.is_empty() {
                components.insert("parameters".into(), Value::Object(plain));
            }
            if !bodies.is_empty() {
                components.insert("requestBodies".into(), Value::Object(bodies));
            }
        }
        if let Some(Value::Object(schemes)) = root.shift_remove("securityDefinitions") {
            let schemes_at = at.push("securityDefinitions");
            let mut out = Map::new();
            for (name, scheme) in schemes {
                let scheme = self.security_scheme2(scheme, &schemes_at.push(&name));
                out.insert(name, scheme);
            }
            components.insert("securitySchemes".into(), Value::Object(out));
        }
        components
    }

    fn security_scheme2(&mut self, scheme: Value, at: &Pointer) -> Value {
        let Value::Object(m) = scheme else {
            return scheme;
        };
        let mut out = Map::new();
        match m.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
            }
            Some("oauth2") => {
                let (flow, authorization, token) = match m.get("flow").and_then(Value::as_str) {
                    Some("implicit") => ("implicit", true, false),
                    Some("password") => ("password", false, true),
                    Some("application") => ("clientCredentials", false, true),
                    Some("accessCode") => ("authorizationCode", true, true),
                    other => {
                        let message = format!(
                            "unknown OAuth2 flow {}; the scheme has no flows",
                            other.unwrap_or("(none)")
                        );
                        self.note(&at.push("flow"), message);
                        ("", false, false)
                    }
                };
                let mut flows = Map::new();
                if !flow.is_empty() {
                    let mut f = Map::new();
                    let mut urls = Vec::new();
                    if authorization {
                        urls.push("authorizationUrl");
                    }
                    if token {
                        urls.push("tokenUrl");
                    }
                    for url in urls {
                        let value = match m.get(url) {
                            Some(Value::String(s)) => s.clone(),
                            _ => {
                                self.note(&at.push(url), format!("`{url}` is missing; left empty"));
                                String::new()
                            }
                        };
                        f.insert(url.into(), value.into());
                    }
                    let scopes = match m.get("scopes") {
                        Some(Value::Object(scopes)) => Value::Object(scopes.clone()),
                        _ => json!({}),
                    };
                    f.insert("scopes".into(), scopes);
                    flows.insert(flow.into(), Value::Object(f));
                }
                out.insert("type".into(), "oauth2".into());
                out.insert("flows".into(), Value::Object(flows));
            }
            _ => return Value::Object(m),
        }
        for (key, value) in m {
            if key == "description" || key.starts_with("x-") {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn paths2(&mut self, paths: Value, at: &Pointer) -> Value {
        let Value::Object(paths) = paths else {
            self.note(at, "`paths` is not an object; dropped");
            return Value::Object(Map::new());
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let item = if path.starts_with('/') {
                self.path_item2(item, &at.push(&path))
            } else {
                item
            };
            out.insert(path, item);
        }
        Value::Object(out)
    }

    fn path_item2(&mut self, item: Value, at: &Pointer) -> Value {
        let Value::Object(item) = item else {
            return item;
        };
        // Body and form parameters cannot stay on the path item in 3.0;
        // every operation inherits them.
        let mut inherited = Vec::new();
        let mut plain = Vec::new();
        if let Some(list) = item.get("parameters") {
            let parameters_at = at.push("parameters");
            match list {
                Value::Array(list) => {
                    for (i, parameter) in list.iter().enumerate() {
                        match self.classify(parameter, &parameters_at.push(i)) {
                            Param::Plain(p) => plain.push(p),
                            other => inherited.push(other),
                        }
                    }
                }
                _ => self.note(&parameters_at, "`parameters` is not a list; dropped"),
            }
        }
        let mut out = Map::new();
        let mut plain = Some(plain);
        for (key, value) in item {
            if key == "parameters" {
                match plain.take() {
                    Some(list) if !list.is_empty() => {
                        out.insert(key, Value::Array(list));
                    }
                    _ => {}
                }
            } else if METHODS.contains(&key.as_str()) {
                let op = self.operation2(value, &at.push(&key), &inherited);
                out.insert(key, op);
            } else {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    /// Resolves a 2.0 parameter (following `#/parameters/X`) and sorts it.
    fn classify(&mut self, parameter: &Value, at: &Pointer) -> Param {
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
            let Some(name) = global_name(reference, "parameters") else {
                if reference.starts_with('#') {
                    self.note(at, format!("`$ref` `{reference}` is not a parameter"));
                }
                return Param::Plain(json!({ "$ref": reference }));
            };
            let Some(target) = self.global_parameters.get(&name).cloned() else {
                self.note(at, format!("`$ref` `{reference}` does not resolve"));
                return Param::Plain(json!({ "$ref": reference }));
            };
            return match target.get("in").and_then(Value::as_str) {
                Some("body") => Param::Body {
                    param: target,
                    reference: Some(name),
                    at: at.clone(),
                },
                Some("formData") => Param::Form {
                    param: target,
                    at: at.clone(),
                },
                _ => Param::Plain(json!({ "$ref": self.rewrite_ref(reference) })),
            };
        }
        match parameter.get("in").and_then(Value::as_str) {
            Some("body") => Param::Body {
                param: parameter.clone(),
                reference: None,
                at: at.clone(),
            },
            Some("formData") => Param::Form {
                param: parameter.clone(),
                at: at.clone(),
            },
            _ => Param::Plain(self.param2(parameter, at)),
        }
    }

    fn operation2(&mut self, op: Value, at: &Pointer, inherited: &[Param]) -> Value {
        let Value::Object(op) = op else { return op };
        let consumes = effective(
            &op.get("consumes")
                .map_or_else(|| self.consumes.clone(), |v| string_list(Some(v))),
        );
        let produces = effective(
            &op.get("produces")
                .map_or_else(|| self.produces.clone(), |v| string_list(Some(v))),
        );
        let mut parameters = Vec::new();
        let mut body: Option<Param> = None;
        let mut form: Vec<(Value, Pointer)> = Vec::new();
        let mut own = Vec::new();
        if let Some(list) = op.get("parameters") {
            let parameters_at = at.push("parameters");
            match list {
                Value::Array(list) => {
                    for (i, parameter) in list.iter().enumerate() {
                        own.push(self.classify(parameter, &parameters_at.push(i)));
                    }
                }
                _ => self.note(&parameters_at, "`parameters` is not a list; dropped"),
            }
        }
        let own_count = own.len();
        for (i, parameter) in own.into_iter().chain(inherited.iter().cloned()).enumerate() {
            let from_path = i >= own_count;
            match parameter {
                Param::Plain(p) => parameters.push(p),
                Param::Body { at: body_at, .. } if body.is_some() => {
                    if !from_path {
                        self.note(&body_at, "a second body parameter is ignored");
                    }
                }
                b @ Param::Body { .. } => body = Some(b),
                Param::Form { param, at: form_at } => {
                    let name = param.get("name");
                    if !(from_path && form.iter().any(|(p, _)| p.get("name") == name)) {
                        form.push((param, form_at));
                    }
                }
            }
        }
        let mut request_body = match body {
            Some(Param::Body {
                param,
                reference,
                at: body_at,
            }) => {
                if !form.is_empty() {
                    self.note(
                        &body_at,
                        "formData parameters are ignored beside a body parameter",
                    );
                }
                Some(match reference {
                    Some(name) if consumes == effective(&self.consumes) => json!({
                        "$ref": format!("#/components/requestBodies/{}", escape_token(&name))
                    }),
                    _ => self.body_param(&param, &consumes, &body_at),
                })
            }
            _ if !form.is_empty() => Some(self.form_body(&form, &consumes)),
            _ => None,
        };
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "parameters" => {
                    if !parameters.is_empty() {
                        out.insert(key, Value::Array(std::mem::take(&mut parameters)));
                    }
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".into(), body);
                    }
                }
                "responses" => {
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".into(), body);
                    }
                    let responses = self.responses2(value, &produces, &at.push("responses"));
                    out.insert(key, responses);
                }
                "consumes" | "produces" => {}
                "schemes" => {
                    let mut schemes = string_list(Some(&value));
                    schemes.sort();
                    if schemes != self.schemes {
                        self.note(
                            &at.push("schemes"),
                            "operation-level `schemes` are ignored; the document's servers apply",
                        );
                    }
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if let Some(body) = request_body.take() {
            out.insert("requestBody".into(), body);
        }
        if !out.contains_key("responses") {
            out.insert("responses".into(), Value::Object(Map::new()));
        }
        Value::Object(out)
    }

    /// An `in: body` parameter as a 3.0 Request Body.
    fn body_param(&mut self, parameter: &Value, consumes: &[String], at: &Pointer) -> Value {
        let mut body = Map::new();
        if let Some(description) = parameter.get("description") {
            body.insert("description".into(), description.clone());
        }
        let mut schema = parameter
            .get("schema")
            .cloned()
            .unwrap_or_else(|| json!({}));
        self.schema(&mut schema, &at.push("schema"));
        let mut content = Map::new();
        for media_type in consumes {
            content.insert(media_type.clone(), json!({ "schema": schema.clone() }));
        }
        body.insert("content".into(), Value::Object(content));
        if let Some(required @ Value::Bool(_)) = parameter.get("required") {
            body.insert("required".into(), required.clone());
        }
        if let Value::Object(m) = parameter {
            for (key, value) in m {
                if key.starts_with("x-") {
                    body.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(body)
    }

    /// `in: formData` parameters as one form Request Body.
    fn form_body(&mut self, form: &[(Value, Pointer)], consumes: &[String]) -> Value {
        let file = form
            .iter()
            .any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = file
            || consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"));
        let media_type = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (parameter, at) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                self.note(at, "a form parameter without a name is dropped");
                continue;
            };
            let mut schema = Map::new();
            if let Some(description) = parameter.get("description") {
                schema.insert("description".into(), description.clone());
            }
            if let Value::Object(m) = parameter {
                schema.extend(param_schema(m));
            }
            let mut schema = Value::Object(schema);
            self.schema(&mut schema, at);
            if parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::from(name));
            }
            properties.insert(name.to_owned(), schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let mut body = Map::new();
        body.insert(
            "content".into(),
            json!({ media_type: { "schema": schema } }),
        );
        if any_required {
            body.insert("required".into(), true.into());
        }
        Value::Object(body)
    }

    /// A path/query/header parameter: its type fields move into `schema`,
    /// `collectionFormat` becomes `style`/`explode`.
    fn param2(&mut self, parameter: &Value, at: &Pointer) -> Value {
        let Value::Object(m) = parameter else {
            return parameter.clone();
        };
        let mut out = Map::new();
        for (key, value) in m {
            if !SCHEMA_FIELDS.contains(&key.as_str())
                && key != "collectionFormat"
                && key != "schema"
            {
                out.insert(key.clone(), value.clone());
            }
        }
        let fields = param_schema(m);
        let mut schema = if fields.is_empty() {
            m.get("schema").cloned().unwrap_or_else(|| json!({}))
        } else {
            Value::Object(fields)
        };
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let location = m.get("in").and_then(Value::as_str).unwrap_or("");
            let format = m
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let query = location == "query";
            match (format, query) {
                ("multi", true) => {
                    out.insert("style".into(), "form".into());
                    out.insert("explode".into(), true.into());
                }
                ("csv", true) => {
                    out.insert("explode".into(), false.into());
                }
                ("ssv", true) => {
                    out.insert("style".into(), "spaceDelimited".into());
                }
                ("pipes", true) => {
                    out.insert("style".into(), "pipeDelimited".into());
                }
                // `simple` (the path/header default) is comma-separated.
                ("csv", false) => {}
                ("tsv", _) => {
                    if query {
                        out.insert("explode".into(), false.into());
                    }
                    self.note(
                        &at.push("collectionFormat"),
                        "tab-separated arrays have no OpenAPI 3.0 style; comma-separated is used",
                    );
                }
                (other, _) => {
                    let message = format!(
                        "`collectionFormat: {other}` has no OpenAPI 3.0 style for a {location} parameter; the default style is used"
                    );
                    self.note(&at.push("collectionFormat"), message);
                }
            }
        }
        self.schema(&mut schema, at);
        out.insert("schema".into(), schema);
        Value::Object(out)
    }

    fn responses2(&mut self, responses: Value, produces: &[String], at: &Pointer) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let mut out = Map::new();
        for (code, response) in responses {
            let response = if code.starts_with("x-") {
                response
            } else {
                self.response2(response, produces, &at.push(&code))
            };
            out.insert(code, response);
        }
        Value::Object(out)
    }

    fn response2(&mut self, response: Value, produces: &[String], at: &Pointer) -> Value {
        let Value::Object(m) = response else {
            return response;
        };
        if let Some(reference) = m.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": self.rewrite_ref(reference) });
        }
        let mut out = Map::new();
        let description = match m.get("description") {
            Some(Value::String(d)) => d.clone(),
            _ => String::new(),
        };
        out.insert("description".into(), description.into());
        let examples = object_at(&m, "examples");
        for (key, value) in m {
            match key.as_str() {
                "description" | "examples" => {}
                "schema" => {
                    let file = value.get("type").and_then(Value::as_str) == Some("file");
                    let mut schema = value;
                    self.schema(&mut schema, &at.push("schema"));
                    let media_types: Vec<String> = if file {
                        // A file is none of the structured types the API
                        // lists for its other responses.
                        let binary: Vec<String> = produces
                            .iter()
                            .filter(|p| !p.contains("json") && !p.contains("xml"))
                            .cloned()
                            .collect();
                        if binary.is_empty() {
                            vec!["application/octet-stream".to_owned()]
                        } else {
                            binary
                        }
                    } else {
                        produces.to_vec()
                    };
                    let mut content = Map::new();
                    for media_type in media_types {
                        let mut media = Map::new();
                        media.insert("schema".into(), schema.clone());
                        if let Some(example) = examples.get(&media_type) {
                            media.insert("example".into(), example.clone());
                        }
                        content.insert(media_type, Value::Object(media));
                    }
                    out.insert("content".into(), Value::Object(content));
                }
                "headers" => {
                    let headers = self.headers2(value, &at.push("headers"));
                    out.insert(key, headers);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        Value::Object(out)
    }

    fn headers2(&mut self, headers: Value, at: &Pointer) -> Value {
        let Value::Object(headers) = headers else {
            return headers;
        };
        let mut out = Map::new();
        for (name, header) in headers {
            let header_at = at.push(&name);
            let header = match header {
                Value::Object(m) => {
                    let mut h = Map::new();
                    for (key, value) in &m {
                        if !SCHEMA_FIELDS.contains(&key.as_str()) && key != "collectionFormat" {
                            h.insert(key.clone(), value.clone());
                        }
                    }
                    let mut schema = Value::Object(param_schema(&m));
                    self.schema(&mut schema, &header_at);
                    h.insert("schema".into(), schema);
                    Value::Object(h)
                }
                other => other,
            };
            out.insert(name, header);
        }
        Value::Object(out)
    }

    /// `#/definitions/X` → `#/components/schemas/X`, and so on.
    fn rewrite_ref(&self, reference: &str) -> String {
        let Some(fragment) = reference.strip_prefix("#/") else {
            return reference.to_owned();
        };
        let Some((head, rest)) = fragment.split_once('/') else {
            return reference.to_owned();
        };
        let kind = match head {
            "definitions" => "schemas",
            "responses" => "responses",
            "parameters" => {
                let body = global_name(reference, "parameters")
                    .or_else(|| {
                        rest.split('/')
                            .next()
                            .map(|t| t.replace("~1", "/").replace("~0", "~"))
                    })
                    .and_then(|name| self.global_parameters.get(&name))
                    .and_then(|p| p.get("in"))
                    .and_then(Value::as_str)
                    == Some("body");
                if body {
                    "requestBodies"
                } else {
                    "parameters"
                }
            }
            _ => return reference.to_owned(),
        };
        format!("#/components/{kind}/{rest}")
    }
}

/// 2.0 spellings inside a Schema Object.
fn swagger_schema_keywords(m: &mut Map<String, Value>) {
    if let Some(Value::Bool(nullable)) = m.get("x-nullable") {
        let nullable = *nullable;
        if nullable {
            replace_key(m, "x-nullable", "nullable", true.into());
        } else {
            m.shift_remove("x-nullable");
        }
    }
    if let Some(Value::String(property)) = m.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        m.insert("discriminator".into(), discriminator);
    }
}

/// `{type: "null"}` (or `const: null`), possibly with annotations.
/// The schema of one item of a sequential media type (3.2 `itemSchema`). An
/// event stream's item is the whole event (`data`, `event`, `id`, `retry`):
/// what types the data is its `data` property's `contentSchema` (JSON
/// inside the text), else that property.
fn item_schema(media_type: &str, item: Value, at: &Pointer) -> (Value, Pointer) {
    let at = at.push("itemSchema");
    let is_events = media_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/event-stream"));
    let data = item.pointer("/properties/data").cloned();
    match data {
        Some(data) if is_events => {
            let data_at = at.push("properties").push("data");
            match data.get("contentSchema") {
                Some(content) => (content.clone(), data_at.push("contentSchema")),
                None => (data, data_at),
            }
        }
        _ => (item, at),
    }
}

fn is_null_schema(schema: &Value) -> bool {
    let Value::Object(o) = schema else {
        return false;
    };
    let null_type = match o.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t.as_str() == Some("null")),
        Some(_) => false,
        None => o.get("const") == Some(&Value::Null) || o.get("enum") == Some(&json!([null])),
    };
    null_type
        && o.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "const" | "enum" | "description" | "title" | "$comment"
            ) || k.starts_with("x-")
        })
}

/// Numeric `exclusiveMinimum: n` (2020-12) → `minimum: n` plus the 3.0
/// boolean, unless `minimum` is already tighter.
fn exclusive_bound(m: &mut Map<String, Value>, exclusive: &str, bound: &str, lower: bool) {
    let Some(Value::Number(n)) = m.get(exclusive) else {
        return;
    };
    let n = n.clone();
    let tighter = match (m.get(bound).and_then(Value::as_f64), n.as_f64()) {
        (Some(b), Some(x)) => {
            if lower {
                x >= b
            } else {
                x <= b
            }
        }
        _ => true,
    };
    if !tighter {
        m.shift_remove(exclusive);
    } else if m.contains_key(bound) {
        m.insert(bound.into(), Value::Number(n));
        m.insert(exclusive.into(), true.into());
    } else {
        replace_key(m, exclusive, bound, Value::Number(n));
        insert_after(m, bound, exclusive, true.into());
    }
}

/// The schema fields of a 2.0 parameter, header or items object, with
/// nested `items` made into schemas too.
fn param_schema(m: &Map<String, Value>) -> Map<String, Value> {
    let mut schema = Map::new();
    for (key, value) in m {
        if !SCHEMA_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let value = match (key.as_str(), value) {
            ("items", Value::Object(items)) => Value::Object(param_schema(items)),
            _ => value.clone(),
        };
        schema.insert(key.clone(), value);
    }
    schema
}

/// `{scheme}://{host}{basePath}` for each of `schemes` (https by default).
fn servers(root: &Map<String, Value>) -> Option<Value> {
    let base = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') {
        base.to_owned()
    } else {
        format!("/{base}")
    };
    let host = root
        .get("host")
        .and_then(Value::as_str)
        .map(|h| h.trim_end_matches('/'))
        .filter(|h| !h.is_empty());
    let Some(host) = host else {
        return (!base.is_empty()).then(|| json!([{ "url": base }]));
    };
    // Not valid 2.0, but seen: a host that already names its scheme.
    if host.contains("://") {
        return Some(json!([{ "url": format!("{host}{base}") }]));
    }
    let mut schemes = string_list(root.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".to_owned());
    }
    let servers = schemes
        .iter()
        .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
        .collect();
    Some(Value::Array(servers))
}

/// `#/{kind}/X` → `X`.
fn global_name(reference: &str, kind: &str) -> Option<String> {
    if !reference.starts_with("#/") {
        return None;
    }
    match Pointer::from_fragment(reference).tokens().as_slice() {
        [head, name] if head == kind => Some(name.clone()),
        _ => None,
    }
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Media types for bodies: `application/json` when none are declared.
fn effective(media_types: &[String]) -> Vec<String> {
    if media_types.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        media_types.to_vec()
    }
}

fn object_at(m: &Map<String, Value>, key: &str) -> Map<String, Value> {
    m.get(key)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Every `$ref` string in `v` that `keep` accepts.
fn collect_refs(v: &Value, keep: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (key, value) in m {
                match value {
                    Value::String(s) if key == "$ref" => {
                        if keep(s) && !out.contains(s) {
                            out.push(s.clone());
                        }
                    }
                    _ => collect_refs(value, keep, out),
                }
            }
        }
        Value::Array(list) => {
            for value in list {
                collect_refs(value, keep, out);
            }
        }
        _ => {}
    }
}

/// Replaces key `old` by `new` (with `value`) at the same position.
fn replace_key(m: &mut Map<String, Value>, old: &str, new: &str, value: Value) {
    let index = m.keys().position(|k| k == old);
    if old != new {
        m.shift_remove(old);
    }
    match index {
        Some(i) if !m.contains_key(new) && i <= m.len() => {
            m.shift_insert(i, new.to_owned(), value);
        }
        _ => {
            m.insert(new.to_owned(), value);
        }
    }
}

/// Inserts `key` right after `anchor` (at the end if `anchor` is absent).
fn insert_after(m: &mut Map<String, Value>, anchor: &str, key: &str, value: Value) {
    match m.keys().position(|k| k == anchor) {
        Some(i) if !m.contains_key(key) && i < m.len() => {
            m.shift_insert(i + 1, key.to_owned(), value);
        }
        _ => {
            m.insert(key.to_owned(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> &'static Path {
        Path::new("spec.yaml")
    }

    fn info() -> Value {
        json!({ "title": "t", "version": "1" })
    }

    /// Normalises, checks that `openapiv3` reads the result and that every
    /// local `$ref` in it resolves.
    fn run(raw: Value) -> (Value, Vec<(String, String)>) {
        let (value, notes) = normalize_with_notes(file(), raw).expect("normalizes");
        if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(value.clone()) {
            panic!("openapiv3 rejects the result: {e}\n{value:#}");
        }
        let mut refs = Vec::new();
        collect_refs(&value, &|r| r.starts_with('#'), &mut refs);
        for reference in refs {
            assert!(
                crate::load::resolve_pointer(&value, &reference).is_some(),
                "dangling {reference} in {value:#}"
            );
        }
        assert!(notes.iter().all(|n| n.file == file()));
        let notes = notes.into_iter().map(|n| (n.pointer, n.message)).collect();
        (value, notes)
    }

    fn pointers(notes: &[(String, String)]) -> Vec<&str> {
        notes.iter().map(|(p, _)| p.as_str()).collect()
    }

    fn schemas31(schemas: Value) -> (Value, Vec<(String, String)>) {
        let (out, notes) = run(json!({
            "openapi": "3.1.0",
            "info": info(),
            "paths": {},
            "components": { "schemas": schemas }
        }));
        (out["components"]["schemas"].clone(), notes)
    }

    fn swagger(extra: Value) -> (Value, Vec<(String, String)>) {
        let mut raw = json!({ "swagger": "2.0", "info": info(), "paths": {} });
        if let (Value::Object(raw), Value::Object(extra)) = (&mut raw, extra) {
            raw.extend(extra);
        }
        run(raw)
    }

    // ---- versions ----------------------------------------------------------

    #[test]
    fn openapi30_is_untouched() {
        let raw = json!({
            "openapi": "3.0.1",
            "info": info(),
            "paths": {},
            "webhooks": { "a": {} },
            "components": { "schemas": {
                "A": { "$ref": "#/components/schemas/B", "description": "kept" },
                "B": { "type": "string", "examples": ["x"], "exclusiveMinimum": true, "minimum": 1 }
            } }
        });
        let (out, notes) = normalize_with_notes(file(), raw.clone()).unwrap();
        assert_eq!(out, raw);
        assert!(notes.is_empty());
        assert_eq!(normalize(file(), raw.clone()).unwrap(), raw);
    }

    #[test]
    fn unknown_versions_are_errors_with_pointers() {
        let neither = normalize(file(), json!({ "info": info() })).unwrap_err();
        assert_eq!(neither.pointer, "#");
        assert_eq!(
            neither.message,
            "not an OpenAPI document: it has neither an `openapi` nor a `swagger` field"
        );
        assert_eq!(normalize(file(), json!([1])).unwrap_err().pointer, "#");
        for version in [
            json!("2.0"),
            json!("4.0.0"),
            json!("3.2.0"),
            json!("three"),
            json!(null),
        ] {
            let err = normalize(file(), json!({ "openapi": version, "info": info() })).unwrap_err();
            assert_eq!(err.pointer, "#/openapi", "{version}");
        }
        let err = normalize(file(), json!({ "swagger": "1.2" })).unwrap_err();
        assert_eq!(err.pointer, "#/swagger");
        assert_eq!(err.message, "Swagger version 1.2 is not supported (2.0 is)");
        // YAML reads unquoted versions as numbers.
        let (out, _) = run(json!({ "swagger": 2.0, "info": info(), "paths": {} }));
        assert_eq!(
            out,
            json!({ "openapi": "3.0.3", "info": info(), "paths": {} })
        );
        let (out, _) = run(json!({ "openapi": 3.1, "info": info(), "paths": {} }));
        assert_eq!(out["openapi"], "3.0.3");
    }

    // ---- OpenAPI 3.1 -------------------------------------------------------

    #[test]
    fn openapi31_type_lists_become_nullable() {
        let (schemas, notes) = schemas31(json!({
            "S": {
                "type": "object",
                "properties": {
                    "type": { "type": ["string", "null"] },
                    "properties": { "type": "string" },
                    "only_null": { "type": "null" },
                    "null_list": { "type": ["null"] },
                    "several": { "type": ["integer", "string", "null"], "description": "d" },
                    "numbers": { "type": ["integer", "number"] }
                }
            }
        }));
        assert_eq!(
            schemas,
            json!({
                "S": {
                    "type": "object",
                    "properties": {
                        "type": { "type": "string", "nullable": true },
                        "properties": { "type": "string" },
                        "only_null": { "nullable": true },
                        "null_list": { "nullable": true },
                        "several": {
                            "description": "d",
                            "nullable": true,
                            "anyOf": [{ "type": "integer" }, { "type": "string" }]
                        },
                        "numbers": { "type": "number" }
                    }
                }
            })
        );
        assert_eq!(notes, vec![]);
    }

    #[test]
    fn openapi31_const_examples_and_exclusive_bounds() {
        let (schemas, notes) = schemas31(json!({
            "Const": { "const": "fixed" },
            "NullConst": { "const": null },
            "Examples": { "type": "string", "examples": ["a", "b"] },
            "Both": { "type": "string", "example": "x", "examples": ["a"] },
            "Bounds": { "type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10 },
            "Looser": { "type": "number", "minimum": 5, "exclusiveMinimum": 1, "maximum": 3, "exclusiveMaximum": 9 },
            "Equal": { "minimum": 1, "exclusiveMinimum": 1 },
            "Boolean": { "minimum": 1, "exclusiveMinimum": true }
        }));
        assert_eq!(
            schemas,
            json!({
                "Const": { "enum": ["fixed"] },
                "NullConst": { "nullable": true, "enum": [null] },
                "Examples": { "type": "string", "example": "a" },
                "Both": { "type": "string", "example": "x" },
                "Bounds": {
                    "type": "integer",
                    "minimum": 0,
                    "exclusiveMinimum": true,
                    "maximum": 10,
                    "exclusiveMaximum": true
                },
                "Looser": { "type": "number", "minimum": 5, "maximum": 3 },
                "Equal": { "minimum": 1, "exclusiveMinimum": true },
                "Boolean": { "minimum": 1, "exclusiveMinimum": true }
            })
        );
        assert!(notes.is_empty());
        // The rewritten key takes the old key's place.
        assert_eq!(
            serde_json::to_string(&schemas["Bounds"]).unwrap(),
            r#"{"type":"integer","minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":true}"#
        );
    }

    #[test]
    fn openapi31_ref_siblings() {
        let (out, notes) = run(json!({
            "openapi": "3.1.0",
            "info": info(),
            "paths": {
                "/a": { "get": {
                    "parameters": [
                        { "$ref": "#/components/parameters/Q", "description": "x", "deprecated": true }
                    ],
                    "responses": { "200": { "$ref": "#/components/responses/R", "summary": "s" } }
                } }
            },
            "components": {
                "schemas": {
                    "A": { "type": "object" },
                    "Plain": { "$ref": "#/components/schemas/A", "description": "d", "summary": "s", "x-y": 1 },
                    "Nullable": { "$ref": "#/components/schemas/A", "description": "d", "nullable": true },
                    "Merged": { "$ref": "#/components/schemas/A", "allOf": [{ "type": "object" }], "readOnly": true },
                    "Typed": { "$ref": "#/components/schemas/A", "type": ["object", "null"] }
                },
                "parameters": {
                    "P": { "$ref": "#/components/parameters/Q", "description": "d", "summary": "s" },
                    "Q": { "name": "q", "in": "query", "schema": { "type": "string" } }
                },
                "responses": {
                    "R": { "description": "ok" },
                    "S": { "$ref": "#/components/responses/R", "description": "d" }
                }
            }
        }));
        let a = json!({ "$ref": "#/components/schemas/A" });
        assert_eq!(
            out["components"]["schemas"],
            json!({
                "A": { "type": "object" },
                "Plain": { "$ref": "#/components/schemas/A", "description": "d" },
                "Nullable": { "allOf": [a], "description": "d", "nullable": true },
                "Merged": { "allOf": [a, { "type": "object" }], "readOnly": true },
                "Typed": { "allOf": [a], "type": "object", "nullable": true }
            })
        );
        assert_eq!(
            out["components"]["parameters"]["P"],
            json!({ "$ref": "#/components/parameters/Q" })
        );
        assert_eq!(
            out["components"]["responses"]["S"],
            json!({ "$ref": "#/components/responses/R" })
        );
        assert_eq!(
            out["paths"]["/a"]["get"],
            json!({
                "parameters": [{ "$ref": "#/components/parameters/Q" }],
                "responses": { "200": { "$ref": "#/components/responses/R" } }
            })
        );
        assert_eq!(
            notes,
            vec![(
                "#/paths/~1a/get/parameters/0".to_owned(),
                "fields beside `$ref` are ignored: `deprecated`".to_owned()
            )]
        );
        assert_eq!(
            serde_json::to_string(&out["components"]["schemas"]["Nullable"]).unwrap(),
            r##"{"allOf":[{"$ref":"#/components/schemas/A"}],"description":"d","nullable":true}"##
        );
    }

    #[test]
    fn openapi31_null_members_of_one_of_and_any_of() {
        let (schemas, notes) = schemas31(json!({
            "A": { "type": "object" },
            "Ref": { "description": "d", "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/A" }] },
            "Inline": { "anyOf": [{ "type": "string", "maxLength": 3 }, { "type": "null" }] },
            "Several": {
                "anyOf": [
                    { "$ref": "#/components/schemas/A" },
                    { "type": "integer" },
                    { "type": "null", "description": "nothing" }
                ]
            },
            "Clash": {
                "type": "object",
                "oneOf": [{ "type": "object", "properties": { "a": { "type": "string" } } }, { "type": "null" }]
            },
            "OnlyNull": { "oneOf": [{ "type": "null" }] },
            "Untouched": { "oneOf": [{ "type": "string" }, { "type": "integer" }] }
        }));
        assert_eq!(
            schemas,
            json!({
                "A": { "type": "object" },
                "Ref": { "description": "d", "allOf": [{ "$ref": "#/components/schemas/A" }], "nullable": true },
                "Inline": { "type": "string", "maxLength": 3, "nullable": true },
                "Several": {
                    "anyOf": [{ "$ref": "#/components/schemas/A" }, { "type": "integer" }],
                    "nullable": true
                },
                "Clash": {
                    "type": "object",
                    "allOf": [{ "type": "object", "properties": { "a": { "type": "string" } } }],
                    "nullable": true
                },
                "OnlyNull": { "nullable": true },
                "Untouched": { "oneOf": [{ "type": "string" }, { "type": "integer" }] }
            })
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn openapi31_json_schema_keywords_are_dropped_or_approximated() {
        let (schemas, notes) = schemas31(json!({
            "K": {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "https://example.com/k",
                "$anchor": "k",
                "$comment": "c",
                "type": "object",
                "properties": {
                    "blob": { "type": "string", "contentMediaType": "image/png", "contentEncoding": "base64" },
                    "raw": { "type": "string", "contentMediaType": "application/octet-stream" },
                    "tuple": { "type": "array", "prefixItems": [{ "type": "string" }, { "type": "integer" }] },
                    "pair": { "type": "array", "prefixItems": [{ "type": "string" }, { "type": "string" }], "items": false },
                    "rest": { "type": "array", "prefixItems": [{ "type": "string" }], "items": { "type": "integer" } },
                    "map": {
                        "type": "object",
                        "patternProperties": { "^x-": { "type": ["string", "null"] } },
                        "additionalProperties": false
                    },
                    "maps": {
                        "type": "object",
                        "patternProperties": { "^a": { "type": "string" }, "^b": { "type": "integer" } }
                    },
                    "cond": { "type": "string", "if": { "minLength": 1 }, "then": { "maxLength": 2 }, "else": { "maxLength": 3 } },
                    "arr": {
                        "type": "array",
                        "items": { "type": "string" },
                        "contains": { "const": "a" },
                        "minContains": 1,
                        "maxContains": 2,
                        "unevaluatedItems": false
                    }
                },
                "unevaluatedProperties": false,
                "dependentRequired": { "a": ["b"] },
                "dependentSchemas": { "a": {} },
                "propertyNames": { "pattern": "^[a-z]+$" },
                "$defs": { "unused": { "type": "string" } }
            },
            "D": {
                "type": "object",
                "properties": { "x": { "$ref": "#/components/schemas/D/$defs/inner" } },
                "$defs": { "inner": { "type": ["string", "null"] } }
            }
        }));
        assert_eq!(
            schemas,
            json!({
                "K": {
                    "type": "object",
                    "properties": {
                        "blob": { "type": "string", "format": "byte" },
                        "raw": { "type": "string" },
                        "tuple": { "type": "array", "items": {} },
                        "pair": { "type": "array", "items": { "type": "string" } },
                        "rest": { "type": "array", "items": { "type": "integer" } },
                        "map": { "type": "object", "additionalProperties": { "type": "string", "nullable": true } },
                        "maps": { "type": "object" },
                        "cond": { "type": "string" },
                        "arr": { "type": "array", "items": { "type": "string" } }
                    }
                },
                "D": {
                    "type": "object",
                    "properties": { "x": { "$ref": "#/components/schemas/D/$defs/inner" } },
                    "$defs": { "inner": { "type": "string", "nullable": true } }
                }
            })
        );
        let k = "#/components/schemas/K";
        assert_eq!(
            pointers(&notes),
            vec![
                format!("{k}/dependentSchemas"),
                format!("{k}/properties/tuple/prefixItems"),
                format!("{k}/properties/pair/prefixItems"),
                format!("{k}/properties/rest/prefixItems"),
                format!("{k}/properties/map/patternProperties"),
                format!("{k}/properties/maps/patternProperties"),
                format!("{k}/properties/cond/if"),
            ]
        );
    }

    #[test]
    fn item_schemas_are_kept_for_lowering() {
        let media = |ct: &str, item: Value| json!({ "responses": { "200": { "description": "ok", "content": { ct: { "itemSchema": item } } } } });
        let (out, _) = run(json!({
            "openapi": "3.1.0",
            "info": info(),
            "paths": {
                "/events": { "get": media("text/event-stream", json!({
                    "type": "object",
                    "properties": {
                        "event": { "type": "string" },
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": { "type": ["object", "null"], "properties": { "n": { "type": "integer" } } }
                        }
                    }
                })) },
                "/text": { "get": media("text/event-stream", json!({
                    "type": "object", "properties": { "data": { "type": "string" } }
                })) },
                "/lines": { "get": media("application/jsonl", json!({ "$ref": "#/components/schemas/X" })) }
            },
            "components": { "schemas": { "X": { "type": "integer" } } }
        }));
        let item = |path: &str, ct: &str| {
            let media = &out["paths"][path]["get"]["responses"]["200"]["content"][ct];
            assert!(
                media.get("itemSchema").is_none(),
                "openapiv3 has no such field"
            );
            media[crate::lower::ITEM_SCHEMA].clone()
        };
        // An event's JSON data is typed by its contentSchema, normalized
        // like any schema (type lists become nullable).
        assert_eq!(
            item("/events", "text/event-stream"),
            json!({ "type": "object", "nullable": true, "properties": { "n": { "type": "integer" } } })
        );
        assert_eq!(
            item("/text", "text/event-stream"),
            json!({ "type": "string" })
        );
        assert_eq!(
            item("/lines", "application/jsonl"),
            json!({ "$ref": "#/components/schemas/X" })
        );
    }

    #[test]
    fn openapi31_document_fields_and_webhooks_only() {
        let (out, notes) = run(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {
                "title": "t",
                "summary": "s",
                "version": "1",
                "license": { "name": "MIT", "identifier": "MIT" }
            },
            "webhooks": { "newPet": { "post": { "responses": { "200": { "description": "ok" } } } } },
            "components": { "schemas": { "Any": true, "None": false } }
        }));
        let expected = json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1", "license": { "name": "MIT" } },
            "paths": {},
            "components": { "schemas": { "Any": {}, "None": { "not": {} } } }
        });
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        assert_eq!(
            notes,
            vec![(
                "#/webhooks".to_owned(),
                "1 webhook(s) dropped: webhooks are not generated".to_owned()
            )]
        );
    }

    #[test]
    fn openapi31_path_items_callbacks_and_mutual_tls() {
        let ok = json!({ "200": { "description": "ok" } });
        let (out, notes) = run(json!({
            "openapi": "3.1.0",
            "info": info(),
            "security": [{ "mtls": [] }, { "key": [] }],
            "paths": {
                "/a": { "$ref": "#/components/pathItems/A", "summary": "here" },
                "/b": { "get": { "callbacks": { "cb": { "$ref": "#/components/callbacks/CB" } } } },
                "/c": { "$ref": "#/components/pathItems/Loop" }
            },
            "components": {
                "pathItems": {
                    "A": { "get": {
                        "parameters": [{ "name": "n", "in": "query", "schema": { "type": ["string", "null"] } }],
                        "responses": ok
                    } },
                    "Loop": { "$ref": "#/components/pathItems/Loop" }
                },
                "callbacks": { "CB": { "{$request.body#/url}": { "post": {
                    "requestBody": { "content": { "application/json": { "schema": { "const": 1 } } } },
                    "responses": ok
                } } } },
                "securitySchemes": {
                    "mtls": { "type": "mutualTLS" },
                    "key": { "type": "apiKey", "name": "k", "in": "header" }
                }
            }
        }));
        let callback = json!({ "{$request.body#/url}": { "post": {
            "requestBody": { "content": { "application/json": { "schema": { "enum": [1] } } } },
            "responses": ok
        } } });
        assert_eq!(
            out,
            json!({
                "openapi": "3.0.3",
                "info": info(),
                "security": [{ "key": [] }],
                "paths": {
                    "/a": {
                        "get": {
                            "parameters": [{ "name": "n", "in": "query", "schema": { "type": "string", "nullable": true } }],
                            "responses": ok
                        },
                        "summary": "here"
                    },
                    "/b": { "get": { "callbacks": { "cb": callback }, "responses": {} } },
                    "/c": { "$ref": "#/components/pathItems/Loop" }
                },
                "components": {
                    "callbacks": { "CB": callback },
                    "securitySchemes": { "key": { "type": "apiKey", "name": "k", "in": "header" } },
                    "pathItems": { "A": {
                        "get": {
                            "parameters": [{ "name": "n", "in": "query", "schema": { "type": "string", "nullable": true } }],
                            "responses": ok
                        }
                    }, "Loop": { "$ref": "#/components/pathItems/Loop" } }
                }
            })
        );
        assert_eq!(
            pointers(&notes),
            vec![
                "#/security",
                "#/paths/~1c",
                "#/components/securitySchemes/mtls",
                "#/components/pathItems/Loop",
                "#/components/pathItems",
            ]
        );
    }

    #[test]
    fn openapi31_path_items_are_removed_once_inlined() {
        let (out, notes) = run(json!({
            "openapi": "3.1.0",
            "info": info(),
            "paths": { "/a": { "$ref": "#/components/pathItems/A" } },
            "components": { "pathItems": { "A": { "get": { "responses": {} } } } }
        }));
        assert_eq!(
            out,
            json!({
                "openapi": "3.0.3",
                "info": info(),
                "paths": { "/a": { "get": { "responses": {} } } },
                "components": {}
            })
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn openapi31_schemas_everywhere_are_rewritten() {
        let n = json!({ "type": ["integer", "null"] });
        let n30 = json!({ "type": "integer", "nullable": true });
        let (out, notes) = run(json!({
            "openapi": "3.1.0",
            "info": info(),
            "paths": { "/p": {
                "parameters": [{ "name": "h", "in": "header", "content": { "application/json": { "schema": n } } }],
                "post": {
                    "requestBody": { "content": { "multipart/form-data": {
                        "schema": { "type": "object", "properties": { "f": { "type": "string", "contentMediaType": "image/png" } } },
                        "encoding": { "f": { "headers": { "X": { "schema": n } } } }
                    } } },
                    "responses": { "200": {
                        "description": "ok",
                        "headers": { "Y": { "schema": n } },
                        "content": { "application/json": { "schema": { "type": "array", "items": n } } }
                    } }
                }
            } },
            "components": {
                "schemas": { "W": {
                    "type": "object",
                    "additionalProperties": n,
                    "not": n,
                    "allOf": [{ "examples": [1] }]
                } },
                "headers": { "H": { "schema": n } },
                "requestBodies": { "B": { "content": { "text/plain": { "schema": { "const": "x" } } } } },
                "parameters": { "P": { "name": "p", "in": "query", "schema": n } }
            }
        }));
        assert_eq!(
            out,
            json!({
                "openapi": "3.0.3",
                "info": info(),
                "paths": { "/p": {
                    "parameters": [{ "name": "h", "in": "header", "content": { "application/json": { "schema": n30 } } }],
                    "post": {
                        "requestBody": { "content": { "multipart/form-data": {
                            "schema": { "type": "object", "properties": { "f": { "type": "string" } } },
                            "encoding": { "f": { "headers": { "X": { "schema": n30 } } } }
                        } } },
                        "responses": { "200": {
                            "description": "ok",
                            "headers": { "Y": { "schema": n30 } },
                            "content": { "application/json": { "schema": { "type": "array", "items": n30 } } }
                        } }
                    }
                } },
                "components": {
                    "schemas": { "W": {
                        "type": "object",
                        "additionalProperties": n30,
                        "not": n30,
                        "allOf": [{ "example": 1 }]
                    } },
                    "headers": { "H": { "schema": n30 } },
                    "requestBodies": { "B": { "content": { "text/plain": { "schema": { "enum": ["x"] } } } } },
                    "parameters": { "P": { "name": "p", "in": "query", "schema": n30 } }
                }
            })
        );
        assert!(notes.is_empty());
    }

    // ---- Swagger 2.0 -------------------------------------------------------

    #[test]
    fn server_names_survive_into_the_3_0_model() {
        for version in ["3.0.3", "3.1.0"] {
            let (out, _) = run(json!({
                "openapi": version,
                "info": info(),
                "paths": {},
                "servers": [
                    { "url": "https://eu.example.com", "name": "europe" },
                    { "url": "https://us.example.com" },
                    { "url": "https://x.example.com", "name": 7 }
                ]
            }));
            let spec: openapiv3::OpenAPI = serde_json::from_value(out).expect("3.0 model");
            let names: Vec<Option<&Value>> = spec
                .servers
                .iter()
                .map(|s| s.extensions.get(SERVER_NAME))
                .collect();
            assert_eq!(names, [Some(&json!("europe")), None, None], "{version}");
        }
    }

    #[test]
    fn swagger_servers_from_host_base_path_and_schemes() {
        let servers = |extra: Value| swagger(extra).0.get("servers").cloned();
        assert_eq!(
            servers(
                json!({ "host": "api.example.com", "basePath": "/v1/", "schemes": ["http", "https"] })
            ),
            Some(
                json!([{ "url": "http://api.example.com/v1" }, { "url": "https://api.example.com/v1" }])
            )
        );
        assert_eq!(
            servers(json!({ "host": "h" })),
            Some(json!([{ "url": "https://h" }]))
        );
        assert_eq!(
            servers(json!({ "basePath": "/api" })),
            Some(json!([{ "url": "/api" }]))
        );
        assert_eq!(servers(json!({ "basePath": "/" })), None);
        assert_eq!(servers(json!({ "schemes": ["http"] })), None);
        assert_eq!(
            servers(json!({ "host": "http://h:8080/", "basePath": "v2" })),
            Some(json!([{ "url": "http://h:8080/v2" }]))
        );
    }

    #[test]
    fn swagger_top_level_fields_are_kept_in_a_fixed_order() {
        let (out, notes) = run(json!({
            "x-top": 1,
            "swagger": "2.0",
            "info": info(),
            "host": "h",
            "basePath": "/b",
            "schemes": ["https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "tags": [{ "name": "t" }],
            "security": [{ "k": [] }],
            "externalDocs": { "url": "https://docs" },
            "paths": { "/a": { "x-p": 1, "get": {
                "tags": ["t"],
                "summary": "s",
                "operationId": "op",
                "schemes": ["https"],
                "deprecated": true,
                "security": [],
                "x-op": 2,
                "responses": { "200": { "description": "ok" } }
            } } },
            "securityDefinitions": { "k": { "type": "apiKey", "name": "k", "in": "query" } },
            "x-end": true
        }));
        let expected = json!({
            "openapi": "3.0.3",
            "info": info(),
            "servers": [{ "url": "https://h/b" }],
            "security": [{ "k": [] }],
            "tags": [{ "name": "t" }],
            "externalDocs": { "url": "https://docs" },
            "paths": { "/a": { "x-p": 1, "get": {
                "tags": ["t"],
                "summary": "s",
                "operationId": "op",
                "deprecated": true,
                "security": [],
                "x-op": 2,
                "responses": { "200": { "description": "ok" } }
            } } },
            "components": { "securitySchemes": { "k": { "type": "apiKey", "name": "k", "in": "query" } } },
            "x-top": 1,
            "x-end": true
        });
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn swagger_components_security_and_refs() {
        let (out, notes) = swagger(json!({
            "paths": { "/pets/{id}": { "get": {
                "parameters": [{ "$ref": "#/parameters/Id" }, { "$ref": "#/parameters/Body" }],
                "responses": {
                    "200": { "$ref": "#/responses/Pet" },
                    "default": { "description": "err", "schema": { "$ref": "#/definitions/Error" } }
                }
            } } },
            "definitions": {
                "Pet": { "type": "object", "properties": {
                    "owner": { "$ref": "#/definitions/Person" },
                    "tags": { "type": "array", "items": { "$ref": "#/definitions/Tag" } }
                } },
                "Person": { "type": "object" },
                "Tag": { "type": "string" },
                "Error": { "type": "object" }
            },
            "parameters": {
                "Id": { "name": "id", "in": "path", "required": true, "type": "string" },
                "Body": { "name": "pet", "in": "body", "required": true, "schema": { "$ref": "#/definitions/Pet" } },
                "Field": { "name": "f", "in": "formData", "type": "string" }
            },
            "responses": { "Pet": { "description": "a pet", "schema": { "$ref": "#/definitions/Pet" } } },
            "securityDefinitions": {
                "basic": { "type": "basic", "description": "b" },
                "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
                "implicit": { "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": { "r": "read" } },
                "password": { "type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {} },
                "application": { "type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": { "w": "write" } },
                "accessCode": {
                    "type": "oauth2",
                    "flow": "accessCode",
                    "authorizationUrl": "https://a",
                    "tokenUrl": "https://t",
                    "x-extra": true
                }
            }
        }));
        assert_eq!(
            out,
            json!({
                "openapi": "3.0.3",
                "info": info(),
                "paths": { "/pets/{id}": { "get": {
                    "parameters": [{ "$ref": "#/components/parameters/Id" }],
                    "requestBody": { "$ref": "#/components/requestBodies/Body" },
                    "responses": {
                        "200": { "$ref": "#/components/responses/Pet" },
                        "default": {
                            "description": "err",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                        }
                    }
                } } },
                "components": {
                    "schemas": {
                        "Pet": { "type": "object", "properties": {
                            "owner": { "$ref": "#/components/schemas/Person" },
                            "tags": { "type": "array", "items": { "$ref": "#/components/schemas/Tag" } }
                        } },
                        "Person": { "type": "object" },
                        "Tag": { "type": "string" },
                        "Error": { "type": "object" }
                    },
                    "responses": { "Pet": {
                        "description": "a pet",
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } }
                    } },
                    "parameters": { "Id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } },
                    "requestBodies": { "Body": {
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } },
                        "required": true
                    } },
                    "securitySchemes": {
                        "basic": { "type": "http", "scheme": "basic", "description": "b" },
                        "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
                        "implicit": { "type": "oauth2", "flows": { "implicit": { "authorizationUrl": "https://a", "scopes": { "r": "read" } } } },
                        "password": { "type": "oauth2", "flows": { "password": { "tokenUrl": "https://t", "scopes": {} } } },
                        "application": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://t", "scopes": { "w": "write" } } } },
                        "accessCode": {
                            "type": "oauth2",
                            "flows": { "authorizationCode": { "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {} } },
                            "x-extra": true
                        }
                    }
                }
            })
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn swagger_body_parameters_become_request_bodies() {
        let (out, _) = swagger(json!({
            "consumes": ["application/json", "application/xml"],
            "parameters": { "Body": { "name": "b", "in": "body", "schema": { "type": "string" } } },
            "definitions": { "Pet": { "type": "object" } },
            "paths": { "/a": {
                "post": {
                    "parameters": [{
                        "in": "body",
                        "name": "pet",
                        "description": "the pet",
                        "required": true,
                        "schema": { "$ref": "#/definitions/Pet" }
                    }],
                    "responses": { "204": { "description": "done" } }
                },
                "put": { "consumes": ["text/plain"], "parameters": [{ "$ref": "#/parameters/Body" }], "responses": {} },
                "patch": { "parameters": [{ "$ref": "#/parameters/Body" }], "responses": {} }
            } }
        }));
        let pet = json!({ "schema": { "$ref": "#/components/schemas/Pet" } });
        assert_eq!(
            out["paths"],
            json!({ "/a": {
                "post": {
                    "requestBody": {
                        "description": "the pet",
                        "content": { "application/json": pet, "application/xml": pet },
                        "required": true
                    },
                    "responses": { "204": { "description": "done" } }
                },
                "put": {
                    "requestBody": { "content": { "text/plain": { "schema": { "type": "string" } } } },
                    "responses": {}
                },
                "patch": { "requestBody": { "$ref": "#/components/requestBodies/Body" }, "responses": {} }
            } })
        );
        let string = json!({ "schema": { "type": "string" } });
        assert_eq!(
            out["components"]["requestBodies"],
            json!({ "Body": { "content": { "application/json": string, "application/xml": string } } })
        );
    }

    #[test]
    fn swagger_form_parameters_become_one_form_body() {
        let ok = json!({ "200": { "description": "ok" } });
        let (out, _) = swagger(json!({
            "parameters": { "Pass": { "name": "pass", "in": "formData", "type": "string", "format": "password" } },
            "paths": {
                "/upload": { "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        { "name": "meta", "in": "formData", "type": "string", "description": "m", "required": true },
                        { "name": "tags", "in": "formData", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" }
                    ],
                    "responses": ok
                } },
                "/file": { "post": {
                    "parameters": [{ "name": "file", "in": "formData", "type": "file" }],
                    "responses": ok
                } },
                "/login": { "post": {
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [
                        { "name": "user", "in": "formData", "type": "string", "required": true },
                        { "$ref": "#/parameters/Pass" }
                    ],
                    "responses": ok
                } }
            }
        }));
        assert_eq!(
            out,
            json!({
                "openapi": "3.0.3",
                "info": info(),
                "paths": {
                    "/upload": { "post": {
                        "requestBody": {
                            "content": { "multipart/form-data": { "schema": {
                                "type": "object",
                                "properties": {
                                    "meta": { "description": "m", "type": "string" },
                                    "tags": { "type": "array", "items": { "type": "string" } }
                                },
                                "required": ["meta"]
                            } } },
                            "required": true
                        },
                        "responses": ok
                    } },
                    "/file": { "post": {
                        "requestBody": { "content": { "multipart/form-data": { "schema": {
                            "type": "object",
                            "properties": { "file": { "type": "string", "format": "binary" } }
                        } } } },
                        "responses": ok
                    } },
                    "/login": { "post": {
                        "requestBody": {
                            "content": { "application/x-www-form-urlencoded": { "schema": {
                                "type": "object",
                                "properties": {
                                    "user": { "type": "string" },
                                    "pass": { "type": "string", "format": "password" }
                                },
                                "required": ["user"]
                            } } },
                            "required": true
                        },
                        "responses": ok
                    } }
                }
            })
        );
    }

    #[test]
    fn swagger_plain_parameters_get_a_schema_and_a_style() {
        let strings = json!({ "type": "array", "items": { "type": "string" } });
        let (out, notes) = swagger(json!({ "paths": { "/items/{id}": {
            "parameters": [
                { "name": "id", "in": "path", "required": true, "type": "integer", "format": "int64", "minimum": 1 },
                { "name": "payload", "in": "body", "schema": { "type": "object" } }
            ],
            "get": {
                "parameters": [
                    { "name": "multi", "in": "query", "type": "array", "items": { "type": "string", "enum": ["a", "b"] }, "collectionFormat": "multi" },
                    { "name": "csv", "in": "query", "type": "array", "items": { "type": "integer" } },
                    { "name": "ssv", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "ssv" },
                    { "name": "pipes", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "pipes", "default": ["x"] },
                    { "name": "tsv", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "tsv" },
                    {
                        "name": "X-Ids",
                        "in": "header",
                        "type": "array",
                        "items": { "type": "array", "collectionFormat": "pipes", "items": { "type": "string" } },
                        "collectionFormat": "csv"
                    },
                    { "name": "X-Multi", "in": "header", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" },
                    { "name": "q", "in": "query", "type": "string", "allowEmptyValue": true, "x-ext": 1, "maxLength": 10, "pattern": "^a" }
                ],
                "responses": { "200": { "description": "ok" } }
            },
            "put": { "parameters": [{ "name": "payload", "in": "body", "schema": { "type": "string" } }], "responses": {} }
        } } }));
        assert_eq!(
            out["paths"],
            json!({ "/items/{id}": {
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64", "minimum": 1 } }
                ],
                "get": {
                    "parameters": [
                        {
                            "name": "multi",
                            "in": "query",
                            "style": "form",
                            "explode": true,
                            "schema": { "type": "array", "items": { "type": "string", "enum": ["a", "b"] } }
                        },
                        { "name": "csv", "in": "query", "explode": false, "schema": { "type": "array", "items": { "type": "integer" } } },
                        { "name": "ssv", "in": "query", "style": "spaceDelimited", "schema": strings },
                        {
                            "name": "pipes",
                            "in": "query",
                            "style": "pipeDelimited",
                            "schema": { "type": "array", "items": { "type": "string" }, "default": ["x"] }
                        },
                        { "name": "tsv", "in": "query", "explode": false, "schema": strings },
                        { "name": "X-Ids", "in": "header", "schema": { "type": "array", "items": strings } },
                        { "name": "X-Multi", "in": "header", "schema": strings },
                        {
                            "name": "q",
                            "in": "query",
                            "allowEmptyValue": true,
                            "x-ext": 1,
                            "schema": { "type": "string", "maxLength": 10, "pattern": "^a" }
                        }
                    ],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                    "responses": { "200": { "description": "ok" } }
                },
                "put": {
                    "requestBody": { "content": { "application/json": { "schema": { "type": "string" } } } },
                    "responses": {}
                }
            } })
        );
        assert_eq!(
            pointers(&notes),
            vec![
                "#/paths/~1items~1{id}/get/parameters/4/collectionFormat",
                "#/paths/~1items~1{id}/get/parameters/6/collectionFormat",
            ]
        );
    }

    #[test]
    fn swagger_responses_get_content_from_produces() {
        let (out, _) = swagger(json!({
            "produces": ["application/json", "application/xml"],
            "paths": {
                "/r": { "get": { "responses": {
                    "200": {
                        "description": "ok",
                        "schema": { "type": "string" },
                        "headers": {
                            "X-Rate": { "type": "integer", "format": "int32", "description": "rate" },
                            "X-List": { "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" }
                        },
                        "examples": { "application/json": "hi", "text/html": "<p>" }
                    },
                    "404": { "schema": { "type": "object" } },
                    "x-ext": { "a": 1 }
                } } },
                "/f": { "get": {
                    "produces": ["application/pdf", "application/json"],
                    "responses": { "200": { "description": "pdf", "schema": { "type": "file" } } }
                } },
                "/g": { "get": { "responses": { "200": { "description": "bytes", "schema": { "type": "file" } } } } }
            }
        }));
        let binary = json!({ "schema": { "type": "string", "format": "binary" } });
        assert_eq!(
            out["paths"],
            json!({
                "/r": { "get": { "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": { "schema": { "type": "string" }, "example": "hi" },
                            "application/xml": { "schema": { "type": "string" } }
                        },
                        "headers": {
                            "X-Rate": { "description": "rate", "schema": { "type": "integer", "format": "int32" } },
                            "X-List": { "schema": { "type": "array", "items": { "type": "string" } } }
                        }
                    },
                    "404": {
                        "description": "",
                        "content": {
                            "application/json": { "schema": { "type": "object" } },
                            "application/xml": { "schema": { "type": "object" } }
                        }
                    },
                    "x-ext": { "a": 1 }
                } } },
                "/f": { "get": { "responses": { "200": { "description": "pdf", "content": { "application/pdf": binary } } } } },
                "/g": { "get": { "responses": { "200": {
                    "description": "bytes",
                    "content": { "application/octet-stream": binary }
                } } } }
            })
        );
    }

    #[test]
    fn swagger_schema_spellings() {
        let (out, notes) = swagger(json!({ "definitions": {
            "N": { "type": "string", "x-nullable": true },
            "NotNull": { "type": "string", "x-nullable": false },
            "F": { "type": "file" },
            "Base": {
                "type": "object",
                "discriminator": "kind",
                "required": ["kind"],
                "properties": {
                    "kind": { "type": "string" },
                    "id": { "type": "integer", "required": true },
                    "required": { "type": "boolean" },
                    "ref": { "$ref": "#/definitions/N", "x-nullable": true, "description": "d" },
                    "plain": { "$ref": "#/definitions/N", "description": "d" }
                }
            }
        } }));
        assert_eq!(
            out["components"]["schemas"],
            json!({
                "N": { "type": "string", "nullable": true },
                "NotNull": { "type": "string" },
                "F": { "type": "string", "format": "binary" },
                "Base": {
                    "type": "object",
                    "discriminator": { "propertyName": "kind" },
                    "required": ["kind", "id"],
                    "properties": {
                        "kind": { "type": "string" },
                        "id": { "type": "integer" },
                        "required": { "type": "boolean" },
                        "ref": { "allOf": [{ "$ref": "#/components/schemas/N" }], "nullable": true, "description": "d" },
                        "plain": { "$ref": "#/components/schemas/N", "description": "d" }
                    }
                }
            })
        );
        assert_eq!(pointers(&notes), vec!["#/definitions/Base"]);
    }

    // ---- robustness --------------------------------------------------------

    #[test]
    fn odd_documents_do_not_panic() {
        let odd31 = json!({
            "openapi": "3.1.0",
            "info": info(),
            "webhooks": [],
            "security": "x",
            "paths": {
                "/a": {
                    "parameters": [1, { "$ref": 5 }, { "schema": 3 }],
                    "get": { "parameters": "x", "responses": [], "requestBody": 3, "callbacks": { "c": 5, "d": { "$ref": "#/components/callbacks/none" } } }
                },
                "/b": 7,
                "/c": { "$ref": "#/components/pathItems/missing" }
            },
            "components": {
                "schemas": {
                    "a": {
                        "type": 5,
                        "properties": [],
                        "required": true,
                        "allOf": {},
                        "items": 3,
                        "additionalProperties": "x",
                        "prefixItems": 4,
                        "patternProperties": [],
                        "examples": {},
                        "const": null,
                        "$defs": 1
                    },
                    "b": { "oneOf": [{ "type": "null" }] },
                    "c": { "anyOf": [true, { "type": "null" }] },
                    "d": { "$ref": 7, "type": "string" },
                    "e": { "required": ["a", 1], "exclusiveMinimum": "x", "type": [] },
                    "f": null
                },
                "pathItems": 4,
                "securitySchemes": []
            }
        });
        assert!(normalize_with_notes(file(), odd31).is_ok());
        let odd20 = json!({
            "swagger": 2.0,
            "info": info(),
            "host": 5,
            "schemes": "http",
            "paths": {
                "/a": {
                    "parameters": {},
                    "get": {
                        "parameters": [
                            { "$ref": "#/parameters/missing" },
                            { "in": "formData" },
                            3,
                            { "$ref": "#/definitions/X" },
                            { "$ref": "other.yaml#/parameters/X" },
                            { "in": "body" },
                            { "in": "body", "name": "again" }
                        ],
                        "responses": 4,
                        "schemes": 5
                    },
                    "post": 1
                },
                "/b": 3
            },
            "definitions": [],
            "parameters": 4,
            "responses": { "r": 1, "s": { "$ref": 2 } },
            "securityDefinitions": { "o": { "type": "oauth2" }, "x": 5, "i": { "type": "oauth2", "flow": "implicit" } }
        });
        assert!(normalize_with_notes(file(), odd20).is_ok());
        assert!(normalize_with_notes(file(), json!({ "swagger": "2.0", "paths": [] })).is_ok());
        assert!(normalize_with_notes(file(), json!({ "openapi": "3.1.0", "paths": [] })).is_ok());
    }
}
