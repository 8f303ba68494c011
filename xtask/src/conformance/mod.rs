//! `cargo xtask conformance [--spec FILE...] [--only ID,...] [--seed S] [--calls N]`
//!
//! Every operation of a spec, checked on the wire by a validator this
//! project did not write. For each spec: a client crate generated into
//! `target/conformance/<name>/client`, a program of calls generated from
//! the IR (`codegen::emit::conformance`: sample values from the spec, sent
//! through the client) with a wiretap (`harness.rs`) between the client and
//! Prism, which validates each request and answers from the schema. Each
//! call's verdict is a JSON line of `target/conformance/<name>.jsonl`; a
//! table per spec sums them up, failures grouped by cause with the
//! pointer of each operation.
//!
//! A negative control per spec (a value outside an enum, sent through the
//! same client) must be rejected: else the validator validates nothing and
//! the run fails.

mod core;
mod hints;
mod prism;
mod verdict;

use codegen::emit::conformance::{self as emit, Plan};
use codegen::emit::krate::RuntimeDep;
use codegen::ir::Api;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const HARNESS: &str = include_str!("harness.rs");

/// Rejections that are the validator's fault, not the client's: (spec
/// name, operation pointer, words of the reason, evidence).
/// `*` matches any spec or operation.
const VALIDATOR_FAULTS: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "*",
        "could not be resolved",
        "spec fault: a `discriminator` without `mapping` whose values are not schema names \
         (OpenAI's `role`, `type`); OpenAPI maps such values to `#/components/schemas/<value>`, \
         openapi-core follows it and finds no schema, Prism and the client read the variants' enums",
    ),
    (
        "*",
        "*",
        "b'conformance",
        "validator fault: openapi-core reads a file (a multipart file part, an octet-stream \
         body) as bytes and checks it against the schema's `type: string` (`format: binary` / \
         `contentMediaType`: a file, as the spec says); Prism does not parse multipart",
    ),
    (
        "*",
        "*",
        "workflow_id must match exactly one schema in oneOf",
        "spec fault: GitHub's `workflow-id` path parameter is `oneOf: [integer, string]`, and \
         every integer on a path is also a string, so no value matches exactly one (Prism \
         reads `46` as both); openapi-core accepts the same request",
    ),
    (
        "*",
        "*",
        "Tried to write read-only property",
        "validator fault: openapi-core applies `readOnly` of a shared schema (GitHub's \
         `alert-number`) to a path parameter that `$ref`s it; `readOnly` is about properties \
         of request and response bodies, and Prism accepts the same request",
    ),
];

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub specs: Vec<PathBuf>,
    /// Only these operation ids (the spec is cut to them and what they reach).
    pub only: Vec<String>,
    pub seed: u64,
    pub calls: usize,
    /// A name for the run's files (default: the spec file's stem).
    pub name: Option<String>,
}

/// The sums of one spec's run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub name: String,
    pub operations: usize,
    pub calls: usize,
    pub sent: usize,
    pub accepted: usize,
    pub decoded: usize,
    /// validator faults (known, with evidence)
    pub excused: usize,
    /// Whether the negative control was sent and rejected.
    pub control: Option<bool>,
    /// cause → (operation pointer → count)
    pub failures: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Summary {
    /// Failures that are not known validator faults.
    pub fn failed(&self) -> usize {
        self.failures
            .iter()
            .filter(|(cause, _)| !cause.starts_with("validator fault"))
            .map(|(_, ops)| ops.values().sum::<usize>())
            .sum()
    }

    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<24} {:>10} {:>6} {:>6} {:>9} {:>8}  control\n",
            "spec", "operations", "calls", "sent", "accepted", "decoded"
        );
        let control = match self.control {
            Some(true) => "rejected (ok)",
            Some(false) => "ACCEPTED: the validator validates nothing",
            None => "none (no enum to break)",
        };
        out.push_str(&format!(
            "{:<24} {:>10} {:>6} {:>6} {:>9} {:>8}  {control}\n",
            self.name, self.operations, self.calls, self.sent, self.accepted, self.decoded
        ));
        for (cause, ops) in &self.failures {
            let n: usize = ops.values().sum();
            out.push_str(&format!("  {n} × {cause}\n"));
            for (pointer, count) in ops.iter().take(12) {
                out.push_str(&format!("      {pointer} ({count})\n"));
            }
            if ops.len() > 12 {
                out.push_str(&format!("      … and {} more operations\n", ops.len() - 12));
            }
        }
        out
    }
}

