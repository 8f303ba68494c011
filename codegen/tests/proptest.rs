//! Random specs built from the forms the generator knows (schemas of every
//! kind, `$ref`s incl. cycles, parameters in every location, several
//! responses and content types, odd names and hostile text): the generator
//! never panics, and either fails with an error that has a pointer or
//! produces Rust that parses.

use codegen::emit::krate::CrateOptions;
use codegen::SpecInput;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::path::Path;

const SCHEMAS: usize = 4;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z_][a-zA-Z0-9_]{0,7}",
        1 => prop::sample::select(vec![
            "type", "self", "Self", "crate", "super", "r#type", "1abc", "ä-ö", "a b", "", "_",
            "```rust", "-", "+1", "Ok", "Err", "Result", "Option", "String", "runtime", "x-y.z",
            "日本", "a\nb", "@M\u{202E}@", "<script>x",
            "Content-Length", "Host", "X A", "X-A:B", "s?x=1&y", "f#g",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,20}",
        1 => prop::sample::select(vec![
            "```rust\npanic!()\n```",
            "> ```rust\n> panic!()\n> ```",
            "    panic!()",
            "- ```\n  x",
            "a\rb\u{202E}c\u{2066}d\u{0}e",
            "\t\tpanic!()",
            "*/ /* \" \\ #[doc]",
            "~~~\n```\n~~~",
            "<script>alert(1)</script> <img src=x onerror=y> <b>ok</b>",
            "[x](javascript:alert(1)) [y]( <data:text/html,z>)\n\n[r]: javascript:z",
            "`<iframe>` \\`<iframe>`",
            "@M\u{202E}@",
        ])
        .prop_map(str::to_owned),
    ]
}

fn leaf_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        prop::sample::select(vec![
            "date-time",
            "date",
            "uuid",
            "binary",
            "byte",
            "decimal",
            "x"
        ])
        .prop_map(|f| json!({"type": "string", "format": f})),
        prop::sample::select(vec!["int32", "int64", "uint8", "int8", "uint64", "weird"])
            .prop_map(|f| json!({"type": "integer", "format": f})),
        prop::sample::select(vec!["float", "double", "decimal"])
            .prop_map(|f| json!({"type": "number", "format": f})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        (0..SCHEMAS).prop_map(|i| json!({"$ref": format!("#/components/schemas/S{i}")})),
        Just(json!({"$ref": "#/components/parameters/P"})),
        prop::collection::vec(name(), 0..4).prop_map(|v| json!({"type": "string", "enum": v})),
        prop::collection::vec(name(), 1..3).prop_map(|v| json!({"enum": v})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    let leaf = (leaf_schema(), any::<bool>(), prop::option::of(text())).prop_map(
        |(mut s, nullable, description)| {
            if let Some(obj) = s.as_object_mut() {
                if nullable {
                    obj.insert("nullable".into(), json!(true));
                }
                if let Some(d) = description {
                    obj.insert("description".into(), json!(d));
                }
            }
            s
        },
    );
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|i| json!({"type": "array", "items": i})),
            (
                prop::collection::vec((name(), inner.clone()), 0..4),
                prop::collection::vec(name(), 0..2),
                prop::option::of(prop_oneof![inner.clone(), Just(json!(true))]),
                any::<bool>(),
            )
                .prop_map(|(props, required, additional, typed)| {
                    let mut s = Map::new();
                    if typed {
                        s.insert("type".into(), json!("object"));
                    }
                    let props: Map<String, Value> = props.into_iter().collect();
                    s.insert("properties".into(), Value::Object(props));
                    s.insert("required".into(), json!(required));
                    if let Some(a) = additional {
                        s.insert("additionalProperties".into(), a);
                    }
                    Value::Object(s)
                }),
            inner
                .clone()
                .prop_map(|i| json!({"additionalProperties": i})),
            (
                prop::sample::select(vec!["oneOf", "anyOf", "allOf"]),
                prop::collection::vec(inner.clone(), 0..4),
                prop::option::of(name()),
            )
                .prop_map(|(key, members, discriminator)| {
                    let mut s = json!({ key: members });
                    if let Some(d) = discriminator {
                        s["discriminator"] = json!({"propertyName": d});
                    }
                    s
                }),
        ]
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    (
        name(),
        prop::sample::select(vec!["path", "query", "header", "cookie"]),
        any::<bool>(),
        schema(),
        prop::option::of(text()),
    )
        .prop_map(|(name, location, required, schema, description)| {
            json!({
                "name": name,
                "in": location,
                "required": required || location == "path",
                "schema": schema,
                "description": description.unwrap_or_default(),
            })
        })
}

