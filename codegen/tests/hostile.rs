//! Hostile specs: spec text never becomes code, and the generator neither
//! crashes nor reads outside the spec.

use codegen::emit::krate::CrateOptions;
use codegen::SpecInput;
use std::path::Path;

fn generate_fixture(name: &str) -> codegen::Generated {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let spec = SpecInput::new(&root, &Path::new("fixtures").join(name));
    let options = CrateOptions {
        name: "hostile".into(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    codegen::generate_crate(&[spec], &options).unwrap_or_else(|e| panic!("{e}"))
}

/// The first doc line rustdoc would run as code: a fence that does not open
/// as `text`, or an indented code block (also behind `>` or a list marker).
fn runnable_doc_line(file: &str) -> Option<String> {
    let mut in_fence = false;
    for line in file.lines() {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
        else {
            if trimmed.starts_with("#[doc =") || trimmed.starts_with("#![doc =") {
                return Some(format!("doc attribute prettyplease kept: {line}"));
            }
            if in_fence {
                return Some("a doc comment ends inside a fence".into());
            }
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        let fence = doc.starts_with("```") || doc.starts_with("~~~");
        if in_fence {
            if fence && doc != "```" {
                return Some(line.to_owned());
            }
            in_fence = !fence;
            continue;
        }
        if fence {
            // `rust,no_run` opens only the generator's own example calls
            // (the sanitizer writes every fence of spec text as `text`).
            if doc != "```text" && doc != "```rust,no_run" {
                return Some(line.to_owned());
            }
            in_fence = true;
            continue;
        }
        // Strip block quote and list markers; what is left must not be a
        // fence nor indented code.
        let mut rest = doc;
        loop {
            let t = rest.trim_start_matches(' ');
            let next = t
                .strip_prefix('>')
                .or_else(|| {
                    t.strip_prefix(['-', '*', '+'])
                        .filter(|a| a.starts_with(' '))
                })
                .or_else(|| {
                    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    (digits > 0)
                        .then(|| t[digits..].strip_prefix(['.', ')']))
                        .flatten()
                        .filter(|a| a.starts_with(' '))
                });
            match next {
                Some(after) => rest = after,
                None => break,
            }
        }
        if rest.contains('\t')
            || rest.starts_with("    ")
            || rest.trim_start().starts_with("```")
            || rest.trim_start().starts_with("~~~")
        {
            return Some(line.to_owned());
        }
    }
    None
}

#[test]
fn spec_text_never_becomes_a_doc_test() {
    let out = generate_fixture("hostile-text.yaml");
    let cargo_toml = out
        .files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .expect("Cargo.toml");
    assert!(
        cargo_toml.contents.contains("\n[lib]\ndoctest = false\n"),
        "{}",
        cargo_toml.contents
    );
    let mut docs = 0;
    for file in &out.files {
        if file.path.starts_with("runtime") || file.path == Path::new("Cargo.toml") {
            continue;
        }
        docs += file.contents.matches("panic!").count();
        assert_eq!(
            runnable_doc_line(&file.contents),
            None,
            "{}",
            file.path.display()
        );
    }
    // The hostile text did reach the output (as prose), so the check above
    // looked at it.
    assert!(docs >= 15, "only {docs} `panic!` found in the output");
}

#[test]
fn no_raw_control_or_bidi_characters_in_output() {
    let out = generate_fixture("hostile-text.yaml");
    for file in &out.files {
        let bad = file.contents.char_indices().find(|&(_, c)| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        });
        if let Some((at, c)) = bad {
            let start = file.contents[..at].rfind('\n').unwrap_or(0);
            panic!(
                "{}: {c:?} in line {:?}",
                file.path.display(),
                &file.contents[start..at + c.len_utf8()]
            );
        }
    }
}

#[test]
fn spec_names_become_valid_feature_and_package_names() {
    use codegen::naming::{crate_name, feature_name};
    assert_eq!(feature_name("enfuce-customer"), "enfuce-customer");
    assert_eq!(feature_name("v1.2+x"), "v1.2+x");
    assert_eq!(feature_name("1"), "1");
    assert_eq!(feature_name("my spec"), "my_spec");
    assert_eq!(feature_name("-x"), "minus_x");
    assert_eq!(feature_name("ä"), "ue4");
    assert_eq!(feature_name(""), "empty");
    assert_eq!(feature_name("default"), "default_api");
    assert_eq!(feature_name("fireblocks-signer"), "fireblocks_signer_api");
    assert_eq!(crate_name("1"), "api-1-client");
    assert_eq!(crate_name("my spec"), "my-spec-client");
    let input = SpecInput::new(Path::new("specs"), Path::new("my spec.yaml"));
    assert_eq!(input.name, "my_spec");
}

/// The marker in hostile-marked.yaml, as the spec has it, as the sanitizer
/// writes it into docs (bidi control dropped), and as a string literal
/// escapes it.
const MARK_RAW: &str = "@M\u{202E}@";
const MARK_DOC: &str = "@M@";
const MARK_LITERAL: &str = "@M\\u{202e}@";

#[test]
fn spec_strings_reach_output_only_through_the_sanitizer_or_literals() {
    let out = generate_fixture("hostile-marked.yaml");
    let (mut in_docs, mut in_literals) = (0, 0);
    for file in &out.files {
        if file.path.starts_with("runtime") {
            continue;
        }
        let name = file.path.display();
        for line in file.contents.lines() {
            assert!(
                !line.contains(MARK_RAW),
                "{name}: spec text bypassed the sanitizer: {line:?}"
            );
            let trimmed = line.trim_start();
            let is_doc = trimmed.starts_with("///") || trimmed.starts_with("//!");
            let docs = line.matches(MARK_DOC).count();
            let literals = line.matches(MARK_LITERAL).count();
            if is_doc {
                assert_eq!(
                    literals, 0,
                    "{name}: escaped spec text in a doc line: {line:?}"
                );
                in_docs += docs;
            } else if file.path.extension().is_some_and(|e| e == "rs") {
                // Outside docs, spec text is only ever a string literal.
                assert_eq!(docs, 0, "{name}: spec text as code: {line:?}");
                in_literals += literals;
            } else {
                // Cargo.toml, README.md: sanitized text only.
                assert_eq!(literals, 0, "{name}: {line:?}");
                in_docs += docs;
            }
        }
    }
    // The marked slots did reach the output, so the checks above looked at
    // them: operations, parameters, headers, content types (also their
    // parameters), multipart file names, servers, schemas, enums.
    assert!(in_docs >= 30, "only {in_docs} marked doc lines");
    assert!(
        in_literals >= 10,
        "only {in_literals} marked string literals"
    );
}

#[test]
fn multipart_file_names_and_stream_content_types_are_sanitized() {
    let out = generate_fixture("hostile-marked.yaml");
    let all: String = out.files.iter().map(|f| f.contents.as_str()).collect();
    // The two doc lines issue 19 found written around the sanitizer.
    assert!(
        all.contains("file property `property` (`file@M@`)"),
        "stream_file docs"
    );
    assert!(
        all.contains("(`text/event-stream; x=\"@M@\"`) is returned as a stream"),
        "send docs"
    );
}

#[test]
fn raw_html_in_descriptions_is_inert() {
    let out = generate_fixture("hostile-text.yaml");
    let mut alerts = 0;
    let mut kept = false;
    for file in &out.files {
        for line in file.contents.lines() {
            let trimmed = line.trim_start();
            let Some(doc) = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))
            else {
                continue;
            };
            alerts += doc.matches("alert(").count();
            kept |= doc.contains("<b>kept</b>");
            let lower = doc.to_ascii_lowercase();
            for live in [
                "<script",
                "<img",
                "<iframe",
                "<a href=\"javascript",
                "](javascript:",
                "](data:",
            ] {
                assert!(
                    !lower.contains(live),
                    "{}: {live} in {line:?}",
                    file.path.display()
                );
            }
            assert!(!lower.trim_start().starts_with("[ref]:"), "{line:?}");
        }
    }
    assert!(kept, "the harmless subset is kept");
    assert!(alerts >= 9, "only {alerts} payloads reached the docs");
}

