//! `cargo xtask vendor [--name NAME] <page>...`
//!
//! Some documentation sites publish, per API operation, a text page that
//! embeds a fenced block holding a trimmed OpenAPI document:
//!
//! `````text
//! > Fetch the complete documentation index at: https://docs.example.com/llms.txt
//! ...
//! ````yaml https://docs.example.com/api/swagger.yaml post /things
//! openapi: 3.0.0
//! info: { title: Example API, version: '1' }
//! paths: ...
//! ````
//! `````
//!
//! This module extracts those blocks ([`extract`]), merges the blocks that share
//! an `info.title` into one spec ([`merge`]), and writes `specs/<name>.yaml` plus
//! a regenerated `specs/README.md` ([`run`]). Every step is deterministic: the
//! output does not depend on the order the pages are given in.

use codegen::diag::escape_token;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// First line of every vendored spec file.
pub const HEADER: &str = "# Vendored by `cargo xtask vendor` from documentation pages; see specs/README.md. Do not edit by hand.\n";

/// Top-level extension key recording where a vendored spec came from.
pub const VENDORED_FROM: &str = "x-vendored-from";

/// Top-level keys whose values must agree between merged fragments.
const MUST_AGREE: &[&str] = &["openapi", "swagger", "info", "servers", "security"];

/// Top-level keys holding path items (united at path + method level).
const PATH_SECTIONS: &[&str] = &["paths", "webhooks"];

/// Swagger 2.0 top-level sections that play the role of `components.<kind>`.
const SWAGGER2_SECTIONS: &[&str] = &[
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
];

const HTTP_METHODS: &[&str] = &codegen::oas::METHODS;

/// A documentation page: where it was read from and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    pub text: String,
}

