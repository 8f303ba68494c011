//! Decoding generated structs (`object`, `Fields`), string enums
//! (`string_value`) and `oneOf`s (`FirstOf`).

/// A JSON object read whole into a `serde_json::Value`, each field then
/// taken out by its wire name; what is left over is the struct's additional
/// properties. Generated impls no longer use it (they read the entries as
/// they come, through `Fields`, which is about four times as fast and needs
/// a third of the memory); it stays for code written against it.
///
/// A field that is missing or does not decode reads as `None` and its error
/// is kept (the first one only); `finish` returns it. The generated code so
/// has no `?` per field: each `?` is an early return the compiler checks
/// on its own, and on large APIs those returns were most of the cost of
/// checking the generated crate.
#[doc(hidden)]
pub struct JsonObject<E> {
    fields: serde_json::Map<String, serde_json::Value>,
    error: Option<E>,
}

impl<E: serde::de::Error> JsonObject<E> {
    pub fn new<'de, D: serde::Deserializer<'de, Error = E>>(
        deserializer: D,
        type_name: &str,
    ) -> Result<Self, E> {
        match <serde_json::Value as serde::Deserialize>::deserialize(deserializer)? {
            serde_json::Value::Object(fields) => Ok(JsonObject {
                fields,
                error: None,
            }),
            other => Err(E::custom(format_args!(
                "expected a JSON object for `{type_name}`, found {}",
                json_kind(&other)
            ))),
        }
    }

    fn fail(&mut self, error: E) {
        self.error.get_or_insert(error);
    }

    /// A field that must be present (it may still be `null` when `T` is an
    /// `Option`): `None` when it is missing or does not decode.
    pub fn required<T: serde::de::DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        match self.fields.remove(key) {
            Some(value) if self.error.is_none() => match T::deserialize(value) {
                Ok(value) => Some(value),
                Err(e) => {
                    self.fail(E::custom(format_args!("`{key}`: {e}")));
                    None
                }
            },
            Some(_) => None,
            None => {
                self.fail(E::missing_field(key));
                None
            }
        }
    }

    /// A field that may be missing or `null`.
    #[inline]
    pub fn optional<T: serde::de::DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        let value = self.fields.remove(key)?;
        if self.error.is_some() {
            return None;
        }
        match <Option<T> as serde::Deserialize>::deserialize(value) {
            Ok(value) => value,
            Err(e) => {
                self.fail(E::custom(format_args!("`{key}`: {e}")));
                None
            }
        }
    }

    /// The fields no other call took.
    #[inline]
    pub fn rest<T: serde::de::DeserializeOwned>(
        &mut self,
    ) -> std::collections::BTreeMap<String, T> {
        let mut rest = std::collections::BTreeMap::new();
        for (key, value) in std::mem::take(&mut self.fields) {
            if self.error.is_some() {
                break;
            }
            match T::deserialize(value) {
                Ok(value) => {
                    rest.insert(key, value);
                }
                Err(e) => self.fail(E::custom(format_args!("`{key}`: {e}"))),
            }
        }
        rest
    }

    /// The error that left a required field `None`.
    pub fn error(self) -> E {
        self.error
            .unwrap_or_else(|| E::custom("a required field is missing"))
    }

    /// `value`, unless a field met an error.
    #[inline]
    pub fn finish<T>(self, value: T) -> Result<T, E> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A JSON value being decoded into a generated `oneOf` without a
/// discriminator: the first alternative it decodes as wins, else it is kept
/// whole. What serde's `untagged` derive does, in a chain of calls.
#[doc(hidden)]
pub struct FirstOf<T> {
    value: serde_json::Value,
    found: Option<T>,
}

impl<T> FirstOf<T> {
    pub fn new<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(FirstOf {
            value: <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?,
            found: None,
        })
    }

    /// The alternative `wrap` makes of a `V`, if none before matched and
    /// the value decodes as one.
    pub fn or<V: serde::de::DeserializeOwned>(mut self, wrap: impl FnOnce(V) -> T) -> Self {
        if self.found.is_none() {
            self.found = V::deserialize(&self.value).ok().map(wrap);
        }
        self
    }

    /// The alternative found, or the value kept whole.
    pub fn or_else(self, unknown: impl FnOnce(serde_json::Value) -> T) -> T {
        match self.found {
            Some(found) => found,
            None => unknown(self.value),
        }
    }
}

// ---------------------------------------------------------------------------
// Streaming decoding of generated structs
// ---------------------------------------------------------------------------

