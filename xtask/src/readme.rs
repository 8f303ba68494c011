//! The README's "Using the generated client" example, as a user meets it: its
//! dependency block and its programs, pasted into a fresh crate.

use std::path::Path;

/// The contents of each fenced block of `markdown` whose info string starts
/// with `lang` (```` ```rust,no_run ```` counts as `rust`), in order.
pub fn code_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    // Inside a block: `Some(text)` when it is one of `lang`'s.
    let mut inside: Option<Option<String>> = None;
    for line in markdown.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut inside, fence) {
            (None, Some(info)) => {
                let first = info.split([',', ' ']).next().unwrap_or("");
                inside = Some((first == lang).then(String::new));
            }
            (Some(block), Some("")) => {
                blocks.extend(block.take());
                inside = None;
            }
            (Some(Some(text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (Some(None), _) | (None, None) => {}
        }
    }
    blocks
}

/// The examples in the docs of a generated module (`mod.rs` text): each
/// `rust` block of the doc comment over a `pub fn`, with the function's name.
pub fn doc_examples(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut doc = String::new();
    for line in source.lines() {
        let line = line.trim_start();
        if let Some(text) = line.strip_prefix("///") {
            doc.push_str(text.strip_prefix(' ').unwrap_or(text));
            doc.push('\n');
        } else if line.starts_with("#[") {
            // Attributes between the docs and the item.
        } else {
            if let Some(rest) = line.strip_prefix("pub fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                for block in code_blocks(&doc, "rust") {
                    out.push((name.clone(), block));
                }
            }
            doc.clear();
        }
    }
    out
}

/// A library of the given examples, one module each, as a caller's crate
/// that pasted them would be.
pub fn examples_lib(examples: &[(String, String)]) -> String {
    let mut lib = String::from("//! Examples from the generated docs, pasted as a caller would.\n");
    for (name, code) in examples {
        lib.push_str(&format!("\npub mod {name} {{\n{code}}}\n"));
    }
    lib
}

/// A scratch crate: `[package]`, an empty `[workspace]` (it lives under the
/// repository's `target/`), then the README's dependency block with the path
/// to `generated-client` made absolute.
pub fn manifest(dependencies: &str, root: &Path) -> String {
    let client = root.join("generated-client");
    let dependencies = dependencies.replace(
        r#"path = "generated-client""#,
        &format!("path = {:?}", client.to_string_lossy()),
    );
    format!(
        "[package]\nname = \"readme-example\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n{dependencies}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    #[test]
    fn doc_examples_are_found_with_their_function() {
        let source = "/// Does x.\n///\n/// ```rust,no_run\n/// let a = 1;\n/// ```\n#[cfg(feature = \"x\")]\npub fn do_x(&self) {}\n/// ```text\n/// no\n/// ```\npub fn do_y() {}\n";
        assert_eq!(
            doc_examples(source),
            [("do_x".to_owned(), "let a = 1;\n".to_owned())]
        );
    }

    #[test]
    fn code_blocks_are_found_by_language() {
        let md = "text\n```toml\na = 1\n```\n```sh\nls\n```\n```rust,no_run\nfn main() {}\n```\n";
        assert_eq!(code_blocks(md, "toml"), ["a = 1\n"]);
        assert_eq!(code_blocks(md, "rust"), ["fn main() {}\n"]);
        assert!(code_blocks(md, "sh").len() == 1);
    }

    /// The README's dependency block and its programs, as a fresh crate
    /// outside this workspace, pass `cargo check` without warnings. It shares
    /// the workspace's target directory and lock file, so it only checks
    /// what changed.
    #[test]
    fn readme_example_compiles() {
        let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
        let section = readme
            .split("## Using the generated client")
            .nth(1)
            .expect("README has a \"Using the generated client\" section");
        let dependencies = code_blocks(section, "toml")
            .into_iter()
            .find(|b| b.contains("[dependencies]"))
            .expect("a dependency block");
        assert!(
            dependencies.contains(r#"generated-client = { path = "generated-client""#),
            "{dependencies}"
        );
        let programs: Vec<String> = code_blocks(section, "rust")
            .into_iter()
            .filter(|b| b.contains("fn main"))
            .collect();
        assert!(!programs.is_empty(), "the section has a program");
        for program in &programs {
            // rustdoc hides `# ` lines; a reader pasting the block would not.
            assert!(
                !program.lines().any(|l| l.starts_with("# ") || l == "#"),
                "hidden doctest lines:\n{program}"
            );
        }

        let dir = root().join("target/readme-example");
        let _ = std::fs::remove_dir_all(dir.join("src"));
        std::fs::create_dir_all(dir.join("src/bin")).expect("writable target/");
        std::fs::write(dir.join("Cargo.toml"), manifest(&dependencies, &root())).expect("write");
        crate::copy_lock_file(&dir);
        std::fs::write(dir.join("src/main.rs"), &programs[0]).expect("write");
        for (i, program) in programs.iter().enumerate().skip(1) {
            std::fs::write(dir.join(format!("src/bin/readme_{i}.rs")), program).expect("write");
        }
        // The newcomer's other source: the example on each operation's page
        // of the APIs the dependency block turns on, pasted as they stand.
        let mut examples = Vec::new();
        for module in ["fireblocks", "enfuce_customer"] {
            let path = root()
                .join("generated-client/src")
                .join(module)
                .join("mod.rs");
            let source = std::fs::read_to_string(&path).expect("generated module");
            let found = doc_examples(&source);
            assert!(!found.is_empty(), "no examples in {}", path.display());
            examples.extend(
                found
                    .into_iter()
                    .map(|(name, code)| (format!("{module}_{name}"), code)),
            );
        }
        for wanted in [
            "fireblocks_create_tr_link_integration",
            "enfuce_customer_delete_linked_customer_using_delete",
        ] {
            assert!(
                examples.iter().any(|(name, _)| name == wanted),
                "no example for {wanted}"
            );
        }
        std::fs::write(dir.join("src/lib.rs"), examples_lib(&examples)).expect("write");
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "check",
                "--lib",
                "--bins",
                "--quiet",
                "--message-format=short",
            ])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", crate::nested_target())
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "the README example does not compile as a crate of its own:\n{stderr}"
        );
        assert!(
            !stderr.contains("warning"),
            "the README example compiles with warnings:\n{stderr}"
        );
    }
}
