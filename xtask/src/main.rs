//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask vendor PAGE...`.

mod bench;
mod bench_runtime;
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

const USAGE: &str = "usage:
  cargo xtask codegen [--check]         regenerate generated-client from specs/ (--check: fail if stale)
  cargo xtask vendor [--name N] PAGE... extract OpenAPI blocks from documentation pages into specs/
  cargo xtask vendor --from-spec SPEC --operation ID... --name N
                                        cut operations (and what they reach) out of SPEC into specs/N.yaml
  cargo xtask generate --spec PATH --out DIR [--name NAME] [--ref-root DIR]
                     [--runtime-path P | --runtime-version V | --bundle-runtime]
                     [--form-arrays indexed|brackets]
                                        write a standalone client crate for one spec; `$ref`d
                                        files are read only under the spec's folder (or DIR).
                                        The runtime crate is this checkout's by absolute path,
                                        else P (as written), V from a registry, or a copy
                                        inside the crate (`runtime/`). --form-arrays: arrays
                                        inside deepObject values as a[0]=x or a[]=x
  cargo xtask corpus [DIR] [--no-check] generate every INDEX.tsv document of DIR (default ../shared/corpus)
                                        into target/corpus/ and `cargo check` each; prints a table
  cargo xtask bench [--no-check] [--no-runtime | --runtime-only] [--tag NAME] [--runs N] [--timeout SECS] [SPEC...]
                                        generator time per step and end to end, generated lines, and
                                        `cargo check` time/memory (all features, one tag) on big specs;
                                        then decode MB/s, peak heap and call latency vs serde's derive
  cargo xtask pagination [--ref-root DIR] SPEC...
                                        list each spec's list operations: which page, in which
                                        style and from what, and why the others do not
  cargo xtask tag-features --spec PATH [--out DIR] [--only A,B]
                                        generate one spec, then clippy -D warnings the crate with no
                                        feature and with each tag feature alone; seconds per feature";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    if args.is_empty()
        || args
            .iter()
            .any(|a| a == "--help" || a == "-h" || a == "help")
    {
        // A closed pipe (`| head`) is not an error of ours.
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            usage_of(args.first().map(String::as_str))
        );
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&root, &args[1..]),
        Some("vendor") => vendor_cmd(&root, &args[1..]),
        Some("generate") => generate_cmd(&args[1..]),
        Some("corpus") => corpus::run(&root, &args[1..]),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("tag-features") => tags::run(&root, &args[1..]),
        Some("pagination") => pagination::run(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The usage lines of one command (all of them for an unknown one).
fn usage_of(command: Option<&str>) -> String {
    let Some(command) = command.filter(|c| !c.starts_with('-') && *c != "help") else {
        return USAGE.to_owned();
    };
    let prefix = format!("  cargo xtask {command} ");
    let mut lines = Vec::new();
    let mut inside = false;
    for line in USAGE.lines().skip(1) {
        if line.starts_with("  cargo xtask ") {
            inside = line.starts_with(&prefix) || line == prefix.trim_end();
        }
        if inside {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        USAGE.to_owned()
    } else {
        format!("usage:\n{}", lines.join("\n"))
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

fn codegen(root: &Path, args: &[String]) -> Result<(), String> {
    let mode = match args {
        [] => Mode::Write,
        [flag] if flag == "--check" => Mode::Check,
        _ => return Err(USAGE.to_owned()),
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

fn vendor_cmd(root: &Path, args: &[String]) -> Result<(), String> {
    let mut name = None;
    let mut pages = Vec::new();
    let mut from_spec = None;
    let mut operations = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--name" {
            name = Some(it.next().ok_or("--name needs a value")?.clone());
        } else if arg == "--from-spec" {
            from_spec = Some(it.next().ok_or("--from-spec needs a path")?.clone());
        } else if arg == "--operation" {
            operations.push(it.next().ok_or("--operation needs an operationId")?.clone());
        } else {
            pages.push(PathBuf::from(arg));
        }
    }
    if let Some(spec) = from_spec {
        let name = name.ok_or("--from-spec needs --name")?;
        if operations.is_empty() || !pages.is_empty() {
            return Err(USAGE.to_owned());
        }
        let written = vendor_cut::run(
            Path::new(&spec),
            &spec,
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
        return Err(USAGE.to_owned());
    }
    let written =
        vendor::run(&pages, &root.join("specs"), name.as_deref()).map_err(|e| e.to_string())?;
    for p in written {
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}

/// Parses `--flag value` pairs.
fn flags<'a>(args: &'a [String], known: &[&str]) -> Result<Vec<(&'a str, &'a str)>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if !known.contains(&flag.as_str()) {
            return Err(format!("unknown argument `{flag}`\n{USAGE}"));
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        out.push((flag.as_str(), value.as_str()));
    }
    Ok(out)
}

fn generate_cmd(args: &[String]) -> Result<(), String> {
    let (bundle, args): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|a| *a == "--bundle-runtime");
    let args: Vec<String> = args.into_iter().cloned().collect();
    let flags = flags(
        &args,
        &[
            "--spec",
            "--out",
            "--name",
            "--ref-root",
            "--runtime-path",
            "--runtime-version",
            "--form-arrays",
        ],
    )?;
    let get = |f: &str| flags.iter().find(|(k, _)| *k == f).map(|(_, v)| *v);
    let form_arrays = match get("--form-arrays") {
        None => None,
        Some(text) => Some(
            codegen::ir::ArrayForm::parse(text)
                .ok_or_else(|| format!("--form-arrays is `indexed` or `brackets`, not `{text}`"))?,
        ),
    };
    let spec = get("--spec").ok_or(USAGE)?;
    let out = PathBuf::from(get("--out").ok_or(USAGE)?);
    let runtime = match (
        !bundle.is_empty(),
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

#[cfg(test)]
mod tests {
    use super::usage_of;

    #[test]
    fn every_command_has_its_usage() {
        for command in [
            "codegen",
            "vendor",
            "generate",
            "corpus",
            "bench",
            "tag-features",
        ] {
            let usage = usage_of(Some(command));
            assert!(usage.starts_with("usage:\n"), "{command}: {usage}");
            assert!(
                usage.contains(&format!("cargo xtask {command}")),
                "{command}: {usage}"
            );
            assert!(
                usage
                    .lines()
                    .filter(|l| l.starts_with("  cargo xtask "))
                    .all(|l| l.starts_with(&format!("  cargo xtask {command}"))),
                "{command}: {usage}"
            );
        }
        assert!(usage_of(Some("generate")).contains("--bundle-runtime"));
        assert_eq!(usage_of(None), super::USAGE);
        assert_eq!(usage_of(Some("--help")), super::USAGE);
    }
}