impl Page {
    /// Reads a page from disk (must be UTF-8).
    pub fn read(path: &Path) -> Result<Page, VendorError> {
        let bytes = fs::read(path)
            .map_err(|e| VendorError::page(path, format!("cannot read page: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| VendorError::page(path, format!("page is not valid UTF-8: {e}")))?;
        Ok(Page {
            path: path.to_path_buf(),
            text,
        })
    }
}

/// Error from vendoring. The message always names the page file(s) involved
/// and, where relevant, the JSON pointer (RFC 6901, `#/...`) of the offending
/// node; both are also available as fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorError {
    /// Page files involved, if any.
    pub pages: Vec<PathBuf>,
    /// JSON pointer into the OpenAPI document, if relevant.
    pub pointer: Option<String>,
    /// Complete human-readable message.
    pub message: String,
}

impl VendorError {
    fn new(message: impl Into<String>) -> Self {
        VendorError {
            pages: Vec::new(),
            pointer: None,
            message: message.into(),
        }
    }

    /// An error in a spec file (`source`, as given) at a JSON pointer.
    pub fn at(source: &str, pointer: &str, message: impl fmt::Display) -> Self {
        VendorError {
            pages: vec![PathBuf::from(source)],
            pointer: Some(pointer.to_string()),
            message: format!("{source}: {message} (at {pointer})"),
        }
    }

    fn page(page: &Path, message: impl fmt::Display) -> Self {
        VendorError {
            pages: vec![page.to_path_buf()],
            pointer: None,
            message: format!("{}: {message}", page.display()),
        }
    }

    fn page_at(page: &Path, pointer: &str, message: impl fmt::Display) -> Self {
        VendorError {
            pages: vec![page.to_path_buf()],
            pointer: Some(pointer.to_string()),
            message: format!("{}: {message} (at {pointer})", page.display()),
        }
    }

    fn conflict(pointer: &str, first: &Path, second: &Path) -> Self {
        VendorError {
            pages: vec![first.to_path_buf(), second.to_path_buf()],
            pointer: Some(pointer.to_string()),
            message: format!(
                "conflict at {pointer}: {} and {} define it differently",
                first.display(),
                second.display()
            ),
        }
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VendorError {}

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
fn validate_name(name: &str) -> Result<(), VendorError> {
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
fn shift_positions(msg: &str, line_offset: usize, column_offset: usize) -> String {
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

/// A mapping key as text (OpenAPI keys are strings; YAML allows others, e.g.
/// an unquoted `200:`).
fn key_str(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default(),
    }
}

/// Which page first defined the node at each JSON pointer.
type Owners<'a> = HashMap<String, &'a Path>;

/// Inserts `value` under `key` in `target`. If `key` is already present with
/// a structurally different value, that is a conflict when `strict`, and
/// otherwise ignored (the first page wins).
fn put<'a>(
    owners: &mut Owners<'a>,
    target: &mut Mapping,
    key: &Value,
    value: &Value,
    pointer: String,
    page: &'a Path,
    strict: bool,
) -> Result<(), VendorError> {
    match target.get(key) {
        None => {
            target.insert(key.clone(), value.clone());
            owners.insert(pointer, page);
            Ok(())
        }
        Some(existing) if !strict || existing == value => Ok(()),
        Some(_) => {
            let first = owners.get(&pointer).copied().unwrap_or(page);
            Err(VendorError::conflict(&pointer, first, page))
        }
    }
}

/// The mapping under `key` in `target`, created if absent; a conflict if a
/// non-mapping is already there.
fn child_mapping<'m, 'a>(
    owners: &mut Owners<'a>,
    target: &'m mut Mapping,
    key: &Value,
    pointer: &str,
    page: &'a Path,
) -> Result<&'m mut Mapping, VendorError> {
    if !target.contains_key(key) {
        target.insert(key.clone(), Value::Mapping(Mapping::new()));
        owners.insert(pointer.to_string(), page);
    }
    match target.get_mut(key) {
        Some(Value::Mapping(m)) => Ok(m),
        _ => {
            let first = owners.get(pointer).copied().unwrap_or(page);
            Err(VendorError::conflict(pointer, first, page))
        }
    }
}

/// Unites `src` into `out[key]` one level deep: `out[key][name]` must agree.
fn unite_one_level<'a>(
    owners: &mut Owners<'a>,
    out: &mut Mapping,
    key: &Value,
    src: &Value,
    base: &str,
    page: &'a Path,
) -> Result<(), VendorError> {
    let Value::Mapping(src) = src else {
        return Err(VendorError::page_at(page, base, "expected a mapping"));
    };
    let target = child_mapping(owners, out, key, base, page)?;
    for (k, v) in src {
        let p = format!("{base}/{}", escape_token(&key_str(k)));
        put(owners, target, k, v, p, page, true)?;
    }
    Ok(())
}

/// Unites `src` into `out[key]` two levels deep: `out[key][a][b]` must agree
/// (path + method for `paths`, kind + name for `components`).
fn unite_two_levels<'a>(
    owners: &mut Owners<'a>,
    out: &mut Mapping,
    key: &Value,
    src: &Value,
    base: &str,
    page: &'a Path,
) -> Result<(), VendorError> {
    let Value::Mapping(src) = src else {
        return Err(VendorError::page_at(page, base, "expected a mapping"));
    };
    let target = child_mapping(owners, out, key, base, page)?;
    for (k1, v1) in src {
        let p1 = format!("{base}/{}", escape_token(&key_str(k1)));
        match v1 {
            Value::Mapping(inner) => {
                let t1 = child_mapping(owners, target, k1, &p1, page)?;
                for (k2, v2) in inner {
                    let p2 = format!("{p1}/{}", escape_token(&key_str(k2)));
                    put(owners, t1, k2, v2, p2, page, true)?;
                }
            }
            _ => put(owners, target, k1, v1, p1, page, true)?,
        }
    }
    Ok(())
}

/// Unites `tags` lists, de-duplicating by `name` (the first page's wins).
fn unite_tags<'a>(
    owners: &mut Owners<'a>,
    out: &mut Mapping,
    key: &Value,
    src: &Value,
    page: &'a Path,
) -> Result<(), VendorError> {
    let Value::Sequence(src) = src else {
        return put(owners, out, key, src, "#/tags".to_string(), page, false);
    };
    if !out.contains_key(key) {
        out.insert(key.clone(), Value::Sequence(Vec::new()));
        owners.insert("#/tags".to_string(), page);
    }
    if let Some(Value::Sequence(tags)) = out.get_mut(key) {
        for tag in src {
            let name = tag.get("name");
            let dup = tags.iter().any(|t| match name {
                Some(n) => t.get("name") == Some(n),
                None => t == tag,
            });
            if !dup {
                tags.push(tag.clone());
            }
        }
    }
    Ok(())
}

