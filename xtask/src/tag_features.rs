//! A downstream crate that turns on one tag feature compiles, and cannot
//! see the operations and types of the other tags.
//!
//! It depends on the committed `generated-client` (only `fireblocks-trlink`)
//! and on a crate generated from the `tags.yaml` fixture (only `pets`), and
//! is checked twice in one scratch workspace: as is (must compile without a
//! warning), then with a `probe` feature that uses what the features leave
//! out (must fail, naming each item). It shares the corpus smoke test's
//! target directory, so the dependencies are already checked.
//!
//! The second test builds a generated crate with each tag feature alone (and
//! with none): every feature of the `tag-sharing.yaml` fixture, whose tags
//! share types every way a type can be reached. `cargo xtask tag-features
//! --spec PATH` runs the same sweep over the tags of any spec; `.ci/run` runs
//! it on the Fireblocks tags that share the most (a crate of 1.6 MB of spec,
//! too slow to check seven times on every `cargo test`).
//!
//! Test-only: its `expect`s are on the test's own scratch files and tools.

use crate::tags;
use codegen::emit::krate::CrateOptions;
use codegen::write::{self, Mode};
use codegen::SpecInput;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    crate::workspace_root()
}

const DOWNSTREAM: &str = r#"//! Uses only what the enabled tag features provide.

use generated_client::fireblocks;
use tags_client::tags::{self, types};

pub async fn pets(client: &tags::Client) -> Result<(), String> {
    let pet = types::NewPet { name: "Rex".into(), kind: Some(types::Kind::Dog), tags: None };
    let created: tags::CreatePetResult = client.create_pet(pet).await;
    let listed: tags::ListPetsResult = client.list_pets().kind(types::Kind::Cat).await;
    // `adoptPet` has the `pets` tag and `Store (Beta)`: either turns it on.
    let adopted: tags::AdoptPetResult = client.adopt_pet("7").await;
    let order: Option<types::Order> = adopted.ok().and_then(|a| a.body.order);
    let error: Option<tags::CreatePetFailure> = created.err();
    let _ = (listed, order, error.map(|e| e.to_string()));
    Ok(())
}

pub async fn trlink(client: &fireblocks::Client) -> bool {
    let failure: Option<fireblocks::DisconnectTrLinkIntegrationFailure> =
        client.disconnect_tr_link_integration(uuid::Uuid::nil()).await.err();
    failure.is_some()
}

/// Each line names something the features leave out.
#[cfg(feature = "probe")]
pub async fn probe(client: &tags::Client) {
    let _ = client.place_order(types::Order::default()).await;
    let _ = client.ping().await;
    let _: Option<types::Receipt> = None;
    let _: Option<types::Webhook> = None;
    let _: Option<generated_client::enfuce_customer::Client> = None;
}
"#;

fn downstream_manifest(root: &Path) -> String {
    let client = root.join("generated-client");
    format!(
        r#"[package]
name = "downstream"
version = "0.1.0"
edition = "2021"
publish = false

[features]
probe = []

[dependencies]
generated-client = {{ path = {client:?}, default-features = false, features = ["fireblocks-trlink", "rustls"] }}
tags-client = {{ path = "../tags-client", default-features = false, features = ["pets"] }}
uuid = "1"
"#
    )
}

fn check(dir: &Path, target: &Path, probe: bool) -> Output {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args([
        "check",
        "--quiet",
        "--message-format=short",
        "-p",
        "downstream",
    ]);
    if probe {
        cmd.args(["--features", "probe"]);
    }
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs")
}

#[test]
fn a_downstream_crate_with_one_tag_feature_compiles_without_the_others() {
    let root = root();
    let scratch = root.join("target/tag-features");
    let fixtures = root.join("codegen/tests");
    let input = SpecInput::new(&fixtures, Path::new("fixtures/tags.yaml"));
    let options = CrateOptions {
        name: "tags-client".into(),
        standalone: false,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let out = codegen::generate_crate(&[input], &options).unwrap_or_else(|e| panic!("{e}"));
    write::sync(&scratch.join("tags-client"), &out.files, Mode::Write).expect("writable");
    let downstream = scratch.join("downstream");
    std::fs::create_dir_all(downstream.join("src")).expect("writable");
    std::fs::write(downstream.join("Cargo.toml"), downstream_manifest(&root)).expect("writable");
    std::fs::write(downstream.join("src/lib.rs"), DOWNSTREAM).expect("writable");
    std::fs::write(
        scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"downstream\", \"tags-client\"]\n",
    )
    .expect("writable");
    crate::copy_lock_file(&scratch);
    let target = crate::nested_target();

    let ok = check(&scratch, &target, false);
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert!(ok.status.success(), "one tag does not compile:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "one tag compiles with warnings:\n{stderr}"
    );

    let probe = check(&scratch, &target, true);
    let stderr = String::from_utf8_lossy(&probe.stderr);
    assert!(!probe.status.success(), "the probe compiled:\n{stderr}");
    for missing in [
        "no method named `place_order`",
        "no method named `ping`",
        "`Receipt`",
        "`Webhook`",
        "`enfuce_customer`",
    ] {
        assert!(
            stderr.contains(missing),
            "expected an error about {missing}:\n{stderr}"
        );
    }
}

/// Generates `rel` (under `base`) as the member `name` of `workspace`; its
/// single features.
fn member(workspace: &Path, base: &Path, rel: &str, name: &str) -> Vec<String> {
    let input = SpecInput::new(base, Path::new(rel));
    let options = CrateOptions {
        name: name.into(),
        standalone: false,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    let out = codegen::generate_crate(&[input], &options).unwrap_or_else(|e| panic!("{e}"));
    write::sync(&workspace.join(name), &out.files, Mode::Write).expect("writable");
    // Features only ever turn items on (`any`), never off: so what builds
    // with each feature alone builds with any set of them.
    for file in &out.files {
        let text: String = file.contents.split_whitespace().collect();
        for negative in ["not(feature", "all(feature"] {
            assert!(
                !text.contains(negative),
                "{}: a `cfg` with `{negative}`",
                file.path.display()
            );
        }
    }
    tags::single_features(&out.apis)
}

#[test]
fn each_tag_feature_alone_builds_without_warnings() {
    let root = root();
    let scratch = root.join("target/tag-features-alone");
    let sharing = member(
        &scratch,
        &root.join("codegen/tests"),
        "fixtures/tag-sharing.yaml",
        "tag-sharing-client",
    );
    std::fs::write(
        scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"tag-sharing-client\"]\n",
    )
    .expect("writable");
    crate::copy_lock_file(&scratch);
    // The fixture's tags, `untagged` and the renamed ones included.
    for f in [
        "billing",
        "catalog",
        "default2",
        "orders-beta",
        "orders-beta2",
        "untagged",
    ] {
        assert!(
            sharing.contains(&f.to_owned()),
            "no feature {f}: {sharing:?}"
        );
    }

    let target = crate::nested_target();
    // Seconds per build, seen with `--nocapture`.
    let log = |b: &tags::Build| eprintln!("{:<40} {:>5.1} s", b.label(), b.secs);
    let builds = tags::sweep(&scratch, "tag-sharing-client", &sharing, &target, log);
    assert_eq!(builds.len(), sharing.len() + 1);
    let failures = tags::failures(&builds);
    assert!(
        failures.is_empty(),
        "features that do not build cleanly alone:\n{failures}"
    );
}
