//! The client runtime shared by every generated API: configuration, request
//! building, sending with retries and timeouts, and response decoding.
//!
//! Generated operation code only describes an operation (its path, parameters,
//! body and documented responses) and calls into this module.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub use reqwest;
pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// Client-wide settings. Every setting has a sensible default, and the
/// defaults are bounded: each attempt times out after [`DEFAULT_TIMEOUT`]
/// (60 s; [`Config::timeout`] is per attempt, [`Config::total_timeout`] per
/// call), connecting after [`DEFAULT_CONNECT_TIMEOUT`] (10 s), a response
/// body may be [`DEFAULT_MAX_RESPONSE_BODY`] long (32 MiB), and redirects are
/// followed only within the request's origin ([`RedirectPolicy`]).
#[derive(Clone, Default)]
pub struct Config {
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    hooks: Vec<Arc<dyn RequestHook>>,
    /// Secrets by security scheme name.
    secrets: std::collections::BTreeMap<String, Secret>,
    limits: Limits,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// Use this `reqwest::Client` (its timeouts, TLS and proxy settings).
    /// Build it from [`http_client_builder`]: a client that follows
    /// redirects itself (reqwest's default) sends custom credential headers
    /// such as `X-API-Key` along to any origin, whatever [`RedirectPolicy`]
    /// says.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Timeout of each attempt, unless a call sets its own: connecting,
    /// sending, following redirects and reading the whole response. With
    /// retries a call may take several attempts; [`Config::total_timeout`]
    /// bounds them all. Default: [`DEFAULT_TIMEOUT`] (60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry policy of every call, unless a call sets its own.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A hook that sees (and may add headers to) every request just before it
    /// is sent, once per attempt.
    pub fn request_hook(mut self, hook: impl RequestHook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The key of an `apiKey` security scheme (by its name in the spec).
    pub fn api_key(mut self, scheme: &str, key: impl Into<String>) -> Self {
        self.secrets
            .insert(scheme.to_owned(), Secret::Token(key.into()));
        self
    }

    /// The token of an HTTP `bearer` scheme (or a ready token for any OAuth2
    /// or OpenID Connect scheme).
    pub fn bearer_token(mut self, scheme: &str, token: impl Into<String>) -> Self {
        self.secrets
            .insert(scheme.to_owned(), Secret::Token(token.into()));
        self
    }

    /// The credentials of an HTTP `basic` scheme.
    pub fn basic_auth(
        mut self,
        scheme: &str,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let secret = Secret::Basic {
            username: username.into(),
            password: password.into(),
        };
        self.secrets.insert(scheme.to_owned(), secret);
        self
    }

    /// Client credentials of an OAuth2 `clientCredentials` scheme: the token is
    /// fetched from the scheme's token URL, cached until it expires, and
    /// fetched again then.
    pub fn oauth2_client_credentials(
        mut self,
        scheme: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        let secret = Secret::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            cache: Arc::new(tokio::sync::Mutex::new(None)),
        };
        self.secrets.insert(scheme.to_owned(), secret);
        self
    }
}

/// A configured secret. Never printed.
#[derive(Clone)]
enum Secret {
    Token(String),
    Basic {
        username: String,
        password: String,
    },
    ClientCredentials {
        client_id: String,
        client_secret: String,
        /// The current token and when it expires.
        cache: Arc<tokio::sync::Mutex<Option<(String, std::time::Instant)>>>,
    },
}

impl Secret {
    fn kind(&self) -> &'static str {
        match self {
            Secret::Token(_) => "token",
            Secret::Basic { .. } => "basic",
            Secret::ClientCredentials { .. } => "oauth2 client credentials",
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("timeout", &self.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .field("limits", &self.limits)
            .field(
                "credentials",
                &self
                    .secrets
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.kind()))
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// Timeout of each attempt when neither the client nor the call sets one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Connect timeout of the HTTP client the runtime builds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read into memory by default: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 32 * 1024 * 1024;

/// The limits that keep a hostile or broken server from holding a call
/// forever, filling memory, or collecting credentials through redirects.
#[derive(Debug, Clone)]
struct Limits {
    connect_timeout: Duration,
    total_timeout: Option<Duration>,
    max_response_body: u64,
    redirects: RedirectPolicy,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            total_timeout: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            redirects: RedirectPolicy::default(),
        }
    }
}

impl Config {
    /// Connect timeout of the HTTP client the runtime builds (not of one
    /// given with [`Config::http_client`]). Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect_timeout = timeout;
        self
    }

    /// A deadline for a whole call, every attempt and the pauses between
    /// them included: no retry starts once it has passed, and each attempt's
    /// timeout is shortened to end by it. Default: none; a call is still
    /// bounded by attempts × [`Config::timeout`] plus the backoff pauses.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.limits.total_timeout = Some(timeout);
        self
    }

    /// The largest response body read into memory, in bytes. A longer body
    /// (by its `Content-Length`, or as it arrives) is not read further: the
    /// call fails with [`Error::ResponseTooLarge`], which keeps the status
    /// and headers. Default: [`DEFAULT_MAX_RESPONSE_BODY`] (32 MiB).
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.limits.max_response_body = bytes;
        self
    }

    /// Which redirects are followed. Default:
    /// [`RedirectPolicy::SameOrigin`] with 10 hops: a redirect to another
    /// origin is returned to the caller, not followed.
    pub fn redirects(mut self, policy: RedirectPolicy) -> Self {
        self.limits.redirects = policy;
        self
    }
}

/// Which redirects (301, 302, 303, 307, 308 with a `Location`) the runtime
/// follows. The runtime follows them itself (its HTTP client is built with
/// reqwest's redirects off and no `Referer`), so that it decides what goes
/// to the next URL. A redirect that is not followed is the call's response:
/// its status, headers and body reach the caller (as an undocumented status,
/// usually `Error::UnexpectedResponse`).
///
/// 301, 302 and 303 turn the request into a `GET` without body (`HEAD`
/// stays `HEAD`); 307 and 308 repeat the method and the body. On a redirect
/// within the origin (scheme, host and port) every header is kept and
/// request hooks are called again with the new path, so a signer signs what
/// is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectPolicy {
    /// Never follow a redirect.
    None,
    /// Follow up to this many redirects within the request's own origin; a
    /// redirect to another origin is not followed. The default, with 10.
    SameOrigin(u32),
    /// Follow up to this many redirects, to any origin. Once a redirect has
    /// left the request's origin, no credential goes along: `Authorization`,
    /// `Proxy-Authorization`, `Cookie`, the headers of the operation's
    /// security schemes and every header a request hook set are dropped, and
    /// hooks are not called; no `Referer` is ever sent. A 307 or 308 that
    /// would send the request body to another origin is not followed.
    AnyOrigin(u32),
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        RedirectPolicy::SameOrigin(10)
    }
}

/// A `reqwest::ClientBuilder` with the settings the runtime relies on:
/// reqwest's own redirect handling off (the runtime applies
/// [`RedirectPolicy`]), no `Referer`, and [`DEFAULT_CONNECT_TIMEOUT`]. Start
/// from it to give [`Config::http_client`] a client with a proxy or custom
/// TLS; a client built otherwise applies its own redirect policy first,
/// which for reqwest's default follows redirects to any origin with custom
/// credential headers such as `X-API-Key` still attached.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
}

/// Settings of one call, overriding the client's.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub timeout: Option<Duration>,
    pub retry: Option<RetryPolicy>,
}

/// A problem with the client's configuration, found before any request.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A server URL variable has no value and no default.
    MissingServerVariable { name: String },
    /// A server URL variable's value would change the URL's structure, or is
    /// not one of the values the spec allows.
    InvalidServerVariable {
        name: String,
        value: String,
        reason: String,
    },
    /// The base URL does not parse or is not http(s).
    InvalidBaseUrl { url: String, reason: String },
    /// A credential is malformed (a key that does not parse, say).
    InvalidCredential { reason: String },
    /// The HTTP client could not be built.
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingServerVariable { name } => {
                write!(f, "server variable `{name}` has no value")
            }
            ConfigError::InvalidServerVariable {
                name,
                value,
                reason,
            } => {
                write!(f, "server variable `{name}` = {value:?}: {reason}")
            }
            ConfigError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL {url:?}: {reason}")
            }
            ConfigError::InvalidCredential { reason } => write!(f, "invalid credential: {reason}"),
            ConfigError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// A server URL variable: (name, value, default, allowed values).
pub type ServerVariable<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);

