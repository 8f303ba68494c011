//! What the runtime must not leak or hoard, against local servers: redirects
//! to another origin, response size, timeouts, cookie and path encoding,
//! idempotency keys, signer keys, raw error bodies.

mod common;

use common::{expect_api, fast_retry, header_values, only_request, received};
use generated_client::fireblocks::types::ErrorSchema;
use generated_client::fireblocks::{self, CreateTrLinkIntegrationError};
use generated_client::runtime::{
    self, CallOptions, Config, Error, NoHeaders, OperationMeta, OutgoingRequest, RawResponse,
    RedirectPolicy, Request, RetryPolicy, SchemeKind, SecurityScheme,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static HEADER_KEY: SecurityScheme = SecurityScheme {
    name: "headerKey",
    kind: SchemeKind::ApiKeyHeader("X-Api-Key"),
};
static QUERY_KEY: SecurityScheme = SecurityScheme {
    name: "queryKey",
    kind: SchemeKind::ApiKeyQuery("api_key"),
};
static COOKIE_KEY: SecurityScheme = SecurityScheme {
    name: "cookieKey",
    kind: SchemeKind::ApiKeyCookie("session"),
};
static BEARER: SecurityScheme = SecurityScheme {
    name: "bearer",
    kind: SchemeKind::Bearer,
};

const fn meta(
    method: &'static str,
    idempotency_header: Option<&'static str>,
    security: &'static [&'static [&'static SecurityScheme]],
) -> OperationMeta {
    OperationMeta {
        id: "testOperation",
        method,
        path: "/things",
        idempotency_header,
        request_id_header: None,
        security,
    }
}

/// Every kind of credential at once: header, query and cookie keys.
static KEYS_GET: OperationMeta = meta("GET", None, &[&[&HEADER_KEY, &QUERY_KEY, &COOKIE_KEY]]);
static KEYS_POST: OperationMeta = meta("POST", None, &[&[&HEADER_KEY, &QUERY_KEY, &COOKIE_KEY]]);
static BEARER_GET: OperationMeta = meta("GET", None, &[&[&BEARER]]);
static COOKIE_GET: OperationMeta = meta("GET", None, &[&[&COOKIE_KEY]]);
static PLAIN_POST: OperationMeta = meta("POST", None, &[]);
static KEYED_POST: OperationMeta = meta("POST", Some("Idempotency-Key"), &[]);
static HEAD: OperationMeta = meta("HEAD", None, &[]);

fn with_keys(config: Config) -> Config {
    config
        .api_key("headerKey", "hk-SECRET")
        .api_key("queryKey", "qk-SECRET")
        .api_key("cookieKey", "ck-SECRET")
        .retry(RetryPolicy::none())
}

fn signer() -> runtime::FireblocksSigner {
    runtime::FireblocksSigner::new("fb-SECRET", include_bytes!("fixtures/test-signing-key.pem"))
        .expect("the test key signs")
}

async fn send(
    base: &str,
    config: Config,
    request: Request,
) -> Result<RawResponse, Error<(), NoHeaders>> {
    let client = runtime::Client::new(base, config).expect("valid base URL");
    client.execute(request, &CallOptions::default()).await
}

/// `/things` with a body when the operation is a POST, and one header
/// parameter that is not a credential.
fn things(meta: &'static OperationMeta) -> Request {
    let mut request = Request::new(meta);
    request.path_literal("/things");
    request.header("x-trace", "t-1").expect("valid header");
    if meta.method == "POST" {
        request.text("text/plain", "the body");
    }
    request
}

async fn redirecting(status: u16, location: &str) -> MockServer {
    let server = MockServer::start().await;
    mount_redirect(&server, status, location).await;
    server
}

/// A server whose `/things` redirects to its own `/landing` under another
/// origin: `localhost` instead of `127.0.0.1`.
async fn redirecting_to_other_origin(status: u16) -> MockServer {
    let server = MockServer::start().await;
    let location = format!("http://localhost:{}/landing", server.address().port());
    mount_redirect(&server, status, &location).await;
    server
}

async fn mount_redirect(server: &MockServer, status: u16, location: &str) {
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .mount(server)
        .await;
    Mock::given(path("/landing"))
        .respond_with(ResponseTemplate::new(200).set_body_string("landed"))
        .mount(server)
        .await;
}

fn assert_no_credentials(r: &wiremock::Request) {
    for name in ["x-api-key", "authorization", "cookie", "referer"] {
        assert!(
            r.headers.get(name).is_none(),
            "{name} went to {}: {:?}",
            r.url,
            r.headers
        );
    }
    assert!(!r.url.as_str().contains("SECRET"), "{}", r.url);
}

// ---------------------------------------------------------------------------
// 1. Redirects
// ---------------------------------------------------------------------------

#[tokio::test]
async fn redirect_to_another_origin_is_returned_not_followed_by_default() {
    let elsewhere = MockServer::start().await;
    Mock::given(path("/landing"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&elsewhere)
        .await;
    let server = redirecting(302, &format!("{}/landing", elsewhere.uri())).await;
    let config = with_keys(Config::new()).request_hook(signer());
    let response = send(&server.uri(), config, things(&KEYS_GET))
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert!(received(&elsewhere).await.is_empty());

    // 127.0.0.1 and localhost are two origins, even on one port.
    let server = redirecting_to_other_origin(307).await;
    let config = with_keys(Config::new()).request_hook(signer());
    let response = send(&server.uri(), config, things(&KEYS_GET))
        .await
        .unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn redirect_within_the_origin_keeps_credentials_and_hooks_see_the_new_path() {
    let server = redirecting(307, "/landing").await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let config = with_keys(Config::new()).request_hook(move |r: &mut OutgoingRequest<'_>| {
        record
            .lock()
            .unwrap()
            .push((r.path_and_query.clone(), r.body.to_vec()));
        Ok(())
    });
    let response = send(&server.uri(), config, things(&KEYS_POST))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body, b"landed");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let landed = &requests[1];
    assert_eq!(landed.url.path(), "/landing");
    assert_eq!(landed.method.as_str(), "POST", "307 keeps the method");
    assert_eq!(landed.body, b"the body", "and the body, within the origin");
    assert_eq!(header_values(landed, "x-api-key"), ["hk-SECRET"]);
    assert!(landed.headers.get("referer").is_none());
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "hooks run for every request sent");
    assert!(seen[0].0.starts_with("/things?api_key="));
    assert_eq!(seen[1], ("/landing".to_owned(), b"the body".to_vec()));
}

#[tokio::test]
async fn redirect_303_turns_into_a_get_without_body() {
    let server = redirecting(303, "/landing").await;
    let response = send(
        &server.uri(),
        Config::new().retry(RetryPolicy::none()),
        things(&PLAIN_POST),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let landed = &received(&server).await[1];
    assert_eq!(landed.method.as_str(), "GET");
    assert!(landed.body.is_empty());
    assert!(landed.headers.get("content-type").is_none());
}

#[tokio::test]
async fn any_origin_policy_follows_without_any_credential() {
    let elsewhere = MockServer::start().await;
    Mock::given(path("/landing"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&elsewhere)
        .await;
    for (meta, hook) in [(&KEYS_GET, false), (&BEARER_GET, true)] {
        let server = redirecting(302, &format!("{}/landing", elsewhere.uri())).await;
        let mut config = with_keys(Config::new())
            .bearer_token("bearer", "bt-SECRET")
            .redirects(RedirectPolicy::AnyOrigin(5));
        if hook {
            config = config.request_hook(signer());
        }
        let response = send(&server.uri(), config, things(meta)).await.unwrap();
        assert_eq!(response.status(), 200);
        let first = only_request(&server).await;
        assert!(
            first.headers.get("x-api-key").is_some(),
            "the API itself gets credentials"
        );
    }
    let landed = received(&elsewhere).await;
    assert_eq!(landed.len(), 2);
    for r in &landed {
        assert_no_credentials(r);
        assert_eq!(
            header_values(r, "x-trace"),
            ["t-1"],
            "other headers go along"
        );
    }
}

#[tokio::test]
async fn a_307_never_sends_the_body_to_another_origin() {
    let server = redirecting_to_other_origin(307).await;
    let config = with_keys(Config::new()).redirects(RedirectPolicy::AnyOrigin(5));
    let response = send(&server.uri(), config, things(&KEYS_POST))
        .await
        .unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn redirects_can_be_turned_off_and_are_bounded() {
    let server = redirecting(302, "/landing").await;
    let config = Config::new().redirects(RedirectPolicy::None);
    let response = send(&server.uri(), config, things(&BEARER_GET))
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(received(&server).await.len(), 1);

    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/things"))
        .mount(&server)
        .await;
    let config = Config::new().redirects(RedirectPolicy::SameOrigin(3));
    let response = send(&server.uri(), config, things(&BEARER_GET))
        .await
        .unwrap();
    assert_eq!(response.status(), 302, "the last redirect is the response");
    assert_eq!(received(&server).await.len(), 4);
}

// ---------------------------------------------------------------------------
// 3. Response size
// ---------------------------------------------------------------------------

/// A server that answers every connection with `head` and then `chunks`
/// (written one after the other; the connection then stays open a while).
async fn raw_server(head: &'static str, chunks: Vec<Vec<u8>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let chunks = chunks.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for chunk in chunks {
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
                tokio::time::sleep(Duration::from_secs(10)).await;
            });
        }
    });
    format!("http://{address}")
}

