//! `cargo xtask corpus [DIR]`: generate every root document of a corpus
//! index into scratch crates, `cargo check` each (one shared target
//! directory), and print a table.

use codegen::emit::krate::CrateOptions;
use codegen::write::{self, Mode};
use codegen::SpecInput;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One row of `INDEX.tsv`.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    pub version: String,
    pub operations: usize,
}

pub fn read_index(dir: &Path) -> Result<Vec<Entry>, String> {
    let index = dir.join("INDEX.tsv");
    let text = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, version, _format, _bytes, operations, ..] = cols.as_slice() else {
            return Err(format!(
                "{}:{}: expected at least 5 columns",
                index.display(),
                i + 1
            ));
        };
        out.push(Entry {
            path: (*path).to_owned(),
            version: (*version).to_owned(),
            operations: operations.parse().unwrap_or(0),
        });
    }
    Ok(out)
}

/// What generating one document gave.
#[derive(Debug, Clone)]
pub struct Generation {
    pub generated_ops: usize,
    pub diagnostics: usize,
    pub millis: f64,
    /// `Err` for a spec error (a finding), `panic` text for a generator panic.
    pub outcome: Result<PathBuf, String>,
    pub panicked: bool,
}

/// Crate (and directory) name for a corpus path.
pub fn crate_name(path: &str) -> String {
    let stem: String = path
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .trim_end_matches(".json")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut name = String::new();
    for part in stem.split('-').filter(|p| !p.is_empty()) {
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(part);
    }
    format!("corpus-{name}")
}

/// The array form an API documents for `deepObject` values, where it is
/// known and not the default: Stripe writes `expand[]=a`.
fn form_arrays(path: &str) -> Option<codegen::ir::ArrayForm> {
    path.starts_with("stripe/")
        .then_some(codegen::ir::ArrayForm::Brackets)
}

/// Generates one document into `out_root/<crate>`; never panics.
pub fn generate(corpus: &Path, entry: &Entry, out_root: &Path) -> Generation {
    let name = crate_name(&entry.path);
    let out = out_root.join(&name);
    let started = Instant::now();
    let input = SpecInput {
        path: corpus.join(&entry.path),
        source: PathBuf::from(&entry.path),
        name: "api".into(),
        // Some documents share files in a sibling folder (`../common`).
        ref_root: Some(corpus.to_path_buf()),
        form_arrays: form_arrays(&entry.path),
    };
    let options = CrateOptions {
        name: name.clone(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let result = std::panic::catch_unwind(|| codegen::generate_crate(&[input], &options));
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Err(panic) => {
            let text = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panic".to_owned());
            Generation {
                generated_ops: 0,
                diagnostics: 0,
                millis,
                outcome: Err(text),
                panicked: true,
            }
        }
        Ok(Err(e)) => Generation {
            generated_ops: 0,
            diagnostics: 0,
            millis,
            outcome: Err(e.to_string()),
            panicked: false,
        },
        Ok(Ok(generated)) => {
            let ops = generated.apis.iter().map(|a| a.operations.len()).sum();
            let diagnostics = generated.diagnostics.len();
            let outcome = write::sync(&out, &generated.files, Mode::Write)
                .map(|_| out)
                .map_err(|e| e.to_string());
            Generation {
                generated_ops: ops,
                diagnostics,
                millis,
                outcome,
                panicked: false,
            }
        }
    }
}

/// `cargo check` of one generated crate, warnings denied. Returns (ok, seconds, first error lines).
pub fn check(crate_dir: &Path, target: &Path) -> (bool, f64, String) {
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("check")
        .arg("--quiet")
        .arg("--message-format=short")
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output();
    let secs = started.elapsed().as_secs_f64();
    match output {
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let first: Vec<&str> = stderr
                .lines()
                .filter(|l| l.contains("error"))
                .take(3)
                .collect();
            (o.status.success(), secs, first.join("\n"))
        }
        Err(e) => (false, secs, e.to_string()),
    }
}

