//! Lowering: the typed `openapiv3` document → IR. Resolves `$ref`s, decides
//! every Rust type, and collects diagnostics where it falls back to a less
//! typed representation. Rust names are not chosen here (see `naming`).

use crate::diag::{Diagnostic, Error, Pointer};
use crate::ir::*;
use crate::load::resolve_pointer;
use crate::normalize::keys::{EXT_DEFAULT_MAPPING, EXT_QUERYSTRING, ITEM_SCHEMA, SERVER_NAME};
use crate::normalize::Document;
use crate::oas::{is_json, media_essence};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

mod compose;
mod dedup;
mod examples;
mod headers;
mod nullable;
mod operations;
mod schemas;
mod typed;
mod wire;
use operations::*;
use schemas::*;
use typed::typed;

/// The root extension choosing how arrays inside `deepObject` values are
/// written: `indexed` (`a[0]=x`) or `brackets` (`a[]=x`).
pub const EXT_FORM_ARRAYS: &str = "x-codegen-form-arrays";

const MAX_REF_HOPS: usize = 64;

/// Path item fields that hold an operation (`query` aside).
const METHOD_FIELDS: [&str; 8] = crate::oas::METHODS;

/// Lowers one loaded document. `name` is the API name (the spec file stem).
pub fn lower(doc: &Document, name: &str) -> Result<(Api, Vec<Diagnostic>), Error> {
    let mut cx = Lowering {
        file: &doc.file,
        raw: &doc.raw,
        types: BTreeMap::new(),
        by_pointer: BTreeMap::new(),
        pending: Vec::new(),
        all_of_stack: Vec::new(),
        diagnostics: doc.notes.clone(),
        typed_schemas: HashMap::new(),
    };
    let api = cx.api(doc, name)?;
    let mut diagnostics = cx.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    Ok((api, diagnostics))
}

struct Lowering<'a> {
    file: &'a Path,
    raw: &'a serde_json::Value,
    types: BTreeMap<TypeId, TypeDef>,
    /// `$ref` target pointer → type id, so every schema is lowered once and
    /// recursive references just work.
    by_pointer: BTreeMap<String, TypeId>,
    /// Referenced schemas registered but not yet lowered.
    pending: Vec<(TypeId, Pointer)>,
    /// The `allOf` schemas being merged, outermost first: one met again is
    /// a cycle.
    all_of_stack: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// Component schemas as the typed document already holds them, by the
    /// id registered for them, so that lowering need not deserialize their
    /// JSON a second time (that was a third of lowering's time).
    typed_schemas: HashMap<TypeId, &'a ReferenceOr<Schema>>,
}

impl<'a> Lowering<'a> {
    fn err(&self, at: &Pointer, msg: impl Into<String>) -> Error {
        Error::new(self.file, at.as_str(), msg)
    }

