//! Form and multipart bodies, and `deepObject` values in the query: how each
//! property is written, from the request media type's `encoding` object.

use crate::*;

/// The `style` of one property of a form or multipart body.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// How arrays are written inside `deepObject` values, where OpenAPI leaves
/// it undefined.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArrayForm {
    /// Every item by its index: `a[0]=x`, `a[0][k]=v` (the default: one
    /// form for scalars and objects, read back as arrays by `qs`, PHP and
    /// Stripe).
    #[default]
    Indexed,
    /// Scalars with empty brackets, `a[]=x`; objects and arrays by index,
    /// `a[0][k]=v` (Stripe's documented form; Rack's and PHP's).
    Brackets,
}

/// One property's entry in a request media type's `encoding` object.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    pub name: &'static str,
    /// `contentType`: form values in this type (JSON text for a JSON type);
    /// the part's `Content-Type` in multipart.
    pub content_type: Option<&'static str>,
    /// `style`; `None`: not given (`form` in a form body; by the value's
    /// type in multipart).
    pub style: Option<FormStyle>,
    pub explode: bool,
    pub allow_reserved: bool,
    /// Headers of the part (multipart), with the values the spec fixes.
    pub headers: &'static [(&'static str, &'static str)],
}

impl Encoding {
    /// The defaults: no content type or style, `explode: true`.
    pub const fn new(name: &'static str) -> Self {
        Encoding {
            name,
            content_type: None,
            style: None,
            explode: true,
            allow_reserved: false,
            headers: &[],
        }
    }

    /// `style: deepObject, explode: true`.
    pub const fn deep(name: &'static str) -> Self {
        Encoding::new(name).style(FormStyle::DeepObject)
    }

    pub const fn content_type(mut self, content_type: &'static str) -> Self {
        self.content_type = Some(content_type);
        self
    }

    pub const fn style(mut self, style: FormStyle) -> Self {
        self.style = Some(style);
        self
    }

    pub const fn explode(mut self, explode: bool) -> Self {
        self.explode = explode;
        self
    }

    pub const fn allow_reserved(mut self, allow_reserved: bool) -> Self {
        self.allow_reserved = allow_reserved;
        self
    }

    pub const fn headers(mut self, headers: &'static [(&'static str, &'static str)]) -> Self {
        self.headers = headers;
        self
    }
}

const DEFAULT_ENCODING: Encoding = Encoding::new("");

fn encoding_of<'e>(encodings: &'e [Encoding], name: &str) -> &'e Encoding {
    encodings
        .iter()
        .find(|e| e.name == name)
        .unwrap_or(&DEFAULT_ENCODING)
}

/// One step of a form key below its property: `[name]`, `[0]` or `[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Name(String),
    Index(usize),
    Append,
}

/// One `key=value` pair of a form, before escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    pub(crate) name: String,
    pub(crate) steps: Vec<Step>,
    pub(crate) value: String,
    pub(crate) allow_reserved: bool,
}

impl Pair {
    fn new(name: impl Into<String>, value: String, allow_reserved: bool) -> Self {
        Pair {
            name: name.into(),
            steps: Vec::new(),
            value,
            allow_reserved,
        }
    }

    /// The key as text: `name[a][0][]`.
    pub(crate) fn key(&self) -> String {
        self.key_with(|s| s.to_owned())
    }

    fn key_with(&self, escape: impl Fn(&str) -> String) -> String {
        let mut key = escape(&self.name);
        for step in &self.steps {
            match step {
                Step::Name(n) => key.push_str(&format!("[{}]", escape(n))),
                Step::Index(i) => key.push_str(&format!("[{i}]")),
                Step::Append => key.push_str("[]"),
            }
        }
        key
    }

    /// `key=value` as `application/x-www-form-urlencoded` text: names and
    /// values escaped, the brackets `deepObject` adds written as they are.
    fn encoded(&self) -> String {
        let value = if self.allow_reserved {
            reserved_encode(&self.value)
        } else {
            form_encode(&self.value)
        };
        format!("{}={value}", self.key_with(form_encode))
    }
}

fn is_scalar(v: &serde_json::Value) -> bool {
    !matches!(
        v,
        serde_json::Value::Object(_) | serde_json::Value::Array(_)
    )
}

fn is_json_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// A value's JSON text, or a scalar's plain text.
fn text_of(v: &serde_json::Value) -> String {
    v.to_param()
}

