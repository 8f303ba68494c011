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
        3 * workspace::WIRE_FIXTURES.len(),
        "mod.rs, operations.rs and types.rs of each"
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

/// The features a generated crate defines besides its APIs and their tags
/// are the ones naming keeps API names clear of.
#[test]
fn crate_features_are_the_ones_naming_reserves() {
    let toml = std::fs::read_to_string(root().join(workspace::CLIENT_DIR).join("Cargo.toml"))
        .expect("generated-client/Cargo.toml");
    let section = toml
        .split("\n[features]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [features] section");
    let unquote = |s: &str| s.trim().trim_matches('"').to_owned();
    let features: Vec<(String, Vec<String>)> = section
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(" = "))
        .filter_map(|l| l.split_once(" = "))
        .map(|(key, value)| {
            let list = value.trim().trim_start_matches('[').trim_end_matches(']');
            let items = list.split(',').map(unquote).filter(|s| !s.is_empty());
            (unquote(key), items.collect())
        })
        .collect();
    let apis: Vec<&String> = features
        .iter()
        .find(|(k, _)| k == "default")
        .map(|(_, v)| v.iter().filter(|f| *f != "rustls").collect())
        .expect("a default feature");
    let tags: Vec<&String> = features
        .iter()
        .filter(|(k, _)| apis.contains(&k))
        .flat_map(|(_, v)| v)
        .collect();
    let mut own: Vec<&str> = features
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !apis.contains(k) && !tags.contains(k))
        .map(String::as_str)
        .collect();
    own.sort_unstable();
    let mut reserved = codegen::naming::CRATE_FEATURES.to_vec();
    reserved.sort_unstable();
    assert!(!apis.is_empty() && !tags.is_empty());
    assert_eq!(own, reserved);
}
