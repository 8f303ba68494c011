//! Schemas: `$ref`s and named types, inline schemas, their kinds and
//! fields.

use super::*;

impl Lowering<'_> {
    /// Follows `$ref` chains to a local item of type `T`.
    pub(super) fn resolve<T: DeserializeOwned + Clone>(
        &self,
        item: &ReferenceOr<T>,
        at: &Pointer,
        what: &str,
    ) -> Result<(T, Pointer), Error> {
        let mut reference = match item {
            ReferenceOr::Item(item) => return Ok((item.clone(), at.clone())),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        for _ in 0..MAX_REF_HOPS {
            let target = self.ref_target(&reference, at)?;
            let value = resolve_pointer(self.raw, &reference).ok_or_else(|| {
                self.err(at, format!("unresolvable $ref `{reference}`: no such node"))
            })?;
            let parsed =
                <ReferenceOr<T> as serde::Deserialize>::deserialize(value).map_err(|e| {
                    self.err(
                        &target,
                        format!("the {what} `{reference}` points to is not valid: {e}"),
                    )
                })?;
            match parsed {
                ReferenceOr::Item(item) => return Ok((item, target)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Err(self.err(
            at,
            format!("$ref chain starting at `{reference}` does not end (a cycle?)"),
        ))
    }

    /// Checks that a `$ref` is local and returns it as a pointer.
    fn ref_target(&self, reference: &str, at: &Pointer) -> Result<Pointer, Error> {
        if !reference.starts_with('#') {
            return Err(self.err(
                at,
                format!("$ref `{reference}` points outside this document, which is not supported"),
            ));
        }
        Ok(Pointer::from_fragment(reference))
    }

    pub(super) fn register(&mut self, at: &Pointer, name: &str) -> TypeId {
        if let Some(id) = self.by_pointer.get(at.as_str()) {
            return *id;
        }
        let id = self.next_id();
        self.by_pointer.insert(at.as_str().to_owned(), id);
        self.pending.push((id, at.clone()));
        // Keep a placeholder so the name is known before the body is lowered.
        self.types.insert(
            id,
            TypeDef {
                pointer: at.as_str().to_owned(),
                wire_name: name.to_owned(),
                rust_name: String::new(),
                description: None,
                deprecated: false,
                kind: TypeKind::Alias(Ty::Json),
            },
        );
        id
    }

    /// Ids follow the order types are met in, which is the document order.
    fn next_id(&self) -> TypeId {
        TypeId(self.types.keys().next_back().map_or(0, |id| id.0 + 1))
    }

    fn add_inline(&mut self, at: &Pointer, name: &str, kind: TypeKind, schema: &Schema) -> TypeId {
        let id = self.next_id();
        self.types.insert(
            id,
            TypeDef {
                pointer: at.as_str().to_owned(),
                wire_name: name.to_owned(),
                rust_name: String::new(),
                description: describe(schema),
                deprecated: schema.schema_data.deprecated,
                kind,
            },
        );
        id
    }

    /// Lowers a registered (`$ref`-able) schema into its placeholder.
    pub(super) fn lower_named(&mut self, id: TypeId, at: &Pointer) -> Result<(), Error> {
        let parsed;
        let schema = match self.typed_schemas.get(&id) {
            Some(schema) => *schema,
            None => {
                let value = resolve_pointer(self.raw, at.as_str())
                    .ok_or_else(|| self.err(at, "unresolvable $ref: no such node"))?;
                parsed = match <ReferenceOr<Schema> as serde::Deserialize>::deserialize(value) {
                    Ok(s) => s,
                    Err(e) => {
                        self.warn(
                            at,
                            format!("schema not understood ({e}); it is a JSON value"),
                        );
                        return Ok(());
                    }
                };
                &parsed
            }
        };
        let name = self
            .types
            .get(&id)
            .map(|t| t.wire_name.clone())
            .unwrap_or_default();
        let (kind, description, deprecated) = match schema {
            ReferenceOr::Reference { .. } => (
                TypeKind::Alias(self.schema(schema, &name, at)?),
                self.ref_description(at),
                false,
            ),
            ReferenceOr::Item(s) => (
                self.type_kind(s, &name, at)?,
                describe(&typed(s)),
                s.schema_data.deprecated,
            ),
        };
        if let Some(def) = self.types.get_mut(&id) {
            def.kind = kind;
            def.description = description;
            def.deprecated = deprecated;
        }
        Ok(())
    }

    /// The `description` written next to a `$ref` (3.1 allows it; in 3.0
    /// documents it is common too), as documentation of its use.
    pub(super) fn ref_description(&self, at: &Pointer) -> Option<String> {
        resolve_pointer(self.raw, at.as_str())
            .and_then(|v| v.get("description"))
            .and_then(|d| d.as_str())
            .map(str::to_owned)
    }

    // ---- schemas -------------------------------------------------------

    /// The Rust type for a schema in use position (field, parameter, body).
    pub(super) fn schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(s) => self.inline_schema(s, hint, at),
        }
    }

    pub(super) fn boxed_schema(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, at),
            ReferenceOr::Item(s) => self.inline_schema(s, hint, at),
        }
    }

    fn schema_ref(&mut self, reference: &str, at: &Pointer) -> Result<Ty, Error> {
        if reference.contains("://") {
            self.warn(
                at,
                format!("remote $ref `{reference}` is not fetched; the value is JSON"),
            );
            return Ok(Ty::Json);
        }
        let target = self.ref_target(reference, at)?;
        let Some(value) = resolve_pointer(self.raw, reference) else {
            return Err(self.err(at, format!("unresolvable $ref `{reference}`: no such node")));
        };
        let tokens = target.tokens();
        if tokens.len() >= 2 && tokens[0] == "components" && tokens[1] != "schemas" {
            self.warn(
                at,
                format!(
                    "schema `$ref` `{reference}` points at {}, not at a schema; the value is JSON",
                    tokens[1]
                ),
            );
            return Ok(Ty::Json);
        }
        let nullable = value
            .get("nullable")
            .and_then(|n| n.as_bool())
            .unwrap_or(false);
        let name = target
            .tokens()
            .last()
            .cloned()
            .unwrap_or_else(|| "Root".to_owned());
        let id = self.register(&target, &name);
        let ty = Ty::Named(id);
        Ok(if nullable {
            Ty::Option(Box::new(ty))
        } else {
            ty
        })
    }

    fn inline_schema(&mut self, s: &Schema, hint: &str, at: &Pointer) -> Result<Ty, Error> {
        let s = &*typed(s);
        let ty = self.inline_schema_inner(s, hint, at)?;
        Ok(if s.schema_data.nullable && !ty.is_option() {
            Ty::Option(Box::new(ty))
        } else {
            ty
        })
    }

    fn inline_schema_inner(&mut self, s: &Schema, hint: &str, at: &Pointer) -> Result<Ty, Error> {
        Ok(match &s.schema_kind {
            SchemaKind::Any(any) if is_untyped_string_enum(any) => {
                let kind = self.type_kind(s, hint, at)?;
                let ty = Ty::Named(self.add_inline(at, hint, kind, s));
                if enum_allows_null(s) {
                    Ty::Option(Box::new(ty))
                } else {
                    ty
                }
            }
            SchemaKind::Type(Type::String(st)) => {
                if !st.enumeration.is_empty() {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                } else {
                    string_type(&st.format)
                }
            }
            SchemaKind::Type(Type::Integer(it)) => integer_type(&it.format),
            SchemaKind::Type(Type::Number(nt)) => {
                if matches!(&nt.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal") {
                    self.warn(at, "`format: decimal` is read as f64, which may round it");
                }
                number_type(&nt.format)
            }
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(arr)) => {
                let item = match &arr.items {
                    Some(items) => {
                        self.boxed_schema(items, &format!("{hint}_item"), &at.push("items"))?
                    }
                    None => Ty::Json,
                };
                Ty::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(obj)) => {
                if obj.properties.is_empty() {
                    match &obj.additional_properties {
                        Some(AdditionalProperties::Schema(value)) => {
                            let v = self.schema(
                                value,
                                &format!("{hint}_value"),
                                &at.push("additionalProperties"),
                            )?;
                            Ty::Map(Box::new(v))
                        }
                        _ => Ty::Json,
                    }
                } else {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                }
            }
            SchemaKind::AllOf { all_of } => match typed::only_part(all_of) {
                // One part, or one with parts that only annotate it.
                Some((i, nullable)) => {
                    let ty = self.schema(&all_of[i], hint, &at.push("allOf").push(i))?;
                    if nullable && !ty.is_option() {
                        Ty::Option(Box::new(ty))
                    } else {
                        ty
                    }
                }
                None => {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                }
            },
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
                if members.len() == 1 =>
            {
                let key = if matches!(s.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.schema(&members[0], hint, &at.push(key).push(0))?
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
                if members.is_empty() =>
            {
                Ty::Json
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                let kind = self.type_kind(s, hint, at)?;
                Ty::Named(self.add_inline(at, hint, kind, s))
            }
            SchemaKind::Not { .. } => {
                self.warn(at, "`not` is represented as a JSON value");
                Ty::Json
            }
            // `{type: string, enum: [], allOf: [{$ref: X}]}` (Discord): a
            // scalar `type` next to one `allOf` part is that part, which says
            // what the value is; merging it as an object gave an empty struct.
            SchemaKind::Any(any) if is_scalar_all_of_one(any) => {
                self.schema(&any.all_of[0], hint, &at.push("allOf").push(0))?
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                {
                    let kind = self.type_kind(s, hint, at)?;
                    Ty::Named(self.add_inline(at, hint, kind, s))
                } else if let Some(AdditionalProperties::Schema(value)) = &any.additional_properties
                {
                    // An object without `type: object`, as many specs write it.
                    let v = self.schema(
                        value,
                        &format!("{hint}_value"),
                        &at.push("additionalProperties"),
                    )?;
                    Ty::Map(Box::new(v))
                } else {
                    if let Some(reason) = typed::untyped_reason(s) {
                        self.warn(at, format!("{reason}; the value is JSON"));
                    }
                    Ty::Json
                }
            }
        })
    }

    /// The definition of a schema that becomes a named Rust type.
    fn type_kind(&mut self, s: &Schema, name: &str, at: &Pointer) -> Result<TypeKind, Error> {
        let required_sets = typed::required_sets(&typed(s));
        let mut kind = self.type_kind_inner(s, name, at)?;
        if let (TypeKind::Struct(st), Some(sets)) = (&mut kind, required_sets) {
            // Only sets of properties the struct has can be checked.
            let known = sets
                .sets
                .iter()
                .flat_map(|set| &set.required)
                .all(|r| st.fields.iter().any(|f| &f.wire_name == r));
            if known {
                st.required_sets = Some(sets);
            }
        }
        Ok(kind)
    }

    fn type_kind_inner(&mut self, s: &Schema, name: &str, at: &Pointer) -> Result<TypeKind, Error> {
        let s = &*typed(s);
        if let Some(values) = string_enum(s) {
            let variants = values
                .into_iter()
                .map(|v| EnumVariant {
                    wire_value: v,
                    rust_name: String::new(),
                })
                .collect();
            return Ok(TypeKind::Enum(Enum { variants }));
        }
        Ok(match &s.schema_kind {
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                let mut st = self.fields(&obj.properties, &obj.required, name, at)?;
                st.additional = self.additional(&obj.additional_properties, name, at)?;
                TypeKind::Struct(st)
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty() =>
            {
                let mut st = self.fields(&any.properties, &any.required, name, at)?;
                st.additional = self.additional(&any.additional_properties, name, at)?;
                TypeKind::Struct(st)
            }
            // `allOf: [{$ref: X}, {nullable: true}]` is `X` (a named
            // `allOf` of one part stays a struct of its own).
            SchemaKind::AllOf { all_of }
                if all_of.len() > 1 && typed::only_part(all_of).is_some() =>
            {
                TypeKind::Alias(self.inline_schema(s, name, at)?)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, name, at)?,
            SchemaKind::Any(any) if is_scalar_all_of_one(any) => {
                TypeKind::Alias(self.inline_schema(s, name, at)?)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => self.all_of(&any.all_of, name, at)?,
            SchemaKind::OneOf { one_of } => self.one_of(one_of, "oneOf", s, name, at)?,
            SchemaKind::AnyOf { any_of } => self.one_of(any_of, "anyOf", s, name, at)?,
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.one_of(&any.one_of, "oneOf", s, name, at)?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.one_of(&any.any_of, "anyOf", s, name, at)?
            }
            _ => {
                let ty = self.inline_schema(s, name, at)?;
                TypeKind::Alias(ty)
            }
        })
    }

    /// Extra properties of a struct: `additionalProperties` with a schema or
    /// `true` keeps them in a map; absent or `false` drops them.
    fn additional(
        &mut self,
        additional: &Option<AdditionalProperties>,
        name: &str,
        at: &Pointer,
    ) -> Result<Option<Ty>, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(schema)) => Some(self.schema(
                schema,
                &format!("{name}_additional"),
                &at.push("additionalProperties"),
            )?),
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        })
    }
}

