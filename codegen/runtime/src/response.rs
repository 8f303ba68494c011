//! Responses and errors.

use crate::*;
use std::fmt;
use std::str::FromStr;

/// A whole response, before decoding.
#[doc(hidden)]
#[derive(Clone)]
pub struct RawResponse {
    /// The operation id (`createTRLinkIntegration`).
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A body in `Debug` output: as text when it is UTF-8 (a JSON or text
/// error reads as what the server sent), else as its bytes.
struct BodyDebug<'a>(&'a [u8]);

impl fmt::Debug for BodyDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(self.0) {
            Ok(text) => fmt::Debug::fmt(text, f),
            Err(_) => fmt::Debug::fmt(self.0, f),
        }
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyDebug(&self.body))
            .finish()
    }
}

impl<E: fmt::Debug, H: fmt::Debug> fmt::Debug for ApiError<E, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("raw_headers", &self.raw_headers)
            .field("body", &self.body)
            .field("raw_body", &BodyDebug(&self.raw_body))
            .finish()
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyDebug(&self.body))
            .field("reason", &self.reason)
            .finish()
    }
}

/// Typed response headers, parsed from the raw ones.
#[doc(hidden)]
pub trait FromHeaders: Sized {
    fn from_headers(headers: &HeaderMap) -> Self;
}

/// For operations that declare no response headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoHeaders;

impl FromHeaders for NoHeaders {
    fn from_headers(_: &HeaderMap) -> Self {
        NoHeaders
    }
}

/// A declared header's value, parsed; `None` when absent or unparsable (the
/// raw value is still in the raw headers).
#[doc(hidden)]
pub fn typed_header<T: FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A successful response: status, headers (typed and raw) and decoded body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseValue<T, H = NoHeaders> {
    pub status: StatusCode,
    /// The headers the spec declares, typed.
    pub headers: H,
    /// Every header the server sent.
    pub raw_headers: HeaderMap,
    pub body: T,
}

impl<T, H> ResponseValue<T, H> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &H {
        &self.headers
    }

    pub fn raw_headers(&self) -> &HeaderMap {
        &self.raw_headers
    }

    pub fn body(&self) -> &T {
        &self.body
    }

    pub fn into_body(self) -> T {
        self.body
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U, H> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            raw_headers: self.raw_headers,
            body: f(self.body),
        }
    }
}

impl<T, H> std::ops::Deref for ResponseValue<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A documented error response, decoded by its status.
#[derive(Clone, PartialEq)]
pub struct ApiError<E, H = NoHeaders> {
    /// The operation id (`createTRLinkIntegration`).
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: H,
    pub raw_headers: HeaderMap,
    pub body: E,
    /// The body exactly as received. A schema whose properties are all
    /// optional decodes from almost any JSON object (a proxy's error, or a
    /// success a `default` response covers) and keeps none of it: the bytes
    /// are here.
    pub raw_body: Vec<u8>,
}

impl<E, H> ApiError<E, H> {
    /// The raw body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.raw_body).ok()
    }
}

/// A response the spec does not describe, or one whose body did not decode
/// as documented: kept whole.
#[derive(Clone, PartialEq)]
pub struct UnexpectedResponse {
    /// The operation id (`createTRLinkIntegration`).
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Why it was not decoded.
    pub reason: String,
}

impl UnexpectedResponse {
    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

/// A response whose body is longer than [`Config::max_response_body`]: its
/// status and headers, without the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTooLarge {
    /// The operation id (`createTRLinkIntegration`).
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The limit in force, in bytes.
    pub limit: u64,
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: server returned {} with a body over the limit of {} bytes (Config::max_response_body); it was not read",
            self.operation, self.status, self.limit
        )
    }
}

/// A request refused before it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// The parameter or field at fault (`body.addressLine[0]`).
    pub field: String,
    pub message: String,
}

