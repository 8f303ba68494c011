//! The generator's steps import only earlier steps: load → normalize →
//! lower → analyze → naming → emit → format → write, over the shared
//! vocabulary `diag`, `ir` and `oas` (which import no step). Test code is
//! exempt (a test may run the whole pipeline).

use std::path::{Path, PathBuf};

/// Each module of `codegen/src`, in the order of the flow.
const ORDER: &[&str] = &[
    "diag",
    "ir",
    "oas",
    "load",
    "normalize",
    "lower",
    "analyze",
    "naming",
    "emit",
    "format",
    "write",
    "workspace",
];

fn rank(module: &str) -> Option<usize> {
    ORDER.iter().position(|m| *m == module)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("readable").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The step a file belongs to: its first path component under `src/`.
fn step_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The steps named by `crate::<step>` in `text`.
fn imported_steps(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let preceded = text[..i].chars().next_back();
        if preceded.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::`, `my_crate::`
        }
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if rank(&name).is_some() {
            out.push(name);
        }
    }
    // `use crate::{a, b::c}`
    for (i, _) in text.match_indices("use crate::{") {
        let rest = &text[i + "use crate::{".len()..];
        let list = rest.split('}').next().unwrap_or("");
        for item in list.split(',') {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if rank(&name).is_some() {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn steps_import_only_earlier_steps() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(step) = step_of(&src, file) else {
            continue;
        };
        let Some(own) = rank(&step) else {
            continue; // lib.rs: the pipeline itself
        };
        let text = std::fs::read_to_string(file).expect("readable");
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        for imported in imported_steps(&code) {
            checked += 1;
            let their = rank(&imported).unwrap_or(0);
            let vocabulary = their < 3 && own < 3;
            if their > own || (vocabulary && imported != step) {
                violations.push(format!(
                    "{} ({step}) imports {imported}",
                    file.strip_prefix(&src).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(
        checked > 20,
        "found only {checked} imports: is the scan broken?"
    );
    assert!(
        violations.is_empty(),
        "imports against the flow:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_scan_sees_imports_against_the_flow() {
    assert_eq!(
        imported_steps("use crate::emit::x;\nlet y = crate::lower::f();\n$crate::load"),
        ["emit", "lower"]
    );
    assert_eq!(
        imported_steps("use crate::{diag::E, ir::*};"),
        ["diag", "ir"]
    );
}