#[test]
fn requests_http_cannot_send_as_meant_are_diagnosed_and_never_built() {
    let out = generate_fixture("hostile-requests.yaml");
    let module: String = out
        .files
        .iter()
        .filter(|f| f.path.ends_with("mod.rs") || f.path.ends_with("operations.rs"))
        .map(|f| f.contents.clone())
        .collect();
    let diagnostics: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    let diagnosed = |what: &str| {
        assert!(
            diagnostics.iter().any(|d| d.contains(what)),
            "no diagnostic for {what}: {diagnostics:#?}"
        )
    };
    // A literal query is sent as query pairs, decoded once (the runtime
    // encodes them), before the declared parameters; the path stops at `?`.
    diagnosed("/search?mode=fast&label=a+b%2Fc");
    assert!(
        module.contains(r#"request.path_literal("/search");"#),
        "{module}"
    );
    assert!(
        module.contains(r#"request.query("mode", "fast");"#),
        "{module}"
    );
    assert!(
        module.contains(r#"request.query("label", "a b/c");"#),
        "{module}"
    );
    // API keys whose header or cookie name cannot be sent as meant are
    // skipped, with a diagnostic at the scheme's name.
    for scheme in ["bad_header", "bad_cookie", "framing"] {
        assert!(
            diagnostics.iter().any(|d| d
                .contains(&format!("#/components/securitySchemes/{scheme}/name"))
                && d.contains("security scheme skipped")),
            "{scheme}: {diagnostics:#?}"
        );
    }
    assert!(module.contains(r#"ApiKeyHeader("X-Api-Key")"#), "{module}");
    for name in ["X Bad Key", "a=b; c", r#"ApiKeyHeader("Host")"#] {
        assert!(!module.contains(name), "{name} reached the client");
    }
    // Fragments (and parameters in a template's query) are refused.
    for (path, op) in [
        ("/items#{id}", "fn fragment_parameter"),
        ("/a/{id}#frag", "fn fragment_after_parameter"),
        ("/find?q={q}", "fn parameter_in_query"),
    ] {
        diagnosed(path);
        assert!(!module.contains(op), "{op} generated");
    }
    // Header names that are not tokens, and framing headers: diagnosed,
    // never sent.
    for name in [
        "X Bad Header",
        "X-A:B",
        "Content-Length",
        "Host",
        "Transfer-Encoding",
        "connection",
    ] {
        diagnosed(&format!("header parameter `{name}`"));
        assert!(
            !module
                .to_ascii_lowercase()
                .contains(&format!("\"{}\"", name.to_ascii_lowercase())),
            "{name} is sent"
        );
    }
    assert!(module.contains(r#""X-Fine""#), "{module}");
}

/// Generates a crate from `main.yaml` among `files`, written to a fresh
/// directory.
fn generate_files(test: &str, files: &[(&str, &str)]) -> Result<codegen::Generated, String> {
    let dir = std::env::temp_dir().join(format!("codegen-hostile-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("temp dir");
        std::fs::write(path, text).expect("write");
    }
    let spec = SpecInput::new(&dir, Path::new("main.yaml"));
    let options = CrateOptions {
        name: "hostile".into(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let out = codegen::generate_crate(&[spec], &options).map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn types_rs(out: &codegen::Generated) -> String {
    out.files
        .iter()
        .filter(|f| f.path.ends_with("types.rs"))
        .map(|f| f.contents.clone())
        .collect()
}

const NODES_MAIN: &str = "openapi: 3.0.3
info: {title: nodes, version: '1'}
paths:
  /tree:
    get:
      operationId: tree
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'common.yaml#/Node'}
  /forest:
    get:
      operationId: forest
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: 'common.yaml#/Node'}}
";

#[test]
fn a_recursive_schema_in_another_file_resolves() {
    let common = "Node:
  type: object
  required: [name]
  properties:
    name: {type: string}
    children: {type: array, items: {$ref: '#/Node'}}
    parent: {$ref: 'more.yaml#/Parent'}
";
    let more = "Parent:\n  type: object\n  properties:\n    node: {$ref: 'common.yaml#/Node'}\n";
    let out = generate_files(
        "recursive",
        &[
            ("main.yaml", NODES_MAIN),
            ("common.yaml", common),
            ("more.yaml", more),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let types = types_rs(&out);
    assert_eq!(types.matches("pub struct Node {").count(), 1, "{types}");
    assert!(types.contains("pub children: Option<Vec<Node>>"), "{types}");
    assert!(types.contains("pub node: Option<Box<Node>>"), "{types}");
}

#[test]
fn refs_inside_example_values_are_not_followed() {
    let main = "openapi: 3.0.3
info: {title: examples, version: '1'}
paths:
  /stats:
    get:
      operationId: stats
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Stats'}
              example: {actions: {$ref: 'missing/one.json'}}
              examples:
                first: {value: [{actions_stats: {$ref: 'missing/two.json'}}]}
                second: {$ref: '#/components/examples/server-statistics'}
components:
  examples:
    server-statistics:
      value:
        - actions_stats: {$ref: 'missing/three.json'}
  schemas:
    Stats:
      type: object
      example: {$ref: 'missing/four.json'}
      properties:
        example: {$ref: 'common.yaml#/Thing'}
        examples: {type: array, items: {$ref: 'common.yaml#/Thing'}}
";
    let common = "Thing: {type: object, properties: {thing_field: {type: integer}}}\n";
    let out = generate_files("examples", &[("main.yaml", main), ("common.yaml", common)])
        .unwrap_or_else(|e| panic!("{e}"));
    // Properties named `example`/`examples` are still schemas, bundled.
    let types = types_rs(&out);
    assert!(types.contains("thing_field"), "{types}");
}

/// A string enum of thousands of values costs the compiler in proportion
/// to its values, without a match over string patterns (its `From<&str>`
/// searches the values in byte order and matches an index) and without
/// derived `Clone`/`Debug` matches; small enums keep their derives.
#[test]
fn large_enums_are_emitted_without_string_matches_or_derive_matches() {
    let dir = std::env::temp_dir().join(format!("large-enum-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let values: Vec<String> = (0..600).rev().map(|i| format!("\"v{i}\"")).collect();
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Big: {{type: string, enum: [{}]}}\n    Small: {{type: string, enum: [b, a]}}\n",
        values.join(", ")
    );
    std::fs::write(dir.join("large.yaml"), spec).unwrap();
    let options = CrateOptions {
        name: "large".into(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let out = codegen::generate_crate(&[SpecInput::new(&dir, Path::new("large.yaml"))], &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let types = &out
        .files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .expect("types.rs")
        .contents;
    let big = types.find("pub enum Big").expect("Big");
    assert!(!types[..big].trim_end().ends_with("#[derive(Debug, Clone)]"));
    // The macro's input in byte order of the values, each with its index
    // ("v0" < "v1" < "v10" < "v100" ...), compared without whitespace.
    let packed: String = types.split_whitespace().collect();
    assert!(packed.contains(r#"@LargeBig{0:"v0"=>V0,1:"v1"=>V1,2:"v10"=>V10,3:"v100"=>V100,"#));
    assert!(packed.contains(r#"Small{0:"a"=>A,1:"b"=>B}"#));
    assert!(
        !packed.contains(r#""v599"=>Self::"#),
        "no string-pattern arm"
    );
    let small = types.find("pub enum Small").expect("Small");
    assert!(types[..small]
        .trim_end()
        .ends_with("#[derive(Debug, Clone)]"));
}
