//! `cargo xtask vendor --from-spec SPEC --operation ID... --name NAME`
//!
//! Cuts a few operations out of a large spec (the corpus's OpenAI spec is
//! too big to generate into the committed client): the chosen operations
//! under their paths, and every component they reach through `$ref`s,
//! discriminator mappings and security requirements, transitively. The
//! result records its source file and operation ids under the top-level
//! [`VENDORED_FROM`] key, from which `specs/README.md` is regenerated.

use crate::vendor::{render_readme, VendorError, VENDORED_FROM};
use codegen::diag::{escape_token, unescape_token};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// First line of every spec cut from a larger one.
pub const HEADER: &str = "# Cut by `cargo xtask vendor --from-spec` from a larger spec; see specs/README.md. Do not edit by hand.\n";

const METHODS: &[&str] = &codegen::oas::METHODS;

/// Path item fields kept next to the chosen operations.
const PATH_ITEM_FIELDS: &[&str] = &["summary", "description", "servers", "parameters"];

/// The spec holding only `operations` (by `operationId`) of `spec`, and the
/// components they reach. `source` is recorded as given.
pub fn cut(spec: &Value, source: &str, operations: &[String]) -> Result<Value, VendorError> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or_else(|| VendorError::at(source, "#/paths", "the spec has no paths"))?;
    let mut kept_paths = Mapping::new();
    let mut found = BTreeSet::new();
    for (path, item) in paths {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        let mut kept = Mapping::new();
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let id = op.get("operationId").and_then(Value::as_str);
            if let Some(id) = id.filter(|id| operations.iter().any(|o| o == id)) {
                found.insert(id.to_owned());
                kept.insert((*method).into(), op.clone());
            }
        }
        if kept.is_empty() {
            continue;
        }
        for field in PATH_ITEM_FIELDS {
            if let Some(v) = item.get(*field) {
                kept.insert((*field).into(), v.clone());
            }
        }
        kept_paths.insert(path.clone(), Value::Mapping(kept));
    }
    if let Some(missing) = operations.iter().find(|o| !found.contains(*o)) {
        return Err(VendorError::at(
            source,
            "#/paths",
            format!("no operation has the operationId `{missing}`"),
        ));
    }

    let components = spec.get("components").and_then(Value::as_mapping);
    let mut reached: BTreeMap<(String, String), Value> = BTreeMap::new();
    let mut todo: Vec<(String, String)> = Vec::new();
    let kept_paths = Value::Mapping(kept_paths);
    collect(&kept_paths, &mut todo);
    for requirement in security_requirements(spec, &kept_paths) {
        todo.push(("securitySchemes".to_owned(), requirement));
    }
    while let Some((kind, name)) = todo.pop() {
        if reached.contains_key(&(kind.clone(), name.clone())) {
            continue;
        }
        let item = components
            .and_then(|c| c.get(kind.as_str()))
            .and_then(|k| k.get(name.as_str()))
            .ok_or_else(|| {
                VendorError::at(
                    source,
                    &format!("#/components/{kind}/{}", escape_token(&name)),
                    "is referenced but not defined",
                )
            })?;
        collect(item, &mut todo);
        reached.insert((kind, name), item.clone());
    }

    let mut out = Mapping::new();
    for key in ["openapi", "info", "servers", "security", "tags"] {
        if let Some(v) = spec.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(Value::Sequence(tags)) = out.get_mut("tags") {
        let used: BTreeSet<&str> = kept_paths
            .as_mapping()
            .into_iter()
            .flat_map(|m| m.values())
            .filter_map(Value::as_mapping)
            .flat_map(|item| item.values())
            .filter_map(|op| op.get("tags").and_then(Value::as_sequence))
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        tags.retain(|t| {
            t.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| used.contains(n))
        });
    }
    out.insert("paths".into(), kept_paths);
    if !reached.is_empty() {
        let mut by_kind: BTreeMap<String, Mapping> = BTreeMap::new();
        for ((kind, name), item) in reached {
            by_kind.entry(kind).or_default().insert(name.into(), item);
        }
        let mut comps = Mapping::new();
        for (kind, items) in by_kind {
            comps.insert(kind.into(), Value::Mapping(items));
        }
        out.insert("components".into(), Value::Mapping(comps));
    }
    let mut from = Mapping::new();
    from.insert("spec".into(), source.into());
    let mut ids: Vec<String> = operations.to_vec();
    ids.sort();
    ids.dedup();
    from.insert(
        "operations".into(),
        Value::Sequence(ids.into_iter().map(Value::from).collect()),
    );
    out.insert(
        VENDORED_FROM.into(),
        Value::Sequence(vec![Value::Mapping(from)]),
    );
    Ok(Value::Mapping(out))
}

/// The components a value refers to: `$ref`s to `#/components/KIND/NAME`,
/// and discriminator mapping targets (references or bare schema names).
fn collect(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    (Some("$ref"), Value::String(r)) => out.extend(component(r)),
                    (Some("mapping"), Value::Mapping(targets)) => {
                        for target in targets.values().filter_map(Value::as_str) {
                            match component(target) {
                                Some(c) => out.push(c),
                                None if !target.contains('/') => {
                                    out.push(("schemas".to_owned(), target.to_owned()))
                                }
                                None => {}
                            }
                        }
                    }
                    _ => collect(v, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| collect(i, out)),
        _ => {}
    }
}

/// `#/components/KIND/NAME` → (KIND, NAME), unescaping `~1` and `~0`.
fn component(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    let name = name.split('/').next()?;
    Some((kind.to_owned(), unescape_token(name)))
}