/// `value` written as `deepObject` under `name`, nested to any depth.
pub(crate) fn deep_pairs(
    name: &str,
    value: &serde_json::Value,
    arrays: ArrayForm,
    allow_reserved: bool,
    out: &mut Vec<Pair>,
) {
    fn walk(
        name: &str,
        steps: &mut Vec<Step>,
        value: &serde_json::Value,
        arrays: ArrayForm,
        allow_reserved: bool,
        out: &mut Vec<Pair>,
    ) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    steps.push(Step::Name(k.clone()));
                    walk(name, steps, v, arrays, allow_reserved, out);
                    steps.pop();
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    steps.push(match arrays {
                        ArrayForm::Brackets if is_scalar(item) => Step::Append,
                        _ => Step::Index(i),
                    });
                    walk(name, steps, item, arrays, allow_reserved, out);
                    steps.pop();
                }
            }
            scalar => out.push(Pair {
                name: name.to_owned(),
                steps: steps.clone(),
                value: text_of(scalar),
                allow_reserved,
            }),
        }
    }
    walk(name, &mut Vec::new(), value, arrays, allow_reserved, out);
}

/// One property of a form as pairs, by its encoding.
pub(crate) fn property_pairs(
    name: &str,
    value: &serde_json::Value,
    encoding: &Encoding,
    arrays: ArrayForm,
    out: &mut Vec<Pair>,
) {
    let reserved = encoding.allow_reserved;
    if value.is_null() {
        return;
    }
    if let Some(content_type) = encoding.content_type {
        let text = if is_json_type(content_type) {
            value.to_string()
        } else {
            text_of(value)
        };
        out.push(Pair::new(name, text, reserved));
        return;
    }
    let style = encoding.style.unwrap_or(FormStyle::Form);
    let separator = match style {
        FormStyle::SpaceDelimited => " ",
        FormStyle::PipeDelimited => "|",
        FormStyle::Form | FormStyle::DeepObject => ",",
    };
    match value {
        _ if style == FormStyle::DeepObject => deep_pairs(name, value, arrays, reserved, out),
        serde_json::Value::Array(items) if encoding.explode => {
            for item in items {
                out.push(Pair::new(name, text_of(item), reserved));
            }
        }
        serde_json::Value::Object(map) if encoding.explode => {
            for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                out.push(Pair::new(k.clone(), text_of(v), reserved));
            }
        }
        serde_json::Value::Array(items) => {
            let joined = items.iter().map(text_of).collect::<Vec<_>>();
            out.push(Pair::new(name, joined.join(separator), reserved));
        }
        serde_json::Value::Object(map) => {
            let joined = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(|(k, v)| [k.clone(), text_of(v)])
                .collect::<Vec<_>>();
            out.push(Pair::new(name, joined.join(separator), reserved));
        }
        scalar => out.push(Pair::new(name, text_of(scalar), reserved)),
    }
}

/// A struct's properties as form pairs, each by its encoding.
pub(crate) fn form_pairs<T: serde::Serialize + ?Sized>(
    what: &str,
    body: &T,
    encodings: &[Encoding],
    arrays: ArrayForm,
) -> Result<Vec<Pair>, InvalidRequest> {
    let value = serde_json::to_value(body)
        .map_err(|e| InvalidRequest::new(what, format!("cannot be serialized: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(InvalidRequest::new(
            what,
            "form-encoded values must be objects",
        ));
    };
    let mut pairs = Vec::new();
    for (k, v) in &map {
        property_pairs(k, v, encoding_of(encodings, k), arrays, &mut pairs);
    }
    Ok(pairs)
}

/// `application/x-www-form-urlencoded` escaping: space as `+`.
pub(crate) fn form_encode(s: &str) -> String {
    const FORM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'*')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b' ');
    percent_encoding::utf8_percent_encode(s, FORM)
        .to_string()
        .replace(' ', "+")
}

/// `allowReserved`: RFC 3986's reserved characters are kept as they are.
fn reserved_encode(s: &str) -> String {
    const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b':')
        .remove(b'/')
        .remove(b'?')
        .remove(b'#')
        .remove(b'[')
        .remove(b']')
        .remove(b'@')
        .remove(b'!')
        .remove(b'$')
        .remove(b'&')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')')
        .remove(b'*')
        .remove(b'+')
        .remove(b',')
        .remove(b';')
        .remove(b'=');
    percent_encoding::utf8_percent_encode(s, RESERVED).to_string()
}

/// A header line's text without line breaks, so it cannot add headers.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], "")
}

