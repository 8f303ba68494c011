//! OpenAPI → Rust client generator.
//!
//! Data flows one way: [`load`] → [`normalize`] → [`lower`] (IR) →
//! [`analyze`] → [`naming`] → [`emit`] (token streams) → [`format`] (text) →
//! [`write`] (files). [`diag`], [`ir`] and [`oas`] are vocabulary every step
//! shares; each step imports only those and the steps before it (the test
//! `steps_import_only_earlier_steps` checks).

pub mod analyze;
pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod links;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod oas;
pub mod workspace;
pub mod write;

use diag::{Diagnostic, Error};
use emit::krate::CrateOptions;
use std::path::{Path, PathBuf};
use write::OutputFile;

/// One spec to generate: its file and the API name (module and feature).
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it in headers, errors and diagnostics (`specs/x.yaml`), so
    /// output does not depend on where the repository is checked out.
    pub source: PathBuf,
    pub name: String,
    /// The directory tree `$ref`d files may be read from; `None` is the
    /// spec's own directory. A spec is untrusted input: widen this only for
    /// a known layout (a corpus whose documents share files beside them).
    pub ref_root: Option<PathBuf>,
    /// How arrays inside `deepObject` values are written, overriding the
    /// spec's `x-codegen-form-arrays` (`None`: the spec's, else indexed).
    pub form_arrays: Option<ir::ArrayForm>,
}

impl SpecInput {
    /// `rel` is relative to `root`. The API name is the file stem:
    /// `specs/enfuce-customer.yaml` → `enfuce-customer`, made a valid cargo
    /// feature name if it is not one (`my spec.yaml` → `my_spec`).
    pub fn new(root: &Path, rel: &Path) -> Self {
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = naming::feature_name(&stem);
        SpecInput {
            path: root.join(rel),
            source: rel.to_path_buf(),
            name,
            ref_root: None,
            form_arrays: None,
        }
    }
}

/// Reads and normalises a spec: [`load::parse`] then
/// [`normalize::normalize`], for tools and tests that start from text.
pub fn parse(file: &Path, text: &str) -> Result<normalize::Document, Error> {
    normalize::normalize(load::parse(file, text)?)
}

/// [`load::load_within`] then [`normalize::normalize`].
pub fn load_document(
    path: &Path,
    source: &Path,
    ref_root: Option<&Path>,
) -> Result<normalize::Document, Error> {
    normalize::normalize(load::load_within(path, source, ref_root)?)
}

/// Everything a run produced.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub files: Vec<OutputFile>,
    /// The package name (as given, or made from the first API's name).
    pub crate_name: String,
    pub diagnostics: Vec<Diagnostic>,
    pub apis: Vec<ir::Api>,
}

/// load → normalize → lower → name, for one spec.
pub fn lower_spec(spec: &SpecInput, module: String) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    lower_spec_paged(spec, module).map(|(api, diagnostics, _)| (api, diagnostics))
}

/// [`lower_spec`], with what the pagination analysis found out about each
/// list-like operation.
pub fn lower_spec_paged(
    spec: &SpecInput,
    module: String,
) -> Result<(ir::Api, Vec<Diagnostic>, Vec<analyze::paginate::Finding>), Error> {
    let loaded = load::load_within(&spec.path, &spec.source, spec.ref_root.as_deref())?;
    let doc = normalize::normalize(loaded)?;
    let (mut api, diagnostics, findings) = lower_document(spec, &doc, &spec.name)?;
    drop_in_background(doc);
    naming::name_api(&mut api, module);
    Ok((api, diagnostics, findings))
}