    fn warn(&mut self, at: &Pointer, msg: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_path_buf(),
            pointer: at.as_str().to_owned(),
            message: msg.into(),
        });
    }

    fn api(&mut self, doc: &'a Document, name: &str) -> Result<Api, Error> {
        let spec = &doc.api;
        // Pre-assign ids to every component schema, in document order, so
        // forward and recursive references resolve to the same type.
        if let Some(components) = &spec.components {
            for (schema_name, schema) in &components.schemas {
                let at = Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(schema_name);
                let id = self.register(&at, schema_name);
                // `resolve_pointer` percent-decodes: a name with `%` in it
                // may point elsewhere, so that one is looked up as JSON.
                if !schema_name.contains('%') {
                    self.typed_schemas.insert(id, schema);
                }
            }
        }
        let servers = self.servers(spec);
        let security_schemes = self.security_schemes(spec)?;
        let mut operations = Vec::new();
        for (mut op, own_security) in self.operations(spec)? {
            op.security =
                self.effective_security(own_security, spec, &security_schemes, &op.pointer);
            operations.push(op);
        }
        while let Some((id, at)) = self.pending.pop() {
            self.lower_named(id, &at)?;
        }
        self.break_alias_cycles();
        let mut api = Api {
            name: name.to_owned(),
            module: String::new(),
            title: spec.info.title.clone(),
            version: spec.info.version.clone(),
            description: spec.info.description.clone(),
            servers,
            operations,
            types: std::mem::take(&mut self.types),
            security_schemes,
            features: Vec::new(),
            form_arrays: self.form_arrays(spec),
        };
        nullable::lift_nullable_aliases(&mut api);
        dedup::merge_identical_types(&mut api);
        Ok(api)
    }

    /// The spec's choice of array form inside `deepObject` values
    /// (`x-codegen-form-arrays: brackets` at the root); the generator option
    /// overrides it (see `SpecInput::form_arrays`).
    fn form_arrays(&mut self, spec: &openapiv3::OpenAPI) -> ArrayForm {
        let Some(value) = spec.extensions.get(EXT_FORM_ARRAYS) else {
            return ArrayForm::default();
        };
        match value.as_str().and_then(ArrayForm::parse) {
            Some(form) => form,
            None => {
                self.warn(
                    &Pointer::root().push(EXT_FORM_ARRAYS),
                    format!("`{EXT_FORM_ARRAYS}` is `indexed` or `brackets`; `{value}` is ignored"),
                );
                ArrayForm::default()
            }
        }
    }

    /// A form or multipart media type's `encoding` entries.
    fn encoding(
        &mut self,
        kind: BodyKind,
        media: &openapiv3::MediaType,
        at: &Pointer,
    ) -> Result<Vec<PropertyEncoding>, Error> {
        if !matches!(kind, BodyKind::Form | BodyKind::Multipart) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for (property, enc) in &media.encoding {
            let e_at = at.push("encoding").push(property);
            let style = enc.style.as_ref().map(|s| match s {
                openapiv3::QueryStyle::Form => FormStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => FormStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => FormStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => FormStyle::DeepObject,
            });
            let explode = enc
                .extensions
                .get(crate::normalize::keys::EXT_EXPLODE)
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(matches!(style, None | Some(FormStyle::Form)));
            let mut headers = Vec::new();
            // Part headers exist only in multipart; `Content-Type` is
            // `contentType`'s.
            for (name, header) in enc.headers.iter().filter(|(n, _)| {
                kind == BodyKind::Multipart && !n.eq_ignore_ascii_case("content-type")
            }) {
                let h_at = e_at.push("headers").push(name);
                let (header, h_at) = self.resolve(header, &h_at, "header")?;
                match fixed_header_value(&header) {
                    Some(value) => headers.push((name.clone(), value)),
                    None => self.warn(
                        &h_at,
                        format!("part header `{name}` has no fixed value (`default` or a one-value `enum`) and is not sent"),
                    ),
                }
            }
            out.push(PropertyEncoding {
                property: property.clone(),
                content_type: enc.content_type.clone(),
                style,
                explode,
                allow_reserved: enc.allow_reserved,
                headers,
            });
        }
        Ok(out)
    }

    // ---- security ------------------------------------------------------

    fn security_schemes(
        &mut self,
        spec: &openapiv3::OpenAPI,
    ) -> Result<Vec<SecurityScheme>, Error> {
        use openapiv3::SecurityScheme as S;
        let mut out = Vec::new();
        let Some(components) = &spec.components else {
            return Ok(out);
        };
        for (name, scheme) in &components.security_schemes {
            let at = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let (scheme, at) = match self.resolve(scheme, &at, "security scheme") {
                Ok(found) => found,
                Err(e) => {
                    self.warn(&at, format!("security scheme skipped: {}", e.message));
                    continue;
                }
            };
            let (kind, description) = match &scheme {
                S::APIKey {
                    location,
                    name: header,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    // A header or cookie name is an RFC 9110 / 6265 token: any
                    // other name fails every request, or (`a=b; c`) writes
                    // cookies the spec did not mean.
                    let refusal = match location {
                        ParamLocation::Header => wire::header_refusal(header),
                        ParamLocation::Cookie if !wire::is_token(header) => Some(format!(
                            "cookie `{}` is not a valid cookie name (RFC 6265 token)",
                            header.escape_debug()
                        )),
                        _ => None,
                    };
                    if let Some(why) = refusal {
                        self.warn(&at.push("name"), format!("security scheme skipped: {why}"));
                        continue;
                    }
                    (
                        SchemeKind::ApiKey {
                            location,
                            name: header.clone(),
                        },
                        description,
                    )
                }
                S::HTTP {
                    scheme: http,
                    description,
                    ..
                } => match http.to_ascii_lowercase().as_str() {
                    "bearer" => (SchemeKind::Bearer, description),
                    "basic" => (SchemeKind::Basic, description),
                    other => {
                        self.warn(
                            &at,
                            format!("HTTP auth scheme `{other}` is treated as a bearer token"),
                        );
                        (SchemeKind::OtherBearer, description)
                    }
                },
                S::OAuth2 {
                    flows, description, ..
                } => {
                    match &flows.client_credentials {
                        Some(cc) => (
                            SchemeKind::OAuth2ClientCredentials {
                                token_url: cc.token_url.clone(),
                            },
                            description,
                        ),
                        None => {
                            self.warn(&at, "OAuth2 flows other than client credentials take a ready bearer token");
                            (SchemeKind::OtherBearer, description)
                        }
                    }
                }
                S::OpenIDConnect { description, .. } => {
                    self.warn(&at, "OpenID Connect takes a ready bearer token");
                    (SchemeKind::OtherBearer, description)
                }
            };
            out.push(SecurityScheme {
                wire_name: name.clone(),
                rust_name: String::new(),
                description: description.clone(),
                kind,
            });
        }
        Ok(out)
    }

    fn effective_security(
        &mut self,
        own: Option<Vec<openapiv3::SecurityRequirement>>,
        spec: &openapiv3::OpenAPI,
        schemes: &[SecurityScheme],
        op_pointer: &str,
    ) -> Vec<Vec<usize>> {
        let requirements = own.or_else(|| spec.security.clone()).unwrap_or_default();
        let mut out = Vec::new();
        for requirement in requirements {
            let mut set = Vec::new();
            for name in requirement.keys() {
                match schemes.iter().position(|s| &s.wire_name == name) {
                    Some(i) => set.push(i),
                    None => self.warn(
                        &Pointer::from_fragment(op_pointer).push("security"),
                        format!("security scheme `{name}` is not declared; it is ignored"),
                    ),
                }
            }
            // An empty requirement (`{}`) means "no auth" is one alternative.
            out.push(set);
        }
        out
    }

    // ---- servers -------------------------------------------------------

    fn servers(&mut self, spec: &openapiv3::OpenAPI) -> Vec<Server> {
        spec.servers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let declared = s.variables.clone().unwrap_or_default();
                let mut variables = Vec::new();
                for placeholder in server_placeholders(&s.url) {
                    let var = declared.get(&placeholder);
                    variables.push(ServerVariable {
                        wire_name: placeholder,
                        rust_name: String::new(),
                        default: var.map(|v| v.default.clone()).filter(|d| !d.is_empty()),
                        allowed: var.map(|v| v.enumeration.clone()).unwrap_or_default(),
                        description: var.and_then(|v| v.description.clone()),
                    });
                }
                if !s.url.contains("://") && !s.url.starts_with('{') {
                    let at = Pointer::root().push("servers").push(i).push("url");
                    self.warn(
                        &at,
                        format!(
                            "relative server URL `{}`: it names no host, so clients must be given a full base URL",
                            s.url
                        ),
                    );
                }
                Server {
                    url: s.url.clone(),
                    name: s
                        .extensions
                        .get(SERVER_NAME)
                        .and_then(|n| n.as_str())
                        .map(str::to_owned),
                    description: s.description.clone(),
                    variables,
                    rust_name: String::new(),
                }
            })
            .collect()
    }

    // ---- operations ----------------------------------------------------
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_both_styles() {
        assert_eq!(
            server_placeholders("https://a.{{environment}}.ext.{{realm}}.x/c"),
            vec!["environment", "realm"]
        );
        assert_eq!(
            server_placeholders("https://{host}:{port}/v1/{host}"),
            vec!["host", "port"]
        );
        assert!(server_placeholders("https://api.example.com").is_empty());
    }

    #[test]
    fn derived_operation_ids() {
        assert_eq!(
            derive_operation_id(&Method::Get, "/pets/{petId}/toys"),
            "get_pets_petId_toys"
        );
        assert_eq!(derive_operation_id(&Method::Delete, "/"), "delete");
    }

    #[test]
    fn inline_alternatives_are_tagged_by_their_discriminator_values() {
        let item: Schema = serde_json::from_value(serde_json::json!({
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"type": "string", "enum": ["server_vad"], "default": "server_vad"},
                "threshold": {"type": "number", "minLength": 1}
            }
        }))
        .expect("a schema");
        assert_eq!(inline_tags(&item, "type"), ["server_vad"]);
        assert!(inline_tags(&item, "kind").is_empty());
        let untyped: Schema =
            serde_json::from_value(serde_json::json!({"type": "string"})).expect("a schema");
        assert!(inline_tags(&untyped, "type").is_empty());
    }
}
