//! Bad specs give an error naming the spec file and the JSON pointer of the
//! offending node, never a panic.

use codegen::diag::Error;
use std::path::Path;

fn generate(text: &str) -> Result<codegen::ir::Api, Error> {
    let file = Path::new("specs/bad.yaml");
    let doc = codegen::load::parse(file, text)?;
    codegen::lower::lower(&doc, "bad").map(|(api, _)| api)
}

fn error(text: &str) -> Error {
    match generate(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => {
            assert_eq!(e.file, Path::new("specs/bad.yaml"), "{e}");
            e
        }
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn malformed_yaml() {
    let e = error("openapi: 3.0.3\ninfo: {title: t\npaths: [\n");
    assert_eq!(e.pointer, "#");
    assert!(e.message.contains("line"), "{e}");
}

#[test]
fn not_an_openapi_document() {
    let e = error("hello: world\n");
    assert!(e.message.contains("neither"), "{e}");
    let e = error("- 1\n- 2\n");
    assert_eq!(e.pointer, "#");
}

#[test]
fn unresolvable_schema_ref() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Missing'}}\n"
    ));
    assert_eq!(
        e.pointer,
        "#/paths/~1a/get/responses/200/content/application~1json/schema"
    );
    assert!(e.message.contains("#/components/schemas/Missing"), "{e}");
}

#[test]
fn unresolvable_parameter_ref() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses: {{}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/parameters/0");
}

#[test]
fn external_ref_is_reported() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: 'other.yaml#/responses/Ok'}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/responses/200");
    assert!(e.message.contains("other.yaml"), "{e}");
}

#[test]
fn ref_cycle_between_responses() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/A'}}\ncomponents:\n  responses:\n    A: {{$ref: '#/components/responses/B'}}\n    B: {{$ref: '#/components/responses/A'}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/responses/200");
    assert!(e.message.contains("cycle"), "{e}");
}

#[test]
fn duplicate_operation_ids_are_renamed_with_a_diagnostic() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get: {{operationId: same, responses: {{}}}}\n  /b:\n    get: {{operationId: same, responses: {{}}}}\n"
    );
    let file = Path::new("specs/bad.yaml");
    let doc = codegen::load::parse(file, &text).unwrap();
    let (mut api, diagnostics) = codegen::lower::lower(&doc, "bad").unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].pointer, "#/paths/~1b/get/operationId");
    assert!(
        diagnostics[0].message.contains("#/paths/~1a/get"),
        "{}",
        diagnostics[0]
    );
    codegen::naming::name_api(&mut api, "bad".into());
    let names: Vec<_> = api
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(names, ["same", "same_2"]);
}

#[test]
fn unknown_parameter_location() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: x, in: nowhere, schema: {{type: string}}}}\n      responses: {{}}\n"
    ));
    assert!(e.pointer.starts_with("#/paths/~1a/get/parameters/0"), "{e}");
    assert!(e.message.contains("nowhere"), "{e}");
}

#[test]
fn path_template_names_an_undeclared_parameter() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get: {{responses: {{}}}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a~1{id}/get");
    assert!(e.message.contains("`{id}`"), "{e}");
}

#[test]
fn path_parameter_missing_from_template() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses: {{}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get");
    assert!(e.message.contains("`id`"), "{e}");
}

#[test]
fn unclosed_path_template() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a/{{id:\n    get: {{responses: {{}}}}\n"
    ));
    assert!(e.message.contains("unclosed"), "{e}");
}

#[test]
fn missing_operation_id_is_derived() {
    let api = generate(&format!(
        "{HEAD}paths:\n  /pets/{{petId}}:\n    delete:\n      parameters:\n        - {{name: petId, in: path, required: true, schema: {{type: string}}}}\n      responses: {{'204': {{description: gone}}}}\n"
    ))
    .unwrap();
    assert_eq!(api.operations[0].wire_id, "delete_pets_petId");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let deep = format!("{HEAD}x: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
    let cases = [
        deep.as_str(),
        bomb,
        "openapi: 3.0.0\n",
        "openapi: [1]\n",
        "openapi: 3.0.0\ninfo: 5\npaths: 7\n",
        "\u{0}\u{1}",
        "",
    ];
    for text in cases {
        assert!(generate(text).is_err(), "{text:.60}");
    }
}
