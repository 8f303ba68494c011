//! OpenAPI 3.2 on the wire: the `QUERY` method and `additionalOperations`
//! methods go out as written, and an `in: querystring` value becomes the
//! whole query string (form pairs, percent-encoded JSON, or the caller's
//! text), as a local server receives them.

mod common;

use common::{fast_retry, no_retry, received};
use generated_client::runtime::{
    self, CallOptions, Config, Error, NoHeaders, OperationMeta, RawResponse, Request,
};
use serde::Serialize;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static SEARCH: OperationMeta = OperationMeta {
    id: "searchItems",
    method: "QUERY",
    path: "/items",
    idempotency_header: None,
    request_id_header: None,
    security: &[],
};

static PURGE: OperationMeta = OperationMeta {
    id: "purgeItems",
    method: "PURGE",
    path: "/items",
    idempotency_header: None,
    request_id_header: None,
    security: &[],
};

#[derive(Serialize)]
struct Filter {
    color: &'static str,
    sizes: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

/// Sends what `fill` builds for `meta` to a server answering `status`, and
/// returns every request the server received.
async fn send(
    meta: &'static OperationMeta,
    config: Config,
    status: u16,
    fill: impl FnOnce(&mut Request),
) -> Vec<wiremock::Request> {
    let server = MockServer::start().await;
    Mock::given(method(meta.method))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    let client = runtime::Client::new(&server.uri(), config).expect("valid base URL");
    let mut request = Request::new(meta);
    request.path_literal("/items");
    fill(&mut request);
    let result: Result<RawResponse, Error<(), NoHeaders>> =
        client.execute(request, &CallOptions::default()).await;
    let response = result.expect("the call reaches the server");
    assert_eq!(response.status(), status);
    received(&server).await
}

#[tokio::test]
async fn query_method_with_a_body_and_a_querystring() {
    let requests = send(&SEARCH, no_retry(), 200, |r| {
        let filter = Filter {
            color: "dark red",
            sizes: vec![1, 2],
            note: None,
        };
        r.query_string_form("filter", &filter).expect("an object");
        r.json("application/json", &serde_json::json!({"text": "a&b"}))
            .expect("serializable");
    })
    .await;
    let [r] = requests.as_slice() else {
        panic!("one request expected: {requests:#?}");
    };
    assert_eq!(r.method.as_str(), "QUERY");
    assert_eq!(r.url.path(), "/items");
    assert_eq!(r.url.query(), Some("color=dark+red&sizes=1&sizes=2"));
    assert_eq!(r.body, br#"{"text":"a&b"}"#);
    assert_eq!(
        r.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
}

#[tokio::test]
async fn querystring_as_json_and_as_text_follow_query_parameters() {
    let requests = send(&SEARCH, no_retry(), 204, |r| {
        r.query("page", &2);
        r.query_string_json("selector", &serde_json::json!({"ids": [1, 2], "q": "a b"}))
            .expect("serializable");
        r.query_string_raw("?$filter=name eq 'x'&$top=5");
    })
    .await;
    let r = &requests[0];
    assert_eq!(
        r.url.query(),
        Some(
            "page=2&%7B%22ids%22%3A%5B1%2C2%5D%2C%22q%22%3A%22a%20b%22%7D&$filter=name%20eq%20%27x%27&$top=5"
        )
    );
    // The JSON decodes back to what was sent.
    let encoded = r
        .url
        .query()
        .and_then(|q| q.split('&').nth(1))
        .expect("the JSON part");
    let text = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .expect("UTF-8");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON"),
        serde_json::json!({"ids": [1, 2], "q": "a b"})
    );
}

#[tokio::test]
async fn a_querystring_that_is_not_an_object_is_refused_before_sending() {
    let mut request = Request::new(&SEARCH);
    let err = request
        .query_string_form("filter", &[1, 2])
        .expect_err("an array has no form pairs");
    assert_eq!(err.field, "filter");
}

#[tokio::test]
async fn additional_operation_methods_go_out_as_written() {
    let requests = send(&PURGE, no_retry(), 204, |_| {}).await;
    assert_eq!(requests[0].method.as_str(), "PURGE");
}

#[tokio::test]
async fn query_is_retried_but_a_custom_method_is_not_without_a_key() {
    let config = || Config::default().retry(fast_retry());
    let query = send(&SEARCH, config(), 503, |_| {}).await;
    assert_eq!(query.len(), 3, "QUERY is safe: every attempt is made");
    let purge = send(&PURGE, config(), 503, |_| {}).await;
    assert_eq!(purge.len(), 1, "PURGE may not be idempotent");
    let keyed = send(&PURGE, config(), 503, |r| {
        r.header("Idempotency-Key", "k1").expect("valid header");
    })
    .await;
    assert_eq!(keyed.len(), 3, "an idempotency key makes a retry safe");
}
