//! Schemas that `openapiv3` reads as untyped, or as a union, although they
//! say what type their values have. Lowering reads every schema through
//! [`typed`] first.
//!
//! `openapiv3` turns a schema into `SchemaKind::Type` only when every keyword
//! in it belongs to its `type`; one keyword of another type and the schema is
//! `SchemaKind::Any`, which lowering can only make a JSON value. Real specs
//! write such keywords often: Kubernetes puts `uniqueItems: true` on every
//! string, integer and boolean parameter, other specs put `minLength` on
//! integers. JSON Schema applies a keyword only to values of its own type, so
//! `{type: string, uniqueItems: true}` means exactly `{type: string}`.
//! The other shapes read here are listed at [`typed`].

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType,
    ReferenceOr, Schema, SchemaKind, StringType, Type,
};
use serde_json::Value;
use std::borrow::Cow;

/// `s` read as the typed schema it means, where `openapiv3` did not:
/// * a schema with keywords of other types than its `type`, without them;
/// * `{items: X}` without `type: array`, as an array;
/// * a `oneOf` of single values, as an enum (see [`value_union`]);
/// * an object whose `oneOf`/`anyOf` only lists required properties, without
///   it (see [`without_required_alternatives`]).
///
/// Anything else is returned as is: other schemas without a `type` or with
/// `allOf`/`oneOf`/`anyOf`/`not`, and schemas whose keywords of their own
/// type cannot be read as that type (see [`untyped_reason`]).
pub(super) fn typed(s: &Schema) -> Cow<'_, Schema> {
    if let Some(union) = value_union(s) {
        return Cow::Owned(union);
    }
    let SchemaKind::Any(any) = &s.schema_kind else {
        return Cow::Borrowed(s);
    };
    if let Some(plain) = without_required_alternatives(any) {
        let schema_kind = match as_type(&plain) {
            Ok(ty) => SchemaKind::Type(ty),
            Err(_) => SchemaKind::Any(plain),
        };
        let mut schema_data = s.schema_data.clone();
        // What was dropped, for the checks before sending.
        if let Some(sets) = required_sets_of(any) {
            if let Ok(value) = serde_json::to_value(sets) {
                schema_data
                    .extensions
                    .insert(EXT_REQUIRED_SETS.to_owned(), value);
            }
        }
        return Cow::Owned(Schema {
            schema_data,
            schema_kind,
        });
    }
    match as_type(any) {
        Ok(ty) => Cow::Owned(Schema {
            schema_data: s.schema_data.clone(),
            schema_kind: SchemaKind::Type(ty),
        }),
        Err(_) => Cow::Borrowed(s),
    }
}

/// Why an untyped schema that names a scalar or array `type` stays a JSON
/// value, for the diagnostic; `None` when it is not such a schema.
pub(super) fn untyped_reason(s: &Schema) -> Option<String> {
    let SchemaKind::Any(any) = &s.schema_kind else {
        return None;
    };
    match any.typ.as_deref() {
        None | Some("null") | Some("object") => None,
        Some(_) => as_type(any).err().flatten(),
    }
}

