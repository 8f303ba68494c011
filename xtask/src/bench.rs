//! `cargo xtask bench [--no-check] [--no-runtime | --runtime-only] [--tag NAME] [--runs N]
//! [--timeout SECS] [SPEC...]` (default: the largest corpus documents). Prints numbers;
//! nothing here asserts a time.
//!
//! Per spec it reports
//! - the generator: time to only parse the spec text, each step in process
//!   (load, lower + naming, emit, format; one thread, best of N runs) and the
//!   whole `xtask generate` process end to end (best of N runs);
//! - the generated crate: lines of Rust, and `cargo check` wall seconds, CPU
//!   seconds and peak memory with all features and with one tag's feature.
//!   One target directory is shared (`target/bench-target/`) so dependencies
//!   stay warm; a run that had to build a dependency is a warm-up and is
//!   repeated; before each timed run the crate's sources are touched, and
//!   incremental compilation is off, so the run really checks the crate;
//! - then, unless `--no-runtime`, the generated code at run time
//!   (`bench_runtime`): decoding and whole calls against serde's derive and
//!   hand-written reqwest (`--runtime-only`: just that; `--runs 1`: fewer
//!   rounds).

use codegen::{emit, format, load, lower, naming};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

const DEFAULT_SPECS: &[&str] = &[
    "fireblocks/fireblocks-api-1.6.2.openapi.yaml",
    "stripe/stripe-spec3.2023-09-12.yaml",
    "progenitor/api.github.com.json",
    "oas31/openai.openapi.yaml",
    "swagger2/canary/kubernetes/swagger.json",
    "oas31/discord-api.openapi.json",
];

/// The tag measured alone when `--tag` is not given, by spec file name.
const DEFAULT_TAGS: &[(&str, &str)] = &[
    ("fireblocks-api-1.6.2.openapi.yaml", "TRLink"),
    ("api.github.com.json", "issues"),
    ("openai.openapi.yaml", "Chat"),
    ("swagger.json", "rbacAuthorization_v1alpha1"),
];

/// Whether the run-time section runs.
#[derive(PartialEq)]
enum RunTime {
    Also,
    Skip,
    Only,
}

struct Options {
    specs: Vec<PathBuf>,
    check: bool,
    runtime: RunTime,
    tag: Option<String>,
    runs: usize,
    timeout: Duration,
}

fn options(root: &Path, args: &crate::cli::Args) -> Result<Options, String> {
    let number = |flag: &str| -> Result<Option<u64>, String> {
        args.value(flag)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|e| args.error(&format!("{flag}: {e}")))
            })
            .transpose()
    };
    let mut o = Options {
        specs: args.positional.iter().map(PathBuf::from).collect(),
        check: !args.switch("--no-check"),
        runtime: if args.switch("--runtime-only") {
            RunTime::Only
        } else if args.switch("--no-runtime") {
            RunTime::Skip
        } else {
            RunTime::Also
        },
        tag: args.value("--tag").map(str::to_owned),
        runs: number("--runs")?.map_or(5, |n| n.max(1) as usize),
        timeout: Duration::from_secs(number("--timeout")?.unwrap_or(900)),
    };
    if o.specs.is_empty() {
        let corpus = root.join("../shared/corpus");
        o.specs = DEFAULT_SPECS.iter().map(|s| corpus.join(s)).collect();
    }
    Ok(o)
}

/// Best time of `runs` runs of `f`, and its last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let started = Instant::now();
    let mut last = f();
    let mut fastest = started.elapsed();
    for _ in 1..runs {
        let started = Instant::now();
        last = f();
        fastest = fastest.min(started.elapsed());
    }
    (fastest, last)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// What the generator measurements gave for one spec.
struct GenRow {
    label: String,
    ops: usize,
    types: usize,
    parse: Duration,
    load: Duration,
    lower: Duration,
    emit: Duration,
    format: Duration,
    end_to_end: Duration,
    /// CPU time (user + system) of the fastest-CPU `generate` run.
    end_to_end_cpu: Option<Duration>,
    lines: usize,
    crate_dir: PathBuf,
}

