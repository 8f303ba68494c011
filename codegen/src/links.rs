//! Links in spec prose, made to work in rustdoc (an analysis step over the
//! IR's text, before emission; the sanitizer in `emit::docs` still sees
//! every string after this).
//!
//! - A site-relative link (`[guide](/docs/guide)`) points nowhere from a
//!   crate's docs. It is resolved against the site of the spec's top-level
//!   `externalDocs` URL when there is one (the spec says where its docs
//!   live); otherwise it becomes text, its target kept in code
//!   (`guide (`/docs/guide`)`), since the API server's host is not
//!   necessarily where its documentation is.
//! - A bare `http(s)://` URL becomes an autolink (`<https://...>`), which is
//!   what rustdoc's `bare_urls` lint asks for.
//!
//! Code (fences and inline code spans) is left as written.

use crate::ir::*;

/// Rewrites every description of `api`. `external_docs` is the spec's
/// top-level `externalDocs.url`, if any.
pub fn resolve(api: &mut Api, external_docs: Option<&str>) {
    let site = external_docs.and_then(site_of);
    let fix = |text: &mut String| {
        let fixed = rewrite(text, site.as_deref());
        if fixed != *text {
            *text = fixed;
        }
    };
    let fix_opt = |text: &mut Option<String>| {
        if let Some(t) = text {
            fix(t);
        }
    };
    fix_opt(&mut api.description);
    for server in &mut api.servers {
        fix_opt(&mut server.description);
        for v in &mut server.variables {
            fix_opt(&mut v.description);
        }
    }
    for scheme in &mut api.security_schemes {
        fix_opt(&mut scheme.description);
    }
    for op in &mut api.operations {
        fix_opt(&mut op.summary);
        fix_opt(&mut op.description);
        for p in &mut op.params {
            fix_opt(&mut p.description);
        }
        if let Some(body) = &mut op.body {
            fix_opt(&mut body.description);
        }
        for r in &mut op.responses {
            fix(&mut r.description);
            for h in &mut r.headers {
                fix_opt(&mut h.description);
            }
        }
    }
    for def in api.types.values_mut() {
        fix_opt(&mut def.description);
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in &mut s.fields {
                fix_opt(&mut f.description);
            }
        }
    }
}

/// `https://host[:port]` of an absolute http(s) URL.
fn site_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let safe = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    safe.then(|| format!("{scheme}://{host}"))
}

/// The text with its site-relative links and bare URLs fixed.
pub fn rewrite(text: &str, site: Option<&str>) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.split('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            out.push(line.to_owned());
        } else if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(rewrite_line(line, site));
        }
    }
    out.join("\n")
}

/// One line: outside inline code spans (between backticks), fix links.
fn rewrite_line(line: &str, site: Option<&str>) -> String {
    if !line.contains("](/") && !line.contains("://") {
        return line.to_owned();
    }
    line.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                part.to_owned()
            } else {
                autolink(&relative_links(part, site))
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// `[text](/path)` → `[text](site/path)`, or `text (`/path`)` without a site.
fn relative_links(part: &str, site: Option<&str>) -> String {
    let mut out = String::new();
    let mut rest = part;
    while let Some(at) = rest.find("](/") {
        let target_start = at + 2;
        let Some(len) = rest[target_start..].find(')') else {
            break;
        };
        let target = &rest[target_start + 1..target_start + len];
        // `](//host)` is protocol-relative, not site-relative; a target with
        // spaces is not a link target.
        let Some(open) = rest[..at].rfind('[') else {
            out.push_str(&rest[..target_start + len + 1]);
            rest = &rest[target_start + len + 1..];
            continue;
        };
        if target.starts_with('/') || target.contains(char::is_whitespace) {
            out.push_str(&rest[..target_start + len + 1]);
            rest = &rest[target_start + len + 1..];
            continue;
        }
        let label = &rest[open + 1..at];
        out.push_str(&rest[..open]);
        match site {
            Some(site) => out.push_str(&format!("[{label}]({site}/{target})")),
            None => out.push_str(&format!("{label} (`/{target}`)")),
        }
        rest = &rest[target_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Bare `http://` and `https://` URLs → `<url>`; URLs already in a link
/// (`](`, `<`, `"`, `=`) are left alone.
fn autolink(part: &str) -> String {
    let mut out = String::new();
    let mut rest = part;
    loop {
        let next = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let Some(at) = next else {
            break;
        };
        let before = rest[..at].chars().next_back();
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '|'))
            .map_or(rest.len(), |e| at + e);
        let mut url = &rest[at..end];
        // Sentence punctuation after a URL is not part of it.
        while let Some(last) = url.chars().last() {
            let unbalanced_paren =
                last == ')' && url.matches('(').count() < url.matches(')').count();
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_')
                || unbalanced_paren
            {
                url = &url[..url.len() - last.len_utf8()];
            } else {
                break;
            }
        }
        let linked =
            matches!(before, Some('<' | '"' | '=' | '[' | '\'')) || rest[..at].ends_with("](");
        out.push_str(&rest[..at]);
        if linked || url.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[at + url.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_relative_links_resolve_or_become_text() {
        let text = "See the [voices guide](/docs/guides/tts#voices), and [x](https://a.b/c).";
        assert_eq!(
            rewrite(text, Some("https://platform.example.com")),
            "See the [voices guide](https://platform.example.com/docs/guides/tts#voices), and [x](https://a.b/c)."
        );
        assert_eq!(
            rewrite(text, None),
            "See the voices guide (`/docs/guides/tts#voices`), and [x](https://a.b/c)."
        );
        assert_eq!(
            rewrite("[p](//cdn.x/y) `[a](/b)`", None),
            "[p](//cdn.x/y) `[a](/b)`"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            rewrite("Docs at https://x.io/a_b. Or (https://y.io/z).", None),
            "Docs at <https://x.io/a_b>. Or (<https://y.io/z>)."
        );
        assert_eq!(
            rewrite("<https://x.io> `https://c.io` [a](https://d.io)", None),
            "<https://x.io> `https://c.io` [a](https://d.io)"
        );
        assert_eq!(
            rewrite("```\nhttps://in.code\n```\nsee http://out.side", None),
            "```\nhttps://in.code\n```\nsee <http://out.side>"
        );
    }

    #[test]
    fn sites_are_origins_of_http_urls() {
        assert_eq!(
            site_of("https://docs.x.io/v1/intro"),
            Some("https://docs.x.io".into())
        );
        assert_eq!(site_of("javascript:alert(1)"), None);
        assert_eq!(site_of("https://a b/"), None);
    }
}
