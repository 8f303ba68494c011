//! Schemas that name a type get that Rust type; a JSON value is kept for
//! schemas that are untyped, and any other fallback comes with a diagnostic.

use codegen::diag::Diagnostic;
use codegen::ir::{Api, FloatKind, IntKind, Ty, TypeDef, TypeKind};
use std::path::Path;

fn lower_file(rel: &str) -> (Api, Vec<Diagnostic>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    lower_text(rel, &text)
}

fn lower_text(file: &str, text: &str) -> (Api, Vec<Diagnostic>) {
    let doc = codegen::parse(Path::new(file), text).unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&doc, "t").unwrap_or_else(|e| panic!("{e}"))
}

/// `(wire name, type)` of each parameter of the operation `id` (an optional
/// parameter's type is that of its value).
fn params(api: &Api, id: &str) -> Vec<(String, Ty)> {
    let op = api
        .operations
        .iter()
        .find(|o| o.wire_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"));
    op.params
        .iter()
        .map(|p| (p.wire_name.clone(), p.ty.clone()))
        .collect()
}

/// `(wire name, type)` of each field of the struct `name`.
fn fields(api: &Api, name: &str) -> Vec<(String, Ty)> {
    let def = api
        .types
        .values()
        .find(|t| t.wire_name == name)
        .unwrap_or_else(|| panic!("no type {name}"));
    let TypeKind::Struct(st) = &def.kind else {
        panic!("{name} is not a struct: {:?}", def.kind)
    };
    st.fields
        .iter()
        .map(|f| (f.wire_name.clone(), f.ty.clone()))
        .collect()
}

fn pairs(list: &[(&str, Ty)]) -> Vec<(String, Ty)> {
    list.iter()
        .map(|(n, t)| ((*n).to_owned(), t.clone()))
        .collect()
}

/// Kubernetes writes `uniqueItems: true` on every path-level and query
/// parameter; those were JSON values in the client.
#[test]
fn keywords_of_other_types_do_not_untype_parameters() {
    let (api, _) = lower_file("fixtures/foreign-keywords.yaml");
    assert_eq!(
        params(&api, "listPods"),
        pairs(&[
            ("namespace", Ty::String),
            ("pretty", Ty::String),
            ("watch", Ty::Bool),
            ("limit", Ty::Int(IntKind::I64)),
        ])
    );
    assert_eq!(
        params(&api, "createPod"),
        pairs(&[
            ("namespace", Ty::String),
            ("pretty", Ty::String),
            ("dryRun", Ty::String),
        ])
    );
}

#[test]
fn keywords_of_other_types_do_not_untype_fields_or_aliases() {
    let (api, diagnostics) = lower_file("fixtures/foreign-keywords.yaml");
    let pod = fields(&api, "Pod");
    let ty = |name: &str| {
        pod.iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert_eq!(ty("name"), Ty::String);
    assert_eq!(ty("port"), Ty::Int(IntKind::I32));
    assert_eq!(ty("ratio"), Ty::Float(FloatKind::F64));
    assert_eq!(ty("tags"), Ty::Array(Box::new(Ty::String)));
    assert!(matches!(ty("phase"), Ty::Named(_)), "{:?}", ty("phase"));
    // The keywords of its own type still count: `minLength` is validated.
    let def = api.types.values().find(|t| t.wire_name == "Pod").unwrap();
    let TypeKind::Struct(st) = &def.kind else {
        unreachable!()
    };
    let name = st.fields.iter().find(|f| f.wire_name == "name").unwrap();
    assert_eq!(name.constraints.min_length, Some(1));
    let name = api.types.values().find(|t| t.wire_name == "Name").unwrap();
    assert_eq!(name.kind, TypeKind::Alias(Ty::String));

    // An `enum` that contradicts `type: string` stays JSON, and says so.
    assert_eq!(ty("mode"), Ty::Json);
    let about_mode: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.pointer == "#/components/schemas/Pod/properties/mode")
        .collect();
    assert_eq!(about_mode.len(), 1, "{diagnostics:#?}");
    assert!(
        about_mode[0].message.contains("`enum` lists `1`"),
        "{about_mode:?}"
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
}

/// OpenAPI 3.0 documents are not normalised; keywords of other types are
/// ignored there too. Also: integer bounds written as floats (`openai-chat`
/// writes the `i64` range as `-9.223372036854776e18`), arrays without
/// `type: array`, and `allOf` with a part that only says `nullable: true`.
/// An optional body that can only be `{}` is not offered at all.
#[test]
fn implicit_and_annotated_types_are_typed() {
    let (api, diagnostics) = lower_file("fixtures/implicit-types.yaml");
    assert_eq!(
        params(&api, "getRun"),
        pairs(&[("id", Ty::Int(IntKind::I64)), ("q", Ty::String)])
    );
    let named = |name: &str| {
        let (id, _) = api
            .types
            .iter()
            .find(|(_, t)| t.wire_name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        Ty::Named(*id)
    };
    let nullable = |ty: Ty| Ty::Option(Box::new(ty));
    let run = fields(&api, "Run");
    let ty = |name: &str| {
        run.iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert_eq!(ty("truncation"), nullable(named("Truncation")));
    assert_eq!(ty("choice"), nullable(named("Choice")));
    assert!(
        matches!(ty("modalities"), Ty::Array(item) if matches!(*item, Ty::Named(_))),
        "{:?}",
        ty("modalities")
    );
    assert_eq!(ty("seed"), nullable(Ty::Int(IntKind::I64)));
    // A nullable alias stands for the value; its uses say it may be null
    // (no `Option` hidden in an alias).
    assert_eq!(ty("previous"), nullable(named("NullableTruncation")));
    let alias = api
        .types
        .values()
        .find(|t| t.wire_name == "NullableTruncation")
        .unwrap();
    assert_eq!(alias.kind, TypeKind::Alias(named("Truncation")));
    // The bounds of `i64` itself are no constraint.
    let def = api.types.values().find(|t| t.wire_name == "Run").unwrap();
    let TypeKind::Struct(st) = &def.kind else {
        unreachable!()
    };
    let seed = st.fields.iter().find(|f| f.wire_name == "seed").unwrap();
    assert!(seed.constraints.is_empty(), "{:?}", seed.constraints);

    assert_eq!(ty("half"), Ty::Json);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.pointer == "#/components/schemas/Run/properties/half"
                && d.message.contains("`minimum` (0.5) is not an integer")),
        "{diagnostics:#?}"
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");

    let op = |id: &str| api.operations.iter().find(|o| o.wire_id == id).unwrap();
    assert_eq!(op("listRuns").body, None);
    assert!(op("deleteRuns").body.is_some());
}

fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .values()
        .find(|t| t.wire_name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn variants(def: &TypeDef) -> Vec<&str> {
    match &def.kind {
        TypeKind::Enum(e) => e.variants.iter().map(|v| v.wire_value.as_str()).collect(),
        other => panic!("{} is not an enum: {other:?}", def.wire_name),
    }
}

/// A `oneOf` whose alternatives each allow one value was an untagged enum
/// whose first (JSON value) alternative accepted everything.
#[test]
fn one_of_single_values_is_an_enum() {
    let (api, _) = lower_file("fixtures/implicit-types.yaml");
    let level = type_def(&api, "MfaLevel");
    assert_eq!(level.kind, TypeKind::Alias(Ty::Int(IntKind::I32)));
    let doc = level.description.as_deref().unwrap_or_default();
    assert!(doc.contains("`0` (NONE): No requirement"), "{doc}");
    assert_eq!(
        variants(type_def(&api, "State")),
        ["creating", "running", "stopped"]
    );

    // Discord's form, in OpenAPI 3.1: `const` alternatives, one `null`.
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: get\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Holder'}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        kind: {$ref: '#/components/schemas/Kind'}\n        tier: {$ref: '#/components/schemas/Tier'}\n    Kind:\n      type: string\n      oneOf:\n        - {title: TYPING_START, const: TYPING_START}\n        - {title: INVITE_CREATE, const: INVITE_CREATE}\n    Tier:\n      oneOf:\n        - {title: ONE, const: 1}\n        - {title: TWO, const: 2}\n        - {type: 'null'}\n";
    let (api, diagnostics) = lower_text("specs/t.yaml", text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(
        variants(type_def(&api, "Kind")),
        ["TYPING_START", "INVITE_CREATE"]
    );
    assert_eq!(
        type_def(&api, "Tier").kind,
        TypeKind::Alias(Ty::Int(IntKind::I64))
    );
    let tier = fields(&api, "Holder")
        .into_iter()
        .find(|(n, _)| n == "tier")
        .map(|(_, t)| t);
    let tier_id = api
        .types
        .iter()
        .find(|(_, t)| t.wire_name == "Tier")
        .map(|(id, _)| *id)
        .unwrap();
    assert_eq!(tier, Some(Ty::Option(Box::new(Ty::Named(tier_id)))));
}

/// `anyOf: [{required: [a]}, {required: [b]}]` next to `properties` says
/// which properties are required; as a union its alternatives were JSON
/// values and the properties were lost.
#[test]
fn alternatives_of_required_lists_leave_a_struct() {
    let (api, _) = lower_file("fixtures/implicit-types.yaml");
    assert_eq!(
        fields(&api, "ImageRef"),
        pairs(&[("image_url", Ty::String), ("file_id", Ty::String)])
    );
    assert_eq!(
        fields(&api, "FileSearch"),
        pairs(&[
            ("ids", Ty::Array(Box::new(Ty::String))),
            ("stores", Ty::Array(Box::new(Ty::Int(IntKind::I64)))),
        ])
    );
}

/// Identical inline schemas are one type: error bodies and parameter enums
/// repeated under each operation, and objects that differ only in which
/// copy of an identical enum they hold. Named schemas keep their own type,
/// and an inline copy of one becomes it.
#[test]
fn identical_inline_schemas_are_one_type() {
    let error = "{type: object, properties: {code: {type: integer}, order: {type: string, enum: [asc, desc]}}}";
    let op = |id: &str| {
        format!(
            "    get:\n      operationId: {id}\n      parameters: [{{name: order, in: query, schema: {{type: string, enum: [asc, desc]}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Named'}}}}}}}}\n        '400': {{description: bad, content: {{application/json: {{schema: {error}}}}}}}\n        '404': {{description: gone, content: {{application/json: {{schema: {{type: object, properties: {{n: {{type: integer}}}}}}}}}}}}\n"
        )
    };
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n{}  /b:\n{}components:\n  schemas:\n    Named: {{type: object, properties: {{n: {{type: integer}}}}}}\n    Twin: {{type: object, properties: {{n: {{type: integer}}}}}}\n",
        op("a"),
        op("b")
    );
    let (api, _) = lower_text("dedup.yaml", &spec);
    let structs: Vec<&TypeDef> = api
        .types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
        .collect();
    // `Named`, `Twin` (named, kept though identical) and one error body;
    // the inline `{n}` bodies became `Named`.
    assert_eq!(structs.len(), 3, "{structs:#?}");
    let enums = api
        .types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::Enum(_)))
        .count();
    assert_eq!(
        enums, 1,
        "one `asc|desc` enum for both parameters and both bodies"
    );
    let named = api
        .types
        .iter()
        .find(|(_, t)| t.wire_name == "Named")
        .map(|(id, _)| *id)
        .expect("Named");
    for op in &api.operations {
        let gone = op
            .responses
            .iter()
            .find(|r| r.description == "gone")
            .expect("404");
        assert_eq!(
            gone.body.as_ref().map(|b| b.ty.clone()),
            Some(Ty::Named(named))
        );
        let (_, order) = &params(&api, &op.wire_id)[0];
        assert!(matches!(order, Ty::Named(id) if api.types.contains_key(id)));
    }
    let [a, b] = [0, 1].map(|i| {
        api.operations[i]
            .responses
            .iter()
            .find(|r| r.description == "bad")
            .and_then(|r| r.body.as_ref())
            .map(|b| b.ty.clone())
    });
    assert_eq!(a, b);
}