pub fn run(root: &Path, args: &crate::cli::Args) -> Result<(), String> {
    let compile = !args.switch("--no-check");
    let dir = match args.positional.as_slice() {
        [] => root.join("../shared/corpus"),
        [dir] => PathBuf::from(dir),
        _ => return Err(args.error("give one corpus folder")),
    };
    let entries = read_index(&dir)?;
    let out_root = root.join("target/corpus");
    let target = root.join("target/corpus-target");
    println!(
        "{:<70} {:>7} {:>5} {:>5} {:>5} {:>8} {:>9} {:>8}",
        "spec", "version", "ops", "gen", "diag", "compiles", "gen ms", "check s"
    );
    let (mut panics, mut generated, mut compiled, mut failures) = (0, 0, 0, Vec::new());
    let (mut total_ops, mut total_gen_ops, mut total_diag) = (0, 0, 0);
    for entry in &entries {
        let g = generate(&dir, entry, &out_root);
        total_ops += entry.operations;
        total_gen_ops += g.generated_ops;
        total_diag += g.diagnostics;
        let (compiles, secs) = match &g.outcome {
            Ok(crate_dir) if compile => {
                generated += 1;
                let (ok, secs, errors) = check(crate_dir, &target);
                if ok {
                    compiled += 1;
                } else {
                    failures.push(format!("{}: does not compile:\n{errors}", entry.path));
                }
                (if ok { "yes" } else { "no" }, format!("{secs:.1}"))
            }
            Ok(_) => {
                generated += 1;
                ("-", "-".to_owned())
            }
            Err(e) => {
                if g.panicked {
                    panics += 1;
                }
                failures.push(format!(
                    "{}: {}{e}",
                    entry.path,
                    if g.panicked { "PANIC: " } else { "" }
                ));
                (if g.panicked { "PANIC" } else { "error" }, "-".to_owned())
            }
        };
        println!(
            "{:<70} {:>7} {:>5} {:>5} {:>5} {:>8} {:>9.1} {:>8}",
            entry.path,
            entry.version,
            entry.operations,
            g.generated_ops,
            g.diagnostics,
            compiles,
            g.millis,
            secs
        );
    }
    println!(
        "total: {} documents, {} generated, {} compile, {} panics; operations {}/{} generated; {} diagnostics",
        entries.len(),
        generated,
        compiled,
        panics,
        total_gen_ops,
        total_ops,
        total_diag
    );
    for f in &failures {
        eprintln!("{f}");
    }
    if panics > 0 {
        return Err(format!("{panics} documents made the generator panic"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small documents covering Swagger 2.0, OpenAPI 3.0 and 3.1.
    const COMPILED_SUBSET: &[&str] = &[
        "oai-examples/v2.0/yaml/petstore-expanded.yaml",
        "oai-examples/v3.0/petstore-expanded.yaml",
        "oai-examples/v3.0/link-example.yaml",
        "oai-examples/v3.1/webhook-example.yaml",
        "progenitor/param-overrides.json",
        "progenitor/keeper.json",
    ];

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    /// Big YAML documents are parsed in parts on several threads; on every
    /// YAML document of the corpus, cut finely, that gives the value (or the
    /// error) one parse gives.
    #[test]
    fn corpus_yaml_parses_to_the_same_value_in_parts() {
        let corpus = root().join("../shared/corpus");
        let entries = read_index(&corpus).expect("the corpus index");
        let mut compared = 0;
        for entry in entries.iter().filter(|e| e.path.ends_with(".yaml")) {
            let path = corpus.join(&entry.path);
            let text = std::fs::read_to_string(&path).expect("a corpus document");
            let whole = codegen::load::parse_value(&path, &text).map_err(|e| e.to_string());
            let parts =
                codegen::load::parse_value_in_parts(&path, &text, 2, 16).map_err(|e| e.to_string());
            assert!(whole == parts, "{} parses differently in parts", entry.path);
            compared += 1;
        }
        assert!(compared > 30, "only {compared} YAML documents");
    }

    /// The README's test command runs this: every corpus document generates
    /// without a panic, and a fixed subset plus the snapshot fixtures pass
    /// clippy with warnings denied. The
    /// whole corpus compiles with `cargo xtask corpus`.
    #[test]
    fn corpus_generates_without_panics_and_subset_compiles() {
        let corpus = root().join("../shared/corpus");
        let Ok(entries) = read_index(&corpus) else {
            panic!("the corpus index is missing at {}", corpus.display());
        };
        let scratch = root().join("target/corpus-smoke");
        let mut panics = Vec::new();
        let mut generated = 0;
        for entry in &entries {
            let g = generate(&corpus, entry, &scratch.join("all"));
            if g.panicked {
                panics.push(format!("{}: {:?}", entry.path, g.outcome));
            } else if g.outcome.is_ok() {
                generated += 1;
            }
        }
        assert!(panics.is_empty(), "generator panics: {panics:#?}");
        assert!(
            generated * 100 >= entries.len() * 90,
            "only {generated}/{} generated",
            entries.len()
        );

        // The subset, as members of one scratch workspace: one `cargo check`.
        let subset_dir = scratch.join("subset");
        let mut members = Vec::new();
        let mut generated_crates = Vec::new();
        let mut inputs = Vec::new();
        for path in COMPILED_SUBSET {
            assert!(
                entries.iter().any(|e| e.path == *path),
                "{path} is in the index"
            );
            inputs.push((corpus.clone(), PathBuf::from(path)));
        }
        // The generator's own snapshot fixtures compile too.
        let fixtures = root().join("codegen/tests");
        let mut fixture_files: Vec<PathBuf> = std::fs::read_dir(fixtures.join("fixtures"))
            .expect("fixtures directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        fixture_files.sort();
        for file in fixture_files {
            let rel = file.strip_prefix(&fixtures).expect("under fixtures");
            inputs.push((fixtures.clone(), rel.to_path_buf()));
        }
        for (base, rel) in &inputs {
            let input = SpecInput {
                path: base.join(rel),
                source: rel.clone(),
                name: "api".into(),
                ref_root: Some(base.clone()),
                form_arrays: None,
            };
            let name = crate_name(&rel.to_string_lossy());
            let options = CrateOptions {
                name: name.clone(),
                standalone: false,
                dev_dependencies: false,
                runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
            };
            let out = codegen::generate_crate(&[input], &options).unwrap_or_else(|e| panic!("{e}"));
            write::sync(&subset_dir.join(&name), &out.files, Mode::Write).expect("writable");
            members.push(format!("{name:?}"));
            generated_crates.push((name, out));
        }
        members.push(builder_usage(&subset_dir));
        members.push(doc_examples_usage(&subset_dir, &generated_crates));
        let manifest = format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        );
        std::fs::write(subset_dir.join("Cargo.toml"), manifest).expect("writable");
        crate::copy_lock_file(&subset_dir);
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "clippy",
                "--workspace",
                "--quiet",
                "--message-format=short",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&subset_dir)
            .env("CARGO_TARGET_DIR", crate::nested_target())
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "subset does not compile:\n{stderr}"
        );
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
        assert!(
            warnings.is_empty(),
            "subset compiles with warnings:\n{}",
            warnings.join("\n")
        );
    }

    /// `cargo xtask generate --bundle-runtime` writes a crate that carries
    /// the runtime crate and builds on its own, outside any workspace.
    #[test]
    fn a_crate_with_a_bundled_runtime_builds_on_its_own() {
        let out = root().join("target/bundled-runtime-crate");
        let _ = std::fs::remove_dir_all(&out);
        let spec = root().join("codegen/tests/fixtures/servers.yaml");
        crate::generate_standalone(
            &spec,
            &out,
            Some("bundled-runtime-crate"),
            None,
            codegen::emit::krate::RuntimeDep::Bundled,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
        assert!(
            manifest.contains("codegen-runtime = { path = \"runtime\""),
            "{manifest}"
        );
        assert!(out.join("runtime/src/lib.rs").is_file());
        crate::copy_lock_file(&out);
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["check", "--quiet", "--message-format=short"])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", crate::nested_target())
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A crate that uses a generated one as a caller would, checked with the
    /// subset: optional setters take the value or an `Option` (`None`
    /// included), and builders outlive the client they came from.
    fn builder_usage(subset_dir: &Path) -> String {
        let name = "builder-usage";
        let fixture = crate_name("fixtures/openapi31.yaml");
        let dir = subset_dir.join(name);
        std::fs::create_dir_all(dir.join("src")).expect("writable");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{fixture} = {{ path = \"../{fixture}\" }}\n"
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("writable");
        let lib = format!(
            "//! Calls as the README shows them.\n\n\
             use {}::api::{{Client, GetItem}};\n\n\
             pub fn requests(client: Client, limit: Option<i64>) -> Vec<GetItem> {{\n\
             \x20   let requests = vec![\n\
             \x20       client.get_item(\"a\").limit(5),\n\
             \x20       client.get_item(String::from(\"b\")).limit(Some(5)),\n\
             \x20       client.get_item(\"c\").limit(limit),\n\
             \x20       client.get_item(\"d\").limit(5).limit(None),\n\
             \x20   ];\n\
             \x20   drop(client);\n\
             \x20   requests\n\
             }}\n",
            fixture.replace('-', "_")
        );
        std::fs::write(dir.join("src/lib.rs"), lib).expect("writable");
        format!("{name:?}")
    }

    /// A crate made of the example on every operation's page of every
    /// subset crate, pasted as a caller would: the docs' examples compile
    /// (generated crates set `doctest = false`), without warnings.
    fn doc_examples_usage(subset_dir: &Path, crates: &[(String, codegen::Generated)]) -> String {
        let name = "doc-examples";
        let dir = subset_dir.join(name);
        let _ = std::fs::remove_dir_all(dir.join("src"));
        std::fs::create_dir_all(dir.join("src")).expect("writable");
        let mut manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n"
        );
        let mut examples = Vec::new();
        for (krate, out) in crates {
            manifest.push_str(&format!("{krate} = {{ path = \"../{krate}\" }}\n"));
            for file in out.files.iter().filter(|f| f.path.ends_with("mod.rs")) {
                for (op, code) in crate::readme::doc_examples(&file.contents) {
                    examples.push((format!("{}_{op}", krate.replace('-', "_")), code));
                }
            }
        }
        assert!(examples.len() >= 20, "only {} doc examples", examples.len());
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("writable");
        std::fs::write(
            dir.join("src/lib.rs"),
            crate::readme::examples_lib(&examples),
        )
        .expect("writable");
        format!("{name:?}")
    }

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(
            crate_name("oai-examples/v3.0/petstore.yaml"),
            "corpus-oai-examples-v3-0-petstore"
        );
        assert_eq!(
            crate_name("x/API.github.com.json"),
            "corpus-x-api-github-com"
        );
    }
}
