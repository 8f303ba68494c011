//! Loading: bytes on disk → one JSON value, with `$ref`s into other files
//! bundled in (only from under the spec's own folder). Nothing here knows
//! the dialect: [`crate::normalize`] is the next step.

use crate::diag::{Error, Pointer};
use serde::de::DeserializeSeed;
use serde_json::Value;
use std::cell::Cell;
use std::path::{Path, PathBuf};

/// One spec as read: plain JSON, with `$ref`s into other files bundled in,
/// in whatever dialect it was written ([`crate::normalize`] comes next).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// How the spec is named in errors and diagnostics.
    pub file: PathBuf,
    pub raw: Value,
}

/// Reads and parses `file` (YAML or JSON).
pub fn load(file: &Path) -> Result<Loaded, Error> {
    load_as(file, file)
}

/// Reads `path`, naming it `source` in errors and diagnostics. `$ref`s into
/// other files are resolved relative to `path` and bundled in; they may only
/// read files under the spec's own directory.
pub fn load_as(path: &Path, source: &Path) -> Result<Loaded, Error> {
    load_within(path, source, None)
}

/// [`load_as`], with `$ref`d files allowed anywhere under `ref_root` (the
/// spec's directory when `None`).
pub fn load_within(path: &Path, source: &Path, ref_root: Option<&Path>) -> Result<Loaded, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(source, "#", format!("cannot read the spec: {e}")))?;
    let mut raw = parse_value_threaded(source, &text)?;
    if has_external_ref(&raw) {
        // Only files under the spec's own directory (or `ref_root`) may be read.
        let dir = ref_root.or_else(|| path.parent().filter(|d| !d.as_os_str().is_empty()));
        let root_dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).map_err(|e| {
            Error::new(
                source,
                "#",
                format!("cannot resolve the spec's directory: {e}"),
            )
        })?;
        let swagger2 = raw.get("swagger").is_some();
        let components: &[&str] = if swagger2 {
            &["definitions"]
        } else {
            &["components", "schemas"]
        };
        let taken = components
            .iter()
            .try_fold(&raw, |v, key| v.get(key))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut bundler = Bundler {
            source,
            root_dir,
            files: Default::default(),
            budget: 20_000,
            nodes: MAX_BUNDLED_NODES,
            stack: Vec::new(),
            hoisted: Default::default(),
            taken,
            component_prefix: format!("#/{}/", components.join("/")),
            components: Vec::new(),
        };
        bundler.bundle(&mut raw, path, path, 0, &Pointer::root(), false)?;
        bundler.place_components(&mut raw, components);
    }
    finish(source, raw)
}

/// Parses spec text; `file` is only used to name the spec in errors.
/// `$ref`s into other files are not followed.
pub fn parse(file: &Path, text: &str) -> Result<Loaded, Error> {
    let raw = parse_value(file, text)?;
    finish(file, raw)
}

fn finish(file: &Path, raw: Value) -> Result<Loaded, Error> {
    Ok(Loaded {
        file: file.to_path_buf(),
        raw,
    })
}

