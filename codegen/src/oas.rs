//! Rules of the OpenAPI format itself that more than one step applies:
//! written once here. (JSON pointer escaping lives with pointers, in
//! [`crate::diag`].)

/// The Path Item fields that hold an operation, in the specification's
/// order (OpenAPI 3.2 adds `query` and `additionalOperations`, which the
/// 3.0 model has no field for).
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A media type's essence: type and subtype, lower case, without parameters
/// (`Application/JSON; charset=utf-8` → `application/json`).
pub fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// JSON, or a `+json` structured syntax suffix.
pub fn is_json(media_type: &str) -> bool {
    let essence = media_essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_by_essence() {
        assert_eq!(
            media_essence(" Application/JSON ; charset=utf-8"),
            "application/json"
        );
        assert!(is_json("application/problem+json; charset=utf-8"));
        assert!(is_json("APPLICATION/JSON"));
        assert!(!is_json("application/jsonl"));
        assert!(!is_json("text/json-ish"));
    }
}
