//! Generated types' traits: string enums compare, hash and sort by their
//! wire value; structs' hand-written `Serialize` makes the very `Serializer`
//! calls serde's derive makes (so every format, not only JSON, sees the same
//! thing), and their `Deserialize` keeps the first error.

use generated_client::openai_chat::types::{
    ChatCompletionRequestMessageContentPartText, ChatCompletionRequestMessageContentPartTextType,
    PromptCacheBreakpointParam, PromptCacheBreakpointParamMode, ServiceTier,
};
use generated_client::runtime::{JsonObject, ObjectWriter};
use serde::ser::{Impossible, SerializeMap, SerializeStruct};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashSet};

#[test]
fn string_enums_round_trip_known_and_unknown_values() {
    for (value, wire) in [
        (ServiceTier::Flex, "flex"),
        (ServiceTier::UnknownValue("later".into()), "later"),
    ] {
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(json, json!(wire));
        assert_eq!(serde_json::from_value::<ServiceTier>(json).unwrap(), value);
        assert_eq!(ServiceTier::from(wire), value);
        assert_eq!(ServiceTier::from(wire.to_owned()), value);
        assert_eq!(value.to_string(), wire);
    }
    assert!(serde_json::from_value::<ServiceTier>(json!(3)).is_err());
    // Debug names the variant.
    assert_eq!(format!("{:?}", ServiceTier::Flex), "Flex");
    assert_eq!(
        format!("{:?}", ServiceTier::UnknownValue("later".into())),
        "UnknownValue(\"later\")"
    );
}

#[test]
fn string_enums_compare_hash_and_sort_by_wire_value() {
    // The same wire value is the same value, however it was built.
    assert_eq!(ServiceTier::UnknownValue("flex".into()), ServiceTier::Flex);
    assert_ne!(ServiceTier::Flex, ServiceTier::Scale);
    let set: HashSet<ServiceTier> = [
        ServiceTier::Flex,
        ServiceTier::UnknownValue("flex".into()),
        ServiceTier::Auto,
    ]
    .into_iter()
    .collect();
    assert_eq!(set.len(), 2);
    // Ordered as their wire strings are, unknown values among the others.
    let sorted: Vec<String> = [
        ServiceTier::Priority,
        ServiceTier::UnknownValue("later".into()),
        ServiceTier::Auto,
        ServiceTier::Flex,
    ]
    .into_iter()
    .collect::<BTreeSet<_>>()
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(sorted, ["auto", "flex", "later", "priority"]);
}

// ---------------------------------------------------------------------------
// A serializer that records the calls made on it
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a struct or map")
    }
}

impl std::error::Error for Unsupported {}

impl serde::ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// Records `serialize_struct`/`serialize_map` and the calls on them; each
/// value is recorded as its JSON.
struct Recorder<'a>(&'a mut Vec<String>);

fn json_of<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

macro_rules! unsupported {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), Unsupported> {
            Err(Unsupported)
        })*
    };
}

impl<'a> serde::Serializer for Recorder<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    unsupported! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self, Unsupported> {
        self.0.push(format!("map {len:?}"));
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self, Unsupported> {
        self.0.push(format!("struct {name} {len}"));
        Ok(self)
    }
}

impl SerializeStruct for Recorder<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.0.push(format!("field {key} = {}", json_of(value)));
        Ok(())
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Unsupported> {
        self.0.push(format!("skip {key}"));
        Ok(())
    }
    fn end(self) -> Result<(), Unsupported> {
        self.0.push("end".to_owned());
        Ok(())
    }
}

impl SerializeMap for Recorder<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.0.push(format!("key {}", json_of(key)));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.0.push(format!("value {}", json_of(value)));
        Ok(())
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), Unsupported> {
        self.0
            .push(format!("entry {} = {}", json_of(key), json_of(value)));
        Ok(())
    }
    fn end(self) -> Result<(), Unsupported> {
        self.0.push("end".to_owned());
        Ok(())
    }
}

