//! Spec prose → rustdoc attributes.
//!
//! Every spec string that reaches a doc comment goes through [`sanitize`]:
//! spec text is data, and must never become a doc test (rustdoc runs fenced
//! *and* indented code blocks, also inside block quotes and list items), nor
//! break compilation (rustc rejects bare CR and bidi controls in comments),
//! nor run in a browser that opens the rendered docs (see `html`). Emitters
//! write no `#[doc]` attribute of their own: every doc line is made here.

use super::html;
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

/// `#[doc]` lines of an example the generator wrote (not spec text): a
/// `rust,no_run` block around `code`. Generated crates set `doctest = false`;
/// a test compiles these examples as a caller's crate would.
pub fn rust_example(code: &str) -> TokenStream {
    let mut lines = vec![" ```rust,no_run".to_owned()];
    lines.extend(clean_chars(code).lines().map(|l| {
        if l.trim().is_empty() {
            String::new()
        } else if l.trim_start().starts_with("```") {
            // Only our own fence ends the block.
            format!(" // {}", l.trim_start())
        } else {
            format!(" {l}")
        }
    }));
    lines.push(" ```".to_owned());
    quote! { #( #[doc = #lines] )* }
}

/// `text` with a fence it leaves open closed, by [`sanitize`]'s rules: for
/// spec text that generated prose continues after (a list item's
/// description), so that the prose does not end up inside the fence.
pub fn close_fences(text: &str) -> String {
    let open = text
        .split(['\n', '\r'])
        .filter(|line| is_fence(split_container(line).1))
        .count()
        % 2
        == 1;
    if open {
        format!("{text}\n```")
    } else {
        text.to_owned()
    }
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

/// Turns spec prose into doc lines (each with the leading space `///` has)
/// that render as the spec meant and contain no code rustdoc would run:
///
/// - every fence (also one behind `>` or a list marker, or one with an info
///   string such as `rust`) is re-written at the top level as `` ```text ``
///   and closed by a bare `` ``` ``, so our idea of "inside a fence" and
///   rustdoc's always agree;
/// - outside fences, runs of spaces and tabs collapse to one space (markdown
///   renders them so anyway), so no line can start an indented code block;
/// - CR and CRLF become line breaks; other control characters and the bidi
///   controls rustc rejects in comments are dropped;
/// - outside fences, raw HTML is limited to a harmless subset and unsafe
///   link targets become text (see [`html::neutralize`]).
pub fn sanitize(text: &str) -> Vec<String> {
    let text = clean_chars(text);
    let mut out = Vec::new();
    // `Some(quoted)` inside a fence; `quoted` if it was opened in a block quote.
    let mut fence: Option<bool> = None;
    for line in text.split('\n') {
        let (prefix, rest) = split_container(line);
        if is_fence(rest) {
            match fence {
                Some(_) => out.push(" ```".to_owned()),
                None => out.push(" ```text".to_owned()),
            }
            fence = match fence {
                Some(_) => None,
                None => Some(prefix.contains('>')),
            };
            continue;
        }
        match fence {
            Some(quoted) => {
                let line = if quoted { strip_quote(line) } else { line };
                out.push(format!(" {}", line.trim_end()));
            }
            None => out.push(format!(" {}", html::neutralize(&collapse_spaces(line)))),
        }
    }
    if fence.is_some() {
        out.push(" ```".to_owned());
    }
    html::balance(&mut out);
    escape_shortcut_links(&mut out);
    // Lines that are only the leading space read better empty.
    for line in &mut out {
        if line.trim().is_empty() {
            line.clear();
        }
    }
    out
}

/// `[Beta]` with no `[Beta]: target` in the same text is prose, but
/// rustdoc reads it as an intra-doc link and warns that nothing is named
/// so: its `[` is escaped (`\[Beta]` renders as `[Beta]`). Links with a
/// target (`[a](b)`, `[a][b]`, a defined label), links to items
/// (`` [`Name`] ``, as generated text writes them) and code spans stay.
fn escape_shortcut_links(lines: &mut [String]) {
    let defined: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let l = l.trim_start().strip_prefix('[')?;
            let (label, rest) = l.split_once(']')?;
            rest.starts_with(':').then(|| label.to_lowercase())
        })
        .collect();
    let mut in_fence = false;
    for line in lines.iter_mut() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !line.contains('[') {
            continue;
        }
        let mut out = String::with_capacity(line.len() + 4);
        let mut rest = line.as_str();
        while let Some(c) = rest.chars().next() {
            if c == '`' {
                // A code span: up to the same run of backticks, as is.
                let run = rest.len() - rest.trim_start_matches('`').len();
                let after = &rest[run..];
                let end = after
                    .find(&rest[..run])
                    .map_or(rest.len(), |e| run + e + run);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            if c == '\\' {
                let len = rest.chars().nth(1).map_or(1, |n| 1 + n.len_utf8());
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
            if c == '[' && !out.ends_with('!') {
                if let Some(close) = rest.find(']') {
                    let label = &rest[1..close];
                    let after = &rest[close + 1..];
                    let linked = after.starts_with(['(', '[', ':'])
                        || defined.contains(&label.to_lowercase());
                    // `[`Name`]` is how generated text links items.
                    let item_link = label.starts_with('`');
                    if !linked && !item_link && !label.is_empty() && !label.contains('[') {
                        out.push('\\');
                    }
                }
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        *line = out;
    }
}

/// One line of text for a generated sentence (a path, a content type, a
/// title): no line breaks, no characters rustc rejects in comments.
pub fn inline(text: &str) -> String {
    collapse_spaces(&clean_chars(text).replace('\n', " "))
}

/// `text` as one inline code span (a wire name, a header, an enum value):
/// [`inline`], between as many backticks as it needs.
pub fn code(text: &str) -> String {
    let text = inline(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// CR/CRLF → LF, tab → spaces; drops other control characters, and the
/// bidi controls (rustc's `text_direction_codepoint_in_comment`).
fn clean_chars(text: &str) -> String {
    // Tabs become spaces: clippy rejects them in doc comments.
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    text.chars()
        .filter(|&c| c == '\n' || !(c.is_control() || crate::diag::is_bidi_control(c)))
        .collect()
}

/// Splits a line into its markdown container markers (indentation, `>`,
/// list markers) and the rest.
fn split_container(line: &str) -> (&str, &str) {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix('>') {
            rest = after;
            continue;
        }
        let marker = trimmed.strip_prefix(['-', '*', '+']).or_else(|| {
            let digits = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            (digits > 0)
                .then(|| trimmed[digits..].strip_prefix(['.', ')']))
                .flatten()
        });
        match marker {
            Some(after) if after.starts_with([' ', '\t']) => rest = after,
            _ => {
                rest = trimmed;
                break;
            }
        }
    }
    (&line[..line.len() - rest.len()], rest)
}

fn is_fence(rest: &str) -> bool {
    rest.starts_with("```") || rest.starts_with("~~~")
}

/// A line of a fence opened in a block quote, without its `>` markers.
fn strip_quote(line: &str) -> &str {
    let mut rest = line;
    while let Some(after) = rest.trim_start().strip_prefix('>') {
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    rest
}

fn collapse_spaces(line: &str) -> String {
    line.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn prose_in_brackets_is_not_an_intra_doc_link() {
        let lines = |text: &str| sanitize(text);
        assert_eq!(
            lines("[Beta] Unlinks the repo."),
            [r" \[Beta] Unlinks the repo."]
        );
        // Links with targets, defined labels, images and code stay.
        assert_eq!(
            lines("[a](https://x.test) [b][c] ![i](p) `[Beta]` \\[e]\n\n[c]: https://y.test"),
            [
                " [a](https://x.test) [b][c] ![i](p) `[Beta]` \\[e]",
                "",
                " [c]: https://y.test"
            ]
        );
        assert_eq!(
            lines("see [c] and [d]\n\n[C]: https://y.test"),
            [r" see [c] and \[d]", "", " [C]: https://y.test"]
        );
        assert_eq!(lines("a [`types::X`] b"), [" a [`types::X`] b"]);
    }

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

    /// What rustdoc would treat as a code block, in the lines we emit (after
    /// rustdoc strips the one leading space): a fence opening with anything
    /// but `text`, or an indented block outside fences.
    fn runnable_code(lines: &[String]) -> Option<String> {
        let mut in_fence = false;
        for line in lines {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.starts_with("```") || line.starts_with("~~~") {
                if !in_fence && line != "```text" {
                    return Some(line.to_owned());
                }
                if in_fence && line != "```" {
                    return Some(format!("fence closed by {line:?}"));
                }
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                continue;
            }
            let (_, rest) = split_container(line);
            if is_fence(rest) || line.contains("    ") || line.contains('\t') {
                return Some(line.to_owned());
            }
        }
        in_fence.then(|| "unclosed fence".to_owned())
    }

    #[test]
    fn hostile_prose_has_no_runnable_code() {
        let cases = [
            "> ```rust\n> panic!();\n> ```",
            "> > ```\n> > panic!();\n> > ```",
            ">     panic!();",
            "* item\n\n      panic!();",
            "-     panic!();",
            "1.     panic!();",
            "- ```rust\n  panic!();\n  ```",
            "\tpanic!();",
            "text\n\n\t\tpanic!();",
            "````rust\n```\npanic!();\n````",
            "~~~rust\npanic!();\n~~~",
            "   ```rust\npanic!();",
            "x\r```rust\rpanic!()\r```",
            "x\r\n    panic!()",
            "> ```rust\npanic!();",
        ];
        for case in cases {
            let lines = sanitize(case);
            assert_eq!(runnable_code(&lines), None, "{case:?} -> {lines:#?}");
        }
    }

    #[test]
    fn quoted_fence_keeps_its_code_without_markers() {
        assert_eq!(
            sanitize("Note:\n> ```json\n> {\"a\": 1}\n> ```\nafter"),
            vec![" Note:", " ```text", " {\"a\": 1}", " ```", " after"]
        );
    }

    #[test]
    fn control_and_bidi_characters_are_dropped() {
        let lines = sanitize("a\u{202E}b\u{2066}c\u{0}d\u{1b}[31m\u{7f}e\rf\u{85}g");
        assert_eq!(lines, vec![" abcd[31me", " fg"]);
        for line in &lines {
            assert!(!line
                .chars()
                .any(|c| c.is_control() || crate::diag::is_bidi_control(c)));
        }
        assert_eq!(inline("/a\n```rust\r\n\u{202E}x"), "/a ```rust x");
    }

    #[test]
    fn open_fences_are_closed() {
        assert_eq!(close_fences("a\n- ```json\n{"), "a\n- ```json\n{\n```");
        assert_eq!(close_fences("```\nx\n```"), "```\nx\n```");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("customerId"), "`customerId`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a\nb"), "`a b`");
    }
}