/// Fills `{name}` / `{{name}}` placeholders of a server URL template.
pub fn server_url(template: &str, vars: &[ServerVariable<'_>]) -> Result<String, ConfigError> {
    let mut url = template.to_owned();
    for (name, value, default, allowed) in vars {
        let value = match value.or(*default) {
            Some(v) if !v.is_empty() => v,
            _ => {
                return Err(ConfigError::MissingServerVariable {
                    name: (*name).to_owned(),
                })
            }
        };
        let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
        if !value.chars().all(unreserved) {
            return Err(ConfigError::InvalidServerVariable {
                name: (*name).to_owned(),
                value: value.to_owned(),
                reason: "only letters, digits, `-`, `.`, `_` and `~` are allowed".to_owned(),
            });
        }
        if !allowed.is_empty() && !allowed.contains(&value) {
            return Err(ConfigError::InvalidServerVariable {
                name: (*name).to_owned(),
                value: value.to_owned(),
                reason: format!("must be one of {allowed:?}"),
            });
        }
        url = url
            .replace(&format!("{{{{{name}}}}}"), value)
            .replace(&format!("{{{name}}}"), value);
    }
    Ok(url)
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

/// When and how often a call is attempted again.
///
/// Connection errors, timeouts and the statuses 408, 429, 502, 503 and 504 are
/// retried, with exponential backoff and jitter, honouring `Retry-After`
/// (seconds or an HTTP date) up to `max_retry_after`. POST and PATCH requests
/// are retried only when they carry an idempotency key (an empty or blank one
/// counts as none). [`Config::total_timeout`] stops retries at a deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included; 1 means no retries.
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// A longer `Retry-After` is not waited for: the response is returned.
    pub max_retry_after: Duration,
    /// Randomise each backoff between half and all of its length.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The pause before attempt `attempt + 1` (attempts count from 1).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(16);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        if self.jitter {
            base.mul_f64(0.5 + fastrand::f64() * 0.5)
        } else {
            base
        }
    }

    fn retryable_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delta = date.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

// ---------------------------------------------------------------------------
// Auth and hooks
// ---------------------------------------------------------------------------

/// The request as it will go on the wire, for hooks and credentials.
pub struct OutgoingRequest<'a> {
    pub operation_id: &'static str,
    pub method: &'a reqwest::Method,
    /// Path and query exactly as sent (`/v1/things?x=1`).
    pub path_and_query: String,
    pub headers: &'a mut HeaderMap,
    pub body: &'a [u8],
}

/// Sees every request just before it is sent, and may add headers (to sign
/// it, say). Called once per attempt.
pub trait RequestHook: Send + Sync {
    fn on_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), InvalidRequest>;
}

impl<F> RequestHook for F
where
    F: Fn(&mut OutgoingRequest<'_>) -> Result<(), InvalidRequest> + Send + Sync,
{
    fn on_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), InvalidRequest> {
        self(request)
    }
}

/// How a security scheme from the spec puts its secret on a request.
#[derive(Debug)]
pub enum SchemeKind {
    ApiKeyHeader(&'static str),
    ApiKeyQuery(&'static str),
    ApiKeyCookie(&'static str),
    Bearer,
    Basic,
    OAuth2ClientCredentials { token_url: &'static str },
}

/// A `securitySchemes` entry.
#[derive(Debug)]
pub struct SecurityScheme {
    /// The scheme's name in the spec; secrets are configured under it.
    pub name: &'static str,
    pub kind: SchemeKind,
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// What the generated code knows about an operation, statically.
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
#[derive(Debug)]
pub struct Request {
    meta: &'static OperationMeta,
    path: String,
    query: Vec<(String, String)>,
    /// Query text appended as written, after `query` (OpenAPI 3.2
    /// `in: querystring`).
    raw_query: Vec<String>,
    headers: HeaderMap,
    body: Option<(String, Vec<u8>)>,
    /// Path parameters written so far: where their segment starts, and name.
    param_segments: Vec<(usize, String)>,
    /// A body sent from a stream (not buffered, so not retried).
    upload: Option<(String, reqwest::Body)>,
}

const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
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
    fn check_param_segments(&self) -> Result<(), InvalidRequest> {
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

    /// An array in the query: `a=1&a=2` when exploded, else `a=1,2`.
    pub fn query_list<V: ParamValue>(&mut self, name: &str, values: &[V], style: QueryStyle) {
        match style {
            QueryStyle::Repeat | QueryStyle::Deep => {
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
        let pairs = form_pairs(name, value)?;
        self.query.extend(pairs);
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

    /// An `application/x-www-form-urlencoded` body from a struct's properties.
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), InvalidRequest> {
        let pairs = form_pairs("body", body)?;
        let encoded = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
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
        let value = serde_json::to_value(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(InvalidRequest::new(
                "body",
                "a multipart body must be an object",
            ));
        };
        let boundary = format!("------------------------{}", uuid::Uuid::new_v4().simple());
        let mut out = Vec::new();
        for (name, value) in &map {
            let items = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::Array(items) if !files.contains(&name.as_str()) => items.clone(),
                other => vec![other.clone()],
            };
            for item in items {
                out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
                let escaped = name.replace('"', "%22");
                if files.contains(&name.as_str()) {
                    let bytes: Vec<u8> = match &item {
                        serde_json::Value::Array(b) => b
                            .iter()
                            .filter_map(|v| v.as_u64())
                            .map(|v| v as u8)
                            .collect(),
                        serde_json::Value::String(s) => s.as_bytes().to_vec(),
                        other => other.to_string().into_bytes(),
                    };
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{escaped}\"; filename=\"{escaped}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                    );
                    out.extend_from_slice(&bytes);
                } else {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{escaped}\"\r\n\r\n")
                            .as_bytes(),
                    );
                    out.extend_from_slice(item.to_param().as_bytes());
                }
                out.extend_from_slice(b"\r\n");
            }
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((format!("multipart/form-data; boundary={boundary}"), out));
        Ok(())
    }

    pub fn bytes(&mut self, content_type: &str, body: Vec<u8>) {
        self.body = Some((content_type.to_owned(), body));
    }

    pub fn text(&mut self, content_type: &str, body: &str) {
        self.body = Some((content_type.to_owned(), body.as_bytes().to_vec()));
    }
}

/// A struct's properties as form pairs (arrays repeat their key; objects
/// are written as JSON).
fn form_pairs<T: serde::Serialize + ?Sized>(
    what: &str,
    body: &T,
) -> Result<Vec<(String, String)>, InvalidRequest> {
    let value = serde_json::to_value(body)
        .map_err(|e| InvalidRequest::new(what, format!("cannot be serialized: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(InvalidRequest::new(
            what,
            "form-encoded values must be objects",
        ));
    };
    let mut pairs = Vec::new();
    for (k, v) in map {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                pairs.extend(items.iter().map(|i| (k.clone(), i.to_param())))
            }
            other => pairs.push((k, other.to_param())),
        }
    }
    Ok(pairs)
}

/// Adds `name=value` to the `Cookie` header, the value percent-encoded so
/// that it cannot end the pair (`;`) or add another (`,`, space). Secrets
/// (`apiKey` in `cookie`) go through here like cookie parameters.
fn append_cookie(
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

/// `application/x-www-form-urlencoded` escaping: space as `+`.
fn form_encode(s: &str) -> String {
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

/// Standard base64 with padding (for HTTP basic auth).
fn base64(bytes: &[u8]) -> String {
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

fn header_name(name: &str) -> Result<reqwest::header::HeaderName, InvalidRequest> {
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| InvalidRequest::new(name, "is not a valid header name"))
}

fn header_value(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, InvalidRequest> {
    reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| InvalidRequest::new(name, "is not a valid header value (control characters?)"))
}

/// How an array or object query parameter is spelled (`style`/`explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, exploded: `id=1&id=2`; object members as their own keys.
    Repeat,
    /// Not exploded, joined by `,` (form), ` ` (spaceDelimited) or `|`
    /// (pipeDelimited): `id=1,2`.
    Join(char),
    /// `deepObject`: `filter[a]=1&filter[b]=2`.
    Deep,
}

/// How a parameter value is written in a path, query, header or cookie.
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
    /// `name=k1,v1,k2,v2`; `deep` writes `name[k]=v`.
    pub fn query_structured<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => match style {
                QueryStyle::Deep => {
                    for (k, v) in &map {
                        self.query.push((format!("{name}[{k}]"), v.to_param()));
                    }
                }
                QueryStyle::Repeat => {
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

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/// Documented constraints, checked before a request is sent.
pub trait Validate {
    /// `path` names the value in errors (`body`, then `body.addressLine[1]`
    /// for a part of it).
    fn validate(&self, path: &str) -> Result<(), InvalidRequest> {
        self.validate_at(&Path::Root(path))
    }

    /// The same checks for a value inside a larger one; the path is only
    /// spelled out when a check fails.
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest>;
}

/// Where a checked value sits (`body.addressLine[1]`): a chain of borrowed
/// steps, written out only for an error.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root(&'a str),
    Field(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Field(parent, name) | Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        match self {
            Some(v) => v.validate_at(path),
            None => Ok(()),
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        for (i, v) in self.iter().enumerate() {
            v.validate_at(&path.index(i))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        (**self).validate_at(path)
    }
}

pub fn check_length(
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
    path: &Path<'_>,
) -> Result<(), InvalidRequest> {
    let len = value.chars().count();
    if let Some(max) = max.filter(|m| len > *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {len} characters long; maxLength is {max}"),
        ));
    }
    if let Some(min) = min.filter(|m| len < *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {len} characters long; minLength is {min}"),
        ));
    }
    Ok(())
}

pub fn check_items<T>(
    value: &[T],
    min: Option<usize>,
    max: Option<usize>,
    path: &Path<'_>,
) -> Result<(), InvalidRequest> {
    let len = value.len();
    if let Some(max) = max.filter(|m| len > *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("has {len} items; maxItems is {max}"),
        ));
    }
    if let Some(min) = min.filter(|m| len < *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("has {len} items; minItems is {min}"),
        ));
    }
    Ok(())
}

