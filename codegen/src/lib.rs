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
    let (mut api, mut diagnostics) = lower::lower(&doc, &spec.name)?;
    let settings = analyze::paginate::load_settings(
        &analyze::paginate::settings_path(&spec.path),
        &analyze::paginate::settings_path(&spec.source),
    )?;
    let (findings, notes) = analyze::paginate::analyze(&doc, &mut api, settings.as_ref());
    diagnostics.extend(notes);
    if let Some(form) = spec.form_arrays {
        api.form_arrays = form;
    }
    drop_in_background(doc);
    naming::name_api(&mut api, module);
    Ok((api, diagnostics, findings))
}

/// Frees `value` on a thread of its own: a loaded document is tens of
/// megabytes of small allocations, and freeing it takes a core for
/// milliseconds that naming and emission need not wait for.
fn drop_in_background<T: Send + 'static>(value: T) {
    // Should the thread not start, the closure (and `value`) is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Generates a whole crate (Cargo.toml, lib.rs, runtime, one module per spec).
/// Paths in the output are relative to the crate root.
pub fn generate_crate(specs: &[SpecInput], options: &CrateOptions) -> Result<Generated, Error> {
    let mut out = Generated::default();
    let mut modules = naming::Scope::with_reserved(&["runtime"]);
    let mut sorted: Vec<&SpecInput> = specs.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = sorted.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(Error::new(
            &pair[1].source,
            "#",
            format!(
                "two specs are both named `{}` (the other is {}); rename one",
                pair[1].name,
                pair[0].source.display()
            ),
        ));
    }
    let mut features = naming::Scope::with_reserved(naming::CRATE_FEATURES);
    for spec in &sorted {
        features.claim(&spec.name, false);
    }
    // Tag features carry the API's name only when the crate has several.
    let several = sorted.len() > 1;
    for spec in sorted {
        let module = modules.claim(&naming::snake(&spec.name), true);
        let (mut api, diagnostics) = lower_spec(spec, module)?;
        naming::name_features(
            &mut api,
            &mut features,
            several.then_some(spec.name.as_str()),
        );
        out.diagnostics.extend(diagnostics);
        let source = spec.source.to_string_lossy().replace('\\', "/");
        let bug = |m: String| Error::new(&spec.source, "#", m);
        let dir = PathBuf::from("src").join(&api.module);
        // Both files are emitted and formatted piece by piece on every
        // available thread (see `format::rust_files`).
        let (module, types) = {
            let cx = emit::Context::new(&api);
            let (module, types) = (emit::api_pieces(&cx), emit::types_pieces(&cx));
            let mut texts =
                format::rust_files(&[(&module, &source), (&types, &source)]).into_iter();
            let mut next = || {
                texts
                    .next()
                    .unwrap_or_else(|| Err("generator bug: a file was not formatted".into()))
            };
            (next(), next())
        };
        out.files.push(OutputFile {
            path: dir.join("mod.rs"),
            contents: module.map_err(bug)?,
        });
        out.files.push(OutputFile {
            path: dir.join("types.rs"),
            contents: types.map_err(bug)?,
        });
        out.apis.push(api);
    }
    let sources = "specs/";
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
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