fn chunked(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

fn too_large(result: Result<RawResponse, Error<(), NoHeaders>>) -> runtime::ResponseTooLarge {
    match result {
        Err(Error::ResponseTooLarge(e)) => *e,
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_an_error_with_status_and_headers() {
    // Declared too long: refused before reading, under the default cap.
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Length: 536870912\r\nX-Marker: m\r\n\r\n",
        vec![],
    )
    .await;
    let err = too_large(send(&base, Config::new(), things(&BEARER_GET)).await);
    assert_eq!(err.status, 200);
    assert_eq!(err.headers["x-marker"], "m");
    assert_eq!(err.limit, runtime::DEFAULT_MAX_RESPONSE_BODY);
    assert!(err.to_string().contains("max_response_body"), "{err}");

    // A HEAD response declares the length of a body it does not have.
    let response = send(&base, Config::new(), Request::new(&HEAD))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.body.is_empty());

    // No length declared: read as it arrives, and stopped past the cap.
    let chunk = vec![b'x'; 64 * 1024];
    let base = raw_server(
        "HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\nX-Marker: c\r\n\r\n",
        vec![chunked(&chunk); 4],
    )
    .await;
    let config = Config::new().max_response_body(100 * 1024);
    let err = too_large(send(&base, config, things(&BEARER_GET)).await);
    assert_eq!(err.status, 502);
    assert_eq!(err.headers["x-marker"], "c");
    assert_eq!(err.limit, 100 * 1024);

    // Up to the cap is fine.
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'y'; 1000]))
        .mount(&server)
        .await;
    let config = Config::new().max_response_body(1000);
    let response = send(&server.uri(), config, things(&BEARER_GET))
        .await
        .unwrap();
    assert_eq!(response.body.len(), 1000);
}