pub fn check_range(
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    path: &Path<'_>,
) -> Result<(), InvalidRequest> {
    if let Some(max) = max.filter(|m| value > *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {value}; maximum is {max}"),
        ));
    }
    if let Some(min) = min.filter(|m| value < *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {value}; minimum is {min}"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Decoding generated structs
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Serializing generated structs
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

/// The transport shared by every operation of a generated client.
///
/// Cheap to clone: a clone shares the connection pool, the base URL and the
/// configuration (three reference counts), so request builders own one.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Arc<str>,
    config: Arc<Config>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// A generated operation's decoding of a whole response by its status.
pub type Decode<T, E, H> = fn(RawResponse) -> Result<ResponseValue<T, H>, Error<E, H>>;

/// The future of a sent operation: boxed, so that operations share one
/// future type instead of each adding its own.
pub type Call<R> = std::pin::Pin<Box<dyn std::future::Future<Output = R> + Send>>;

/// Sends a generated operation's request and decodes the response with the
/// operation's `decode`: the one async body every operation shares, so that
/// each operation only adds two plain functions.
pub fn call<T, E, H>(
    client: Client,
    options: CallOptions,
    request: Result<Request, InvalidRequest>,
    decode: Decode<T, E, H>,
) -> Call<Result<ResponseValue<T, H>, Error<E, H>>>
where
    T: Send + 'static,
    E: Send + 'static,
    H: Send + 'static,
{
    Box::pin(async move {
        let response = client.execute(request?, &options).await?;
        decode(response)
    })
}

impl Client {
    pub fn new(base_url: &str, config: Config) -> Result<Self, ConfigError> {
        let parsed = reqwest::Url::parse(base_url).map_err(|e| ConfigError::InvalidBaseUrl {
            url: base_url.to_owned(),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(ConfigError::InvalidBaseUrl {
                url: base_url.to_owned(),
                reason: "must be an http or https URL".to_owned(),
            });
        }
        let http = match &config.http {
            Some(http) => http.clone(),
            None => http_client_builder()
                .connect_timeout(config.limits.connect_timeout)
                .build()
                .map_err(ConfigError::Http)?,
        };
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').into(),
            config: Arc::new(config),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request`, retrying as the policy allows, and reads the whole
    /// response (up to [`Config::max_response_body`]). Only transport
    /// failures and an oversized body are errors here; statuses are the
    /// generated code's to decode.
    pub async fn execute<E, H>(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error<E, H>> {
        let (call, span) = self.prepare(request, options, false).await?;
        let received =
            tracing::Instrument::instrument(self.attempts(&call, span.clone(), false), span)
                .await?;
        received
            .whole(
                call.meta.id,
                self.config.limits.max_response_body,
                &call.secret_query(),
            )
            .await
    }

    /// The request on the wire, with auth, ready to be attempted. A
    /// `streamed` call has no default timeout (its body is open-ended): only
    /// one the caller sets applies, to the whole exchange.
    async fn prepare<E, H>(
        &self,
        mut request: Request,
        options: &CallOptions,
        streamed: bool,
    ) -> Result<(Attempts, tracing::Span), Error<E, H>> {
        let started = tokio::time::Instant::now();
        let meta = request.meta;
        request.check_param_segments()?;
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| InvalidRequest::new("path", format!("does not form a valid URL: {e}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        let raw_query: Vec<&str> = request
            .raw_query
            .iter()
            .map(String::as_str)
            .filter(|q| !q.is_empty())
            .collect();
        if !raw_query.is_empty() {
            let query = url
                .query()
                .filter(|q| !q.is_empty())
                .into_iter()
                .chain(raw_query)
                .collect::<Vec<_>>()
                .join("&");
            url.set_query(Some(&query));
        }
        let method = reqwest::Method::from_bytes(meta.method.as_bytes())
            .map_err(|_| InvalidRequest::new("method", "is not a valid HTTP method"))?;
        let has_key = idempotency_key(meta, &mut request.headers)?;
        let (mut content_type, body) = request.body.take().unwrap_or_default();
        let upload = request.upload.take().map(|(streamed_type, body)| {
            content_type = streamed_type;
            std::sync::Mutex::new(Some(body))
        });
        if !content_type.is_empty() {
            request.headers.insert(
                reqwest::header::CONTENT_TYPE,
                header_value("Content-Type", &content_type)?,
            );
        }
        let policy = options.retry.as_ref().unwrap_or(&self.config.retry).clone();
        let timeout = match options.timeout.or(self.config.timeout) {
            Some(timeout) => Some(timeout),
            None if streamed => None,
            None => Some(DEFAULT_TIMEOUT),
        };
        // Safe and idempotent methods are retried; others (POST, PATCH, and
        // methods this client cannot vouch for) only with an idempotency key.
        let may_retry = upload.is_none()
            && match method.as_str() {
                "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE" | "QUERY" => true,
                _ => has_key,
            };
        self.authorize(meta, &mut url, &mut request.headers).await?;

        let span = tracing::info_span!(
            "http.call",
            operation = meta.id,
            method = meta.method,
            url.template = meta.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let attempts = Attempts {
            meta,
            method,
            url,
            headers: request.headers,
            content_type,
            body,
            upload,
            policy,
            timeout,
            deadline: self
                .config
                .limits
                .total_timeout
                .filter(|_| !streamed || self.config.timeout.is_some())
                .and_then(|t| started.checked_add(t)),
            may_retry,
        };
        Ok((attempts, span))
    }

    /// Puts the secrets of the first satisfiable security alternative on the
    /// request. With `security: []`, or no configured secret, nothing is added.
    async fn authorize<E, H>(
        &self,
        meta: &OperationMeta,
        url: &mut reqwest::Url,
        headers: &mut HeaderMap,
    ) -> Result<(), Error<E, H>> {
        let secrets = &self.config.secrets;
        let Some(alternative) = meta
            .security
            .iter()
            .find(|set| set.iter().all(|scheme| secrets.contains_key(scheme.name)))
        else {
            return Ok(());
        };
        for scheme in alternative.iter() {
            let Some(secret) = secrets.get(scheme.name) else {
                continue;
            };
            let token = match (secret, &scheme.kind) {
                (Secret::Token(t), _) => t.clone(),
                (Secret::Basic { username, password }, _) => {
                    base64(format!("{username}:{password}").as_bytes())
                }
                (
                    Secret::ClientCredentials { client_id, client_secret, cache },
                    SchemeKind::OAuth2ClientCredentials { token_url },
                ) => {
                    self.oauth2_token(meta.id, token_url, client_id, client_secret, cache)
                        .await?
                }
                (Secret::ClientCredentials { .. }, _) => {
                    return Err(InvalidRequest::new(
                        scheme.name,
                        "client credentials were configured for a scheme that is not OAuth2 client credentials",
                    )
                    .into())
                }
            };
            let sensitive =
                |name: &str, value: &str| -> Result<reqwest::header::HeaderValue, InvalidRequest> {
                    let mut v = header_value(name, value)?;
                    v.set_sensitive(true);
                    Ok(v)
                };
            match &scheme.kind {
                SchemeKind::ApiKeyHeader(name) => {
                    headers.insert(header_name(name)?, sensitive(name, &token)?);
                }
                SchemeKind::ApiKeyQuery(name) => {
                    url.query_pairs_mut().append_pair(name, &token);
                }
                SchemeKind::ApiKeyCookie(name) => append_cookie(headers, name, &token, true)?,
                SchemeKind::Basic => {
                    let value = match secret {
                        Secret::Basic { .. } => format!("Basic {token}"),
                        _ => format!("Bearer {token}"),
                    };
                    headers.insert(
                        reqwest::header::AUTHORIZATION,
                        sensitive("Authorization", &value)?,
                    );
                }
                SchemeKind::Bearer | SchemeKind::OAuth2ClientCredentials { .. } => {
                    let value = format!("Bearer {token}");
                    headers.insert(
                        reqwest::header::AUTHORIZATION,
                        sensitive("Authorization", &value)?,
                    );
                }
            }
        }
        Ok(())
    }

    /// The cached OAuth2 token, fetched (again) when missing or about to expire.
    async fn oauth2_token<E, H>(
        &self,
        operation: &'static str,
        token_url: &str,
        client_id: &str,
        client_secret: &str,
        cache: &tokio::sync::Mutex<Option<(String, std::time::Instant)>>,
    ) -> Result<String, Error<E, H>> {
        let mut cached = cache.lock().await;
        let now = std::time::Instant::now();
        if let Some((token, expires)) = cached.as_ref() {
            if *expires > now + Duration::from_secs(30) {
                return Ok(token.clone());
            }
        }
        let url = match reqwest::Url::parse(token_url) {
            Ok(url) => url,
            Err(_) => reqwest::Url::parse(&format!(
                "{}/{}",
                self.base_url,
                token_url.trim_start_matches('/')
            ))
            .map_err(|e| InvalidRequest::new("tokenUrl", format!("is not a valid URL: {e}")))?,
        };
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, PATH_SEGMENT).to_string();
        let form = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            enc(client_id),
            enc(client_secret)
        );
        let response = self
            .http
            .post(url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(form)
            .timeout(self.config.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .send()
            .await
            .map_err(Error::Transport)?;
        let RawResponse {
            status,
            headers,
            body,
            ..
        } = read_body(
            operation,
            response,
            self.config.limits.max_response_body,
            &[],
        )
        .await?;
        #[derive(serde::Deserialize)]
        struct Token {
            access_token: String,
            expires_in: Option<u64>,
        }
        let token = match serde_json::from_slice::<Token>(&body) {
            Ok(token) if status.is_success() => token,
            _ => {
                let reason = format!("the OAuth2 token endpoint answered {status} without a token");
                return Err(RawResponse {
                    operation,
                    status,
                    headers,
                    body,
                }
                .unexpected_because(reason));
            }
        };
        let lifetime = Duration::from_secs(token.expires_in.unwrap_or(3600));
        *cached = Some((token.access_token.clone(), now + lifetime));
        Ok(token.access_token)
    }

    /// Sends the request until it succeeds or may not be retried. `live`:
    /// hand back the response unread (streamed bodies), else read it whole.
    async fn attempts<E, H>(
        &self,
        call: &Attempts,
        span: tracing::Span,
        live: bool,
    ) -> Result<Received, Error<E, H>> {
        let policy = &call.policy;
        let limit = self.config.limits.max_response_body;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let now = tokio::time::Instant::now();
            let attempt_deadline =
                match (call.timeout.and_then(|t| now.checked_add(t)), call.deadline) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            let outcome = match self.send_attempt(call, attempt_deadline).await {
                Ok(response) if live => Ok(Received::Live(response)),
                Ok(response) => read_body(call.meta.id, response, limit, &call.secret_query())
                    .await
                    .map(Received::Whole),
                Err(e) => Err(e),
            };
            let pause = match &outcome {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if let Some(id) = call
                        .meta
                        .request_id_header
                        .and_then(|h| response.headers().get(h))
                        .and_then(|v| v.to_str().ok())
                    {
                        span.record("request_id", id);
                    }
                    if !RetryPolicy::retryable_status(response.status()) {
                        return outcome;
                    }
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
                    match retry_after {
                        Some(wait) if wait > policy.max_retry_after => return outcome,
                        Some(wait) => wait,
                        None => policy.backoff(attempt),
                    }
                }
                Err(Error::Transport(e)) if e.is_connect() || e.is_timeout() || e.is_request() => {
                    policy.backoff(attempt)
                }
                Err(_) => return outcome,
            };
            let last = attempt >= policy.max_attempts || !call.may_retry;
            let past_deadline = call
                .deadline
                .is_some_and(|d| tokio::time::Instant::now() + pause >= d);
            if last || past_deadline {
                return outcome;
            }
            match &outcome {
                Ok(response) => {
                    tracing::debug!(status = response.status().as_u16(), ?pause, "retrying")
                }
                Err(Error::Transport(e)) => tracing::debug!(error = %e, ?pause, "retrying"),
                Err(_) => {}
            }
            tokio::time::sleep(pause).await;
        }
    }

    /// One attempt: the request, and the redirects the policy follows. The
    /// response's body is not read yet.
    async fn send_attempt<E, H>(
        &self,
        call: &Attempts,
        deadline: Option<tokio::time::Instant>,
    ) -> Result<reqwest::Response, Error<E, H>> {
        let mut url = call.url.clone();
        let mut method = call.method.clone();
        let mut with_body = true;
        let mut left_origin = false;
        let mut hops = 0u32;
        loop {
            let mut headers = if left_origin {
                call.headers_for_other_origin()
            } else {
                call.headers.clone()
            };
            if !with_body {
                headers.remove(reqwest::header::CONTENT_TYPE);
            }
            let body: &[u8] = if with_body { &call.body } else { &[] };
            if !left_origin {
                let mut outgoing = OutgoingRequest {
                    operation_id: call.meta.id,
                    method: &method,
                    path_and_query: path_and_query(&url),
                    headers: &mut headers,
                    body,
                };
                for hook in &self.config.hooks {
                    hook.on_request(&mut outgoing)?;
                }
            }
            let mut builder = self
                .http
                .request(method.clone(), url.clone())
                .headers(headers);
            let streamed = call
                .upload
                .as_ref()
                .filter(|_| with_body)
                .and_then(|u| u.lock().ok().and_then(|mut u| u.take()));
            if let Some(streamed) = streamed {
                builder = builder.body(streamed);
            } else if with_body && (!call.body.is_empty() || !call.content_type.is_empty()) {
                builder = builder.body(call.body.clone());
            }
            if let Some(deadline) = deadline {
                builder = builder
                    .timeout(deadline.saturating_duration_since(tokio::time::Instant::now()));
            }
            let response = builder
                .send()
                .await
                .map_err(|e| Error::Transport(redact_error(e, &call.secret_query())))?;
            let Some(next) = next_hop(
                self.config.limits.redirects,
                hops,
                &response,
                &call.url,
                &method,
                with_body && (!call.body.is_empty() || call.upload.is_some()),
            ) else {
                return Ok(response);
            };
            if with_body && next.keep_body && call.upload.is_some() {
                // A streamed body was sent and cannot be sent again.
                return Ok(response);
            }
            tracing::debug!(status = response.status().as_u16(), "following a redirect");
            hops += 1;
            left_origin |= next.url.origin() != call.url.origin();
            url = next.url;
            method = next.method;
            with_body &= next.keep_body;
        }
    }
}

/// One call's request, ready to be attempted.
struct Attempts {
    meta: &'static OperationMeta,
    method: reqwest::Method,
    url: reqwest::Url,
    /// Every header but those request hooks add.
    headers: HeaderMap,
    content_type: String,
    body: Vec<u8>,
    /// A streamed body, taken by the first (only) attempt.
    upload: Option<std::sync::Mutex<Option<reqwest::Body>>>,
    policy: RetryPolicy,
    /// Of each attempt (none: a streamed call the caller set none for).
    timeout: Option<Duration>,
    /// Of the whole call (on tokio's clock, like the pauses and timeouts).
    deadline: Option<tokio::time::Instant>,
    may_retry: bool,
}

impl Attempts {
    /// The query parameters that carry secrets (`apiKey` in `query`).
    fn secret_query(&self) -> Vec<&'static str> {
        self.schemes()
            .filter_map(|s| match s.kind {
                SchemeKind::ApiKeyQuery(name) => Some(name),
                _ => None,
            })
            .collect()
    }

    fn schemes(&self) -> impl Iterator<Item = &'static SecurityScheme> {
        self.meta
            .security
            .iter()
            .flat_map(|set| set.iter().copied())
    }

    /// The headers sent after a redirect has left the request's origin: no
    /// credential of any kind (hooks are not called there either).
    fn headers_for_other_origin(&self) -> HeaderMap {
        let mut headers = self.headers.clone();
        for name in [
            reqwest::header::AUTHORIZATION,
            reqwest::header::PROXY_AUTHORIZATION,
            reqwest::header::COOKIE,
        ] {
            headers.remove(name);
        }
        headers.remove("cookie2");
        for scheme in self.schemes() {
            if let SchemeKind::ApiKeyHeader(name) = scheme.kind {
                headers.remove(name);
            }
        }
        headers
    }
}

/// Path and query of a URL as sent (`/v1/things?x=1`).
fn path_and_query(url: &reqwest::Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

/// Where a redirect leads, when the policy follows it.
struct Hop {
    url: reqwest::Url,
    method: reqwest::Method,
    keep_body: bool,
}

/// The next request after `response`, if it is a redirect that `policy`
/// follows after `hops` redirects already followed. `first` is the call's
/// first URL (whose origin the credentials belong to); `has_body`: the
/// request carried a body.
fn next_hop(
    policy: RedirectPolicy,
    hops: u32,
    response: &reqwest::Response,
    first: &reqwest::Url,
    method: &reqwest::Method,
    has_body: bool,
) -> Option<Hop> {
    let (limit, any_origin) = match policy {
        RedirectPolicy::None => return None,
        RedirectPolicy::SameOrigin(limit) => (limit, false),
        RedirectPolicy::AnyOrigin(limit) => (limit, true),
    };
    if hops >= limit {
        return None;
    }
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let mut url = response.url().join(location).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    let same_origin = url.origin() == first.origin();
    if !same_origin && !any_origin {
        return None;
    }
    if matches!(status, 307 | 308) {
        // The method and body are repeated: never to another origin.
        if has_body && !same_origin {
            return None;
        }
        return Some(Hop {
            url,
            method: method.clone(),
            keep_body: true,
        });
    }
    let method = if *method == reqwest::Method::HEAD {
        reqwest::Method::HEAD
    } else {
        reqwest::Method::GET
    };
    Some(Hop {
        url,
        method,
        keep_body: false,
    })
}

/// Reads a response's body, up to `limit` bytes.
async fn read_body<E, H>(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: u64,
    secret_query: &[&str],
) -> Result<RawResponse, Error<E, H>> {
    let status = response.status();
    let too_large = |headers: HeaderMap| {
        Error::ResponseTooLarge(Box::new(ResponseTooLarge {
            operation,
            status,
            headers,
            limit,
        }))
    };
    let declared = response.content_length().unwrap_or(0);
    if declared > limit {
        return Err(too_large(std::mem::take(response.headers_mut())));
    }
    // A declared length is a hint only: never more than 1 MiB up front.
    let mut body = Vec::with_capacity(declared.min(1 << 20) as usize);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
                    return Err(too_large(std::mem::take(response.headers_mut())));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(Error::Transport(redact_error(e, secret_query))),
        }
    }
    Ok(RawResponse {
        operation,
        status,
        headers: std::mem::take(response.headers_mut()),
        body,
    })
}

/// A transport error with the values of secret query parameters (`apiKey`
/// in `query`) replaced: the error's URL shows in its `Display` and `Debug`.
fn redact_error(mut error: reqwest::Error, secret_query: &[&str]) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        redact_query(url, secret_query);
    }
    error
}

/// Replaces the values of the query parameters named in `secret_query`.
pub fn redact_query(url: &mut reqwest::Url, secret_query: &[&str]) {
    if !url
        .query_pairs()
        .any(|(k, _)| secret_query.contains(&k.as_ref()))
    {
        return;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if secret_query.contains(&k.as_ref()) {
                "REDACTED".to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
}

/// Makes sure a POST or PATCH is retried only with a real idempotency key.
/// An operation that declares an idempotency header gets a fresh UUID there
/// unless the caller set a non-blank key (an empty or blank key counts as
/// none: it would let a server treat unrelated requests as one). A blank
/// `Idempotency-Key` the operation does not declare is not sent. Returns
/// whether the request carries a key.
fn idempotency_key(meta: &OperationMeta, headers: &mut HeaderMap) -> Result<bool, InvalidRequest> {
    let blank = |v: &reqwest::header::HeaderValue| v.as_bytes().iter().all(u8::is_ascii_whitespace);
    if let Some(name) = meta.idempotency_header {
        if headers.get_all(name).iter().all(blank) {
            let key = uuid::Uuid::new_v4().to_string();
            headers.insert(header_name(name)?, header_value(name, &key)?);
        }
    }
    if headers.get_all("idempotency-key").iter().any(blank) {
        headers.remove("idempotency-key");
    }
    Ok(meta.idempotency_header.is_some() || headers.contains_key("idempotency-key"))
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

/// A whole response, before decoding.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The operation id (`createTRLinkIntegration`).
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Typed response headers, parsed from the raw ones.
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
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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

    fn unexpected_because<E, H>(self, reason: String) -> Error<E, H> {
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

// ---------------------------------------------------------------------------
// Streaming: event streams, JSON item streams, byte streams, uploads
// ---------------------------------------------------------------------------

/// A response as the retry loop hands it back: read whole, or unread (for
/// operations whose result is streamed).
enum Received {
    Whole(RawResponse),
    Live(reqwest::Response),
}

impl Received {
    fn status(&self) -> StatusCode {
        match self {
            Received::Whole(r) => r.status,
            Received::Live(r) => r.status(),
        }
    }

    fn headers(&self) -> &HeaderMap {
        match self {
            Received::Whole(r) => &r.headers,
            Received::Live(r) => r.headers(),
        }
    }

    /// The body read whole, up to `limit` bytes.
    async fn whole<E, H>(
        self,
        operation: &'static str,
        limit: u64,
        secret_query: &[&str],
    ) -> Result<RawResponse, Error<E, H>> {
        match self {
            Received::Whole(r) => Ok(r),
            Received::Live(response) => read_body(operation, response, limit, secret_query).await,
        }
    }

    /// The body as it arrives; errors name the URL with secrets redacted.
    fn into_chunks(self, secret_query: Vec<&'static str>) -> Chunks {
        match self {
            Received::Whole(r) => {
                Box::pin(futures_util::stream::iter([Ok(bytes::Bytes::from(r.body))]))
            }
            Received::Live(response) => Box::pin(futures_util::StreamExt::map(
                response.bytes_stream(),
                move |chunk| chunk.map_err(|e| redact_error(e, &secret_query)),
            )),
        }
    }
}

/// The body as it arrives, chunk by chunk.
type Chunks =
    std::pin::Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

type BoxStream<T> = std::pin::Pin<Box<dyn futures_core::Stream<Item = T> + Send>>;

impl Client {
    /// Sends `request` like [`Client::execute`], but leaves the body unread:
    /// the generated code streams a success and reads other statuses whole.
    pub async fn execute_streaming<E, H>(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<StreamingResponse, Error<E, H>> {
        let (call, span) = self.prepare(request, options, true).await?;
        let received =
            tracing::Instrument::instrument(self.attempts(&call, span.clone(), true), span).await?;
        // A streamed upload cannot be sent twice, so such a call cannot resume.
        let limit = self.config.limits.max_response_body;
        let secret_query = call.secret_query();
        let meta_id = call.meta.id;
        let resend = call.upload.is_none().then(|| Resend {
            client: self.clone(),
            call,
        });
        Ok(StreamingResponse {
            received,
            resend,
            operation: meta_id,
            limit,
            secret_query,
        })
    }
}

impl Request {
    /// A body sent from a stream or a file, without reading it into memory.
    /// Such a request is sent once (never retried), and request hooks see an
    /// empty body.
    pub fn upload(&mut self, content_type: &str, body: Upload) {
        match body.body {
            UploadBody::Bytes(bytes) => self.bytes(content_type, bytes),
            UploadBody::Stream(stream) => self.upload = Some((content_type.to_owned(), stream)),
        }
    }

    /// A `multipart/form-data` body with streamed file parts: the properties
    /// of `body` become parts as with [`Request::multipart`] (those named in
    /// `files` as file parts), except the ones `streamed` replaces, which
    /// follow, read while sending.
    pub fn multipart_upload<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[&str],
        streamed: Vec<(String, FilePart)>,
    ) -> Result<(), InvalidRequest> {
        if streamed.is_empty() {
            return self.multipart(body, files);
        }
        let mut value = serde_json::to_value(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
        if let serde_json::Value::Object(map) = &mut value {
            for (name, _) in &streamed {
                map.shift_remove(name);
            }
        }
        let buffered: Vec<&str> = files
            .iter()
            .copied()
            .filter(|f| !streamed.iter().any(|(name, _)| name == f))
            .collect();
        self.multipart(&value, &buffered)?;
        let Some((content_type, mut head)) = self.body.take() else {
            return Ok(());
        };
        let boundary = content_type
            .split("boundary=")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        // Drop the closing delimiter; the file parts and a new one follow.
        head.truncate(head.len().saturating_sub(boundary.len() + 6));
        let mut pieces: Vec<BoxStream<Result<bytes::Bytes, std::io::Error>>> = vec![Box::pin(
            futures_util::stream::iter([Ok(bytes::Bytes::from(head))]),
        )];
        for (name, part) in streamed {
            let header = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                name.replace(['"', '\r', '\n'], "%22"),
                part.file_name.replace(['"', '\r', '\n'], "%22"),
                part.content_type.replace(['\r', '\n'], ""),
            );
            pieces.push(Box::pin(futures_util::stream::iter([Ok(
                bytes::Bytes::from(header),
            )])));
            pieces.push(part.bytes);
            pieces.push(Box::pin(futures_util::stream::iter([Ok(
                bytes::Bytes::from_static(b"\r\n"),
            )])));
        }
        pieces.push(Box::pin(futures_util::stream::iter([Ok(
            bytes::Bytes::from(format!("--{boundary}--\r\n")),
        )])));
        let stream = futures_util::StreamExt::flatten(futures_util::stream::iter(pieces));
        self.upload = Some((content_type, reqwest::Body::wrap_stream(stream)));
        Ok(())
    }
}

/// A raw request body: bytes in memory (`From<Vec<u8>>`), or streamed
/// rather than held in memory, from a file or any stream of byte chunks. A
/// streamed body is sent once (never retried) and request hooks see it
/// empty.
pub struct Upload {
    body: UploadBody,
}

enum UploadBody {
    /// Held in memory: retried and seen by hooks like any body.
    Bytes(Vec<u8>),
    Stream(reqwest::Body),
}

impl Upload {
    /// Streams the file at `path` (opened now, read while sending).
    pub async fn file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let file = tokio::fs::File::open(path).await?;
        Ok(Upload {
            body: UploadBody::Stream(file.into()),
        })
    }

    /// Streams the chunks of `stream`; an error item aborts the request.
    pub fn stream<S, B, X>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, X>> + Send + 'static,
        bytes::Bytes: From<B>,
        B: 'static,
        X: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Upload {
            body: UploadBody::Stream(reqwest::Body::wrap_stream(stream)),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload {
            body: UploadBody::Bytes(bytes),
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Upload { .. }")
    }
}

/// A file part of a multipart body, streamed: its bytes, file name and
/// content type.
pub struct FilePart {
    bytes: BoxStream<Result<bytes::Bytes, std::io::Error>>,
    file_name: String,
    content_type: String,
}

impl FilePart {
    /// Streams the file at `path`; the file name is the path's last part and
    /// the content type `application/octet-stream` until set.
    pub async fn file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FilePart {
            bytes: Box::pin(tokio_util::io::ReaderStream::new(file)),
            file_name,
            content_type: "application/octet-stream".to_owned(),
        })
    }

    /// Streams the chunks of `stream`.
    pub fn stream<S, B>(stream: S, file_name: impl Into<String>) -> Self
    where
        S: futures_core::Stream<Item = Result<B, std::io::Error>> + Send + 'static,
        B: Into<bytes::Bytes> + 'static,
    {
        FilePart {
            bytes: Box::pin(futures_util::StreamExt::map(stream, |r| r.map(Into::into))),
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
        }
    }

    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

/// What is needed to send a streamed call again (event stream reconnection).
struct Resend {
    client: Client,
    call: Attempts,
}

impl Resend {
    /// Sends the request again, with `Last-Event-ID` when an id was seen.
    async fn send(&mut self, last_event_id: Option<&str>) -> Result<Chunks, StreamError> {
        match last_event_id.and_then(|id| reqwest::header::HeaderValue::from_str(id).ok()) {
            Some(id) => self.call.headers.insert("last-event-id", id),
            None => self.call.headers.remove("last-event-id"),
        };
        let span = tracing::info_span!(
            "http.reconnect",
            operation = self.call.meta.id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let received = tracing::Instrument::instrument(
            self.client.attempts::<std::convert::Infallible, NoHeaders>(
                &self.call,
                span.clone(),
                true,
            ),
            span,
        )
        .await
        .map_err(|e| StreamError::Reconnect(Box::new(e)))?;
        if received.status().is_success() {
            return Ok(received.into_chunks(self.call.secret_query()));
        }
        let limit = self.client.config.limits.max_response_body;
        let raw = received
            .whole::<std::convert::Infallible, NoHeaders>(
                self.call.meta.id,
                limit,
                &self.call.secret_query(),
            )
            .await
            .map_err(|e| StreamError::Reconnect(Box::new(e)))?;
        Err(StreamError::Reconnect(Box::new(raw.unexpected())))
    }
}

/// A response whose body is not read yet: generated code streams a success
/// with one of the methods here and reads other statuses with
/// [`StreamingResponse::whole`].
pub struct StreamingResponse {
    received: Received,
    resend: Option<Resend>,
    operation: &'static str,
    /// [`Config::max_response_body`], for a status read whole.
    limit: u64,
    /// Secret query parameter names, redacted from errors.
    secret_query: Vec<&'static str>,
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.received.status())
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    pub fn status(&self) -> u16 {
        self.received.status().as_u16()
    }

    /// Reads the whole body (up to [`Config::max_response_body`]), to
    /// decode a status that is not streamed.
    pub async fn whole<E, H>(self) -> Result<RawResponse, Error<E, H>> {
        self.received
            .whole(self.operation, self.limit, &self.secret_query)
            .await
    }

    fn value<T, H: FromHeaders>(
        self,
        body: impl FnOnce(Chunks, Option<Resend>, u64) -> T,
    ) -> ResponseValue<T, H> {
        let status = self.received.status();
        let headers = self.received.headers().clone();
        ResponseValue {
            status,
            headers: H::from_headers(&headers),
            raw_headers: headers,
            body: body(
                self.received.into_chunks(self.secret_query),
                self.resend,
                self.limit,
            ),
        }
    }

    /// A `text/event-stream` success whose events carry JSON `data`.
    pub fn events<T, E, H>(self) -> Result<ResponseValue<EventStream<T>, H>, Error<E, H>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        H: FromHeaders,
    {
        Ok(self.value(|chunks, resend, limit| {
            EventStream::new(chunks, resend, limit, |data| {
                serde_json::from_str(data)
                    .map_err(|e| format!("data does not decode as documented: {e}"))
            })
        }))
    }

    /// A `text/event-stream` success whose `data` is untyped text.
    pub fn text_events<E, H: FromHeaders>(
        self,
    ) -> Result<ResponseValue<EventStream<String>, H>, Error<E, H>> {
        Ok(self.value(|chunks, resend, limit| {
            EventStream::new(chunks, resend, limit, |data| Ok(data.to_owned()))
        }))
    }

    /// A JSON Lines (`application/jsonl`, `application/x-ndjson`) success:
    /// one JSON value per line.
    pub fn json_lines<T, E, H>(self) -> Result<ResponseValue<ItemStream<T>, H>, Error<E, H>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        H: FromHeaders,
    {
        Ok(self.value(|chunks, _, limit| ItemStream::new(chunks, b'\n', limit)))
    }

    /// A JSON text sequence (`application/json-seq`, RFC 7464) success: each
    /// value after an ASCII record separator.
    pub fn json_seq<T, E, H>(self) -> Result<ResponseValue<ItemStream<T>, H>, Error<E, H>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        H: FromHeaders,
    {
        Ok(self.value(|chunks, _, limit| ItemStream::new(chunks, 0x1e, limit)))
    }

    /// A success whose body is consumed as a stream of byte chunks, without
    /// buffering.
    pub fn byte_stream<E, H: FromHeaders>(
        self,
    ) -> Result<ResponseValue<ByteStream, H>, Error<E, H>> {
        Ok(self.value(|chunks, _, _| ByteStream { chunks }))
    }
}

/// A problem with one item of a streamed response. It is yielded in place
/// of the item; the stream goes on after an undecodable item and ends after
/// a transport error.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection failed or was cut before the body ended.
    Transport(reqwest::Error),
    /// An item arrived whole but does not decode as documented: kept raw.
    Undecodable(Box<UndecodableItem>),
    /// The event stream was cut, and sending the request again to resume it
    /// failed.
    Reconnect(Box<Error<std::convert::Infallible>>),
    /// One item (an event, a line, a record) grew past
    /// [`Config::max_response_body`] bytes before it ended; the stream
    /// stopped there.
    ItemTooLarge { limit: u64 },
}

/// An item of a stream that did not decode, with its raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndecodableItem {
    /// For events: the event type.
    pub event: Option<String>,
    /// For events: the last event id.
    pub id: Option<String>,
    /// The event's `data`, or the item's text.
    pub data: String,
    pub reason: String,
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Transport(e) => write!(f, "the stream was cut: {e}"),
            StreamError::Undecodable(item) => {
                write!(f, "an item of the stream does not decode: {}", item.reason)
            }
            StreamError::Reconnect(e) => write!(f, "the stream could not be resumed: {e}"),
            StreamError::ItemTooLarge { limit } => write!(
                f,
                "an item of the stream is longer than {limit} bytes (Config::max_response_body)"
            ),
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(e) => Some(e),
            StreamError::Reconnect(e) => Some(e),
            StreamError::Undecodable(_) | StreamError::ItemTooLarge { .. } => None,
        }
    }
}

/// One server-sent event, its `data` decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type (`event:`), `message` when the server names none.
    pub event: String,
    /// The last event id the server sent (`id:`), if any.
    pub id: Option<String>,
    /// The reconnection time the server asked for (`retry:`), if any so far.
    pub retry: Option<Duration>,
    pub data: T,
}

/// The events of a `text/event-stream` response, in order. Implements
/// [`futures_core::Stream`]; [`EventStream::next`] works without importing
/// a stream trait.
///
/// An event whose `data` does not decode is yielded as
/// [`StreamError::Undecodable`] and the stream goes on; a connection cut
/// before the body ends is yielded as [`StreamError::Transport`] and ends
/// the stream, unless [`EventStream::reconnect`] asked to resume it.
pub struct EventStream<T> {
    state: Option<Box<EventState<T>>>,
    running: Option<BoxStream<Result<Event<T>, StreamError>>>,
}

struct EventState<T> {
    chunks: Chunks,
    parser: SseParser,
    ready: std::collections::VecDeque<Result<Event<T>, StreamError>>,
    decode: fn(&str) -> Result<T, String>,
    resend: Option<Resend>,
    reconnects: u32,
    default_delay: Duration,
    /// Longest event, in bytes.
    limit: u64,
    done: bool,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream { .. }")
    }
}

impl<T: Send + 'static> EventStream<T> {
    fn new(
        chunks: Chunks,
        resend: Option<Resend>,
        limit: u64,
        decode: fn(&str) -> Result<T, String>,
    ) -> Self {
        EventStream {
            state: Some(Box::new(EventState {
                chunks,
                parser: SseParser::default(),
                ready: Default::default(),
                decode,
                resend,
                reconnects: 0,
                default_delay: Duration::from_secs(1),
                limit,
                done: false,
            })),
            running: None,
        }
    }

    /// When the connection is cut before the stream ends, send the request
    /// again (with `Last-Event-ID` when the server gave event ids), at most
    /// `max` times in all, after the `retry` delay the server asked for (1 s
    /// if none). Has no effect once the stream is being read, nor for a call
    /// with a streamed upload.
    pub fn reconnect(mut self, max: u32) -> Self {
        if let Some(state) = &mut self.state {
            state.reconnects = max;
        }
        self
    }

    /// The next event, `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<Event<T>, StreamError>> {
        futures_util::StreamExt::next(self).await
    }

    fn running(&mut self) -> &mut BoxStream<Result<Event<T>, StreamError>> {
        let state = self.state.take();
        self.running.get_or_insert_with(|| match state {
            Some(state) => Box::pin(futures_util::stream::unfold(*state, EventState::next)),
            None => Box::pin(futures_util::stream::empty()),
        })
    }
}

impl<T: Send + 'static> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, StreamError>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().running().as_mut().poll_next(cx)
    }
}

impl<T: Send + 'static> EventState<T> {
    async fn next(mut self) -> Option<(Result<Event<T>, StreamError>, Self)> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some((item, self));
            }
            if self.done {
                return None;
            }
            match futures_util::StreamExt::next(&mut self.chunks).await {
                Some(Ok(chunk)) => {
                    let mut events = Vec::new();
                    self.parser.feed(&chunk, &mut events);
                    for e in events {
                        let item = match (self.decode)(&e.data) {
                            Ok(data) => Ok(Event {
                                event: e.event,
                                id: e.id,
                                retry: e.retry,
                                data,
                            }),
                            Err(reason) => {
                                Err(StreamError::Undecodable(Box::new(UndecodableItem {
                                    event: Some(e.event),
                                    id: e.id,
                                    data: e.data,
                                    reason,
                                })))
                            }
                        };
                        self.ready.push_back(item);
                    }
                    if self.parser.pending_len() as u64 > self.limit {
                        self.ready
                            .push_back(Err(StreamError::ItemTooLarge { limit: self.limit }));
                        self.done = true;
                    }
                }
                // The end: an event not closed by a blank line is dropped,
                // as the event stream format says.
                None => self.done = true,
                Some(Err(cut)) => match self.resend.as_mut() {
                    Some(resend) if self.reconnects > 0 => {
                        self.reconnects -= 1;
                        tokio::time::sleep(self.parser.retry.unwrap_or(self.default_delay)).await;
                        self.parser.reconnected();
                        match resend.send(self.parser.last_id.as_deref()).await {
                            Ok(chunks) => self.chunks = chunks,
                            Err(e) => {
                                self.ready.push_back(Err(e));
                                self.done = true;
                            }
                        }
                    }
                    _ => {
                        self.ready.push_back(Err(StreamError::Transport(cut)));
                        self.done = true;
                    }
                },
            }
        }
    }
}

