//! Requests: path, query, header, cookie and body encoding.

use crate::*;

/// What the generated code knows about an operation, statically.
#[doc(hidden)]
#[derive(Debug)]
pub struct OperationMeta {
    pub id: &'static str,
    pub method: &'static str,
    /// The path template, as in the spec: safe to log.
    pub path: &'static str,
    /// The header the spec declares for idempotency keys, if any.
    pub idempotency_header: Option<&'static str>,
    /// A response header carrying the server's request id, if declared.
    pub request_id_header: Option<&'static str>,
    /// Alternatives, each a set of schemes that apply together; empty: none.
    pub security: &'static [&'static [&'static SecurityScheme]],
}

/// A request being built by generated code.
#[doc(hidden)]
#[derive(Debug)]
pub struct Request {
    pub(crate) meta: &'static OperationMeta,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    /// Query text appended as written, after `query` (OpenAPI 3.2
    /// `in: querystring`).
    pub(crate) raw_query: Vec<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<(String, Vec<u8>)>,
    /// Path parameters written so far: where their segment starts, and name.
    param_segments: Vec<(usize, String)>,
    /// A body sent from a stream (not buffered, so not retried).
    pub(crate) upload: Option<(String, reqwest::Body)>,
}

pub(crate) const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl Request {
    pub fn new(meta: &'static OperationMeta) -> Self {
        Request {
            meta,
            path: String::new(),
            query: Vec::new(),
            raw_query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            param_segments: Vec::new(),
            upload: None,
        }
    }

    /// A copy to send again with other query parameters or another path
    /// (the next page of a list); `None` for a streamed body, which is sent
    /// once.
    pub(crate) fn try_clone(&self) -> Option<Request> {
        if self.upload.is_some() {
            return None;
        }
        Some(Request {
            meta: self.meta,
            path: self.path.clone(),
            query: self.query.clone(),
            raw_query: self.raw_query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            param_segments: self.param_segments.clone(),
            upload: None,
        })
    }

    /// Replaces the path by one already encoded (a next page's URL, on the
    /// client's origin): its segments were checked by the server's URL.
    pub(crate) fn set_path(&mut self, path: String) {
        self.path = path;
        self.param_segments.clear();
    }

    /// Appends literal path text from the template.
    pub fn path_literal(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter, percent-encoded so it stays one segment.
    /// A value that is a whole segment may not be empty, `.` or `..`.
    pub fn path_param<V: ParamValue + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        whole_segment: bool,
    ) -> Result<(), InvalidRequest> {
        let value = value.to_param();
        if whole_segment && matches!(value.as_str(), "" | "." | "..") {
            return Err(InvalidRequest::new(
                name,
                format!("path parameter {value:?} cannot be sent as a path segment"),
            ));
        }
        let segment_start = self.path.rfind('/').map_or(0, |i| i + 1);
        self.param_segments.push((segment_start, name.to_owned()));
        self.path
            .extend(percent_encoding::utf8_percent_encode(&value, PATH_SEGMENT));
        Ok(())
    }

    /// Refuses a path segment made of parameters (with or without literal
    /// text, as in `/{a}{b}` or `/{name}.{ext}`) that is empty, `.` or `..`
    /// (also percent-encoded): a URL parser would drop it or step up a
    /// directory.
    pub(crate) fn check_param_segments(&self) -> Result<(), InvalidRequest> {
        for (start, _) in &self.param_segments {
            let rest = self.path.get(*start..).unwrap_or_default();
            let segment = rest.split('/').next().unwrap_or_default();
            let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            if matches!(decoded.as_ref(), "" | "." | "..") {
                let names = self
                    .param_segments
                    .iter()
                    .filter(|(s, _)| s == start)
                    .map(|(_, name)| name.as_str())
                    .collect::<Vec<_>>()
                    .join("`, `");
                return Err(InvalidRequest::new(
                    names,
                    format!("together form the path segment {segment:?}, which cannot be sent"),
                ));
            }
        }
        Ok(())
    }

    pub fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.query.push((name.to_owned(), value.to_param()));
    }