/// `raw` are the arguments as given, for the optimized build to read again.
pub fn run(root: &Path, args: &crate::cli::Args, raw: &[String]) -> Result<(), String> {
    let o = options(root, args)?;
    if o.runtime == RunTime::Only {
        // Its program is a release build of its own: no need of an
        // optimized xtask.
        println!("{}", machine());
        return crate::bench_runtime::run(root, o.runs == 1);
    }
    if cfg!(debug_assertions) {
        return run_optimized(root, raw);
    }
    let scratch = root.join("target/bench");
    let mut rows = Vec::new();
    println!("{}", machine());
    println!(
        "{:<36} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>6} {:>7} {:>7}",
        "spec",
        "ops",
        "types",
        "parse",
        "load",
        "lower",
        "emit",
        "format",
        "steps ms",
        "e2e ms",
        "e2e/p",
        "e2e cpu",
        "lines"
    );
    for path in &o.specs {
        let row = generator(path, &scratch, o.runs)?;
        println!(
            "{:<36} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>6.2} {:>7} {:>7}",
            row.label,
            row.ops,
            row.types,
            ms(row.parse),
            ms(row.load),
            ms(row.lower),
            ms(row.emit),
            ms(row.format),
            ms(row.load + row.lower + row.emit + row.format),
            ms(row.end_to_end),
            row.end_to_end.as_secs_f64() / row.parse.as_secs_f64().max(1e-9),
            row.end_to_end_cpu
                .map(|d| format!("{:.0}", d.as_secs_f64() * 1000.0))
                .unwrap_or_else(|| "-".into()),
            row.lines
        );
        rows.push(row);
    }
    println!(
        "best of {} runs; parse = read + YAML/JSON text to a value, one thread; load = read + parse (big \
         YAML documents in parts on all threads) + normalize + openapiv3; lower includes naming; emit and \
         format on one thread; e2e = the whole `xtask generate` process (parse and format on all threads); \
         e2e/p = e2e / parse; e2e cpu = its user + system ms (least of the runs); lines = generated .rs lines",
        o.runs
    );
    if o.check {
        println!();
        check_table(root, &rows, &o)?;
    }
    if o.runtime == RunTime::Also {
        println!();
        crate::bench_runtime::run(root, o.runs == 1)?;
    }
    Ok(())
}

/// Runs this bench again in an optimized build of xtask: `cargo xtask` is
/// a debug build (fast to compile for `codegen`), whose generator is about
/// seven times slower than the release build users get, so its numbers
/// would say nothing about generation speed.
fn run_optimized(root: &Path, args: &[String]) -> Result<(), String> {
    // A release build with debug assertions switched on would come back
    // here: say so rather than loop.
    const GUARD: &str = "XTASK_BENCH_REEXEC";
    if std::env::var_os(GUARD).is_some() {
        return Err(
            "the bench must run an optimized xtask, but this build has debug assertions on \
                    even in `--release`"
                .into(),
        );
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!(
        "bench: this xtask is a debug build; running `cargo run --release -p xtask -- bench`"
    );
    let status = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .args(["--", "bench"])
        .args(args)
        .env(GUARD, "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the optimized bench failed: {status}"))
    }
}