/// One event as parsed, before its `data` is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    pub event: String,
    pub data: String,
    pub id: Option<String>,
    pub retry: Option<Duration>,
}

/// An incremental parser of the `text/event-stream` format (WHATWG HTML,
/// "Server-sent events"): lines end with CRLF, LF or CR (also across chunk
/// boundaries), a leading BOM is skipped, `:` lines are comments, `data`
/// lines are joined with LF, a blank line dispatches the event (none when
/// no data was given), `id` persists until changed (ignored when it holds
/// NUL), `retry` takes ASCII digits only, unknown fields are ignored.
#[derive(Debug, Default)]
pub struct SseParser {
    /// The current line, not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: a LF opening the next one belongs to it.
    after_cr: bool,
    /// Past the optional BOM at the start.
    started: bool,
    data: String,
    event: String,
    /// The `id` of the event being read; it becomes `last_id` when the
    /// event is dispatched (even one without data).
    id_buffer: Option<String>,
    last_id: Option<String>,
    retry: Option<Duration>,
}

impl SseParser {
    /// Parses a chunk, appending each completed event to `out`.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut Vec<RawEvent>) {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if !self.started {
            self.line.extend_from_slice(chunk);
            if self.line.len() < BOM.len() && BOM.starts_with(&self.line) {
                return;
            }
            self.started = true;
            let pending = std::mem::take(&mut self.line);
            let rest = pending.strip_prefix(BOM).unwrap_or(&pending);
            return self.feed(rest, out);
        }
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while let Some(end) = chunk.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.process(&line, out);
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(chunk);
    }

    /// Bytes held for the event not finished yet.
    pub fn pending_len(&self) -> usize {
        self.line.len() + self.data.len()
    }

    /// The reconnection time the server asked for, if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The id of the last event dispatched, sent as `Last-Event-ID` on
    /// reconnection.
    pub fn last_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// A new connection: the unfinished line and event are dropped; the last
    /// event id and reconnection time stay.
    fn reconnected(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.started = false;
        self.data.clear();
        self.event.clear();
        self.id_buffer = self.last_id.clone();
    }

    fn process(&mut self, line: &[u8], out: &mut Vec<RawEvent>) {
        let line = String::from_utf8_lossy(line);
        if line.is_empty() {
            self.last_id = self.id_buffer.clone();
            let data = std::mem::take(&mut self.data);
            let event = std::mem::take(&mut self.event);
            if data.is_empty() {
                return;
            }
            out.push(RawEvent {
                event: if event.is_empty() {
                    "message".to_owned()
                } else {
                    event
                },
                data: data.strip_suffix('\n').unwrap_or(&data).to_owned(),
                id: self.last_id.clone(),
                retry: self.retry,
            });
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "" => {} // a comment
            "event" => self.event = value.to_owned(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => {
                self.id_buffer = (!value.is_empty()).then(|| value.to_owned());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }
}

/// The items of a JSON Lines or JSON text sequence response, in order.
/// Implements [`futures_core::Stream`]; [`ItemStream::next`] works without
/// importing a stream trait. An item that does not decode is yielded as
/// [`StreamError::Undecodable`] and the stream goes on; a connection cut
/// before the body ends is yielded as [`StreamError::Transport`] and ends
/// the stream.
pub struct ItemStream<T> {
    inner: BoxStream<Result<T, StreamError>>,
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ItemStream { .. }")
    }
}

struct ItemState<T> {
    chunks: Chunks,
    splitter: RecordSplitter,
    /// Longest record, in bytes.
    limit: u64,
    ready: std::collections::VecDeque<Result<T, StreamError>>,
    done: bool,
}

impl<T: serde::de::DeserializeOwned + Send + 'static> ItemStream<T> {
    fn new(chunks: Chunks, separator: u8, limit: u64) -> Self {
        let state = ItemState::<T> {
            chunks,
            splitter: RecordSplitter::new(separator),
            limit,
            ready: Default::default(),
            done: false,
        };
        ItemStream {
            inner: Box::pin(futures_util::stream::unfold(state, ItemState::next)),
        }
    }
}