fn calls<T: Serialize>(value: &T) -> Vec<String> {
    let mut out = Vec::new();
    value.serialize(Recorder(&mut out)).unwrap();
    out
}

// ---------------------------------------------------------------------------
// Structs
// ---------------------------------------------------------------------------

/// What the generator emitted before it wrote `Serialize` out: serde's
/// derive with the same names and attributes.
#[derive(Serialize)]
#[serde(rename = "ChatCompletionRequestMessageContentPartText")]
struct DerivedText {
    #[serde(rename = "type")]
    type_: ChatCompletionRequestMessageContentPartTextType,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_cache_breakpoint: Option<PromptCacheBreakpointParam>,
}

#[test]
fn struct_serialize_makes_the_calls_of_serdes_derive() {
    for breakpoint in [
        None,
        Some(PromptCacheBreakpointParam {
            mode: PromptCacheBreakpointParamMode::Explicit,
        }),
    ] {
        let generated = ChatCompletionRequestMessageContentPartText {
            type_: ChatCompletionRequestMessageContentPartTextType::Text,
            text: "hi".into(),
            prompt_cache_breakpoint: breakpoint.clone(),
        };
        let derived = DerivedText {
            type_: ChatCompletionRequestMessageContentPartTextType::Text,
            text: "hi".into(),
            prompt_cache_breakpoint: breakpoint,
        };
        assert_eq!(calls(&generated), calls(&derived));
        assert_eq!(
            serde_json::to_string(&generated).unwrap(),
            serde_json::to_string(&derived).unwrap()
        );
    }
    let none = ChatCompletionRequestMessageContentPartText {
        type_: ChatCompletionRequestMessageContentPartTextType::Text,
        text: "hi".into(),
        prompt_cache_breakpoint: None,
    };
    assert_eq!(
        calls(&none),
        [
            "struct ChatCompletionRequestMessageContentPartText 2",
            "field type = \"text\"",
            "field text = \"hi\"",
            "skip prompt_cache_breakpoint",
            "end",
        ]
    );
}

/// A struct with additional properties, written the way the generator
/// writes one (`ObjectWriter::map`), and serde's derive of the same.
struct Extensible {
    id: String,
    note: Option<String>,
    nullable: Option<i64>,
    additional_properties: BTreeMap<String, serde_json::Value>,
}

impl Serialize for Extensible {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = ObjectWriter::map(serializer);
        object.field("id", &self.id);
        object.optional("note", &self.note);
        object.field("nullable", &self.nullable);
        object.rest(&self.additional_properties);
        object.end()
    }
}

#[derive(Serialize)]
struct DerivedExtensible {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    nullable: Option<i64>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, serde_json::Value>,
}

#[test]
fn additional_properties_serialize_as_serdes_flatten() {
    let rest = BTreeMap::from([
        ("b".to_owned(), json!([1, 2])),
        ("a".to_owned(), json!({"x": null})),
    ]);
    for note in [None, Some("n".to_owned())] {
        let ours = Extensible {
            id: "1".into(),
            note: note.clone(),
            nullable: None,
            additional_properties: rest.clone(),
        };
        let derived = DerivedExtensible {
            id: "1".into(),
            note,
            nullable: None,
            additional_properties: rest.clone(),
        };
        assert_eq!(calls(&ours), calls(&derived));
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&derived).unwrap()
        );
    }
    let ours = Extensible {
        id: "1".into(),
        note: None,
        nullable: None,
        additional_properties: rest,
    };
    assert_eq!(
        serde_json::to_value(&ours).unwrap(),
        json!({"id": "1", "nullable": null, "a": {"x": null}, "b": [1, 2]})
    );
}

