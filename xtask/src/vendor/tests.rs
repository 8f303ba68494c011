//! Extraction, merging and writing, on pages written here.

use super::*;
use serde_yaml::Value;

/// A page in the shape of the real seeds: docs-index header, an unrelated
/// ```json block, then the OpenAPI block in a four-backtick fence.
fn page(docs: &str, label: &str, yaml: &str) -> String {
    format!(
        "> ## Documentation Index\n> Fetch the complete documentation index at: {docs}\n\
             > Use this file to discover all available pages before exploring further.\n\n\
             ```json\n{{\"path\": \"/x\"}}\n```\n\n## OpenAPI\n\n````yaml {label}\n{yaml}````\n"
    )
}

fn frag(page_name: &str, yaml: &str) -> Fragment {
    let text = page(
        "https://developers.example.com/llms.txt",
        "https://docs.example.com/swagger.yaml get /x",
        yaml,
    );
    extract(Path::new(page_name), &text).unwrap()
}

fn yaml(v: &Value) -> String {
    render_spec(v).unwrap()
}

fn keys(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Mapping(m)) => m.keys().map(key_str).collect(),
        _ => Vec::new(),
    }
}

const A: &str = "\
openapi: 3.0.0
info:
  title: Example API
  version: '1'
tags:
  - name: Things
paths:
  /things/{id}:
    get:
      operationId: getThing
      responses:
        '200':
          $ref: '#/components/responses/Thing'
components:
  schemas:
    Thing:
      type: object
    Error:
      type: string
  responses:
    Thing:
      description: ok
";

const B: &str = "\
openapi: 3.0.0
info:
  title: Example API
  version: '1'
tags:
  - name: Things
  - name: Widgets
paths:
  /things/{id}:
    delete:
      operationId: deleteThing
  /a-widgets:
    post:
      operationId: createWidget
components:
  parameters:
    Key:
      name: Idempotency-Key
      in: header
  schemas:
    Widget:
      type: object
    Error:
      type: string
";

#[test]
fn extracts_block_from_inline_page() {
    let yaml = "openapi: 3.0.0\ninfo:\n  title: Inline API\n  version: '2'\n  description: |\n    Example:\n    ```yaml\n    not: the end\n    ```\npaths: {}\n";
    let text = page(
        "https://docs.acme.io/llms.txt",
        "https://api.acme.io/openapi.yaml get /things",
        yaml,
    );
    let f = extract(Path::new("pages/inline.txt"), &text).unwrap();
    assert_eq!(f.title, "Inline API");
    assert_eq!(f.fence, "https://api.acme.io/openapi.yaml get /things");
    assert_eq!(f.docs.as_deref(), Some("https://docs.acme.io/llms.txt"));
    assert_eq!(f.name.as_deref(), Some("acme"));
    assert_eq!(f.fence_line, 11);
    // The inner ``` lines belong to the block; a 3-backtick line does not
    // close the 4-backtick fence.
    let description = f.spec.get("info").and_then(|i| i.get("description"));
    assert_eq!(
        description.and_then(Value::as_str),
        Some("Example:\n```yaml\nnot: the end\n```\n")
    );
    assert!(f.spec.get("paths").is_some_and(Value::is_mapping));
}

#[test]
fn extracts_tilde_fence_and_ignores_non_yaml_blocks() {
    let text = "intro\n```yaml\nnot: openapi\n```\n~~~~yml\nopenapi: 3.1.0\ninfo: {title: T, version: v}\n~~~~~\n";
    // Two yaml blocks: the one with a top-level `openapi:` key is chosen.
    let f = extract(Path::new("t.txt"), text).unwrap();
    assert_eq!(f.title, "T");
    assert_eq!(f.fence_line, 5);
    assert_eq!(f.fence, "");
    assert_eq!(f.docs, None);
    assert_eq!(f.name, None);
}