impl InvalidRequest {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        InvalidRequest {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// Everything a call can fail with. `E` is the operation's documented error
/// type, `H` its typed response headers.
#[derive(Debug)]
pub enum Error<E, H = NoHeaders> {
    /// The server answered with a documented error status.
    Api(Box<ApiError<E, H>>),
    /// An undocumented status, or a body that does not decode.
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// Refused before sending (validation, path, header value).
    InvalidRequest(InvalidRequest),
    /// Connection, TLS or timeout failure.
    Transport(reqwest::Error),
    /// The response body is longer than [`Config::max_response_body`]; it
    /// was not read further.
    ResponseTooLarge(Box<ResponseTooLarge>),
}

impl<E, H> Error<E, H> {
    /// The response status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            Error::ResponseTooLarge(e) => Some(e.status),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }

    /// The raw response headers, if a response arrived.
    pub fn raw_headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.raw_headers),
            Error::UnexpectedResponse(e) => Some(&e.headers),
            Error::ResponseTooLarge(e) => Some(&e.headers),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }

    /// The typed headers of a documented error response.
    pub fn headers(&self) -> Option<&H> {
        match self {
            Error::Api(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// Whether an attempt ran out of time (the client's or the call's
    /// `timeout`); with retries, the last attempt's.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// Whether no connection could be made (refused, DNS, TLS handshake).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }
}

impl<E, H> From<InvalidRequest> for Error<E, H> {
    fn from(e: InvalidRequest) -> Self {
        Error::InvalidRequest(e)
    }
}

impl<E, H> fmt::Display for Error<E, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::UnexpectedResponse(e) => e.fmt(f),
            Error::InvalidRequest(e) => write!(f, "invalid request: {e}"),
            Error::Transport(e) if e.is_timeout() => write!(f, "request timed out: {e}"),
            Error::Transport(e) if e.is_connect() => write!(f, "could not connect: {e}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::ResponseTooLarge(e) => write!(f, "{e}"),
        }
    }
}

/// `createThing: server returned 404 Not Found: {"message":"no such thing"}`.
impl<E, H> fmt::Display for ApiError<E, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: server returned {}", self.operation, self.status)?;
        write_excerpt(f, &self.raw_body)
    }
}

/// `createThing: server returned 418 I'm a teapot (status 418 is not
/// documented for this operation): short and stout`.
impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: server returned {} ({})",
            self.operation, self.status, self.reason
        )?;
        write_excerpt(f, &self.body)
    }
}

/// How much of a response body an error message quotes, in characters.
const EXCERPT_CHARS: usize = 200;

/// `: <the body's start, whitespace collapsed>`, nothing for an empty body.
fn write_excerpt(f: &mut fmt::Formatter<'_>, body: &[u8]) -> fmt::Result {
    let Ok(text) = std::str::from_utf8(body) else {
        return write!(f, ": {} bytes of binary data", body.len());
    };
    let mut excerpt = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        for c in (chars > 0).then_some(' ').into_iter().chain(word.chars()) {
            if chars == EXCERPT_CHARS {
                return write!(f, ": {excerpt}…");
            }
            excerpt.push(c);
            chars += 1;
        }
    }
    if excerpt.is_empty() {
        return Ok(());
    }
    write!(f, ": {excerpt}")
}

impl<E: fmt::Debug, H: fmt::Debug> std::error::Error for ApiError<E, H> {}

impl std::error::Error for UnexpectedResponse {}

impl<E: fmt::Debug, H: fmt::Debug> std::error::Error for Error<E, H> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::InvalidRequest(e) => Some(e),
            _ => None,
        }
    }
}

