//! Decoding generated structs and `oneOf`s.

/// A JSON object being decoded into a generated struct: each field is taken
/// out by its wire name; what is left over is the struct's additional
/// properties. Generated `Deserialize` impls are a few calls on this.
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
