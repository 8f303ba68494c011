//! The validator: Prism (`@stoplight/prism-cli`), pinned, installed from
//! the npm registry into `target/tools/prism` by [`ensure`] (the only way
//! it gets there), run as `prism mock -d --errors SPEC.json`: it validates
//! each request against the spec and answers 4xx with an `sl-violations`
//! header when it is invalid, else a response generated from the schema.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The exact version: a validator that changes under us is no yardstick.
pub const VERSION: &str = "5.16.0";
pub const PACKAGE: &str = "@stoplight/prism-cli";

/// The folder Prism is installed into.
pub fn home(root: &Path) -> PathBuf {
    root.join("target/tools/prism")
}

fn entry(root: &Path) -> PathBuf {
    home(root).join("node_modules/@stoplight/prism-cli/dist/index.js")
}

fn installed_version(root: &Path) -> Option<String> {
    let text =
        std::fs::read_to_string(home(root).join("node_modules/@stoplight/prism-cli/package.json"))
            .ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("version")?.as_str().map(str::to_owned)
}

/// Installs the pinned Prism where it is missing (or another version is
/// there). Fails with what to install where Node.js or npm is missing.
pub fn ensure(root: &Path) -> Result<PathBuf, String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err(format!(
            "conformance needs Node.js and npm (to run the validator, {PACKAGE} {VERSION}): \
             `node` is not on PATH; install Node.js 20 or later"
        ));
    }
    if installed_version(root).as_deref() == Some(VERSION) && entry(root).is_file() {
        return Ok(entry(root));
    }
    let npm = Command::new("npm").arg("--version").output();
    if !npm.is_ok_and(|o| o.status.success()) {
        return Err(format!(
            "conformance needs npm to install the validator ({PACKAGE}@{VERSION}): \
             `npm` is not on PATH"
        ));
    }
    let dir = home(root);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    eprintln!("installing {PACKAGE}@{VERSION} into {}", dir.display());
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&dir)
        .arg(format!("{PACKAGE}@{VERSION}"))
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("npm install: {e}"))?;
    if !status.success() || installed_version(root).as_deref() != Some(VERSION) {
        return Err(format!(
            "`npm install --prefix {} {PACKAGE}@{VERSION}` failed ({status})",
            dir.display()
        ));
    }
    Ok(entry(root))
}

/// A running Prism; stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Starts Prism on `spec` (JSON) and waits until it listens.
pub fn start(entry: &Path, spec: &Path, log: &Path) -> Result<Server, String> {
    let port = free_port()?;
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let child = Command::new("node")
        .arg(entry)
        .args(["mock", "-d", "--errors", "-h", "127.0.0.1", "-p"])
        .arg(port.to_string())
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("starting Prism: {e}"))?;
    let mut server = Server { child, port };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(300) {
        if let Ok(Some(status)) = server.child.try_wait() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: String = text
                .lines()
                .rev()
                .take(15)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            return Err(format!("Prism exited ({status}) before listening:\n{tail}"));
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "Prism did not listen within 300 s (log: {})",
        log.display()
    ))
}
