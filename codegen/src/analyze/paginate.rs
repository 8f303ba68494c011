//! Pagination analysis (after lowering, before naming): which list operations page, and how (IR data for
//! emit, set on `Operation::pagination`), with a report of every list-like
//! operation and why it was or was not recognised.
//!
//! Declared pagination wins: the project's per-spec settings
//! (`settings/<spec stem>.yaml` beside the spec), then the operation's
//! `x-codegen-pagination`, `x-ms-pageable`, `x-speakeasy-pagination` or
//! `x-fern-pagination`. Otherwise the shape is recognised: a cursor in the
//! body and a query parameter to send it in, the last item's id
//! (`has_more` + `starting_after`), a next URL in the body or a `Link`
//! header, offset/limit, or page/per_page.

use crate::diag::{Diagnostic, Error};
use crate::ir::*;
use crate::normalize::Document;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Our own extension: the same keys as an operation's entry in settings.
pub const EXT: &str = "x-codegen-pagination";

/// What was found out about one list-like operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub operation: String,
    pub pointer: String,
    /// `Ok(style and source)` when it pages, else why not.
    pub outcome: Result<String, String>,
}

/// The per-spec settings' pagination entries, by operation id: a mapping
/// of the keys in [`declared_by_keys`], or `none` (not paged).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub file: PathBuf,
    pub pagination: BTreeMap<String, Value>,
}

/// Where the settings of `spec` live: `settings/<stem>.yaml` in its folder.
pub fn settings_path(spec: &Path) -> PathBuf {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    spec.parent()
        .unwrap_or(Path::new(""))
        .join("settings")
        .join(format!("{stem}.yaml"))
}

/// Reads `path` when it exists; `source` names it in errors.
pub fn load_settings(path: &Path, source: &Path) -> Result<Option<Settings>, Error> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    let value: Value = serde_yaml::from_str(&text)
        .map_err(|e| Error::new(source, "#", format!("settings are not valid YAML: {e}")))?;
    let mut settings = Settings {
        file: source.to_path_buf(),
        pagination: BTreeMap::new(),
    };
    match value.get("pagination") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                settings.pagination.insert(k.clone(), v.clone());
            }
        }
        Some(_) => {
            return Err(Error::new(
                source,
                "#/pagination",
                "must map operation ids to pagination settings",
            ))
        }
    }
    Ok(Some(settings))
}

/// Sets `pagination` on every operation that pages, and reports each
/// list-like operation. Declared pagination that does not fit the
/// operation is a diagnostic (and the operation is not paged).
pub fn analyze(
    doc: &Document,
    api: &mut Api,
    settings: Option<&Settings>,
) -> (Vec<Finding>, Vec<Diagnostic>) {
    let mut findings = Vec::new();
    let mut diagnostics = Vec::new();
    let types = &api.types;
    let mut results = Vec::new();
    for op in &api.operations {
        let raw_op = op.pointer.get(1..).and_then(|p| doc.raw.pointer(p));
        let declaration = settings
            .and_then(|s| {
                s.pagination
                    .get(&op.wire_id)
                    .map(|v| (v, s.file.display().to_string()))
            })
            .or_else(|| {
                [
                    EXT,
                    "x-ms-pageable",
                    "x-speakeasy-pagination",
                    "x-fern-pagination",
                ]
                .into_iter()
                .find_map(|ext| Some((raw_op?.get(ext)?, ext.to_owned())))
            });
        let shape = list_shape(types, op);
        let result = match (declaration, shape) {
            (Some((value, source)), shape) => match declared(types, op, shape.ok(), value, &source)
            {
                Ok(p) => Some(Ok(p)),
                Err(None) => Some(Err(format!("declared not paged by {source}"))),
                Err(Some(why)) => {
                    diagnostics.push(Diagnostic {
                        file: doc.file.clone(),
                        pointer: op.pointer.clone(),
                        message: format!("pagination from {source} ignored: {why}"),
                    });
                    Some(Err(format!("{source} does not fit: {why}")))
                }
            },
            (None, Err(NotList)) => None,
            (None, Ok(shape)) => Some(recognise(types, op, &shape).ok_or_else(|| {
                format!(
                    "list-like ({}) but no next-page parameter, cursor or link: one answer",
                    shape.describe()
                )
            })),
        };
        results.push(result);
    }
    for (op, result) in api.operations.iter_mut().zip(results) {
        let Some(result) = result else { continue };
        let outcome = match result {
            Ok(p) => {
                let text = format!("{} ({})", describe(&p), p.source);
                op.pagination = Some(p);
                Ok(text)
            }
            Err(why) => Err(why),
        };
        findings.push(Finding {
            operation: op.wire_id.clone(),
            pointer: op.pointer.clone(),
            outcome,
        });
    }
    (findings, diagnostics)
}

