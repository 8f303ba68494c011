//! OpenAPI 3.2 input lowered to the IR: extra methods, `in: querystring`,
//! `discriminator.defaultMapping`, and the diagnostics (with
//! pointers) for what is skipped or approximated.

use codegen::diag::{Diagnostic, Error};
use codegen::ir::*;
use std::path::Path;

const HEAD: &str = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\n";

fn lower(text: &str) -> Result<(Api, Vec<Diagnostic>), Error> {
    let doc = codegen::parse(Path::new("specs/v32.yaml"), &format!("{HEAD}{text}"))?;
    codegen::lower::lower(&doc, "v32")
}

fn ok(text: &str) -> (Api, Vec<(String, String)>) {
    let (api, diagnostics) = lower(text).unwrap_or_else(|e| panic!("{e}"));
    let notes = diagnostics
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect();
    (api, notes)
}

fn pointers(notes: &[(String, String)]) -> Vec<&str> {
    notes.iter().map(|(p, _)| p.as_str()).collect()
}

#[test]
fn query_and_additional_operations_become_operations() {
    let (api, notes) = ok("paths:
  /a%41:
    get: {operationId: getA, responses: {'204': {description: ok}}}
    query:
      operationId: queryA
      security: []
      responses: {'200': {description: ok}}
    additionalOperations:
      PURGE: {operationId: purgeA, responses: {'204': {description: ok}}}
      lock: {responses: {'204': {description: ok}}}
      'NOT A TOKEN': {responses: {}}
      Post: {responses: {}}
security: [{key: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
");
    let ops: Vec<(&str, &str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.method.as_str(), o.wire_id.as_str(), o.pointer.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("GET", "getA", "#/paths/~1a%41/get"),
            ("QUERY", "queryA", "#/paths/~1a%41/query"),
            (
                "PURGE",
                "purgeA",
                "#/paths/~1a%41/additionalOperations/PURGE"
            ),
            (
                "lock",
                "lock_a%41",
                "#/paths/~1a%41/additionalOperations/lock"
            ),
        ]
    );
    assert_eq!(api.operations[1].method, Method::Query);
    assert_eq!(api.operations[2].method, Method::Other("PURGE".into()));
    // Security is matched to the right operation: `query` opts out.
    let security: Vec<usize> = api.operations.iter().map(|o| o.security.len()).collect();
    assert_eq!(security, [1, 0, 1, 1]);
    assert_eq!(api.operations[0].security, [vec![0]]);
    assert_eq!(
        pointers(&notes),
        [
            "#/paths/~1a%41/additionalOperations/NOT A TOKEN",
            "#/paths/~1a%41/additionalOperations/Post",
        ]
    );
    assert!(notes[0].1.contains("not a valid HTTP method"), "{notes:?}");
    assert!(notes[1].1.contains("`post` field"), "{notes:?}");
}

#[test]
fn a_bad_additional_operation_is_an_error_with_a_pointer() {
    let err = lower(
        "paths:\n  /a:\n    additionalOperations:\n      COPY: {parameters: [{name: x, in: nowhere}], responses: {}}\n",
    )
    .unwrap_err();
    assert_eq!(err.file, Path::new("specs/v32.yaml"));
    assert!(
        err.pointer
            .starts_with("#/paths/~1a/additionalOperations/COPY/parameters/0"),
        "{err}"
    );
    let (_, notes) = ok("paths:\n  /a:\n    additionalOperations: [COPY]\n");
    assert_eq!(pointers(&notes), ["#/paths/~1a/additionalOperations"]);
}

#[test]
fn querystring_parameters_by_media_type() {
    let (api, notes) = ok("paths:
  /form:
    get:
      parameters:
        - name: filter
          in: querystring
          required: true
          content:
            application/x-www-form-urlencoded:
              schema: {type: object, properties: {a: {type: string}}}
      responses: {}
  /json:
    get:
      parameters:
        - {name: sel, in: querystring, content: {application/json: {schema: {type: object, properties: {ids: {type: array, items: {type: integer}}}}}}}
      responses: {}
  /text:
    get:
      parameters:
        - {name: q, in: querystring, content: {text/plain: {schema: {type: string}}}}
        - {name: page, in: query, schema: {type: integer}}
      responses: {}
  /encoded:
    get:
      parameters:
        - {name: q, in: querystring, content: {application/x-www-form-urlencoded: {schema: {type: string}}}}
      responses: {}
");
    let params: Vec<(ParamLocation, bool, bool)> = api
        .operations
        .iter()
        .map(|o| {
            let p = &o.params[0];
            (p.location, p.required, matches!(p.ty, Ty::String))
        })
        .collect();
    assert_eq!(
        params,
        [
            (
                ParamLocation::QueryString(QueryStringFormat::Form),
                true,
                false
            ),
            (
                ParamLocation::QueryString(QueryStringFormat::Json),
                false,
                false
            ),
            (
                ParamLocation::QueryString(QueryStringFormat::Raw),
                false,
                true
            ),
            (
                ParamLocation::QueryString(QueryStringFormat::Raw),
                false,
                true
            ),
        ]
    );
    assert!(matches!(api.operations[0].params[0].ty, Ty::Named(_)));
    assert_eq!(
        pointers(&notes),
        [
            "#/paths/~1text/get/parameters/0",
            "#/paths/~1text/get/parameters/0/content/text~1plain",
        ]
    );
    assert!(notes[0].1.contains("cannot be combined"), "{notes:?}");
    assert!(notes[1].1.contains("not supported"), "{notes:?}");
}

#[test]
fn querystring_without_content_or_twice_is_reported() {
    let (api, notes) = ok("paths:
  /a:
    parameters:
      - {name: one, in: querystring, content: {application/json: {schema: {type: object}}}}
    get:
      parameters:
        - {name: two, in: querystring, schema: {type: object, properties: {a: {type: string}}}}
      responses: {}
");
    let locations: Vec<ParamLocation> = api.operations[0]
        .params
        .iter()
        .map(|p| p.location)
        .collect();
    assert_eq!(
        locations,
        [
            ParamLocation::QueryString(QueryStringFormat::Json),
            ParamLocation::QueryString(QueryStringFormat::Form),
        ]
    );
    assert_eq!(
        pointers(&notes),
        [
            "#/paths/~1a/get/parameters/0/schema",
            "#/paths/~1a/parameters/0",
        ]
    );
    let err = lower("paths:\n  /a:\n    get:\n      parameters: [{name: q, in: querystring, content: {}}]\n      responses: {}\n").unwrap_err();
    assert_eq!(err.pointer, "#/paths/~1a/get/parameters/0/content");
}

fn one_of<'a>(api: &'a Api, name: &str) -> &'a OneOf {
    let def = api
        .types
        .values()
        .find(|t| t.wire_name == name)
        .unwrap_or_else(|| panic!("no type {name}"));
    match &def.kind {
        TypeKind::OneOf(o) => o,
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn default_mapping_names_the_fallback_variant() {
    let (api, notes) = ok("paths: {}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Other'}]
      discriminator: {propertyName: kind, mapping: {cat: Cat}, defaultMapping: Other}
    Vehicle:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind, defaultMapping: '#/components/schemas/Other'}
    Broken:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Other'}]
      discriminator: {propertyName: kind, defaultMapping: Missing}
    Cat: {type: object, properties: {kind: {type: string}}}
    Other: {type: object, properties: {name: {type: string}}}
");
    let pet = one_of(&api, "Pet");
    assert_eq!(pet.discriminator.as_deref(), Some("kind"));
    assert_eq!(pet.default, Some(1));
    assert_eq!(pet.variants[1].wire_name, "Other");
    // Not a member: a variant of its own, reached only as the default.
    let vehicle = one_of(&api, "Vehicle");
    assert_eq!(vehicle.variants.len(), 2);
    assert_eq!(vehicle.default, Some(1));
    assert_eq!(vehicle.variants[1].wire_name, "Other");
    assert!(vehicle.variants[1].tags.is_empty());
    assert_eq!(vehicle.variants[1].ty, pet.variants[1].ty);
    assert_eq!(one_of(&api, "Broken").default, None);
    assert_eq!(
        pointers(&notes),
        ["#/components/schemas/Broken/discriminator/defaultMapping"]
    );
}

#[test]
fn path_level_parameters_of_extra_operations_point_at_the_path_item() {
    let (api, notes) = ok("paths:
  /a:
    parameters:
      - {name: q, in: querystring, content: {text/plain: {}}}
    additionalOperations:
      SEARCH:
        parameters: [{name: page, in: query, schema: {type: integer}}]
        responses: {}
");
    assert_eq!(api.operations[0].params.len(), 2);
    assert_eq!(
        pointers(&notes),
        [
            "#/paths/~1a/parameters/0",
            "#/paths/~1a/parameters/0/content/text~1plain",
        ]
    );
}