/// A `Content-Disposition` parameter value, quoted.
fn quoted(s: &str) -> String {
    s.replace(['"', '\r', '\n'], "%22")
}

/// The part's content type from `contentType`, when it names one type
/// (a list or wildcard names none).
fn concrete_type(content_type: Option<&str>) -> Option<&str> {
    content_type
        .map(|c| c.split(',').next().unwrap_or_default().trim())
        .filter(|c| !c.is_empty() && !c.contains('*'))
}

impl Request {
    /// An `application/x-www-form-urlencoded` body from a struct's
    /// properties, with OpenAPI's defaults (`style: form`, `explode: true`).
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), InvalidRequest> {
        self.form_with(body, &[], ArrayForm::Indexed)
    }

    /// An `application/x-www-form-urlencoded` body, each property by its
    /// entry in `encodings` (the defaults for the others).
    pub fn form_with<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        encodings: &[Encoding],
        arrays: ArrayForm,
    ) -> Result<(), InvalidRequest> {
        let pairs = form_pairs("body", body, encodings, arrays)?;
        let encoded = pairs
            .iter()
            .map(Pair::encoded)
            .collect::<Vec<_>>()
            .join("&");
        self.body = Some((
            "application/x-www-form-urlencoded".to_owned(),
            encoded.into_bytes(),
        ));
        Ok(())
    }

    /// A `multipart/form-data` body: one part per property; the properties
    /// named in `files` (bytes) become file parts.
    pub fn multipart<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[&str],
    ) -> Result<(), InvalidRequest> {
        self.multipart_with(body, files, &[], ArrayForm::Indexed)
    }

    /// A `multipart/form-data` body, each property by its entry in
    /// `encodings`: scalars are text parts, objects JSON parts
    /// (`application/json`), arrays one part per item (objects as JSON);
    /// a `contentType` sets the part's type (JSON text for a JSON type), a
    /// `style` writes the property as form pairs, one part each.
    pub fn multipart_with<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[&str],
        encodings: &[Encoding],
        arrays: ArrayForm,
    ) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
        let map = match value {
            serde_json::Value::Object(map) => map,
            // No body: the parts streamed after it, if any.
            serde_json::Value::Null => serde_json::Map::new(),
            _ => {
                return Err(InvalidRequest::new(
                    "body",
                    "a multipart body must be an object",
                ))
            }
        };
        let boundary = format!("------------------------{}", uuid::Uuid::new_v4().simple());
        let mut out = Vec::new();
        for (name, value) in &map {
            let encoding = encoding_of(encodings, name);
            let file = files.contains(&name.as_str());
            for part in parts(name, value, encoding, arrays, file) {
                out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
                out.extend_from_slice(&part.head(encoding));
                out.extend_from_slice(&part.bytes);
                out.extend_from_slice(b"\r\n");
            }
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((format!("multipart/form-data; boundary={boundary}"), out));
        Ok(())
    }
}

/// One part of a multipart body, before its delimiter.
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Part {
    fn head(&self, encoding: &Encoding) -> Vec<u8> {
        let mut head = format!(
            "Content-Disposition: form-data; name=\"{}\"",
            quoted(&self.name)
        );
        if let Some(file_name) = &self.file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = &self.content_type {
            head.push_str(&format!("Content-Type: {}\r\n", one_line(content_type)));
        }
        head.push_str(&part_headers(encoding));
        head.push_str("\r\n");
        head.into_bytes()
    }
}

/// The fixed headers of a part (`encoding.headers`), as header lines.
pub(crate) fn part_headers(encoding: &Encoding) -> String {
    encoding
        .headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("content-type"))
        .map(|(n, v)| format!("{}: {}\r\n", one_line(n), one_line(v)))
        .collect()
}

