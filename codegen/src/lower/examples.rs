//! The spec's example values, for the generated docs' example calls.
//!
//! Read from the raw document by JSON pointer, following local `$ref`s on the
//! way (a parameter, request body or property may be a reference), so that
//! lowering only asks "what example does the spec give here?".

use serde_json::Value;

/// How many `$ref`s one lookup follows at most (cycles end here).
const MAX_REFS: usize = 32;

/// The example at `pointer` (a schema, a parameter, a media type): its
/// `example`, else the first of its `examples` (a list, or a map of Example
/// objects with a `value`), else its schema's. `None` when the spec gives
/// none.
pub(super) fn example_at(raw: &Value, pointer: &str) -> Option<Value> {
    let node = node(raw, pointer)?;
    own_example(raw, node).or_else(|| {
        let schema = deref(raw, node.get("schema")?)?;
        own_example(raw, schema)
    })
}

fn own_example(raw: &Value, node: &Value) -> Option<Value> {
    if let Some(example) = node.get("example") {
        return Some(example.clone());
    }
    match node.get("examples")? {
        Value::Array(list) => list.first().cloned(),
        Value::Object(map) => map
            .values()
            .filter_map(|e| deref(raw, e))
            .find_map(|e| e.get("value").cloned()),
        _ => None,
    }
}

/// The value at `pointer`, following a local `$ref` wherever one stands on
/// the way.
fn node<'a>(raw: &'a Value, pointer: &str) -> Option<&'a Value> {
    let path = pointer.strip_prefix('#')?;
    let mut here = raw;
    for segment in path.split('/').skip(1) {
        let key = crate::diag::unescape_token(segment);
        here = deref(raw, here)?;
        here = match here {
            Value::Object(map) => map.get(&key)?,
            Value::Array(list) => list.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    deref(raw, here)
}

/// `value`, or what its local `$ref` points at (transitively, bounded).
fn deref<'a>(raw: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..MAX_REFS {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => value = crate::load::resolve_pointer(raw, reference)?,
            None => return Some(value),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn examples_are_found_through_refs() {
        let raw = json!({
            "paths": {"/a": {"post": {
                "parameters": [
                    {"$ref": "#/components/parameters/Id"},
                    {"name": "q", "in": "query", "schema": {"type": "string", "example": "s"}},
                    {"name": "r", "in": "query", "examples": {"one": {"$ref": "#/components/examples/R"}}},
                ],
                "requestBody": {"$ref": "#/components/requestBodies/B"},
            }}},
            "components": {
                "parameters": {"Id": {"name": "id", "in": "path", "example": 7}},
                "examples": {"R": {"value": [1, 2]}},
                "requestBodies": {"B": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/S"}}}}},
                "schemas": {
                    "S": {"properties": {"p": {"$ref": "#/components/schemas/P"}}, "examples": [{"p": "x"}]},
                    "P": {"type": "string", "example": "pee"},
                    "Loop": {"$ref": "#/components/schemas/Loop"},
                },
            },
        });
        let op = "#/paths/~1a/post";
        assert_eq!(
            example_at(&raw, &format!("{op}/parameters/0")),
            Some(json!(7))
        );
        assert_eq!(
            example_at(&raw, &format!("{op}/parameters/1")),
            Some(json!("s"))
        );
        assert_eq!(
            example_at(&raw, &format!("{op}/parameters/2")),
            Some(json!([1, 2]))
        );
        assert_eq!(
            example_at(&raw, &format!("{op}/requestBody/content/application~1json")),
            Some(json!({"p": "x"}))
        );
        assert_eq!(
            example_at(&raw, "#/components/schemas/S/properties/p"),
            Some(json!("pee"))
        );
        assert_eq!(example_at(&raw, "#/components/schemas/Loop"), None);
        assert_eq!(example_at(&raw, "#/nowhere/at/all"), None);
    }
}
