//! The run-time section of `cargo xtask bench`: decoding MB/s and peak heap
//! of large responses, and whole-call latency against a local server, each
//! generated client against serde's derive and hand-written reqwest. The
//! measuring program is its own crate (`xtask/runtime-bench`), built in
//! release: it depends on `generated-client`, which xtask must not (xtask
//! regenerates it, so it has to build when that crate does not).

use std::path::Path;
use std::process::Command;

/// Builds and runs `runtime-bench` (release), its output going to ours.
pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "runtime-bench",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .arg("--");
    if quick {
        command.arg("--quick");
    }
    let status = command
        .status()
        .map_err(|e| format!("running runtime-bench: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("runtime-bench failed ({status})"))
    }
}