/// The parts one property becomes.
fn parts(
    name: &str,
    value: &serde_json::Value,
    encoding: &Encoding,
    arrays: ArrayForm,
    file: bool,
) -> Vec<Part> {
    let text = |name: String, bytes: Vec<u8>, content_type: Option<&str>| Part {
        name,
        file_name: None,
        content_type: content_type.map(str::to_owned),
        bytes,
    };
    let declared = concrete_type(encoding.content_type);
    match value {
        serde_json::Value::Null => Vec::new(),
        _ if file => {
            let items = match value {
                // Bytes serialize as an array of numbers; several files as
                // an array of those.
                serde_json::Value::Array(items) if items.iter().all(|i| !is_scalar(i)) => {
                    items.clone()
                }
                other => vec![other.clone()],
            };
            items
                .iter()
                .map(|item| Part {
                    name: name.to_owned(),
                    file_name: Some(name.to_owned()),
                    content_type: Some(declared.unwrap_or("application/octet-stream").to_owned()),
                    bytes: file_bytes(item),
                })
                .collect()
        }
        _ if encoding.style.is_some() && encoding.content_type.is_none() => {
            let mut pairs = Vec::new();
            property_pairs(name, value, encoding, arrays, &mut pairs);
            pairs
                .into_iter()
                .map(|p| text(p.key(), p.value.into_bytes(), None))
                .collect()
        }
        _ if declared.is_some_and(is_json_type) => {
            vec![text(
                name.to_owned(),
                value.to_string().into_bytes(),
                declared,
            )]
        }
        serde_json::Value::Object(_) => vec![text(
            name.to_owned(),
            value.to_string().into_bytes(),
            Some(declared.unwrap_or("application/json")),
        )],
        serde_json::Value::Array(items) => items
            .iter()
            .filter(|i| !i.is_null())
            .map(|item| match item {
                _ if is_scalar(item) => text(name.to_owned(), text_of(item).into_bytes(), declared),
                _ => text(
                    name.to_owned(),
                    item.to_string().into_bytes(),
                    Some(declared.unwrap_or("application/json")),
                ),
            })
            .collect(),
        scalar => vec![text(
            name.to_owned(),
            text_of(scalar).into_bytes(),
            declared,
        )],
    }
}

/// The bytes of a file property: `Vec<u8>` serializes as numbers.
fn file_bytes(item: &serde_json::Value) -> Vec<u8> {
    match item {
        serde_json::Value::Array(b) => b
            .iter()
            .filter_map(|v| v.as_u64())
            .map(|v| v as u8)
            .collect(),
        serde_json::Value::String(s) => s.as_bytes().to_vec(),
        other => other.to_string().into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encoded(value: serde_json::Value, encodings: &[Encoding], arrays: ArrayForm) -> String {
        form_pairs("body", &value, encodings, arrays)
            .unwrap()
            .iter()
            .map(Pair::encoded)
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn deep_objects_nest_to_any_depth() {
        let body = json!({"metadata": {"order_id": "6735", "a": {"b": {"c": 1}}}});
        assert_eq!(
            encoded(body, &[Encoding::deep("metadata")], ArrayForm::Indexed),
            "metadata[order_id]=6735&metadata[a][b][c]=1"
        );
    }

    #[test]
    fn arrays_in_deep_objects_follow_the_array_form() {
        let body = json!({"expand": ["a", "b"], "items": [{"price": "p", "n": 2}]});
        let encodings = [Encoding::deep("expand"), Encoding::deep("items")];
        assert_eq!(
            encoded(body.clone(), &encodings, ArrayForm::Brackets),
            "expand[]=a&expand[]=b&items[0][price]=p&items[0][n]=2"
        );
        assert_eq!(
            encoded(body, &encodings, ArrayForm::Indexed),
            "expand[0]=a&expand[1]=b&items[0][price]=p&items[0][n]=2"
        );
    }

    #[test]
    fn form_style_follows_openapi() {
        let body =
            json!({"tags": ["x", "y"], "point": {"x": 1, "y": 2}, "ids": [1, 2], "s": "a b"});
        let encodings = [
            Encoding::new("ids").explode(false),
            Encoding::new("s").style(FormStyle::PipeDelimited),
        ];
        assert_eq!(
            encoded(body, &encodings, ArrayForm::Indexed),
            "tags=x&tags=y&x=1&y=2&ids=1%2C2&s=a+b"
        );
    }

    #[test]
    fn content_type_and_allow_reserved() {
        let body = json!({"meta": {"k": "v"}, "url": "https://x.test/a?b=c"});
        let encodings = [
            Encoding::new("meta").content_type("application/json"),
            Encoding::new("url").allow_reserved(true),
        ];
        assert_eq!(
            encoded(body, &encodings, ArrayForm::Indexed),
            "meta=%7B%22k%22%3A%22v%22%7D&url=https://x.test/a?b=c"
        );
    }

    #[test]
    fn names_are_escaped_but_added_brackets_are_not() {
        let body = json!({"a b": {"c[d]": "e"}});
        assert_eq!(
            encoded(body, &[Encoding::deep("a b")], ArrayForm::Indexed),
            "a+b[c%5Bd%5D]=e"
        );
    }
}