/// Times the steps in process, then the whole `generate` process, which also
/// leaves the crate in `scratch/<spec stem>` for the check.
fn generator(path: &Path, scratch: &Path, runs: usize) -> Result<GenRow, String> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = PathBuf::from(&label);
    let (parse, parsed) = best(runs, || {
        std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|text| load::parse_value(&source, &text).map_err(|e| e.to_string()))
    });
    drop(parsed?);
    // Load and normalise: the document lowering reads.
    let (load, doc) = best(runs, || codegen::load_document(path, &source, None));
    let doc = doc.map_err(|e| e.to_string())?;
    let (lower, api) = best(runs, || {
        lower::lower(&doc, "api").map(|(mut api, _)| {
            naming::name_api(&mut api, "api".into());
            api
        })
    });
    let api = api.map_err(|e| e.to_string())?;
    let (emit, tokens) = best(runs, || {
        [
            emit::api_module(&api),
            emit::operations_module(&api),
            emit::types_module(&api),
        ]
    });
    let (format, text) = best(runs, || {
        tokens.clone().map(|file| format::rust_file(file, &label))
    });
    if let Some(Err(e)) = text.into_iter().find(Result::is_err) {
        return Err(e);
    }

    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let crate_dir = scratch.join(stem);
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut end_to_end_cpu: Option<Duration> = None;
    let (end_to_end, status) = best(runs, || {
        let cpu_before = children_cpu();
        let status = Command::new(&exe)
            .arg("generate")
            .arg("--spec")
            .arg(path)
            .arg("--out")
            .arg(&crate_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let (Some(before), Some(after)) = (cpu_before, children_cpu()) {
            let cpu = after.saturating_sub(before);
            end_to_end_cpu = Some(end_to_end_cpu.map_or(cpu, |c| c.min(cpu)));
        }
        status
    });
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => return Err(format!("`xtask generate` on {label} failed: {s}")),
        Err(e) => return Err(format!("cannot run {}: {e}", exe.display())),
    }
    Ok(GenRow {
        label,
        ops: api.operations.len(),
        types: api.types.len(),
        parse,
        load,
        lower,
        emit,
        format,
        end_to_end,
        end_to_end_cpu,
        lines: rust_lines(&crate_dir.join("src")),
        crate_dir,
    })
}

/// User + system time of this process's finished children (Linux: from
/// `/proc/self/stat`, in clock ticks of 10 ms); `None` elsewhere.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    children_cpu_of(&stat)
}

/// `cutime` + `cstime` of a `/proc/<pid>/stat` line: fields 16 and 17,
/// counted after the command name, which is in parentheses and may hold
/// spaces.
fn children_cpu_of(stat: &str) -> Option<Duration> {
    let (_, after_name) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // `after_name` starts at field 3 (the state).
    let ticks = |field: usize| fields.get(field - 3)?.parse::<u64>().ok();
    // Linux reports these in USER_HZ, which is 100 on every architecture.
    Some(Duration::from_millis((ticks(16)? + ticks(17)?) * 10))
}

/// What the numbers were taken on: cores and how busy the machine was.
fn machine() -> String {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into());
    format!(
        "{threads} threads available, load average {load} (1 min; above the thread count, other work shares the cores \
         and times grow)"
    )
}

/// Lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut lines = 0;
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            lines += rust_lines(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            lines += std::fs::read_to_string(&path)
                .map(|t| t.lines().count())
                .unwrap_or(0);
        }
    }
    lines
}

fn check_table(root: &Path, rows: &[GenRow], o: &Options) -> Result<(), String> {
    let target = root.join("target/bench-target");
    let time = Path::new("/usr/bin/time");
    let time = time.exists().then_some(time);
    if time.is_none() {
        println!("(/usr/bin/time not found: CPU seconds and peak memory are not measured)");
    }
    println!(
        "{:<36} {:<40} {:>8} {:>8} {:>9}  result",
        "spec", "features", "check s", "cpu s", "max MB"
    );
    for row in rows {
        let manifest = std::fs::read_to_string(row.crate_dir.join("Cargo.toml"))
            .map_err(|e| format!("{}: {e}", row.crate_dir.display()))?;
        let manifest = Manifest::parse(&manifest);
        // Every feature but `serialize` (off by default: responses'
        // `Serialize` impls are not part of what a build checks unless asked).
        let every: Vec<&str> = manifest
            .features
            .iter()
            .map(String::as_str)
            .filter(|f| !matches!(*f, "default" | "serialize"))
            .collect();
        let every = format!("--features={}", every.join(","));
        let all = measure(
            &row.crate_dir,
            &target,
            &manifest.package,
            &[every.as_str()],
            time,
            o,
        );
        print_check(&row.label, "all (but serialize)", &all);
        let tag = o.tag.clone().or_else(|| {
            DEFAULT_TAGS
                .iter()
                .find(|(spec, _)| *spec == row.label)
                .map(|(_, tag)| (*tag).to_owned())
        });
        match tag {
            None => println!(
                "{:<36} {:<40} (no tag chosen: pass --tag NAME)",
                row.label, "one tag"
            ),
            Some(tag) => match manifest.tag_feature(&tag) {
                Some(feature) => {
                    let features = format!("--features={feature}");
                    let one = measure(
                        &row.crate_dir,
                        &target,
                        &manifest.package,
                        &["--no-default-features", &features],
                        time,
                        o,
                    );
                    let ratio = match (&one, &all) {
                        (Ok(one), Ok(all)) if one.ok && all.ok => {
                            format!(" ({:.0}% of all)", 100.0 * one.wall / all.wall.max(1e-9))
                        }
                        _ => String::new(),
                    };
                    print_check(&row.label, &format!("{tag}: {feature}{ratio}"), &one);
                }
                None => println!(
                    "{:<36} {:<40} (no tag features: none of [{}] is tag `{tag}`)",
                    row.label,
                    "one tag",
                    manifest.features.join(", ")
                ),
            },
        }
    }
    println!(
        "`cargo check` of the generated crate, dependencies warm (target/bench-target), crate sources \
         touched before each run; cpu = user + system; max MB = peak resident memory of cargo or rustc"
    );
    Ok(())
}