/// A key of a JSON object: borrowed from the input when it can be (the
/// bytes of a response hold most keys as they are), else owned.
#[doc(hidden)]
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated struct's decoding from the entries of a JSON object, as they
/// come (no intermediate `serde_json::Value`). `runtime::object` drives it.
#[doc(hidden)]
pub trait DecodeObject<'de>: Sized {
    fn decode<A: serde::de::MapAccess<'de>>(object: Fields<'de, A>) -> Result<Self, A::Error>;
}

/// Decodes a `T` from a JSON object: a generated struct's `Deserialize`.
/// Anything but an object is refused with the message the struct's name.
#[doc(hidden)]
pub fn object<'de, D, T>(deserializer: D, type_name: &'static str) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DecodeObject<'de>,
{
    deserializer.deserialize_any(ObjectVisitor {
        type_name,
        marker: std::marker::PhantomData,
    })
}

struct ObjectVisitor<T> {
    type_name: &'static str,
    marker: std::marker::PhantomData<fn() -> T>,
}

impl<T> ObjectVisitor<T> {
    fn not_an_object<E: serde::de::Error>(&self, found: &str) -> Result<T, E> {
        Err(E::custom(format_args!(
            "expected a JSON object for `{}`, found {found}",
            self.type_name
        )))
    }
}

impl<'de, T: DecodeObject<'de>> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a JSON object for `{}`", self.type_name)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(Fields {
            map,
            error: None,
            marker: std::marker::PhantomData,
        })
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        self.not_an_object("null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        self.not_an_object("null")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<T, E> {
        self.not_an_object("a boolean")
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<T, E> {
        self.not_an_object("a number")
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<T, E> {
        self.not_an_object("a number")
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<T, E> {
        self.not_an_object("a number")
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<T, E> {
        self.not_an_object("a string")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        self.not_an_object("an array")
    }
}

/// The entries of a JSON object being decoded into a generated struct.
/// Generated code reads the keys, matches each against the wire names and
/// hands the value to a typed slot; an unknown key's value is skipped (or
/// kept, for additional properties).
///
/// The first error (a bad value, with its field's name in front, or a
/// syntax error) is kept and ends the reading: `key` then says there is no
/// more. A required field that no entry filled is `missing_field`, unless
/// an error came first. The generated code so has no `?` per field: each
/// `?` is an early return the compiler checks on its own, and on large APIs
/// those returns were most of the cost of checking the generated crate.
#[doc(hidden)]
pub struct Fields<'de, A: serde::de::MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    marker: std::marker::PhantomData<fn() -> &'de ()>,
}

impl<'de, A: serde::de::MapAccess<'de>> Fields<'de, A> {
    /// The next key, or `None` at the end of the object or after an error.
    #[inline]
    pub fn key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key() {
            Ok(key) => key,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn fail(&mut self, key: &str, error: A::Error) {
        use serde::de::Error;
        self.error = Some(A::Error::custom(format_args!(
            "`{key}`: {}",
            Unplaced(&error)
        )));
    }

    /// The value of a field that must be there (it is then `Some`).
    #[inline]
    pub fn value<T: serde::Deserialize<'de>>(&mut self, key: &str, slot: &mut Option<T>) {
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(e) => self.fail(key, e),
        }
    }

    /// The value of a field that may be `null` (it is then `None`).
    pub fn optional<T: serde::Deserialize<'de>>(&mut self, key: &str, slot: &mut Option<T>) {
        match self.map.next_value() {
            Ok(value) => *slot = value,
            Err(e) => self.fail(key, e),
        }
    }

    /// The value of a key no field has: skipped.
    #[inline]
    pub fn skip(&mut self) {
        if let Err(e) = self.map.next_value::<serde::de::IgnoredAny>() {
            self.error = Some(e);
        }
    }

    /// The value of a key no field has, kept among the additional properties.
    pub fn rest<T: serde::Deserialize<'de>>(
        &mut self,
        key: Key<'de>,
        rest: &mut std::collections::BTreeMap<String, T>,
    ) {
        match self.map.next_value() {
            Ok(value) => {
                rest.insert(key.0.into_owned(), value);
            }
            Err(e) => self.fail(key.as_str(), e),
        }
    }

    /// The required fields at the end, each with whether an entry filled
    /// it: the first one missing is `missing_field`, unless an error came
    /// first.
    #[inline]
    pub fn require(&mut self, fields: &[(&'static str, bool)]) {
        if self.error.is_none() {
            if let Some((key, _)) = fields.iter().find(|(_, present)| !present) {
                self.error = Some(serde::de::Error::missing_field(key));
            }
        }
    }

    /// The error that left a required field `None`.
    pub fn error(self) -> A::Error {
        self.error
            .unwrap_or_else(|| serde::de::Error::custom("a required field is missing"))
    }

    /// `value`, unless an error came first.
    pub fn finish<T>(self, value: T) -> Result<T, A::Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }
}