// ---------------------------------------------------------------------------
// 4. Timeouts
// ---------------------------------------------------------------------------

/// Accepts connections and never answers, nor closes them.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{address}")
}

/// `call`, failing instead of hanging (an hour of tokio's paused clock
/// passes at once) when nothing bounds it.
async fn bounded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(3600), call)
        .await
        .expect("the call ended by itself")
}

/// With tokio's clock paused, time jumps ahead whenever everything waits:
/// the default timeouts fire at once, and the clock tells which one did.
#[tokio::test(start_paused = true)]
async fn a_silent_server_times_out_with_the_default_config() {
    let base = silent_server().await;
    let started = tokio::time::Instant::now();
    let config = Config::new().retry(RetryPolicy::none());
    let err = bounded(send(&base, config, things(&BEARER_GET)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
    // The connect timeout (10 s) or, once connected, the attempt's (30 s).
    let waited = started.elapsed();
    assert!(
        waited <= runtime::DEFAULT_TIMEOUT + Duration::from_secs(1),
        "{waited:?}"
    );
    assert!(waited >= runtime::DEFAULT_CONNECT_TIMEOUT, "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn total_timeout_bounds_every_attempt_together() {
    let base = silent_server().await;
    // Alone, 10 attempts of 300 ms would take 3 s; the third attempt is cut
    // short to end with the call at 700 ms.
    let config = Config::new()
        .timeout(Duration::from_millis(300))
        .total_timeout(Duration::from_millis(700))
        .retry(fast_retry().max_attempts(10));
    let started = tokio::time::Instant::now();
    let err = bounded(send(&base, config, things(&BEARER_GET)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(700) && waited < Duration::from_millis(750),
        "{waited:?}"
    );
}

// ---------------------------------------------------------------------------
// 5. Cookie and path encoding
// ---------------------------------------------------------------------------

#[tokio::test]
async fn api_key_in_cookie_is_encoded_like_a_cookie_parameter() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut request = things(&COOKIE_GET);
    request.cookie("theme", "a b;c=d").unwrap();
    let config = Config::new().api_key("cookieKey", "k 1; admin=true");
    send(&server.uri(), config, request).await.unwrap();
    let r = only_request(&server).await;
    assert_eq!(
        header_values(&r, "cookie"),
        ["theme=a%20b%3Bc%3Dd; session=k%201%3B%20admin%3Dtrue"]
    );
}

#[tokio::test]
async fn path_parameters_sharing_a_segment_cannot_form_dot_segments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    // `/files/{name}.{ext}` and `/files/{a}{b}`, each part harmless alone.
    let name_ext = |name: &str, ext: &str| {
        let mut r = Request::new(&BEARER_GET);
        r.path_literal("/files/");
        r.path_param("name", name, false).unwrap();
        r.path_literal(".");
        r.path_param("ext", ext, false).unwrap();
        r
    };
    let a_b = |a: &str, b: &str| {
        let mut r = Request::new(&BEARER_GET);
        r.path_literal("/files/");
        r.path_param("a", a, false).unwrap();
        r.path_param("b", b, false).unwrap();
        r.path_literal("/raw");
        r
    };
    for (request, field) in [
        (name_ext("", ""), "name`, `ext"),
        (name_ext(".", ""), "name`, `ext"),
        (a_b(".", "."), "a`, `b"),
        (a_b("", ""), "a`, `b"),
    ] {
        match send(&server.uri(), Config::new(), request).await {
            Err(Error::InvalidRequest(e)) => assert_eq!(e.field, field, "{e}"),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    assert!(received(&server).await.is_empty());

    send(&server.uri(), Config::new(), name_ext("a", ""))
        .await
        .unwrap();
    send(&server.uri(), Config::new(), a_b(".", ".x"))
        .await
        .unwrap();
    let paths: Vec<_> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/files/a.", "/files/..x/raw"]);
}

// ---------------------------------------------------------------------------
// 6. Idempotency keys
// ---------------------------------------------------------------------------

async fn unavailable() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_empty_idempotency_key_does_not_make_a_post_retryable() {
    // The operation declares no idempotency header: a blank key is no key.
    let server = unavailable().await;
    let mut request = things(&PLAIN_POST);
    request.header("Idempotency-Key", "").unwrap();
    let response = send(&server.uri(), Config::new().retry(fast_retry()), request)
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let r = only_request(&server).await;
    assert!(r.headers.get("idempotency-key").is_none());
}

#[tokio::test]
async fn an_empty_declared_idempotency_key_is_replaced_by_a_generated_one() {
    let server = unavailable().await;
    let mut request = things(&KEYED_POST);
    request.header("Idempotency-Key", " ").unwrap();
    let response = send(&server.uri(), Config::new().retry(fast_retry()), request)
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "retried: the key is real");
    let keys: Vec<_> = requests
        .iter()
        .map(|r| header_values(r, "idempotency-key").join(","))
        .collect();
    assert!(uuid::Uuid::parse_str(&keys[0]).is_ok(), "{keys:?}");
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}

// ---------------------------------------------------------------------------
// 7. Signer keys
// ---------------------------------------------------------------------------

#[test]
fn fireblocks_signer_refuses_a_public_or_corrupt_key_up_front() {
    let public = include_bytes!("fixtures/test-signing-key.pub.pem");
    let private = std::str::from_utf8(include_bytes!("fixtures/test-signing-key.pem")).unwrap();
    // Valid PEM and base64, but the key's numbers are garbage.
    let mut lines: Vec<String> = private.lines().map(str::to_owned).collect();
    for line in &mut lines[5..10] {
        *line = "A".repeat(line.len());
    }
    let corrupt = lines.join("\n");
    for (what, pem) in [
        ("public", public.as_slice()),
        ("corrupt", corrupt.as_bytes()),
    ] {
        match runtime::FireblocksSigner::new("k", pem) {
            Err(runtime::ConfigError::InvalidCredential { .. }) => {}
            Err(other) => panic!("{what}: {other}"),
            Ok(_) => panic!("{what} key accepted"),
        }
    }
}

// ---------------------------------------------------------------------------
// 8. Raw error bodies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn api_error_keeps_the_raw_body_next_to_the_typed_one() {
    let undocumented_success =
        br#"{"customerIntegrationId":"123e4567-e89b-12d3-a456-426614174000"}"#;
    let proxy_error = br#"{"error":{"type":"bad_gateway","detail":"upstream reset"}}"#;
    for (status, body) in [(200, &undocumented_success[..]), (502, &proxy_error[..])] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status).set_body_raw(body.to_vec(), "application/json"),
            )
            .mount(&server)
            .await;
        let client = fireblocks::Client::from_url(&server.uri(), common::no_retry()).unwrap();
        let request = fireblocks::types::TrLinkCreateIntegrationRequest {
            customer_id: "550e8400-e29b-41d4-a716-446655440001".parse().unwrap(),
            partner_ident: "sumsub".into(),
            customer_integration_id: None,
        };
        let err = expect_api(client.create_tr_link_integration(request).await);
        assert_eq!(err.status, status);
        // The all-optional error schema decodes, empty...
        assert_eq!(
            err.body,
            CreateTrLinkIntegrationError::Default(ErrorSchema {
                message: None,
                code: None
            })
        );
        // ...and the content is still there.
        assert_eq!(err.raw_body, body);
        assert_eq!(err.text(), std::str::from_utf8(body).ok());
    }
}

/// Answers with headers, then a body of one byte every 5 s.
async fn trickling_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                loop {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    if socket.write_all(b"x").await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

/// The whole default config (retries included): a silent or trickling
/// server holds a call at most `DEFAULT_TOTAL_TIMEOUT` (it was 3 × 60 s).
#[tokio::test(start_paused = true)]
async fn default_config_bounds_a_call_against_a_silent_or_trickling_server() {
    for base in [silent_server().await, trickling_server().await] {
        let started = tokio::time::Instant::now();
        let err = bounded(send(&base, Config::new(), things(&BEARER_GET)))
            .await
            .unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        let waited = started.elapsed();
        assert!(
            waited <= runtime::DEFAULT_TOTAL_TIMEOUT + Duration::from_secs(1),
            "{base}: {waited:?}"
        );
        assert!(waited <= Duration::from_secs(61), "{base}: {waited:?}");
    }
}