/// lower → resolve links → analyze pagination, for one normalised spec named
/// `name` (before naming).
fn lower_document(
    spec: &SpecInput,
    doc: &normalize::Document,
    name: &str,
) -> Result<(ir::Api, Vec<Diagnostic>, Vec<analyze::paginate::Finding>), Error> {
    let (mut api, mut diagnostics) = lower::lower(doc, name)?;
    let external_docs = doc
        .raw
        .pointer("/externalDocs/url")
        .and_then(|u| u.as_str());
    links::resolve(&mut api, external_docs);
    let settings = analyze::paginate::load_settings(
        &analyze::paginate::settings_path(&spec.path),
        &analyze::paginate::settings_path(&spec.source),
    )?;
    let (findings, notes) = analyze::paginate::analyze(doc, &mut api, settings.as_ref());
    diagnostics.extend(notes);
    if let Some(form) = spec.form_arrays {
        api.form_arrays = form;
    }
    Ok((api, diagnostics, findings))
}

/// A short, stable API name from a spec's `info.title`: its first one or two
/// words in lower case, without version numbers, domain endings and words
/// every API has (`Fireblocks API v1.6` → `fireblocks`, `Blockfrost.io ~ API
/// Documentation` → `blockfrost`, `Enfuce Customer API` → `enfuce-customer`).
pub fn title_name(title: &str) -> Option<String> {
    const FILLER: &str = "a an and api apis by doc docs documentation endpoint endpoints for \
        http interface of openapi public reference rest restful s service services spec \
        specification swagger the v version web io com net org dev";
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !FILLER.split_whitespace().any(|f| f == *w))
        .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|w| {
            !(w.len() > 1 && w.starts_with('v') && w[1..].chars().all(|c| c.is_ascii_digit()))
        })
        .take(2)
        .collect();
    let name = words.join("-");
    (!name.is_empty()).then(|| naming::feature_name(&name))
}

/// Frees `value` on a thread of its own: a loaded document is tens of
/// megabytes of small allocations, and freeing it takes a core for
/// milliseconds that naming and emission need not wait for.
fn drop_in_background<T: Send + 'static>(value: T) {
    // Should the thread not start, the closure (and `value`) is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Generates a whole crate (Cargo.toml, lib.rs, runtime, one module per spec).
/// Paths in the output are relative to the crate root. A spec whose `name`
/// is empty is named from its `info.title` ([`title_name`]); a crate whose
/// `options.name` is empty is named from its first API ([`naming::crate_name`]).
pub fn generate_crate(specs: &[SpecInput], options: &CrateOptions) -> Result<Generated, Error> {
    // Parsing, lowering and emitting recurse once per level of a schema:
    // a deeply nested one (a 120-deep array) needs more stack than the
    // caller's thread may have (a test's has 2 MiB), so the pipeline runs
    // on a thread of its own.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || generate_crate_here(specs, options))
            .map(|thread| thread.join())
    })
    .unwrap_or_else(|_| Ok(generate_crate_here(specs, options)))
    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Stack of the thread [`generate_crate`] runs on.
const PIPELINE_STACK: usize = 256 * 1024 * 1024;

