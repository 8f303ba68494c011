//! Serializing generated structs.

/// A generated struct being serialized. It makes the `Serializer` calls
/// serde's derive makes (`serialize_struct` with the number of fields
/// written, `serialize_field` per field and `skip_field` for an absent
/// optional one; `serialize_map` and entries for a struct with additional
/// properties), so every format sees the same thing; but the first error is
/// kept instead of returned at each field, and generated `Serialize` impls
/// are a list of calls without a `?` on each (see [`JsonObject`]).
#[doc(hidden)]
pub struct ObjectWriter<S: serde::Serializer> {
    state: Result<ObjectState<S>, S::Error>,
}

enum ObjectState<S: serde::Serializer> {
    Struct(S::SerializeStruct),
    Map(S::SerializeMap),
}

impl<S: serde::Serializer> ObjectWriter<S> {
    /// A struct named `name` of which `len` fields will be written.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Self {
        ObjectWriter {
            state: serializer
                .serialize_struct(name, len)
                .map(ObjectState::Struct),
        }
    }

    /// A struct with additional properties: written as a map.
    pub fn map(serializer: S) -> Self {
        ObjectWriter {
            state: serializer.serialize_map(None).map(ObjectState::Map),
        }
    }

    fn write<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: Option<&T>) {
        use serde::ser::{SerializeMap as _, SerializeStruct as _};
        let done = match (&mut self.state, value) {
            (Ok(ObjectState::Struct(s)), Some(value)) => s.serialize_field(key, value),
            (Ok(ObjectState::Struct(s)), None) => s.skip_field(key),
            (Ok(ObjectState::Map(m)), Some(value)) => m.serialize_entry(key, value),
            (Ok(ObjectState::Map(_)), None) | (Err(_), _) => Ok(()),
        };
        if let Err(e) = done {
            self.state = Err(e);
        }
    }

    /// A field that is always written.
    pub fn field<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.write(key, Some(value));
    }

    /// A field left out when it is `None`.
    pub fn optional<T: serde::Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.write(key, value.is_some().then_some(value));
    }

    /// The additional properties, each an entry of the map.
    pub fn rest<T: serde::Serialize>(&mut self, rest: &std::collections::BTreeMap<String, T>) {
        use serde::ser::SerializeMap as _;
        if let Ok(ObjectState::Map(m)) = &mut self.state {
            for (key, value) in rest {
                if let Err(e) = m.serialize_entry(key, value) {
                    self.state = Err(e);
                    return;
                }
            }
        }
    }

    pub fn end(self) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap as _, SerializeStruct as _};
        match self.state? {
            ObjectState::Struct(s) => s.end(),
            ObjectState::Map(m) => m.end(),
        }
    }
}
