//! This repository's own outputs: the committed `generated-client` crate and
//! the fixture modules its wire tests compile in. `cargo xtask codegen` and
//! the staleness tests both produce them through these functions.

use crate::emit::krate::{CrateOptions, RuntimeDep};
use crate::write::OutputFile;
use crate::{Generated, SpecInput};
use std::path::Path;

/// Where the committed client lives, under the workspace root.
pub const CLIENT_DIR: &str = "generated-client";

/// Fixture specs whose generated module the wire tests of `generated-client`
/// compile in (from `codegen/tests/fixtures/`, into [`WIRE_FIXTURE_DIR`]).
pub const WIRE_FIXTURES: &[&str] = &[
    "encodings.yaml",
    "form-brackets.yaml",
    "openapi32.yaml",
    "pagination.yaml",
];

/// Where [`WIRE_FIXTURES`] are generated, under the workspace root.
pub const WIRE_FIXTURE_DIR: &str = "generated-client/tests/generated";

/// Every spec in `specs/`, sorted, with paths relative to `root`.
pub fn specs(root: &Path) -> Result<Vec<SpecInput>, String> {
    let dir = root.join("specs");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut specs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let is_spec = path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
        if is_spec {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            specs.push(SpecInput::new(root, &rel));
        }
    }
    specs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(specs)
}

/// The options of the committed client: the workspace's runtime by path,
/// and the dev-dependencies of its wire tests.
pub fn client_options() -> CrateOptions {
    CrateOptions {
        name: CLIENT_DIR.into(),
        standalone: false,
        dev_dependencies: true,
        runtime: RuntimeDep::Path("../codegen/runtime".into()),
    }
}

/// `generated-client/` as generated from `root/specs/` now.
pub fn client(root: &Path) -> Result<Generated, String> {
    let specs = specs(root)?;
    crate::generate_crate(&specs, &client_options()).map_err(|e| e.to_string())
}

/// The API modules of [`WIRE_FIXTURES`] (`src/{name}/*.rs`), relative to
/// [`WIRE_FIXTURE_DIR`]; the crate around them is `generated-client`.
pub fn wire_fixture_modules(root: &Path) -> Result<Vec<OutputFile>, String> {
    let base = root.join("codegen/tests");
    let specs: Vec<SpecInput> = WIRE_FIXTURES
        .iter()
        .map(|f| SpecInput::new(&base, &Path::new("fixtures").join(f)))
        .collect();
    let options = CrateOptions {
        name: "wire-fixtures".into(),
        ..client_options()
    };
    let generated = crate::generate_crate(&specs, &options).map_err(|e| e.to_string())?;
    Ok(generated
        .files
        .into_iter()
        .filter(|f| f.path.starts_with("src") && f.path.components().count() == 3)
        .collect())
}
