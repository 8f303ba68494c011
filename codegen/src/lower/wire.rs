//! Request parts a spec can declare that HTTP cannot send as meant: a path
//! template with a query or fragment, header names that are not tokens, and
//! the headers that frame the message (the transport's, never the caller's).

/// A path template split at `?` and `#`.
#[derive(Debug, PartialEq, Eq)]
pub struct PathSplit<'a> {
    /// The template before any `?` or `#`.
    pub template: &'a str,
    /// Literal query pairs after `?` (percent- and `+`-decoded, as the
    /// runtime encodes them again).
    pub query: Vec<(String, String)>,
    /// Why the path's operations cannot be generated, if they cannot.
    pub refused: Option<String>,
}

pub fn split_path(path: &str) -> PathSplit<'_> {
    let (before_fragment, fragment) = match path.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (path, None),
    };
    let (template, query) = match before_fragment.split_once('?') {
        Some((t, q)) => (t, Some(q)),
        None => (before_fragment, None),
    };
    let mut split = PathSplit {
        template,
        query: Vec::new(),
        refused: None,
    };
    if let Some(fragment) = fragment {
        split.refused = Some(format!(
            "path template `{path}` has a fragment (`#{fragment}`), which is never sent to the server; its operations are skipped"
        ));
        return split;
    }
    if let Some(query) = query {
        if query.contains(['{', '}']) {
            split.refused = Some(format!(
                "path template `{path}` has a parameter in its query (`?{query}`); declare it `in: query`. Its operations are skipped"
            ));
            return split;
        }
        split.query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(k), form_decode(v))
            })
            .collect();
    }
    split
}

/// `application/x-www-form-urlencoded` decoding of one name or value;
/// malformed escapes stay as written.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Headers that frame the message or the connection: set by the transport
/// from the request itself; a caller's value would contradict it.
const FRAMING: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Why a header parameter named `name` can never be sent, if it cannot.
pub fn header_refusal(name: &str) -> Option<String> {
    if !is_token(name) {
        return Some(format!(
            "header parameter `{}` is not a valid HTTP header name (RFC 9110 token); it is never sent",
            name.escape_debug()
        ));
    }
    let lower = name.to_ascii_lowercase();
    FRAMING.contains(&lower.as_str()).then(|| {
        format!("header parameter `{name}` frames the message and is set by the transport; it is never sent by the caller")
    })
}

/// RFC 9110 `token`: one or more `tchar`.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_query_becomes_pairs_and_a_fragment_is_refused() {
        let s = split_path("/search?mode=fast&q=a+b%2Fc&flag");
        assert_eq!(s.template, "/search");
        assert_eq!(
            s.query,
            vec![
                ("mode".to_owned(), "fast".to_owned()),
                ("q".to_owned(), "a b/c".to_owned()),
                ("flag".to_owned(), String::new())
            ]
        );
        assert_eq!(s.refused, None);
        for path in ["/items#{id}", "/a/{id}#frag", "/a?x=1#f"] {
            assert!(split_path(path).refused.is_some(), "{path}");
        }
        assert!(split_path("/a?q={q}").refused.is_some());
        let plain = split_path("/a/{id}");
        assert_eq!(
            (plain.template, plain.query.len(), plain.refused),
            ("/a/{id}", 0, None)
        );
    }

    #[test]
    fn header_names_must_be_tokens_and_not_framing() {
        for bad in [
            "X Bad Header",
            "X-A:B",
            "",
            "X\r\nY",
            "é",
            "Content-Length",
            "HOST",
            "Transfer-Encoding",
            "connection",
        ] {
            assert!(header_refusal(bad).is_some(), "{bad:?}");
        }
        for good in ["X-Request-Id", "x_y", "If-Match", "X-!#$%&'*+.^_`|~"] {
            assert_eq!(header_refusal(good), None, "{good:?}");
        }
    }
}