/// An error's message without the position `serde_json` appends (`" at line
/// 3 column 7"`): the error of the outermost value gets that once.
struct Unplaced<'a, E>(&'a E);

impl<E: std::fmt::Display> std::fmt::Display for Unplaced<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.0.to_string();
        f.write_str(strip_position(&text))
    }
}

fn strip_position(text: &str) -> &str {
    let Some(at) = text.rfind(" at line ") else {
        return text;
    };
    let tail = &text[at + " at line ".len()..];
    let mut parts = tail.splitn(2, " column ");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (parts.next(), parts.next()) {
        (Some(line), Some(column)) if digits(line) && digits(column) => &text[..at],
        _ => text,
    }
}

/// A string enum's `Deserialize`: the string is matched where it lies
/// (`from`), so only a value the enum does not know is copied.
#[doc(hidden)]
pub fn string_value<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct StrVisitor<T>(fn(&str) -> T);
    impl<'de, T> serde::de::Visitor<'de> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(StrVisitor(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_borrowed_from_bytes_unless_escaped() {
        let borrowed: Key = serde_json::from_slice(br#""shortName""#).unwrap();
        assert!(matches!(
            borrowed.0,
            std::borrow::Cow::Borrowed("shortName")
        ));
        let escaped: Key = serde_json::from_slice(br#""short\u004eame""#).unwrap();
        assert!(matches!(&escaped.0, std::borrow::Cow::Owned(k) if k == "shortName"));
        let owned = <Key as serde::Deserialize>::deserialize(serde_json::json!("k")).unwrap();
        assert!(matches!(&owned.0, std::borrow::Cow::Owned(k) if k == "k"));
    }

    /// A struct decoded the way generated code decodes one.
    #[derive(Debug, PartialEq)]
    struct Pair {
        a: i64,
        b: Option<String>,
        rest: std::collections::BTreeMap<String, bool>,
    }

    impl<'de> DecodeObject<'de> for Pair {
        fn decode<A: serde::de::MapAccess<'de>>(
            mut object: Fields<'de, A>,
        ) -> Result<Self, A::Error> {
            let (mut a, mut b) = (None, None);
            let mut rest = std::collections::BTreeMap::new();
            while let Some(key) = object.key() {
                match key.as_str() {
                    "a" => object.value("a", &mut a),
                    "b" => object.optional("b", &mut b),
                    _ => object.rest(key, &mut rest),
                }
            }
            object.require(&[("a", a.is_some())]);
            let Some(a) = a else {
                return Err(object.error());
            };
            object.finish(Self { a, b, rest })
        }
    }

    impl<'de> serde::Deserialize<'de> for Pair {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer, "Pair")
        }
    }

    #[test]
    fn fields_fill_slots_keep_the_rest_and_stop_at_the_first_error() {
        let err = |text: &str| serde_json::from_str::<Pair>(text).unwrap_err().to_string();
        let pair: Pair =
            serde_json::from_str(r#"{"x": true, "a": 1, "b": null, "y": false}"#).unwrap();
        assert_eq!(pair.a, 1);
        assert_eq!(pair.b, None);
        assert_eq!(pair.rest.len(), 2);
        // The last of a repeated key wins, as in a `serde_json::Value`.
        let pair: Pair = serde_json::from_str(r#"{"a": 1, "b": "x", "a": 2}"#).unwrap();
        assert_eq!((pair.a, pair.b.as_deref()), (2, Some("x")));
        assert_eq!(
            err(r#"{"b": "x"}"#),
            "missing field `a` at line 1 column 10"
        );
        assert_eq!(
            err(r#"{"b": 5, "c": 1}"#),
            "`b`: invalid type: integer `5`, expected a string at line 1 column 7"
        );
        // The first bad value wins over a later one and over a missing field.
        assert_eq!(
            err(r#"{"c": 1, "b": 5}"#),
            "`c`: invalid type: integer `1`, expected a boolean at line 1 column 7"
        );
        assert_eq!(
            err("[1]"),
            "expected a JSON object for `Pair`, found an array at line 1 column 1"
        );
        assert_eq!(
            err(r#"{"a": 1"#),
            "EOF while parsing an object at line 1 column 7"
        );
    }

    #[test]
    fn positions_are_stripped_only_when_they_are_positions() {
        assert_eq!(strip_position("bad at line 3 column 7"), "bad");
        assert_eq!(strip_position("bad"), "bad");
        assert_eq!(
            strip_position("bad at line x column 7"),
            "bad at line x column 7"
        );
        assert_eq!(
            strip_position("bad at line 3 column"),
            "bad at line 3 column"
        );
        assert_eq!(
            strip_position("a at line 1 column 2 b"),
            "a at line 1 column 2 b"
        );
    }
}
