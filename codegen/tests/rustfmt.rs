//! rustfmt leaves a generated crate alone, whatever the surrounding
//! workspace's `rustfmt.toml` says: `cargo fmt --all` in a downstream
//! workspace must not rewrite generated files.

use codegen::emit::krate::CrateOptions;
use codegen::write::{sync, Mode};
use codegen::SpecInput;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

/// A crate of every spec in `specs/` and every snapshot fixture, written
/// to `dir`.
fn generate_into(dir: &Path) {
    let mut specs: Vec<SpecInput> = Vec::new();
    for sub in ["specs", "codegen/tests/fixtures"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(sub))
            .expect("readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            let rel = file.strip_prefix(root()).expect("under root");
            specs.push(SpecInput::new(root(), rel));
        }
    }
    let options = CrateOptions {
        name: "downstream-client".into(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let generated = codegen::generate_crate(&specs, &options).unwrap_or_else(|e| panic!("{e}"));
    sync(dir, &generated.files, Mode::Write).expect("writable target/");
}

/// `rustfmt --check` from the crate root, as `cargo fmt` runs it: it follows
/// the `mod` declarations of `lib.rs`.
fn rustfmt_check(dir: &Path) -> (bool, String) {
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "src/lib.rs"])
        .current_dir(dir)
        .output()
        .expect("rustfmt is installed (rustup component add rustfmt)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn rustfmt_changes_nothing_in_a_generated_crate() {
    let dir = root().join("target/rustfmt-downstream");
    generate_into(&dir);
    let configs = [
        ("default settings", ""),
        (
            "a downstream workspace's own settings",
            "max_width = 60\nhard_tabs = true\ntab_spaces = 2\nreorder_modules = true\n\
             use_small_heuristics = \"Max\"\nnewline_style = \"Unix\"\n",
        ),
    ];
    for (what, config) in configs {
        std::fs::write(dir.join("rustfmt.toml"), config).expect("writable");
        let (clean, diff) = rustfmt_check(&dir);
        assert!(
            clean,
            "rustfmt with {what} would change the generated crate:\n{diff}"
        );
    }
}