/// One line on a recognised style.
pub fn describe(p: &Pagination) -> String {
    let path = |p: &[String]| p.join(".");
    let items = if p.items.is_empty() {
        "body".to_owned()
    } else {
        path(&p.items)
    };
    let style = match &p.style {
        PageStyle::Cursor { from, param } => format!("cursor {} -> {param}", path(from)),
        PageStyle::LastItem { field, param } => format!("last item's {field} -> {param}"),
        PageStyle::BodyUrl { from } => format!("next URL {}", path(from)),
        PageStyle::LinkHeader => "Link header".to_owned(),
        PageStyle::HeaderUrl { name } => format!("next URL in header {name}"),
        PageStyle::Offset { param, limit } => match limit {
            Some(l) => format!("offset {param}/{l}"),
            None => format!("offset {param}"),
        },
        PageStyle::Page { param, size, .. } => match size {
            Some(s) => format!("page {param}/{s}"),
            None => format!("page {param}"),
        },
    };
    let mut out = format!("{style}; items {items}");
    if let Some(h) = &p.has_more {
        out.push_str(&format!("; until !{}", path(h)));
    }
    if let Some(t) = &p.total {
        out.push_str(&format!("; total {}", path(t)));
    }
    out
}

/// An operation that does not look like a list at all (not reported).
struct NotList;

/// A list-like operation's success body.
struct Shape {
    /// The success body's type.
    body: Ty,
    /// The items array, when one is clear.
    items: Result<(Vec<String>, Ty), String>,
}

impl Shape {
    fn describe(&self) -> String {
        match &self.items {
            Ok((path, _)) if path.is_empty() => "an array".to_owned(),
            Ok((path, _)) => format!("items in {}", path.join(".")),
            Err(why) => why.clone(),
        }
    }
}

/// The type behind aliases and `Option`.
fn resolve<'a>(types: &'a BTreeMap<TypeId, TypeDef>, mut ty: &'a Ty) -> &'a Ty {
    for _ in 0..32 {
        match ty.strip_option() {
            Ty::Named(id) => match types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => return ty.strip_option(),
            },
            other => return other,
        }
    }
    ty
}

fn fields<'a>(types: &'a BTreeMap<TypeId, TypeDef>, ty: &Ty) -> &'a [Field] {
    match resolve(types, ty) {
        Ty::Named(id) => match types.get(id).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => &[],
        },
        _ => &[],
    }
}

fn array_item<'a>(types: &'a BTreeMap<TypeId, TypeDef>, ty: &'a Ty) -> Option<&'a Ty> {
    match resolve(types, ty) {
        Ty::Array(item) => Some(item),
        _ => None,
    }
}

/// The one success response's JSON body of a GET (or a declared operation).
pub fn success_body(op: &Operation) -> Option<&Ty> {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    match successes.as_slice() {
        [one] if one.stream.as_ref().is_none_or(|s| !s.only) => one
            .body
            .as_ref()
            .filter(|b| b.kind == BodyKind::Json)
            .map(|b| &b.ty),
        _ => None,
    }
}

/// Names of item arrays, preferred in this order when a body has several.
const ITEM_FIELDS: &[&str] = &[
    "data", "items", "results", "value", "values", "entries", "records", "elements",
];

