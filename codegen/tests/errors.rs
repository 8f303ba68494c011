//! Bad specs give an error naming the spec file and the JSON pointer of the
//! offending node, never a panic.

use codegen::diag::Error;
use std::path::Path;

fn generate(text: &str) -> Result<codegen::ir::Api, Error> {
    let file = Path::new("specs/bad.yaml");
    let doc = codegen::parse(file, text)?;
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
    let doc = codegen::parse(file, &text).unwrap();
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
    // Loops and long chains: an error or a result, never a crash or a hang.
    let mut chain = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..3_000 {
        chain.push_str(&format!(
            "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
            i + 1
        ));
    }
    chain.push_str("    A3000: {$ref: '#/components/schemas/A0'}\n");
    let survivable = [
        chain,
        format!("{HEAD}paths:\n  /a: {{$ref: '#/paths/~1b'}}\n  /b: {{$ref: '#/paths/~1a'}}\n"),
        format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        cb: {{$ref: '#/components/callbacks/CB'}}\n      responses: {{}}\ncomponents:\n  callbacks:\n    CB:\n      '{{$request.body#/url}}':\n        post:\n          callbacks:\n            again: {{$ref: '#/components/callbacks/CB'}}\n          responses: {{}}\n"),
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: array, items: {{$ref: '#/components/schemas/B'}}}}\n    B: {{additionalProperties: {{$ref: '#/components/schemas/A'}}}}\n    C: {{oneOf: [{{$ref: '#/components/schemas/C'}}, {{type: string}}]}}\n    D: {{anyOf: [{{$ref: '#/components/schemas/D'}}]}}\n    E: {{type: object, properties: {{e: {{$ref: '#/components/schemas/E'}}}}, required: [e]}}\n"),
    ];
    for text in &survivable {
        if let Err(e) = generate(text) {
            assert_eq!(e.file, Path::new("specs/bad.yaml"), "{e}");
        }
    }
}

fn lowered(text: &str) -> (codegen::ir::Api, Vec<codegen::diag::Diagnostic>) {
    let doc = codegen::parse(Path::new("specs/bad.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&doc, "bad").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn all_of_cycles_are_errors_not_stack_overflows() {
    let e = error(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{allOf: [{{$ref: '#/components/schemas/A'}}]}}\n"
    ));
    assert_eq!(e.pointer, "#/components/schemas/A", "{e}");
    assert!(e.message.contains("cycle"), "{e}");
    let e = error(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{allOf: [{{$ref: '#/components/schemas/B'}}, {{type: object, properties: {{x: {{type: string}}}}}}]}}\n    B: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{type: object}}]}}\n"
    ));
    assert!(e.message.contains("cycle"), "{e}");
    assert!(e.pointer.starts_with("#/components/schemas/"), "{e}");
}

#[test]
fn yaml_alias_expansion_is_bounded() {
    // 40 KB of text that expands to 20 million strings.
    let mut text = String::from("a: &a [");
    text.push_str(&"x, ".repeat(10_000));
    text.push_str("x]\nb: [");
    text.push_str(&"*a, ".repeat(2_000));
    text.push_str("*a]\n");
    let e = error(&text);
    assert_eq!(e.pointer, "#");
    assert!(e.message.contains("expands"), "{e}");
}

#[test]
fn ref_only_loops_and_self_maps_become_compiling_types() {
    use codegen::ir::{Ty, TypeKind};
    let (api, diagnostics) = lowered(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n    C: {{$ref: '#/components/schemas/C'}}\n    M: {{additionalProperties: {{$ref: '#/components/schemas/M'}}}}\n    V: {{type: array, items: {{$ref: '#/components/schemas/V'}}}}\n"
    ));
    let kind = |name: &str| {
        &api.types
            .values()
            .find(|t| t.wire_name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .kind
    };
    assert!(matches!(kind("A"), TypeKind::Alias(Ty::Named(_))));
    assert_eq!(kind("B"), &TypeKind::Alias(Ty::Json));
    assert_eq!(kind("C"), &TypeKind::Alias(Ty::Json));
    assert_eq!(kind("V"), &TypeKind::Alias(Ty::Array(Box::new(Ty::Json))));
    let TypeKind::Struct(m) = kind("M") else {
        panic!("M is {:?}", kind("M"))
    };
    assert!(m.fields.is_empty() && matches!(m.additional, Some(Ty::Named(_))));
    let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/B",
            "#/components/schemas/C",
            "#/components/schemas/V"
        ]
    );
}