/// The typed reading of `any`. `Err(None)`: it is not a schema of one type
/// (no `type`, or composition keywords). `Err(Some(reason))`: it names a
/// type but its own keywords contradict it.
fn as_type(any: &AnySchema) -> Result<Type, Option<String>> {
    let Some(typ) = any.typ.as_deref() else {
        return untyped_array(any).ok_or(None);
    };
    if !any.all_of.is_empty()
        || !any.one_of.is_empty()
        || !any.any_of.is_empty()
        || any.not.is_some()
    {
        return Err(None);
    }
    Ok(match typ {
        "string" => Type::String(StringType {
            format: any.format.clone().into(),
            pattern: any.pattern.clone(),
            enumeration: enum_values(typ, &any.enumeration, |v| v.as_str().map(str::to_owned))?,
            min_length: any.min_length,
            max_length: any.max_length,
        }),
        "integer" => Type::Integer(IntegerType {
            format: any.format.clone().into(),
            multiple_of: integral(typ, "multipleOf", any.multiple_of)?,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            minimum: integral(typ, "minimum", any.minimum)?,
            maximum: integral(typ, "maximum", any.maximum)?,
            enumeration: enum_values(typ, &any.enumeration, as_integer)?,
        }),
        "number" => Type::Number(NumberType {
            format: any.format.clone().into(),
            multiple_of: any.multiple_of,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            minimum: any.minimum,
            maximum: any.maximum,
            enumeration: enum_values(typ, &any.enumeration, Value::as_f64)?,
        }),
        "boolean" => Type::Boolean(BooleanType {
            enumeration: enum_values(typ, &any.enumeration, Value::as_bool)?,
        }),
        "array" => Type::Array(ArrayType {
            items: any.items.clone(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or(false),
        }),
        // An `enum` of objects has no typed form; `openapiv3` keeps it as
        // an untyped schema and so does this.
        "object" if !any.enumeration.is_empty() => return Err(None),
        "object" => Type::Object(ObjectType {
            properties: any.properties.clone(),
            required: any.required.clone(),
            additional_properties: any.additional_properties.clone(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        }),
        other => return Err(Some(format!("`type: {other}` is not a JSON Schema type"))),
    })
}

/// `{items: X}` without `type: array`, as specs write arrays (an object
/// without `type: object` is read the same way in lowering). Only `items`
/// and the array keywords may be there.
fn untyped_array(any: &AnySchema) -> Option<Type> {
    let items = any.items.as_ref()?;
    let array_only = AnySchema {
        items: None,
        min_items: None,
        max_items: None,
        unique_items: None,
        ..any.clone()
    };
    (array_only == AnySchema::default()).then(|| {
        Type::Array(ArrayType {
            items: Some(items.clone()),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or(false),
        })
    })
}

/// An `enum` read as values of `typ` (`null` is allowed next to them).
fn enum_values<T>(
    typ: &str,
    values: &[Value],
    read: impl Fn(&Value) -> Option<T>,
) -> Result<Vec<Option<T>>, Option<String>> {
    values
        .iter()
        .map(|v| match v {
            Value::Null => Ok(None),
            v => read(v).map(Some).ok_or_else(|| {
                Some(format!(
                    "its `enum` lists `{v}`, which is not a value of `type: {typ}`"
                ))
            }),
        })
        .collect()
}

/// An integer (`3` or `3.0`).
fn as_integer(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().and_then(float_integer))
}

/// A float that is a whole number, as an `i64`. Specs write the `i64` range
/// as floats (`minimum: -9.223372036854776e18`), which round just past it:
/// those saturate to the `i64` bounds.
fn float_integer(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0).then_some(f as i64)
}

/// A bound of an integer schema, which must be an integer itself.
fn integral(typ: &str, keyword: &str, value: Option<f64>) -> Result<Option<i64>, Option<String>> {
    match value {
        None => Ok(None),
        Some(f) => float_integer(f).map(Some).ok_or_else(|| {
            Some(format!(
                "its `{keyword}` ({f}) is not an integer, as `type: {typ}` needs"
            ))
        }),
    }
}

/// The one part of an `allOf` that says what the value is, when every other
/// part only annotates it: `allOf: [{$ref: X}, {nullable: true}]` is how
/// OpenAPI 3.0 writes a nullable reference (3.0 ignores `$ref` siblings).
/// Returns the part's index and whether an annotation makes it nullable.
pub(super) fn only_part(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, bool)> {
    let mut only = None;
    let mut nullable = false;
    for (i, part) in all_of.iter().enumerate() {
        match part {
            ReferenceOr::Item(s) if annotates_only(s) => nullable |= s.schema_data.nullable,
            _ if only.is_some() => return None,
            _ => only = Some(i),
        }
    }
    only.map(|i| (i, nullable))
}

