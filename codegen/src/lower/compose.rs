//! Composition: `oneOf`/`anyOf` (with discriminators and default
//! mappings), `allOf` merging, and breaking cycles of aliases.

use super::*;

impl Lowering<'_> {
    /// `oneOf`/`anyOf`: one variant per alternative; a discriminator's
    /// mapping decides the tags.
    pub(super) fn one_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        key: &str,
        s: &Schema,
        name: &str,
        at: &Pointer,
    ) -> Result<TypeKind, Error> {
        let discriminator = s.schema_data.discriminator.as_ref();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let m_at = at.push(key).push(i);
            let (wire_name, tags) = match member {
                ReferenceOr::Reference { reference } => {
                    let schema_name = reference.rsplit('/').next().unwrap_or("Variant").to_owned();
                    let mut tags: Vec<String> = discriminator
                        .map(|d| {
                            d.mapping
                                .iter()
                                .filter(|(_, target)| {
                                    *target == reference || **target == schema_name
                                })
                                .map(|(tag, _)| tag.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    if tags.is_empty() && discriminator.is_some() {
                        tags.push(schema_name.clone());
                    }
                    (schema_name, tags)
                }
                ReferenceOr::Item(item) => {
                    let described = item
                        .schema_data
                        .title
                        .clone()
                        .unwrap_or_else(|| type_word(&typed(item)).to_owned());
                    let tags = discriminator
                        .map(|d| inline_tags(item, &d.property_name))
                        .unwrap_or_default();
                    (described, tags)
                }
            };
            let ty = self.schema(member, &format!("{name}_{wire_name}"), &m_at)?;
            // `null` alternatives make the whole value nullable instead.
            if matches!(member, ReferenceOr::Item(item) if is_null_schema(item)) {
                continue;
            }
            variants.push(OneOfVariant {
                wire_name,
                rust_name: String::new(),
                ty,
                tags,
            });
        }
        let mut default = match discriminator.and_then(|d| d.extensions.get(EXT_DEFAULT_MAPPING)) {
            Some(target) => self.default_mapping(target, members, &mut variants, name, at)?,
            None => None,
        };
        // A discriminator no alternative gives a value for cannot tell them
        // apart: they are tried in order instead, as without one.
        let mut discriminator = discriminator;
        if let Some(d) = discriminator.filter(|_| variants.iter().all(|v| v.tags.is_empty())) {
            self.warn(
                &at.push("discriminator"),
                format!(
                    "no alternative gives a value of `{}`; the first alternative that decodes wins",
                    d.property_name
                ),
            );
            discriminator = None;
            default = None;
        }
        Ok(TypeKind::OneOf(OneOf {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            default,
        }))
    }

    /// The variant 3.2 `defaultMapping` names: a member of the `oneOf`, or
    /// else a variant of its own that only the default decodes to.
    fn default_mapping(
        &mut self,
        target: &serde_json::Value,
        members: &[ReferenceOr<Schema>],
        variants: &mut Vec<OneOfVariant>,
        name: &str,
        at: &Pointer,
    ) -> Result<Option<usize>, Error> {
        let at = at.push("discriminator").push("defaultMapping");
        let Some(target) = target.as_str() else {
            self.warn(
                &at,
                "`defaultMapping` is not a schema name or reference; ignored",
            );
            return Ok(None);
        };
        // A bare name means `#/components/schemas/{name}`.
        let reference = if target.contains('/') || target.starts_with('#') {
            target.to_owned()
        } else {
            format!("#/components/schemas/{target}")
        };
        let schema_name = reference.rsplit('/').next().unwrap_or("Default").to_owned();
        let member = members
            .iter()
            .position(|m| matches!(m, ReferenceOr::Reference { reference: r } if *r == reference));
        if member.is_some() {
            return Ok(variants.iter().position(|v| v.wire_name == schema_name));
        }
        if !reference.starts_with('#') || resolve_pointer(self.raw, &reference).is_none() {
            self.warn(
                &at,
                format!("`defaultMapping` `{target}` does not resolve in this document; ignored"),
            );
            return Ok(None);
        }
        let ty = self.schema(
            &ReferenceOr::Reference {
                reference: reference.clone(),
            },
            &format!("{name}_{schema_name}"),
            &at,
        )?;
        variants.push(OneOfVariant {
            wire_name: schema_name,
            rust_name: String::new(),
            ty,
            tags: Vec::new(),
        });
        Ok(Some(variants.len() - 1))
    }

    /// `allOf` of object schemas merges into one struct; anything else is a
    /// JSON value with a diagnostic.
    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        at: &Pointer,
    ) -> Result<TypeKind, Error> {
        if self.all_of_stack.iter().any(|p| p == at.as_str()) {
            return Err(self.err(
                at,
                format!(
                    "`allOf` cycle: this schema includes itself (through {})",
                    self.all_of_stack.join(" → ")
                ),
            ));
        }
        self.all_of_stack.push(at.as_str().to_owned());
        let merged = self.all_of_parts(parts, name, at);
        self.all_of_stack.pop();
        merged
    }

    fn all_of_parts(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        at: &Pointer,
    ) -> Result<TypeKind, Error> {
        let mut merged = Struct::default();
        for (i, part) in parts.iter().enumerate() {
            let p_at = at.push("allOf").push(i);
            let (schema, s_at) = self.resolve(part, &p_at, "schema")?;
            let (props, required) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(obj)) => (&obj.properties, &obj.required),
                SchemaKind::Any(any) if any.all_of.is_empty() && !is_scalar(any) => {
                    (&any.properties, &any.required)
                }
                SchemaKind::AllOf { all_of } => {
                    if let TypeKind::Struct(inner) = self.all_of(all_of, name, &s_at)? {
                        merge_fields(&mut merged, inner);
                    }
                    continue;
                }
                _ => {
                    self.warn(
                        &p_at,
                        "allOf part is not an object schema; the type is a JSON value",
                    );
                    return Ok(TypeKind::Alias(Ty::Json));
                }
            };
            let fields = self.fields(props, required, name, &s_at)?;
            merge_fields(&mut merged, fields);
        }
        Ok(TypeKind::Struct(merged))
    }

    /// A type alias may not reach itself through other aliases (`type A = B;
    /// type B = A;`, `type C = Vec<C>;`: rustc rejects both). One depth-first
    /// walk over the aliases finds the references that close a cycle: an
    /// alias that is a map becomes a struct holding the map; any other such
    /// reference is cut with a JSON value, with a diagnostic.
    pub(super) fn break_alias_cycles(&mut self) {
        let aliases: BTreeMap<TypeId, Vec<TypeId>> = self
            .types
            .iter()
            .filter_map(|(id, def)| match &def.kind {
                TypeKind::Alias(ty) => Some((*id, ty.named().into_iter().collect())),
                _ => None,
            })
            .collect();
        // 1: on the walk's path, 2: done.
        let mut state: BTreeMap<TypeId, u8> = BTreeMap::new();
        let mut closing: Vec<(TypeId, TypeId)> = Vec::new();
        for &root in aliases.keys() {
            if state.contains_key(&root) {
                continue;
            }
            state.insert(root, 1);
            let mut work = vec![(root, 0)];
            while let Some((node, next)) = work.pop() {
                let Some(&to) = aliases.get(&node).and_then(|s| s.get(next)) else {
                    state.insert(node, 2);
                    continue;
                };
                work.push((node, next + 1));
                if !aliases.contains_key(&to) {
                    continue;
                }
                match state.get(&to) {
                    None => {
                        state.insert(to, 1);
                        work.push((to, 0));
                    }
                    Some(1) => closing.push((node, to)),
                    Some(_) => {}
                }
            }
        }
        for (from, to) in closing {
            let Some(def) = self.types.get_mut(&from) else {
                continue;
            };
            let kind = match &def.kind {
                TypeKind::Alias(Ty::Map(value)) => TypeKind::Struct(Struct {
                    fields: Vec::new(),
                    additional: Some((**value).clone()),
                    required_sets: None,
                }),
                TypeKind::Alias(ty) => TypeKind::Alias(cut_reference(ty, to)),
                // Already made a struct for another cycle.
                _ => continue,
            };
            def.kind = kind;
            if matches!(def.kind, TypeKind::Alias(_)) {
                let at = Pointer::from_fragment(&def.pointer);
                self.warn(
                    &at,
                    "this schema is a `$ref`, array or map of itself; the self-reference is a JSON value",
                );
            }
        }
    }

    pub(super) fn fields(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        parent: &str,
        at: &Pointer,
    ) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        for (prop, schema) in properties {
            let f_at = at.push("properties").push(prop);
            let ty = self.boxed_schema(schema, &format!("{parent}_{prop}"), &f_at)?;
            let (description, deprecated, constraints) = match schema {
                ReferenceOr::Item(s) => {
                    let s = typed(s);
                    (describe(&s), s.schema_data.deprecated, constraints(&s))
                }
                ReferenceOr::Reference { .. } => {
                    (self.ref_description(&f_at), false, Constraints::default())
                }
            };
            fields.push(Field {
                wire_name: prop.clone(),
                rust_name: String::new(),
                ty,
                required: required.iter().any(|r| r == prop),
                description,
                deprecated,
                constraints,
                example: examples::example_at(self.raw, f_at.as_str()),
            });
        }
        Ok(Struct {
            fields,
            additional: None,
            required_sets: None,
        })
    }
}