#[test]
fn silent_fallbacks_get_diagnostics() {
    let (_, diagnostics) = lowered(&format!(
        "{HEAD}servers: [{{url: /v1}}, {{url: 'https://ok.test'}}]\npaths:\n  /a:\n    get:\n      parameters:\n        - {{name: x, in: query, schema: {{$ref: '#/components/parameters/P'}}}}\n        - {{name: d, in: query, schema: {{type: number, format: decimal}}}}\n        - {{name: d, in: query, schema: {{type: number}}}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  parameters:\n    P: {{name: p, in: query, schema: {{type: string}}}}\n"
    ));
    let find = |pointer: &str, words: &str| {
        assert!(
            diagnostics
                .iter()
                .any(|d| d.pointer == pointer && d.message.contains(words)),
            "no diagnostic at {pointer} about {words}: {diagnostics:#?}"
        );
    };
    find("#/servers/0/url", "relative server URL `/v1`");
    find("#/paths/~1a/get/parameters/0/schema", "not at a schema");
    find("#/paths/~1a/get/parameters/1/schema", "decimal");
    find("#/paths/~1a/get/parameters/2", "declared twice");
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
}

#[test]
fn external_refs_stay_inside_the_spec_directory() {
    let base = std::env::temp_dir().join(format!("codegen-sandbox-{}", std::process::id()));
    let dir = base.join("spec");
    std::fs::create_dir_all(dir.join("common")).unwrap();
    let secret = base.join("secret.yaml");
    std::fs::write(&secret, "Secret: {type: string, description: TOP-SECRET}\n").unwrap();
    std::fs::write(
        dir.join("common/ok.yaml"),
        "Ok: {type: object, properties: {a: {type: string}}}\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.join("common/link.yaml")).unwrap();
    let spec = |reference: &str| {
        format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
        )
    };
    let load = |reference: &str| {
        std::fs::write(dir.join("main.yaml"), spec(reference)).unwrap();
        codegen::load::load_as(&dir.join("main.yaml"), Path::new("main.yaml"))
    };
    assert!(load("common/ok.yaml#/Ok").is_ok());
    let mut outside = vec![
        "../secret.yaml#/Secret".to_owned(),
        "common/../../secret.yaml#/Secret".to_owned(),
        format!("{}#/Secret", secret.display()),
        "/etc/os-release".to_owned(),
    ];
    if cfg!(unix) {
        outside.push("common/link.yaml#/Secret".to_owned());
    }
    for reference in &outside {
        let e = load(reference).expect_err(reference);
        assert_eq!(
            e.pointer, "#/paths/~1a/get/responses/200/content/application~1json/schema",
            "{e}"
        );
        assert!(e.message.contains("points outside"), "{e}");
        assert!(
            !e.message.contains("TOP-SECRET") && !e.message.contains("NAME="),
            "{e}"
        );
    }
    // A wider root, given on purpose, admits the sibling file.
    std::fs::write(dir.join("main.yaml"), spec("../secret.yaml#/Secret")).unwrap();
    let doc =
        codegen::load::load_within(&dir.join("main.yaml"), Path::new("main.yaml"), Some(&base))
            .unwrap();
    assert!(doc.raw.to_string().contains("TOP-SECRET"));
    std::fs::remove_dir_all(&base).unwrap();
}
