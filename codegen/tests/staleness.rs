//! The committed `generated-client` is exactly what codegen produces now.

use codegen::emit::krate::CrateOptions;
use codegen::write::{sync, Mode};
use codegen::SpecInput;
use std::path::Path;

#[test]
fn generated_client_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let mut specs: Vec<SpecInput> = std::fs::read_dir(root.join("specs"))
        .expect("specs/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .map(|p| SpecInput::new(root, p.strip_prefix(root).expect("under root")))
        .collect();
    specs.sort_by(|a, b| a.path.cmp(&b.path));
    let options = CrateOptions {
        name: "generated-client".into(),
        standalone: false,
        dev_dependencies: true,
    };
    let generated = codegen::generate_crate(&specs, &options).unwrap_or_else(|e| panic!("{e}"));
    let report = sync(
        &root.join("generated-client"),
        &generated.files,
        Mode::Check,
    )
    .expect("readable");
    assert!(
        report.is_clean(),
        "generated-client is stale; run `cargo xtask codegen`.\nchanged: {:?}\nremoved: {:?}",
        report.written,
        report.removed
    );
}

/// The fixture modules the wire tests of `generated-client` compile in
/// (`cargo xtask codegen` writes them to `generated-client/tests/generated/`).
#[test]
fn wire_fixture_modules_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let base = root.join("codegen/tests");
    let specs = [SpecInput::new(&base, Path::new("fixtures/openapi32.yaml"))];
    let options = CrateOptions {
        name: "wire-fixtures".into(),
        standalone: false,
        dev_dependencies: false,
    };
    let generated = codegen::generate_crate(&specs, &options).unwrap_or_else(|e| panic!("{e}"));
    let modules: Vec<_> = generated
        .files
        .into_iter()
        .filter(|f| f.path.components().count() == 3)
        .collect();
    assert_eq!(modules.len(), 2, "mod.rs and types.rs");
    let report = sync(
        &root.join("generated-client/tests/generated"),
        &modules,
        Mode::Check,
    )
    .expect("readable");
    assert!(
        report.is_clean(),
        "generated-client/tests/generated is stale; run `cargo xtask codegen`.\nchanged: {:?}\nremoved: {:?}",
        report.written,
        report.removed
    );
}
