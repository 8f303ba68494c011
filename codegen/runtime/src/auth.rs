//! Security schemes and request hooks.

use crate::*;

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