impl RawResponse {
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("body does not decode as documented: {e}"))
    }

    fn decode_text(&self) -> Result<String, String> {
        String::from_utf8(self.body.clone()).map_err(|_| "body is not UTF-8 text".to_owned())
    }

    pub(crate) fn unexpected_because<E, H>(self, reason: String) -> Error<E, H> {
        Error::UnexpectedResponse(Box::new(UnexpectedResponse {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: self.body,
            reason,
        }))
    }

    fn value<T, H: FromHeaders>(self, body: T) -> ResponseValue<T, H> {
        ResponseValue {
            status: self.status,
            headers: H::from_headers(&self.headers),
            raw_headers: self.headers,
            body,
        }
    }

    fn api_error<E, H: FromHeaders>(self, body: E) -> Error<E, H> {
        Error::Api(Box::new(ApiError {
            operation: self.operation,
            status: self.status,
            headers: H::from_headers(&self.headers),
            raw_headers: self.headers,
            body,
            raw_body: self.body,
        }))
    }

    /// A documented success with a JSON body.
    pub fn json<T: serde::de::DeserializeOwned, E, H: FromHeaders>(
        self,
    ) -> Result<ResponseValue<T, H>, Error<E, H>> {
        match self.decode_json() {
            Ok(body) => Ok(self.value(body)),
            Err(reason) => Err(self.unexpected_because(reason)),
        }
    }

    /// A documented success with a text body.
    pub fn text<E, H: FromHeaders>(self) -> Result<ResponseValue<String, H>, Error<E, H>> {
        match self.decode_text() {
            Ok(body) => Ok(self.value(body)),
            Err(reason) => Err(self.unexpected_because(reason)),
        }
    }

    /// A documented success whose body is kept as bytes.
    pub fn bytes<E, H: FromHeaders>(mut self) -> Result<ResponseValue<Vec<u8>, H>, Error<E, H>> {
        let body = std::mem::take(&mut self.body);
        Ok(self.value(body))
    }

    /// A documented success without content (any body is ignored).
    pub fn empty<E, H: FromHeaders>(self) -> Result<ResponseValue<(), H>, Error<E, H>> {
        Ok(self.value(()))
    }

    /// A documented error with a JSON body.
    pub fn json_error<B: serde::de::DeserializeOwned, E, H: FromHeaders>(
        self,
        wrap: impl FnOnce(B) -> E,
    ) -> Error<E, H> {
        match self.decode_json() {
            Ok(body) => self.api_error(wrap(body)),
            Err(reason) => self.unexpected_because(reason),
        }
    }

    /// A documented error with a text body.
    pub fn text_error<E, H: FromHeaders>(self, wrap: impl FnOnce(String) -> E) -> Error<E, H> {
        match self.decode_text() {
            Ok(body) => self.api_error(wrap(body)),
            Err(reason) => self.unexpected_because(reason),
        }
    }

    /// A documented error whose body is kept as bytes.
    pub fn bytes_error<E, H: FromHeaders>(self, wrap: impl FnOnce(Vec<u8>) -> E) -> Error<E, H> {
        let body = self.body.clone();
        self.api_error(wrap(body))
    }

    /// A documented error without content.
    pub fn empty_error<E, H: FromHeaders>(self, error: E) -> Error<E, H> {
        self.api_error(error)
    }

    /// A status the spec does not document.
    pub fn unexpected<E, H>(self) -> Error<E, H> {
        let reason = format!(
            "status {} is not documented for this operation",
            self.status.as_u16()
        );
        self.unexpected_because(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_text_bodies_as_text() {
        let unexpected = UnexpectedResponse {
            operation: "getThing",
            status: StatusCode::NOT_FOUND,
            headers: HeaderMap::new(),
            body: br#"{"message":"no such thing"}"#.to_vec(),
            reason: "undocumented status".into(),
        };
        let text = format!("{unexpected:?}");
        assert!(
            text.contains(r#"body: "{\"message\":\"no such thing\"}""#),
            "{text}"
        );
        let binary = RawResponse {
            operation: "getThing",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: vec![0xff, 0x00],
        };
        assert!(format!("{binary:?}").contains("body: [255, 0]"));
        let api = ApiError {
            operation: "getThing",
            status: StatusCode::BAD_REQUEST,
            headers: NoHeaders,
            raw_headers: HeaderMap::new(),
            body: (),
            raw_body: b"bad".to_vec(),
        };
        assert!(format!("{api:?}").contains(r#"raw_body: "bad""#));
    }
}