    /// An optional parameter in the query: added when set.
    pub fn optional_query<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// An optional header parameter: added when set.
    pub fn optional_header<V: ParamValue + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&V>,
    ) -> Result<(), InvalidRequest> {
        match value {
            Some(value) => self.header(name, value),
            None => Ok(()),
        }
    }

    /// An array in the query: `a=1&a=2` when exploded, else `a=1,2`;
    /// `deepObject`: `a[0]=1` or `a[]=1`, by the [`ArrayForm`].
    pub fn query_list<V: ParamValue>(&mut self, name: &str, values: &[V], style: QueryStyle) {
        match style {
            QueryStyle::Deep(arrays) => {
                for (i, v) in values.iter().enumerate() {
                    let step = match arrays {
                        ArrayForm::Indexed => format!("[{i}]"),
                        ArrayForm::Brackets => "[]".to_owned(),
                    };
                    self.query.push((format!("{name}{step}"), v.to_param()));
                }
            }
            QueryStyle::Repeat => {
                for v in values {
                    self.query(name, v);
                }
            }
            QueryStyle::Join(separator) => {
                let joined = values
                    .iter()
                    .map(ParamValue::to_param)
                    .collect::<Vec<_>>()
                    .join(separator.encode_utf8(&mut [0; 4]));
                self.query.push((name.to_owned(), joined));
            }
        }
    }

    /// The whole query string from one value (OpenAPI 3.2 `in: querystring`
    /// as `application/x-www-form-urlencoded`): its properties become the
    /// query's pairs, arrays repeating their key.
    pub fn query_string_form<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), InvalidRequest> {
        let pairs = form_pairs(name, value, &[], ArrayForm::Indexed)?;
        self.query
            .extend(pairs.into_iter().map(|p| (p.key(), p.value)));
        Ok(())
    }

    /// The whole query string as the value's JSON text, percent-encoded
    /// (OpenAPI 3.2 `in: querystring` as `application/json`).
    pub fn query_string_json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), InvalidRequest> {
        let text = serde_json::to_string(value)
            .map_err(|e| InvalidRequest::new(name, format!("cannot be serialized: {e}")))?;
        self.raw_query
            .push(percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string());
        Ok(())
    }

    /// Query text the caller wrote, appended as it is (characters a URL
    /// cannot hold are percent-encoded; `&`, `=` and `%` are kept).
    pub fn query_string_raw(&mut self, value: &str) {
        self.raw_query
            .push(value.trim_start_matches('?').to_owned());
    }

    pub fn header<V: ParamValue + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
    ) -> Result<(), InvalidRequest> {
        let value = header_value(name, &value.to_param())?;
        self.headers.append(header_name(name)?, value);
        Ok(())
    }

    pub fn header_list<V: ParamValue>(
        &mut self,
        name: &str,
        values: &[V],
    ) -> Result<(), InvalidRequest> {
        let joined = values
            .iter()
            .map(ParamValue::to_param)
            .collect::<Vec<_>>()
            .join(",");
        self.header(name, joined.as_str())
    }

    pub fn cookie<V: ParamValue + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
    ) -> Result<(), InvalidRequest> {
        append_cookie(&mut self.headers, name, &value.to_param(), false)
    }

    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &str,
        body: &T,
    ) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
        self.body = Some((content_type.to_owned(), bytes));
        Ok(())
    }

    pub fn bytes(&mut self, content_type: &str, body: Vec<u8>) {
        self.body = Some((content_type.to_owned(), body));
    }

    pub fn text(&mut self, content_type: &str, body: &str) {
        self.body = Some((content_type.to_owned(), body.as_bytes().to_vec()));
    }
}

