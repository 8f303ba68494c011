//! Naming: every Rust identifier the generator emits is chosen here, from the
//! wire names in the IR. Identifiers are always valid, ASCII, free of
//! keywords, unique in their scope and deterministic (first come, first
//! served, in document order).

use crate::ir::*;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

/// Strict, reserved and edition-dependent keywords (2015–2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code uses unqualified; a schema must not shadow them.
const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Debug",
    "Into",
    "From",
    "AsRef",
    "Extend",
    "Hash",
];

/// The catch-all variant of every generated string enum.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// Turns any string into words heck can case: signs and non-ASCII characters
/// become words of their own, so `+1`/`-1` and `café`/`cafe` stay apart.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push_str("plus "),
            '-' if i == 0 => out.push_str("minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c if c.is_ascii() => out.push(' '),
            c => out.push_str(&format!(" u{:x} ", c as u32)),
        }
    }
    out
}

/// heck's case conversion of `s` (split into words, each written by
/// `word`, with `boundary` between them), for ASCII text, written straight
/// into a `String`: heck formats every character on its own, which made
/// naming a big spec take tens of milliseconds. [`words`] only ever gives
/// ASCII; anything else goes to heck. Same splitting as heck 0.5: on
/// non-alphanumerics, before an uppercase letter that follows a lowercase
/// one, and before the last of a run of uppercase letters followed by a
/// lowercase one (`HTTPServer` → `HTTP`, `Server`).
fn ascii_case(s: &str, word: fn(&str, &mut String), boundary: &str) -> Option<String> {
    if !s.is_ascii() {
        return None;
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut first_word = true;
    let mut emit = |out: &mut String, w: &str| {
        if !first_word {
            out.push_str(boundary);
        }
        first_word = false;
        word(w, out);
    };
    for w in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = w.as_bytes();
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for i in 0..bytes.len() {
            let c = bytes[i];
            let Some(&next) = bytes.get(i + 1) else {
                emit(&mut out, &w[init..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                emit(&mut out, &w[init..i + 1]);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                emit(&mut out, &w[init..i]);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    Some(out)
}

/// heck's `to_snake_case`.
fn to_snake(s: &str) -> String {
    ascii_case(
        s,
        |w, out| out.extend(w.chars().map(|c| c.to_ascii_lowercase())),
        "_",
    )
    .unwrap_or_else(|| s.to_snake_case())
}

/// heck's `to_upper_camel_case`.
fn to_upper_camel(s: &str) -> String {
    let capitalize = |w: &str, out: &mut String| {
        let mut chars = w.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    };
    ascii_case(s, capitalize, "").unwrap_or_else(|| s.to_upper_camel_case())
}

/// A snake_case identifier for a field, parameter, method or module.
pub fn snake(raw: &str) -> String {
    let mut s = to_snake(&words(raw));
    if s.is_empty() {
        s = "empty".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) || s == "_" {
        s.push('_');
    }
    s
}

/// The cargo feature (and API name) for a spec file stem: the stem itself
/// when cargo accepts it as a feature name, its snake_case form otherwise
/// (`my spec` → `my_spec`, `-x` → `minus_x`). A stem that is one of the
/// crate's own features gets an `_api` suffix (`default` → `default_api`).
pub fn feature_name(stem: &str) -> String {
    if CRATE_FEATURES.contains(&stem) {
        return format!("{}_api", snake(stem));
    }
    let mut chars = stem.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'));
    if valid {
        stem.to_owned()
    } else {
        snake(stem)
    }
}

/// A cargo package name for a client of the spec named `name`: it must
/// start with a letter (`1` → `api-1-client`).
pub fn crate_name(name: &str) -> String {
    let base = snake(name).replace('_', "-");
    let base = base.trim_matches('-');
    if base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{base}-client")
    } else {
        format!("api-{base}-client")
    }
}

/// The words of an UpperCamelCase name (`HTTPError2` → `HTTPError2`,
/// `ChatMessage` → `Chat`, `Message`): a word starts at each uppercase
/// letter that follows a lowercase letter or digit.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut previous_lower = false;
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() && previous_lower && i > start {
            words.push(&name[start..i]);
            start = i;
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// Names of a union's variants, before they are claimed (`bases`: each
/// variant's name from its schema, and whether it holds a string enum).
/// The words a variant shares with the start and end of the union's name
/// are dropped (`ChatCompletionRequestMessage::ChatCompletionRequestUserMessage`
/// → `User`) when that leaves every variant a distinct, non-empty name;
/// of two variants both named for a type word (`String`), the one holding
/// an enum of known values is `Known`. What still collides is numbered by
/// the scope.
fn union_variant_names(union: &str, bases: impl Iterator<Item = (String, bool)>) -> Vec<String> {
    let bases: Vec<(String, bool)> = bases.collect();
    let union_words = camel_words(union);
    let stripped: Vec<String> = bases
        .iter()
        .map(|(base, _)| {
            let words = camel_words(base);
            let mut from = 0;
            while from + 1 < words.len() && union_words.get(from) == words.get(from) {
                from += 1;
            }
            let mut to = words.len();
            let mut back = union_words.len();
            while to > from + 1 && back > 0 && union_words.get(back - 1) == words.get(to - 1) {
                to -= 1;
                back -= 1;
            }
            words[from..to].concat()
        })
        .collect();
    let distinct = stripped.iter().collect::<BTreeSet<_>>().len() == stripped.len();
    let fits = |n: &String| {
        n.starts_with(|c: char| c.is_ascii_uppercase())
            && !KEYWORDS.contains(&n.as_str())
            && n != UNKNOWN_VARIANT
    };
    let mut names: Vec<String> = if distinct && stripped.iter().all(fits) {
        stripped
    } else {
        bases.iter().map(|(b, _)| b.clone()).collect()
    };
    for i in 0..names.len() {
        let twins = names.iter().filter(|n| **n == names[i]).count();
        let known_twins = (0..names.len())
            .filter(|&j| names[j] == names[i] && bases[j].1)
            .count();
        if twins > 1 && bases[i].1 && known_twins == 1 && !names.iter().any(|n| n == "Known") {
            names[i] = "Known".to_owned();
        }
    }
    names
}

/// An UpperCamelCase identifier for a type or variant.
pub fn pascal(raw: &str) -> String {
    let mut s = to_upper_camel(&words(raw));
    if s.is_empty() {
        s = "Empty".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push_str("Type");
    }
    s
}

/// A scope in which every name is taken at most once.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: std::collections::HashSet<String>,
    /// Per base, per (snake_case, suffixes) claimed before: the numeric
    /// suffix to try first. Names are never released, so every smaller one
    /// is still taken; without this, k claims of one base cost k² lookups (a
    /// thousand operations with the same inline schema title took seconds).
    /// Keyed by base alone so that a claim looks up without allocating.
    next: std::collections::HashMap<String, Vec<(bool, Vec<String>, usize)>>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next: Default::default(),
        }
    }

    /// Claims `base`, or `base` with the first free numeric suffix.
    pub fn claim(&mut self, base: &str, snake_case: bool) -> String {
        self.claim_group(base, snake_case, &[""])
    }

    /// Claims a name such that `name + suffix` is free for every suffix.
    pub fn claim_group(&mut self, base: &str, snake_case: bool, suffixes: &[&str]) -> String {
        let same = |(snake, group, _): &&(bool, Vec<String>, usize)| {
            *snake == snake_case
                && group
                    .iter()
                    .map(String::as_str)
                    .eq(suffixes.iter().copied())
        };
        let mut n = self
            .next
            .get(base)
            .and_then(|groups| groups.iter().find(same))
            .map_or(1, |(.., n)| *n);
        let mut with_suffix = String::new();
        loop {
            let candidate = match (n, snake_case) {
                (1, _) => base.to_owned(),
                // `type_` (a keyword made safe) numbers as `type_2`, which
                // stays snake_case; `type__2` would not.
                (n, true) => format!("{}_{n}", base.trim_end_matches('_')),
                (n, false) => format!("{base}{n}"),
            };
            let free = suffixes.iter().all(|s| {
                with_suffix.clear();
                with_suffix.push_str(&candidate);
                with_suffix.push_str(s);
                !self.taken.contains(&with_suffix)
            });
            if free {
                for s in suffixes {
                    self.taken.insert(format!("{candidate}{s}"));
                }
                let groups = match self.next.get_mut(base) {
                    Some(groups) => groups,
                    None => self.next.entry(base.to_owned()).or_default(),
                };
                match groups.iter_mut().find(|g| same(&&**g)) {
                    Some((.., next)) => *next = n + 1,
                    None => groups.push((
                        snake_case,
                        suffixes.iter().map(|s| (*s).to_owned()).collect(),
                        n + 1,
                    )),
                }
                return candidate;
            }
            n += 1;
        }
    }
}

/// The variant of an operation's content enum for a body kind (one content
/// per kind, so these never collide).
fn body_variant(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Json => "Json",
        BodyKind::Form => "Form",
        BodyKind::Multipart => "Multipart",
        BodyKind::Text => "Text",
        BodyKind::Bytes => "Bytes",
    }
}

/// The variant name for a response status.
pub fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match reason_phrase(code) {
            Some(reason) => pascal(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(1) => "Informational".to_owned(),
        StatusMatch::Range(2) => "Success".to_owned(),
        StatusMatch::Range(3) => "Redirection".to_owned(),
        StatusMatch::Range(4) => "ClientError".to_owned(),
        StatusMatch::Range(5) => "ServerError".to_owned(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "Http Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Names reserved on the generated `Client`.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_config",
    "from_url",
    "base_url",
    "inner",
    "builder",
];
/// Names reserved on every operation builder.
const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "options",
    "send",
    "send_streaming",
    "stream_file",
    "streamed_files",
    "timeout",
    "retry",
    "into_future",
    "meta",
    "request",
    "decode",
    "pages",
    "items",
    "paginate",
];
/// An operation's items, each named from the operation's type name and a
/// suffix: the builder (no suffix), then its error enum, success enum,
/// headers struct, body content enum, the aliases of what `send` returns
/// (`Result`) and of its error (`Failure`), and the struct of its parameters
/// (`Params`). Naming claims all of them at once; emit spells them here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpItem {
    Builder,
    Error,
    Response,
    Headers,
    Content,
    Result,
    Failure,
    Params,
}

impl OpItem {
    pub const ALL: [OpItem; 8] = [
        OpItem::Builder,
        OpItem::Error,
        OpItem::Response,
        OpItem::Headers,
        OpItem::Content,
        OpItem::Result,
        OpItem::Failure,
        OpItem::Params,
    ];

    pub fn suffix(self) -> &'static str {
        match self {
            OpItem::Builder => "",
            OpItem::Error => "Error",
            OpItem::Response => "Response",
            OpItem::Headers => "Headers",
            OpItem::Content => "Content",
            OpItem::Result => "Result",
            OpItem::Failure => "Failure",
            OpItem::Params => "Params",
        }
    }

    /// This item's name for an operation named `op_type_name`.
    pub fn of(self, op_type_name: &str) -> String {
        format!("{op_type_name}{}", self.suffix())
    }
}

