//! Normalisation of each dialect, checked through `openapiv3` and local
//! `$ref` resolution.

use super::*;
use std::path::PathBuf;

mod swagger2;

/// The normalised value alone, for tests that only look at the JSON.
pub(super) fn normalize_value(file: &Path, raw: Value) -> Result<Value, Error> {
    normalize_with_notes(file, raw).map(|(value, _)| value)
}

pub(super) fn file() -> &'static Path {
    Path::new("spec.yaml")
}

pub(super) fn info() -> Value {
    json!({ "title": "t", "version": "1" })
}

/// Normalises, checks that `openapiv3` reads the result and that every
/// local `$ref` in it resolves.
pub(super) fn run(raw: Value) -> (Value, Vec<(String, String)>) {
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

pub(super) fn pointers(notes: &[(String, String)]) -> Vec<&str> {
    notes.iter().map(|(p, _)| p.as_str()).collect()
}

pub(super) fn schemas31(schemas: Value) -> (Value, Vec<(String, String)>) {
    let (out, notes) = run(json!({
        "openapi": "3.1.0",
        "info": info(),
        "paths": {},
        "components": { "schemas": schemas }
    }));
    (out["components"]["schemas"].clone(), notes)
}

pub(super) fn swagger(extra: Value) -> (Value, Vec<(String, String)>) {
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
    assert_eq!(normalize_value(file(), raw.clone()).unwrap(), raw);
}

#[test]
fn unknown_versions_are_errors_with_pointers() {
    let neither = normalize_value(file(), json!({ "info": info() })).unwrap_err();
    assert_eq!(neither.pointer, "#");
    assert_eq!(
        neither.message,
        "not an OpenAPI document: it has neither an `openapi` nor a `swagger` field"
    );
    assert_eq!(
        normalize_value(file(), json!([1])).unwrap_err().pointer,
        "#"
    );
    for version in [
        json!("2.0"),
        json!("4.0.0"),
        json!("3.3.0"),
        json!("three"),
        json!(null),
    ] {
        let err =
            normalize_value(file(), json!({ "openapi": version, "info": info() })).unwrap_err();
        assert_eq!(err.pointer, "#/openapi", "{version}");
    }
    let err = normalize_value(file(), json!({ "swagger": "1.2" })).unwrap_err();
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

// ---- OpenAPI 3.2 -------------------------------------------------------

#[test]
fn openapi32_operations_querystring_and_names_are_carried() {
    let (out, notes) = run(json!({
        "openapi": "3.2.0",
        "$self": "https://example.com/api.yaml",
        "info": info(),
        "paths": { "/a": {
            "query": { "parameters": [{
                "name": "filter",
                "in": "querystring",
                "style": "form",
                "content": { "application/x-www-form-urlencoded": {
                    "schema": { "type": ["object", "null"], "properties": { "n": { "const": 1 } } }
                } }
            }] },
            "additionalOperations": { "PURGE": {
                "responses": { "204": {} },
                "parameters": [{ "name": "s", "in": "cookie", "style": "cookie", "schema": { "type": "string" } }]
            } }
        } }
    }));
    assert_eq!(out["openapi"], "3.0.3");
    assert!(out.get("$self").is_none());
    // The extra operations stay where they are, rewritten like any other.
    let param = &out["paths"]["/a"]["query"]["parameters"][0];
    assert_eq!(param["in"], "query");
    assert_eq!(param[EXT_QUERYSTRING], true);
    assert!(param.get("style").is_none());
    let schema = &param["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(schema["nullable"], true);
    assert_eq!(schema["properties"]["n"]["enum"], json!([1]));
    let purge = &out["paths"]["/a"]["additionalOperations"]["PURGE"];
    assert_eq!(purge["responses"]["204"]["description"], "");
    assert!(purge["parameters"][0].get("style").is_none());
    assert_eq!(
        pointers(&notes),
        [
            "#/$self",
            "#/paths/~1a/query/parameters/0/style",
            "#/paths/~1a/additionalOperations/PURGE/parameters/0/style",
        ]
    );
}

#[test]
fn openapi32_default_mapping_media_type_refs_and_item_schema() {
    let (out, notes) = run(json!({
        "openapi": "3.2.0",
        "info": info(),
        "paths": { "/a": { "get": { "responses": { "200": {
            "description": "ok",
            "content": {
                "application/json": { "$ref": "#/components/mediaTypes/Pets" },
                "application/jsonl": { "itemSchema": { "type": ["string", "null"] } },
                "multipart/mixed": { "itemEncoding": { "contentType": "text/plain" } }
            }
        } } } } },
        "components": {
            "mediaTypes": { "Pets": { "schema": { "$ref": "#/components/schemas/Pet" } } },
            "schemas": {
                "Pet": {
                    "oneOf": [{ "$ref": "#/components/schemas/Cat" }],
                    "discriminator": { "propertyName": "kind", "defaultMapping": "Other" }
                },
                "Cat": { "type": "object" },
                "Other": { "type": "object" }
            }
        }
    }));
    let content = &out["paths"]["/a"]["get"]["responses"]["200"]["content"];
    assert_eq!(
        content["application/json"],
        json!({ "schema": { "$ref": "#/components/schemas/Pet" } })
    );
    assert_eq!(
        content["application/jsonl"][ITEM_SCHEMA],
        json!({ "type": "string", "nullable": true })
    );
    assert!(out["components"].get("mediaTypes").is_none());
    let discriminator = &out["components"]["schemas"]["Pet"]["discriminator"];
    assert_eq!(discriminator[EXT_DEFAULT_MAPPING], "Other");
    assert!(discriminator.get("defaultMapping").is_none());
    assert_eq!(
        pointers(&notes),
        ["#/paths/~1a/get/responses/200/content/multipart~1mixed/itemEncoding"]
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
        media[ITEM_SCHEMA].clone()
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

/// Lowering takes component schemas from the typed document instead of
/// deserializing their JSON again (`lower::Lowering::typed_schemas`):
/// that is the same schema, for every fixture and spec (and, with
/// `CODEGEN_CORPUS` set to the corpus folder, every document its
/// INDEX.tsv lists).
#[test]
fn typed_component_schemas_are_their_json_deserialized() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    for dir in [root.join("tests/fixtures"), root.join("../specs")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            specs.push(entry.unwrap().path());
        }
    }
    if let Some(corpus) = std::env::var_os("CODEGEN_CORPUS").map(PathBuf::from) {
        let index = std::fs::read_to_string(corpus.join("INDEX.tsv")).unwrap();
        for line in index.lines().skip(1) {
            specs.push(corpus.join(line.split('\t').next().unwrap()));
        }
    }
    let mut compared = 0;
    for spec in &specs {
        let Ok(doc) = crate::load::load_within(spec, spec, spec.parent().and_then(Path::parent))
            .and_then(normalize)
        else {
            continue;
        };
        let Some(components) = &doc.api.components else {
            continue;
        };
        for (name, schema) in &components.schemas {
            if name.contains('%') {
                continue; // looked up as JSON (`resolve_pointer` percent-decodes)
            }
            let at = format!("#/components/schemas/{}", escape_token(name));
            let value = crate::load::resolve_pointer(&doc.raw, &at).unwrap();
            let alone: openapiv3::ReferenceOr<openapiv3::Schema> =
                serde::Deserialize::deserialize(value).unwrap();
            assert!(alone == *schema, "{} {at}", spec.display());
            compared += 1;
        }
    }
    assert!(compared > 20, "{compared}");
}

#[test]
fn unknown_parameter_location_has_pointer() {
    let err = crate::load::parse(
        file(),
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: body, schema: {type: string}}\n      responses: {}\n",
    )
    .and_then(normalize)
    .unwrap_err();
    assert!(
        err.pointer.starts_with("#/paths/~1a/get/parameters/0"),
        "{err}"
    );
    assert!(err.message.contains("body"), "{err}");
}