fn has_external_ref(v: &Value) -> bool {
    match v {
        Value::Object(map) => {
            map.get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#') && !r.contains("://"))
                || map.values().any(has_external_ref)
        }
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

/// JSON nodes that inlining other files' content may add in total.
const MAX_BUNDLED_NODES: usize = 10_000_000;

/// Inlines `$ref`s that point into other files (and, inside those files,
/// their own local references), so the rest of the pipeline sees one
/// document.
struct Bundler<'a> {
    source: &'a Path,
    /// The spec's directory, canonical: no file outside it is read.
    root_dir: PathBuf,
    files: std::collections::BTreeMap<PathBuf, Value>,
    /// Inlined references left before giving up (guards against blow-ups).
    budget: usize,
    /// Inlined JSON nodes left before giving up.
    nodes: usize,
    /// The external targets (canonical file, fragment) being inlined, outer
    /// first: a reference to one of them is a cycle.
    stack: Vec<(PathBuf, String)>,
    /// External targets that refer to themselves: each becomes a named
    /// schema of the main document (so the cycle resolves like a local
    /// one), by this name.
    hoisted: std::collections::BTreeMap<(PathBuf, String), String>,
    /// Schema names in use in the main document.
    taken: std::collections::BTreeSet<String>,
    /// `#/components/schemas/` (or `#/definitions/` in Swagger 2.0).
    component_prefix: String,
    /// The hoisted schemas, bundled, to add to the main document.
    components: Vec<(String, Value)>,
}

impl Bundler<'_> {
    /// Reads a `$ref`d file, which must lie under the spec's directory once
    /// `..` and symbolic links are resolved.
    fn file(&mut self, path: &Path, reference: &str, at: &Pointer) -> Result<Value, Error> {
        let canonical = std::fs::canonicalize(path).map_err(|e| {
            Error::new(
                self.source,
                at.as_str(),
                format!("cannot read `$ref`d file {}: {e}", path.display()),
            )
        })?;
        if !canonical.starts_with(&self.root_dir) {
            return Err(Error::new(
                self.source,
                at.as_str(),
                format!(
                    "`$ref` `{reference}` points outside the directory `$ref`s may read ({})",
                    self.root_dir.display()
                ),
            ));
        }
        if let Some(v) = self.files.get(&canonical) {
            return Ok(v.clone());
        }
        let text = std::fs::read_to_string(&canonical).map_err(|e| {
            Error::new(
                self.source,
                at.as_str(),
                format!("cannot read `$ref`d file {}: {e}", path.display()),
            )
        })?;
        let value = parse_value(path, &text)?;
        self.files.insert(canonical, value.clone());
        Ok(value)
    }

    /// `value` lives in `file`; `root` is the main document (its local refs
    /// stay as they are).
    /// `at` is where in the main document the value is (inside other files,
    /// where the `$ref` that led there is).
    ///
    /// `named` when `value`'s keys are names the spec chose (properties,
    /// components, ...), not keywords. Example values are data, never code:
    /// `$ref`s inside `example` and `examples` are left as written (GitHub
    /// Enterprise Cloud's point to files that are not published).
    fn bundle(
        &mut self,
        value: &mut Value,
        file: &Path,
        root: &Path,
        depth: usize,
        at: &Pointer,
        named: bool,
    ) -> Result<(), Error> {
        if depth > 64 || self.budget == 0 {
            return Err(Error::new(
                self.source,
                at.as_str(),
                "external `$ref`s nest too deep or expand too much",
            ));
        }
        let in_root = file == root;
        match value {
            Value::Object(map) => {
                let reference = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                if let Some(reference) = reference {
                    let (file_part, fragment) = match reference.split_once('#') {
                        Some((f, frag)) => (f.to_owned(), format!("#{frag}")),
                        None => (reference.clone(), "#".to_owned()),
                    };
                    let target_file = if file_part.is_empty() {
                        if file == root {
                            return Ok(()); // local to the main document
                        }
                        file.to_path_buf()
                    } else {
                        file.parent().unwrap_or(Path::new(".")).join(&file_part)
                    };
                    if file_part.contains("://") {
                        // Not fetched: lowering reports it where it is used.
                        return Ok(());
                    }
                    let document = self.file(&target_file, &reference, at)?;
                    let key = (
                        std::fs::canonicalize(&target_file).unwrap_or_else(|_| target_file.clone()),
                        fragment.clone(),
                    );
                    if let Some(name) = self.hoisted.get(&key) {
                        *value = self.component_ref(name);
                        return Ok(());
                    }
                    if self.stack.contains(&key) {
                        // A cycle through other files: the target becomes a
                        // named schema once bundled, and this a `$ref` to it.
                        let name = self.component_name(&key);
                        *value = self.component_ref(&name);
                        self.hoisted.insert(key, name);
                        return Ok(());
                    }
                    let Some(mut target) = resolve_pointer(&document, &fragment).cloned() else {
                        return Err(Error::new(
                            self.source,
                            at.as_str(),
                            format!("unresolvable $ref `{reference}` in {}", file.display()),
                        ));
                    };
                    self.budget -= 1;
                    let nodes = node_count(&target);
                    if nodes > self.nodes {
                        return Err(Error::new(
                            self.source,
                            at.as_str(),
                            format!(
                                "external `$ref`s expand to more than {MAX_BUNDLED_NODES} JSON nodes"
                            ),
                        ));
                    }
                    self.nodes -= nodes;
                    self.stack.push(key.clone());
                    let bundled =
                        self.bundle(&mut target, &target_file, root, depth + 1, at, false);
                    self.stack.pop();
                    bundled?;
                    match self.hoisted.get(&key) {
                        Some(name) => {
                            *value = self.component_ref(name);
                            self.components.push((name.clone(), target));
                        }
                        None => *value = target,
                    }
                    return Ok(());
                }
                for (key, v) in map.iter_mut() {
                    if !named && matches!(key.as_str(), "example" | "examples") {
                        continue;
                    }
                    let at = if in_root { at.push(key) } else { at.clone() };
                    let child_named = !named && NAMED_MAPS.contains(&key.as_str());
                    self.bundle(v, file, root, depth, &at, child_named)?;
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    let at = if in_root { at.push(i) } else { at.clone() };
                    self.bundle(v, file, root, depth, &at, false)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Keywords whose value is a map keyed by names the spec chose: a key
/// `example` there is a name, not an example.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "definitions",
    "$defs",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "paths",
    "webhooks",
    "encoding",
    "variables",
    "content",
    "securityDefinitions",
];

impl Bundler<'_> {
    /// A free schema name for an external target: its fragment's last
    /// segment (or the file's stem), made safe for a JSON pointer.
    fn component_name(&mut self, (file, fragment): &(PathBuf, String)) -> String {
        let last = fragment
            .rsplit('/')
            .next()
            .map(|s| percent_decode(s).replace("~1", "_").replace("~0", "_"))
            .filter(|s| !s.is_empty() && s != "#")
            .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "External".to_owned());
        let base: String = last
            .chars()
            .map(|c| {
                if matches!(c, '/' | '~' | '#' | '%') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    fn component_ref(&self, name: &str) -> Value {
        let mut map = serde_json::Map::new();
        map.insert(
            "$ref".to_owned(),
            Value::String(format!("{}{name}", self.component_prefix)),
        );
        Value::Object(map)
    }

    /// Adds the hoisted schemas under `components/schemas` (or
    /// `definitions`) of the main document.
    fn place_components(&mut self, raw: &mut Value, path: &[&str]) {
        if self.components.is_empty() {
            return;
        }
        let mut at = raw;
        for key in path {
            let Value::Object(map) = at else { return };
            at = map
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Default::default()));
        }
        if let Value::Object(map) = at {
            for (name, schema) in self.components.drain(..) {
                map.insert(name, schema);
            }
        }
    }
}

fn node_count(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

/// Text → JSON value, nothing more (no bundling, normalisation or typing):
/// what `cargo xtask bench` times as "parse only". JSON documents take
/// serde_json's fast path; YAML goes through [`YamlValue`].
pub fn parse_value(file: &Path, text: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with('{') {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return Ok(value);
        }
    }
    let budget = Cell::new(yaml_budget(text));
    let seed = YamlSeed { budget: &budget };
    let mut value = seed
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                .unwrap_or_default();
            Error::new(file, "#", format!("not valid YAML or JSON{at}: {e}"))
        })?;
    apply_merge_keys(&mut value, 0);
    Ok(value)
}

/// How much a YAML text may expand to, in nodes plus string bytes. Without
/// aliases a document holds less than its length; aliases can repeat a node
/// many times over ("billion laughs"), so expansion is capped at a few times
/// the text's size.
fn yaml_budget(text: &str) -> usize {
    text.len().saturating_mul(4).saturating_add(1_000_000)
}

/// Like [`parse_value`], on several threads for a big YAML document: the
/// text is cut at top-level keys (and inside a big top-level mapping such as
/// `paths` or `components`, at its own keys); each part is parsed as a
/// document of its own and the values are merged in text order, entry after
/// entry as the whole parse inserts them. Anything unusual (not a block
/// mapping, directives or several documents, an alias to an anchor in
/// another part, any part that does not parse) falls back to parsing the
/// whole text, so errors and their line numbers are the whole parse's.
/// A cut inside a multi-line construct leaves it unterminated in the part
/// before, which then does not parse.
pub fn parse_value_threaded(file: &Path, text: &str) -> Result<Value, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads > 1 && text.len() >= SPLIT_MIN {
        return parse_value_in_parts(file, text, threads, threads * 4);
    }
    parse_value(file, text)
}