/// Cargo features every generated crate defines itself.
pub const CRATE_FEATURES: &[&str] = &["default", "rustls", "fireblocks-signer", "serialize"];
/// Names in an API module's root.
const MODULE_ITEMS: &[&str] = &["Client", "Server", "types", "operations"];

/// Fills in every `rust_name` of one API. `module` is the API's module name.
pub fn name_api(api: &mut Api, module: String) {
    api.module = module;

    // What union variant naming needs of the types variants hold.
    let string_enums: BTreeSet<TypeId> = api
        .types
        .iter()
        .filter(|(_, def)| matches!(def.kind, TypeKind::Enum(_)))
        .map(|(id, _)| *id)
        .collect();
    let mut type_scope = Scope::with_reserved(PRELUDE_TYPES);
    for def in api.types.values_mut() {
        def.rust_name = type_scope.claim(&pascal(&def.wire_name), false);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let mut fields = Scope::default();
                for f in &mut s.fields {
                    f.rust_name = fields.claim(&snake(&f.wire_name), true);
                }
            }
            TypeKind::Enum(e) => {
                let mut variants = Scope::with_reserved(&[UNKNOWN_VARIANT]);
                for v in &mut e.variants {
                    v.rust_name = variants.claim(&pascal(&v.wire_value), false);
                }
            }
            TypeKind::Alias(_) => {}
            TypeKind::OneOf(o) => {
                let bases = union_variant_names(
                    &def.rust_name,
                    o.variants.iter().map(|v| {
                        let known = v.ty.named().is_some_and(|id| string_enums.contains(&id));
                        (pascal(&v.wire_name), known)
                    }),
                );
                let mut variants = Scope::with_reserved(&[UNKNOWN_VARIANT]);
                for (v, base) in o.variants.iter_mut().zip(bases) {
                    v.rust_name = variants.claim(&base, false);
                }
            }
        }
    }

    let mut schemes = Scope::default();
    for scheme in &mut api.security_schemes {
        scheme.rust_name = schemes.claim(&snake(&scheme.wire_name).to_ascii_uppercase(), true);
    }

    let mut servers = Scope::default();
    let common = common_description_words(&api.servers);
    let hosts = distinct_host_words(&api.servers);
    for (i, server) in api.servers.iter_mut().enumerate() {
        let named = server.name.as_deref().filter(|n| has_word(n));
        let described = server
            .description
            .as_deref()
            .map(|d| {
                d.split_whitespace()
                    .filter(|w| !common.contains(&w.to_ascii_lowercase()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|d| has_word(d));
        let base = match named.map(str::to_owned).or(described) {
            Some(words) => pascal(&words),
            None => match hosts.get(i).filter(|h| has_word(h)) {
                Some(host) => pascal(host),
                None => format!("Server{i}"),
            },
        };
        server.rust_name = servers.claim(&base, false);
        let mut vars = Scope::default();
        for v in &mut server.variables {
            v.rust_name = vars.claim(&snake(&v.wire_name), true);
        }
    }

    let mut methods = Scope::with_reserved(CLIENT_METHODS);
    let mut module_items = Scope::with_reserved(MODULE_ITEMS);
    for op in &mut api.operations {
        op.method_name = methods.claim(&snake(&op.wire_id), true);
        op.type_name = module_items.claim_group(
            &pascal(&op.wire_id),
            false,
            &OpItem::ALL.map(OpItem::suffix),
        );
        if let Some(body) = &mut op.body {
            if body.contents.len() > 1 {
                body.enum_name = OpItem::Content.of(&op.type_name);
            }
            for content in &mut body.contents {
                content.variant = body_variant(content.kind).to_owned();
            }
        }
        let mut params = Scope::with_reserved(BUILDER_MEMBERS);
        for p in &mut op.params {
            p.rust_name = params.claim(&snake(&p.wire_name), true);
        }
        let mut success = Scope::default();
        let mut errors = Scope::default();
        let mut headers = Scope::default();
        let mut header_names: Vec<(String, String)> = Vec::new();
        for r in &mut op.responses {
            let scope = if r.is_success() {
                &mut success
            } else {
                &mut errors
            };
            r.variant = scope.claim(&status_variant(r.status), false);
            for h in &mut r.headers {
                let key = h.wire_name.to_ascii_lowercase();
                h.rust_name = match header_names.iter().find(|(k, _)| *k == key) {
                    Some((_, name)) => name.clone(),
                    None => {
                        let name = headers.claim(&snake(&h.wire_name), true);
                        header_names.push((key, name.clone()));
                        name
                    }
                };
            }
        }
    }
    name_shared_headers(api, &mut module_items);
    name_shared_errors(api, &mut module_items);
}

/// Operations whose error responses are the same (variant names, their
/// descriptions and body types, in order) share one error enum, named after
/// its variants when there are one or two (`UnauthorizedError`), else
/// `ErrorResponses`. Kubernetes documents one `401` for each of its 500
/// operations; each would otherwise compile an enum and three derives.
fn name_shared_errors(api: &mut Api, module_items: &mut Scope) {
    let shared = shared_sets(api, |op| {
        op.responses
            .iter()
            .filter(|r| !r.is_success())
            .map(|r| {
                let ty = r.body.as_ref().map(|b| b.ty.clone());
                (r.variant.clone(), r.description.clone(), ty)
            })
            .collect()
    });
    for (signature, ops) in shared {
        let base = if signature.len() <= 2 {
            let words: Vec<&str> = signature.iter().map(|(v, ..)| v.as_str()).collect();
            format!("{}Error", words.concat())
        } else {
            "ErrorResponses".to_owned()
        };
        let name = module_items.claim(&base, false);
        for i in ops {
            api.operations[i].shared_error = Some(name.clone());
        }
    }
}

/// One response-headers struct for every set of operations that document
/// the same headers (same names, types and descriptions): most APIs send
/// the same request-id header on every operation, and one struct per
/// operation would only repeat it. Named after its headers (`X-Request-ID`
/// → `XRequestIdHeaders`), after the operations' names so that those stay
/// as they are.
fn name_shared_headers(api: &mut Api, module_items: &mut Scope) {
    let shared = shared_sets(api, |op| {
        let mut signature: Vec<(String, String, Ty, Option<String>)> = Vec::new();
        for h in op.responses.iter().flat_map(|r| &r.headers) {
            if !signature.iter().any(|(name, ..)| *name == h.rust_name) {
                signature.push((
                    h.rust_name.clone(),
                    h.wire_name.clone(),
                    h.ty.clone(),
                    h.description.clone(),
                ));
            }
        }
        signature
    });
    for (signature, ops) in shared {
        let base = if signature.len() <= 2 {
            let words: Vec<String> = signature.iter().map(|(_, wire, ..)| pascal(wire)).collect();
            format!("{}Headers", words.concat())
        } else {
            "ResponseHeaders".to_owned()
        };
        let name = module_items.claim(&base, false);
        for i in ops {
            api.operations[i].shared_headers = Some(name.clone());
        }
    }
}

/// The sets of two or more operations (by index) whose `signature` is the
/// same and not empty, in order of each set's first operation, so that
/// names do not depend on how the signatures sort.
fn shared_sets<T: Ord>(
    api: &Api,
    signature: impl Fn(&Operation) -> Vec<T>,
) -> Vec<(Vec<T>, Vec<usize>)> {
    let mut groups: BTreeMap<Vec<T>, Vec<usize>> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        let signature = signature(op);
        if !signature.is_empty() {
            groups.entry(signature).or_default().push(i);
        }
    }
    let mut shared: Vec<(Vec<T>, Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, ops)| ops.len() > 1)
        .collect();
    shared.sort_by_key(|(_, ops)| ops[0]);
    shared
}