fn content() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (
            prop::sample::select(vec![
                "application/json",
                "application/merge-patch+json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "text/plain",
                "text/csv",
                "application/octet-stream",
                "application/xml",
                "weird```rust\n",
                "text/event-stream; x=\"@M\u{202E}@\"",
                "multipart/form-data; x=@M\u{202E}@",
                "application/x-ndjson; x=\"<script>\"",
            ]),
            prop::option::of(schema()),
        ),
        1..4,
    )
    .prop_map(|contents| {
        let mut map = Map::new();
        for (ct, schema) in contents {
            map.insert(
                ct.to_owned(),
                match schema {
                    Some(s) => json!({ "schema": s }),
                    None => json!({}),
                },
            );
        }
        Value::Object(map)
    })
}

fn operation() -> impl Strategy<Value = (Vec<Value>, Value)> {
    (
        prop::collection::vec(parameter(), 0..4),
        prop::option::of(name()),
        prop::option::of(text()),
        prop::option::of(content()),
        prop::collection::vec(
            (
                prop::sample::select(vec!["200", "201", "204", "2XX", "400", "404", "default"]),
                text(),
                prop::option::of(content()),
            ),
            0..4,
        ),
        any::<bool>(),
        prop::collection::vec(name(), 0..3),
    )
        .prop_map(|(params, id, summary, body, responses, deprecated, tags)| {
            let mut op = Map::new();
            op.insert("tags".into(), json!(tags));
            if let Some(id) = id {
                op.insert("operationId".into(), json!(id));
            }
            if let Some(s) = summary {
                op.insert("summary".into(), json!(s));
            }
            op.insert("deprecated".into(), json!(deprecated));
            let (path_params, params): (Vec<Value>, Vec<Value>) =
                params.into_iter().partition(|p| p["in"] == "path");
            op.insert("parameters".into(), json!(params));
            if let Some(b) = body {
                op.insert("requestBody".into(), json!({"content": b}));
            }
            let mut rs = Map::new();
            for (code, description, content) in responses {
                let mut r = json!({ "description": description });
                if let Some(c) = content {
                    r["content"] = c;
                }
                rs.insert(code.to_owned(), r);
            }
            op.insert("responses".into(), Value::Object(rs));
            (path_params, Value::Object(op))
        })
}

fn spec() -> impl Strategy<Value = Value> {
    (
        text(),
        text(),
        prop::collection::vec(schema(), SCHEMAS),
        prop::collection::vec(
            (
                name(),
                prop::collection::vec(
                    (
                        prop::sample::select(vec!["get", "put", "post", "delete", "patch"]),
                        operation(),
                    ),
                    1..3,
                ),
            ),
            1..4,
        ),
        prop::sample::select(vec!["https://api.test/v1", "/v1", "{scheme}://x.test"]),
        prop::option::of((0..SCHEMAS).prop_map(|i| json!({"$ref": format!("#/components/schemas/S{i}")}))),
    )
        .prop_map(|(title, version, schemas, paths, server, dangling)| {
            let mut path_map = Map::new();
            for (segment, ops) in paths {
                // The first operation's path parameters are the path item's,
                // and form the template.
                let mut template = format!("/{segment}");
                let mut item = Map::new();
                if let Some((_, (params, _))) = ops.first() {
                    for p in params {
                        template.push_str(&format!("/{{{}}}", p["name"].as_str().unwrap_or("")));
                    }
                    item.insert("parameters".into(), json!(params));
                }
                for (method, (_, op)) in ops {
                    item.insert(method.to_owned(), op);
                }
                path_map.insert(template, Value::Object(item));
            }
            let mut schemas: Map<String, Value> = schemas
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("S{i}"), s))
                .collect();
            // A `$ref`-only schema, which may close a cycle.
            if let Some(r) = dangling {
                schemas.insert("R".into(), r);
            }
            json!({
                "openapi": "3.0.3",
                "info": {"title": title, "version": version, "description": "```rust\npanic!()\n```"},
                "servers": [{"url": server}],
                "paths": path_map,
                "components": {
                    "schemas": schemas,
                    "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}},
                },
            })
        })
}

