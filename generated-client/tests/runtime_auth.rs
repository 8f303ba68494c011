//! The production runtime against a local server: auth from security
//! schemes, the Fireblocks signer, retries and `Retry-After`, timeouts, and
//! secrets kept out of `Debug`.

mod common;

use common::{fast_retry, header_values, only_request, received};
use generated_client::fireblocks::{self, types};
use generated_client::runtime::{
    self, CallOptions, Config, Error, NoHeaders, OperationMeta, RawResponse, Request, RetryPolicy,
    SchemeKind, SecurityScheme,
};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static API_KEY_HEADER: SecurityScheme = SecurityScheme {
    name: "headerKey",
    kind: SchemeKind::ApiKeyHeader("X-Api-Key"),
};
static API_KEY_QUERY: SecurityScheme = SecurityScheme {
    name: "queryKey",
    kind: SchemeKind::ApiKeyQuery("api_key"),
};
static API_KEY_COOKIE: SecurityScheme = SecurityScheme {
    name: "cookieKey",
    kind: SchemeKind::ApiKeyCookie("session"),
};
static BEARER: SecurityScheme = SecurityScheme {
    name: "bearer",
    kind: SchemeKind::Bearer,
};
static BASIC: SecurityScheme = SecurityScheme {
    name: "basic",
    kind: SchemeKind::Basic,
};
static OAUTH: SecurityScheme = SecurityScheme {
    name: "oauth",
    kind: SchemeKind::OAuth2ClientCredentials {
        token_url: "/oauth/token",
    },
};

