//! Configuration: [`Config`], its limits and defaults, redirect policy, server URLs.

use crate::*;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Client-wide settings. Every setting has a sensible default, and the
/// defaults are bounded: each attempt times out after [`DEFAULT_TIMEOUT`]
/// (30 s, [`Config::timeout`]), a whole call with its retries after
/// [`DEFAULT_TOTAL_TIMEOUT`] (60 s, [`Config::total_timeout`]; streamed
/// responses have neither unless set), connecting after
/// [`DEFAULT_CONNECT_TIMEOUT`] (10 s), a response
/// body may be [`DEFAULT_MAX_RESPONSE_BODY`] long (32 MiB), and redirects are
/// followed only within the request's origin ([`RedirectPolicy`]).
#[derive(Clone, Default)]
pub struct Config {
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Vec<Arc<dyn RequestHook>>,
    /// Secrets by security scheme name.
    pub(crate) secrets: std::collections::BTreeMap<String, Secret>,
    pub(crate) limits: Limits,
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
    /// bounds them all. Default: [`DEFAULT_TIMEOUT`] (30 s).
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
pub(crate) enum Secret {
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
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Deadline of a whole call (every attempt and the pauses between them)
/// unless [`Config::total_timeout`] sets another: a silent or trickling
/// server holds a call this long at most, however many retries the policy
/// allows.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// Connect timeout of the HTTP client the runtime builds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read into memory by default: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 32 * 1024 * 1024;

/// The limits that keep a hostile or broken server from holding a call
/// forever, filling memory, or collecting credentials through redirects.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) connect_timeout: Duration,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) max_response_body: u64,
    pub(crate) redirects: RedirectPolicy,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
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
    /// timeout is shortened to end by it. Default:
    /// [`DEFAULT_TOTAL_TIMEOUT`] (60 s); a streamed call has a deadline only
    /// when the config sets [`Config::timeout`].
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
#[doc(hidden)]
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
#[doc(hidden)]
pub type ServerVariable<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);

/// Fills `{name}` / `{{name}}` placeholders of a server URL template.
#[doc(hidden)]
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