fn list_shape(types: &BTreeMap<TypeId, TypeDef>, op: &Operation) -> Result<Shape, NotList> {
    if op.method != Method::Get {
        return Err(NotList);
    }
    let body = success_body(op).ok_or(NotList)?;
    if let Some(item) = array_item(types, body) {
        return Ok(Shape {
            body: body.clone(),
            items: Ok((Vec::new(), item.clone())),
        });
    }
    let arrays: Vec<(&Field, &Ty)> = fields(types, body)
        .iter()
        .filter_map(|f| Some((f, array_item(types, &f.ty)?)))
        .collect();
    // An object is a list when its array is named like one, or when it
    // or the operation shows some sign of paging.
    let named = arrays
        .iter()
        .any(|(f, _)| ITEM_FIELDS.contains(&f.wire_name.as_str()));
    if !named && !paging_hint(types, op, body) {
        return Err(NotList);
    }
    let items = match arrays.as_slice() {
        [] => return Err(NotList),
        [(f, item)] => Ok((vec![f.wire_name.clone()], (*item).clone())),
        many => ITEM_FIELDS
            .iter()
            .find_map(|name| many.iter().find(|(f, _)| f.wire_name == *name))
            .map(|(f, item)| (vec![f.wire_name.clone()], (*item).clone()))
            .ok_or_else(|| {
                let names: Vec<&str> = many.iter().map(|(f, _)| f.wire_name.as_str()).collect();
                format!(
                    "several arrays ({}), none clearly the items",
                    names.join(", ")
                )
            }),
    };
    Ok(Shape {
        body: body.clone(),
        items,
    })
}

/// Whether a query parameter, a field of the body or a response header
/// looks like paging.
fn paging_hint(types: &BTreeMap<TypeId, TypeDef>, op: &Operation, body: &Ty) -> bool {
    let params = [
        CURSOR_PARAMS,
        OFFSET_PARAMS,
        PAGE_PARAMS,
        LIMIT_PARAMS,
        BACK_PARAMS,
    ];
    let fields = [
        NEXT_CURSOR_FIELDS,
        HAS_MORE_FIELDS,
        TOTAL_FIELDS,
        NEXT_URL_FIELDS,
    ];
    params.iter().any(|names| query_param(op, names).is_some())
        || fields
            .iter()
            .any(|names| find_field(types, body, names, 2, |_| true).is_some())
        || next_header(op).is_some()
}

/// A declared success header that carries the next page's URL (`Link`, or
/// Fireblocks' `next-page`), and whether it is `Link`.
fn next_header(op: &Operation) -> Option<(&str, bool)> {
    op.responses
        .iter()
        .filter(|r| r.is_success())
        .flat_map(|r| &r.headers)
        .find_map(|h| {
            let name = h.wire_name.as_str();
            if name.eq_ignore_ascii_case("link") {
                Some((name, true))
            } else {
                NEXT_URL_HEADERS
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(name))
                    .then_some((name, false))
            }
        })
}

/// The path of a field named one of `names` (in that order of preference),
/// at most `depth` levels down, breadth first; `scalar`: a string or number.
fn find_field(
    types: &BTreeMap<TypeId, TypeDef>,
    ty: &Ty,
    names: &[&str],
    depth: usize,
    want: fn(&Ty) -> bool,
) -> Option<Vec<String>> {
    let mut level: Vec<(Vec<String>, &Ty)> = vec![(Vec::new(), ty)];
    for _ in 0..depth {
        let mut next = Vec::new();
        for name in names {
            for (path, ty) in &level {
                if let Some(f) = fields(types, ty).iter().find(|f| f.wire_name == *name) {
                    if want(resolve(types, &f.ty)) {
                        let mut p = path.clone();
                        p.push(f.wire_name.clone());
                        return Some(p);
                    }
                }
            }
        }
        for (path, ty) in &level {
            for f in fields(types, ty) {
                if matches!(resolve(types, &f.ty), Ty::Named(_)) {
                    let mut p = path.clone();
                    p.push(f.wire_name.clone());
                    next.push((p, &f.ty));
                }
            }
        }
        level = next;
    }
    None
}

fn is_scalar(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::Int(_) | Ty::Uuid)
}

fn is_string(ty: &Ty) -> bool {
    matches!(ty, Ty::String)
}

fn is_bool(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool)
}

fn is_count(ty: &Ty) -> bool {
    matches!(ty, Ty::Int(_))
}