/// Adds `name=value` to the `Cookie` header, the value percent-encoded so
/// that it cannot end the pair (`;`) or add another (`,`, space). Secrets
/// (`apiKey` in `cookie`) go through here like cookie parameters.
pub(crate) fn append_cookie(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(), InvalidRequest> {
    let pair = format!(
        "{name}={}",
        percent_encoding::utf8_percent_encode(value, PATH_SEGMENT)
    );
    let cookie = match headers
        .get(reqwest::header::COOKIE)
        .and_then(|v| v.to_str().ok())
    {
        Some(existing) => format!("{existing}; {pair}"),
        None => pair,
    };
    let mut value = header_value("Cookie", &cookie)?;
    value.set_sensitive(
        sensitive
            || headers
                .get(reqwest::header::COOKIE)
                .is_some_and(|v| v.is_sensitive()),
    );
    headers.insert(reqwest::header::COOKIE, value);
    Ok(())
}

/// Standard base64 with padding (for HTTP basic auth).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) fn header_name(name: &str) -> Result<reqwest::header::HeaderName, InvalidRequest> {
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| InvalidRequest::new(name, "is not a valid header name"))
}

pub(crate) fn header_value(
    name: &str,
    value: &str,
) -> Result<reqwest::header::HeaderValue, InvalidRequest> {
    reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| InvalidRequest::new(name, "is not a valid header value (control characters?)"))
}

/// How an array or object query parameter is spelled (`style`/`explode`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, exploded: `id=1&id=2`; object members as their own keys.
    Repeat,
    /// Not exploded, joined by `,` (form), ` ` (spaceDelimited) or `|`
    /// (pipeDelimited): `id=1,2`.
    Join(char),
    /// `deepObject`: `filter[a]=1&filter[b][c]=2`, arrays inside written
    /// as the [`ArrayForm`] says.
    Deep(ArrayForm),
}

/// How a parameter value is written in a path, query, header or cookie.
#[doc(hidden)]
pub trait ParamValue {
    fn to_param(&self) -> String;
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    uuid::Uuid,
    chrono::NaiveDate
);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// A parameter of a structured type, written from its JSON form.
#[doc(hidden)]
pub struct AsJson<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> ParamValue for AsJson<'_, T> {
    fn to_param(&self) -> String {
        serde_json::to_value(self.0)
            .map(|v| v.to_param())
            .unwrap_or_default()
    }
}

impl Request {
    /// An object or other structured value in the query. Objects are written
    /// `form`-style: each property its own pair when exploded, else
    /// `name=k1,v1,k2,v2`; `deep` writes `name[k]=v`, nested to any depth.
    pub fn query_structured<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) {
        match serde_json::to_value(value) {
            Ok(value @ (serde_json::Value::Object(_) | serde_json::Value::Array(_)))
                if matches!(style, QueryStyle::Deep(_)) =>
            {
                let arrays = match style {
                    QueryStyle::Deep(arrays) => arrays,
                    _ => ArrayForm::Indexed,
                };
                let mut pairs = Vec::new();
                deep_pairs(name, &value, arrays, false, &mut pairs);
                self.query
                    .extend(pairs.into_iter().map(|p| (p.key(), p.value)));
            }
            Ok(serde_json::Value::Object(map)) => match style {
                QueryStyle::Repeat | QueryStyle::Deep(_) => {
                    for (k, v) in &map {
                        self.query.push((k.clone(), v.to_param()));
                    }
                }
                QueryStyle::Join(separator) => {
                    let joined = map
                        .iter()
                        .flat_map(|(k, v)| [k.clone(), v.to_param()])
                        .collect::<Vec<_>>()
                        .join(separator.encode_utf8(&mut [0; 4]));
                    self.query.push((name.to_owned(), joined));
                }
            },
            Ok(serde_json::Value::Array(items)) => self.query_list(name, &items, style),
            Ok(serde_json::Value::Null) | Err(_) => {}
            Ok(other) => self.query(name, &other),
        }
    }
}