const fn meta(
    method: &'static str,
    security: &'static [&'static [&'static SecurityScheme]],
) -> OperationMeta {
    OperationMeta {
        id: "testOperation",
        method,
        path: "/things",
        idempotency_header: None,
        request_id_header: None,
        security,
    }
}

static HEADER_OP: OperationMeta = meta("GET", &[&[&API_KEY_HEADER]]);
static QUERY_OP: OperationMeta = meta("GET", &[&[&API_KEY_QUERY]]);
static COOKIE_OP: OperationMeta = meta("GET", &[&[&API_KEY_COOKIE]]);
static BEARER_OP: OperationMeta = meta("GET", &[&[&BEARER]]);
static BASIC_OP: OperationMeta = meta("GET", &[&[&BASIC]]);
static OAUTH_OP: OperationMeta = meta("GET", &[&[&OAUTH]]);
/// Bearer, or else header key plus query key together.
static ALTERNATIVES_OP: OperationMeta =
    meta("GET", &[&[&BEARER], &[&API_KEY_HEADER, &API_KEY_QUERY]]);
static POST_OP: OperationMeta = meta("POST", &[]);

async fn call(server: &MockServer, config: Config, meta: &'static OperationMeta) -> RawResponse {
    try_call(server, config, meta, CallOptions::default())
        .await
        .expect("call succeeds")
}

async fn try_call(
    server: &MockServer,
    config: Config,
    meta: &'static OperationMeta,
    options: CallOptions,
) -> Result<RawResponse, Error<(), NoHeaders>> {
    let client = runtime::Client::new(&server.uri(), config).expect("valid base URL");
    let mut request = Request::new(meta);
    request.path_literal("/things");
    request.query("q", "1");
    client.execute(request, &options).await
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn api_key_in_header() {
    let server = ok_server().await;
    call(
        &server,
        Config::new().api_key("headerKey", "k-123"),
        &HEADER_OP,
    )
    .await;
    let r = only_request(&server).await;
    assert_eq!(header_values(&r, "x-api-key"), ["k-123"]);
    assert!(r.headers.get("authorization").is_none());
    assert_eq!(r.url.query(), Some("q=1"));
}

#[tokio::test]
async fn api_key_in_query() {
    let server = ok_server().await;
    call(&server, Config::new().api_key("queryKey", "k&1"), &QUERY_OP).await;
    let r = only_request(&server).await;
    assert_eq!(r.url.query(), Some("q=1&api_key=k%261"));
    assert!(r.headers.get("x-api-key").is_none());
}

#[tokio::test]
async fn api_key_in_cookie() {
    let server = ok_server().await;
    call(
        &server,
        Config::new().api_key("cookieKey", "s1"),
        &COOKIE_OP,
    )
    .await;
    let r = only_request(&server).await;
    assert_eq!(header_values(&r, "cookie"), ["session=s1"]);
}

#[tokio::test]
async fn bearer_and_basic() {
    let server = ok_server().await;
    call(
        &server,
        Config::new().bearer_token("bearer", "tok"),
        &BEARER_OP,
    )
    .await;
    call(
        &server,
        Config::new().basic_auth("basic", "Aladdin", "open sesame"),
        &BASIC_OP,
    )
    .await;
    let requests = received(&server).await;
    assert_eq!(header_values(&requests[0], "authorization"), ["Bearer tok"]);
    assert_eq!(
        header_values(&requests[1], "authorization"),
        ["Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]
    );
}

#[tokio::test]
async fn first_satisfiable_alternative_applies_and_nothing_when_none_is() {
    let server = ok_server().await;
    // Only the second alternative (header key + query key) is configured.
    let config = Config::new()
        .api_key("headerKey", "h")
        .api_key("queryKey", "q");
    call(&server, config, &ALTERNATIVES_OP).await;
    // Half of the second alternative: nothing is sent.
    call(
        &server,
        Config::new().api_key("headerKey", "h"),
        &ALTERNATIVES_OP,
    )
    .await;
    let requests = received(&server).await;
    assert_eq!(header_values(&requests[0], "x-api-key"), ["h"]);
    assert_eq!(requests[0].url.query(), Some("q=1&api_key=q"));
    assert!(requests[0].headers.get("authorization").is_none());
    assert!(requests[1].headers.get("x-api-key").is_none());
    assert_eq!(requests[1].url.query(), Some("q=1"));
}

#[tokio::test]
async fn security_none_sends_no_credentials() {
    // The seed operations declare `security: []`.
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let config = Config::new()
        .bearer_token("bearerTokenAuth", "t")
        .api_key("ApiKeyAuth", "k");
    let client = fireblocks::Client::from_url(&server.uri(), config).unwrap();
    client
        .disconnect_tr_link_integration(uuid::Uuid::nil())
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert!(r.headers.get("authorization").is_none());
    assert!(r.headers.get("x-api-key").is_none());
}

#[tokio::test]
async fn oauth2_client_credentials_token_is_fetched_cached_and_refreshed() {
    let server = ok_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "long-lived", "token_type": "bearer", "expires_in": 3600
        })))
        .mount(&server)
        .await;
    let config = Config::new().oauth2_client_credentials("oauth", "client-1", "s3cr3t/+");
    let client = runtime::Client::new(&server.uri(), config).unwrap();
    for _ in 0..2 {
        let mut request = Request::new(&OAUTH_OP);
        request.path_literal("/things");
        client
            .execute::<(), NoHeaders>(request, &CallOptions::default())
            .await
            .unwrap();
    }
    let requests = received(&server).await;
    let token_calls: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .collect();
    assert_eq!(token_calls.len(), 1, "the token is cached");
    let form = String::from_utf8(token_calls[0].body.clone()).unwrap();
    assert_eq!(
        form,
        "grant_type=client_credentials&client_id=client-1&client_secret=s3cr3t%2F%2B"
    );
    let calls: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/things")
        .collect();
    assert_eq!(calls.len(), 2);
    for c in calls {
        assert_eq!(header_values(c, "authorization"), ["Bearer long-lived"]);
    }

    // A token about to expire is fetched again on the next call.
    let server = ok_server().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "short", "expires_in": 5})),
        )
        .mount(&server)
        .await;
    let config = Config::new().oauth2_client_credentials("oauth", "c", "s");
    let client = runtime::Client::new(&server.uri(), config).unwrap();
    for _ in 0..2 {
        let mut request = Request::new(&OAUTH_OP);
        request.path_literal("/things");
        client
            .execute::<(), NoHeaders>(request, &CallOptions::default())
            .await
            .unwrap();
    }
    let token_calls = received(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count();
    assert_eq!(token_calls, 2, "a token within 30 s of expiry is refreshed");
}

