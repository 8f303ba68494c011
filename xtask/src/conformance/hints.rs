//! What the IR does not keep about a sample value, looked up in the spec
//! document by the pointers the IR does keep: the raw schema of each field,
//! parameter and type (`format` of plain strings, `pattern`, bounds of
//! parameters, `examples`).

use codegen::emit::conformance::Hints;
use codegen::ir::{Api, ParamLocation, TypeKind};
use serde_json::Value;

/// Follows `$ref`s within the document.
fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => match doc.pointer(&r[1..]) {
                Some(next) => v = next,
                None => return v,
            },
            _ => return v,
        }
    }
    v
}

fn at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    doc.pointer(pointer.strip_prefix('#').unwrap_or(pointer))
        .map(|v| resolve(doc, v))
}

/// The schema of property `name` of `schema`, through `allOf`/`anyOf`/`oneOf`.
fn property<'a>(doc: &'a Value, schema: &'a Value, name: &str, depth: usize) -> Option<&'a Value> {
    let schema = resolve(doc, schema);
    if let Some(p) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(resolve(doc, p));
    }
    if depth > 6 {
        return None;
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(found) = property(doc, member, name, depth + 1) {
                return Some(found);
            }
        }
    }
    None
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query | ParamLocation::QueryString(_) => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The hints of `api`, found in `doc` (the document it was generated from).
pub fn of(doc: &Value, api: &Api) -> Hints {
    let mut hints = Hints::default();
    for (id, def) in &api.types {
        let Some(schema) = at(doc, &def.pointer) else {
            continue;
        };
        hints.types.insert(*id, schema.clone());
        if let TypeKind::Struct(s) = &def.kind {
            for f in &s.fields {
                if let Some(p) = property(doc, schema, &f.wire_name, 0) {
                    hints.fields.insert((*id, f.wire_name.clone()), p.clone());
                }
            }
        }
    }
    for (oi, op) in api.operations.iter().enumerate() {
        let Some(op_value) = at(doc, &op.pointer) else {
            continue;
        };
        let item = op
            .pointer
            .rfind('/')
            .and_then(|cut| at(doc, &op.pointer[..cut]));
        let declared: Vec<&Value> = op_value
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(
                item.and_then(|i| i.get("parameters"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
            .map(|p| resolve(doc, p))
            .collect();
        for (pi, p) in op.params.iter().enumerate() {
            let Some(raw) = declared.iter().find(|d| {
                d.get("name").and_then(Value::as_str) == Some(p.wire_name.as_str())
                    && d.get("in").and_then(Value::as_str) == Some(location(p.location))
            }) else {
                continue;
            };
            // OpenAPI 3: the schema; Swagger 2: the parameter itself.
            let mut schema = raw
                .get("schema")
                .map(|s| resolve(doc, s).clone())
                .unwrap_or_else(|| (*raw).clone());
            if let Value::Object(map) = &mut schema {
                if let Some(e) = raw.get("example") {
                    map.insert("example".to_owned(), e.clone());
                } else if let Some(e) = raw.get("examples") {
                    map.insert("examples".to_owned(), e.clone());
                }
            }
            hints.params.insert((oi, pi), schema);
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn properties_are_found_through_refs_and_all_of() {
        let doc = json!({
            "components": {"schemas": {
                "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
                "B": {"properties": {"mail": {"$ref": "#/components/schemas/Mail"}}},
                "Mail": {"type": "string", "format": "email"}
            }}
        });
        let a = super::at(&doc, "#/components/schemas/A")
            .cloned()
            .unwrap_or_default();
        let p = super::property(&doc, &a, "mail", 0).cloned();
        assert_eq!(p, Some(json!({"type": "string", "format": "email"})));
        assert_eq!(super::property(&doc, &a, "other", 0), None);
    }
}