#[test]
fn derives_names_of_the_seed_pages() {
    let body = "openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\n";
    // First lines of /work/shared/seeds/000_*.txt and 002_*.txt (Fireblocks)
    // and 001_*.txt (Enfuce).
    let seeds = [
            (
                "000_248c34d7d18018ab.txt",
                "https://developers.fireblocks.com/llms.txt",
                "https://docs.fireblocks.com/api/v1/swagger.yaml delete /screening/trlink/customers/integration/{customerIntegrationId}",
                "fireblocks",
            ),
            (
                "001_b2c359c63bbda7c1.txt",
                "https://docs.enfuce.com/llms.txt",
                "customer delete /v3/{id}/link/{linkId}",
                "enfuce-customer",
            ),
            (
                "002_1e3efa90e39c55fc.txt",
                "https://developers.fireblocks.com/llms.txt",
                "https://docs.fireblocks.com/api/v1/swagger.yaml post /screening/trlink/customers/integration",
                "fireblocks",
            ),
        ];
    for (file, docs, label, want) in seeds {
        let f = extract(Path::new(file), &page(docs, label, body)).unwrap();
        assert_eq!(f.name.as_deref(), Some(want), "{file}");
        assert_eq!(f.docs.as_deref(), Some(docs), "{file}");
        assert_eq!(f.fence, label, "{file}");
    }
    // Without a docs URL the fence-label URL's host is used.
    let no_docs =
        format!("# Page\n\n````yaml https://api.example.co.uk/spec.yaml get /x\n{body}````\n");
    let f = extract(Path::new("p.txt"), &no_docs).unwrap();
    assert_eq!(f.name.as_deref(), Some("example"));
    // A label starting with a method is not an API word.
    assert_eq!(
        derive_name(Some("https://docs.enfuce.com/llms.txt"), "GET /x").as_deref(),
        Some("enfuce")
    );
    assert_eq!(
        derive_name(
            Some("https://docs.Big_Co.com/llms.txt"),
            "Card_Api delete /x"
        )
        .as_deref(),
        Some("big-co-card-api")
    );
}

#[test]
fn merges_paths_components_and_tags() {
    let merged = merge(&[frag("a.txt", A), frag("b.txt", B)]).unwrap();
    let paths = merged.get("paths");
    assert_eq!(keys(paths), ["/a-widgets", "/things/{id}"]);
    assert_eq!(
        keys(paths.and_then(|p| p.get("/things/{id}"))),
        ["get", "delete"]
    );
    let components = merged.get("components");
    assert_eq!(keys(components), ["schemas", "responses", "parameters"]);
    assert_eq!(
        keys(components.and_then(|c| c.get("schemas"))),
        ["Error", "Thing", "Widget"]
    );
    assert_eq!(keys(components.and_then(|c| c.get("parameters"))), ["Key"]);
    let tags: Vec<&str> = match merged.get("tags") {
        Some(Value::Sequence(t)) => t.iter().filter_map(|t| t.get("name")?.as_str()).collect(),
        _ => Vec::new(),
    };
    assert_eq!(tags, ["Things", "Widgets"]);
    let sources: Vec<&str> = match merged.get(VENDORED_FROM) {
        Some(Value::Sequence(s)) => s.iter().filter_map(|s| s.get("page")?.as_str()).collect(),
        _ => Vec::new(),
    };
    assert_eq!(sources, ["a.txt", "b.txt"]);
    // Identical duplicates of a whole page are fine too.
    let twice = merge(&[frag("a.txt", A), frag("c.txt", A)]).unwrap();
    assert_eq!(keys(twice.get("paths")), ["/things/{id}"]);
    // The written YAML reads back as the merged document.
    let text = yaml(&merged);
    assert!(text.starts_with(HEADER));
    assert_eq!(serde_yaml::from_str::<Value>(&text).unwrap(), merged);
}

