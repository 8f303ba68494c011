//! `cargo xtask pagination SPEC...`: which list operations of each spec page,
//! in which style and from what (recognised, an extension, the settings),
//! and which list-like ones do not, and why.

use codegen::SpecInput;
use std::path::{Path, PathBuf};

pub fn run(args: &crate::cli::Args) -> Result<(), String> {
    if args.positional.is_empty() {
        return Err(args.error("give at least one SPEC"));
    }
    let ref_root = args.value("--ref-root").map(Path::new);
    for spec in &args.positional {
        print!("{}", report(Path::new(spec), ref_root)?);
    }
    Ok(())
}

/// The listing of one spec, as printed.
pub fn report(spec: &Path, ref_root: Option<&Path>) -> Result<String, String> {
    let dir = spec.parent().unwrap_or(Path::new("."));
    let file = spec
        .file_name()
        .map(PathBuf::from)
        .ok_or("a spec must name a file")?;
    let mut input = SpecInput::new(dir, &file);
    input.source = spec.to_path_buf();
    input.ref_root = ref_root.map(Path::to_path_buf);
    let (_, diagnostics, findings) =
        codegen::lower_spec_paged(&input, "api".into()).map_err(|e| e.to_string())?;
    let paged = findings.iter().filter(|f| f.outcome.is_ok()).count();
    let mut out = format!(
        "{}: {paged} paged, {} list-like not paged\n",
        spec.display(),
        findings.len() - paged
    );
    for f in &findings {
        match &f.outcome {
            Ok(how) => out.push_str(&format!("  paged  {}  {how}\n", f.operation)),
            Err(why) => out.push_str(&format!("  no     {}  {why}\n", f.operation)),
        }
    }
    for d in diagnostics
        .iter()
        .filter(|d| d.message.starts_with("pagination"))
    {
        out.push_str(&format!("  {d}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixture_listing_names_every_style_and_every_refusal() {
        let root = super::super::workspace_root();
        let text = super::report(&root.join("codegen/tests/fixtures/pagination.yaml"), None)
            .unwrap_or_else(|e| panic!("{e}"));
        let expect = [
            "paged  getPagedAccounts  cursor paging.after -> after; items accounts (recognised)",
            "paged  listFiles  cursor last_id -> after; items data; until !has_more (recognised)",
            "paged  listCharges  last item's id -> starting_after; items data; until !has_more (recognised)",
            "paged  listPods  cursor metadata.continue -> continue; items items (recognised)",
            "paged  listEvents  next URL @odata.nextLink; items value (recognised)",
            "paged  listRepos  Link header; items body (recognised)",
            "paged  getTransactions  next URL in header next-page; items body (recognised)",
            "paged  listUsers  offset offset/limit; items results; total total (recognised)",
            "paged  listPets  page page/per_page; items body (recognised)",
            "paged  listVaults  next URL continuation; items entries (x-ms-pageable)",
            "paged  listRows  cursor resume -> token; items rows (",
            "codegen/tests/fixtures/settings/pagination.yaml)\n",
            "no     listTags  list-like (an array) but no next-page parameter, cursor or link: one answer",
            "no     listSnapshots  declared not paged by x-ms-pageable",
        ];
        for line in expect {
            assert!(text.contains(line), "missing {line:?} in:\n{text}");
        }
        assert!(text.contains(": 11 paged, 2 list-like not paged"), "{text}");
    }
}
