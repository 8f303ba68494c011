//! Version normalisation: every supported dialect (Swagger 2.0, OpenAPI 3.0,
//! OpenAPI 3.1) is rewritten into the OpenAPI 3.0 shape that `openapiv3`
//! reads, so one lowering serves all of them.
//!
//! * OpenAPI 3.0.x documents pass through untouched.
//! * OpenAPI 3.1.x documents keep their structure; Schema Objects are turned
//!   back into 3.0 schemas (`type: [T, "null"]` → `nullable`, `const` →
//!   `enum`, numeric `exclusiveMinimum`, boolean schemas, …), 3.1-only fields
//!   are dropped and `components/pathItems` references are inlined.
//! * OpenAPI 3.2.x documents get the 3.1 treatment, and their 3.2 parts are
//!   carried where `openapiv3` keeps them (see [`Cx::openapi32_root`]): the
//!   `query` method and `additionalOperations` stay in the path item (lowering
//!   reads them from the JSON), `in: querystring` becomes a `query`
//!   parameter marked [`keys::EXT_QUERYSTRING`], `discriminator.defaultMapping`
//!   becomes [`keys::EXT_DEFAULT_MAPPING`]; what cannot be carried is reported.
//! * Swagger 2.0 documents are converted: `definitions`, `parameters`,
//!   `responses` and `securityDefinitions` move under `components`, body and
//!   form parameters become request bodies, `produces` becomes response
//!   `content`, and every local `$ref` is rewritten to its new place.
//!
//! Whatever is dropped or approximated on the way is reported as a
//! [`Diagnostic`] by [`normalize_with_notes`]. Only documents whose version
//! cannot be understood are errors; nothing here panics on odd input.

use crate::diag::{escape_token, Diagnostic, Error, Pointer};
use keys::*;

pub mod keys;
mod model;
mod oas31;
mod oas32;
mod schema;
mod swagger2;

use crate::load::Loaded;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// The `openapi` version written into converted documents.
const TARGET_VERSION: &str = "3.0.3";

use crate::oas::METHODS;

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

/// One spec in the shape lowering reads: OpenAPI 3.0.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: PathBuf,
    /// The document as plain JSON, after version normalisation (kept for
    /// `$ref`s into arbitrary places).
    pub raw: Value,
    pub api: openapiv3::OpenAPI,
    /// What normalisation dropped or approximated.
    pub notes: Vec<Diagnostic>,
}

/// The step after [`crate::load`]: rewrites a loaded spec into the OpenAPI
/// 3.0 shape (see the module docs) and reads it as `openapiv3` types.
pub fn normalize(loaded: Loaded) -> Result<Document, Error> {
    let Loaded { file, raw } = loaded;
    let (raw, notes) = normalize_with_notes(&file, raw)?;
    let api = model::typed(&file, &raw)?;
    Ok(Document {
        file,
        raw,
        api,
        notes,
    })
}

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

/// Copies the `explode` of every request body's `encoding` entry to
/// [`EXT_EXPLODE`].
fn keep_encoding_explode(raw: &mut Value) {
    fn bodies(body: &mut Value) {
        let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        for media in content.values_mut() {
            let Some(encoding) = media.get_mut("encoding").and_then(Value::as_object_mut) else {
                continue;
            };
            for entry in encoding.values_mut().filter_map(Value::as_object_mut) {
                if let Some(explode) = entry.get("explode").filter(|e| e.is_boolean()).cloned() {
                    entry.insert(EXT_EXPLODE.to_owned(), explode);
                }
            }
        }
    }
    fn operation(op: &mut Value) {
        if let Some(body) = op.get_mut("requestBody") {
            bodies(body);
        }
    }
    if let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (key, value) in item.iter_mut() {
                match (key.as_str(), value.as_object_mut()) {
                    ("additionalOperations", Some(ops)) => ops.values_mut().for_each(operation),
                    (_, Some(_)) => operation(value),
                    (_, None) => {}
                }
            }
        }
    }
    if let Some(request_bodies) = raw
        .pointer_mut("/components/requestBodies")
        .and_then(Value::as_object_mut)
    {
        request_bodies.values_mut().for_each(bodies);
    }
}

/// [`normalize`], also returning what was dropped or approximated.
pub fn normalize_with_notes(
    file: &Path,
    mut raw: Value,
) -> Result<(Value, Vec<Diagnostic>), Error> {
    keep_server_names(&mut raw);
    keep_encoding_explode(&mut raw);
    let dialect = detect(file, &raw)?;
    let mut cx = Cx::new(file, dialect);
    let value = match dialect {
        Dialect::OpenApi30 => return Ok((raw, Vec::new())),
        Dialect::OpenApi31 | Dialect::OpenApi32 => cx.openapi31(raw),
        Dialect::Swagger2 => cx.swagger2(raw),
    };
    Ok((value, cx.notes))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    OpenApi30,
    OpenApi31,
    OpenApi32,
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
            Some((3, 2)) => Ok(Dialect::OpenApi32),
            Some(_) => Err(Error::new(
                file,
                "#/openapi",
                format!(
                    "OpenAPI version {text} is not supported (3.0.x, 3.1.x and 3.2.x are, and Swagger 2.0)"
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
    /// 3.2: `components/mediaTypes`, for inlining references to them.
    media_types: Map<String, Value>,
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
            media_types: Map::new(),
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
    let is_events = crate::oas::media_essence(media_type) == "text/event-stream";
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

/// 3.2 `discriminator.defaultMapping` → [`keys::EXT_DEFAULT_MAPPING`].
fn default_mapping(m: &mut Map<String, Value>) {
    if let Some(Value::Object(discriminator)) = m.get_mut("discriminator") {
        if let Some(target) = discriminator.shift_remove("defaultMapping") {
            discriminator.insert(EXT_DEFAULT_MAPPING.into(), target);
        }
    }
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
mod tests;