#[test]
fn conflicts_name_both_pages_and_the_escaped_pointer() {
    let changed = A.replace("operationId: getThing", "operationId: fetchThing");
    let err = merge(&[frag("pages/one.txt", A), frag("pages/two.txt", &changed)]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("pages/one.txt"), "{msg}");
    assert!(msg.contains("pages/two.txt"), "{msg}");
    assert!(msg.contains("#/paths/~1things~1{id}/get"), "{msg}");
    assert_eq!(err.pointer.as_deref(), Some("#/paths/~1things~1{id}/get"));

    let odd = |t: &str| {
        format!(
                "openapi: 3.0.0\ninfo: {{title: X, version: '1'}}\ncomponents:\n  schemas:\n    a~b/c: {{type: {t}}}\n"
            )
    };
    let err = merge(&[
        frag("x.txt", &odd("string")),
        frag("y.txt", &odd("integer")),
    ])
    .unwrap_err();
    assert!(
        err.to_string().contains("#/components/schemas/a~0b~1c"),
        "{err}"
    );
    assert!(err.to_string().contains("x.txt") && err.to_string().contains("y.txt"));

    let servers = B.replace(
        "paths:",
        "servers:\n  - url: https://other.example.com\npaths:",
    );
    let with_server = A.replace(
        "paths:",
        "servers:\n  - url: https://api.example.com\npaths:",
    );
    let err = merge(&[frag("s1.txt", &with_server), frag("s2.txt", &servers)]).unwrap_err();
    assert_eq!(err.pointer.as_deref(), Some("#/servers"));
    let err = merge(&[
        frag("v1.txt", A),
        frag("v2.txt", &B.replace("version: '1'", "version: '2'")),
    ])
    .unwrap_err();
    assert_eq!(err.pointer.as_deref(), Some("#/info"));
    assert!(err.to_string().contains("v1.txt") && err.to_string().contains("v2.txt"));
}

#[test]
fn same_title_with_different_names_is_an_error() {
    let a = frag("a.txt", A);
    let mut b = frag("b.txt", B);
    b.name = Some("other".to_string());
    let err = merge(&[a, b]).unwrap_err();
    assert!(
        err.to_string().contains("a.txt") && err.to_string().contains("b.txt"),
        "{err}"
    );
    assert!(err.to_string().contains("other"), "{err}");
}

#[test]
fn merge_is_order_independent() {
    let (a, b) = (frag("a.txt", A), frag("b.txt", B));
    let ab = yaml(&merge(&[a.clone(), b.clone()]).unwrap());
    let ba = yaml(&merge(&[b, a]).unwrap());
    assert_eq!(ab, ba);
    // Keys are sorted even when the first page lists them unsorted.
    assert!(ab.find("  /a-widgets:").unwrap() < ab.find("  /things/{id}:").unwrap());
    assert!(ab.find("    Error:").unwrap() < ab.find("    Thing:").unwrap());
}

