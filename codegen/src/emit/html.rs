//! Raw HTML and link targets in spec prose, made harmless for rendered docs.
//!
//! Docs of a generated crate are published and opened in browsers, and
//! rustdoc passes raw HTML in markdown through. [`neutralize`] keeps only
//! the tags in [`ALLOWED`] (without attributes, except a safe `href` on
//! `<a>`), escapes every other `<`, and turns links whose target is not
//! [`safe_target`] (`javascript:`, `data:`, `vbscript:`, ...) into text.

/// Tags kept as written when they carry no attributes: text formatting and
/// structure, nothing that loads, runs or embeds anything.
const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// One doc line outside code fences, with its raw HTML limited to
/// [`ALLOWED`] and its unsafe link targets made text.
///
/// Code spans that contain `<` become `<code>` elements with the content
/// escaped: that renders the same, and stays text also where markdown is
/// off (inside an HTML block the backticks would be literal). A backslash
/// before `<` is dropped for the same reason (`&lt;` renders as `<` both
/// in markdown and in HTML).
pub fn neutralize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    if is_unsafe_reference_definition(line) {
        // `[label]: javascript:...` defines a link target; a backslash
        // before its `[` makes it text.
        let at = line.find('[').unwrap_or(0);
        out.push_str(&line[..at]);
        out.push('\\');
        out.push_str(&neutralize_inline(&line[at..]));
        return out;
    }
    neutralize_inline(line)
}

