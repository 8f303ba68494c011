//! A form or multipart body's `encoding` object as lowering reads it into
//! the IR, in OpenAPI 3.0 and 3.1 documents.

use codegen::ir::{Api, ArrayForm, FormStyle, PropertyEncoding};
use std::path::Path;

fn lower(version: &str, root_extra: &str) -> (Api, Vec<codegen::diag::Diagnostic>) {
    let text = format!(
        r#"
openapi: {version}
info: {{title: t, version: "1"}}
{root_extra}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                joined: {{type: array, items: {{type: string}}}}
                plain: {{type: array, items: {{type: string}}}}
                deep: {{type: object, properties: {{k: {{type: string}}}}}}
                pipes: {{type: array, items: {{type: string}}}}
            encoding:
              joined: {{style: form, explode: false}}
              plain: {{style: form}}
              deep: {{style: deepObject, explode: true}}
              pipes: {{style: pipeDelimited, allowReserved: true}}
      responses:
        "204": {{description: ok}}
  /b:
    post:
      operationId: b
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {{type: string, format: binary}}
            encoding:
              file:
                contentType: image/png
                headers:
                  X-Kind: {{schema: {{type: string, default: png}}}}
                  X-Free: {{schema: {{type: string}}}}
                  Content-Type: {{schema: {{type: string, default: text/plain}}}}
      responses:
        "204": {{description: ok}}
"#
    );
    let doc = codegen::parse(Path::new("t.yaml"), &text).unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&doc, "t").unwrap_or_else(|e| panic!("{e}"))
}

fn encoding(api: &Api, op: &str) -> Vec<PropertyEncoding> {
    let op = api.operations.iter().find(|o| o.wire_id == op).expect("op");
    op.body.as_ref().expect("a body").contents[0]
        .encoding
        .clone()
}

#[test]
fn explode_defaults_by_style_and_explicit_false_is_kept() {
    for version in ["3.0.3", "3.1.0"] {
        let (api, _) = lower(version, "");
        let e = encoding(&api, "a");
        let by = |name: &str| e.iter().find(|p| p.property == name).expect(name).clone();
        assert!(!by("joined").explode, "{version}: explicit explode: false");
        assert!(by("plain").explode, "{version}: form explodes by default");
        assert_eq!(by("deep").style, Some(FormStyle::DeepObject));
        assert!(by("deep").explode);
        let pipes = by("pipes");
        assert!(
            !pipes.explode,
            "{version}: other styles do not explode by default"
        );
        assert!(pipes.allow_reserved);
        assert_eq!(api.form_arrays, ArrayForm::Indexed);
    }
}

#[test]
fn part_headers_with_a_fixed_value_are_kept_others_reported() {
    let (api, diagnostics) = lower("3.0.3", "");
    let e = encoding(&api, "b");
    assert_eq!(e[0].content_type.as_deref(), Some("image/png"));
    assert_eq!(e[0].headers, [("X-Kind".to_owned(), "png".to_owned())]);
    let text: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|d| d.contains("encoding/file/headers/X-Free") && d.contains("no fixed value")),
        "{text:?}"
    );
    assert!(!text.iter().any(|d| d.contains("Content-Type")), "{text:?}");
}

#[test]
fn the_spec_chooses_brackets() {
    let (api, _) = lower("3.0.3", "x-codegen-form-arrays: brackets");
    assert_eq!(api.form_arrays, ArrayForm::Brackets);
    let (api, diagnostics) = lower("3.0.3", "x-codegen-form-arrays: square");
    assert_eq!(api.form_arrays, ArrayForm::Indexed);
    assert!(diagnostics
        .iter()
        .any(|d| d.to_string().contains("x-codegen-form-arrays")));
}
