//! What a caller sees: request builders as values, optional setters that take
//! a value or an `Option`, errors that read as sentences, telling a timeout
//! from a refused connection, and the re-exported crates.

mod common;

use std::time::Duration;

use common::*;
use generated_client::enfuce_customer;
use generated_client::fireblocks::types::TrLinkCreateIntegrationRequest;
use generated_client::fireblocks::{
    Client, CreateTrLinkIntegration, CreateTrLinkIntegrationError, CreateTrLinkIntegrationHeaders,
};
use generated_client::runtime::{self, Config, ConfigError, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CREATE_PATH: &str = "/screening/trlink/customers/integration";
const CUSTOMER_ID: &str = "550e8400-e29b-41d4-a716-446655440001";

fn client(server: &MockServer) -> Client {
    Client::from_url(&server.uri(), no_retry()).expect("mock server URL is valid")
}

/// Built from the re-exported `uuid`: the type a generated field needs.
fn create_body() -> TrLinkCreateIntegrationRequest {
    TrLinkCreateIntegrationRequest {
        customer_id: generated_client::uuid::Uuid::parse_str(CUSTOMER_ID).unwrap(),
        partner_ident: "sumsub".into(),
        customer_integration_id: None,
    }
}

fn integration() -> serde_json::Value {
    json!({
        "customerIntegrationId": "123e4567-e89b-12d3-a456-426614174000",
        "createDate": "2025-01-20T10:30:00.000Z",
        "lastUpdate": "2025-01-24T10:45:00+02:00",
        "partner": {
            "id": "223e4567-e89b-12d3-a456-426614174009",
            "ident": "notabene",
            "name": "Notabene",
            "baseUrl": "https://api.notabene.id",
            "active": true,
            "isTest": false
        },
        "customer": {
            "id": CUSTOMER_ID,
            "tenantId": "550e8400-e29b-41d4-a716-446655440003",
            "shortName": "Acme Corp",
            "fullLegalName": "Acme Corporation Ltd.",
            "countryOfRegistration": "US",
            "vaults": [],
            "createDate": "2025-01-20T10:30:00.000Z",
            "lastUpdate": "2025-01-24T08:45:00.000Z"
        }
    })
}

async fn created_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration()))
        .mount(&server)
        .await;
    server
}

/// A server answering every request with `status` and `body`.
async fn answering(status: u16, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    server
}

// ---------------------------------------------------------------------------
// Builders are values
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_builder_outlives_the_client_it_came_from() {
    let server = created_server().await;
    let client = client(&server);
    let request: CreateTrLinkIntegration = client
        .create_tr_link_integration(create_body())
        .idempotency_key("kept-1");
    drop(client);
    let created = expect_ok(request.await);
    assert_eq!(created.status.as_u16(), 201);
    let sent = only_request(&server).await;
    assert_eq!(single_header(&sent, "idempotency-key"), "kept-1");
}

#[tokio::test]
async fn builders_can_be_stored_and_moved_into_tasks() {
    let server = created_server().await;
    let requests: Vec<CreateTrLinkIntegration> = {
        let client = client(&server);
        (0..3)
            .map(|i| {
                client
                    .create_tr_link_integration(create_body())
                    .idempotency_key(format!("task-{i}"))
            })
            .collect()
    };
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| tokio::spawn(std::future::IntoFuture::into_future(r)))
        .collect();
    for task in tasks {
        expect_ok(task.await.expect("task ran"));
    }
    let mut keys: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| single_header(r, "idempotency-key").to_owned())
        .collect();
    keys.sort();
    assert_eq!(keys, ["task-0", "task-1", "task-2"]);
}

#[test]
fn client_clones_share_their_state() {
    let a = runtime::Client::new("http://127.0.0.1:1/base/", Config::new()).unwrap();
    let b = a.clone();
    assert_eq!(a.base_url(), "http://127.0.0.1:1/base");
    // The same allocation: a clone copies reference counts, not the URL.
    assert!(std::ptr::eq(a.base_url(), b.base_url()));
}

// ---------------------------------------------------------------------------
// Optional setters take a value or an Option
// ---------------------------------------------------------------------------

/// The `Idempotency-Key` header sent when the builder was set up by `set`.
async fn key_sent(set: impl FnOnce(CreateTrLinkIntegration) -> CreateTrLinkIntegration) -> String {
    let server = created_server().await;
    let request = set(client(&server).create_tr_link_integration(create_body()));
    expect_ok(request.await);
    single_header(&only_request(&server).await, "idempotency-key").to_owned()
}

#[tokio::test]
async fn optional_string_setter_takes_str_string_or_option() {
    assert_eq!(key_sent(|r| r.idempotency_key("a")).await, "a");
    assert_eq!(
        key_sent(|r| r.idempotency_key(String::from("b"))).await,
        "b"
    );
    let owned = String::from("c");
    assert_eq!(key_sent(|r| r.idempotency_key(&owned)).await, "c");
    let from_elsewhere: Option<String> = Some("d".into());
    assert_eq!(key_sent(|r| r.idempotency_key(from_elsewhere)).await, "d");
    // `None` unsets it, even after a value: the client generates the key.
    let generated = key_sent(|r| r.idempotency_key("e").idempotency_key(None)).await;
    assert!(
        generated_client::uuid::Uuid::parse_str(&generated).is_ok(),
        "{generated}"
    );
}