/// The keys of the `[features]` table.
fn features(cargo_toml: &str) -> Vec<String> {
    cargo_toml
        .lines()
        .skip_while(|l| *l != "[features]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(key, _)| key.trim_matches('"').to_owned())
        .collect()
}

/// Cargo's rule for feature names (ASCII part).
fn valid_feature(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_specs_generate_parsable_rust_or_an_error_with_a_pointer(
        spec in spec(),
        stem in prop::sample::select(vec!["random", "my spec", "1", "-x", "ä", "default", "rustls", "a.b+c"]),
    ) {
        let dir = std::env::temp_dir().join(format!("codegen-proptest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = format!("{stem}.json");
        std::fs::write(dir.join(&file), spec.to_string()).unwrap();
        let input = SpecInput::new(&dir, Path::new(&file));
        let options = CrateOptions {
            name: "random".into(),
            standalone: true,
            dev_dependencies: false,
            runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
        };
        match codegen::generate_crate(&[input], &options) {
            Ok(out) => {
                for file in &out.files {
                    if file.path.extension().is_some_and(|e| e == "rs") {
                        let parsed = syn::parse_file(&file.contents);
                        prop_assert!(parsed.is_ok(), "{}: {:?}", file.path.display(), parsed.err());
                    }
                    // Inside a fenced block (always `text` once sanitized)
                    // rustdoc shows markup as text: nothing there is live.
                    let mut in_fence = false;
                    for line in file.contents.lines() {
                        // What HTTP cannot send as meant is never built: a
                        // path with a query or fragment, a framing header.
                        if let Some(at) = line.find("request.path_literal(") {
                            prop_assert!(!line[at..].contains(['?', '#']), "{:?}", line);
                        }
                        let lower = line.to_ascii_lowercase();
                        for framing in ["\"content-length\"", "\"host\"", "\"x a\"", "\"x-a:b\""] {
                            prop_assert!(!(lower.contains("header") && lower.contains(framing)), "{:?}", line);
                        }
                        // Spec text reaches the output only sanitized (docs)
                        // or escaped (literals): the bidi control never raw.
                        prop_assert!(!line.contains('\u{202E}'), "{}: {:?}", file.path.display(), line);
                        let trimmed = line.trim_start();
                        let is_doc = trimmed.starts_with("///") || trimmed.starts_with("//!");
                        if is_doc {
                            let text = trimmed[3..].trim_start();
                            if text.starts_with("```") || text.starts_with("~~~") {
                                in_fence = !in_fence;
                                continue;
                            }
                        } else {
                            in_fence = false;
                        }
                        if is_doc && !in_fence {
                            let lower = line.to_ascii_lowercase();
                            for live in ["<script", "<img", "<iframe", "](javascript:", "](<data:"] {
                                prop_assert!(!lower.contains(live), "{}: {:?}", file.path.display(), line);
                            }
                            prop_assert!(!trimmed[3..].trim_start().starts_with("[r]:"), "{:?}", line);
                        }
                    }
                }
                let cargo = out.files.iter().find(|f| f.path == Path::new("Cargo.toml"));
                let cargo = cargo.map(|c| c.contents.as_str()).unwrap_or_default();
                prop_assert!(cargo.contains("[lib]\ndoctest = false"));
                for feature in features(cargo) {
                    prop_assert!(valid_feature(&feature), "feature {:?}", feature);
                }
            }
            Err(e) => {
                prop_assert_eq!(e.file.as_path(), Path::new(&file));
                prop_assert!(e.pointer.starts_with('#'), "{}", e);
                prop_assert!(!e.message.contains("generator bug"), "{}", e);
            }
        }
    }
}