/// A schema that constrains nothing: `{nullable: true}`, `{description: …}`.
fn annotates_only(s: &Schema) -> bool {
    s.schema_data.discriminator.is_none()
        && matches!(&s.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
}

/// `{type: object, properties: {}, additionalProperties: false}`: only `{}`.
pub(super) fn admits_only_empty_object(s: &Schema) -> bool {
    matches!(
        &typed(s).schema_kind,
        SchemaKind::Type(Type::Object(obj))
            if obj.properties.is_empty()
                && matches!(obj.additional_properties, Some(AdditionalProperties::Any(false)))
    )
}

/// A `oneOf`/`anyOf` whose alternatives each allow one value (`const`, or an
/// `enum` of one) and only document it, as an enum of those values: Discord
/// writes its integer and string enums so (`type: integer, oneOf: [{title:
/// NONE, const: 0}, …]`), dropshot its documented string enums. As
/// alternatives they were untagged variants, the first of which accepted
/// every value. The alternatives' titles and descriptions are listed in the
/// description; a `null` alternative makes the schema nullable.
fn value_union(s: &Schema) -> Option<Schema> {
    let (members, typ, format) = match &s.schema_kind {
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            (members, None, None)
        }
        SchemaKind::Any(any) if is_flat(any) => {
            let members = match (any.one_of.is_empty(), any.any_of.is_empty()) {
                (false, true) => &any.one_of,
                (true, false) => &any.any_of,
                _ => return None,
            };
            let rest = AnySchema {
                typ: None,
                format: None,
                one_of: Vec::new(),
                any_of: Vec::new(),
                ..any.clone()
            };
            if rest != AnySchema::default() {
                return None;
            }
            (members, any.typ.as_deref(), any.format.clone())
        }
        _ => return None,
    };
    if members.len() < 2 {
        return None;
    }
    let mut values = Vec::new();
    let mut docs = Vec::new();
    let mut nullable = false;
    for member in members {
        let ReferenceOr::Item(m) = member else {
            return None;
        };
        let value = single_value(m)?;
        let data = &m.schema_data;
        if data.discriminator.is_some() {
            return None;
        }
        if value.is_null() {
            nullable = true;
            continue;
        }
        let title = data.title.as_deref().filter(|t| value.as_str() != Some(t));
        match (title, data.description.as_deref()) {
            (None, None) => {}
            (Some(t), None) => docs.push(format!("- `{value}`: {t}")),
            (None, Some(d)) => docs.push(format!("- `{value}`: {d}")),
            (Some(t), Some(d)) => docs.push(format!("- `{value}` ({t}): {d}")),
        }
        values.push(value);
    }
    let typ = match typ {
        Some(t) => t,
        None if values.iter().all(Value::is_string) => "string",
        None if values.iter().all(|v| as_integer(v).is_some()) => "integer",
        None if values.iter().all(Value::is_number) => "number",
        None => return None,
    };
    let any = AnySchema {
        typ: Some(typ.to_owned()),
        format,
        enumeration: values,
        ..AnySchema::default()
    };
    let ty = match as_type(&any) {
        Ok(ty @ (Type::String(_) | Type::Integer(_) | Type::Number(_))) => ty,
        _ => return None,
    };
    let mut schema_data = s.schema_data.clone();
    schema_data.nullable |= nullable;
    if !docs.is_empty() {
        let list = docs.join("\n");
        schema_data.description = Some(match schema_data.description.take() {
            Some(d) => format!("{d}\n\n{list}"),
            None => list,
        });
    }
    Some(Schema {
        schema_data,
        schema_kind: SchemaKind::Type(ty),
    })
}

/// The one value a schema allows, when it says nothing else about it.
fn single_value(s: &Schema) -> Option<Value> {
    let one = |values: Vec<Value>| match <[Value; 1]>::try_from(values) {
        Ok([v]) => Some(v),
        Err(_) => None,
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st))
            if st.pattern.is_none() && st.min_length.is_none() && st.max_length.is_none() =>
        {
            one(st
                .enumeration
                .iter()
                .map(|v| json_or_null(v.clone()))
                .collect())
        }
        SchemaKind::Type(Type::Integer(it)) => {
            one(it.enumeration.iter().map(|v| json_or_null(*v)).collect())
        }
        SchemaKind::Type(Type::Number(nt)) => {
            one(nt.enumeration.iter().map(|v| json_or_null(*v)).collect())
        }
        SchemaKind::Any(any) if is_flat(any) => {
            let rest = AnySchema {
                typ: None,
                enumeration: Vec::new(),
                ..any.clone()
            };
            if rest != AnySchema::default() {
                return None;
            }
            one(any.enumeration.clone())
        }
        _ => None,
    }
}

fn json_or_null<T: Into<Value>>(v: Option<T>) -> Value {
    v.map_or(Value::Null, Into::into)
}

/// No subschemas besides `oneOf`/`anyOf` (so cloning it is cheap).
fn is_flat(any: &AnySchema) -> bool {
    any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.all_of.is_empty()
        && any.not.is_none()
}

/// Where [`typed`] keeps the required sets it dropped (see
/// [`required_sets`]).
const EXT_REQUIRED_SETS: &str = "x-codegen-required-sets";