impl<T> ItemStream<T> {
    /// The next item, `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<T, StreamError>> {
        futures_util::StreamExt::next(&mut self.inner).await
    }
}

impl<T> futures_core::Stream for ItemStream<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().inner.as_mut().poll_next(cx)
    }
}

impl<T: serde::de::DeserializeOwned> ItemState<T> {
    fn decode(&mut self, records: Vec<Vec<u8>>) {
        for record in records {
            let item = serde_json::from_slice(&record).map_err(|e| {
                StreamError::Undecodable(Box::new(UndecodableItem {
                    event: None,
                    id: None,
                    data: String::from_utf8_lossy(&record).into_owned(),
                    reason: format!("item does not decode as documented: {e}"),
                }))
            });
            self.ready.push_back(item);
        }
    }

    async fn next(mut self) -> Option<(Result<T, StreamError>, Self)> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some((item, self));
            }
            if self.done {
                return None;
            }
            match futures_util::StreamExt::next(&mut self.chunks).await {
                Some(Ok(chunk)) => {
                    let records = self.splitter.feed(&chunk);
                    self.decode(records);
                    if self.splitter.pending_len() as u64 > self.limit {
                        self.ready
                            .push_back(Err(StreamError::ItemTooLarge { limit: self.limit }));
                        self.done = true;
                    }
                }
                None => {
                    self.done = true;
                    let records = self.splitter.finish();
                    self.decode(records);
                }
                Some(Err(cut)) => {
                    self.done = true;
                    self.ready.push_back(Err(StreamError::Transport(cut)));
                }
            }
        }
    }
}

