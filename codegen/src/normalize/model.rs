//! The normalised JSON as `openapiv3` types: the document lowering reads,
//! with serde's error path turned into a JSON pointer.

use crate::diag::{escape_token, Error};
use serde_json::Value;
use std::path::Path;

/// Deserializes the normalised JSON into `openapiv3` types, turning serde's
/// path into a JSON pointer.
pub(super) fn typed(file: &Path, raw: &Value) -> Result<openapiv3::OpenAPI, Error> {
    // `openapiv3` has an `expect` inside its `ReferenceOr` deserializer; keep a
    // library panic on hostile input from taking the generator down.
    // The plain deserializer first; the path-tracking one is slower, so it
    // only runs again to locate an error.
    let result = std::panic::catch_unwind(|| {
        <openapiv3::OpenAPI as serde::Deserialize>::deserialize(raw)
            .or_else(|_| serde_path_to_error::deserialize(raw))
    });
    match result {
        Ok(Ok(api)) => Ok(api),
        Ok(Err(e)) => {
            // serde loses the path inside untagged enums (`$ref` or item);
            // find the innermost failing node ourselves.
            let (pointer, message) =
                narrow(raw).unwrap_or_else(|| (path_pointer(e.path()), e.inner().to_string()));
            Err(Error::new(
                file,
                pointer,
                format!("not a valid OpenAPI document: {message}"),
            ))
        }
        Err(_) => Err(Error::new(
            file,
            "#",
            "the OpenAPI parser failed on this document",
        )),
    }
}

fn path_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// Tries `T` on `value`; on failure, the pointer (below `at`) and message.
fn try_as<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Option<(String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let inner = path_pointer(e.path());
            Some((
                format!("{at}{}", inner.trim_start_matches('#')),
                e.inner().to_string(),
            ))
        }
    }
}

/// The deepest node under `paths` or `components` that fails to parse.
fn narrow(raw: &Value) -> Option<(String, String)> {
    use crate::oas::METHODS;
    use openapiv3::*;
    let entries = |v: Option<&Value>| -> Vec<(String, Value)> {
        v.and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let items = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    for (path, item) in entries(raw.get("paths")) {
        let item_at = format!("#/paths/{}", escape_token(&path));
        for (i, p) in items(item.get("parameters")).iter().enumerate() {
            if let Some(found) =
                try_as::<ReferenceOr<Parameter>>(p, &format!("{item_at}/parameters/{i}"))
            {
                return Some(found);
            }
        }
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_at = format!("{item_at}/{method}");
            for (i, p) in items(op.get("parameters")).iter().enumerate() {
                if let Some(found) =
                    try_as::<ReferenceOr<Parameter>>(p, &format!("{op_at}/parameters/{i}"))
                {
                    return Some(found);
                }
            }
            if let Some(body) = op.get("requestBody") {
                if let Some(found) =
                    try_as::<ReferenceOr<RequestBody>>(body, &format!("{op_at}/requestBody"))
                {
                    return Some(found);
                }
            }
            for (code, r) in entries(op.get("responses")) {
                let at = format!("{op_at}/responses/{}", escape_token(&code));
                if let Some(found) = try_as::<ReferenceOr<Response>>(&r, &at) {
                    return Some(found);
                }
            }
            if let Some(found) = try_as::<Operation>(op, &op_at) {
                return Some(found);
            }
        }
        if let Some(found) = try_as::<ReferenceOr<PathItem>>(&item, &item_at) {
            return Some(found);
        }
    }
    let components = raw.get("components");
    for (kind, check) in [
        (
            "schemas",
            try_as::<ReferenceOr<Schema>> as fn(&Value, &str) -> Option<(String, String)>,
        ),
        ("parameters", try_as::<ReferenceOr<Parameter>>),
        ("responses", try_as::<ReferenceOr<Response>>),
        ("requestBodies", try_as::<ReferenceOr<RequestBody>>),
        ("headers", try_as::<ReferenceOr<Header>>),
        ("securitySchemes", try_as::<ReferenceOr<SecurityScheme>>),
    ] {
        for (name, v) in entries(components.and_then(|c| c.get(kind))) {
            if let Some(found) = check(&v, &format!("#/components/{kind}/{}", escape_token(&name)))
            {
                return Some(found);
            }
        }
    }
    None
}