pub fn run(root: &Path, args: &crate::cli::Args) -> Result<(), String> {
    let number = |flag: &str, default: u64| -> Result<u64, String> {
        args.value(flag).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| args.error(&format!("{flag}: `{v}` is not a number")))
        })
    };
    if args.switch("--install") {
        prism::ensure(root)?;
        core::ensure(root)?;
        eprintln!(
            "validators installed: {} {}, openapi-core {}",
            prism::PACKAGE,
            prism::VERSION,
            core::VERSION
        );
        return Ok(());
    }
    let mut options = Options {
        // `--spec a.yaml b.yaml`: the files after `--spec` are specs too.
        specs: args
            .values("--spec")
            .into_iter()
            .map(PathBuf::from)
            .chain(args.positional.iter().map(PathBuf::from))
            .collect(),
        only: args
            .values("--only")
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::to_owned)
            .collect(),
        seed: number("--seed", 1)?,
        calls: number("--calls", 4)? as usize,
        name: args.value("--name").map(str::to_owned),
    };
    if options.specs.is_empty() {
        options.specs = seed_specs(root)?;
    }
    let mut summaries = Vec::new();
    for spec in options.specs.clone() {
        let one = Options {
            specs: vec![spec],
            ..options.clone()
        };
        let summary = run_spec(root, &one)?;
        println!("{}", summary.table());
        summaries.push(summary);
    }
    let failed: usize = summaries.iter().map(Summary::failed).sum();
    if failed > 0 {
        println!("{failed} calls failed for a cause that is not a known validator or spec fault");
    }
    let broken: Vec<&str> = summaries
        .iter()
        .filter(|s| s.control == Some(false))
        .map(|s| s.name.as_str())
        .collect();
    if !broken.is_empty() {
        return Err(format!(
            "the negative control was accepted for {}",
            broken.join(", ")
        ));
    }
    Ok(())
}

/// The APIs of `specs/`.
pub fn seed_specs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .map_err(|e| format!("specs/: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    Ok(specs)
}

fn name_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".openapi").unwrap_or(&stem);
    // A crate, module and file name: letters, digits and single dashes.
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "spec".to_owned()
    } else {
        name.to_owned()
    }
}