fn print_check(label: &str, features: &str, m: &Result<Measured, String>) {
    match m {
        Ok(m) => {
            let opt = |v: Option<f64>, digits: usize| {
                v.map(|v| format!("{v:.digits$}"))
                    .unwrap_or_else(|| "-".into())
            };
            println!(
                "{:<36} {:<40} {:>8.1} {:>8} {:>9}  {}",
                label,
                features,
                m.wall,
                opt(m.cpu, 1),
                opt(m.max_kb.map(|kb| kb / 1024.0), 0),
                if m.ok { "ok" } else { m.note.as_str() }
            );
        }
        Err(e) => println!("{label:<36} {features:<40} error: {e}"),
    }
}

/// What the generated Cargo.toml says about itself.
#[derive(Debug, Default, PartialEq)]
struct Manifest {
    package: String,
    /// `[features]` keys, in file order.
    features: Vec<String>,
}

impl Manifest {
    /// Just enough TOML for the generated manifest: `[section]` headers,
    /// `key = ...` lines, bare or quoted keys.
    fn parse(text: &str) -> Manifest {
        let mut m = Manifest::default();
        let mut section = "";
        for line in text.lines().map(str::trim) {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim();
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let key = key.trim().trim_matches('"');
            match section {
                "package" if key == "name" => m.package = value.trim().trim_matches('"').to_owned(),
                "features" => m.features.push(key.to_owned()),
                _ => {}
            }
        }
        m
    }