/// [`parse_value_threaded`] with about `parts` parts on `threads` threads,
/// whatever the size.
pub fn parse_value_in_parts(
    file: &Path,
    text: &str,
    threads: usize,
    parts: usize,
) -> Result<Value, Error> {
    if !text.trim_start().starts_with('{') {
        let parsed = split_yaml(text, parts).and_then(|p| parse_yaml_parts(&p, threads, text));
        if let Some(value) = parsed {
            return Ok(value);
        }
    }
    parse_value(file, text)
}

/// Below this size one thread is about as fast.
const SPLIT_MIN: usize = 256 * 1024;

/// A part of a YAML document parsed on its own.
#[derive(Debug, PartialEq)]
struct YamlPart<'t> {
    /// Entries of the top-level mapping `header` (`paths:`), or whole
    /// top-level entries when `None`.
    header: Option<&'t str>,
    /// The first part of its top-level mapping.
    first: bool,
    body: &'t str,
}

/// Cuts `text` into about `want` parts of similar size; `None` when the
/// document is not a plain block mapping or does not need cutting.
fn split_yaml<'t>(text: &'t str, want: usize) -> Option<Vec<YamlPart<'t>>> {
    // (start, line) of every line.
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let is_blank = |l: &str| {
        let t = l.trim_start_matches([' ', '\t']);
        t.is_empty() || t.starts_with('#') || t == "\n" || t == "\r\n"
    };
    // Top-level keys: lines at column 0 that start a plain key.
    let mut keys = Vec::new();
    for (i, (_, line)) in lines.iter().enumerate() {
        let Some(first) = line.bytes().next() else {
            continue;
        };
        match first {
            b' ' | b'\t' | b'#' | b'\r' | b'\n' | b'-' => {
                if line.starts_with("---") {
                    return None;
                }
            }
            b'%' | b'.' | b'{' | b'[' | b'"' | b'\'' | b'?' | b'&' | b'*' | b'!' | b'|' | b'>'
            | b'@' | b'`' | b',' | b':' => return None,
            _ => {
                if !line.contains(':') {
                    return None;
                }
                keys.push(i);
            }
        }
    }
    let first_key = *keys.first()?;
    if !lines[..first_key].iter().all(|(_, l)| is_blank(l)) {
        return None;
    }
    let target = text.len() / want.max(1) + 1;
    let end_of = |k: usize| keys.get(k + 1).map_or(text.len(), |&i| lines[i].0);
    let mut parts = Vec::new();
    let mut run: Option<usize> = None; // start of the current run of whole entries
    let flush = |parts: &mut Vec<YamlPart<'t>>, run: &mut Option<usize>, end: usize| {
        if let Some(start) = run.take() {
            parts.push(YamlPart {
                header: None,
                first: true,
                body: &text[start..end],
            });
        }
    };
    for (k, &line) in keys.iter().enumerate() {
        let (start, header) = lines[line];
        let end = end_of(k);
        let header = header.trim_end();
        let children = if end - start > target {
            child_keys(&lines, line, end, header)
        } else {
            None
        };
        match children {
            Some(children) => {
                flush(&mut parts, &mut run, start);
                let mut first = true;
                let mut from = children[0];
                for (c, &child) in children.iter().enumerate().skip(1) {
                    if child - from >= target {
                        parts.push(YamlPart {
                            header: Some(header),
                            first,
                            body: &text[from..child],
                        });
                        first = false;
                        from = children[c];
                    }
                }
                parts.push(YamlPart {
                    header: Some(header),
                    first,
                    body: &text[from..end],
                });
            }
            None => {
                let from = *run.get_or_insert(start);
                if end - from >= target {
                    flush(&mut parts, &mut run, end);
                }
            }
        }
    }
    flush(&mut parts, &mut run, text.len());
    (parts.len() > 1).then_some(parts)
}

