//! Merging the blocks that share an `info.title` into one spec.

use super::*;
use codegen::diag::escape_token;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A mapping key as text (OpenAPI keys are strings; YAML allows others, e.g.
/// an unquoted `200:`).
pub(super) fn key_str(k: &Value) -> String {
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
