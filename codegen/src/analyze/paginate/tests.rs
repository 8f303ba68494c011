//! The analysis on small specs: declared pagination of each kind, and the
//! shapes recognised beyond the wire fixture's.

use super::*;

/// A spec with one `GET /things` whose operation object is `op` (YAML,
/// indented for the `get:` key) and whose 200 body is `body`.
fn spec(op: &str, body: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /things:\n    get:\n      operationId: listThings\n{op}      responses:\n        '200':\n          description: ok\n{body}"
    )
}

const JSON_BODY: &str = "          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  results: { type: array, items: { type: string } }\n                  cursor: { type: object, properties: { next: { type: string } } }\n                  more: { type: boolean }\n";

fn analyzed(text: &str) -> (Option<Pagination>, Vec<Finding>, Vec<Diagnostic>) {
    let loaded = crate::load::parse(Path::new("t.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let doc = crate::normalize::normalize(loaded).unwrap_or_else(|e| panic!("{e}"));
    let (mut api, _) = crate::lower::lower(&doc, "t").unwrap_or_else(|e| panic!("{e}"));
    let (findings, diagnostics) = analyze(&doc, &mut api, None);
    (api.operations[0].pagination.clone(), findings, diagnostics)
}

fn path(p: &str) -> Vec<String> {
    p.split('.').map(str::to_owned).collect()
}

#[test]
fn speakeasy_cursor_pagination_is_read() {
    let op = "      parameters:\n        - { name: c, in: query, schema: { type: string } }\n      x-speakeasy-pagination:\n        type: cursor\n        inputs: [{ name: c, in: parameters, type: cursor }]\n        outputs: { nextCursor: $.cursor.next, results: $.results }\n";
    let (p, findings, _) = analyzed(&spec(op, JSON_BODY));
    let p = p.expect("paged");
    assert_eq!(
        p.style,
        PageStyle::Cursor {
            from: path("cursor.next"),
            param: "c".into()
        }
    );
    assert_eq!(p.items, path("results"));
    assert_eq!(p.source, "x-speakeasy-pagination");
    assert!(findings[0].outcome.is_ok());
}

#[test]
fn fern_offset_and_has_next_page_are_read() {
    let op = "      parameters:\n        - { name: page, in: query, schema: { type: integer } }\n      x-fern-pagination:\n        offset: $request.page\n        results: $response.results\n        has_next_page: $response.more\n";
    let (p, _, _) = analyzed(&spec(op, JSON_BODY));
    let p = p.expect("paged");
    assert_eq!(
        p.style,
        PageStyle::Page {
            param: "page".into(),
            size: None,
            first: 1
        }
    );
    assert_eq!(p.has_more, Some(path("more")));
}

#[test]
fn our_extension_can_say_not_paged() {
    let op = "      parameters:\n        - { name: cursor, in: query, schema: { type: string } }\n      x-codegen-pagination: none\n";
    let (p, findings, _) = analyzed(&spec(op, JSON_BODY));
    assert_eq!(p, None);
    assert_eq!(
        findings[0].outcome,
        Err("declared not paged by x-codegen-pagination".into())
    );
}

#[test]
fn a_declaration_that_does_not_fit_is_a_diagnostic() {
    // The parameter it names does not exist, and `nope` is no field.
    let op =
        "      x-codegen-pagination: { cursor: cursor.next, param: missing, items: results }\n";
    let (p, _, diagnostics) = analyzed(&spec(op, JSON_BODY));
    assert_eq!(p, None);
    assert!(
        diagnostics[0]
            .message
            .contains("no query parameter `missing`"),
        "{diagnostics:?}"
    );
    let op = "      parameters:\n        - { name: c, in: query, schema: { type: string } }\n      x-codegen-pagination: { cursor: cursor.next, param: c, items: nope }\n";
    let (p, _, diagnostics) = analyzed(&spec(op, JSON_BODY));
    assert_eq!(p, None);
    assert!(
        diagnostics[0].message.contains("no field `nope`"),
        "{diagnostics:?}"
    );
    assert_eq!(diagnostics[0].pointer, "#/paths/~1things/get");
}

#[test]
fn a_cursor_parameter_next_to_a_bare_array_pages_by_link() {
    let op = "      parameters:\n        - { name: cursor, in: query, schema: { type: string } }\n";
    let body = "          content:\n            application/json:\n              schema: { type: array, items: { type: string } }\n";
    let (p, _, _) = analyzed(&spec(op, body));
    assert_eq!(p.expect("paged").style, PageStyle::LinkHeader);
}

#[test]
fn a_next_page_header_is_a_next_url() {
    let body = "          headers:\n            next-page: { schema: { type: string } }\n          content:\n            application/json:\n              schema: { type: array, items: { type: string } }\n";
    let (p, _, _) = analyzed(&spec("", body));
    assert_eq!(
        p.expect("paged").style,
        PageStyle::HeaderUrl {
            name: "next-page".into()
        }
    );
}

#[test]
fn a_string_page_with_next_page_is_a_cursor() {
    // Stripe's search.
    let op = "      parameters:\n        - { name: page, in: query, schema: { type: string } }\n";
    let body = "          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  data: { type: array, items: { type: string } }\n                  has_more: { type: boolean }\n                  next_page: { type: string, nullable: true }\n";
    let (p, _, _) = analyzed(&spec(op, body));
    let p = p.expect("paged");
    assert_eq!(
        p.style,
        PageStyle::Cursor {
            from: path("next_page"),
            param: "page".into()
        }
    );
    assert_eq!(p.has_more, Some(path("has_more")));
}

#[test]
fn an_object_with_an_unnamed_array_and_no_paging_is_no_list() {
    let body = "          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  tags: { type: array, items: { type: string } }\n";
    let (p, findings, _) = analyzed(&spec("", body));
    assert_eq!(p, None);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn starting_after_pages_by_the_last_id_whatever_the_items_are() {
    // Stripe's external accounts: items an `anyOf`, no `id` the IR can see.
    let op = "      parameters:\n        - { name: starting_after, in: query, schema: { type: string } }\n";
    let body = "          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  data:\n                    type: array\n                    items:\n                      anyOf:\n                        - { type: object, properties: { id: { type: string }, bank: { type: string } } }\n                        - { type: object, properties: { id: { type: string }, card: { type: string } } }\n                  has_more: { type: boolean }\n";
    let (p, _, _) = analyzed(&spec(op, body));
    let style = p.expect("paged").style;
    assert_eq!(
        style,
        PageStyle::LastItem {
            field: "id".into(),
            param: "starting_after".into()
        }
    );
}
