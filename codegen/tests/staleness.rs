//! The committed `generated-client` is exactly what codegen produces now:
//! the same functions `cargo xtask codegen` calls, in check mode.

use codegen::workspace;
use codegen::write::{sync, Mode};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

#[test]
fn generated_client_is_up_to_date() {
    let generated = workspace::client(root()).unwrap_or_else(|e| panic!("{e}"));
    let report = sync(
        &root().join(workspace::CLIENT_DIR),
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
    let modules = workspace::wire_fixture_modules(root()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        modules.len(),
        2 * workspace::WIRE_FIXTURES.len(),
        "mod.rs and types.rs of each"
    );
    let report = sync(
        &root().join(workspace::WIRE_FIXTURE_DIR),
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

/// Every file of the runtime crate is in the list a bundled runtime is
/// written from, so a crate that carries the runtime carries all of it.
#[test]
fn bundled_runtime_lists_every_runtime_file() {
    let dir = root().join("codegen/runtime/src");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("runtime sources")
        .filter_map(|e| e.ok())
        .map(|e| format!("src/{}", e.file_name().to_string_lossy()))
        .collect();
    on_disk.push("Cargo.toml".into());
    on_disk.sort();
    let mut listed: Vec<String> = codegen::emit::krate::RUNTIME_FILES
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, on_disk);
    for (path, text) in codegen::emit::krate::RUNTIME_FILES {
        let on_disk =
            std::fs::read_to_string(root().join("codegen/runtime").join(path)).expect("readable");
        assert_eq!(&on_disk, text, "{path}");
    }
}
