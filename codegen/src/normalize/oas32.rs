//! OpenAPI 3.2: the parts `openapiv3` has no place for, carried as
//! extensions lowering reads ([`super::keys`]).

use super::*;

impl Cx<'_> {
    /// Document-level 3.2 fields.
    pub(super) fn openapi32_root(&mut self, root: &mut Map<String, Value>) {
        let at = Pointer::root();
        if root.shift_remove("$self").is_some() {
            self.note(
                &at.push("$self"),
                "`$self` is not supported: references resolve against the file's own location; dropped",
            );
        }
    }

    /// 3.2 parameter locations and styles `openapiv3` does not read.
    pub(super) fn parameter32(&mut self, m: &mut Map<String, Value>, at: &Pointer) {
        match m.get("in").and_then(Value::as_str) {
            Some("querystring") => {
                m.insert("in".into(), "query".into());
                m.insert(EXT_QUERYSTRING.into(), true.into());
                for key in ["style", "explode", "allowReserved", "allowEmptyValue"] {
                    if m.shift_remove(key).is_some() {
                        self.note(
                            &at.push(key),
                            format!("`{key}` does not apply to `in: querystring`; ignored"),
                        );
                    }
                }
            }
            Some("cookie") if m.get("style").and_then(Value::as_str) == Some("cookie") => {
                m.shift_remove("style");
                self.note(
                    &at.push("style"),
                    "`style: cookie` is sent as `form` (values are percent-encoded)",
                );
            }
            _ => {}
        }
    }

    // ---- Schema Objects (3.1 and 2.0) ----------------------------------
}
