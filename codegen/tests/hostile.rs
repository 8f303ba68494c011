//! Hostile specs: spec text never becomes code, and the generator neither
//! crashes nor reads outside the spec.

use codegen::emit::krate::CrateOptions;
use codegen::SpecInput;
use std::path::Path;

fn generate_fixture(name: &str) -> codegen::Generated {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let spec = SpecInput::new(&root, &Path::new("fixtures").join(name));
    let options = CrateOptions {
        name: "hostile".into(),
        standalone: true,
        dev_dependencies: false,
        runtime: codegen::emit::krate::RuntimeDep::this_checkout(),
    };
    codegen::generate_crate(&[spec], &options).unwrap_or_else(|e| panic!("{e}"))
}

/// The first doc line rustdoc would run as code: a fence that does not open
/// as `text`, or an indented code block (also behind `>` or a list marker).
fn runnable_doc_line(file: &str) -> Option<String> {
    let mut in_fence = false;
    for line in file.lines() {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
        else {
            if trimmed.starts_with("#[doc =") || trimmed.starts_with("#![doc =") {
                return Some(format!("doc attribute prettyplease kept: {line}"));
            }
            if in_fence {
                return Some("a doc comment ends inside a fence".into());
            }
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        let fence = doc.starts_with("```") || doc.starts_with("~~~");
        if in_fence {
            if fence && doc != "```" {
                return Some(line.to_owned());
            }
            in_fence = !fence;
            continue;
        }
        if fence {
            if doc != "```text" {
                return Some(line.to_owned());
            }
            in_fence = true;
            continue;
        }
        // Strip block quote and list markers; what is left must not be a
        // fence nor indented code.
        let mut rest = doc;
        loop {
            let t = rest.trim_start_matches(' ');
            let next = t
                .strip_prefix('>')
                .or_else(|| {
                    t.strip_prefix(['-', '*', '+'])
                        .filter(|a| a.starts_with(' '))
                })
                .or_else(|| {
                    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    (digits > 0)
                        .then(|| t[digits..].strip_prefix(['.', ')']))
                        .flatten()
                        .filter(|a| a.starts_with(' '))
                });
            match next {
                Some(after) => rest = after,
                None => break,
            }
        }
        if rest.contains('\t')
            || rest.starts_with("    ")
            || rest.trim_start().starts_with("```")
            || rest.trim_start().starts_with("~~~")
        {
            return Some(line.to_owned());
        }
    }
    None
}

#[test]
fn spec_text_never_becomes_a_doc_test() {
    let out = generate_fixture("hostile-text.yaml");
    let cargo_toml = out
        .files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .expect("Cargo.toml");
    assert!(
        cargo_toml.contents.contains("\n[lib]\ndoctest = false\n"),
        "{}",
        cargo_toml.contents
    );
    let mut docs = 0;
    for file in &out.files {
        if file.path.starts_with("runtime") || file.path == Path::new("Cargo.toml") {
            continue;
        }
        docs += file.contents.matches("panic!").count();
        assert_eq!(
            runnable_doc_line(&file.contents),
            None,
            "{}",
            file.path.display()
        );
    }
    // The hostile text did reach the output (as prose), so the check above
    // looked at it.
    assert!(docs >= 15, "only {docs} `panic!` found in the output");
}

#[test]
fn no_raw_control_or_bidi_characters_in_output() {
    let out = generate_fixture("hostile-text.yaml");
    for file in &out.files {
        let bad = file.contents.char_indices().find(|&(_, c)| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        });
        if let Some((at, c)) = bad {
            let start = file.contents[..at].rfind('\n').unwrap_or(0);
            panic!(
                "{}: {c:?} in line {:?}",
                file.path.display(),
                &file.contents[start..at + c.len_utf8()]
            );
        }
    }
}

#[test]
fn spec_names_become_valid_feature_and_package_names() {
    use codegen::naming::{crate_name, feature_name};
    assert_eq!(feature_name("enfuce-customer"), "enfuce-customer");
    assert_eq!(feature_name("v1.2+x"), "v1.2+x");
    assert_eq!(feature_name("1"), "1");
    assert_eq!(feature_name("my spec"), "my_spec");
    assert_eq!(feature_name("-x"), "minus_x");
    assert_eq!(feature_name("ä"), "ue4");
    assert_eq!(feature_name(""), "empty");
    assert_eq!(feature_name("default"), "default_api");
    assert_eq!(feature_name("fireblocks-signer"), "fireblocks_signer_api");
    assert_eq!(crate_name("1"), "api-1-client");
    assert_eq!(crate_name("my spec"), "my-spec-client");
    let input = SpecInput::new(Path::new("specs"), Path::new("my spec.yaml"));
    assert_eq!(input.name, "my_spec");
}
