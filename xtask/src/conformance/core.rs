//! The second validator: Python's `openapi-core` (PyPI, pinned), installed
//! by [`ensure`] into a virtual environment under `target/tools/`, judging
//! the exact request bytes the wiretap recorded (`validate.py`). Prism
//! mis-validates form and multipart bodies and skips what it cannot compile
//! (OpenAI's 3.1 chat request validates as anything); where it is wrong,
//! this one decides.

use super::verdict::Request;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const VERSION: &str = "0.23.1";
const SCRIPT: &str = include_str!("validate.py");

fn home(root: &Path) -> PathBuf {
    root.join("target/tools/openapi-core")
}

fn python(root: &Path) -> PathBuf {
    home(root).join("venv/bin/python")
}

fn installed(root: &Path) -> bool {
    Command::new(python(root))
        .args(["-c", "import openapi_core, sys; sys.exit(0 if openapi_core.__version__ == sys.argv[1] else 1)", VERSION])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs the pinned openapi-core where it is missing; returns the
/// interpreter and the script.
pub fn ensure(root: &Path) -> Result<(PathBuf, PathBuf), String> {
    let script = home(root).join("validate.py");
    if !installed(root) {
        let has_python = Command::new("python3")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !has_python {
            return Err(format!("conformance needs Python 3 (for the second validator, openapi-core {VERSION}): `python3` is not on PATH"));
        }
        let venv = home(root).join("venv");
        eprintln!("installing openapi-core=={VERSION} into {}", venv.display());
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("`python3 -m venv {}` failed", venv.display()));
        }
        let ok = Command::new(python(root))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(format!("openapi-core=={VERSION}"))
            .status()
            .is_ok_and(|s| s.success());
        if !ok || !installed(root) {
            return Err(format!(
                "`pip install openapi-core=={VERSION}` into {} failed",
                venv.display()
            ));
        }
    }
    if std::fs::read_to_string(&script).ok().as_deref() != Some(SCRIPT) {
        std::fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;
    }
    Ok((python(root), script))
}

/// openapi-core's verdict on each request (by the caller's index):
/// `Ok(None)` accepted, `Ok(Some(reason))` rejected; `Err` when it cannot
/// judge this spec at all.
pub fn judge(
    tools: &(PathBuf, PathBuf),
    spec: &Path,
    requests: &[(usize, &Request)],
) -> Result<BTreeMap<usize, Option<String>>, String> {
    let mut input = String::new();
    for (i, r) in requests {
        let line = json!({
            "i": i,
            "method": r.method,
            "target": r.target,
            "headers": r.headers,
            "body": base64(&r.body),
        });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let mut child = Command::new(&tools.0)
        .arg(&tools.1)
        .arg(spec)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("openapi-core: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("openapi-core: no stdin")?;
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child
        .wait_with_output()
        .map_err(|e| format!("openapi-core: {e}"))?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(format!(
            "openapi-core failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ));
    }
    let mut verdicts = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("openapi-core said `{line}`: {e}"))?;
        if let Some(why) = v.get("unavailable").and_then(Value::as_str) {
            return Err(format!("openapi-core cannot load the spec: {why}"));
        }
        let i = v.get("i").and_then(Value::as_u64).unwrap_or(u64::MAX) as usize;
        let ok = v.get("ok").and_then(Value::as_bool) == Some(true);
        let reason = v
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        verdicts.insert(i, (!ok).then_some(reason));
    }
    Ok(verdicts)
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_pads() {
        assert_eq!(super::base64(b"conformance"), "Y29uZm9ybWFuY2U=");
        assert_eq!(super::base64(b"ab"), "YWI=");
        assert_eq!(super::base64(b""), "");
    }
}