/// A failing serializer's first error is the one returned, and nothing is
/// written after it.
#[test]
fn struct_serialize_stops_at_the_first_error() {
    struct FailsAt(&'static str);
    impl Serialize for FailsAt {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom(self.0))
        }
    }
    struct Two;
    impl Serialize for Two {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = ObjectWriter::new(serializer, "Two", 3);
            object.field("a", &1);
            object.field("b", &FailsAt("first"));
            object.field("c", &FailsAt("second"));
            object.end()
        }
    }
    let err = serde_json::to_string(&Two).unwrap_err();
    assert_eq!(err.to_string(), "first");
}

/// Decoding keeps the first error in field order, whichever way the field
/// fails, and a later required field's absence does not hide it.
#[test]
fn struct_deserialize_reports_the_first_error() {
    struct Decoded {
        _a: i64,
        _b: Option<i64>,
        _c: i64,
    }
    impl<'de> serde::Deserialize<'de> for Decoded {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = JsonObject::new(deserializer, "Decoded")?;
            let (Some(a), b, Some(c)) = (
                object.required("a"),
                object.optional("b"),
                object.required("c"),
            ) else {
                return Err(object.error());
            };
            object.finish(Self {
                _a: a,
                _b: b,
                _c: c,
            })
        }
    }
    let err = |value| {
        serde_json::from_value::<Decoded>(value)
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(err(json!({"a": 1, "c": 3})), None);
    assert_eq!(err(json!({"a": 1, "b": null, "c": 3})), None);
    // A bad optional field fails the whole value, even with every
    // required one present.
    assert_eq!(
        err(json!({"a": 1, "b": "x", "c": 3})).as_deref(),
        Some("`b`: invalid type: string \"x\", expected i64")
    );
    assert_eq!(err(json!({"b": "x"})).as_deref(), Some("missing field `a`"));
    assert_eq!(
        err(json!({"a": 1, "b": "x"})).as_deref(),
        Some("`b`: invalid type: string \"x\", expected i64")
    );
    assert_eq!(err(json!({"a": 1})).as_deref(), Some("missing field `c`"));
}

// ---------------------------------------------------------------------------
// oneOf without a discriminator
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Leaf {
    leaf: i64,
}

/// Written the way the generator writes it (`FirstOf`).
#[derive(Debug, PartialEq)]
enum Ours {
    Integer(i64),
    Text(String),
    Leaf(Box<Leaf>),
    UnknownValue(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Ours {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(generated_client::runtime::FirstOf::new(deserializer)?
            .or(Self::Integer)
            .or(Self::Text)
            .or(|v| Self::Leaf(Box::new(v)))
            .or_else(Self::UnknownValue))
    }
}

/// What the generator emitted before: serde's `untagged` derive.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(untagged)]
enum Derived {
    Integer(i64),
    Text(String),
    Leaf(Box<Leaf>),
    UnknownValue(serde_json::Value),
}

#[test]
fn one_of_without_discriminator_picks_what_serdes_untagged_picks() {
    fn same(ours: Ours, derived: Derived) -> bool {
        match (ours, derived) {
            (Ours::Integer(a), Derived::Integer(b)) => a == b,
            (Ours::Text(a), Derived::Text(b)) => a == b,
            (Ours::Leaf(a), Derived::Leaf(b)) => a == b,
            (Ours::UnknownValue(a), Derived::UnknownValue(b)) => a == b,
            _ => false,
        }
    }
    for value in [
        json!(5),
        json!(-5),
        json!(5.5),
        json!(u64::MAX),
        json!("five"),
        json!({"leaf": 1}),
        json!({"leaf": "one"}),
        json!({"leaf": 1, "more": true}),
        json!([1, 2]),
        json!(null),
        json!(true),
    ] {
        let ours: Ours = serde_json::from_value(value.clone()).unwrap();
        let derived: Derived = serde_json::from_value(value.clone()).unwrap();
        let text = value.to_string();
        let ours_from_text: Ours = serde_json::from_str(&text).unwrap();
        assert_eq!(ours_from_text, ours, "{value}");
        assert!(same(ours, derived), "{value}");
    }
}
