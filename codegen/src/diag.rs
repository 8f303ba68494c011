//! Errors and diagnostics. Every problem names the spec file and the JSON
//! pointer (RFC 6901, as a URI fragment) of the node it is about.

use std::fmt;
use std::path::{Path, PathBuf};

/// A spec the generator cannot turn into a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: PathBuf,
    /// `#/paths/~1pets/get`, or `#` for the whole document.
    pub pointer: String,
    pub message: String,
}

impl Error {
    pub fn new(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            printable(&self.file.display().to_string()),
            printable(&self.pointer),
            printable(&self.message)
        )
    }
}

/// The bidirectional controls that reorder how text reads (rustc rejects
/// them in comments; a terminal obeys them).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Text for a terminal: control characters (ANSI escapes, CR, line breaks)
/// and the bidi controls that can reorder what a reader sees are written
/// as escapes (`\u{1b}`); spec text reaches errors and diagnostics through
/// names, pointers and values.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi_control(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl std::error::Error for Error {}

/// Something the generator did not fully understand; the output is still
/// produced, with a less typed fallback at `pointer`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning: {}: {}: {}",
            printable(&self.file.display().to_string()),
            printable(&self.pointer),
            printable(&self.message)
        )
    }
}

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The inverse of [`escape_token`]: `~1` → `/`, then `~0` → `~`.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Builds JSON pointers one token at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Accepts `#/a/b` (a `$ref`) as it is.
    pub fn from_fragment(fragment: &str) -> Self {
        Pointer(fragment.to_owned())
    }

    pub fn push(&self, token: impl fmt::Display) -> Self {
        use fmt::Write;
        let mut out = String::with_capacity(self.0.len() + 24);
        out.push_str(&self.0);
        out.push('/');
        let start = out.len();
        let _ = write!(out, "{token}");
        if out[start..].contains(['~', '/']) {
            let escaped = escape_token(&out[start..]);
            out.truncate(start);
            out.push_str(&escaped);
        }
        Pointer(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped tokens after `#`.
    pub fn tokens(&self) -> Vec<String> {
        let body = self.0.strip_prefix('#').unwrap_or(&self.0);
        body.split('/').skip(1).map(unescape_token).collect()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_in_diagnostics_cannot_drive_a_terminal() {
        let d = Diagnostic {
            file: "a\u{1b}[2J.yaml".into(),
            pointer: "#/components/schemas/x\u{202e}y".into(),
            message: "name `a\rb\u{2066}`".into(),
        };
        assert_eq!(
            d.to_string(),
            "warning: a\\u{1b}[2J.yaml: #/components/schemas/x\\u{202e}y: name `a\\u{d}b\\u{2066}`"
        );
        let e = Error::new(Path::new("s.yaml"), "#/x\u{7}", "ok text");
        assert_eq!(e.to_string(), "s.yaml: #/x\\u{7}: ok text");
    }

    #[test]
    fn pointer_escapes_and_round_trips() {
        let p = Pointer::root().push("paths").push("/a/{id}").push("x~y");
        assert_eq!(p.as_str(), "#/paths/~1a~1{id}/x~0y");
        assert_eq!(p.tokens(), vec!["paths", "/a/{id}", "x~y"]);
    }
}
