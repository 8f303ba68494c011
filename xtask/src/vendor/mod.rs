//! `cargo xtask vendor [--name NAME] <page>...`
//!
//! Some documentation sites publish, per API operation, a text page that
//! embeds a fenced block holding a trimmed OpenAPI document:
//!
//! `````text
//! > Fetch the complete documentation index at: https://docs.example.com/llms.txt
//! ...
//! ````yaml https://docs.example.com/api/swagger.yaml post /things
//! openapi: 3.0.0
//! info: { title: Example API, version: '1' }
//! paths: ...
//! ````
//! `````
//!
//! This module extracts those blocks ([`extract`]), merges the blocks that share
//! an `info.title` into one spec ([`merge`]), and writes `specs/<name>.yaml` plus
//! a regenerated `specs/README.md` ([`run`]). Every step is deterministic: the
//! output does not depend on the order the pages are given in.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// First line of every vendored spec file.
pub const HEADER: &str = "# Vendored by `cargo xtask vendor` from documentation pages; see specs/README.md. Do not edit by hand.\n";

/// Top-level extension key recording where a vendored spec came from.
pub const VENDORED_FROM: &str = "x-vendored-from";

/// Top-level keys whose values must agree between merged fragments.
const MUST_AGREE: &[&str] = &["openapi", "swagger", "info", "servers", "security"];

/// Top-level keys holding path items (united at path + method level).
const PATH_SECTIONS: &[&str] = &["paths", "webhooks"];

/// Swagger 2.0 top-level sections that play the role of `components.<kind>`.
const SWAGGER2_SECTIONS: &[&str] = &[
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
];

const HTTP_METHODS: &[&str] = &codegen::oas::METHODS;

/// A documentation page: where it was read from and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    pub text: String,
}

impl Page {
    /// Reads a page from disk (must be UTF-8).
    pub fn read(path: &Path) -> Result<Page, VendorError> {
        let bytes = fs::read(path)
            .map_err(|e| VendorError::page(path, format!("cannot read page: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| VendorError::page(path, format!("page is not valid UTF-8: {e}")))?;
        Ok(Page {
            path: path.to_path_buf(),
            text,
        })
    }
}

/// Error from vendoring. The message always names the page file(s) involved
/// and, where relevant, the JSON pointer (RFC 6901, `#/...`) of the offending
/// node; both are also available as fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorError {
    /// Page files involved, if any.
    pub pages: Vec<PathBuf>,
    /// JSON pointer into the OpenAPI document, if relevant.
    pub pointer: Option<String>,
    /// Complete human-readable message.
    pub message: String,
}

impl VendorError {
    fn new(message: impl Into<String>) -> Self {
        VendorError {
            pages: Vec::new(),
            pointer: None,
            message: message.into(),
        }
    }

    /// An error in a spec file (`source`, as given) at a JSON pointer.
    pub fn at(source: &str, pointer: &str, message: impl fmt::Display) -> Self {
        VendorError {
            pages: vec![PathBuf::from(source)],
            pointer: Some(pointer.to_string()),
            message: format!("{source}: {message} (at {pointer})"),
        }
    }

    fn page(page: &Path, message: impl fmt::Display) -> Self {
        VendorError {
            pages: vec![page.to_path_buf()],
            pointer: None,
            message: format!("{}: {message}", page.display()),
        }
    }

    fn page_at(page: &Path, pointer: &str, message: impl fmt::Display) -> Self {
        VendorError {
            pages: vec![page.to_path_buf()],
            pointer: Some(pointer.to_string()),
            message: format!("{}: {message} (at {pointer})", page.display()),
        }
    }

    fn conflict(pointer: &str, first: &Path, second: &Path) -> Self {
        VendorError {
            pages: vec![first.to_path_buf(), second.to_path_buf()],
            pointer: Some(pointer.to_string()),
            message: format!(
                "conflict at {pointer}: {} and {} define it differently",
                first.display(),
                second.display()
            ),
        }
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VendorError {}

mod extract;
mod merge;
mod readme;

pub use extract::*;
pub use merge::*;
pub use readme::*;

/// `cargo xtask vendor [--name NAME] <page>...`: extracts the OpenAPI block of
/// every page, groups the blocks by `info.title`, merges each group and writes
/// `specs_dir/<name>.yaml`, then regenerates `specs_dir/README.md` from all
/// `specs_dir/*.yaml`.
///
/// Nothing is written unless every page is valid. Files whose content would
/// not change are left alone; the returned paths are the files actually
/// (re)written.
pub fn run(
    pages: &[PathBuf],
    specs_dir: &Path,
    name: Option<&str>,
) -> Result<Vec<PathBuf>, VendorError> {
    if pages.is_empty() {
        return Err(VendorError::new(
            "no pages given; usage: cargo xtask vendor [--name NAME] <page>...",
        ));
    }
    let mut sorted = pages.to_vec();
    sorted.sort();
    sorted.dedup();
    let fragments = sorted
        .iter()
        .map(|p| {
            let page = Page::read(p)?;
            extract(&page.path, &page.text)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let specs = plan(fragments, name)?;

    let mut outputs: Vec<(PathBuf, String)> = Vec::new();
    for (spec_name, spec) in &specs {
        outputs.push((
            specs_dir.join(format!("{spec_name}.yaml")),
            render_spec(spec)?,
        ));
    }
    outputs.push((
        specs_dir.join("README.md"),
        render_readme(specs_dir, &specs)?,
    ));

    fs::create_dir_all(specs_dir)
        .map_err(|e| VendorError::new(format!("cannot create {}: {e}", specs_dir.display())))?;
    let mut written = Vec::new();
    for (path, content) in outputs {
        if fs::read(&path).ok().as_deref() == Some(content.as_bytes()) {
            continue;
        }
        fs::write(&path, &content)
            .map_err(|e| VendorError::new(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests;