/// The value a part header always has: its schema's `default`, or the one
/// value of its `enum`.
pub(super) fn fixed_header_value(header: &openapiv3::Header) -> Option<String> {
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &header.format
    else {
        return None;
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
            s.enumeration.first().cloned().flatten()
        }
        SchemaKind::Any(any) if any.enumeration.len() == 1 => {
            any.enumeration.first().and_then(text)
        }
        _ => None,
    }
}

/// `ty` with references to `to` replaced by a JSON value.
pub(super) fn cut_reference(ty: &Ty, to: TypeId) -> Ty {
    ty.map_leaf(|leaf| match leaf {
        Ty::Named(id) if *id == to => Ty::Json,
        other => other.clone(),
    })
}

/// A word for an inline alternative's type, used to name its variant.
pub(super) fn type_word(s: &Schema) -> &'static str {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => "Variant",
    }
}

pub(super) fn is_null_schema(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Any(any) if any.typ.as_deref() == Some("null"))
}

pub(super) fn merge_fields(into: &mut Struct, from: Struct) {
    for field in from.fields {
        if let Some(existing) = into
            .fields
            .iter_mut()
            .find(|f| f.wire_name == field.wire_name)
        {
            existing.required |= field.required;
        } else {
            into.fields.push(field);
        }
    }
}

