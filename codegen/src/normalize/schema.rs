//! JSON Schema 2020-12 Schema Objects (OpenAPI 3.1 and 3.2) back into
//! OpenAPI 3.0 schemas.

use super::*;

impl Cx<'_> {
    pub(super) fn schema(&mut self, v: &mut Value, at: &Pointer) {
        if let Value::Bool(accept) = v {
            *v = if *accept {
                json!({})
            } else {
                json!({ "not": {} })
            };
            return;
        }
        let Value::Object(m) = v else { return };
        if m.contains_key("$ref") && !self.schema_ref(m, at) {
            return;
        }
        if self.dialect == Dialect::Swagger2 {
            swagger_schema_keywords(m);
        }
        default_mapping(m);
        self.null_members(m, "oneOf");
        self.null_members(m, "anyOf");
        self.schema_type(m, at);
        if let Some(value) = m.get_mut("const").map(Value::take) {
            if value.is_null() {
                m.insert("nullable".into(), true.into());
            }
            replace_key(m, "const", "enum", json!([value]));
        }
        if let Some(examples) = m.get_mut("examples").map(Value::take) {
            match examples {
                Value::Array(list) if !m.contains_key("example") => match list.into_iter().next() {
                    Some(first) => replace_key(m, "examples", "example", first),
                    None => {
                        m.shift_remove("examples");
                    }
                },
                _ => {
                    m.shift_remove("examples");
                }
            }
        }
        exclusive_bound(m, "exclusiveMinimum", "minimum", true);
        exclusive_bound(m, "exclusiveMaximum", "maximum", false);
        self.dropped_keywords(m, at);
        self.tuple(m, at);
        self.pattern_properties(m, at);
        self.subschemas(m, at);
    }

    /// A schema with a `$ref`: rewrites it (2.0) and deals with siblings.
    /// Returns whether the schema still needs the rest of the rewriting.
    fn schema_ref(&mut self, m: &mut Map<String, Value>, at: &Pointer) -> bool {
        if self.dialect == Dialect::Swagger2 {
            if let Some(Value::String(reference)) = m.get_mut("$ref") {
                *reference = self.rewrite_ref(reference);
            }
        }
        if let Some(reference) = m.get("$ref").and_then(Value::as_str) {
            if reference.starts_with("#/$defs/") {
                let message = format!(
                    "`$ref` `{reference}` points at a document-level `$defs`, which OpenAPI does not have"
                );
                self.note(&at.push("$ref"), message);
            }
        }
        if m.len() == 1 {
            return false;
        }
        if self.dialect == Dialect::Swagger2 {
            swagger_schema_keywords(m);
        }
        let relevant = m.keys().any(|k| {
            k != "$ref"
                && !k.starts_with("x-")
                && !REF_ANNOTATIONS.contains(&k.as_str())
                && !DROPPED_KEYWORDS.contains(&k.as_str())
        });
        if !relevant {
            // The description stays: it documents the field or alias.
            m.retain(|k, _| k == "$ref" || k == "description");
            return false;
        }
        let Some(reference) = m.shift_remove("$ref") else {
            return true;
        };
        let wrapped = json!({ "$ref": reference });
        match m.get_mut("allOf") {
            Some(Value::Array(list)) => list.insert(0, wrapped),
            Some(other) => *other = json!([wrapped]),
            None => {
                m.shift_insert(0, "allOf".to_owned(), json!([wrapped]));
            }
        }
        true
    }

    /// `oneOf`/`anyOf` with a `{type: "null"}` member → `nullable: true`.
    fn null_members(&mut self, m: &mut Map<String, Value>, key: &str) {
        let Some(Value::Array(members)) = m.get_mut(key) else {
            return;
        };
        let before = members.len();
        members.retain(|member| !is_null_schema(member));
        if members.len() == before {
            return;
        }
        if members.len() > 1 {
            m.insert("nullable".into(), true.into());
            return;
        }
        let Some(Value::Array(mut members)) = m.shift_remove(key) else {
            return;
        };
        let Some(mut only) = members.pop() else {
            m.insert("nullable".into(), true.into());
            return;
        };
        if let Value::Bool(accept) = only {
            only = if accept {
                json!({})
            } else {
                json!({ "not": {} })
            };
        }
        // An inline member whose keywords do not clash merges into the
        // parent (`anyOf: [{type: string}, {type: null}]` is a nullable
        // string); anything else becomes the single `allOf` member.
        let mergeable = match &only {
            Value::Object(o) => !o.contains_key("$ref") && o.keys().all(|k| !m.contains_key(k)),
            _ => false,
        };
        match only {
            Value::Object(o) if mergeable => {
                for (k, x) in o {
                    m.insert(k, x);
                }
            }
            other => match m.get_mut("allOf") {
                Some(Value::Array(list)) => list.push(other),
                _ => {
                    m.insert("allOf".into(), json!([other]));
                }
            },
        }
        m.insert("nullable".into(), true.into());
    }

    fn schema_type(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let Some(ty) = m.get("type").cloned() else {
            return;
        };
        match ty {
            Value::String(name) if name == "null" => {
                m.shift_remove("type");
                m.insert("nullable".into(), true.into());
            }
            Value::String(name) if name == "file" && self.dialect == Dialect::Swagger2 => {
                m.insert("type".into(), "string".into());
                m.insert("format".into(), "binary".into());
            }
            Value::String(_) => {}
            Value::Array(list) => {
                let mut nullable = false;
                let mut names: Vec<String> = Vec::new();
                for item in &list {
                    match item.as_str() {
                        Some("null") => nullable = true,
                        Some(name) if !names.iter().any(|n| n == name) => {
                            names.push(name.to_owned())
                        }
                        _ => {}
                    }
                }
                if names.len() == 2
                    && names.iter().any(|n| n == "integer")
                    && names.iter().any(|n| n == "number")
                {
                    names = vec!["number".to_owned()];
                }
                match names.as_slice() {
                    [only] => {
                        m.insert("type".into(), only.clone().into());
                    }
                    [] => {
                        m.shift_remove("type");
                    }
                    several if !m.contains_key("oneOf") && !m.contains_key("anyOf") => {
                        // `type: [string, integer]` is `anyOf` one schema per
                        // type, each keeping the keywords that concern it.
                        m.shift_remove("type");
                        let branches: Vec<Value> = several
                            .iter()
                            .map(|name| {
                                let mut branch = Map::new();
                                branch.insert("type".into(), name.clone().into());
                                for key in type_keywords(name) {
                                    if let Some(v) = m.get(*key) {
                                        branch.insert((*key).to_owned(), v.clone());
                                    }
                                }
                                Value::Object(branch)
                            })
                            .collect();
                        for name in several {
                            for key in type_keywords(name) {
                                m.shift_remove(*key);
                            }
                        }
                        m.insert("anyOf".into(), Value::Array(branches));
                    }
                    several => {
                        let message = format!(
                            "a schema of several types ({}) next to `oneOf`/`anyOf` has no OpenAPI 3.0 form; it is left untyped",
                            several.join(", ")
                        );
                        self.note(&at.push("type"), message);
                        m.shift_remove("type");
                    }
                }
                if nullable {
                    m.insert("nullable".into(), true.into());
                }
            }
            _ => {
                self.note(
                    &at.push("type"),
                    "`type` is neither a name nor a list of names; dropped",
                );
                m.shift_remove("type");
            }
        }
    }

    fn dropped_keywords(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let base64 = matches!(
            m.get("contentEncoding").and_then(Value::as_str),
            Some("base64" | "base64url")
        );
        if base64
            && !m.contains_key("format")
            && m.get("type").and_then(Value::as_str) == Some("string")
        {
            m.insert("format".into(), "byte".into());
        }
        for (key, message) in NOTED_KEYWORDS {
            if m.contains_key(*key) {
                self.note(&at.push(key), *message);
            }
        }
        m.retain(|k, _| !DROPPED_KEYWORDS.contains(&k.as_str()));
        if m.contains_key("$defs") {
            let defs_at = at.push("$defs");
            let prefix = format!("{defs_at}/");
            if self.defs_refs.iter().any(|r| r.starts_with(&prefix)) {
                if let Some(Value::Object(defs)) = m.get_mut("$defs") {
                    for (name, def) in defs.iter_mut() {
                        self.schema(def, &defs_at.push(name));
                    }
                }
            } else {
                m.shift_remove("$defs");
            }
        }
    }

    /// `prefixItems` (and draft-4 `items: [...]`) describe tuples, which 3.0
    /// has not: the array keeps one item schema.
    fn tuple(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let (prefix, key) = match m.shift_remove("prefixItems") {
            Some(Value::Array(list)) => (list, "prefixItems"),
            Some(_) => (Vec::new(), "prefixItems"),
            None => match m.get("items") {
                Some(Value::Array(list)) => (list.clone(), "items"),
                _ => return,
            },
        };
        let tuple_at = at.push(key);
        if key == "prefixItems"
            && matches!(m.get("items"), Some(Value::Object(_) | Value::Bool(true)))
        {
            self.note(
                &tuple_at,
                "tuple (`prefixItems`) dropped; the array is typed by `items`",
            );
            return;
        }
        let items = match prefix.split_first() {
            Some((first, rest)) if rest.iter().all(|x| x == first) => {
                self.note(
                    &tuple_at,
                    "tuple approximated as an array of its (single) item type",
                );
                first.clone()
            }
            _ => {
                self.note(
                    &tuple_at,
                    "tuple of different item types approximated as an array of any values",
                );
                json!({})
            }
        };
        m.insert("items".into(), items);
    }

    fn pattern_properties(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        let Some(patterns) = m.get_mut("patternProperties").map(Value::take) else {
            return;
        };
        let pattern_at = at.push("patternProperties");
        let single = match patterns {
            Value::Object(o) if o.len() == 1 => o.into_iter().next(),
            _ => None,
        };
        let free = matches!(
            m.get("additionalProperties"),
            None | Some(Value::Bool(false))
        );
        match single {
            Some((pattern, schema)) if free => {
                m.shift_remove("patternProperties");
                m.insert("additionalProperties".into(), schema);
                let message = format!(
                    "`patternProperties` approximated as `additionalProperties`; keys are not checked against `{pattern}`"
                );
                self.note(&pattern_at, message);
            }
            _ => {
                m.shift_remove("patternProperties");
                self.note(
                    &pattern_at,
                    "`patternProperties` is not supported by OpenAPI 3.0; dropped",
                );
            }
        }
    }

    fn subschemas(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        // `required: true` on a property (a common Swagger mistake) becomes
        // an entry of the parent's `required` list.
        let mut promoted: Vec<String> = Vec::new();
        match m.get_mut("properties") {
            Some(Value::Object(properties)) => {
                let properties_at = at.push("properties");
                for (name, property) in properties.iter_mut() {
                    if let Value::Object(p) = property {
                        if let Some(Value::Bool(required)) = p.get("required") {
                            if *required {
                                promoted.push(name.clone());
                            }
                            p.shift_remove("required");
                        }
                    }
                    self.schema(property, &properties_at.push(name));
                }
            }
            Some(_) => {
                m.shift_remove("properties");
                self.note(
                    &at.push("properties"),
                    "`properties` is not an object; dropped",
                );
            }
            None => {}
        }
        if !promoted.is_empty() {
            let message = format!(
                "`required: true` on properties moved to this schema's `required` list: {}",
                promoted.join(", ")
            );
            self.note(at, message);
            match m.get_mut("required") {
                Some(Value::Array(list)) => {
                    for name in promoted {
                        if !list.iter().any(|x| x.as_str() == Some(&name)) {
                            list.push(name.into());
                        }
                    }
                }
                _ => {
                    let list = promoted.into_iter().map(Value::from).collect();
                    m.insert("required".into(), Value::Array(list));
                }
            }
        }
        match m.get_mut("required") {
            Some(Value::Array(list)) if !list.iter().all(Value::is_string) => {
                list.retain(Value::is_string);
                self.note(
                    &at.push("required"),
                    "`required` entries that are not names dropped",
                );
            }
            Some(Value::Array(_)) | None => {}
            Some(_) => {
                m.shift_remove("required");
                self.note(
                    &at.push("required"),
                    "`required` is not a list of property names; dropped",
                );
            }
        }
        match m.get_mut("additionalProperties") {
            Some(Value::Bool(_)) | None => {}
            Some(schema @ Value::Object(_)) => {
                self.schema(schema, &at.push("additionalProperties"));
            }
            Some(_) => {
                m.shift_remove("additionalProperties");
                self.note(
                    &at.push("additionalProperties"),
                    "`additionalProperties` is not a schema; dropped",
                );
            }
        }
        match m.get_mut("items") {
            Some(items @ (Value::Object(_) | Value::Bool(_))) => {
                self.schema(items, &at.push("items"))
            }
            Some(_) => {
                m.shift_remove("items");
                self.note(&at.push("items"), "`items` is not a schema; dropped");
            }
            None => {}
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            match m.get_mut(key) {
                Some(Value::Array(list)) => {
                    let list_at = at.push(key);
                    for (i, member) in list.iter_mut().enumerate() {
                        self.schema(member, &list_at.push(i));
                    }
                }
                Some(_) => {
                    m.shift_remove(key);
                    self.note(&at.push(key), format!("`{key}` is not a list; dropped"));
                }
                None => {}
            }
        }
        if let Some(not) = m.get_mut("not") {
            self.schema(not, &at.push("not"));
        }
    }
}