/// The operation's query parameter named one of `names`, in that order.
fn query_param<'a>(op: &'a Operation, names: &[&str]) -> Option<&'a Param> {
    names.iter().find_map(|n| {
        op.params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire_name == *n)
    })
}

const CURSOR_PARAMS: &[&str] = &[
    "after",
    "starting_after",
    "continue",
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "marker",
    "continuation_token",
    "continuationToken",
    "start_cursor",
    "page_cursor",
    "pageCursor",
    "after_cursor",
    "next",
];
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_marker",
    "nextMarker",
    "continuation_token",
    "continuationToken",
    "end_cursor",
    "endCursor",
    "last_id",
    "lastId",
    "next",
];
/// Parameters of the page before: a sign of paging, never followed.
const BACK_PARAMS: &[&str] = &["before", "ending_before", "prev", "previous"];
/// Response headers with the next page's URL, besides `Link`.
const NEXT_URL_HEADERS: &[&str] = &["next-page", "next-page-url", "x-next-page-url"];
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next_page", "hasNextPage"];
const TOTAL_FIELDS: &[&str] = &[
    "total_count",
    "totalCount",
    "total",
    "total_results",
    "totalResults",
    "total_items",
    "totalItems",
];
const NEXT_URL_FIELDS: &[&str] = &[
    "nextLink",
    "@odata.nextLink",
    "nextUrl",
    "next_url",
    "nextPageUrl",
    "next_page_url",
    "next_link",
    "next",
];
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "$skip", "start"];
const LIMIT_PARAMS: &[&str] = &[
    "limit",
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "size",
    "count",
    "$top",
    "top",
    "max_results",
    "maxResults",
];
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber", "pageNo"];

/// The style the shape shows, if any.
fn recognise(
    types: &BTreeMap<TypeId, TypeDef>,
    op: &Operation,
    shape: &Shape,
) -> Option<Pagination> {
    let (items, item) = shape.items.clone().ok()?;
    let body = &shape.body;
    let has_more = find_field(types, body, HAS_MORE_FIELDS, 2, is_bool);
    let total = find_field(types, body, TOTAL_FIELDS, 2, is_count);
    let make = |style| Pagination {
        style,
        items: items.clone(),
        item: item.clone(),
        has_more: has_more.clone(),
        total: total.clone(),
        source: "recognised".to_owned(),
    };
    // A cursor parameter, and the body's cursor to fill it with: a field of
    // the same name (`paging.after`, `metadata.continue`) or a next-cursor.
    for name in CURSOR_PARAMS {
        let Some(param) = query_param(op, &[name]) else {
            continue;
        };
        let same =
            find_field(types, body, &[name], 2, is_scalar).filter(|_| *name != "starting_after");
        if let Some(from) =
            same.or_else(|| find_field(types, body, NEXT_CURSOR_FIELDS, 2, is_scalar))
        {
            return Some(make(PageStyle::Cursor {
                from,
                param: param.wire_name.clone(),
            }));
        }
        let item_id = fields(types, &item)
            .iter()
            .any(|f| f.wire_name == "id" && is_scalar(resolve(types, &f.ty)));
        // `starting_after` names the id of the object to start after, whatever
        // the items are (Stripe's `anyOf` of bank accounts and cards).
        let by_id = item_id || *name == "starting_after";
        if has_more.is_some() && by_id && matches!(*name, "after" | "starting_after") {
            return Some(make(PageStyle::LastItem {
                field: "id".to_owned(),
                param: param.wire_name.clone(),
            }));
        }
    }
    // Stripe's search: a string `page` filled from `next_page`.
    if let Some(param) = query_param(op, &["page"]).filter(|p| is_string(p.ty.strip_option())) {
        if let Some(from) = find_field(types, body, &["next_page"], 1, is_string) {
            return Some(make(PageStyle::Cursor {
                from,
                param: param.wire_name.clone(),
            }));
        }
    }
    if let Some(from) = find_field(types, body, NEXT_URL_FIELDS, 2, is_string) {
        return Some(make(PageStyle::BodyUrl { from }));
    }
    match next_header(op) {
        Some((_, true)) => return Some(make(PageStyle::LinkHeader)),
        Some((name, false)) => {
            return Some(make(PageStyle::HeaderUrl {
                name: name.to_owned(),
            }))
        }
        None => {}
    }
    // A bare array has nowhere to put a cursor: with a cursor parameter,
    // the next page is in a `Link` header (GitHub's webhook deliveries).
    if items.is_empty() && query_param(op, CURSOR_PARAMS).is_some() {
        return Some(make(PageStyle::LinkHeader));
    }
    let limit = query_param(op, LIMIT_PARAMS).map(|p| p.wire_name.clone());
    if let Some(param) = query_param(op, OFFSET_PARAMS).filter(|p| is_count(p.ty.strip_option())) {
        return Some(make(PageStyle::Offset {
            param: param.wire_name.clone(),
            limit,
        }));
    }
    if let Some(param) = query_param(op, PAGE_PARAMS).filter(|p| is_count(p.ty.strip_option())) {
        return Some(make(PageStyle::Page {
            param: param.wire_name.clone(),
            size: limit,
            first: 1,
        }));
    }
    None
}