/// The values of a string enum: `type: string` with `enum`, or an untyped
/// schema (3.1 `const`, or `enum` without `type`) whose values are all
/// strings, `null` aside.
fn string_enum(s: &Schema) -> Option<Vec<String>> {
    string_enum_values(s).map(|values| {
        // A value listed twice is one variant.
        let mut seen = BTreeSet::new();
        values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .collect()
    })
}

fn string_enum_values(s: &Schema) -> Option<Vec<String>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
            Some(st.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Any(any) if is_untyped_string_enum(any) => Some(
            any.enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        ),
        _ => None,
    }
}

/// An untyped schema whose `enum` (or 3.1 `const`) lists strings only,
/// `null` aside.
fn is_untyped_string_enum(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.enumeration.iter().any(|v| v.is_string())
        && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
}

/// A schema's description; for an enum that is not typed as a string enum
/// (integers, mixed values), the allowed values are listed after it.
pub(super) fn describe(s: &Schema) -> Option<String> {
    let description = s.schema_data.description.clone();
    let values: &[serde_json::Value] = match &s.schema_kind {
        SchemaKind::Any(any) if !is_untyped_string_enum(any) => &any.enumeration,
        _ => &[],
    };
    let listed: Vec<String> = match &s.schema_kind {
        SchemaKind::Type(Type::Integer(it)) => it
            .enumeration
            .iter()
            .flatten()
            .map(|v| format!("`{v}`"))
            .collect(),
        SchemaKind::Type(Type::Number(nt)) => nt
            .enumeration
            .iter()
            .flatten()
            .map(|v| format!("`{v}`"))
            .collect(),
        _ => values.iter().map(|v| format!("`{v}`")).collect(),
    };
    if listed.is_empty() {
        return description;
    }
    const SHOWN: usize = 40;
    let more = listed.len().saturating_sub(SHOWN);
    let mut line = format!(
        "Allowed values: {}",
        listed[..listed.len().min(SHOWN)].join(", ")
    );
    line.push_str(&if more > 0 {
        format!(" and {more} more.")
    } else {
        ".".to_owned()
    });
    Some(match description {
        Some(d) => format!("{d}\n\n{line}"),
        None => line,
    })
}