/// The sets of required properties of which one (or exactly one) must hold,
/// from a schema read through [`typed`].
pub(super) fn required_sets(s: &Schema) -> Option<crate::ir::RequiredSets> {
    let value = s.schema_data.extensions.get(EXT_REQUIRED_SETS)?;
    serde_json::from_value::<SetsJson>(value.clone())
        .ok()
        .map(|j| crate::ir::RequiredSets {
            exactly_one: j.exactly_one,
            sets: j
                .sets
                .into_iter()
                .map(|(required, empty)| crate::ir::RequiredSet { required, empty })
                .collect(),
        })
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SetsJson {
    exactly_one: bool,
    sets: Vec<(Vec<String>, bool)>,
}

/// The alternatives [`without_required_alternatives`] drops, as sets of
/// required properties to check before sending; `None` when one of them
/// says more than that.
fn required_sets_of(any: &AnySchema) -> Option<SetsJson> {
    use crate::ir::RequiredSet;
    let (exactly_one, alternatives) = if any.one_of.is_empty() {
        (false, &any.any_of)
    } else {
        (true, &any.one_of)
    };
    let mut sets = Vec::new();
    for member in alternatives {
        let ReferenceOr::Item(m) = member else {
            return None;
        };
        sets.push(match &m.schema_kind {
            // Alternatives that narrow properties are told apart by those
            // values, not by which properties are present: no sets.
            SchemaKind::Any(a) if !a.properties.is_empty() => return None,
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => return None,
            SchemaKind::Any(a) if a.not.is_none() => RequiredSet {
                required: a.required.clone(),
                empty: false,
            },
            SchemaKind::Type(Type::Object(o))
                if o.max_properties == Some(0) && o.required.is_empty() =>
            {
                RequiredSet {
                    required: Vec::new(),
                    empty: true,
                }
            }
            SchemaKind::Type(Type::Object(o))
                if o.max_properties.is_none() && o.min_properties.is_none() =>
            {
                RequiredSet {
                    required: o.required.clone(),
                    empty: false,
                }
            }
            _ => return None,
        });
    }
    Some(SetsJson {
        exactly_one,
        sets: sets.into_iter().map(|s| (s.required, s.empty)).collect(),
    })
}

/// An object with properties whose `oneOf`/`anyOf` alternatives only say
/// which of them are required (`anyOf: [{required: [a]}, {required: [b]}]`:
/// "at least one of `a` and `b`"), without those alternatives. As a union,
/// each alternative was a JSON value and the properties were lost (openai's
/// `ImageRefParam`, GitHub's `gists/update` body); as a struct every such
/// property is optional, which holds every valid value.
fn without_required_alternatives(any: &AnySchema) -> Option<AnySchema> {
    if any.properties.is_empty() || !any.all_of.is_empty() {
        return None;
    }
    let alternatives = match (any.one_of.is_empty(), any.any_of.is_empty()) {
        (false, true) => &any.one_of,
        (true, false) => &any.any_of,
        _ => return None,
    };
    // An alternative may also narrow properties the object declares
    // (GitHub's `checks/create`: `{properties: {status: {enum:
    // [completed]}}, required: [status, conclusion]}`): the object's own
    // properties still hold every valid value.
    let declared = |names: Vec<&String>| names.iter().all(|n| any.properties.contains_key(*n));
    let only_required = |member: &ReferenceOr<Schema>| match member {
        ReferenceOr::Item(m) => {
            m.schema_data.discriminator.is_none()
                && match &m.schema_kind {
                    SchemaKind::Any(a) => {
                        declared(a.properties.keys().collect())
                            && *a
                                == AnySchema {
                                    typ: a.typ.clone().filter(|t| t == "object"),
                                    required: a.required.clone(),
                                    not: a.not.clone(),
                                    properties: a.properties.clone(),
                                    additional_properties: a
                                        .additional_properties
                                        .clone()
                                        .filter(|_| !a.properties.is_empty()),
                                    ..AnySchema::default()
                                }
                    }
                    SchemaKind::Type(Type::Object(o)) => {
                        declared(o.properties.keys().collect())
                            && (!o.properties.is_empty() || o.additional_properties.is_none())
                    }
                    _ => false,
                }
        }
        ReferenceOr::Reference { .. } => false,
    };
    if !alternatives.iter().all(only_required) {
        return None;
    }
    Some(AnySchema {
        one_of: Vec::new(),
        any_of: Vec::new(),
        ..any.clone()
    })
}