#[tokio::test]
async fn oauth2_token_failure_is_reported_raw() {
    let server = ok_server().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_string("bad client"))
        .mount(&server)
        .await;
    let config = Config::new().oauth2_client_credentials("oauth", "c", "s");
    let err = try_call(&server, config, &OAUTH_OP, CallOptions::default())
        .await
        .unwrap_err();
    match err {
        Error::UnexpectedResponse(raw) => {
            assert_eq!(raw.status.as_u16(), 401);
            assert_eq!(raw.body, b"bad client");
        }
        other => panic!("expected the token endpoint's answer, got {other:?}"),
    }
}

#[derive(serde::Deserialize, Debug)]
struct FireblocksClaims {
    uri: String,
    nonce: String,
    iat: i64,
    exp: i64,
    sub: String,
    #[serde(rename = "bodyHash")]
    body_hash: String,
}

fn verify(token: &str) -> FireblocksClaims {
    let public = include_bytes!("fixtures/test-signing-key.pub.pem");
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(public).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<FireblocksClaims>(token, &key, &validation)
        .expect("JWT verifies with the matching public key")
        .claims
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn fireblocks_signer_signs_what_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "customerIntegrationId": "123e4567-e89b-12d3-a456-426614174000",
            "createDate": "2025-01-20T10:30:00.000Z",
            "lastUpdate": "2025-01-20T10:30:00.000Z",
            "partner": {"id": "123e4567-e89b-12d3-a456-426614174000", "ident": "n", "name": "N",
                        "baseUrl": "https://x", "active": true, "isTest": false},
            "customer": {"id": "123e4567-e89b-12d3-a456-426614174000",
                         "tenantId": "123e4567-e89b-12d3-a456-426614174000", "discoverable": null,
                         "shortName": "A", "fullLegalName": "A Ltd", "countryOfRegistration": "US",
                         "createDate": "2025-01-20T10:30:00.000Z", "lastUpdate": "2025-01-20T10:30:00.000Z"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let signer = runtime::FireblocksSigner::new(
        "api-key-1",
        include_bytes!("fixtures/test-signing-key.pem"),
    )
    .unwrap();
    let config = Config::new().request_hook(signer).retry(fast_retry());
    let client = fireblocks::Client::from_url(&format!("{}/v1", server.uri()), config).unwrap();
    let body = types::TrLinkCreateIntegrationRequest {
        customer_id: uuid::Uuid::nil(),
        partner_ident: "sumsub".into(),
        customer_integration_id: None,
    };
    client
        .create_tr_link_integration(body)
        .idempotency_key("k1")
        .await
        .unwrap();
    client
        .disconnect_tr_link_integration(uuid::Uuid::nil())
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "503, retried 201, then the DELETE");
    let mut nonces = Vec::new();
    for r in &requests {
        assert_eq!(header_values(r, "x-api-key"), ["api-key-1"]);
        let auth = header_values(r, "authorization");
        let token = auth[0].strip_prefix("Bearer ").expect("bearer JWT");
        let claims = verify(token);
        let sent_uri = match r.url.query() {
            Some(q) => format!("{}?{q}", r.url.path()),
            None => r.url.path().to_owned(),
        };
        assert_eq!(claims.uri, sent_uri);
        assert_eq!(claims.body_hash, sha256_hex(&r.body));
        assert_eq!(claims.sub, "api-key-1");
        assert!(claims.exp > claims.iat && claims.exp - claims.iat < 30);
        assert!((claims.iat - chrono::Utc::now().timestamp()).abs() < 60);
        nonces.push(claims.nonce);
    }
    assert_eq!(
        requests[0].url.path(),
        "/v1/screening/trlink/customers/integration"
    );
    assert_eq!(
        requests[2].url.path(),
        "/v1/screening/trlink/customers/integration/00000000-0000-0000-0000-000000000000"
    );
    assert_eq!(sha256_hex(&requests[2].body), sha256_hex(b""));
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a fresh nonce for every attempt");
}

#[test]
fn fireblocks_signer_rejects_a_bad_key() {
    let err = runtime::FireblocksSigner::new("k", b"not a pem").unwrap_err();
    assert!(
        matches!(err, runtime::ConfigError::InvalidCredential { .. }),
        "{err}"
    );
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config =
        Config::new().retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)));
    let started = Instant::now();
    let response = call(&server, config, &BEARER_OP).await;
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_response() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let response = call(&server, Config::new(), &BEARER_OP).await;
    assert_eq!(response.status(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[test]
fn backoff_grows_exponentially_up_to_the_cap() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(350))
        .jitter(false);
    let waits: Vec<_> = (1..=4).map(|a| policy.backoff(a)).collect();
    assert_eq!(waits, [100, 200, 350, 350].map(Duration::from_millis));
    let jittered = policy.jitter(true);
    for attempt in 1..=4 {
        let w = jittered.backoff(attempt);
        assert!(
            w <= waits[attempt as usize - 1] && w >= waits[attempt as usize - 1] / 2,
            "{w:?}"
        );
    }
}