// ---------------------------------------------------------------------------
// Errors read as sentences
// ---------------------------------------------------------------------------

async fn create_error(
    server: &MockServer,
) -> Error<CreateTrLinkIntegrationError, CreateTrLinkIntegrationHeaders> {
    client(server)
        .create_tr_link_integration(create_body())
        .await
        .expect_err("the server answers with an error")
}

#[tokio::test]
async fn a_documented_error_names_the_operation_status_and_body() {
    let body = br#"{"message": "customer not found",
        "code": 1404}"#;
    let server = answering(404, body.to_vec()).await;
    let err = create_error(&server).await;
    assert_eq!(
        err.to_string(),
        r#"createTRLinkIntegration: server returned 404 Not Found: {"message": "customer not found", "code": 1404}"#
    );
    let Error::Api(api) = err else {
        panic!("a documented error")
    };
    assert_eq!(api.operation, "createTRLinkIntegration");
    assert_eq!(api.raw_body, body);
}

#[tokio::test]
async fn a_long_body_is_cut_to_an_excerpt() {
    let message = "é".repeat(500);
    let body = serde_json::to_vec(&json!({ "message": message })).unwrap();
    let server = answering(500, body).await;
    let text = create_error(&server).await.to_string();
    let excerpt = text
        .strip_prefix("createTRLinkIntegration: server returned 500 Internal Server Error: ")
        .expect(&text);
    assert_eq!(excerpt.chars().count(), 201, "{excerpt}");
    assert!(excerpt.starts_with(r#"{"message":"éé"#), "{excerpt}");
    assert!(excerpt.ends_with("é…"), "{excerpt}");
}

#[tokio::test]
async fn an_undocumented_response_says_why_and_quotes_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(418).set_body_string("short and stout"))
        .mount(&server)
        .await;
    let client = enfuce_customer::Client::from_url(&server.uri(), no_retry()).unwrap();
    let err = client
        .delete_linked_customer_using_delete("c", "l", "u")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "deleteLinkedCustomerUsingDELETE: server returned 418 I'm a teapot \
         (status 418 is not documented for this operation): short and stout"
    );
}

#[tokio::test]
async fn an_empty_or_binary_body_is_described_not_dumped() {
    let server = answering(503, Vec::new()).await;
    assert_eq!(
        create_error(&server).await.to_string(),
        "createTRLinkIntegration: server returned 503 Service Unavailable \
         (body does not decode as documented: EOF while parsing a value at line 1 column 0)"
    );
    let server = answering(400, vec![0xff, 0xfe, 0x00]).await;
    let text = create_error(&server).await.to_string();
    assert!(text.ends_with(": 3 bytes of binary data"), "{text}");
}

#[tokio::test]
async fn a_body_over_the_cap_names_the_operation() {
    let server = created_server().await;
    let client = Client::from_url(&server.uri(), no_retry().max_response_body(16)).unwrap();
    let err = client
        .create_tr_link_integration(create_body())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "createTRLinkIntegration: server returned 201 Created with a body over the limit \
         of 16 bytes (Config::max_response_body); it was not read"
    );
}

#[tokio::test]
async fn an_invalid_request_says_which_field() {
    let server = created_server().await;
    let err = client(&server)
        .create_tr_link_integration(create_body())
        .idempotency_key("line\nbreak")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("invalid request: `"), "{text}");
    assert!(received(&server).await.is_empty());
}

#[test]
fn config_errors_read_as_sentences() {
    let err = Client::from_url("ftp://example.com", Config::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid base URL "ftp://example.com": must be an http or https URL"#
    );
    let server = enfuce_customer::Server::EnvironmentRealm {
        environment: String::new(),
        realm: "eu".into(),
    };
    let err = enfuce_customer::Client::new(server).unwrap_err();
    assert!(matches!(err, ConfigError::MissingServerVariable { .. }));
    assert_eq!(
        err.to_string(),
        "server variable `environment` has no value"
    );
}

// ---------------------------------------------------------------------------
// Timeouts and other transport errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_timeout_is_told_apart_from_other_transport_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_tr_link_integration(create_body())
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(!err.is_connect(), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("request timed out: "), "{text}");

    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::from_url(&format!("http://127.0.0.1:{port}"), no_retry()).unwrap();
    let err = client
        .create_tr_link_integration(create_body())
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(!err.is_timeout(), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("could not connect: "), "{text}");

    // A response, even a failing one, is neither.
    let server = answering(502, Vec::new()).await;
    let err = create_error(&server).await;
    assert!(!err.is_timeout() && !err.is_connect());
}
