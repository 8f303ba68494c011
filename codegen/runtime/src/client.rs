//! Sending: the client, its retry loop, auth and timeouts.

use crate::*;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The transport shared by every operation of a generated client.
///
/// Cheap to clone: a clone shares the connection pool, the base URL and the
/// configuration (three reference counts), so request builders own one.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    /// The base URL requests go to.
    url: Arc<str>,
    /// `url` with any userinfo (`user:password@`) redacted: what `Debug`
    /// and [`Client::base_url`] show.
    base_url: Arc<str>,
    pub(crate) config: Arc<Config>,
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
#[doc(hidden)]
pub type Decode<T, E, H> = fn(RawResponse) -> Result<ResponseValue<T, H>, Error<E, H>>;

/// The future of a sent operation: boxed, so that operations share one
/// future type instead of each adding its own.
pub type Call<R> = std::pin::Pin<Box<dyn std::future::Future<Output = R> + Send>>;

/// Sends a generated operation's request and decodes the response with the
/// operation's `decode`: the one async body every operation shares, so that
/// each operation only adds two plain functions.
#[doc(hidden)]
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
            url: redact_userinfo(base_url),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(ConfigError::InvalidBaseUrl {
                url: redact_userinfo(base_url),
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
        let base_url = base_url.trim_end_matches('/');
        Ok(Client {
            http,
            url: base_url.into(),
            base_url: redact_userinfo(base_url).into(),
            config: Arc::new(config),
        })
    }

    /// The base URL requests go to, with any userinfo (`user:password@`)
    /// shown as `REDACTED@`: it may be printed.
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
    pub(crate) async fn prepare<E, H>(
        &self,
        mut request: Request,
        options: &CallOptions,
        streamed: bool,
    ) -> Result<(Attempts, tracing::Span), Error<E, H>> {
        let started = tokio::time::Instant::now();
        let meta = request.meta;
        request.check_param_segments()?;
        let mut url = reqwest::Url::parse(&format!("{}{}", self.url, request.path))
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
                self.url,
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
    pub(crate) async fn attempts<E, H>(
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
pub(crate) struct Attempts {
    pub(crate) meta: &'static OperationMeta,
    method: reqwest::Method,
    url: reqwest::Url,
    /// Every header but those request hooks add.
    pub(crate) headers: HeaderMap,
    content_type: String,
    body: Vec<u8>,
    /// A streamed body, taken by the first (only) attempt.
    pub(crate) upload: Option<std::sync::Mutex<Option<reqwest::Body>>>,
    policy: RetryPolicy,
    /// Of each attempt (none: a streamed call the caller set none for).
    timeout: Option<Duration>,
    /// Of the whole call (on tokio's clock, like the pauses and timeouts).
    deadline: Option<tokio::time::Instant>,
    may_retry: bool,
}

impl Attempts {
    /// The query parameters that carry secrets (`apiKey` in `query`).
    pub(crate) fn secret_query(&self) -> Vec<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_in_the_base_url_is_never_printed() {
        let client = Client::new("http://admin:pw@host.test/v1/", Config::new()).unwrap();
        assert_eq!(client.base_url(), "http://REDACTED@host.test/v1");
        let debug = format!("{client:?}");
        assert!(!debug.contains("pw") && !debug.contains("admin"), "{debug}");
        assert!(debug.contains("http://REDACTED@host.test/v1"), "{debug}");
        // Requests still go to the URL as given.
        assert_eq!(&*client.url, "http://admin:pw@host.test/v1");
        let err = Client::new("ftp://admin:pw@host.test/", Config::new()).unwrap_err();
        assert!(!err.to_string().contains("pw"), "{err}");
        assert!(matches!(
            Client::new("mailto:a@b.test", Config::new()),
            Err(ConfigError::InvalidBaseUrl { url, .. }) if url == "mailto:a@b.test"
        ));
        assert_eq!(
            Client::new("https://host.test/a@b", Config::new())
                .unwrap()
                .base_url(),
            "https://host.test/a@b"
        );
    }
}