/// Starts of the entries of the block mapping under the top-level key line
/// `line` (ending at byte `end`), when its header is a plain `key:` alone.
fn child_keys(
    lines: &[(usize, &str)],
    line: usize,
    end: usize,
    header: &str,
) -> Option<Vec<usize>> {
    let key = header.strip_suffix(':')?;
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.$".contains(&b))
    {
        return None;
    }
    let mut indent = None;
    let mut out = Vec::new();
    for &(start, l) in lines[line + 1..].iter().take_while(|(s, _)| *s < end) {
        let spaces = l.len() - l.trim_start_matches(' ').len();
        let rest = &l[spaces..];
        if rest.is_empty() || rest.starts_with(['#', '\r', '\n']) {
            continue;
        }
        let indent = *indent.get_or_insert(spaces);
        if spaces == 0 || rest.starts_with('\t') {
            return None;
        }
        if spaces == indent {
            if rest.starts_with(['-', '?', '{', '[', '&', '*', '!', '%', '|', '>']) {
                return None;
            }
            out.push(start);
        }
    }
    (out.len() > 1).then_some(out)
}

/// Parses the parts of `text` on `threads` threads and merges them. Each
/// part may expand (YAML aliases) to its share of the whole text's budget,
/// by length, so a document over budget fails in some part and is parsed
/// whole again.
fn parse_yaml_parts(parts: &[YamlPart<'_>], threads: usize, text: &str) -> Option<Value> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let total = yaml_budget(text) as u128;
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(i) else {
                return done;
            };
            let doc = match part.header {
                None => std::borrow::Cow::Borrowed(part.body),
                Some(header) => std::borrow::Cow::Owned(format!("{header}\n{}", part.body)),
            };
            let share = total * doc.len() as u128 / text.len().max(1) as u128;
            let budget = Cell::new(usize::try_from(share).unwrap_or(usize::MAX));
            let seed = YamlSeed { budget: &budget };
            done.push((
                i,
                seed.deserialize(serde_yaml::Deserializer::from_str(&doc))
                    .ok(),
            ));
        }
    };
    let mut values: Vec<Option<Value>> = vec![None; parts.len()];
    let complete = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            all.extend(helper.join().ok()?);
        }
        for (i, value) in all {
            values[i] = value;
        }
        Some(())
    });
    complete?;
    let mut out = serde_json::Map::new();
    for (part, value) in parts.iter().zip(values) {
        let Value::Object(map) = value? else {
            return None;
        };
        if part.header.is_none() {
            for (key, value) in map {
                out.insert(key, value);
            }
            continue;
        }
        let mut only = map.into_iter();
        let (Some((key, Value::Object(entries))), None) = (only.next(), only.next()) else {
            return None;
        };
        if part.first {
            out.insert(key, Value::Object(entries));
        } else {
            let Some(Value::Object(target)) = out.get_mut(&key) else {
                return None;
            };
            for (key, value) in entries {
                target.insert(key, value);
            }
        }
    }
    let mut value = Value::Object(out);
    apply_merge_keys(&mut value, 0);
    Some(value)
}