/// Runs one spec (`options.specs[0]`) and writes its verdicts.
pub fn run_spec(root: &Path, options: &Options) -> Result<Summary, String> {
    let spec = options.specs.first().ok_or("no spec")?;
    let name = options.name.clone().unwrap_or_else(|| name_of(spec));
    let dir = root.join("target/conformance").join(&name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let entry = prism::ensure(root)?;
    let core_tools = core::ensure(root)?;

    // The document as JSON (Prism's YAML loader fails on some specs), cut
    // to the operations asked for.
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut doc =
        codegen::load::parse_value(spec, &text).map_err(|e| format!("{}: {e}", spec.display()))?;
    if !options.only.is_empty() {
        let yaml: serde_yaml::Value = serde_yaml::to_value(&doc).map_err(|e| e.to_string())?;
        let cut = crate::vendor_cut::cut(&yaml, &spec.to_string_lossy(), &options.only)
            .map_err(|e| e.to_string())?;
        doc = serde_json::to_value(&cut).map_err(|e| e.to_string())?;
    }
    // openapi-core reads OpenAPI 3 only: Prism decides Swagger 2.0 alone.
    let swagger2 = doc.get("swagger").is_some();
    let spec_json = dir.join("spec.json");
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    write_if_changed(&spec_json, &text)?;

    // The client, and the program of calls beside it.
    let client_dir = dir.join("client");
    let generated = crate::generate_standalone(
        &spec_json,
        &client_dir,
        Some(&name),
        None,
        RuntimeDep::this_checkout(),
    )?;
    let api: &Api = generated.apis.first().ok_or("the spec gave no API")?;
    let hints = hints::of(&doc, api);
    let crate_ident = generated.crate_name.replace('-', "_");
    let plan = Plan {
        crate_ident: &crate_ident,
        seed: options.seed,
        calls: options.calls,
        hints: &hints,
    };
    let cx = codegen::emit::Context::new(api);
    let (tokens, planned, skipped) = emit::program(&cx, &plan);
    let main_rs = codegen::format::rust_file(tokens, "the conformance plan")?;
    let calls_dir = dir.join("calls");
    std::fs::create_dir_all(calls_dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"conformance-calls\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nclient = {{ package = \"{}\", path = \"../client\" }}\ntokio = {{ version = \"1\", features = [\"rt\"] }}\n",
        generated.crate_name
    );
    write_if_changed(&calls_dir.join("Cargo.toml"), &manifest)?;
    let main_rs = main_rs.replace(&format!("use {crate_ident}::"), "use client::");
    write_if_changed(&calls_dir.join("src/main.rs"), &main_rs)?;
    write_if_changed(&calls_dir.join("src/harness.rs"), HARNESS)?;
    crate::copy_lock_file(&calls_dir);
    let target = crate::nested_target();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(calls_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .env_remove("RUSTFLAGS")
        .status()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err(format!(
            "the conformance program of {name} does not build ({status})"
        ));
    }
    let program = target
        .join("debug")
        .join(format!("conformance-calls{}", std::env::consts::EXE_SUFFIX));

    // The validators' copy: `$ref`s to other documents (GitHub's examples
    // hold URLs of its API under `$ref`) would send them fetching.
    let mut local = doc.clone();
    local_refs_only(&mut local);
    let validators_json = dir.join("validators.json");
    let text = serde_json::to_string_pretty(&local).map_err(|e| e.to_string())?;
    write_if_changed(&validators_json, &text)?;
    let spec_json = validators_json;

    // The validator, and the calls through the wiretap to it.
    let server = prism::start(&entry, &spec_json, &dir.join("prism.log"))?;
    let raw = dir.join("raw.jsonl");
    // Prism serves the spec's paths at its root, whatever the servers' paths.
    let base_path = String::new();
    let out = Command::new(&program)
        .arg(format!("127.0.0.1:{}", server.port))
        .arg(&base_path)
        .arg(&raw)
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    drop(server);
    if !out.status.success() {
        return Err(format!(
            "the conformance program of {name} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let records = std::fs::read_to_string(&raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let mut summary = Summary {
        name: name.clone(),
        operations: api.operations.len(),
        ..Summary::default()
    };
    let records: Vec<Value> = records
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let seen = records.len();
    // The second validator judges every request that was sent.
    let parsed: Vec<Option<verdict::Request>> = records
        .iter()
        .map(|r| {
            let text = r.get("request").and_then(Value::as_str).unwrap_or("");
            verdict::requests(text.as_bytes())
                .ok()
                .and_then(|mut v| (v.len() == 1).then(|| v.remove(0)))
        })
        .collect();
    let to_judge: Vec<(usize, &verdict::Request)> = parsed
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (i, r)))
        .collect();
    let second = if swagger2 {
        eprintln!("{name}: Swagger 2.0, which openapi-core does not read; Prism decides alone");
        None
    } else {
        match core::judge(&core_tools, &spec_json, &to_judge) {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!("{name}: {e}; Prism decides alone");
                None
            }
        }
    };
    let mut lines = String::new();
    for (i, record) in records.iter().enumerate() {
        let core_verdict = second.as_ref().map(|v| v.get(&i).cloned().flatten());
        let judged = judge(&name, api, &base_path, record, core_verdict);
        tally(&mut summary, &judged);
        lines.push_str(&judged.to_string());
        lines.push('\n');
    }
    let expected = planned.len();
    if seen != expected {
        let cause = format!("the program recorded {seen} of {expected} calls");
        summary
            .failures
            .entry(cause)
            .or_default()
            .insert("#".to_owned(), expected - seen.min(expected));
    }
    for (oi, why) in skipped {
        let pointer = api
            .operations
            .get(oi)
            .map(|o| o.pointer.clone())
            .unwrap_or_default();
        summary.calls += 1;
        summary
            .failures
            .entry(format!("not sent: no sample value ({why})"))
            .or_default()
            .insert(pointer, 1);
    }
    write_if_changed(
        &root
            .join("target/conformance")
            .join(format!("{name}.jsonl")),
        &lines,
    )?;
    Ok(summary)
}