/// Sorts a mapping's keys (by their text).
fn sort_mapping(m: &mut Mapping) {
    let mut entries: Vec<(Value, Value)> = std::mem::take(m).into_iter().collect();
    entries.sort_by_cached_key(|(k, _)| key_str(k));
    *m = entries.into_iter().collect();
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Merges fragments describing the same API (same `info.title` and derived
/// name) into one OpenAPI document.
///
/// * `paths` (and `webhooks`) are united at path + method level and sorted;
/// * every `components.<kind>.<name>` is united, each kind sorted by name
///   (for Swagger 2.0 blocks: `definitions`, `parameters`, `responses`,
///   `securityDefinitions`);
/// * `tags` are united by `name`;
/// * `openapi`, `info`, `servers` and `security` must agree; other top-level
///   keys are taken from the first page that has them;
/// * a node defined two different ways is an error naming both pages and the
///   JSON pointer; identical duplicates are fine;
/// * the sources are recorded under [`VENDORED_FROM`].
///
/// Fragments are processed in page-path order, so the result does not depend
/// on the order of `fragments`.
pub fn merge(fragments: &[Fragment]) -> Result<Value, VendorError> {
    let mut sorted: Vec<&Fragment> = fragments.iter().collect();
    sorted
        .sort_by(|a, b| (&a.page, a.fence_line, &a.fence).cmp(&(&b.page, b.fence_line, &b.fence)));
    let Some(first) = sorted.first().copied() else {
        return Err(VendorError::new("nothing to merge: no fragments"));
    };
    for f in &sorted[1..] {
        if f.title != first.title {
            return Err(VendorError {
                pages: vec![first.page.clone(), f.page.clone()],
                pointer: Some("#/info/title".to_string()),
                message: format!(
                    "cannot merge different APIs: {} has info.title {:?} but {} has {:?} (at #/info/title)",
                    first.page.display(),
                    first.title,
                    f.page.display(),
                    f.title
                ),
            });
        }
        if f.name != first.name {
            let show = |n: &Option<String>| n.clone().unwrap_or_else(|| "(none)".to_string());
            return Err(VendorError {
                pages: vec![first.page.clone(), f.page.clone()],
                pointer: None,
                message: format!(
                    "pages with the same info.title {:?} derive different spec names: {} -> {}, {} -> {}; pass --name to choose one",
                    first.title,
                    first.page.display(),
                    show(&first.name),
                    f.page.display(),
                    show(&f.name)
                ),
            });
        }
    }

    let mut out = Mapping::new();
    let mut owners: Owners = HashMap::new();
    let mut swagger2 = false;
    for f in &sorted {
        let page = f.page.as_path();
        let Value::Mapping(src) = &f.spec else {
            return Err(VendorError::page_at(
                page,
                "#",
                "the OpenAPI block is not a mapping",
            ));
        };
        let is_swagger2 = src.contains_key("swagger");
        swagger2 |= is_swagger2;
        for (k, v) in src {
            let key = key_str(k);
            let ptr = format!("#/{}", escape_token(&key));
            match key.as_str() {
                VENDORED_FROM => {}
                "components" => unite_two_levels(&mut owners, &mut out, k, v, &ptr, page)?,
                "tags" => unite_tags(&mut owners, &mut out, k, v, page)?,
                s if PATH_SECTIONS.contains(&s) => {
                    unite_two_levels(&mut owners, &mut out, k, v, &ptr, page)?
                }
                s if is_swagger2 && SWAGGER2_SECTIONS.contains(&s) => {
                    unite_one_level(&mut owners, &mut out, k, v, &ptr, page)?
                }
                s if MUST_AGREE.contains(&s) => put(&mut owners, &mut out, k, v, ptr, page, true)?,
                _ => put(&mut owners, &mut out, k, v, ptr, page, false)?,
            }
        }
    }

    for section in PATH_SECTIONS {
        if let Some(Value::Mapping(m)) = out.get_mut(*section) {
            sort_mapping(m);
        }
    }
    if let Some(Value::Mapping(components)) = out.get_mut("components") {
        for (_, kind) in components.iter_mut() {
            if let Value::Mapping(m) = kind {
                sort_mapping(m);
            }
        }
    }
    if swagger2 {
        for section in SWAGGER2_SECTIONS {
            if let Some(Value::Mapping(m)) = out.get_mut(*section) {
                sort_mapping(m);
            }
        }
    }

    let sources: Vec<Value> = sorted
        .iter()
        .map(|f| {
            let mut m = Mapping::new();
            m.insert("page".into(), file_name(&f.page).into());
            if let Some(docs) = &f.docs {
                m.insert("docs".into(), docs.clone().into());
            }
            m.insert("fence".into(), f.fence.clone().into());
            Value::Mapping(m)
        })
        .collect();
    out.insert(VENDORED_FROM.into(), Value::Sequence(sources));
    Ok(Value::Mapping(out))
}

/// Groups fragments by `info.title` and merges each group, returning spec
/// name -> merged document. With `name`, all fragments must share one title
/// and the spec gets that name.
pub fn plan(
    mut fragments: Vec<Fragment>,
    name: Option<&str>,
) -> Result<BTreeMap<String, Value>, VendorError> {
    fragments.sort_by(|a, b| (&a.page, a.fence_line).cmp(&(&b.page, b.fence_line)));
    if let Some(n) = name {
        validate_name(n)?;
        let mut titles: BTreeMap<&str, &Path> = BTreeMap::new();
        for f in &fragments {
            titles.entry(f.title.as_str()).or_insert(f.page.as_path());
        }
        if titles.len() > 1 {
            let list: Vec<String> = titles
                .iter()
                .map(|(t, p)| format!("{t:?} ({})", p.display()))
                .collect();
            return Err(VendorError {
                pages: titles.values().map(|p| p.to_path_buf()).collect(),
                pointer: Some("#/info/title".to_string()),
                message: format!(
                    "--name {n} given, but the pages describe {} different APIs: {}; vendor them separately",
                    titles.len(),
                    list.join(", ")
                ),
            });
        }
        for f in &mut fragments {
            f.name = Some(n.to_string());
        }
    } else if let Some(f) = fragments.iter().find(|f| f.name.is_none()) {
        return Err(VendorError::page(
            &f.page,
            format!(
                "cannot derive a spec name: the page mentions no documentation index URL and the fence label {:?} does not start with a URL; pass --name NAME",
                f.fence
            ),
        ));
    }

    let mut groups: BTreeMap<String, Vec<Fragment>> = BTreeMap::new();
    for f in fragments {
        groups.entry(f.title.clone()).or_default().push(f);
    }
    let mut specs: BTreeMap<String, Value> = BTreeMap::new();
    let mut claimed: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for (title, group) in groups {
        let spec = merge(&group)?;
        let Some((spec_name, page)) = group
            .first()
            .and_then(|f| Some((f.name.clone()?, f.page.clone())))
        else {
            continue;
        };
        if let Some((other_title, other_page)) = claimed.get(&spec_name) {
            return Err(VendorError {
                pages: vec![other_page.clone(), page.clone()],
                pointer: Some("#/info/title".to_string()),
                message: format!(
                    "{} (info.title {other_title:?}) and {} (info.title {title:?}) would both be written to {spec_name}.yaml; vendor them separately with --name",
                    other_page.display(),
                    page.display()
                ),
            });
        }
        claimed.insert(spec_name.clone(), (title, page));
        specs.insert(spec_name, spec);
    }
    Ok(specs)
}

/// The text of a vendored spec file: [`HEADER`] followed by the YAML.
pub fn render_spec(spec: &Value) -> Result<String, VendorError> {
    let yaml = serde_yaml::to_string(spec)
        .map_err(|e| VendorError::new(format!("cannot serialize spec as YAML: {e}")))?;
    Ok(format!("{HEADER}{yaml}"))
}

/// One row of a README sources table.
struct Source {
    page: String,
    docs: Option<String>,
    fence: String,
    /// A spec the file was cut from (`cargo xtask vendor --from-spec`), and
    /// the operations taken.
    spec: Option<String>,
    operations: Vec<String>,
}

/// What README.md says about one spec file.
struct Summary {
    title: Option<String>,
    version: Option<String>,
    openapi: Option<String>,
    sources: Vec<Source>,
    note: Option<String>,
}

fn scalar(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn summarize(spec: &Value) -> Summary {
    let info = spec.get("info");
    let sources: Vec<Source> = match spec.get(VENDORED_FROM) {
        Some(Value::Sequence(items)) => items
            .iter()
            .map(|s| Source {
                page: scalar(s.get("page")).unwrap_or_default(),
                docs: scalar(s.get("docs")),
                fence: scalar(s.get("fence")).unwrap_or_default(),
                spec: scalar(s.get("spec")),
                operations: match s.get("operations") {
                    Some(Value::Sequence(ids)) => {
                        ids.iter().filter_map(|i| scalar(Some(i))).collect()
                    }
                    _ => Vec::new(),
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    let note = sources.is_empty().then(|| {
        format!("No `{VENDORED_FROM}` key: this file was not produced by `cargo xtask vendor`.")
    });
    Summary {
        title: info.and_then(|i| scalar(i.get("title"))),
        version: info.and_then(|i| scalar(i.get("version"))),
        openapi: scalar(spec.get("openapi")).or_else(|| scalar(spec.get("swagger"))),
        sources,
        note,
    }
}

/// Escapes text for a markdown table cell / line.
fn md_text(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
}

/// Formats text as inline code in a markdown table cell.
fn md_code(s: &str) -> String {
    if s.is_empty() {
        "(none)".to_string()
    } else if s.contains('`') {
        md_text(s)
    } else {
        format!("`{}`", md_text(s))
    }
}

/// Renders specs/README.md from the specs being written (`new_specs`, by
/// name) plus every other `*.yaml` already in `specs_dir`.
pub fn render_readme(
    specs_dir: &Path,
    new_specs: &BTreeMap<String, Value>,
) -> Result<String, VendorError> {
    let mut summaries: BTreeMap<String, Summary> = BTreeMap::new();
    if specs_dir.is_dir() {
        let dir_err = |e: std::io::Error| {
            VendorError::new(format!("cannot list {}: {e}", specs_dir.display()))
        };
        for entry in fs::read_dir(specs_dir).map_err(dir_err)? {
            let path = entry.map_err(dir_err)?.path();
            let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !file.ends_with(".yaml") || !path.is_file() {
                continue;
            }
            let summary = match fs::read_to_string(&path) {
                Ok(text) => match serde_yaml::from_str::<Value>(&text) {
                    Ok(spec) => summarize(&spec),
                    Err(e) => Summary {
                        title: None,
                        version: None,
                        openapi: None,
                        sources: Vec::new(),
                        note: Some(format!(
                            "Could not be parsed as YAML: {}",
                            md_text(&e.to_string())
                        )),
                    },
                },
                Err(e) => Summary {
                    title: None,
                    version: None,
                    openapi: None,
                    sources: Vec::new(),
                    note: Some(format!("Could not be read: {}", md_text(&e.to_string()))),
                },
            };
            summaries.insert(file.to_string(), summary);
        }
    }
    for (name, spec) in new_specs {
        summaries.insert(format!("{name}.yaml"), summarize(spec));
    }

    let mut md = String::new();
    md.push_str("# Vendored OpenAPI specs\n\n");
    md.push_str(
        "<!-- Generated by `cargo xtask vendor` from the `x-vendored-from` key of every specs/*.yaml. Do not edit by hand. -->\n\n",
    );
    md.push_str(
        "The specs in this directory were extracted by `cargo xtask vendor` from the OpenAPI \
blocks that documentation pages embed (typically one operation per page). Blocks that share an \
`info.title` are merged into one file: `paths` are united per path and method, \
`components` per kind and name, and anything defined two different ways is an error. \
Each spec records its source pages under the top-level `x-vendored-from` key, from which this \
file is regenerated.\n\n",
    );
    md.push_str(
        "To update a spec, run `cargo xtask vendor [--name NAME] <page>...` with *all* of its \
pages: the spec is rewritten from the pages given.\n",
    );
    md.push_str(
        "\nA spec cut from a larger one (a few operations and every component they reach) is \
written by `cargo xtask vendor --from-spec SPEC --operation ID... --name NAME`, which records \
the source file and operation ids the same way.\n",
    );
    if summaries.is_empty() {
        md.push_str("\nNo specs have been vendored yet.\n");
    }
    for (file, s) in &summaries {
        md.push_str(&format!("\n## `{file}`\n\n"));
        let field =
            |v: &Option<String>| v.as_deref().map(md_text).unwrap_or_else(|| "(none)".into());
        md.push_str(&format!("- Title: {}\n", field(&s.title)));
        md.push_str(&format!("- Version: {}\n", field(&s.version)));
        md.push_str(&format!("- OpenAPI: {}\n", field(&s.openapi)));
        if let Some(note) = &s.note {
            md.push_str(&format!("\n{note}\n"));
        }
        for src in s.sources.iter().filter(|s| s.spec.is_some()) {
            let ids: Vec<String> = src.operations.iter().map(|o| md_code(o)).collect();
            md.push_str(&format!(
                "- Cut from {}: operations {}\n",
                md_code(src.spec.as_deref().unwrap_or_default()),
                ids.join(", ")
            ));
        }
        let pages: Vec<&Source> = s.sources.iter().filter(|s| s.spec.is_none()).collect();
        if !pages.is_empty() {
            md.push_str(&format!(
                "- Source pages: {}\n\n| Page | Docs index | Fence label (spec, method, path) |\n| --- | --- | --- |\n",
                pages.len()
            ));
            for src in pages {
                let docs = match &src.docs {
                    Some(d) if !d.contains(['<', '>']) && !d.contains(char::is_whitespace) => {
                        format!("<{}>", md_text(d))
                    }
                    Some(d) => md_text(d),
                    None => "(none)".to_string(),
                };
                md.push_str(&format!(
                    "| {} | {} | {} |\n",
                    md_code(&src.page),
                    docs,
                    md_code(&src.fence)
                ));
            }
        }
    }
    Ok(md)
}

/// `cargo xtask vendor [--name NAME] <page>...`: extracts the OpenAPI block of
/// every page, groups the blocks by `info.title`, merges each group and writes
/// `specs_dir/<name>.yaml`, then regenerates `specs_dir/README.md` from all
/// `specs_dir/*.yaml`.
///
/// Nothing is written unless every page is valid. Files whose content would
/// not change are left alone; the returned paths are the files actually
/// (re)written.
pub fn run(
    pages: &[PathBuf],
    specs_dir: &Path,
    name: Option<&str>,
) -> Result<Vec<PathBuf>, VendorError> {
    if pages.is_empty() {
        return Err(VendorError::new(
            "no pages given; usage: cargo xtask vendor [--name NAME] <page>...",
        ));
    }
    let mut sorted = pages.to_vec();
    sorted.sort();
    sorted.dedup();
    let fragments = sorted
        .iter()
        .map(|p| {
            let page = Page::read(p)?;
            extract(&page.path, &page.text)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let specs = plan(fragments, name)?;

    let mut outputs: Vec<(PathBuf, String)> = Vec::new();
    for (spec_name, spec) in &specs {
        outputs.push((
            specs_dir.join(format!("{spec_name}.yaml")),
            render_spec(spec)?,
        ));
    }
    outputs.push((
        specs_dir.join("README.md"),
        render_readme(specs_dir, &specs)?,
    ));

    fs::create_dir_all(specs_dir)
        .map_err(|e| VendorError::new(format!("cannot create {}: {e}", specs_dir.display())))?;
    let mut written = Vec::new();
    for (path, content) in outputs {
        if fs::read(&path).ok().as_deref() == Some(content.as_bytes()) {
            continue;
        }
        fs::write(&path, &content)
            .map_err(|e| VendorError::new(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page in the shape of the real seeds: docs-index header, an unrelated
    /// ```json block, then the OpenAPI block in a four-backtick fence.
    fn page(docs: &str, label: &str, yaml: &str) -> String {
        format!(
            "> ## Documentation Index\n> Fetch the complete documentation index at: {docs}\n\
             > Use this file to discover all available pages before exploring further.\n\n\
             ```json\n{{\"path\": \"/x\"}}\n```\n\n## OpenAPI\n\n````yaml {label}\n{yaml}````\n"
        )
    }

    fn frag(page_name: &str, yaml: &str) -> Fragment {
        let text = page(
            "https://developers.example.com/llms.txt",
            "https://docs.example.com/swagger.yaml get /x",
            yaml,
        );
        extract(Path::new(page_name), &text).unwrap()
    }

    fn yaml(v: &Value) -> String {
        render_spec(v).unwrap()
    }

    fn keys(v: Option<&Value>) -> Vec<String> {
        match v {
            Some(Value::Mapping(m)) => m.keys().map(key_str).collect(),
            _ => Vec::new(),
        }
    }

    const A: &str = "\
openapi: 3.0.0
info:
  title: Example API
  version: '1'
tags:
  - name: Things
paths:
  /things/{id}:
    get:
      operationId: getThing
      responses:
        '200':
          $ref: '#/components/responses/Thing'
components:
  schemas:
    Thing:
      type: object
    Error:
      type: string
  responses:
    Thing:
      description: ok
";

    const B: &str = "\
openapi: 3.0.0
info:
  title: Example API
  version: '1'
tags:
  - name: Things
  - name: Widgets
paths:
  /things/{id}:
    delete:
      operationId: deleteThing
  /a-widgets:
    post:
      operationId: createWidget
components:
  parameters:
    Key:
      name: Idempotency-Key
      in: header
  schemas:
    Widget:
      type: object
    Error:
      type: string
";

    #[test]
    fn extracts_block_from_inline_page() {
        let yaml = "openapi: 3.0.0\ninfo:\n  title: Inline API\n  version: '2'\n  description: |\n    Example:\n    ```yaml\n    not: the end\n    ```\npaths: {}\n";
        let text = page(
            "https://docs.acme.io/llms.txt",
            "https://api.acme.io/openapi.yaml get /things",
            yaml,
        );
        let f = extract(Path::new("pages/inline.txt"), &text).unwrap();
        assert_eq!(f.title, "Inline API");
        assert_eq!(f.fence, "https://api.acme.io/openapi.yaml get /things");
        assert_eq!(f.docs.as_deref(), Some("https://docs.acme.io/llms.txt"));
        assert_eq!(f.name.as_deref(), Some("acme"));
        assert_eq!(f.fence_line, 11);
        // The inner ``` lines belong to the block; a 3-backtick line does not
        // close the 4-backtick fence.
        let description = f.spec.get("info").and_then(|i| i.get("description"));
        assert_eq!(
            description.and_then(Value::as_str),
            Some("Example:\n```yaml\nnot: the end\n```\n")
        );
        assert!(f.spec.get("paths").is_some_and(Value::is_mapping));
    }

    #[test]
    fn extracts_tilde_fence_and_ignores_non_yaml_blocks() {
        let text = "intro\n```yaml\nnot: openapi\n```\n~~~~yml\nopenapi: 3.1.0\ninfo: {title: T, version: v}\n~~~~~\n";
        // Two yaml blocks: the one with a top-level `openapi:` key is chosen.
        let f = extract(Path::new("t.txt"), text).unwrap();
        assert_eq!(f.title, "T");
        assert_eq!(f.fence_line, 5);
        assert_eq!(f.fence, "");
        assert_eq!(f.docs, None);
        assert_eq!(f.name, None);
    }

    #[test]
    fn derives_names_of_the_seed_pages() {
        let body = "openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\n";
        // First lines of /work/shared/seeds/000_*.txt and 002_*.txt (Fireblocks)
        // and 001_*.txt (Enfuce).
        let seeds = [
            (
                "000_248c34d7d18018ab.txt",
                "https://developers.fireblocks.com/llms.txt",
                "https://docs.fireblocks.com/api/v1/swagger.yaml delete /screening/trlink/customers/integration/{customerIntegrationId}",
                "fireblocks",
            ),
            (
                "001_b2c359c63bbda7c1.txt",
                "https://docs.enfuce.com/llms.txt",
                "customer delete /v3/{id}/link/{linkId}",
                "enfuce-customer",
            ),
            (
                "002_1e3efa90e39c55fc.txt",
                "https://developers.fireblocks.com/llms.txt",
                "https://docs.fireblocks.com/api/v1/swagger.yaml post /screening/trlink/customers/integration",
                "fireblocks",
            ),
        ];
        for (file, docs, label, want) in seeds {
            let f = extract(Path::new(file), &page(docs, label, body)).unwrap();
            assert_eq!(f.name.as_deref(), Some(want), "{file}");
            assert_eq!(f.docs.as_deref(), Some(docs), "{file}");
            assert_eq!(f.fence, label, "{file}");
        }
        // Without a docs URL the fence-label URL's host is used.
        let no_docs =
            format!("# Page\n\n````yaml https://api.example.co.uk/spec.yaml get /x\n{body}````\n");
        let f = extract(Path::new("p.txt"), &no_docs).unwrap();
        assert_eq!(f.name.as_deref(), Some("example"));
        // A label starting with a method is not an API word.
        assert_eq!(
            derive_name(Some("https://docs.enfuce.com/llms.txt"), "GET /x").as_deref(),
            Some("enfuce")
        );
        assert_eq!(
            derive_name(
                Some("https://docs.Big_Co.com/llms.txt"),
                "Card_Api delete /x"
            )
            .as_deref(),
            Some("big-co-card-api")
        );
    }

    #[test]
    fn merges_paths_components_and_tags() {
        let merged = merge(&[frag("a.txt", A), frag("b.txt", B)]).unwrap();
        let paths = merged.get("paths");
        assert_eq!(keys(paths), ["/a-widgets", "/things/{id}"]);
        assert_eq!(
            keys(paths.and_then(|p| p.get("/things/{id}"))),
            ["get", "delete"]
        );
        let components = merged.get("components");
        assert_eq!(keys(components), ["schemas", "responses", "parameters"]);
        assert_eq!(
            keys(components.and_then(|c| c.get("schemas"))),
            ["Error", "Thing", "Widget"]
        );
        assert_eq!(keys(components.and_then(|c| c.get("parameters"))), ["Key"]);
        let tags: Vec<&str> = match merged.get("tags") {
            Some(Value::Sequence(t)) => t.iter().filter_map(|t| t.get("name")?.as_str()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(tags, ["Things", "Widgets"]);
        let sources: Vec<&str> = match merged.get(VENDORED_FROM) {
            Some(Value::Sequence(s)) => s.iter().filter_map(|s| s.get("page")?.as_str()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(sources, ["a.txt", "b.txt"]);
        // Identical duplicates of a whole page are fine too.
        let twice = merge(&[frag("a.txt", A), frag("c.txt", A)]).unwrap();
        assert_eq!(keys(twice.get("paths")), ["/things/{id}"]);
        // The written YAML reads back as the merged document.
        let text = yaml(&merged);
        assert!(text.starts_with(HEADER));
        assert_eq!(serde_yaml::from_str::<Value>(&text).unwrap(), merged);
    }

    #[test]
    fn conflicts_name_both_pages_and_the_escaped_pointer() {
        let changed = A.replace("operationId: getThing", "operationId: fetchThing");
        let err = merge(&[frag("pages/one.txt", A), frag("pages/two.txt", &changed)]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("pages/one.txt"), "{msg}");
        assert!(msg.contains("pages/two.txt"), "{msg}");
        assert!(msg.contains("#/paths/~1things~1{id}/get"), "{msg}");
        assert_eq!(err.pointer.as_deref(), Some("#/paths/~1things~1{id}/get"));

        let odd = |t: &str| {
            format!(
                "openapi: 3.0.0\ninfo: {{title: X, version: '1'}}\ncomponents:\n  schemas:\n    a~b/c: {{type: {t}}}\n"
            )
        };
        let err = merge(&[
            frag("x.txt", &odd("string")),
            frag("y.txt", &odd("integer")),
        ])
        .unwrap_err();
        assert!(
            err.to_string().contains("#/components/schemas/a~0b~1c"),
            "{err}"
        );
        assert!(err.to_string().contains("x.txt") && err.to_string().contains("y.txt"));

        let servers = B.replace(
            "paths:",
            "servers:\n  - url: https://other.example.com\npaths:",
        );
        let with_server = A.replace(
            "paths:",
            "servers:\n  - url: https://api.example.com\npaths:",
        );
        let err = merge(&[frag("s1.txt", &with_server), frag("s2.txt", &servers)]).unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("#/servers"));
        let err = merge(&[
            frag("v1.txt", A),
            frag("v2.txt", &B.replace("version: '1'", "version: '2'")),
        ])
        .unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("#/info"));
        assert!(err.to_string().contains("v1.txt") && err.to_string().contains("v2.txt"));
    }

    #[test]
    fn same_title_with_different_names_is_an_error() {
        let a = frag("a.txt", A);
        let mut b = frag("b.txt", B);
        b.name = Some("other".to_string());
        let err = merge(&[a, b]).unwrap_err();
        assert!(
            err.to_string().contains("a.txt") && err.to_string().contains("b.txt"),
            "{err}"
        );
        assert!(err.to_string().contains("other"), "{err}");
    }

    #[test]
    fn merge_is_order_independent() {
        let (a, b) = (frag("a.txt", A), frag("b.txt", B));
        let ab = yaml(&merge(&[a.clone(), b.clone()]).unwrap());
        let ba = yaml(&merge(&[b, a]).unwrap());
        assert_eq!(ab, ba);
        // Keys are sorted even when the first page lists them unsorted.
        assert!(ab.find("  /a-widgets:").unwrap() < ab.find("  /things/{id}:").unwrap());
        assert!(ab.find("    Error:").unwrap() < ab.find("    Thing:").unwrap());
    }

    #[test]
    fn missing_and_unterminated_fences_are_errors() {
        let err = extract(Path::new("none.txt"), "# Title\n```json\n{}\n```\n").unwrap_err();
        assert!(err.to_string().starts_with("none.txt: no ```yaml"), "{err}");

        let err = extract(
            Path::new("open.txt"),
            "# T\n\n````yaml x get /a\nopenapi: 3.0.0\n```\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("open.txt"), "{err}");
        assert!(err.to_string().contains("unterminated"), "{err}");
        assert!(err.to_string().contains("line 3"), "{err}");

        let err = extract(
            Path::new("untitled.txt"),
            "````yaml\nopenapi: 3.0.0\ninfo:\n  version: '1'\n````\n",
        )
        .unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("#/info/title"));
        assert!(err.to_string().contains("untitled.txt"), "{err}");
    }

    #[test]
    fn bad_yaml_error_points_into_the_page() {
        // Fence on page line 3; the bad line is block line 3, i.e. page line 6.
        let text = "# T\n\n````yaml x get /a\nopenapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: '1'\n````\n";
        let err = extract(Path::new("bad.txt"), text).unwrap_err();
        let msg = err.to_string();
        assert_eq!(
            msg,
            "bad.txt:7:10: invalid YAML in the block opened at line 3: did not find expected ',' \
             or ']' at line 7 column 10, while parsing a flow sequence at line 6 column 10"
        );
        assert_eq!(
            shift_positions("x at line 2 column 5, while y at line 1 column 1", 10, 0),
            "x at line 12 column 5, while y at line 11 column 1"
        );
        let err = extract(
            Path::new("dup.txt"),
            "````yaml\ninfo: {title: T}\ninfo: {title: U}\n````\n",
        )
        .unwrap_err();
        // serde_yaml reports the start of the mapping (block line 1 = page line 2).
        assert!(
            err.to_string().starts_with("dup.txt:2:1: invalid YAML")
                && err
                    .to_string()
                    .contains("duplicate entry with key \"info\""),
            "{err}"
        );
    }

    #[test]
    fn plan_groups_by_title_and_checks_names() {
        let enfuce = extract(
            Path::new("e.txt"),
            &page(
                "https://docs.enfuce.com/llms.txt",
                "customer delete /v3/{id}",
                "openapi: 3.0.3\ninfo: {title: Customer details API, version: '1'}\npaths: {}\n",
            ),
        )
        .unwrap();
        let specs = plan(
            vec![frag("b.txt", B), enfuce.clone(), frag("a.txt", A)],
            None,
        )
        .unwrap();
        assert_eq!(
            specs.keys().collect::<Vec<_>>(),
            ["enfuce-customer", "example"]
        );

        let err = plan(vec![frag("a.txt", A), enfuce.clone()], Some("one")).unwrap_err();
        assert!(err.to_string().contains("2 different APIs"), "{err}");
        let err = plan(vec![frag("a.txt", A)], Some("../evil")).unwrap_err();
        assert!(err.to_string().contains("invalid --name"), "{err}");
        let named = plan(vec![frag("a.txt", A)], Some("custom-1")).unwrap();
        assert!(named.contains_key("custom-1"));

        let mut clash = enfuce;
        clash.name = Some("example".to_string());
        let err = plan(vec![frag("a.txt", A), clash], None).unwrap_err();
        assert!(err.to_string().contains("example.yaml"), "{err}");
        assert!(
            err.to_string().contains("a.txt") && err.to_string().contains("e.txt"),
            "{err}"
        );
    }

    #[test]
    fn run_writes_specs_and_readme_only_when_changed() {
        let root = std::env::temp_dir().join(format!("xtask-vendor-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let pages_dir = root.join("pages");
        let specs = root.join("specs");
        fs::create_dir_all(&pages_dir).unwrap();
        fs::create_dir_all(&specs).unwrap();
        fs::write(
            specs.join("handmade.yaml"),
            "openapi: 3.0.0\ninfo: {title: Hand, version: '9'}\n",
        )
        .unwrap();
        let label = "https://docs.example.com/swagger.yaml get /x";
        let pa = pages_dir.join("a.txt");
        let pb = pages_dir.join("b.txt");
        fs::write(
            &pa,
            page("https://developers.example.com/llms.txt", label, A),
        )
        .unwrap();
        fs::write(
            &pb,
            page("https://developers.example.com/llms.txt", label, B),
        )
        .unwrap();

        let written = run(&[pb.clone(), pa.clone()], &specs, None).unwrap();
        assert_eq!(
            written,
            [specs.join("example.yaml"), specs.join("README.md")]
        );
        let first = fs::read_to_string(specs.join("example.yaml")).unwrap();
        assert!(first.starts_with(HEADER));
        let readme = fs::read_to_string(specs.join("README.md")).unwrap();
        assert!(readme.contains("## `example.yaml`"), "{readme}");
        assert!(readme.contains("- Title: Example API"), "{readme}");
        assert!(readme.contains("| `a.txt` | <https://developers.example.com/llms.txt> | `https://docs.example.com/swagger.yaml get /x` |"), "{readme}");
        assert!(
            readme.contains("## `handmade.yaml`") && readme.contains("- Version: 9"),
            "{readme}"
        );

        // Same pages in another order: nothing changes, nothing is written.
        assert!(run(&[pa.clone(), pb.clone(), pa.clone()], &specs, None)
            .unwrap()
            .is_empty());
        assert_eq!(
            fs::read_to_string(specs.join("example.yaml")).unwrap(),
            first
        );

        // A bad page aborts before anything is written.
        fs::write(&pb, "no fence here\n").unwrap();
        let err = run(&[pa.clone(), pb.clone()], &specs, None).unwrap_err();
        assert!(err.to_string().contains("b.txt"), "{err}");
        assert_eq!(
            fs::read_to_string(specs.join("example.yaml")).unwrap(),
            first
        );

        let _ = fs::remove_dir_all(&root);
    }
}