/// Reads a JSON value from YAML, accepting what JSON has not: non-string
/// keys (`200:`), integers beyond 64 bits (read as floats) and tags
/// (dropped); fails once the value grows past its budget.
#[derive(Clone, Copy)]
struct YamlSeed<'b> {
    budget: &'b Cell<usize>,
}

impl YamlSeed<'_> {
    fn spend<E: serde::de::Error>(self, amount: usize) -> Result<(), E> {
        let left = self.budget.get();
        if amount > left {
            return Err(E::custom(
                "the document expands to far more data than its size (YAML aliases?)",
            ));
        }
        self.budget.set(left - amount);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for YamlSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for YamlSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.spend(1)?;
        Ok(float(v as f64))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.spend(1)?;
        Ok(float(v as f64))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend(1)?;
        Ok(float(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend(1 + v.len())?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.spend(1 + v.len())?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                _ => return Err(serde::de::Error::custom("a mapping key is not a scalar")),
            };
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): keep the value.
        use serde::de::VariantAccess;
        let (_tag, variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// NaN and infinities have no JSON form.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// YAML merge keys (`<<: *base`): entries of the merged mappings that the
/// mapping does not set itself.
fn apply_merge_keys(value: &mut Value, depth: usize) {
    if depth > 256 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(merge) = map.remove("<<") {
                let sources = match merge {
                    Value::Array(items) => items,
                    other => vec![other],
                };
                for source in sources {
                    if let Value::Object(source) = source {
                        for (k, v) in source {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            for v in map.values_mut() {
                apply_merge_keys(v, depth + 1);
            }
        }
        Value::Array(items) => {
            for v in items {
                apply_merge_keys(v, depth + 1);
            }
        }
        _ => {}
    }
}

/// Looks up a local JSON pointer (`#/components/schemas/Pet`).
pub fn resolve_pointer<'a>(raw: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(raw);
    }
    let decoded = percent_decode(fragment);
    raw.pointer(&decoded)
}

/// `$ref` fragments may be percent-encoded (`%7B` for `{`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests;