/// Splits a byte stream into records at a separator byte (LF for JSON Lines,
/// RS for JSON text sequences); records that are only whitespace are
/// skipped.
#[derive(Debug)]
pub struct RecordSplitter {
    separator: u8,
    record: Vec<u8>,
}

impl RecordSplitter {
    pub fn new(separator: u8) -> Self {
        RecordSplitter {
            separator,
            record: Vec::new(),
        }
    }

    /// The records this chunk completes.
    pub fn feed(&mut self, mut chunk: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        while let Some(end) = chunk.iter().position(|b| *b == self.separator) {
            self.record.extend_from_slice(&chunk[..end]);
            let record = std::mem::take(&mut self.record);
            out.extend(Self::trimmed(record));
            chunk = &chunk[end + 1..];
        }
        self.record.extend_from_slice(chunk);
        out
    }

    /// Bytes held for the record not finished yet.
    pub fn pending_len(&self) -> usize {
        self.record.len()
    }

    /// The last record, when the body does not end with a separator.
    pub fn finish(&mut self) -> Vec<Vec<u8>> {
        Self::trimmed(std::mem::take(&mut self.record))
            .into_iter()
            .collect()
    }

    fn trimmed(record: Vec<u8>) -> Option<Vec<u8>> {
        let start = record.iter().position(|b| !b.is_ascii_whitespace())?;
        let end = record.iter().rposition(|b| !b.is_ascii_whitespace())?;
        Some(record[start..=end].to_vec())
    }
}