fn generate_crate_here(specs: &[SpecInput], options: &CrateOptions) -> Result<Generated, Error> {
    let mut out = Generated::default();
    let mut modules = naming::Scope::with_reserved(&["runtime"]);
    let mut loaded = Vec::new();
    for spec in specs {
        let raw = load::load_within(&spec.path, &spec.source, spec.ref_root.as_deref())?;
        let doc = normalize::normalize(raw)?;
        let name = if spec.name.is_empty() {
            doc.raw
                .pointer("/info/title")
                .and_then(|t| t.as_str())
                .and_then(title_name)
                .unwrap_or_else(|| SpecInput::new(Path::new(""), &spec.source).name)
        } else {
            spec.name.clone()
        };
        loaded.push((spec, name, doc));
    }
    loaded.sort_by(|a, b| a.1.cmp(&b.1));
    if let Some(pair) = loaded.windows(2).find(|w| w[0].1 == w[1].1) {
        return Err(Error::new(
            &pair[1].0.source,
            "#",
            format!(
                "two specs are both named `{}` (the other is {}); rename one",
                pair[1].1,
                pair[0].0.source.display()
            ),
        ));
    }
    let mut options = options.clone();
    if options.name.is_empty() {
        options.name = loaded
            .first()
            .map_or_else(|| "api-client".to_owned(), |l| naming::crate_name(&l.1));
    }
    out.crate_name = options.name.clone();
    let options = &options;
    let mut features = naming::Scope::with_reserved(naming::CRATE_FEATURES);
    for (_, name, _) in &loaded {
        features.claim(name, false);
    }
    // Tag features carry the API's name only when the crate has several.
    let several = loaded.len() > 1;
    for (spec, name, doc) in loaded {
        let module = modules.claim(&naming::snake(&name), true);
        let (mut api, diagnostics, _) = lower_document(spec, &doc, &name)?;
        drop_in_background(doc);
        naming::name_api(&mut api, module);
        naming::name_features(&mut api, &mut features, several.then_some(name.as_str()));
        out.diagnostics.extend(diagnostics);
        let spec: &SpecInput = spec;
        let source = spec.source.to_string_lossy().replace('\\', "/");
        let bug = |m: String| Error::new(&spec.source, "#", m);
        let dir = PathBuf::from("src").join(&api.module);
        // The files are emitted and formatted piece by piece on every
        // available thread (see `format::rust_files`).
        let texts = {
            let cx = emit::Context::new(&api).in_crate(&options.name);
            let pieces = [
                emit::api_pieces(&cx),
                emit::operations_pieces(&cx),
                emit::types_pieces(&cx),
            ];
            let files: Vec<format::PieceFile> = pieces
                .iter()
                .map(|p| (p.as_slice(), source.as_str()))
                .collect();
            format::rust_files(&files)
        };
        for (name, text) in ["mod.rs", "operations.rs", "types.rs"]
            .into_iter()
            .zip(texts)
        {
            out.files.push(OutputFile {
                path: dir.join(name),
                contents: text.map_err(bug)?,
            });
        }
        out.apis.push(api);
    }
    // What the crate-wide files are made from: the one spec of a standalone
    // crate, else the workspace's `specs/`.
    let single = specs
        .iter()
        .map(|s| s.source.to_string_lossy().replace('\\', "/"))
        .collect::<Vec<_>>();
    let sources = match single.as_slice() {
        [one] if options.standalone => one.as_str(),
        _ => "specs/",
    };
    out.files.push(OutputFile {
        path: "src/lib.rs".into(),
        contents: format::rust_file(emit::krate::lib_rs(&out.apis), sources)
            .map_err(|m| Error::new(Path::new("specs"), "#", m))?,
    });
    if options.runtime == emit::krate::RuntimeDep::Bundled {
        for (path, text) in emit::krate::RUNTIME_FILES {
            let comment = if path.ends_with(".rs") { "//" } else { "#" };
            out.files.push(OutputFile {
                path: Path::new("runtime").join(path),
                contents: format!(
                    "{}{text}",
                    format::header(comment, &format!("codegen/runtime/{path}"))
                ),
            });
        }
    }
    out.files.push(OutputFile {
        path: "Cargo.toml".into(),
        contents: format!(
            "{}{}",
            format::header("#", sources),
            emit::krate::cargo_toml(&out.apis, options)
        ),
    });
    if options.standalone {
        // Its headers name the command that wrote it.
        for file in &mut out.files {
            file.contents =
                file.contents
                    .replacen("`cargo xtask codegen`", "`cargo xtask generate`", 1);
        }
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::title_name;

    #[test]
    fn api_names_from_titles_are_short_and_stable() {
        let cases = [
            ("Fireblocks API", "fireblocks"),
            ("Fireblocks API v1.6.2", "fireblocks"),
            ("Netlify's API documentation", "netlify"),
            ("Blockfrost.io ~ API Documentation", "blockfrost"),
            ("Dialogporten", "dialogporten"),
            ("Enfuce Customer API", "enfuce-customer"),
            ("OpenAI API", "openai"),
            ("Swagger Petstore - OpenAPI 3.0", "petstore"),
        ];
        for (title, name) in cases {
            assert_eq!(title_name(title).as_deref(), Some(name), "{title}");
        }
        assert_eq!(title_name("API v2"), None);
    }
}

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
