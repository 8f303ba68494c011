//! Swagger 2.0 into OpenAPI 3.0: `definitions`, `parameters`, `responses`
//! and `securityDefinitions` move under `components`, body and form
//! parameters become request bodies, `produces` becomes response `content`,
//! and every local `$ref` is rewritten to its new place.

use super::*;

/// One parameter of a Swagger 2.0 operation, sorted by where it goes in 3.0.
#[derive(Debug, Clone)]
pub(super) enum Param {
    /// `in: body`; `reference` names the global parameter it came from.
    Body {
        param: Value,
        reference: Option<String>,
        at: Pointer,
    },
    /// `in: formData`, resolved.
    Form { param: Value, at: Pointer },
    /// Anything else, already in its 3.0 form.
    Plain(Value),
}

impl Cx<'_> {
    pub(super) fn swagger2(&mut self, raw: Value) -> Value {
        let Value::Object(mut root) = raw else {
            return raw;
        };
        let at = Pointer::root();
        self.consumes = string_list(root.get("consumes"));
        self.produces = string_list(root.get("produces"));
        self.global_parameters = object_at(&root, "parameters");
        self.schemes = string_list(root.get("schemes"));
        if self.schemes.is_empty() {
            self.schemes.push("https".to_owned());
        }
        self.schemes.sort();
        let mut out = Map::new();
        out.insert("openapi".into(), TARGET_VERSION.into());
        if let Some(info) = root.shift_remove("info") {
            out.insert("info".into(), info);
        }
        if let Some(servers) = servers(&root) {
            out.insert("servers".into(), servers);
        }
        for key in ["security", "tags", "externalDocs"] {
            if let Some(value) = root.shift_remove(key) {
                out.insert(key.into(), value);
            }
        }
        let paths = match root.shift_remove("paths") {
            Some(paths) => self.paths2(paths, &at.push("paths")),
            None => Value::Object(Map::new()),
        };
        out.insert("paths".into(), paths);
        let components = self.components2(&mut root, &at);
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        for (key, value) in root {
            if !matches!(
                key.as_str(),
                "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces"
            ) {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn components2(&mut self, root: &mut Map<String, Value>, at: &Pointer) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(definitions) = root.shift_remove("definitions") {
            let definitions_at = at.push("definitions");
            match definitions {
                Value::Object(definitions) => {
                    let mut schemas = Map::new();
                    for (name, mut schema) in definitions {
                        self.schema(&mut schema, &definitions_at.push(&name));
                        schemas.insert(name, schema);
                    }
                    components.insert("schemas".into(), Value::Object(schemas));
                }
                _ => self.note(&definitions_at, "`definitions` is not an object; dropped"),
            }
        }
        if let Some(Value::Object(responses)) = root.shift_remove("responses") {
            let responses_at = at.push("responses");
            let produces = effective(&self.produces);
            let mut out = Map::new();
            for (name, response) in responses {
                let response = self.response2(response, &produces, &responses_at.push(&name));
                out.insert(name, response);
            }
            components.insert("responses".into(), Value::Object(out));
        }
        if let Some(Value::Object(parameters)) = root.shift_remove("parameters") {
            let parameters_at = at.push("parameters");
            let consumes = effective(&self.consumes);
            let mut plain = Map::new();
            let mut bodies = Map::new();
            for (name, parameter) in parameters {
                let parameter_at = parameters_at.push(&name);
                match parameter.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        let body = self.body_param(&parameter, &consumes, &parameter_at);
                        bodies.insert(name, body);
                    }
                    // Form fields are inlined into each operation's body.
                    Some("formData") => {}
                    _ => {
                        let parameter = self.param2(&parameter, &parameter_at);
                        plain.insert(name, parameter);
                    }
                }
            }
            if !plain.is_empty() {
                components.insert("parameters".into(), Value::Object(plain));
            }
            if !bodies.is_empty() {
                components.insert("requestBodies".into(), Value::Object(bodies));
            }
        }
        if let Some(Value::Object(schemes)) = root.shift_remove("securityDefinitions") {
            let schemes_at = at.push("securityDefinitions");
            let mut out = Map::new();
            for (name, scheme) in schemes {
                let scheme = self.security_scheme2(scheme, &schemes_at.push(&name));
                out.insert(name, scheme);
            }
            components.insert("securitySchemes".into(), Value::Object(out));
        }
        components
    }

    fn security_scheme2(&mut self, scheme: Value, at: &Pointer) -> Value {
        let Value::Object(m) = scheme else {
            return scheme;
        };
        let mut out = Map::new();
        match m.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
            }
            Some("oauth2") => {
                let (flow, authorization, token) = match m.get("flow").and_then(Value::as_str) {
                    Some("implicit") => ("implicit", true, false),
                    Some("password") => ("password", false, true),
                    Some("application") => ("clientCredentials", false, true),
                    Some("accessCode") => ("authorizationCode", true, true),
                    other => {
                        let message = format!(
                            "unknown OAuth2 flow {}; the scheme has no flows",
                            other.unwrap_or("(none)")
                        );
                        self.note(&at.push("flow"), message);
                        ("", false, false)
                    }
                };
                let mut flows = Map::new();
                if !flow.is_empty() {
                    let mut f = Map::new();
                    let mut urls = Vec::new();
                    if authorization {
                        urls.push("authorizationUrl");
                    }
                    if token {
                        urls.push("tokenUrl");
                    }
                    for url in urls {
                        let value = match m.get(url) {
                            Some(Value::String(s)) => s.clone(),
                            _ => {
                                self.note(&at.push(url), format!("`{url}` is missing; left empty"));
                                String::new()
                            }
                        };
                        f.insert(url.into(), value.into());
                    }
                    let scopes = match m.get("scopes") {
                        Some(Value::Object(scopes)) => Value::Object(scopes.clone()),
                        _ => json!({}),
                    };
                    f.insert("scopes".into(), scopes);
                    flows.insert(flow.into(), Value::Object(f));
                }
                out.insert("type".into(), "oauth2".into());
                out.insert("flows".into(), Value::Object(flows));
            }
            _ => return Value::Object(m),
        }
        for (key, value) in m {
            if key == "description" || key.starts_with("x-") {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn paths2(&mut self, paths: Value, at: &Pointer) -> Value {
        let Value::Object(paths) = paths else {
            self.note(at, "`paths` is not an object; dropped");
            return Value::Object(Map::new());
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let item = if path.starts_with('/') {
                self.path_item2(item, &at.push(&path))
            } else {
                item
            };
            out.insert(path, item);
        }
        Value::Object(out)
    }

    fn path_item2(&mut self, item: Value, at: &Pointer) -> Value {
        let Value::Object(item) = item else {
            return item;
        };
        // Body and form parameters cannot stay on the path item in 3.0;
        // every operation inherits them.
        let mut inherited = Vec::new();
        let mut plain = Vec::new();
        if let Some(list) = item.get("parameters") {
            let parameters_at = at.push("parameters");
            match list {
                Value::Array(list) => {
                    for (i, parameter) in list.iter().enumerate() {
                        match self.classify(parameter, &parameters_at.push(i)) {
                            Param::Plain(p) => plain.push(p),
                            other => inherited.push(other),
                        }
                    }
                }
                _ => self.note(&parameters_at, "`parameters` is not a list; dropped"),
            }
        }
        let mut out = Map::new();
        let mut plain = Some(plain);
        for (key, value) in item {
            if key == "parameters" {
                match plain.take() {
                    Some(list) if !list.is_empty() => {
                        out.insert(key, Value::Array(list));
                    }
                    _ => {}
                }
            } else if METHODS.contains(&key.as_str()) {
                let op = self.operation2(value, &at.push(&key), &inherited);
                out.insert(key, op);
            } else {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    /// Resolves a 2.0 parameter (following `#/parameters/X`) and sorts it.
    fn classify(&mut self, parameter: &Value, at: &Pointer) -> Param {
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
            let Some(name) = global_name(reference, "parameters") else {
                if reference.starts_with('#') {
                    self.note(at, format!("`$ref` `{reference}` is not a parameter"));
                }
                return Param::Plain(json!({ "$ref": reference }));
            };
            let Some(target) = self.global_parameters.get(&name).cloned() else {
                self.note(at, format!("`$ref` `{reference}` does not resolve"));
                return Param::Plain(json!({ "$ref": reference }));
            };
            return match target.get("in").and_then(Value::as_str) {
                Some("body") => Param::Body {
                    param: target,
                    reference: Some(name),
                    at: at.clone(),
                },
                Some("formData") => Param::Form {
                    param: target,
                    at: at.clone(),
                },
                _ => Param::Plain(json!({ "$ref": self.rewrite_ref(reference) })),
            };
        }
        match parameter.get("in").and_then(Value::as_str) {
            Some("body") => Param::Body {
                param: parameter.clone(),
                reference: None,
                at: at.clone(),
            },
            Some("formData") => Param::Form {
                param: parameter.clone(),
                at: at.clone(),
            },
            _ => Param::Plain(self.param2(parameter, at)),
        }
    }

    fn operation2(&mut self, op: Value, at: &Pointer, inherited: &[Param]) -> Value {
        let Value::Object(op) = op else { return op };
        let consumes = effective(
            &op.get("consumes")
                .map_or_else(|| self.consumes.clone(), |v| string_list(Some(v))),
        );
        let produces = effective(
            &op.get("produces")
                .map_or_else(|| self.produces.clone(), |v| string_list(Some(v))),
        );
        let mut parameters = Vec::new();
        let mut body: Option<Param> = None;
        let mut form: Vec<(Value, Pointer)> = Vec::new();
        let mut own = Vec::new();
        if let Some(list) = op.get("parameters") {
            let parameters_at = at.push("parameters");
            match list {
                Value::Array(list) => {
                    for (i, parameter) in list.iter().enumerate() {
                        own.push(self.classify(parameter, &parameters_at.push(i)));
                    }
                }
                _ => self.note(&parameters_at, "`parameters` is not a list; dropped"),
            }
        }
        let own_count = own.len();
        for (i, parameter) in own.into_iter().chain(inherited.iter().cloned()).enumerate() {
            let from_path = i >= own_count;
            match parameter {
                Param::Plain(p) => parameters.push(p),
                Param::Body { at: body_at, .. } if body.is_some() => {
                    if !from_path {
                        self.note(&body_at, "a second body parameter is ignored");
                    }
                }
                b @ Param::Body { .. } => body = Some(b),
                Param::Form { param, at: form_at } => {
                    let name = param.get("name");
                    if !(from_path && form.iter().any(|(p, _)| p.get("name") == name)) {
                        form.push((param, form_at));
                    }
                }
            }
        }
        let mut request_body = match body {
            Some(Param::Body {
                param,
                reference,
                at: body_at,
            }) => {
                if !form.is_empty() {
                    self.note(
                        &body_at,
                        "formData parameters are ignored beside a body parameter",
                    );
                }
                Some(match reference {
                    Some(name) if consumes == effective(&self.consumes) => json!({
                        "$ref": format!("#/components/requestBodies/{}", escape_token(&name))
                    }),
                    _ => self.body_param(&param, &consumes, &body_at),
                })
            }
            _ if !form.is_empty() => Some(self.form_body(&form, &consumes)),
            _ => None,
        };
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "parameters" => {
                    if !parameters.is_empty() {
                        out.insert(key, Value::Array(std::mem::take(&mut parameters)));
                    }
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".into(), body);
                    }
                }
                "responses" => {
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".into(), body);
                    }
                    let responses = self.responses2(value, &produces, &at.push("responses"));
                    out.insert(key, responses);
                }
                "consumes" | "produces" => {}
                "schemes" => {
                    let mut schemes = string_list(Some(&value));
                    schemes.sort();
                    if schemes != self.schemes {
                        self.note(
                            &at.push("schemes"),
                            "operation-level `schemes` are ignored; the document's servers apply",
                        );
                    }
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if let Some(body) = request_body.take() {
            out.insert("requestBody".into(), body);
        }
        if !out.contains_key("responses") {
            out.insert("responses".into(), Value::Object(Map::new()));
        }
        Value::Object(out)
    }

    /// An `in: body` parameter as a 3.0 Request Body.
    fn body_param(&mut self, parameter: &Value, consumes: &[String], at: &Pointer) -> Value {
        let mut body = Map::new();
        if let Some(description) = parameter.get("description") {
            body.insert("description".into(), description.clone());
        }
        let mut schema = parameter
            .get("schema")
            .cloned()
            .unwrap_or_else(|| json!({}));
        self.schema(&mut schema, &at.push("schema"));
        let mut content = Map::new();
        for media_type in consumes {
            content.insert(media_type.clone(), json!({ "schema": schema.clone() }));
        }
        body.insert("content".into(), Value::Object(content));
        if let Some(required @ Value::Bool(_)) = parameter.get("required") {
            body.insert("required".into(), required.clone());
        }
        if let Value::Object(m) = parameter {
            for (key, value) in m {
                if key.starts_with("x-") {
                    body.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(body)
    }

    /// `in: formData` parameters as one form Request Body.
    fn form_body(&mut self, form: &[(Value, Pointer)], consumes: &[String]) -> Value {
        let file = form
            .iter()
            .any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = file
            || consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"));
        let media_type = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (parameter, at) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                self.note(at, "a form parameter without a name is dropped");
                continue;
            };
            let mut schema = Map::new();
            if let Some(description) = parameter.get("description") {
                schema.insert("description".into(), description.clone());
            }
            if let Value::Object(m) = parameter {
                schema.extend(param_schema(m));
            }
            let mut schema = Value::Object(schema);
            self.schema(&mut schema, at);
            if parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::from(name));
            }
            properties.insert(name.to_owned(), schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let mut body = Map::new();
        body.insert(
            "content".into(),
            json!({ media_type: { "schema": schema } }),
        );
        if any_required {
            body.insert("required".into(), true.into());
        }
        Value::Object(body)
    }

    /// A path/query/header parameter: its type fields move into `schema`,
    /// `collectionFormat` becomes `style`/`explode`.
    fn param2(&mut self, parameter: &Value, at: &Pointer) -> Value {
        let Value::Object(m) = parameter else {
            return parameter.clone();
        };
        let mut out = Map::new();
        for (key, value) in m {
            if !SCHEMA_FIELDS.contains(&key.as_str())
                && key != "collectionFormat"
                && key != "schema"
            {
                out.insert(key.clone(), value.clone());
            }
        }
        let fields = param_schema(m);
        let mut schema = if fields.is_empty() {
            m.get("schema").cloned().unwrap_or_else(|| json!({}))
        } else {
            Value::Object(fields)
        };
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let location = m.get("in").and_then(Value::as_str).unwrap_or("");
            let format = m
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let query = location == "query";
            match (format, query) {
                ("multi", true) => {
                    out.insert("style".into(), "form".into());
                    out.insert("explode".into(), true.into());
                }
                ("csv", true) => {
                    out.insert("explode".into(), false.into());
                }
                ("ssv", true) => {
                    out.insert("style".into(), "spaceDelimited".into());
                }
                ("pipes", true) => {
                    out.insert("style".into(), "pipeDelimited".into());
                }
                // `simple` (the path/header default) is comma-separated.
                ("csv", false) => {}
                ("tsv", _) => {
                    if query {
                        out.insert("explode".into(), false.into());
                    }
                    self.note(
                        &at.push("collectionFormat"),
                        "tab-separated arrays have no OpenAPI 3.0 style; comma-separated is used",
                    );
                }
                (other, _) => {
                    let message = format!(
                        "`collectionFormat: {other}` has no OpenAPI 3.0 style for a {location} parameter; the default style is used"
                    );
                    self.note(&at.push("collectionFormat"), message);
                }
            }
        }
        self.schema(&mut schema, at);
        out.insert("schema".into(), schema);
        Value::Object(out)
    }

    fn responses2(&mut self, responses: Value, produces: &[String], at: &Pointer) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let mut out = Map::new();
        for (code, response) in responses {
            let response = if code.starts_with("x-") {
                response
            } else {
                self.response2(response, produces, &at.push(&code))
            };
            out.insert(code, response);
        }
        Value::Object(out)
    }

    fn response2(&mut self, response: Value, produces: &[String], at: &Pointer) -> Value {
        let Value::Object(m) = response else {
            return response;
        };
        if let Some(reference) = m.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": self.rewrite_ref(reference) });
        }
        let mut out = Map::new();
        let description = match m.get("description") {
            Some(Value::String(d)) => d.clone(),
            _ => String::new(),
        };
        out.insert("description".into(), description.into());
        let examples = object_at(&m, "examples");
        for (key, value) in m {
            match key.as_str() {
                "description" | "examples" => {}
                "schema" => {
                    let file = value.get("type").and_then(Value::as_str) == Some("file");
                    let mut schema = value;
                    self.schema(&mut schema, &at.push("schema"));
                    let media_types: Vec<String> = if file {
                        // A file is none of the structured types the API
                        // lists for its other responses.
                        let binary: Vec<String> = produces
                            .iter()
                            .filter(|p| !p.contains("json") && !p.contains("xml"))
                            .cloned()
                            .collect();
                        if binary.is_empty() {
                            vec!["application/octet-stream".to_owned()]
                        } else {
                            binary
                        }
                    } else {
                        produces.to_vec()
                    };
                    let mut content = Map::new();
                    for media_type in media_types {
                        let mut media = Map::new();
                        media.insert("schema".into(), schema.clone());
                        if let Some(example) = examples.get(&media_type) {
                            media.insert("example".into(), example.clone());
                        }
                        content.insert(media_type, Value::Object(media));
                    }
                    out.insert("content".into(), Value::Object(content));
                }
                "headers" => {
                    let headers = self.headers2(value, &at.push("headers"));
                    out.insert(key, headers);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        Value::Object(out)
    }

    fn headers2(&mut self, headers: Value, at: &Pointer) -> Value {
        let Value::Object(headers) = headers else {
            return headers;
        };
        let mut out = Map::new();
        for (name, header) in headers {
            let header_at = at.push(&name);
            let header = match header {
                Value::Object(m) => {
                    let mut h = Map::new();
                    for (key, value) in &m {
                        if !SCHEMA_FIELDS.contains(&key.as_str()) && key != "collectionFormat" {
                            h.insert(key.clone(), value.clone());
                        }
                    }
                    let mut schema = Value::Object(param_schema(&m));
                    self.schema(&mut schema, &header_at);
                    h.insert("schema".into(), schema);
                    Value::Object(h)
                }
                other => other,
            };
            out.insert(name, header);
        }
        Value::Object(out)
    }

    /// `#/definitions/X` → `#/components/schemas/X`, and so on.
    pub(super) fn rewrite_ref(&self, reference: &str) -> String {
        let Some(fragment) = reference.strip_prefix("#/") else {
            return reference.to_owned();
        };
        let Some((head, rest)) = fragment.split_once('/') else {
            return reference.to_owned();
        };
        let kind = match head {
            "definitions" => "schemas",
            "responses" => "responses",
            "parameters" => {
                let body = global_name(reference, "parameters")
                    .or_else(|| rest.split('/').next().map(crate::diag::unescape_token))
                    .and_then(|name| self.global_parameters.get(&name))
                    .and_then(|p| p.get("in"))
                    .and_then(Value::as_str)
                    == Some("body");
                if body {
                    "requestBodies"
                } else {
                    "parameters"
                }
            }
            _ => return reference.to_owned(),
        };
        format!("#/components/{kind}/{rest}")
    }
}