/// A response body as it arrives, chunk by chunk, never held whole.
/// Implements [`futures_core::Stream`]; [`ByteStream::next`] works without
/// importing a stream trait. A connection cut before the body ends is
/// yielded as [`StreamError::Transport`].
pub struct ByteStream {
    chunks: Chunks,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream { .. }")
    }
}

impl ByteStream {
    /// The next chunk, `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<bytes::Bytes, StreamError>> {
        futures_util::StreamExt::next(self).await
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, StreamError>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut()
            .chunks
            .as_mut()
            .poll_next(cx)
            .map(|c| c.map(|c| c.map_err(StreamError::Transport)))
    }
}

// ---------------------------------------------------------------------------
// Fireblocks request signing
// ---------------------------------------------------------------------------

/// Signs every request the way the Fireblocks API expects: `X-API-Key`, and
/// `Authorization: Bearer <JWT>` signed RS256 with the caller's private key,
/// with the claims `uri` (path and query as sent), `nonce` (unique per
/// attempt), `iat`, `exp` (`iat` + 25 s), `sub` (the API key) and `bodyHash`
/// (hex SHA-256 of the exact body bytes). Install it with
/// [`Config::request_hook`]; it works whatever the spec's `security` says.
#[cfg(feature = "fireblocks-signer")]
pub struct FireblocksSigner {
    api_key: String,
    key: jsonwebtoken::EncodingKey,
}