/// A cargo feature name for any string: its letters and digits in lower
/// case, every other run of characters one `-` (`Connected Accounts (Beta)`
/// → `connected-accounts-beta`, `NFTs` → `nfts`).
pub fn feature(raw: &str) -> String {
    // Symbols outside ASCII separate words like ASCII ones (`Cardano »
    // Accounts` → `cardano-accounts`); letters are kept (as `words` spells them).
    let raw: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii() || c.is_alphanumeric() {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut out = String::with_capacity(raw.len());
    for word in words(&raw).split_whitespace() {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.is_empty() {
        out.push_str("empty");
    }
    out
}

/// Fills in `api.features`: a cargo feature per tag of the operations, and
/// one (`untagged`) for the operations without a tag, in tag order with the
/// untagged last. Feature names follow `feature`; of two tags that give one
/// name, a tag spelled as that name keeps it and the other is numbered. With `prefix` (a crate of
/// several APIs) each name starts with the API's name. Left empty when no
/// operation has a tag: the API's own feature is the only one. `crate_features` holds the names
/// already taken in the crate.
pub fn name_features(api: &mut Api, crate_features: &mut Scope, prefix: Option<&str>) {
    let mut tags: BTreeSet<&str> = BTreeSet::new();
    let mut untagged = false;
    for op in &api.operations {
        tags.extend(op.tags.iter().map(String::as_str));
        untagged |= op.tags.is_empty();
    }
    if tags.is_empty() {
        api.features = Vec::new();
        return;
    }
    let mut groups: Vec<(String, Option<String>)> = tags
        .into_iter()
        .map(|t| (feature(t), Some(t.to_owned())))
        .collect();
    // Where two tags make one name, a tag spelled as that name keeps it.
    groups.sort_by(|(a, ta), (b, tb)| {
        let respelled = |name: &String, tag: &Option<String>| tag.as_ref() != Some(name);
        (a, respelled(a, ta), ta).cmp(&(b, respelled(b, tb), tb))
    });
    if untagged {
        groups.push((feature("untagged"), None));
    }
    api.features = groups
        .into_iter()
        .map(|(base, tag)| {
            let base = match prefix {
                Some(p) => format!("{p}-{base}"),
                None => base,
            };
            let name = crate_features.claim(&base, false);
            Feature { tag, name }
        })
        .collect();
}

/// Whether `s` holds something an identifier can be made of.
fn has_word(s: &str) -> bool {
    s.chars().any(|c| c.is_alphanumeric())
}

/// Per server, the parts of its URL that tell it from the others: labels of
/// the host (without the top-level domain) and path segments no other server
/// has (`api.{{env}}.example.com` next to `api.live.example.com`:
/// `{{env}}`). A lone server's is its host (its path if it has none); one
/// not told apart by its URL gets its host too. Joined with spaces.
fn distinct_host_words(servers: &[Server]) -> Vec<String> {
    let parts: Vec<(Vec<&str>, Vec<&str>)> = servers.iter().map(|s| url_words(&s.url)).collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, (host, path))| {
            let own = || {
                if host.is_empty() {
                    path.join(" ")
                } else {
                    host.join(" ")
                }
            };
            if parts.len() < 2 {
                return own();
            }
            let distinct: Vec<&str> = host
                .iter()
                .chain(path)
                .copied()
                .filter(|w| {
                    !parts
                        .iter()
                        .enumerate()
                        .any(|(j, (h, p))| j != i && (h.contains(w) || p.contains(w)))
                })
                .collect();
            if distinct.iter().any(|w| has_word(w)) {
                distinct.join(" ")
            } else {
                own()
            }
        })
        .collect()
}

/// A server URL's host labels (no user info, port or top-level domain) and
/// path segments.
fn url_words(url: &str) -> (Vec<&str>, Vec<&str>) {
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/').unwrap_or((rest, "")),
        None => ("", url),
    };
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        // A port, not a `{{placeholder}}` or an IPv6 address.
        Some((h, port)) if !port.contains('}') && !port.contains(']') => h,
        _ => host,
    };
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() > 1 {
        labels.pop();
    }
    let segments = path.split('/').filter(|l| !l.is_empty()).collect();
    (labels, segments)
}

/// Words every described server shares ("Fireblocks ... Environment Base URL")
/// say nothing about which server it is.
fn common_description_words(servers: &[Server]) -> BTreeSet<String> {
    let described: Vec<BTreeSet<String>> = servers
        .iter()
        .filter_map(|s| s.description.as_deref())
        .map(|d| d.split_whitespace().map(str::to_ascii_lowercase).collect())
        .collect();
    if described.len() < 2 {
        return BTreeSet::new();
    }
    let mut common = described[0].clone();
    for d in &described[1..] {
        common = common.intersection(d).cloned().collect();
    }
    common
}

#[cfg(test)]
mod tests;
