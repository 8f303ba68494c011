//! OpenAPI 3.1 (and the 3.1 parts of 3.2): the document's structure, with
//! 3.1-only fields dropped and references to `components/pathItems`,
//! `callbacks` and `mediaTypes` inlined.

use super::*;

impl Cx<'_> {
    pub(super) fn openapi31(&mut self, raw: Value) -> Value {
        let Value::Object(mut root) = raw else {
            return raw;
        };
        let at = Pointer::root();
        for value in root.values() {
            collect_refs(value, &|r| r.contains("/$defs/"), &mut self.defs_refs);
        }
        root.insert("openapi".into(), TARGET_VERSION.into());
        if self.dialect == Dialect::OpenApi32 {
            self.openapi32_root(&mut root);
        }
        root.shift_remove("jsonSchemaDialect");
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info.shift_remove("summary");
            if let Some(Value::Object(license)) = info.get_mut("license") {
                license.shift_remove("identifier");
            }
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            if count > 0 {
                self.note(
                    &at.push("webhooks"),
                    format!("{count} webhook(s) dropped: webhooks are not generated"),
                );
            }
        }
        if let Some(Value::Object(components)) = root.get("components") {
            self.path_items = object_at(components, "pathItems");
            self.callbacks = object_at(components, "callbacks");
            self.media_types = object_at(components, "mediaTypes");
            if let Some(Value::Object(schemes)) = components.get("securitySchemes") {
                self.dropped_schemes = schemes
                    .iter()
                    .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                    .map(|(name, _)| name.clone())
                    .collect();
            }
        }
        if let Some(security) = root.get_mut("security") {
            self.security(security, &at.push("security"));
        }
        match root.get_mut("paths") {
            Some(Value::Object(paths)) => {
                let paths_at = at.push("paths");
                for (path, item) in paths.iter_mut() {
                    if !path.starts_with("x-") {
                        self.path_item(item, &paths_at.push(path));
                    }
                }
            }
            Some(_) => {}
            None => insert_after(&mut root, "info", "paths", Value::Object(Map::new())),
        }
        if let Some(components) = root.get_mut("components") {
            self.components(components, &at.push("components"));
        }
        // `pathItems` is 3.1-only; its uses in paths and callbacks were
        // inlined above. Keep it only if something else still points into it.
        let into_path_items = |r: &str| r.starts_with("#/components/pathItems/");
        let mut left: Vec<String> = Vec::new();
        for (key, value) in root.iter() {
            match (key.as_str(), value) {
                ("components", Value::Object(components)) => {
                    for (kind, entries) in components {
                        if kind != "pathItems" {
                            collect_refs(entries, &into_path_items, &mut left);
                        }
                    }
                }
                _ => collect_refs(value, &into_path_items, &mut left),
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            // 3.2: every use was inlined where it appears (see `content`).
            components.shift_remove("mediaTypes");
            let components_at = at.push("components");
            if left.is_empty() {
                components.shift_remove("pathItems");
            } else if let Some(Value::Object(items)) = components.get_mut("pathItems") {
                let items_at = components_at.push("pathItems");
                for (name, item) in items.iter_mut() {
                    self.path_item(item, &items_at.push(name));
                }
                let message = format!(
                    "`components/pathItems` kept: `{}` still points into it",
                    left.join("`, `")
                );
                self.note(&items_at, message);
            }
        }
        Value::Object(root)
    }

    fn components(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(components) = v else { return };
        for (kind, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            let kind_at = at.push(kind);
            if kind == "securitySchemes" {
                let dropped = std::mem::take(&mut self.dropped_schemes);
                for name in &dropped {
                    if entries.shift_remove(name).is_some() {
                        self.note(
                            &kind_at.push(name),
                            "mutual TLS has no OpenAPI 3.0 security scheme; dropped",
                        );
                    }
                }
                self.dropped_schemes = dropped;
            }
            for (name, entry) in entries.iter_mut() {
                let entry_at = kind_at.push(name);
                match kind.as_str() {
                    "schemas" => self.schema(entry, &entry_at),
                    "responses" => self.response(entry, &entry_at),
                    "parameters" => self.parameter(entry, &entry_at),
                    "requestBodies" => self.request_body(entry, &entry_at),
                    "headers" => self.header(entry, &entry_at),
                    "callbacks" => self.callback(entry, &entry_at),
                    // Walked (or dropped) once the rest is done.
                    "pathItems" => {}
                    "examples" | "links" | "securitySchemes" => {
                        if let Value::Object(m) = entry {
                            self.ref_only(m, &entry_at);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Drops requirements naming a scheme 3.0 cannot express.
    fn security(&mut self, v: &mut Value, at: &Pointer) {
        if self.dropped_schemes.is_empty() {
            return;
        }
        let Value::Array(requirements) = v else {
            return;
        };
        let before = requirements.len();
        let dropped = &self.dropped_schemes;
        requirements.retain(|r| {
            r.as_object()
                .is_none_or(|r| !r.keys().any(|k| dropped.contains(k)))
        });
        if requirements.len() != before {
            self.note(at, "security requirements using mutual TLS dropped");
        }
    }

    fn path_item(&mut self, v: &mut Value, at: &Pointer) {
        self.inline_component(v, at, "pathItems");
        let Value::Object(item) = v else { return };
        if item.contains_key("$ref") {
            return;
        }
        if let Some(parameters) = item.get_mut("parameters") {
            self.parameters(parameters, &at.push("parameters"));
        }
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                self.operation(op, &at.push(method));
            }
        }
        // 3.2: lowering reads these from the JSON; their schemas need the
        // same rewriting as any other operation's.
        if let Some(op) = item.get_mut("query") {
            self.operation(op, &at.push("query"));
        }
        if let Some(Value::Object(extra)) = item.get_mut("additionalOperations") {
            let extra_at = at.push("additionalOperations");
            for (method, op) in extra.iter_mut() {
                self.operation(op, &extra_at.push(method));
            }
        }
    }

    /// Replaces a `$ref` to `#/components/{kind}/X` by a copy of X (path
    /// items and callbacks: 3.0 has no `pathItems`, and `openapiv3` cannot
    /// read a referenced callback).
    fn inline_component(&mut self, v: &mut Value, at: &Pointer, kind: &str) {
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = v.get("$ref").and_then(Value::as_str).map(str::to_owned) else {
                return;
            };
            if !reference.starts_with("#/") {
                return;
            }
            let tokens = Pointer::from_fragment(&reference).tokens();
            let [first, second, name] = tokens.as_slice() else {
                return;
            };
            if first != "components" || second != kind {
                return;
            }
            let snapshot = match kind {
                "pathItems" => &self.path_items,
                "mediaTypes" => &self.media_types,
                _ => &self.callbacks,
            };
            let Some(target) = snapshot.get(name).cloned() else {
                self.note(at, format!("`$ref` `{reference}` does not resolve"));
                return;
            };
            let Value::Object(mut merged) = target else {
                *v = target;
                return;
            };
            // A path item or media type reference may override
            // `summary`/`description`; a callback's keys are expressions, so
            // nothing merges there.
            if kind != "callbacks" {
                if let Value::Object(local) = v {
                    for (key, value) in local.iter() {
                        if key != "$ref" {
                            merged.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            *v = Value::Object(merged);
        }
        self.note(at, "`$ref` chain does not end (a cycle?); left as it is");
    }

    fn operation(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(op) = v else { return };
        if let Some(parameters) = op.get_mut("parameters") {
            self.parameters(parameters, &at.push("parameters"));
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &at.push("requestBody"));
        }
        match op.get_mut("responses") {
            Some(Value::Object(responses)) => {
                let responses_at = at.push("responses");
                for (code, response) in responses.iter_mut() {
                    if !code.starts_with("x-") {
                        self.response(response, &responses_at.push(code));
                    }
                }
            }
            Some(_) => {}
            // Optional in 3.1, required in 3.0.
            None => {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            let callbacks_at = at.push("callbacks");
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &callbacks_at.push(name));
            }
        }
        if let Some(security) = op.get_mut("security") {
            self.security(security, &at.push("security"));
        }
    }

    fn callback(&mut self, v: &mut Value, at: &Pointer) {
        self.inline_component(v, at, "callbacks");
        let Value::Object(callback) = v else { return };
        if callback.contains_key("$ref") {
            return;
        }
        for (expression, item) in callback.iter_mut() {
            if !expression.starts_with("x-") {
                self.path_item(item, &at.push(expression));
            }
        }
    }

    fn parameters(&mut self, v: &mut Value, at: &Pointer) {
        if let Value::Array(list) = v {
            for (i, parameter) in list.iter_mut().enumerate() {
                self.parameter(parameter, &at.push(i));
            }
        }
    }

    fn parameter(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(m) = v else { return };
        if self.ref_only(m, at) {
            return;
        }
        self.parameter32(m, at);
        if let Some(schema) = m.get_mut("schema") {
            self.schema(schema, &at.push("schema"));
        }
        if let Some(content) = m.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    fn request_body(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(m) = v else { return };
        if self.ref_only(m, at) {
            return;
        }
        if let Some(content) = m.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    fn content(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(content) = v else { return };
        for (media_type, media) in content.iter_mut() {
            let media_at = at.push(media_type);
            // 3.2: a Media Type Object may be a reference.
            self.inline_component(media, &media_at, "mediaTypes");
            let Value::Object(media) = media else {
                continue;
            };
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &media_at.push("schema"));
            }
            if let Some(item) = media.remove("itemSchema") {
                let (mut item, item_at) = item_schema(media_type, item, &media_at);
                self.schema(&mut item, &item_at);
                media.insert(ITEM_SCHEMA.to_owned(), item);
            }
            for key in ["itemEncoding", "prefixEncoding"] {
                if media.contains_key(key) {
                    self.note(
                        &media_at.push(key),
                        format!("`{key}` is not supported; parts are encoded by their schema"),
                    );
                }
            }
            if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
                let encoding_at = media_at.push("encoding");
                for (name, encoding) in encodings.iter_mut() {
                    if let Some(headers) = encoding.get_mut("headers") {
                        self.headers(headers, &encoding_at.push(name).push("headers"));
                    }
                }
            }
        }
    }

    fn response(&mut self, v: &mut Value, at: &Pointer) {
        let Value::Object(m) = v else { return };
        if self.ref_only(m, at) {
            return;
        }
        if !m.get("description").is_some_and(Value::is_string) {
            m.insert("description".into(), "".into());
        }
        if let Some(headers) = m.get_mut("headers") {
            self.headers(headers, &at.push("headers"));
        }
        if let Some(content) = m.get_mut("content") {
            self.content(content, &at.push("content"));
        }
        if let Some(Value::Object(links)) = m.get_mut("links") {
            let links_at = at.push("links");
            for (name, link) in links.iter_mut() {
                if let Value::Object(link) = link {
                    self.ref_only(link, &links_at.push(name));
                }
            }
        }
    }

    fn headers(&mut self, v: &mut Value, at: &Pointer) {
        if let Value::Object(headers) = v {
            for (name, header) in headers.iter_mut() {
                self.header(header, &at.push(name));
            }
        }
    }

    /// A Header Object has a parameter's `schema`/`content` shape.
    fn header(&mut self, v: &mut Value, at: &Pointer) {
        self.parameter(v, at);
    }

    /// A Reference Object outside schemas: 3.1 allows `summary` and
    /// `description` beside `$ref`, 3.0 nothing. Returns whether `m` is one.
    fn ref_only(&mut self, m: &mut Map<String, Value>, at: &Pointer) -> bool {
        if !m.contains_key("$ref") {
            return false;
        }
        if m.len() > 1 {
            let extra: Vec<String> = m
                .keys()
                .filter(|k| !matches!(k.as_str(), "$ref" | "summary" | "description"))
                .cloned()
                .collect();
            if !extra.is_empty() {
                let message = format!("fields beside `$ref` are ignored: `{}`", extra.join("`, `"));
                self.note(at, message);
            }
            m.retain(|k, _| k == "$ref");
        }
        true
    }

    // ---- OpenAPI 3.2 ---------------------------------------------------
}
