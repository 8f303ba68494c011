use super::*;

fn p() -> &'static Path {
    Path::new("spec.yaml")
}

fn threaded(text: &str, want: usize) -> Result<Value, Error> {
    parse_value_in_parts(p(), text, 2, want)
}

const BIG: &str = "# leading comment
openapi: 3.0.0
info:
  title: t
  version: '1'
  description: |
    Block text

    with: a colon
tags:
- name: a
- name: b
paths:
  /a:
    get:
      responses:
        200: {description: ok}
  # a comment between entries
  /b:
    get:
      description: >
        folded
      responses: {}
  /c:
    post:
      responses: {}
  /a:
    put:
      responses: {}
components:
  schemas:
    A: {type: string}
  parameters:
    p: {name: p, in: query}
  responses:
    r: {description: r}
x-end: [1, 2]
";

#[test]
fn a_document_cut_at_keys_parses_to_the_same_value() {
    let whole = parse_value(p(), BIG).unwrap();
    for want in [1, 2, 3, 5, 8, 40] {
        assert_eq!(threaded(BIG, want).unwrap(), whole, "{want}");
    }
    // It was cut inside `paths` and `components`, and the duplicate
    // `/a` kept its first place with the last value, as in one parse.
    let parts = split_yaml(BIG, 40).unwrap();
    assert!(parts.iter().filter(|p| p.header == Some("paths:")).count() >= 3);
    assert!(parts
        .iter()
        .any(|p| p.header == Some("components:") && !p.first));
    let paths: Vec<&String> = whole["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/a", "/b", "/c"]);
    assert!(whole["paths"]["/a"].get("get").is_none());
    let crlf = BIG.replace('\n', "\r\n");
    assert_eq!(
        threaded(&crlf, 8).unwrap(),
        parse_value(p(), &crlf).unwrap()
    );
}

#[test]
fn unusual_documents_fall_back_to_one_parse() {
    let cases = [
            // An anchor in one part used in another.
            "a:\n  x: &base {k: 1}\n  y: 2\nb:\n  z: *base\n  w: {<<: *base, j: 2}\n",
            // A quoted scalar going on at column 0, which looks like a key.
            "a:\n  x: 1\n  y: \"one\nz: two\"\nb: 2\n",
            // A flow mapping across lines.
            "a: {x: 1,\nb: 2}\nc: 3\n",
            // Several documents, directives, a top-level sequence.
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\nb: 2\n",
            "- a: 1\n- b: 2\n",
            // Aliases expanding past the budget, inside one part.
            "x:\n  k: 1\n  bomb:\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n    g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n  z: 2\n",
            // Not YAML at all: the error is the whole parse's.
            "a:\n  x: [1\nb: 2\n",
        ];
    for text in cases {
        let whole = parse_value(p(), text).map_err(|e| e.to_string());
        let cut = threaded(text, 8).map_err(|e| e.to_string());
        assert_eq!(cut, whole, "{text}");
    }
    assert!(split_yaml("- a: 1\n- b: 2\n", 8).is_none());
    assert!(split_yaml("a: 1\n---\nb: 2\n", 8).is_none());
}

#[test]
fn bad_yaml_names_file_and_line() {
    let err = parse(p(), "openapi: 3.0.0\ninfo: [\n").unwrap_err();
    assert_eq!(err.file, Path::new("spec.yaml"));
    assert!(err.message.contains("line"), "{err}");
}

#[test]
fn huge_integers_tags_and_merge_keys() {
    let v = parse_value(
        p(),
        "a: -9223372036854776000\nb: !custom 5\nbase: &b {x: 1, y: 2}\nc: {<<: *b, y: 3}\n",
    )
    .unwrap();
    assert_eq!(v["a"].as_f64(), Some(-9.223372036854776e18));
    assert_eq!(v["b"], Value::from(5));
    assert_eq!(v["c"], serde_json::json!({"y": 3, "x": 1}));
}

#[test]
fn refs_into_other_files_are_bundled() {
    let dir = std::env::temp_dir().join(format!("codegen-bundle-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("common")).unwrap();
    std::fs::write(
            dir.join("main.yaml"),
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'common/pets.yaml#/Pets'}\n",
        )
        .unwrap();
    std::fs::write(
            dir.join("common/pets.yaml"),
            "Pets: {type: array, items: {$ref: '#/Pet'}}\nPet: {type: object, properties: {name: {type: string}}}\n",
        )
        .unwrap();
    let doc = load_as(&dir.join("main.yaml"), Path::new("main.yaml")).unwrap();
    let schema = doc
        .raw
        .pointer("/paths/~1pets/get/responses/200/content/application~1json/schema")
        .unwrap();
    assert_eq!(schema["items"]["properties"]["name"]["type"], "string");
    std::fs::write(
        dir.join("main.yaml"),
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {$ref: 'missing.yaml'}\n",
    )
    .unwrap();
    let err = load_as(&dir.join("main.yaml"), Path::new("main.yaml")).unwrap_err();
    assert!(err.message.contains("missing.yaml"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn integer_response_keys_become_strings() {
    let doc = parse(
            p(),
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        .unwrap();
    assert!(doc.raw.pointer("/paths/~1a/get/responses/200").is_some());
}

#[test]
fn pointers_resolve_with_escapes_and_percent_encoding() {
    let raw: Value = serde_json::json!({"paths": {"/a/{id}": {"get": 1}}});
    assert_eq!(
        resolve_pointer(&raw, "#/paths/~1a~1{id}/get"),
        Some(&Value::from(1))
    );
    assert_eq!(
        resolve_pointer(&raw, "#/paths/~1a~1%7Bid%7D/get"),
        Some(&Value::from(1))
    );
    assert_eq!(resolve_pointer(&raw, "#/paths/nope"), None);
    assert_eq!(resolve_pointer(&raw, "other.yaml#/a"), None);
}