/// A JSONPath or dotted path (`$.paging.after`, `$response.data`,
/// `paging.after`) as field names.
fn path_of(text: &str) -> Vec<String> {
    let text = text.trim();
    let text = text
        .strip_prefix("$response")
        .or_else(|| text.strip_prefix("$request"))
        .or_else(|| text.strip_prefix('$'))
        .unwrap_or(text);
    text.split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Declared pagination. `Err(None)`: declared not paged; `Err(Some(why))`:
/// the declaration does not fit the operation.
fn declared(
    types: &BTreeMap<TypeId, TypeDef>,
    op: &Operation,
    shape: Option<Shape>,
    value: &Value,
    source: &str,
) -> Result<Pagination, Option<String>> {
    if matches!(value, Value::Null | Value::Bool(false)) || value.as_str() == Some("none") {
        return Err(None);
    }
    let obj = value
        .as_object()
        .ok_or_else(|| Some("must be a mapping, or `none`".to_owned()))?;
    let body = success_body(op)
        .ok_or_else(|| Some("the operation has no one JSON success body".to_owned()))?;
    let text = |k: &str| obj.get(k).and_then(Value::as_str);
    let (items, next, has_more, total) = match source {
        "x-ms-pageable" => {
            let Some(next) = obj.get("nextLinkName") else {
                return Err(Some("`nextLinkName` is missing".into()));
            };
            let Some(next) = next.as_str() else {
                return Err(None);
            };
            let items = vec![text("itemName").unwrap_or("value").to_owned()];
            (
                Some(items),
                PageStyle::BodyUrl {
                    from: vec![next.to_owned()],
                },
                None,
                None,
            )
        }
        "x-speakeasy-pagination" => {
            let outputs = obj.get("outputs");
            let out = |k: &str| {
                outputs
                    .and_then(|o| o.get(k))
                    .and_then(Value::as_str)
                    .map(path_of)
            };
            let input = |kind: &str| {
                obj.get("inputs")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|i| i.get("type").and_then(Value::as_str) == Some(kind))
                    .and_then(|i| i.get("name").and_then(Value::as_str))
                    .map(str::to_owned)
            };
            let style = match text("type") {
                Some("cursor") => PageStyle::Cursor {
                    from: out("nextCursor")
                        .ok_or_else(|| Some("`outputs.nextCursor` is missing".into()))?,
                    param: input("cursor").ok_or_else(|| Some("no `cursor` input".into()))?,
                },
                Some("url") => PageStyle::BodyUrl {
                    from: out("nextUrl")
                        .ok_or_else(|| Some("`outputs.nextUrl` is missing".into()))?,
                },
                Some("offsetLimit") => match (input("offset"), input("page")) {
                    (Some(param), _) => PageStyle::Offset {
                        param,
                        limit: input("limit"),
                    },
                    (None, Some(param)) => PageStyle::Page {
                        param,
                        size: input("limit"),
                        first: 1,
                    },
                    _ => return Err(Some("no `offset` or `page` input".into())),
                },
                other => return Err(Some(format!("type {other:?} is not known"))),
            };
            (out("results"), style, None, None)
        }
        "x-fern-pagination" => {
            let style = if let (Some(cursor), Some(next)) = (text("cursor"), text("next_cursor")) {
                PageStyle::Cursor {
                    from: path_of(next),
                    param: path_of(cursor).join("."),
                }
            } else if let Some(offset) = text("offset") {
                let param = path_of(offset).join(".");
                if param.contains("page") {
                    PageStyle::Page {
                        param,
                        size: None,
                        first: 1,
                    }
                } else {
                    PageStyle::Offset { param, limit: None }
                }
            } else if let Some(next) = text("next_uri") {
                PageStyle::BodyUrl {
                    from: path_of(next),
                }
            } else {
                return Err(Some(
                    "neither `cursor` + `next_cursor`, `offset` nor `next_uri`".into(),
                ));
            };
            let has_more = text("has_next_page").map(path_of);
            (text("results").map(path_of), style, has_more, None)
        }
        _ => declared_by_keys(obj)?,
    };
    // The items: as declared, else as the shape shows.
    let (items, item) = match items {
        Some(path) => {
            let mut ty = body;
            for name in &path {
                ty = &fields(types, ty)
                    .iter()
                    .find(|f| &f.wire_name == name)
                    .ok_or_else(|| Some(format!("the body has no field `{}`", path.join("."))))?
                    .ty;
            }
            let item = array_item(types, ty)
                .ok_or_else(|| Some(format!("`{}` is not an array", path.join("."))))?;
            (path, item.clone())
        }
        None => shape
            .ok_or_else(|| Some("no items array in the body".to_owned()))?
            .items
            .map_err(Some)?,
    };
    for param in match &next {
        PageStyle::Cursor { param, .. } | PageStyle::LastItem { param, .. } => vec![param],
        PageStyle::Offset { param, limit } => std::iter::once(param).chain(limit).collect(),
        PageStyle::Page { param, size, .. } => std::iter::once(param).chain(size).collect(),
        _ => vec![],
    } {
        if query_param(op, &[param]).is_none() {
            return Err(Some(format!(
                "the operation has no query parameter `{param}`"
            )));
        }
    }
    Ok(Pagination {
        style: next,
        items,
        item,
        has_more,
        total,
        source: source.to_owned(),
    })
}

