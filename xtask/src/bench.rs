//! `cargo xtask bench [SPEC...]`: the generator's time per step on big specs
//! (default: the largest corpus documents), single-threaded, best of N runs.
//! Prints numbers; nothing here asserts a time.

use codegen::{emit, format, load, lower, naming};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const DEFAULT_SPECS: &[&str] = &[
    "stripe/stripe-spec3.2023-09-12.yaml",
    "progenitor/api.github.com.json",
    "oas31/openai.openapi.yaml",
    "fireblocks/fireblocks-api-1.6.2.openapi.yaml",
    "swagger2/canary/kubernetes/swagger.json",
];

const RUNS: usize = 5;

/// Best time of `RUNS` runs of `f`, and its last result.
fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        let value = f();
        fastest = fastest.min(started.elapsed());
        last = Some(value);
    }
    match last {
        Some(value) => (fastest, value),
        None => (fastest, f()),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let specs: Vec<PathBuf> = if args.is_empty() {
        let corpus = root.join("../shared/corpus");
        DEFAULT_SPECS.iter().map(|s| corpus.join(s)).collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    println!(
        "{:<48} {:>6} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}",
        "spec", "ops", "load", "lower", "emit", "format", "total ms", "lines"
    );
    for path in &specs {
        let label = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = PathBuf::from(&label);
        let (t_load, doc) = best(|| load::load_as(path, &source));
        let doc = doc.map_err(|e| e.to_string())?;
        let (t_lower, api) = best(|| {
            lower::lower(&doc, "api").map(|(mut api, _)| {
                naming::name_api(&mut api, "api".into());
                api
            })
        });
        let api = api.map_err(|e| e.to_string())?;
        let (t_emit, tokens) = best(|| (emit::api_module(&api), emit::types_module(&api)));
        let (t_format, text) = best(|| {
            let (module, types) = tokens.clone();
            (
                format::rust_file(module, &label),
                format::rust_file(types, &label),
            )
        });
        let lines = match text {
            (Ok(a), Ok(b)) => a.lines().count() + b.lines().count(),
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        println!(
            "{:<48} {:>6} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}",
            label,
            api.operations.len(),
            ms(t_load),
            ms(t_lower),
            ms(t_emit),
            ms(t_format),
            ms(t_load + t_lower + t_emit + t_format),
            lines
        );
    }
    println!(
        "best of {RUNS} runs per step, one thread; `generate` formats the two files in parallel"
    );
    Ok(())
}