#[test]
fn missing_and_unterminated_fences_are_errors() {
    let err = extract(Path::new("none.txt"), "# Title\n```json\n{}\n```\n").unwrap_err();
    assert!(err.to_string().starts_with("none.txt: no ```yaml"), "{err}");

    let err = extract(
        Path::new("open.txt"),
        "# T\n\n````yaml x get /a\nopenapi: 3.0.0\n```\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("open.txt"), "{err}");
    assert!(err.to_string().contains("unterminated"), "{err}");
    assert!(err.to_string().contains("line 3"), "{err}");

    let err = extract(
        Path::new("untitled.txt"),
        "````yaml\nopenapi: 3.0.0\ninfo:\n  version: '1'\n````\n",
    )
    .unwrap_err();
    assert_eq!(err.pointer.as_deref(), Some("#/info/title"));
    assert!(err.to_string().contains("untitled.txt"), "{err}");
}

#[test]
fn bad_yaml_error_points_into_the_page() {
    // Fence on page line 3; the bad line is block line 3, i.e. page line 6.
    let text = "# T\n\n````yaml x get /a\nopenapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: '1'\n````\n";
    let err = extract(Path::new("bad.txt"), text).unwrap_err();
    let msg = err.to_string();
    assert_eq!(
        msg,
        "bad.txt:7:10: invalid YAML in the block opened at line 3: did not find expected ',' \
             or ']' at line 7 column 10, while parsing a flow sequence at line 6 column 10"
    );
    assert_eq!(
        shift_positions("x at line 2 column 5, while y at line 1 column 1", 10, 0),
        "x at line 12 column 5, while y at line 11 column 1"
    );
    let err = extract(
        Path::new("dup.txt"),
        "````yaml\ninfo: {title: T}\ninfo: {title: U}\n````\n",
    )
    .unwrap_err();
    // serde_yaml reports the start of the mapping (block line 1 = page line 2).
    assert!(
        err.to_string().starts_with("dup.txt:2:1: invalid YAML")
            && err
                .to_string()
                .contains("duplicate entry with key \"info\""),
        "{err}"
    );
}

#[test]
fn plan_groups_by_title_and_checks_names() {
    let enfuce = extract(
        Path::new("e.txt"),
        &page(
            "https://docs.enfuce.com/llms.txt",
            "customer delete /v3/{id}",
            "openapi: 3.0.3\ninfo: {title: Customer details API, version: '1'}\npaths: {}\n",
        ),
    )
    .unwrap();
    let specs = plan(
        vec![frag("b.txt", B), enfuce.clone(), frag("a.txt", A)],
        None,
    )
    .unwrap();
    assert_eq!(
        specs.keys().collect::<Vec<_>>(),
        ["enfuce-customer", "example"]
    );

    let err = plan(vec![frag("a.txt", A), enfuce.clone()], Some("one")).unwrap_err();
    assert!(err.to_string().contains("2 different APIs"), "{err}");
    let err = plan(vec![frag("a.txt", A)], Some("../evil")).unwrap_err();
    assert!(err.to_string().contains("invalid --name"), "{err}");
    let named = plan(vec![frag("a.txt", A)], Some("custom-1")).unwrap();
    assert!(named.contains_key("custom-1"));

    let mut clash = enfuce;
    clash.name = Some("example".to_string());
    let err = plan(vec![frag("a.txt", A), clash], None).unwrap_err();
    assert!(err.to_string().contains("example.yaml"), "{err}");
    assert!(
        err.to_string().contains("a.txt") && err.to_string().contains("e.txt"),
        "{err}"
    );
}

#[test]
fn run_writes_specs_and_readme_only_when_changed() {
    let root = std::env::temp_dir().join(format!("xtask-vendor-test-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let pages_dir = root.join("pages");
    let specs = root.join("specs");
    fs::create_dir_all(&pages_dir).unwrap();
    fs::create_dir_all(&specs).unwrap();
    fs::write(
        specs.join("handmade.yaml"),
        "openapi: 3.0.0\ninfo: {title: Hand, version: '9'}\n",
    )
    .unwrap();
    let label = "https://docs.example.com/swagger.yaml get /x";
    let pa = pages_dir.join("a.txt");
    let pb = pages_dir.join("b.txt");
    fs::write(
        &pa,
        page("https://developers.example.com/llms.txt", label, A),
    )
    .unwrap();
    fs::write(
        &pb,
        page("https://developers.example.com/llms.txt", label, B),
    )
    .unwrap();

    let written = run(&[pb.clone(), pa.clone()], &specs, None).unwrap();
    assert_eq!(
        written,
        [specs.join("example.yaml"), specs.join("README.md")]
    );
    let first = fs::read_to_string(specs.join("example.yaml")).unwrap();
    assert!(first.starts_with(HEADER));
    let readme = fs::read_to_string(specs.join("README.md")).unwrap();
    assert!(readme.contains("## `example.yaml`"), "{readme}");
    assert!(readme.contains("- Title: Example API"), "{readme}");
    assert!(readme.contains("| `a.txt` | <https://developers.example.com/llms.txt> | `https://docs.example.com/swagger.yaml get /x` |"), "{readme}");
    assert!(
        readme.contains("## `handmade.yaml`") && readme.contains("- Version: 9"),
        "{readme}"
    );

    // Same pages in another order: nothing changes, nothing is written.
    assert!(run(&[pa.clone(), pb.clone(), pa.clone()], &specs, None)
        .unwrap()
        .is_empty());
    assert_eq!(
        fs::read_to_string(specs.join("example.yaml")).unwrap(),
        first
    );

    // A bad page aborts before anything is written.
    fs::write(&pb, "no fence here\n").unwrap();
    let err = run(&[pa.clone(), pb.clone()], &specs, None).unwrap_err();
    assert!(err.to_string().contains("b.txt"), "{err}");
    assert_eq!(
        fs::read_to_string(specs.join("example.yaml")).unwrap(),
        first
    );

    let _ = fs::remove_dir_all(&root);
}
