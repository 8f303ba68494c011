//! Wire tests of the generated Enfuce customer client against a mock server.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use generated_client::enfuce_customer::types::{
    ErrorResponse, ErrorResponseErrorType, ResourceResponse,
};
use generated_client::enfuce_customer::{Client, DeleteLinkedCustomerUsingDeleteError, Server};
use generated_client::runtime::{Config, ConfigError, NoHeaders};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LINK_PATH: &str = "/v3/cust-1/link/link-2";

fn client(server: &MockServer) -> Client {
    Client::from_url(&server.uri(), Config::default()).expect("mock server URL is valid")
}

fn error_body() -> serde_json::Value {
    json!({
        "code": "400",
        "message": "Something is wrong",
        "id": "9f1c2d3e-4b5a-6789-8abc-def012345678",
        "errorCode": "E-1001",
        "errorType": "STATIC_VALIDATION_ERROR",
        "errorReason": "auditUser is not known",
        "timestamp": "2024-05-06T07:08:09.123Z"
    })
}

fn expected_error() -> ErrorResponse {
    ErrorResponse {
        code: Some("400".into()),
        message: Some("Something is wrong".into()),
        id: Some("9f1c2d3e-4b5a-6789-8abc-def012345678".parse().unwrap()),
        error_code: Some("E-1001".into()),
        error_type: Some(ErrorResponseErrorType::StaticValidationError),
        error_reason: Some("auditUser is not known".into()),
        timestamp: Some(
            Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 9).unwrap()
                + chrono::Duration::milliseconds(123),
        ),
    }
}

fn query_pairs(request: &wiremock::Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

// ---------------------------------------------------------------------------
// What goes on the wire
// ---------------------------------------------------------------------------

#[tokio::test]
async fn delete_sends_method_path_and_audit_user_query() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .and(query_param("auditUser", "alice"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    expect_ok(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), LINK_PATH);
    assert_eq!(request.url.query(), Some("auditUser=alice"));
    assert!(request.body.is_empty(), "{:?}", request.body);
    assert!(header_values(&request, "content-type").is_empty());
    assert!(header_values(&request, "idempotency-key").is_empty());
    server.verify().await;
}

#[tokio::test]
async fn audit_user_is_encoded_as_one_query_value() {
    let server = MockServer::start().await;
    for user in ["bob smith&admin=true", "", "ä/ö?#+%"] {
        server.reset().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
            .mount(&server)
            .await;
        expect_ok(
            client(&server)
                .delete_linked_customer_using_delete("cust-1", "link-2", user)
                .await,
        );
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), LINK_PATH, "auditUser {user:?}");
        assert_eq!(
            query_pairs(&request),
            vec![("auditUser".to_owned(), user.to_owned())],
            "auditUser {user:?} went as {:?}",
            request.url.query()
        );
    }
}

#[tokio::test]
async fn reserved_characters_in_link_id_stay_inside_one_path_segment() {
    let server = MockServer::start().await;
    let encoded = "/v3/cust-1/link/a%2F..%2Fb%3Fx%23y";
    Mock::given(method("DELETE"))
        .and(path(encoded))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "ok"})))
        .expect(1)
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "a/../b?x#y", "alice")
            .await,
    );
    assert_eq!(resp.body.id.as_deref(), Some("ok"));

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), encoded);
    // Nothing leaked out of the path into the query.
    assert_eq!(request.url.query(), Some("auditUser=alice"));
    server.verify().await;
}

#[tokio::test]
async fn other_path_values_are_percent_encoded() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (id, link_id, expected) in [
        ("50%", "x y", "/v3/50%25/link/x%20y"),
        ("ä", "a+b", "/v3/%C3%A4/link/a%2Bb"),
        // Only `.`, `..` and empty are refused: these are ordinary segments.
        ("..x", "x..", "/v3/..x/link/x.."),
    ] {
        server.reset().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
            .mount(&server)
            .await;
        expect_ok(
            client
                .delete_linked_customer_using_delete(id, link_id, "alice")
                .await,
        );
        let request = only_request(&server).await;
        assert_eq!(
            request.url.path(),
            expected,
            "id {id:?}, linkId {link_id:?}"
        );
    }
}