type DeclaredParts = (
    Option<Vec<String>>,
    PageStyle,
    Option<Vec<String>>,
    Option<Vec<String>>,
);

/// Our own keys (settings and `x-codegen-pagination`): `items` (a dotted
/// path; `""` the body), then one of `cursor` + `param`, `last_item` +
/// `param`, `next_url`, `link: true`, `offset` (+ `limit`), `page`
/// (+ `size`, `first`); `has_more` and `total` optional.
pub fn declared_by_keys(
    obj: &serde_json::Map<String, Value>,
) -> Result<DeclaredParts, Option<String>> {
    let text = |k: &str| obj.get(k).and_then(Value::as_str);
    let owned = |k: &str| text(k).map(str::to_owned);
    let style = if let Some(cursor) = text("cursor") {
        PageStyle::Cursor {
            from: path_of(cursor),
            param: owned("param").ok_or_else(|| Some("`cursor` needs `param`".into()))?,
        }
    } else if let Some(field) = owned("last_item") {
        PageStyle::LastItem {
            field,
            param: owned("param").ok_or_else(|| Some("`last_item` needs `param`".into()))?,
        }
    } else if let Some(url) = text("next_url") {
        PageStyle::BodyUrl { from: path_of(url) }
    } else if obj.get("link").and_then(Value::as_bool) == Some(true) {
        PageStyle::LinkHeader
    } else if let Some(param) = owned("offset") {
        PageStyle::Offset {
            param,
            limit: owned("limit"),
        }
    } else if let Some(param) = owned("page") {
        PageStyle::Page {
            param,
            size: owned("size"),
            first: obj.get("first").and_then(Value::as_u64).unwrap_or(1),
        }
    } else {
        return Err(Some(
            "needs one of `cursor`, `last_item`, `next_url`, `link`, `offset` or `page`".into(),
        ));
    };
    Ok((
        text("items").map(path_of),
        style,
        text("has_more").map(path_of),
        text("total").map(path_of),
    ))
}

#[cfg(test)]
mod tests;
