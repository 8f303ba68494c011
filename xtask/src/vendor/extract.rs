//! Finding the OpenAPI blocks of documentation pages, and naming the APIs
//! they belong to.

use super::*;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The OpenAPI block extracted from one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// The page the block came from.
    pub page: PathBuf,
    /// 1-based line of the opening fence in the page.
    pub fence_line: usize,
    /// The fence info string without the leading `yaml` word, e.g.
    /// `https://docs.example.com/swagger.yaml post /things` or
    /// `customer delete /v3/{id}/link/{linkId}`.
    pub fence: String,
    /// The documentation index URL mentioned by the page, if any.
    pub docs: Option<String>,
    /// The spec name derived from the page (see [`derive_name`]); `None` if
    /// neither the docs URL nor the fence label has a usable host.
    pub name: Option<String>,
    /// `info.title` of the block.
    pub title: String,
    /// The parsed block.
    pub spec: Value,
}

/// A fenced block found in a page.
struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    /// The fence string itself, e.g. "````".
    fence: String,
    /// Info string (trimmed).
    info: String,
    /// Indentation of the opening fence (stripped from content lines).
    indent: usize,
    /// Content lines joined with '\n'.
    content: String,
    /// Whether a closing fence was found.
    closed: bool,
}

impl Block {
    fn is_yaml(&self) -> bool {
        self.info
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("yaml") || w.eq_ignore_ascii_case("yml"))
    }

    /// Info string without the language word.
    fn label(&self) -> String {
        let mut words = self.info.split_whitespace();
        words.next();
        words.collect::<Vec<_>>().join(" ")
    }

    fn looks_like_openapi(&self) -> bool {
        self.content
            .lines()
            .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"))
    }
}

/// Parses an opening fence line: `(indent, fence char, fence length, info)`.
fn opening_fence(line: &str) -> Option<(usize, char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = rest.len() - rest.trim_start_matches(ch).len();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((indent, ch, len, info))
}

/// Whether `line` closes a fence of `len` × `ch` (CommonMark: at most three
/// spaces of indentation, at least as many fence characters, nothing after).
fn is_closing_fence(line: &str, ch: char, len: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let run = rest.len() - rest.trim_start_matches(ch).len();
    run >= len && rest[run..].trim().is_empty()
}

/// Splits a page into its fenced blocks (CommonMark fences of 3+ backticks or
/// tildes). An unclosed fence runs to the end of the page and is reported
/// with `closed == false`.
fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, ch, len, info)) = opening_fence(lines[i]) else {
            i += 1;
            continue;
        };
        let end = (i + 1..lines.len()).find(|&j| is_closing_fence(lines[j], ch, len));
        let stop = end.unwrap_or(lines.len());
        let content: Vec<&str> = lines[i + 1..stop]
            .iter()
            .map(|l| {
                let strip = indent.min(l.len() - l.trim_start_matches(' ').len());
                &l[strip..]
            })
            .collect();
        let mut content = content.join("\n");
        content.push('\n');
        out.push(Block {
            line: i + 1,
            fence: ch.to_string().repeat(len),
            info: info.to_string(),
            indent,
            content,
            closed: end.is_some(),
        });
        i = stop + 1;
    }
    out
}

/// The first `http(s)://` URL in `s`, without trailing punctuation.
fn find_url(s: &str) -> Option<&str> {
    let start = match (s.find("https://"), s.find("http://")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let rest = &s[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || "<>\"'`()[]{}|".contains(c))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    Some(url)
}

/// The documentation index URL a page mentions ("Fetch the complete
/// documentation index at: <url>"), looked for above the OpenAPI block.
fn docs_url(header: &[&str]) -> Option<String> {
    let by_phrase = header
        .iter()
        .filter(|l| l.to_ascii_lowercase().contains("documentation index"))
        .find_map(|l| find_url(l));
    let by_llms = || {
        header
            .iter()
            .filter_map(|l| find_url(l))
            .find(|u| u.ends_with("/llms.txt") || u.ends_with("/llms-full.txt"))
    };
    by_phrase.or_else(by_llms).map(str::to_string)
}

/// Host of an `http(s)://` URL, lower-cased, without user info or port.
fn url_host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    if host_port.starts_with('[') {
        return None; // IPv6 literal: no organisation to derive
    }
    let host = host_port.split(':').next()?.trim_end_matches('.');
    if host.is_empty() {
        None
    } else {
        Some(host.to_ascii_lowercase())
    }
}

/// The organisation label of a host: its second-level domain label
/// (`docs.enfuce.com` -> `enfuce`), skipping common two-part public suffixes
/// such as `co.uk`.
fn host_org(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.is_empty() || labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n = labels.len();
    let label = match n {
        1 => labels[0],
        _ => {
            let sld = labels[n - 2];
            let cc_tld = labels[n - 1].len() == 2;
            let generic = ["co", "com", "org", "net", "gov", "ac", "edu"].contains(&sld);
            if n >= 3 && cc_tld && generic {
                labels[n - 3]
            } else {
                sld
            }
        }
    };
    normalize_name(label)
}