#[cfg(feature = "fireblocks-signer")]
impl FireblocksSigner {
    /// `private_key_pem`: the RSA private key (PKCS#1 or PKCS#8 PEM) that
    /// belongs to `api_key`.
    /// The key is checked here, by signing a probe token: a public key, or
    /// PEM whose content is not a usable RSA private key, is refused now
    /// rather than on the first request.
    pub fn new(api_key: impl Into<String>, private_key_pem: &[u8]) -> Result<Self, ConfigError> {
        let invalid = |e: jsonwebtoken::errors::Error| ConfigError::InvalidCredential {
            reason: format!("not an RSA private key in PEM form: {e}"),
        };
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem).map_err(invalid)?;
        let signer = FireblocksSigner {
            api_key: api_key.into(),
            key,
        };
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &serde_json::json!({ "probe": true }),
            &signer.key,
        )
        .map_err(invalid)?;
        Ok(signer)
    }

    /// The JWT for one request.
    pub fn token(
        &self,
        path_and_query: &str,
        body: &[u8],
        now: i64,
    ) -> Result<String, InvalidRequest> {
        use sha2::Digest;
        let body_hash: String = sha2::Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let claims = serde_json::json!({
            "uri": path_and_query,
            "nonce": uuid::Uuid::new_v4().to_string(),
            "iat": now,
            "exp": now + 25,
            "sub": self.api_key,
            "bodyHash": body_hash,
        });
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &self.key,
        )
        .map_err(|e| InvalidRequest::new("Authorization", format!("cannot sign the request: {e}")))
    }
}

#[cfg(feature = "fireblocks-signer")]
impl fmt::Debug for FireblocksSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FireblocksSigner { api_key: <redacted>, key: <redacted> }")
    }
}

#[cfg(feature = "fireblocks-signer")]
impl RequestHook for FireblocksSigner {
    fn on_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), InvalidRequest> {
        let token = self.token(
            &request.path_and_query,
            request.body,
            chrono::Utc::now().timestamp(),
        )?;
        let mut key = header_value("X-API-Key", &self.api_key)?;
        key.set_sensitive(true);
        let mut bearer = header_value("Authorization", &format!("Bearer {token}"))?;
        bearer.set_sensitive(true);
        request.headers.insert("x-api-key", key);
        request
            .headers
            .insert(reqwest::header::AUTHORIZATION, bearer);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------

/// What the setter of an optional string parameter takes: a string
/// (`"x"`, `String`, `&String`), or an `Option<String>` whose `None` leaves
/// the parameter unset (so a bare `None` needs no annotation).
pub trait OptionalString {
    fn into_option(self) -> Option<String>;
}

impl OptionalString for &str {
    fn into_option(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl OptionalString for String {
    fn into_option(self) -> Option<String> {
        Some(self)
    }
}

impl OptionalString for &String {
    fn into_option(self) -> Option<String> {
        Some(self.clone())
    }
}

impl OptionalString for Option<String> {
    fn into_option(self) -> Option<String> {
        self
    }
}

/// A request to one operation, made by a `Client` method and completed by
/// the operation's setters; send it with `.send().await` or just `.await`.
/// Each operation names its own: `pub type ListPets = Builder<ListPetsParams>`,
/// where `ListPetsParams` holds the operation's parameters and body.
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct Builder<P> {
    client: Client,
    options: CallOptions,
    /// The operation's parameters, set by its client method and setters.
    pub(crate) params: P,
}

/// A builder of `params`, sent with `client`: what a generated client
/// method returns.
pub fn builder<P>(client: &Client, params: P) -> Builder<P> {
    Builder {
        client: client.clone(),
        options: CallOptions::default(),
        params,
    }
}

impl<P> Builder<P> {
    /// Timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retry policy of this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }
}

/// Sends the request that `request` builds from the parameters of `builder`
/// like [`Client::execute_streaming`], leaving the response body unread: for
/// the operations that stream. `accept` is the `Accept` header of the
/// streamed call, in place of the one `request` sets (`None`: no header).
pub async fn execute_streaming<P, E, H>(
    builder: Builder<P>,
    request: fn(P) -> Result<Request, InvalidRequest>,
    accept: Option<&str>,
) -> Result<StreamingResponse, Error<E, H>> {
    let mut request = request(builder.params)?;
    request.headers.remove(reqwest::header::ACCEPT);
    if let Some(accept) = accept {
        request.header("accept", accept)?;
    }
    builder
        .client
        .execute_streaming(request, &builder.options)
        .await
}

/// What a generated operation's parameters know: how they become a request,
/// and how a whole response is decoded by its status (the success body
/// `Ok`, the documented errors `Err`, the typed response `Headers`).
pub trait Operation: Sized {
    type Ok: Send + 'static;
    type Err: Send + 'static;
    type Headers: Send + 'static;

    /// The request, or why these parameters cannot make one.
    fn request(self) -> Result<Request, InvalidRequest>;

    /// Decodes a whole response by its status.
    fn decode(response: RawResponse) -> OperationResult<Self>;
}

/// What an operation returns once sent.
pub type OperationResult<P> = Result<
    ResponseValue<<P as Operation>::Ok, <P as Operation>::Headers>,
    Error<<P as Operation>::Err, <P as Operation>::Headers>,
>;

impl<P: Operation> Builder<P> {
    /// Sends the request and decodes the response by its status.
    pub fn send(self) -> Call<OperationResult<P>> {
        call(self.client, self.options, self.params.request(), P::decode)
    }
}

impl<P: Operation> std::future::IntoFuture for Builder<P> {
    type Output = OperationResult<P>;
    type IntoFuture = Call<OperationResult<P>>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// The members of a generated string enum: `as_str`, `From<&str>` and
/// `From<String>` (a value the spec does not list becomes `UnknownValue`),
/// `Display`, equality, hashing and order of the wire value, and the serde
/// traits listed in `#[derive(..)]` before the name, as a plain string
/// (`Serialize` comes with `ParamValue`). Generated code invokes it once per
/// string enum; the enum itself is written out.
///
/// Equality and order go through `as_str`: one line each instead of a
/// derive's matches, and an `UnknownValue` holding a listed value equals that
/// variant.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (@Serialize $name:ident) => {
        impl $crate::runtime::ParamValue for $name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
    ($(#[derive($($serde:ident),+)])? $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::UnknownValue(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::UnknownValue(value),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        $($($crate::runtime::string_enum!(@$serde $name);)+)?
    };
}

pub use string_enum;