    /// The feature of `tag`: the one whose name, compared on lowercase
    /// letters and digits only, is the tag's, else the only one ending so.
    fn tag_feature(&self, tag: &str) -> Option<&str> {
        let key = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let tag = key(tag);
        if tag.is_empty() {
            return None;
        }
        let candidates = || self.features.iter().filter(|f| *f != "default");
        if let Some(exact) = candidates().find(|f| key(f) == tag) {
            return Some(exact);
        }
        let mut ending = candidates().filter(|f| key(f).ends_with(&tag));
        match (ending.next(), ending.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }
}

/// One `cargo check` run.
#[derive(Debug, Clone)]
struct Measured {
    ok: bool,
    wall: f64,
    cpu: Option<f64>,
    max_kb: Option<f64>,
    note: String,
}

/// `cargo check` of the crate at `dir` with `args`, after touching its
/// sources; repeated (up to twice) while a run also built a dependency.
fn measure(
    dir: &Path,
    target: &Path,
    package: &str,
    args: &[&str],
    time: Option<&Path>,
    o: &Options,
) -> Result<Measured, String> {
    let mut attempt = 0;
    loop {
        touch_sources(&dir.join("src"))?;
        let (measured, built) = check_once(dir, target, args, time, o.timeout)?;
        let warm_up = built.iter().any(|p| p != package);
        attempt += 1;
        if !warm_up || attempt == 3 || !measured.ok {
            return Ok(measured);
        }
    }
}

/// Sets the modification time of every file under `dir` to now, so cargo
/// checks the crate again.
fn touch_sources(dir: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            touch_sources(&path)?;
        } else {
            std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(SystemTime::now()))
                .map_err(|e| format!("touch {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Runs `cargo check` once (under `/usr/bin/time` when there is one) in its
/// own process group, killed after `timeout`. Returns the measurement and
/// the packages cargo compiled or checked.
fn check_once(
    dir: &Path,
    target: &Path,
    args: &[&str],
    time: Option<&Path>,
    timeout: Duration,
) -> Result<(Measured, Vec<String>), String> {
    use std::os::unix::process::CommandExt;
    const MARK: &str = "xtask-bench-time:";
    std::fs::create_dir_all(target).map_err(|e| format!("{}: {e}", target.display()))?;
    let log_path = target.join("check.log");
    let log =
        std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = match time {
        Some(time) => {
            let mut c = Command::new(time);
            c.arg("-f").arg(format!("{MARK} %e %U %S %M")).arg(&cargo);
            c
        }
        None => Command::new(&cargo),
    };
    command
        .arg("check")
        .arg("--message-format=short")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        // Incremental checking would reuse the last run's results for
        // touched but unchanged sources: every run checks from scratch.
        .env("CARGO_INCREMENTAL", "0")
        .stdout(Stdio::null())
        .stderr(log)
        .process_group(0);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status);
        }
        if started.elapsed() > timeout {
            // The whole group: time, cargo and the rustc it started.
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(format!("-{}", child.id()))
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let wall = started.elapsed().as_secs_f64();
    let output = std::fs::read_to_string(&log_path).unwrap_or_default();
    let mut built = Vec::new();
    let mut measured = Measured {
        ok: status.is_some_and(|s| s.success()),
        wall,
        cpu: None,
        max_kb: None,
        note: match status {
            None => format!("timed out after {}s", timeout.as_secs()),
            Some(_) => "does not compile".into(),
        },
    };
    for line in output.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("Compiling" | "Checking") => built.extend(words.next().map(str::to_owned)),
            Some(MARK) => {
                let numbers: Vec<f64> = words.filter_map(|w| w.parse().ok()).collect();
                if let [elapsed, user, system, kb] = numbers[..] {
                    measured.wall = elapsed;
                    measured.cpu = Some(user + system);
                    measured.max_kb = Some(kb);
                }
            }
            _ => {}
        }
    }
    if !measured.ok && status.is_some() {
        if let Some(error) = output.lines().find(|l| l.contains("error")) {
            measured.note = format!("does not compile: {error}");
        }
    }
    Ok((measured, built))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_cpu_from_proc_stat() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
        // majflt cmajflt utime stime cutime cstime ...
        let stat = "42 (x task) (b) S 1 42 42 0 -1 4194560 100 7 0 0 5 3 25 4 20 0 1 0";
        assert_eq!(children_cpu_of(stat), Some(Duration::from_millis(290)));
        assert_eq!(children_cpu_of("42 (x) S 1"), None);
        assert!(children_cpu().is_some());
    }

    #[test]
    fn manifest_features_and_tag_lookup() {
        let m = Manifest::parse(
            "# @generated\n[package]\nname = \"fb-client\"\n\n[workspace]\n\n[features]\n\
             default = [\"api\", \"rustls\"]\n\"api\" = []\n# TLS\nrustls = [\"reqwest/rustls-tls\"]\n\
             tag-trlink = [\"api\"]\n\"api-smart-transfer\" = []\n\n[dependencies]\nname = \"x\"\n",
        );
        assert_eq!(m.package, "fb-client");
        assert_eq!(
            m.features,
            [
                "default",
                "api",
                "rustls",
                "tag-trlink",
                "api-smart-transfer"
            ]
        );
        assert_eq!(m.tag_feature("TRLink"), Some("tag-trlink"));
        assert_eq!(m.tag_feature("Smart Transfer"), Some("api-smart-transfer"));
        assert_eq!(m.tag_feature("rustls"), Some("rustls"));
        assert_eq!(m.tag_feature("Vaults"), None);
        assert_eq!(m.tag_feature("default"), None);
        assert_eq!(m.tag_feature(" "), None);
    }
}