/// Whether an untyped enum lists `null` among its values.
fn enum_allows_null(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Any(any) if any.enumeration.iter().any(|v| v.is_null()))
}

pub(super) fn constraints(s: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            c.min_length = st.min_length;
            c.max_length = st.max_length;
        }
        SchemaKind::Type(Type::Array(arr)) => {
            c.min_items = arr.min_items;
            c.max_items = arr.max_items;
            if let Some(ReferenceOr::Item(item)) = &arr.items {
                let inner = constraints(&typed(item));
                if !inner.is_empty() {
                    c.items = Some(Box::new(inner));
                }
            }
        }
        SchemaKind::Type(Type::Integer(it)) => {
            // The bounds of `i64` itself (specs write them to say "any
            // 64-bit integer") limit nothing.
            c.minimum = it.minimum.filter(|&m| m != i64::MIN).map(|m| m as f64);
            c.maximum = it.maximum.filter(|&m| m != i64::MAX).map(|m| m as f64);
        }
        SchemaKind::Type(Type::Number(nt)) => {
            c.minimum = nt.minimum;
            c.maximum = nt.maximum;
        }
        _ => {}
    }
    c
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Bytes,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
        _ => Ty::String,
    }
}

fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Ty {
    Ty::Int(match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int8" => IntKind::I8,
            "int16" => IntKind::I16,
            "uint8" => IntKind::U8,
            "uint16" => IntKind::U16,
            "uint32" => IntKind::U32,
            "uint64" | "uint" => IntKind::U64,
            _ => IntKind::I64,
        },
        _ => IntKind::I64,
    })
}