#[tokio::test]
async fn dot_segments_and_empty_path_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .expect(0)
        .mount(&server)
        .await;

    let client = client(&server);
    for (id, link_id, field) in [
        ("cust-1", "..", "linkId"),
        ("cust-1", ".", "linkId"),
        ("cust-1", "", "linkId"),
        ("..", "link-2", "id"),
        ("", "link-2", "id"),
    ] {
        let err = expect_invalid(
            client
                .delete_linked_customer_using_delete(id, link_id, "alice")
                .await,
        );
        assert_eq!(err.field, field, "id {id:?}, linkId {link_id:?}: {err}");
    }
    assert!(received(&server).await.is_empty());
    server.verify().await;
}

// ---------------------------------------------------------------------------
// Decoding of documented responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn status_201_decodes_resource_response() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "description": "Link deleted",
            "id": "link-2"
        })))
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );
    assert_eq!(resp.status.as_u16(), 201);
    assert_eq!(resp.headers, NoHeaders);
    assert_eq!(
        resp.body,
        ResourceResponse {
            description: Some("Link deleted".into()),
            id: Some("link-2".into()),
        }
    );
}

#[tokio::test]
async fn each_documented_error_status_decodes_to_its_own_variant() {
    type E = DeleteLinkedCustomerUsingDeleteError;
    type Wrap = fn(ErrorResponse) -> E;
    let cases: [(u16, Wrap); 5] = [
        (400, E::BadRequest),
        (401, E::Unauthorized),
        (403, E::Forbidden),
        (404, E::NotFound),
        (500, E::InternalServerError),
    ];
    let server = MockServer::start().await;
    let client = client(&server);
    for (status, variant) in cases {
        server.reset().await;
        // Identical bodies: only the status tells the variants apart.
        Mock::given(method("DELETE"))
            .and(path(LINK_PATH))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("X-Trace", format!("trace-{status}"))
                    .set_body_json(error_body()),
            )
            .mount(&server)
            .await;

        let result = client
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await;
        assert_eq!(
            result.as_ref().unwrap_err().status().unwrap().as_u16(),
            status
        );
        assert_eq!(result.as_ref().unwrap_err().headers(), Some(&NoHeaders));
        let err = expect_api(result);
        assert_eq!(err.status.as_u16(), status);
        assert_eq!(err.body, variant(expected_error()), "status {status}");
        assert_eq!(
            err.raw_headers.get("x-trace").unwrap(),
            &format!("trace-{status}")
        );
        // None of these statuses is retried.
        assert_eq!(received(&server).await.len(), 1, "status {status}");
    }
}

#[tokio::test]
async fn unknown_error_type_decodes_to_unknown_value() {
    let server = MockServer::start().await;
    let mut body = error_body();
    body["errorType"] = json!("NEW_KIND");
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .mount(&server)
        .await;

    let err = expect_api(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );
    let DeleteLinkedCustomerUsingDeleteError::BadRequest(body) = err.body else {
        panic!("expected BadRequest, got {:?}", err.body);
    };
    assert_eq!(
        body.error_type,
        Some(ErrorResponseErrorType::UnknownValue("NEW_KIND".into()))
    );
    assert_eq!(body.error_type.unwrap().as_str(), "NEW_KIND");
    // The rest of the body still decodes.
    assert_eq!(body.error_code.as_deref(), Some("E-1001"));
}

#[tokio::test]
async fn error_body_with_only_some_fields_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no link"})))
        .mount(&server)
        .await;

    let err = expect_api(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );
    assert_eq!(
        err.body,
        DeleteLinkedCustomerUsingDeleteError::NotFound(ErrorResponse {
            message: Some("no link".into()),
            ..Default::default()
        })
    );
}

#[tokio::test]
async fn undocumented_status_is_unexpected_response_with_raw_body() {
    let server = MockServer::start().await;
    // Even a body that would decode as an errorResponse: the status decides.
    let raw = serde_json::to_vec(&error_body()).unwrap();
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(
            ResponseTemplate::new(418)
                .insert_header("X-Trace", "teapot")
                .set_body_raw(raw.clone(), "application/json"),
        )
        .mount(&server)
        .await;

    let result = client(&server)
        .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
        .await;
    assert_eq!(result.as_ref().unwrap_err().status().unwrap().as_u16(), 418);
    assert_eq!(
        result
            .as_ref()
            .unwrap_err()
            .raw_headers()
            .unwrap()
            .get("x-trace")
            .unwrap(),
        "teapot"
    );
    let err = expect_unexpected(result);
    assert_eq!(err.status.as_u16(), 418);
    assert_eq!(err.headers.get("x-trace").unwrap(), "teapot");
    assert_eq!(err.headers.get("content-type").unwrap(), "application/json");
    assert_eq!(err.body, raw);
    assert!(err.reason.contains("418"), "{}", err.reason);
}