/// Renames every `$ref` that is not a pointer into the document itself.
fn local_refs_only(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'))
            {
                if let Some(r) = map.remove("$ref") {
                    map.insert("x-conformance-external-ref".to_owned(), r);
                }
            }
            map.values_mut().for_each(local_refs_only);
        }
        Value::Array(list) => list.iter_mut().for_each(local_refs_only),
        _ => {}
    }
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read(path).ok().as_deref() == Some(text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A verdict for one record: `sent`, `accepted` (and by whom), `decoded`,
/// and a `cause` when something failed.
fn judge(
    name: &str,
    api: &Api,
    base_path: &str,
    record: &Value,
    second: Option<Option<String>>,
) -> Value {
    let s = |k: &str| {
        record
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let pointer = s("pointer");
    let outcome = s("outcome");
    let control = record.get("control").and_then(Value::as_bool) == Some(true);
    let op = api.operations.iter().find(|o| o.pointer == pointer);
    let request = s("request");
    let response = s("response");
    let mut verdict = json!({
        "spec": name,
        "pointer": pointer,
        "operation": s("id"),
        "call": record.get("call"),
        "control": control,
        "client": outcome,
        "status": record.get("status"),
        "validator": "prism",
    });
    let mut cause: Option<String> = None;
    let mut sent = false;
    let mut accepted = false;
    let mut decoded = false;
    if outcome == "invalid-request" {
        cause = Some(format!(
            "not sent: the client refused the sample ({})",
            s("error")
        ));
    } else {
        match verdict::requests(request.as_bytes()) {
            Err(e) => cause = Some(format!("wiretap: {e}")),
            Ok(reqs) if reqs.is_empty() => {
                cause = Some(format!("wiretap: nothing sent ({outcome}: {})", s("error")))
            }
            Ok(reqs) if reqs.len() > 1 => {
                cause = Some(format!("wiretap: {} requests for one call", reqs.len()))
            }
            Ok(reqs) => {
                let r = &reqs[0];
                let path = r.target.split('?').next().unwrap_or("");
                let path = path.strip_prefix(base_path).unwrap_or(path);
                let method_ok = op.is_some_and(|o| o.method.as_str() == r.method);
                let path_ok = op.is_some_and(|o| verdict::path_fits(&o.path, path));
                if !method_ok || !path_ok {
                    cause = Some(format!(
                        "wiretap: `{} {}` is not the operation's method and path",
                        r.method, r.target
                    ));
                } else {
                    sent = true;
                }
            }
        }
    }
    if sent {
        let prism = verdict::violations(&response);
        let content_type = verdict::requests(request.as_bytes())
            .ok()
            .and_then(|r| r.into_iter().next())
            .and_then(|r| {
                r.headers
                    .into_iter()
                    .find(|(k, _)| k == "content-type")
                    .map(|(_, v)| v)
            })
            .unwrap_or_default();
        // Prism reads form bodies' absent properties as `{}`, rejects
        // bracketed arrays of objects and does not parse JSON parts:
        // openapi-core decides those bodies alone.
        let prism_blind = content_type.starts_with("application/x-www-form-urlencoded")
            || content_type.starts_with("multipart/");
        let (decider, rejection): (&str, Option<(String, String)>) = match (&second, prism_blind) {
            (Some(core), true) => (
                "openapi-core",
                core.clone().map(|w| ("openapi-core".to_owned(), w)),
            ),
            (Some(core), false) => match (&prism, core) {
                (None, None) => ("prism+openapi-core", None),
                (Some(p), None) => (
                    "prism",
                    Some(("Prism (openapi-core accepts)".to_owned(), p.clone())),
                ),
                (None, Some(c)) => (
                    "openapi-core",
                    Some(("openapi-core (Prism accepts)".to_owned(), c.clone())),
                ),
                (Some(p), Some(c)) => (
                    "prism+openapi-core",
                    Some(("Prism and openapi-core".to_owned(), format!("{p} | {c}"))),
                ),
            },
            (None, _) => ("prism", prism.clone().map(|p| ("Prism".to_owned(), p))),
        };
        verdict["validator"] = json!(decider);
        if let Some(p) = &prism {
            verdict["prism"] = json!(p);
        }
        if let Some(Some(c)) = &second {
            verdict["openapi_core"] = json!(c);
        }
        match rejection {
            Some((_, why)) if control => {
                verdict["reason"] = json!(why);
            }
            Some((who, why)) => {
                let known = VALIDATOR_FAULTS.iter().find(|(spec, p, words, _)| {
                    (*spec == "*" || *spec == name)
                        && (*p == "*" || *p == pointer)
                        && why.contains(words)
                });
                cause = Some(match known {
                    Some((_, _, _, evidence)) => format!(
                        "validator fault ({who}): {} [{evidence}]",
                        normalize_reason(&why)
                    ),
                    None => format!("rejected by {who}: {}", normalize_reason(&why)),
                });
                verdict["reason"] = json!(why);
            }
            None => {
                accepted = true;
                decoded = matches!(outcome.as_str(), "decoded" | "api-error");
                if !decoded && !control {
                    cause = Some(match verdict::response_only(&response) {
                        Some(why) => format!("validator fault (Prism): the response it made up breaks the spec ({}), so it sent an error", normalize_reason(&why)),
                        None => format!("accepted, response not decoded ({outcome}): {}", first_line(&s("error"))),
                    });
                }
            }
        }
        if control && accepted {
            cause = Some("negative control ACCEPTED".to_owned());
        }
    }
    verdict["sent"] = json!(sent);
    verdict["accepted"] = json!(accepted);
    verdict["decoded"] = json!(decoded);
    if let Some(c) = cause {
        verdict["cause"] = json!(c);
    }
    verdict["request"] = json!(request);
    verdict
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(160).collect()
}

/// A reason with the values that vary from call to call left out, so that
/// one cause groups every call it applies to.
fn normalize_reason(why: &str) -> String {
    let mut out = String::new();
    let mut digits = false;
    for c in first_line(why).chars() {
        if c.is_ascii_digit() {
            if !digits {
                out.push('N');
            }
            digits = true;
        } else {
            digits = false;
            out.push(c);
        }
    }
    out
}

fn tally(summary: &mut Summary, v: &Value) {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool) == Some(true);
    if flag("control") {
        if flag("sent") {
            summary.control = Some(!flag("accepted"));
        }
        return;
    }
    summary.calls += 1;
    summary.sent += usize::from(flag("sent"));
    summary.accepted += usize::from(flag("accepted"));
    summary.decoded += usize::from(flag("decoded"));
    if let Some(cause) = v.get("cause").and_then(Value::as_str) {
        if cause.starts_with("validator fault") {
            summary.excused += 1;
        }
        let pointer = v
            .get("pointer")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        *summary
            .failures
            .entry(cause.to_owned())
            .or_default()
            .entry(pointer)
            .or_default() += 1;
    }
}

#[cfg(test)]
mod tests;