/// Lower-cases and maps everything outside `[a-z0-9]` to single dashes.
fn normalize_name(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// Whether a fence-label word names an API (`customer`) rather than being a
/// URL, an HTTP method or a path.
fn is_plain_word(word: &str) -> bool {
    !word.contains("://")
        && !word.starts_with('/')
        && !HTTP_METHODS.iter().any(|m| m.eq_ignore_ascii_case(word))
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// Derives the spec name of a page: the organisation (second-level domain
/// label of the docs URL, else of a URL first in the fence label), followed by
/// `-<word>` when the fence label starts with a plain word. `None` if no
/// organisation can be found.
pub fn derive_name(docs: Option<&str>, label: &str) -> Option<String> {
    let first = label.split_whitespace().next();
    let org = docs
        .and_then(url_host)
        .and_then(|h| host_org(&h))
        .or_else(|| {
            first
                .filter(|w| w.contains("://"))
                .and_then(url_host)
                .and_then(|h| host_org(&h))
        })?;
    match first.filter(|w| is_plain_word(w)).and_then(normalize_name) {
        Some(word) if word != org => Some(format!("{org}-{word}")),
        _ => Some(org),
    }
}

/// Checks a user-given spec name: non-empty, `[a-z0-9-]` only.
pub(super) fn validate_name(name: &str) -> Result<(), VendorError> {
    let ok = !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(VendorError::new(format!(
            "invalid --name {name:?}: use lower-case letters, digits and dashes only"
        )))
    }
}

/// Rewrites every "line L column C" in a serde_yaml message so that it points
/// into the page rather than into the extracted block.
pub(super) fn shift_positions(msg: &str, line_offset: usize, column_offset: usize) -> String {
    fn digits(s: &str) -> (&str, &str) {
        let n = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        s.split_at(n)
    }
    let mut out = String::new();
    let mut rest = msg;
    while let Some(idx) = rest.find("line ") {
        out.push_str(&rest[..idx]);
        let after = &rest[idx + "line ".len()..];
        let (line, tail) = digits(after);
        let shifted = tail.strip_prefix(" column ").and_then(|t| {
            let (col, tail) = digits(t);
            let line: usize = line.parse().ok()?;
            let col: usize = col.parse().ok()?;
            Some((line + line_offset, col + column_offset, tail))
        });
        match shifted {
            Some((l, c, tail)) => {
                out.push_str(&format!("line {l} column {c}"));
                rest = tail;
            }
            None => {
                out.push_str("line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Extracts the OpenAPI block of one page.
///
/// The block is the page's only ```` ```yaml ```` / ```` ~~~yaml ```` fence; if
/// there are several, the one that has a top-level `openapi:` (or `swagger:`)
/// key. Errors name the page and, for YAML syntax errors, the page line and
/// column.
pub fn extract(page: &Path, text: &str) -> Result<Fragment, VendorError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let all = blocks(text);
    let yaml: Vec<&Block> = all.iter().filter(|b| b.is_yaml()).collect();
    let block = match yaml.as_slice() {
        [] => {
            let unclosed = all
                .iter()
                .find(|b| !b.closed)
                .map(|b| {
                    format!(
                        " (note: the {} fence opened at line {} is never closed)",
                        b.fence, b.line
                    )
                })
                .unwrap_or_default();
            return Err(VendorError::page(
                page,
                format!("no ```yaml fenced block found{unclosed}"),
            ));
        }
        [one] => *one,
        many => {
            let openapi: Vec<&&Block> = many.iter().filter(|b| b.looks_like_openapi()).collect();
            match openapi.as_slice() {
                [one] => **one,
                _ => {
                    let lines: Vec<String> = many.iter().map(|b| b.line.to_string()).collect();
                    return Err(VendorError::page(
                        page,
                        format!(
                            "ambiguous: {} yaml fenced blocks (at lines {}); expected one OpenAPI block",
                            many.len(),
                            lines.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    if !block.closed {
        return Err(VendorError::page(
            page,
            format!(
                "unterminated fence: `{}{}` opened at line {} has no closing `{}`",
                block.fence, block.info, block.line, block.fence
            ),
        ));
    }

    let mut spec: Value = serde_yaml::from_str(&block.content).map_err(|e| {
        let msg = shift_positions(&e.to_string(), block.line, block.indent);
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line() + block.line, l.column() + block.indent))
            .unwrap_or_default();
        VendorError {
            pages: vec![page.to_path_buf()],
            pointer: None,
            message: format!(
                "{}{at}: invalid YAML in the block opened at line {}: {msg}",
                page.display(),
                block.line
            ),
        }
    })?;
    spec.apply_merge().map_err(|e| {
        VendorError::page(
            page,
            format!(
                "invalid YAML merge key in the block opened at line {}: {e}",
                block.line
            ),
        )
    })?;
    if !spec.is_mapping() {
        return Err(VendorError::page_at(
            page,
            "#",
            format!(
                "the yaml block opened at line {} is not a mapping",
                block.line
            ),
        ));
    }
    let title = match spec.get("info").and_then(|i| i.get("title")) {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            return Err(VendorError::page_at(
                page,
                "#/info/title",
                format!(
                    "the yaml block opened at line {} has no info.title (a non-empty string)",
                    block.line
                ),
            ))
        }
    };

    let header: Vec<&str> = text.lines().take(block.line - 1).collect();
    let docs = docs_url(&header);
    let fence = block.label();
    let name = derive_name(docs.as_deref(), &fence);
    Ok(Fragment {
        page: page.to_path_buf(),
        fence_line: block.line,
        fence,
        docs,
        name,
        title,
        spec,
    })
}