#[tokio::test]
async fn undocumented_status_keeps_non_utf8_body_bytes() {
    let server = MockServer::start().await;
    let raw = vec![0xff, 0x00, b't', b'e', b'a', 0xfe];
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(
            ResponseTemplate::new(418).set_body_raw(raw.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;

    let err = expect_unexpected(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );
    assert_eq!(err.body, raw);
    assert_eq!(err.text(), None);
}

#[tokio::test]
async fn non_json_body_on_documented_error_status_is_unexpected_response() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;

    let err = expect_unexpected(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );
    assert_eq!(err.status.as_u16(), 500);
    assert_eq!(err.body, b"<html>oops</html>");
    assert_eq!(err.text(), Some("<html>oops</html>"));
    assert_eq!(err.headers.get("content-type").unwrap(), "text/html");
}

#[tokio::test]
async fn non_json_body_on_success_status_is_unexpected_response() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_raw("created", "text/plain"))
        .mount(&server)
        .await;

    let err = expect_unexpected(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .await,
    );
    assert_eq!(err.status.as_u16(), 201);
    assert_eq!(err.body, b"created");
}

#[tokio::test]
async fn delete_is_retried_on_503_then_decodes_success() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(LINK_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "link-2"})))
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .delete_linked_customer_using_delete("cust-1", "link-2", "alice")
            .retry(fast_retry())
            .await,
    );
    assert_eq!(resp.body.id.as_deref(), Some("link-2"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.url.path(), LINK_PATH);
        assert_eq!(request.url.query(), Some("auditUser=alice"));
    }
}

// ---------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------

fn server0(environment: &str, realm: &str) -> Server {
    Server::EnvironmentRealm {
        environment: environment.into(),
        realm: realm.into(),
    }
}

#[test]
fn server_variables_fill_the_template() {
    assert_eq!(
        server0("test", "prod").url().unwrap(),
        "https://integration-api-cat2.test.ext.prod.cia.enfuce.com/customer"
    );
    assert_eq!(
        server0("dev-1", "eu_2").url().unwrap(),
        "https://integration-api-cat2.dev-1.ext.eu_2.cia.enfuce.com/customer"
    );
    let client = Client::new(server0("test", "prod")).unwrap();
    assert_eq!(
        client.base_url(),
        "https://integration-api-cat2.test.ext.prod.cia.enfuce.com/customer"
    );
    assert_eq!(
        Server::LiveEnvironment.url().unwrap(),
        "https://integration-api-cat2.live.ext.prod.cia.enfuce.com/customer"
    );
    assert_eq!(
        Client::new(Server::LiveEnvironment).unwrap().base_url(),
        "https://integration-api-cat2.live.ext.prod.cia.enfuce.com/customer"
    );
}

#[test]
fn empty_server_variable_is_missing() {
    match server0("", "x").url() {
        Err(ConfigError::MissingServerVariable { name }) => assert_eq!(name, "environment"),
        other => panic!("expected MissingServerVariable, got {other:?}"),
    }
    match server0("test", "").url() {
        Err(ConfigError::MissingServerVariable { name }) => assert_eq!(name, "realm"),
        other => panic!("expected MissingServerVariable, got {other:?}"),
    }
    assert!(matches!(
        Client::new(server0("", "x")),
        Err(ConfigError::MissingServerVariable { .. })
    ));
}

#[test]
fn server_variable_that_changes_the_url_structure_is_invalid() {
    for (environment, realm, bad_name, bad_value) in [
        ("test", "a/b", "realm", "a/b"),
        ("evil.com/", "x", "environment", "evil.com/"),
        ("user@evil.com", "x", "environment", "user@evil.com"),
        ("test", "x:8080", "realm", "x:8080"),
        ("test", "x?y", "realm", "x?y"),
        ("test", "x#y", "realm", "x#y"),
        ("te st", "x", "environment", "te st"),
    ] {
        match server0(environment, realm).url() {
            Err(ConfigError::InvalidServerVariable { name, value, .. }) => {
                assert_eq!(name, bad_name, "{environment:?}/{realm:?}");
                assert_eq!(value, bad_value, "{environment:?}/{realm:?}");
            }
            other => {
                panic!("{environment:?}/{realm:?}: expected InvalidServerVariable, got {other:?}")
            }
        }
    }
    assert!(matches!(
        Client::new(server0("test", "a/b")),
        Err(ConfigError::InvalidServerVariable { .. })
    ));
}