fn number_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Ty {
    Ty::Float(match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => FloatKind::F32,
        _ => FloatKind::F64,
    })
}

/// Response headers are parsed from text: keep simple types, use strings for
/// the rest.
pub(super) fn header_type(ty: Ty) -> Ty {
    match ty.strip_option() {
        t @ (Ty::String
        | Ty::Bool
        | Ty::Int(_)
        | Ty::Float(_)
        | Ty::Uuid
        | Ty::DateTime
        | Ty::Date) => t.clone(),
        _ => Ty::String,
    }
}

/// The tags of an inline `oneOf` alternative, which a discriminator's
/// mapping cannot name: the values its discriminator property allows
/// (`const`, or an `enum` of strings).
pub(super) fn inline_tags(item: &Schema, property: &str) -> Vec<String> {
    let item = typed(item);
    let SchemaKind::Type(Type::Object(object)) = &item.schema_kind else {
        return Vec::new();
    };
    let Some(ReferenceOr::Item(p)) = object.properties.get(property) else {
        return Vec::new();
    };
    match &typed(p).schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        _ => Vec::new(),
    }
}

/// An untyped schema that names a type other than `object` (or `null`):
/// it is not an object, whatever else it says.
pub(super) fn is_scalar(any: &openapiv3::AnySchema) -> bool {
    matches!(any.typ.as_deref(), Some(t) if t != "object" && t != "null")
}

/// A scalar `type` with one `allOf` part and nothing that would make it an
/// object or a union of its own.
fn is_scalar_all_of_one(any: &openapiv3::AnySchema) -> bool {
    is_scalar(any)
        && any.all_of.len() == 1
        && any.properties.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
}
