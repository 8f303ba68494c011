//! One snapshot of the generated API module per spec: the fixtures here and
//! the vendored specs in `specs/`.

use codegen::emit::krate::CrateOptions;
use codegen::SpecInput;
use std::path::Path;

fn generated_module(path: &Path) -> String {
    let root = path
        .parent()
        .and_then(Path::parent)
        .expect("fixture has a parent directory");
    let rel = path.strip_prefix(root).expect("path is under root");
    let spec = SpecInput::new(root, rel);
    let options = CrateOptions {
        name: "snapshot".into(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let out = codegen::generate_crate(&[spec], &options).unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::new();
    for d in &out.diagnostics {
        text.push_str(&format!("// {d}\n"));
    }
    for file in out
        .files
        .iter()
        .filter(|f| f.path.components().count() == 3)
    {
        text.push_str(&format!("// ==== {} ====\n", file.path.display()));
        text.push_str(&file.contents);
    }
    text
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        insta::assert_snapshot!(generated_module(path));
    });
}

#[test]
fn vendored_specs() {
    insta::glob!("../../specs", "*.yaml", |path| {
        insta::assert_snapshot!(generated_module(path));
    });
}

#[test]
fn output_is_deterministic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features.yaml");
    assert_eq!(generated_module(&path), generated_module(&path));
}
