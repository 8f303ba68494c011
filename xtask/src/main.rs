//! Project tasks: `cargo xtask <command>`; the commands and their flags are
//! declared in [`cli`] (`cargo xtask --help` lists them).

mod bench;
mod bench_runtime;
mod cli;
mod conformance;
mod corpus;
mod pagination;
#[cfg(test)]
mod readme;
mod tags;
mod vendor;
mod vendor_cut;

use codegen::emit::krate::{CrateOptions, RuntimeDep};
use codegen::workspace;
use codegen::write::{self, Mode};
use codegen::SpecInput;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let help = |a: &String| a == "--help" || a == "-h" || a == "help";
    let command = args.first().and_then(|a| cli::command(a));
    if args.is_empty() || args.iter().any(help) {
        // A closed pipe (`| head`) is not an error of ours.
        let _ = writeln!(std::io::stdout(), "{}", cli::usage(command.map(|c| c.name)));
        return ExitCode::SUCCESS;
    }
    let result = match command {
        Some(command) => {
            cli::Args::parse(command, &args[1..]).and_then(|parsed| match command.name {
                "codegen" => codegen(&root, &parsed),
                "vendor" => vendor_cmd(&root, &parsed),
                "generate" => generate_cmd(&parsed),
                "corpus" => corpus::run(&root, &parsed),
                "bench" => bench::run(&root, &parsed, &args[1..]),
                "tag-features" => tags::run(&root, &parsed),
                "pagination" => pagination::run(&parsed),
                "conformance" => conformance::run(&root, &parsed),
                other => Err(format!("`{other}` is declared but not wired")),
            })
        }
        None => Err(format!(
            "unknown command `{}`\n{}",
            args[0],
            cli::usage(None)
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The one target directory of the builds tests and commands start
/// themselves (scratch crates, the corpus subset, tag sweeps): `nested/`
/// under the target directory cargo was given (`CARGO_TARGET_DIR`, else the
/// workspace's `target/`). One directory, so their dependencies are checked
/// once; not the workspace's own, so they never wait for (or hold) its lock
/// while another cargo builds the workspace.
pub fn nested_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("nested")
}

/// Gives the scratch workspace at `dir` the repository's lock file, so its
/// build resolves to the versions already fetched: no registry index update
/// (which would hold cargo's package cache lock) and no new downloads.
pub fn copy_lock_file(dir: &Path) {
    // Without it cargo resolves afresh: slower, not wrong.
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn codegen(root: &Path, args: &cli::Args) -> Result<(), String> {
    let mode = if args.switch("--check") {
        Mode::Check
    } else {
        Mode::Write
    };
    let started = Instant::now();
    let generated = codegen::workspace::client(root)?;
    for d in &generated.diagnostics {
        eprintln!("{d}");
    }
    let mut report = write::sync(&root.join(workspace::CLIENT_DIR), &generated.files, mode)
        .map_err(|e| e.to_string())?;
    let fixtures = workspace::wire_fixture_modules(root)?;
    let fixture_report = write::sync(&root.join(workspace::WIRE_FIXTURE_DIR), &fixtures, mode)
        .map_err(|e| e.to_string())?;
    report.written.extend(fixture_report.written);
    report.removed.extend(fixture_report.removed);
    report.unchanged += fixture_report.unchanged;
    let elapsed = started.elapsed();
    match mode {
        Mode::Check if !report.is_clean() => {
            for p in &report.written {
                eprintln!("stale: {}", p.display());
            }
            for p in &report.removed {
                eprintln!("stale (spec gone): {}", p.display());
            }
            Err("generated code is out of date; run `cargo xtask codegen`".to_owned())
        }
        Mode::Check => {
            eprintln!(
                "generated-client is up to date ({} files checked, {:.0?})",
                report.unchanged, elapsed
            );
            Ok(())
        }
        Mode::Write => {
            for p in &report.written {
                eprintln!("wrote {}", p.display());
            }
            for p in &report.removed {
                eprintln!("removed {}", p.display());
            }
            eprintln!(
                "{} specs: {} files written, {} unchanged, {} removed in {:.0?}",
                generated.apis.len(),
                report.written.len(),
                report.unchanged,
                report.removed.len(),
                elapsed
            );
            Ok(())
        }
    }
}

fn vendor_cmd(root: &Path, args: &cli::Args) -> Result<(), String> {
    let name = args.value("--name").map(str::to_owned);
    let pages: Vec<PathBuf> = args.positional.iter().map(PathBuf::from).collect();
    let from_spec = args.value("--from-spec");
    let operations: Vec<String> = args
        .values("--operation")
        .into_iter()
        .map(str::to_owned)
        .collect();
    if let Some(spec) = from_spec {
        let name = name.ok_or_else(|| args.error("--from-spec needs --name"))?;
        if operations.is_empty() || !pages.is_empty() {
            return Err(args.error("--from-spec needs --operation and no pages"));
        }
        let written = vendor_cut::run(
            Path::new(spec),
            spec,
            &operations,
            &root.join("specs"),
            &name,
        )
        .map_err(|e| e.to_string())?;
        for p in written {
            eprintln!("wrote {}", p.display());
        }
        return Ok(());
    }
    if pages.is_empty() {
        return Err(args.error("give the documentation pages to vendor"));
    }
    let written =
        vendor::run(&pages, &root.join("specs"), name.as_deref()).map_err(|e| e.to_string())?;
    for p in written {
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}

fn generate_cmd(args: &cli::Args) -> Result<(), String> {
    let get = |f: &str| args.value(f);
    let form_arrays = match get("--form-arrays") {
        None => None,
        Some(text) => Some(
            codegen::ir::ArrayForm::parse(text)
                .ok_or_else(|| format!("--form-arrays is `indexed` or `brackets`, not `{text}`"))?,
        ),
    };
    let spec = args.required("--spec")?;
    let out = PathBuf::from(args.required("--out")?);
    let runtime = match (
        args.switch("--bundle-runtime"),
        get("--runtime-path"),
        get("--runtime-version"),
    ) {
        (true, None, None) => RuntimeDep::Bundled,
        (false, Some(path), None) => RuntimeDep::Path(path.to_owned()),
        (false, None, Some(version)) => RuntimeDep::Version(version.to_owned()),
        (false, None, None) => RuntimeDep::this_checkout(),
        _ => {
            return Err(
                "give at most one of --bundle-runtime, --runtime-path, --runtime-version".into(),
            )
        }
    };
    let report = generate_standalone_with(
        Path::new(spec),
        &out,
        get("--name"),
        get("--ref-root"),
        runtime,
        form_arrays,
    )?;
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    eprintln!("wrote {} ({} files changed)", out.display(), report.changed);
    Ok(())
}

pub struct Standalone {
    pub diagnostics: Vec<codegen::diag::Diagnostic>,
    pub changed: usize,
    pub operations: usize,
    /// The generated package's name.
    pub crate_name: String,
    pub apis: Vec<codegen::ir::Api>,
}

/// Generates one spec into a crate of its own at `out`.
fn generate_standalone(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    ref_root: Option<&str>,
    runtime: RuntimeDep,
) -> Result<Standalone, String> {
    generate_standalone_with(spec, out, name, ref_root, runtime, None)
}

/// [`generate_standalone`], with the array form inside `deepObject`
/// values (`--form-arrays`; `None`: the spec's choice).
fn generate_standalone_with(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    ref_root: Option<&str>,
    runtime: RuntimeDep,
    form_arrays: Option<codegen::ir::ArrayForm>,
) -> Result<Standalone, String> {
    let dir = spec.parent().unwrap_or(Path::new("."));
    let file = spec
        .file_name()
        .map(PathBuf::from)
        .ok_or("--spec must name a file")?;
    let mut input = SpecInput::new(dir, &file);
    input.source = spec.to_path_buf();
    input.ref_root = ref_root.map(PathBuf::from);
    // The API (module and features) is named `--name`, else from its
    // `info.title` (empty: see `codegen::generate_crate`); so is the crate.
    input.name = name.map(codegen::naming::feature_name).unwrap_or_default();
    input.form_arrays = form_arrays;
    let options = CrateOptions {
        name: name.unwrap_or_default().to_owned(),
        standalone: true,
        dev_dependencies: false,
        runtime,
    };
    let generated = codegen::generate_crate(&[input], &options).map_err(|e| e.to_string())?;
    let report = write::sync(out, &generated.files, Mode::Write).map_err(|e| e.to_string())?;
    let crate_name = generated.crate_name.clone();
    Ok(Standalone {
        diagnostics: generated.diagnostics,
        changed: report.written.len() + report.removed.len(),
        operations: generated.apis.iter().map(|a| a.operations.len()).sum(),
        crate_name,
        apis: generated.apis,
    })
}

#[cfg(test)]
mod tag_features;