fn neutralize_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some('<') => {
                        out.push_str("&lt;");
                        rest = &rest[2..];
                    }
                    Some(p) if p.is_ascii_punctuation() => {
                        out.push('\\');
                        out.push(p);
                        rest = &rest[2..];
                    }
                    _ => {
                        out.push('\\');
                        rest = &rest[1..];
                    }
                }
            }
            '`' => {
                let run = rest.len() - rest.trim_start_matches('`').len();
                let (ticks, after) = rest.split_at(run);
                match closing_ticks(after, run) {
                    Some(end) => {
                        let content = &after[..end];
                        if content.contains('<') {
                            out.push_str("<code>");
                            out.push_str(&escape_text(code_span_text(content)));
                            out.push_str("</code>");
                        } else {
                            out.push_str(ticks);
                            out.push_str(content);
                            out.push_str(ticks);
                        }
                        rest = &after[end + run..];
                    }
                    None => {
                        out.push_str(ticks);
                        rest = after;
                    }
                }
            }
            '<' => {
                let len = allowed_tag(rest).or_else(|| safe_autolink(rest));
                match len {
                    Some(len) => {
                        out.push_str(&rest[..len]);
                        rest = &rest[len..];
                    }
                    None => {
                        out.push_str("&lt;");
                        rest = &rest[1..];
                    }
                }
            }
            ']' if rest[1..].starts_with('(') => {
                let target = link_target(&rest[2..]);
                if safe_target(target) {
                    out.push_str("](");
                } else {
                    // No longer a link: the text stays, the target is shown
                    // as text and cannot be followed.
                    out.push_str("]\\(");
                }
                rest = &rest[2..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Where the closing backtick run of exactly `run` ticks starts in `after`.
fn closing_ticks(after: &str, run: usize) -> Option<usize> {
    let bytes = after.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == run {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// A code span's content as markdown renders it: one space stripped from
/// each end when both ends have one and it is not all spaces.
fn code_span_text(content: &str) -> &str {
    if content.len() >= 2
        && content.starts_with(' ')
        && content.ends_with(' ')
        && !content.trim().is_empty()
    {
        &content[1..content.len() - 1]
    } else {
        content
    }
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The length of an allowed tag at the start of `text`: `<name>`,
/// `</name>`, `<name/>`, or `<a href="safe">`.
fn allowed_tag(text: &str) -> Option<usize> {
    let body = text.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body[..name_len].to_ascii_lowercase();
    if !ALLOWED.contains(&name.as_str()) {
        return None;
    }
    let after = &body[name_len..];
    let consumed = text.len() - after.len();
    let trimmed = after.trim_start_matches(' ');
    let spaces = after.len() - trimmed.len();
    if trimmed.starts_with('>') {
        return Some(consumed + spaces + 1);
    }
    if !closing && trimmed.starts_with("/>") {
        return Some(consumed + spaces + 2);
    }
    if closing || name != "a" || spaces == 0 {
        return None;
    }
    // `<a href="...">` (or single quotes), nothing else.
    let value = trimmed.strip_prefix("href=")?;
    let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let inner = &value[1..];
    let end = inner.find(quote)?;
    let target = &inner[..end];
    if !safe_target(target) || target.contains(['<', '>']) {
        return None;
    }
    let tail = &inner[end + 1..];
    let tail_trimmed = tail.trim_start_matches(' ');
    tail_trimmed
        .starts_with('>')
        .then(|| text.len() - tail_trimmed.len() + 1)
}

/// Elements without content or closing tag.
const VOID: &[&str] = &["br", "hr", "wbr"];

/// Tags that open an HTML block in CommonMark (kind 6) among [`ALLOWED`]:
/// until the next blank line, the lines are HTML, not markdown.
const BLOCK_TAGS: &[&str] = &[
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// One tag [`neutralize`] kept: where it is and what it is.
struct KeptTag {
    line: usize,
    at: usize,
    name: String,
    closing: bool,
    /// `<br/>`, or an element without content (`<br>`).
    empty: bool,
}

/// The kept tags and HTML-block autolinks of a doc text's lines (as
/// [`crate::emit::docs::sanitize`] writes them) made well-formed: a closing
/// tag with no open tag before it, and an open tag never closed, are
/// escaped (rustdoc warns of both, and they come from spec HTML whose other
/// half was escaped for its attributes); inside an HTML block an autolink is
/// raw HTML, not a link, so it is escaped too.
pub fn balance(lines: &mut [String]) {
    let mut tags = Vec::new();
    let mut autolinks = Vec::new();
    let mut in_fence = false;
    let mut in_block = false;
    for (i, line) in lines.iter().enumerate() {
        let content = line.trim_start_matches([' ', '>']);
        if content.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if content.trim().is_empty() {
            in_block = false;
            continue;
        }
        let mut line_tags = Vec::new();
        let mut at = 0;
        while let Some(offset) = line[at..].find('<') {
            let pos = at + offset;
            let rest = &line[pos..];
            if let Some(len) = allowed_tag(rest) {
                let closing = rest.starts_with("</");
                let name: String = rest[if closing { 2 } else { 1 }..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                let empty = rest[..len].ends_with("/>") || VOID.contains(&name.as_str());
                line_tags.push(KeptTag {
                    line: i,
                    at: pos,
                    name,
                    closing,
                    empty,
                });
                at = pos + len;
            } else {
                if let Some(len) = safe_autolink(rest) {
                    autolinks.push((i, pos, len));
                    at = pos + len;
                    continue;
                }
                at = pos + 1;
            }
        }
        let starts_block = line_tags.first().is_some_and(|t| {
            content.starts_with('<')
                && line.len() - content.len() == t.at
                && (BLOCK_TAGS.contains(&t.name.as_str())
                    || line_tags.len() == 1 && {
                        let after = &line[t.at..];
                        allowed_tag(after).is_some_and(|len| after[len..].trim().is_empty())
                    })
        });
        in_block |= starts_block;
        if !in_block {
            autolinks.retain(|(l, _, _)| *l != i);
        }
        tags.extend(line_tags);
    }
    let mut escape: Vec<(usize, usize)> = autolinks.iter().map(|(l, at, _)| (*l, *at)).collect();
    let mut open: Vec<&KeptTag> = Vec::new();
    for tag in tags.iter().filter(|t| !t.empty) {
        if !tag.closing {
            open.push(tag);
        } else if let Some(k) = open.iter().rposition(|o| o.name == tag.name) {
            // Tags opened after it and not closed stay open (`<b><i></b>`
            // is HTML's business); only the matching one is closed.
            open.remove(k);
        } else {
            escape.push((tag.line, tag.at));
        }
    }
    escape.extend(open.iter().map(|t| (t.line, t.at)));
    // From the end of each line, so earlier offsets stay right.
    escape.sort_unstable_by(|a, b| b.cmp(a));
    for (line, at) in escape {
        if let Some(text) = lines.get_mut(line) {
            if text[at..].starts_with('<') {
                text.replace_range(at..at + 1, "&lt;");
            }
        }
    }
}

/// The length of `<http://...>`, `<https://...>` or `<mailto:...>` at the
/// start of `text`.
fn safe_autolink(text: &str) -> Option<usize> {
    let body = text.strip_prefix('<')?;
    let end = body.find('>')?;
    let target = &body[..end];
    let lower = target.to_ascii_lowercase();
    let linkish = ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    let plain = !target
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '"' | '\'' | '`'));
    (linkish && plain).then_some(end + 2)
}

/// The target of an inline link, given the text after `](`.
fn link_target(after: &str) -> &str {
    let after = after.trim_start();
    if let Some(inner) = after.strip_prefix('<') {
        return inner.split('>').next().unwrap_or(inner);
    }
    let mut depth = 0usize;
    for (i, c) in after.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return &after[..i],
            ')' => depth -= 1,
            c if c.is_whitespace() => return &after[..i],
            _ => {}
        }
    }
    after
}

/// A link target that cannot run anything: `http(s)`, `mailto`, or one
/// with no scheme at all (relative, fragment). Anything with a scheme
/// besides those, or an entity or escape that could hide one, is unsafe.
pub fn safe_target(target: &str) -> bool {
    let cleaned: String = target
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
    {
        return true;
    }
    !cleaned.contains([':', '&', '\\'])
}

/// `[label]: target` with an unsafe target (or the target on the next
/// line, where it cannot be checked).
fn is_unsafe_reference_definition(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| {
        c == ' '
            || c == '>'
            || c == '-'
            || c == '*'
            || c == '+'
            || c == '.'
            || c == ')'
            || c.is_ascii_digit()
    });
    if !rest.starts_with('[') {
        return false;
    }
    let Some(close) = rest.find("]:") else {
        return false;
    };
    let target = rest[close + 2..].trim();
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.split('>').next())
        .unwrap_or_else(|| target.split(' ').next().unwrap_or(""));
    target.is_empty() || !safe_target(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmless_tags_stay_and_the_rest_is_escaped() {
        let cases = [
            (
                "a <b>bold</b> <br/> <br> <p>x</p>",
                "a <b>bold</b> <br/> <br> <p>x</p>",
            ),
            (
                "<script>alert(1)</script>",
                "&lt;script>alert(1)&lt;/script>",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)>",
            ),
            (
                "<iframe srcdoc='<script>x</script>'>",
                "&lt;iframe srcdoc='&lt;script>x&lt;/script>'>",
            ),
            ("<b onclick=\"x\">b</b>", "&lt;b onclick=\"x\">b</b>"),
            ("<p style=\"x\">", "&lt;p style=\"x\">"),
            ("<!-- <script> -->", "&lt;!-- &lt;script> -->"),
            (
                "<a href=\"https://x.test/a\">x</a>",
                "<a href=\"https://x.test/a\">x</a>",
            ),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "&lt;a href=\"javascript:alert(1)\">x</a>",
            ),
            (
                "<a href=\"x\" onmouseover=\"y\">",
                "&lt;a href=\"x\" onmouseover=\"y\">",
            ),
            (
                "<https://x.test> <javascript:alert(1)>",
                "<https://x.test> &lt;javascript:alert(1)>",
            ),
            ("a < b and 1<2", "a &lt; b and 1&lt;2"),
            ("\\<script>", "&lt;script>"),
            ("<ScRiPt>", "&lt;ScRiPt>"),
            ("<svg/onload=alert(1)>", "&lt;svg/onload=alert(1)>"),
        ];
        for (input, want) in cases {
            assert_eq!(neutralize(input), want, "{input:?}");
        }
    }

    fn balanced(lines: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = lines.iter().map(|l| neutralize(l)).collect();
        balance(&mut lines);
        lines
    }

    #[test]
    fn tags_whose_other_half_was_escaped_are_escaped() {
        assert_eq!(
            balanced(&[r#"<span class="hosted">Hosted</span> only"#]),
            [r#"&lt;span class="hosted">Hosted&lt;/span> only"#]
        );
        // Across lines, nested, void and self-closed tags.
        assert_eq!(
            balanced(&["<div>", "<b>x</b><br> <br/>", "</div> </p>"]),
            ["<div>", "<b>x</b><br> <br/>", "</div> &lt;/p>"]
        );
        assert_eq!(balanced(&["<b>never closed"]), ["&lt;b>never closed"]);
        // Fences are not looked at.
        assert_eq!(
            balanced(&[" ```text", " </div>", " ```"]),
            [" ```text", " </div>", " ```"]
        );
    }

    #[test]
    fn autolinks_in_html_blocks_are_text() {
        assert_eq!(
            balanced(&[
                "<table>",
                "<td><code><https://a.test/v0></code></td>",
                "</table>",
                "",
                "see <https://b.test>"
            ]),
            [
                "<table>",
                "<td><code>&lt;https://a.test/v0></code></td>",
                "</table>",
                "",
                "see <https://b.test>"
            ]
        );
    }

    #[test]
    fn code_spans_render_the_same_and_stay_text() {
        assert_eq!(
            neutralize("use `Vec<u8>` & `x`"),
            "use <code>Vec&lt;u8></code> & `x`"
        );
        assert_eq!(neutralize("``a`<b``"), "<code>a`&lt;b</code>");
        // An escaped backtick opens no code span: the tag after it is escaped.
        assert_eq!(neutralize("\\`<script>`"), "\\`&lt;script>`");
        // An unclosed backtick is literal.
        assert_eq!(neutralize("`<script>"), "`&lt;script>");
    }

    #[test]
    fn unsafe_link_targets_are_not_links() {
        let cases = [
            ("[x](https://x.test/(a))", "[x](https://x.test/(a))"),
            ("[x](#frag) [y](../a.html)", "[x](#frag) [y](../a.html)"),
            ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
            ("[x]( JaVaScRiPt:alert(1))", "[x]\\( JaVaScRiPt:alert(1))"),
            ("[x](<java script:a>)", "[x]\\(&lt;java script:a>)"),
            (
                "[x](data:text/html;base64,AAAA)",
                "[x]\\(data:text/html;base64,AAAA)",
            ),
            ("[x](<javascript:a>)", "[x]\\(&lt;javascript:a>)"),
            ("[x](java&#115;cript:a)", "[x]\\(java&#115;cript:a)"),
            ("[x](vbscript:a)", "[x]\\(vbscript:a)"),
            ("[x]: javascript:alert(1)", "\\[x]: javascript:alert(1)"),
            ("> [x]: data:text/html,a", "> \\[x]: data:text/html,a"),
            ("[x]: https://x.test", "[x]: https://x.test"),
            ("[x]:", "\\[x]:"),
        ];
        for (input, want) in cases {
            assert_eq!(neutralize(input), want, "{input:?}");
        }
    }
}