#[tokio::test]
async fn post_without_idempotency_key_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let config = Config::new().retry(fast_retry());
    let response = call(&server, config, &POST_OP).await;
    assert_eq!(response.status(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn per_call_retry_policy_overrides_the_client() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let options = CallOptions {
        retry: Some(fast_retry().max_attempts(5)),
        timeout: None,
    };
    let response = try_call(
        &server,
        Config::new().retry(RetryPolicy::none()),
        &BEARER_OP,
        options,
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(received(&server).await.len(), 5);
}

#[tokio::test]
async fn timeouts_fire_client_wide_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let config = Config::new()
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none());
    let started = Instant::now();
    let err = try_call(&server, config, &BEARER_OP, CallOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(4));

    let options = CallOptions {
        timeout: Some(Duration::from_millis(200)),
        retry: Some(RetryPolicy::none()),
    };
    let err = try_call(&server, Config::new(), &BEARER_OP, options)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
}

#[test]
fn debug_output_shows_no_secret() {
    let signer = runtime::FireblocksSigner::new(
        "fb-api-key-SECRET",
        include_bytes!("fixtures/test-signing-key.pem"),
    )
    .unwrap();
    assert!(!format!("{signer:?}").contains("SECRET"));
    let config = Config::new()
        .api_key("headerKey", "key-SECRET")
        .bearer_token("bearer", "token-SECRET")
        .basic_auth("basic", "user", "password-SECRET")
        .oauth2_client_credentials("oauth", "client", "client-SECRET")
        .request_hook(signer);
    let client = fireblocks::Client::from_url("http://127.0.0.1:9", config).unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(
        debug.contains("headerKey"),
        "scheme names are shown: {debug}"
    );
}

#[derive(serde::Serialize)]
struct Upload {
    name: String,
    tags: Vec<String>,
    note: Option<String>,
    file: Vec<u8>,
}

#[tokio::test]
async fn form_and_multipart_bodies() {
    let server = ok_server().await;
    let client = runtime::Client::new(&server.uri(), Config::new()).unwrap();
    let upload = Upload {
        name: "a b&c=ü".into(),
        tags: vec!["x".into(), "y".into()],
        note: None,
        file: vec![0, 159, 255],
    };

    let mut request = Request::new(&POST_OP);
    request.path_literal("/things");
    request.form(&upload).unwrap();
    client
        .execute::<(), NoHeaders>(request, &CallOptions::default())
        .await
        .unwrap();

    let mut request = Request::new(&POST_OP);
    request.path_literal("/things");
    request.multipart(&upload, &["file"]).unwrap();
    client
        .execute::<(), NoHeaders>(request, &CallOptions::default())
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(
        header_values(&requests[0], "content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        "name=a+b%26c%3D%C3%BC&tags=x&tags=y&file=0&file=159&file=255"
    );

    let content_type = header_values(&requests[1], "content-type")[0].to_owned();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("boundary");
    let body = &requests[1].body;
    let text = String::from_utf8_lossy(body);
    assert!(text.contains("name=\"name\"\r\n\r\na b&c=ü\r\n"), "{text}");
    assert_eq!(text.matches("name=\"tags\"").count(), 2);
    assert!(!text.contains("name=\"note\""), "unset fields are not sent");
    let file_head =
        "name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    let start = text.find(file_head).expect("file part") + file_head.len();
    let raw_start = body
        .windows(file_head.len())
        .position(|w| w == file_head.as_bytes())
        .unwrap()
        + file_head.len();
    assert_eq!(
        &body[raw_start..raw_start + 3],
        &[0, 159, 255],
        "file bytes sent as they are"
    );
    assert!(start > 0);
    assert!(text.ends_with(&format!("--{boundary}--\r\n")));
}
