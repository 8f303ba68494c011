//! `cargo xtask tag-features --spec PATH [--out DIR] [--only A,B]`: generates
//! one spec and runs clippy (warnings denied) on the crate with each of its
//! tag features alone, and with none; prints one row per feature with the
//! seconds it took, and fails when any build fails or warns.
//!
//! The `tag_features` test runs the same sweep on a fixture and a few
//! Fireblocks tags; this command is the whole sweep, for any spec.

use codegen::emit::krate::RuntimeDep;
use codegen::ir::Api;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The crate's features each of which, alone, must build: every tag
/// feature, or the API's own feature when the API has no tags.
pub fn single_features(apis: &[Api]) -> Vec<String> {
    let mut out = Vec::new();
    for api in apis {
        if api.features.is_empty() {
            out.push(api.name.clone());
        } else {
            out.extend(api.features.iter().map(|f| f.name.clone()));
        }
    }
    out
}

/// One build of a crate with one feature set.
pub struct Build {
    /// The feature, `None` for no API feature at all.
    pub feature: Option<String>,
    pub ok: bool,
    pub secs: f64,
    /// What cargo printed (errors and warnings, short format).
    pub messages: String,
}

impl Build {
    pub fn label(&self) -> &str {
        self.feature.as_deref().unwrap_or("(none)")
    }

    /// Built, and without a warning.
    pub fn clean(&self) -> bool {
        self.ok && !self.messages.contains("warning")
    }
}

/// `cargo clippy -p package --no-default-features --features rustls[,feature]
/// -- -D warnings` in `workspace`. `rustls` stays on so that the dependencies
/// are built with the features every other check of the repository uses,
/// and shared through `target`; the generated code has no `cfg` on it.
pub fn clippy_alone(
    workspace: &Path,
    package: &str,
    feature: Option<&str>,
    target: &Path,
) -> Build {
    let features = match feature {
        Some(f) => format!("rustls,{f}"),
        None => "rustls".to_owned(),
    };
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "clippy",
            "--quiet",
            "--message-format=short",
            "-p",
            package,
            "--no-default-features",
            "--features",
            &features,
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .output();
    let secs = started.elapsed().as_secs_f64();
    let (ok, messages) = match output {
        Ok(o) => (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (false, format!("cargo did not run: {e}")),
    };
    Build {
        feature: feature.map(str::to_owned),
        ok,
        secs,
        messages,
    }
}

/// No feature, then each of `features` alone; `each` sees every build as
/// it ends.
pub fn sweep(
    workspace: &Path,
    package: &str,
    features: &[String],
    target: &Path,
    mut each: impl FnMut(&Build),
) -> Vec<Build> {
    let all = std::iter::once(None).chain(features.iter().map(|f| Some(f.as_str())));
    all.map(|feature| {
        let build = clippy_alone(workspace, package, feature, target);
        each(&build);
        build
    })
    .collect()
}

/// The first lines of what each unclean build printed.
pub fn failures(builds: &[Build]) -> String {
    let mut out = String::new();
    for b in builds.iter().filter(|b| !b.clean()) {
        out.push_str(&format!("== {}\n", b.label()));
        for line in b.messages.lines().take(20) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn run(root: &Path, args: &crate::cli::Args) -> Result<(), String> {
    let get = |f: &str| args.value(f);
    let spec = Path::new(args.required("--spec")?);
    let out = match get("--out") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("target/tag-features-sweep"),
    };
    let generated =
        crate::generate_standalone(spec, &out, None, None, RuntimeDep::this_checkout())?;
    let package = generated.crate_name;
    let mut features = single_features(&generated.apis);
    if let Some(only) = get("--only") {
        let wanted: Vec<&str> = only.split(',').collect();
        if let Some(missing) = wanted.iter().find(|w| !features.iter().any(|f| f == *w)) {
            return Err(format!(
                "`{missing}` is not a tag feature of {}; they are: {}",
                spec.display(),
                features.join(", ")
            ));
        }
        features.retain(|f| wanted.contains(&f.as_str()));
    }
    // The target of the tests' nested builds, whose dependencies `cargo
    // test` has already checked (under CARGO_TARGET_DIR when it is set).
    let target = crate::nested_target();
    eprintln!(
        "{}: {} tag features, clippy -D warnings each alone, in {}",
        package,
        features.len(),
        out.display()
    );
    crate::copy_lock_file(&out);
    let started = Instant::now();
    let builds = sweep(&out, &package, &features, &target, |build| {
        println!(
            "{:<48} {:<6} {:>6.1} s",
            build.label(),
            if build.clean() { "ok" } else { "FAILED" },
            build.secs
        );
    });
    let failed = builds.iter().filter(|b| !b.clean()).count();
    // The first build also checks the dependencies when they are cold.
    let tags: Vec<f64> = builds.iter().skip(1).map(|b| b.secs).collect();
    let mean = tags.iter().sum::<f64>() / tags.len().max(1) as f64;
    let max = tags.iter().copied().fold(0.0, f64::max);
    println!(
        "{} builds, {failed} failed; {:.1} s in all; per tag feature: mean {mean:.1} s, max {max:.1} s",
        builds.len(),
        started.elapsed().as_secs_f64()
    );
    if failed > 0 {
        return Err(format!(
            "{failed} feature sets do not build cleanly:\n{}",
            failures(&builds)
        ));
    }
    Ok(())
}