/// Scheme names of the top-level security and of the kept operations.
fn security_requirements(spec: &Value, paths: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut add = |security: Option<&Value>| {
        for requirement in security.and_then(Value::as_sequence).into_iter().flatten() {
            if let Some(m) = requirement.as_mapping() {
                names.extend(m.keys().filter_map(Value::as_str).map(str::to_owned));
            }
        }
    };
    add(spec.get("security"));
    for item in paths.as_mapping().into_iter().flat_map(|m| m.values()) {
        for method in METHODS {
            add(item.get(*method).and_then(|op| op.get("security")));
        }
    }
    names
}

/// Reads `spec_path`, cuts `operations` out of it, writes
/// `specs_dir/<name>.yaml` and regenerates `specs_dir/README.md`. `source`
/// is how the spec is recorded (its path as given). Returns the files
/// written (unchanged ones are left alone).
pub fn run(
    spec_path: &Path,
    source: &str,
    operations: &[String],
    specs_dir: &Path,
    name: &str,
) -> Result<Vec<PathBuf>, VendorError> {
    let text = fs::read_to_string(spec_path)
        .map_err(|e| VendorError::at(source, "#", format!("cannot read: {e}")))?;
    // The generator's own parser: it reads what serde_yaml alone refuses
    // (integers beyond 64 bits, tags, merge keys).
    let json = codegen::load::parse_value(spec_path, &text)
        .map_err(|e| VendorError::at(source, "#", e))?;
    let spec: Value = serde_yaml::to_value(&json)
        .map_err(|e| VendorError::at(source, "#", format!("cannot convert: {e}")))?;
    let out = cut(&spec, source, operations)?;
    let yaml = serde_yaml::to_string(&out)
        .map_err(|e| VendorError::at(source, "#", format!("cannot write YAML: {e}")))?;
    let mut new_specs = BTreeMap::new();
    new_specs.insert(name.to_owned(), out);
    let outputs = [
        (
            specs_dir.join(format!("{name}.yaml")),
            format!("{HEADER}{yaml}"),
        ),
        (
            specs_dir.join("README.md"),
            render_readme(specs_dir, &new_specs)?,
        ),
    ];
    let mut written = Vec::new();
    for (path, content) in outputs {
        if fs::read(&path).ok().as_deref() == Some(content.as_bytes()) {
            continue;
        }
        fs::write(&path, &content).map_err(|e| {
            VendorError::at(source, "#", format!("cannot write {}: {e}", path.display()))
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        serde_yaml::from_str(
            r##"
openapi: 3.1.0
info: { title: T, version: "1" }
tags: [{ name: a }, { name: b }]
security: [{ key: [] }]
paths:
  /a:
    parameters: [{ $ref: "#/components/parameters/P" }]
    get:
      operationId: getA
      tags: [a]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/A" }
    delete:
      operationId: deleteA
      responses: { "204": { description: gone } }
  /b:
    get:
      operationId: getB
      tags: [b]
      security: [{ other: [] }]
      responses: { "200": { $ref: "#/components/responses/R" } }
components:
  parameters:
    P: { name: p, in: query, schema: { type: string } }
  responses:
    R: { description: r }
  securitySchemes:
    key: { type: apiKey, in: header, name: k }
    other: { type: http, scheme: bearer }
  schemas:
    A:
      oneOf: [{ $ref: "#/components/schemas/B" }]
      discriminator: { propertyName: t, mapping: { c: C, d: "#/components/schemas/D" } }
    B: { type: object, properties: { self: { $ref: "#/components/schemas/B" } } }
    C: { type: object }
    D: { type: object }
    Unused: { type: object }
"##,
        )
        .expect("yaml")
    }

    #[test]
    fn keeps_the_operations_and_what_they_reach() {
        let out = cut(&spec(), "corpus/t.yaml", &["getA".to_owned()]).expect("cut");
        let a = out.get("paths").and_then(|p| p.get("/a")).expect("/a");
        assert!(a.get("get").is_some() && a.get("delete").is_none());
        assert!(a.get("parameters").is_some(), "path-level parameters stay");
        assert!(out.get("paths").and_then(|p| p.get("/b")).is_none());
        let schemas: Vec<&str> = out["components"]["schemas"]
            .as_mapping()
            .expect("schemas")
            .keys()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(schemas, ["A", "B", "C", "D"], "refs, mappings, recursion");
        assert!(out["components"]["parameters"].get("P").is_some());
        let schemes = out["components"]["securitySchemes"]
            .as_mapping()
            .expect("schemes");
        assert_eq!(schemes.len(), 1, "only the scheme in use");
        assert_eq!(out["tags"].as_sequence().map(Vec::len), Some(1));
        assert_eq!(out[VENDORED_FROM][0]["spec"], Value::from("corpus/t.yaml"));
        assert_eq!(out[VENDORED_FROM][0]["operations"][0], Value::from("getA"));
    }

    #[test]
    fn unknown_operations_and_dangling_refs_are_errors() {
        let err = cut(&spec(), "t.yaml", &["nope".to_owned()]).expect_err("unknown id");
        assert!(err.message.contains("`nope`"), "{}", err.message);
        let mut broken = spec();
        broken["components"]["schemas"]
            .as_mapping_mut()
            .expect("schemas")
            .remove("B");
        let err = cut(&broken, "t.yaml", &["getA".to_owned()]).expect_err("dangling");
        assert!(
            err.message.contains("#/components/schemas/B"),
            "{}",
            err.message
        );
    }
}
