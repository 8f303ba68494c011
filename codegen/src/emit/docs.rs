//! Spec prose → rustdoc attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for the given paragraphs (empty ones are skipped).
pub fn doc(parts: &[Option<&str>]) -> TokenStream {
    let lines = doc_lines(parts);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` lines, for a module's own documentation.
pub fn inner_doc(parts: &[Option<&str>]) -> TokenStream {
    let lines = doc_lines(parts);
    quote! { #( #![doc = #lines] )* }
}

fn doc_lines(parts: &[Option<&str>]) -> Vec<String> {
    let text = parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return Vec::new();
    }
    sanitize(&text)
}

/// Keeps spec prose from turning into doc tests or broken markup: fenced
/// blocks become `text` blocks, and indentation that would start an indented
/// code block is dropped. Each line gets the leading space `///` has.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            if in_fence {
                out.push(format!(" {fence}"));
            } else {
                out.push(format!(" {fence}text"));
            }
            in_fence = !in_fence;
            continue;
        }
        let line = line.trim_end();
        if in_fence {
            out.push(format!(" {line}"));
        } else {
            out.push(format!(" {}", trimmed.trim_end()));
        }
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_never_becomes_a_doctest() {
        let lines = sanitize("Example:\n```\nlet x = 1;\n```\n    indented code\n```json\n{}");
        assert_eq!(
            lines,
            vec![
                " Example:",
                " ```text",
                " let x = 1;",
                " ```",
                " indented code",
                " ```text",
                " {}",
                " ```"
            ]
        );
    }
}
