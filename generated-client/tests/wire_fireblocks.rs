//! Wire tests of the generated Fireblocks client against a mock server.

mod common;

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use common::*;
use generated_client::fireblocks::types::{
    ErrorSchema, TrLinkCreateIntegrationRequest, TrLinkDiscoverableStatus,
    TrLinkGeographicAddressRequest,
};
use generated_client::fireblocks::{
    Client, CreateTrLinkIntegrationError, DisconnectTrLinkIntegrationError, Server,
};
use generated_client::runtime::{self, Config, RetryPolicy};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CREATE_PATH: &str = "/screening/trlink/customers/integration";
const INTEGRATION_ID: &str = "123e4567-e89b-12d3-a456-426614174000";
const CUSTOMER_ID: &str = "550e8400-e29b-41d4-a716-446655440001";
const TENANT_ID: &str = "550e8400-e29b-41d4-a716-446655440003";
const PARTNER_ID: &str = "223e4567-e89b-12d3-a456-426614174009";

fn disconnect_path() -> String {
    format!("{CREATE_PATH}/{INTEGRATION_ID}")
}

fn client(server: &MockServer) -> Client {
    Client::from_url(&server.uri(), Config::default()).expect("mock server URL is valid")
}

fn create_body() -> TrLinkCreateIntegrationRequest {
    TrLinkCreateIntegrationRequest {
        customer_id: CUSTOMER_ID.parse().unwrap(),
        partner_ident: "sumsub".into(),
        customer_integration_id: None,
    }
}

/// A 201 body whose nullable fields are all present as `null`.
fn integration_with_nulls() -> serde_json::Value {
    json!({
        "customerIntegrationId": INTEGRATION_ID,
        "apiKey": null,
        "secret": null,
        "createDate": "2025-01-20T10:30:00.000Z",
        "lastUpdate": "2025-01-24T10:45:00+02:00",
        "partner": {
            "id": PARTNER_ID,
            "ident": "notabene",
            "name": "Notabene",
            "description": null,
            "baseUrl": "https://api.notabene.id",
            "active": true,
            "isTest": false
        },
        "customer": {
            "id": CUSTOMER_ID,
            "tenantId": TENANT_ID,
            "discoverable": null,
            "shortName": "Acme Corp",
            "fullLegalName": "Acme Corporation Ltd.",
            "geographicAddress": null,
            "countryOfRegistration": "US",
            "nationalIdentification": null,
            "dateOfIncorporation": null,
            "vaults": [0, 1, 2],
            "trPrimaryPurpose": null,
            "createDate": "2025-01-20T10:30:00.000Z",
            "lastUpdate": "2025-01-24T08:45:00.000Z"
        }
    })
}

/// A 201 body with every optional field filled in.
fn integration_filled() -> serde_json::Value {
    let mut body = integration_with_nulls();
    body["apiKey"] = json!("fb_***************");
    body["secret"] = json!("***");
    body["partner"]["description"] = json!("Travel Rule compliance provider");
    body["partner"]["isTest"] = json!(true);
    let customer = &mut body["customer"];
    customer["discoverable"] = json!("hidden");
    customer["geographicAddress"] = json!({
        "addressLine": ["Suite 100", "Floor 5"],
        "streetName": "Main Street",
        "buildingNumber": "123",
        "postCode": "10001",
        "townName": "New York",
        "country": "US"
    });
    customer["nationalIdentification"] = json!("{\"nationalIdentifier\":\"5493001KJTIIGC8Y1R12\"}");
    customer["dateOfIncorporation"] = json!("2015-03-15");
    customer["vaults"] = json!([7, 12345678901_i64]);
    customer["trPrimaryPurpose"] = json!("Virtual asset service provider");
    body
}

fn error_body() -> serde_json::Value {
    json!({"message": "customer not found", "code": 1404})
}

// ---------------------------------------------------------------------------
// What goes on the wire
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_sends_post_with_json_body_using_wire_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(header("content-type", "application/json"))
        .and(header("idempotency-key", "caller-key-1"))
        .and(body_json(json!({
            "customerId": CUSTOMER_ID,
            "partnerIdent": "sumsub"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration_with_nulls()))
        .expect(1)
        .mount(&server)
        .await;

    let resp = client(&server)
        .create_tr_link_integration(create_body())
        .idempotency_key("caller-key-1")
        .await;
    expect_ok(resp);

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), CREATE_PATH);
    assert_eq!(request.url.query(), None);
    assert_eq!(single_header(&request, "content-type"), "application/json");
    // The caller's key, once: not doubled up with a generated one.
    assert_eq!(single_header(&request, "idempotency-key"), "caller-key-1");
    // Exactly these keys: the unset optional field is left out, never `null`.
    assert_eq!(
        json_body(&request),
        json!({"customerId": CUSTOMER_ID, "partnerIdent": "sumsub"})
    );
    let raw = String::from_utf8(request.body.clone()).unwrap();
    assert!(!raw.contains("customerIntegrationId"), "{raw}");
    assert!(!raw.contains("null"), "{raw}");
    server.verify().await;
}

#[tokio::test]
async fn create_sends_optional_customer_integration_id_when_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration_with_nulls()))
        .mount(&server)
        .await;

    let mut body = create_body();
    body.customer_integration_id = Some("660e8400-e29b-41d4-a716-446655440099".parse().unwrap());
    expect_ok(client(&server).create_tr_link_integration(body).await);

    let request = only_request(&server).await;
    assert_eq!(
        json_body(&request),
        json!({
            "customerId": CUSTOMER_ID,
            "partnerIdent": "sumsub",
            "customerIntegrationId": "660e8400-e29b-41d4-a716-446655440099"
        })
    );
}

#[tokio::test]
async fn disconnect_sends_delete_to_the_integration_path_without_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let resp = client(&server)
        .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
        .await;
    expect_ok(resp);

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), disconnect_path());
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty(), "{:?}", request.body);
    assert!(header_values(&request, "content-type").is_empty());
    server.verify().await;
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1{}", disconnect_path())))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;

    // With and without a trailing slash.
    for base in [
        format!("{}/v1", server.uri()),
        format!("{}/v1/", server.uri()),
    ] {
        let client = Client::from_url(&base, Config::default()).unwrap();
        assert_eq!(client.base_url(), format!("{}/v1", server.uri()));
        let id = INTEGRATION_ID.parse().unwrap();
        expect_ok(client.disconnect_tr_link_integration(id).await);
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.url.path(), format!("/v1{}", disconnect_path()));
    }
}

// ---------------------------------------------------------------------------
// Decoding of documented responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_201_decodes_typed_body_with_nulls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Request-ID", "req-201")
                .set_body_json(integration_with_nulls()),
        )
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .create_tr_link_integration(create_body())
            .await,
    );
    assert_eq!(resp.status.as_u16(), 201);
    assert_eq!(resp.headers.x_request_id.as_deref(), Some("req-201"));
    assert_eq!(
        resp.raw_headers
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap(),
        "req-201"
    );

    let body = resp.into_body();
    assert_eq!(
        body.customer_integration_id,
        Uuid::parse_str(INTEGRATION_ID).unwrap()
    );
    assert_eq!(body.api_key, None);
    assert_eq!(body.secret, None);
    assert_eq!(
        body.create_date,
        Utc.with_ymd_and_hms(2025, 1, 20, 10, 30, 0).unwrap()
    );
    // An offset timestamp is converted to UTC.
    assert_eq!(
        body.last_update,
        Utc.with_ymd_and_hms(2025, 1, 24, 8, 45, 0).unwrap()
    );

    let partner = &body.partner;
    assert_eq!(partner.id, Uuid::parse_str(PARTNER_ID).unwrap());
    assert_eq!(partner.ident, "notabene");
    assert_eq!(partner.name, "Notabene");
    assert_eq!(partner.description, None);
    assert_eq!(partner.base_url, "https://api.notabene.id");
    assert!(partner.active);
    assert!(!partner.is_test);

    let customer = &body.customer;
    assert_eq!(customer.id, Uuid::parse_str(CUSTOMER_ID).unwrap());
    assert_eq!(customer.tenant_id, Uuid::parse_str(TENANT_ID).unwrap());
    assert_eq!(customer.discoverable, None);
    assert_eq!(customer.short_name, "Acme Corp");
    assert_eq!(customer.full_legal_name, "Acme Corporation Ltd.");
    assert_eq!(customer.geographic_address, None);
    assert_eq!(customer.country_of_registration, "US");
    assert_eq!(customer.national_identification, None);
    assert_eq!(customer.date_of_incorporation, None);
    assert_eq!(customer.vaults, Some(vec![0, 1, 2]));
    assert_eq!(customer.tr_primary_purpose, None);
    assert_eq!(
        customer.create_date,
        Utc.with_ymd_and_hms(2025, 1, 20, 10, 30, 0).unwrap()
    );
    assert_eq!(
        customer.last_update,
        Utc.with_ymd_and_hms(2025, 1, 24, 8, 45, 0).unwrap()
    );
}

#[tokio::test]
async fn create_201_decodes_filled_optional_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration_filled()))
        .mount(&server)
        .await;

    let body = expect_ok(
        client(&server)
            .create_tr_link_integration(create_body())
            .await,
    )
    .body;
    assert_eq!(body.api_key.as_deref(), Some("fb_***************"));
    assert_eq!(body.secret.as_deref(), Some("***"));
    assert_eq!(
        body.partner.description.as_deref(),
        Some("Travel Rule compliance provider")
    );
    assert!(body.partner.is_test);

    let customer = &body.customer;
    assert_eq!(
        customer.discoverable,
        Some(TrLinkDiscoverableStatus::Hidden)
    );
    assert_eq!(
        customer.geographic_address,
        Some(TrLinkGeographicAddressRequest {
            address_line: Some(vec!["Suite 100".into(), "Floor 5".into()]),
            street_name: Some("Main Street".into()),
            building_number: Some("123".into()),
            post_code: Some("10001".into()),
            town_name: Some("New York".into()),
            country: Some("US".into()),
            ..Default::default()
        })
    );
    assert_eq!(
        customer.national_identification.as_deref(),
        Some("{\"nationalIdentifier\":\"5493001KJTIIGC8Y1R12\"}")
    );
    assert_eq!(
        customer.date_of_incorporation,
        Some(NaiveDate::from_ymd_opt(2015, 3, 15).unwrap())
    );
    assert_eq!(customer.vaults, Some(vec![7, 12_345_678_901]));
    assert_eq!(
        customer.tr_primary_purpose.as_deref(),
        Some("Virtual asset service provider")
    );
}

#[tokio::test]
async fn create_201_with_unknown_discoverable_value_decodes_to_unknown_value() {
    let server = MockServer::start().await;
    let mut body = integration_with_nulls();
    body["customer"]["discoverable"] = json!("brand-new");
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(body))
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .create_tr_link_integration(create_body())
            .await,
    );
    let discoverable = resp.body.customer.discoverable.clone();
    assert_eq!(
        discoverable,
        Some(TrLinkDiscoverableStatus::UnknownValue("brand-new".into()))
    );
    assert_eq!(discoverable.unwrap().as_str(), "brand-new");
}

#[tokio::test]
async fn create_201_with_body_missing_required_field_is_unexpected_response() {
    let server = MockServer::start().await;
    let mut body = integration_with_nulls();
    body.as_object_mut().unwrap().remove("partner");
    let raw = serde_json::to_vec(&body).unwrap();
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_raw(raw.clone(), "application/json"))
        .mount(&server)
        .await;

    let err = expect_unexpected(
        client(&server)
            .create_tr_link_integration(create_body())
            .await,
    );
    assert_eq!(err.status.as_u16(), 201);
    assert_eq!(err.body, raw);
    assert!(err.reason.contains("partner"), "{}", err.reason);
}

#[tokio::test]
async fn create_4xx_is_api_error_default_with_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-ID", "req-400")
                .set_body_json(error_body()),
        )
        .mount(&server)
        .await;

    let result = client(&server)
        .create_tr_link_integration(create_body())
        .await;
    assert_eq!(result.as_ref().unwrap_err().status().unwrap().as_u16(), 400);
    assert_eq!(
        result
            .as_ref()
            .unwrap_err()
            .headers()
            .unwrap()
            .x_request_id
            .as_deref(),
        Some("req-400")
    );
    let err = expect_api(result);
    assert_eq!(err.status.as_u16(), 400);
    assert_eq!(err.headers.x_request_id.as_deref(), Some("req-400"));
    assert_eq!(
        err.body,
        CreateTrLinkIntegrationError::Default(ErrorSchema {
            message: Some("customer not found".into()),
            code: Some(1404.0),
        })
    );
}

#[tokio::test]
async fn create_5xx_is_api_error_default_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom"})))
        .mount(&server)
        .await;

    let err = expect_api(
        client(&server)
            .create_tr_link_integration(create_body())
            .retry(fast_retry())
            .await,
    );
    assert_eq!(err.status.as_u16(), 500);
    assert_eq!(err.headers.x_request_id, None);
    assert_eq!(
        err.body,
        CreateTrLinkIntegrationError::Default(ErrorSchema {
            message: Some("boom".into()),
            code: None,
        })
    );
    // 500 is not a retryable status.
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn create_other_status_is_covered_by_default_response() {
    // `default` documents every status the spec does not list, so 418 with an
    // ErrorSchema body is a documented error, not an unexpected one.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(418).set_body_json(error_body()))
        .mount(&server)
        .await;

    let err = expect_api(
        client(&server)
            .create_tr_link_integration(create_body())
            .await,
    );
    assert_eq!(err.status.as_u16(), 418);
    assert!(matches!(
        err.body,
        CreateTrLinkIntegrationError::Default(ErrorSchema { code: Some(c), .. }) if c == 1404.0
    ));
}

#[tokio::test]
async fn create_non_json_error_body_is_unexpected_response_with_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("X-Request-ID", "req-html")
                .set_body_raw("<html>oops</html>", "text/html"),
        )
        .mount(&server)
        .await;

    let err = expect_unexpected(
        client(&server)
            .create_tr_link_integration(create_body())
            .await,
    );
    assert_eq!(err.status.as_u16(), 500);
    assert_eq!(err.body, b"<html>oops</html>");
    assert_eq!(err.text(), Some("<html>oops</html>"));
    assert_eq!(err.headers.get("content-type").unwrap(), "text/html");
    assert_eq!(err.headers.get("x-request-id").unwrap(), "req-html");
}

#[tokio::test]
async fn disconnect_204_decodes_to_unit_with_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-ID", "req-204"))
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
            .await,
    );
    assert_eq!(resp.status.as_u16(), 204);
    assert_eq!(resp.headers.x_request_id.as_deref(), Some("req-204"));
    let () = resp.into_body();
}

#[tokio::test]
async fn disconnect_error_is_api_error_default_with_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-Request-ID", "req-404")
                .set_body_json(error_body()),
        )
        .mount(&server)
        .await;

    let result = client(&server)
        .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
        .await;
    assert_eq!(
        result
            .as_ref()
            .unwrap_err()
            .headers()
            .unwrap()
            .x_request_id
            .as_deref(),
        Some("req-404")
    );
    let err = expect_api(result);
    assert_eq!(err.status.as_u16(), 404);
    assert_eq!(
        err.body,
        DisconnectTrLinkIntegrationError::Default(ErrorSchema {
            message: Some("customer not found".into()),
            code: Some(1404.0),
        })
    );
}

#[tokio::test]
async fn disconnect_non_json_error_body_is_unexpected_response() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;

    let err = expect_unexpected(
        client(&server)
            .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
            .await,
    );
    assert_eq!(err.status.as_u16(), 500);
    assert_eq!(err.body, b"<html>oops</html>");
}

// ---------------------------------------------------------------------------
// Idempotency keys and retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_without_key_sends_a_generated_uuid_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration_with_nulls()))
        .mount(&server)
        .await;

    let client = client(&server);
    expect_ok(client.create_tr_link_integration(create_body()).await);
    expect_ok(client.create_tr_link_integration(create_body()).await);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let keys: Vec<Uuid> = requests
        .iter()
        .map(|r| {
            let key = single_header(r, "idempotency-key");
            Uuid::parse_str(key).unwrap_or_else(|e| panic!("{key:?} is not a UUID: {e}"))
        })
        .collect();
    // One key per call, not one per client.
    assert_ne!(keys[0], keys[1]);
}

#[tokio::test]
async fn create_retried_after_503_reuses_the_generated_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration_with_nulls()))
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .create_tr_link_integration(create_body())
            .retry(fast_retry())
            .await,
    );
    assert_eq!(resp.status.as_u16(), 201);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let first = single_header(&requests[0], "idempotency-key");
    let second = single_header(&requests[1], "idempotency-key");
    Uuid::parse_str(first).expect("generated key is a UUID");
    assert_eq!(first, second);
    // The body is resent unchanged.
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(json_body(&requests[1])["partnerIdent"], "sumsub");
}

#[tokio::test]
async fn create_retried_after_503_reuses_the_callers_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(integration_with_nulls()))
        .mount(&server)
        .await;

    expect_ok(
        client(&server)
            .create_tr_link_integration(create_body())
            .idempotency_key("caller-key-2")
            .retry(fast_retry())
            .await,
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(single_header(request, "idempotency-key"), "caller-key-2");
    }
}

#[tokio::test]
async fn disconnect_retried_on_503_twice_then_succeeds_on_third_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-ID", "req-third"))
        .expect(1)
        .mount(&server)
        .await;

    let resp = expect_ok(
        client(&server)
            .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
            .retry(fast_retry())
            .await,
    );
    assert_eq!(resp.status.as_u16(), 204);
    assert_eq!(resp.headers.x_request_id.as_deref(), Some("req-third"));
    assert_eq!(received(&server).await.len(), 3);
    server.verify().await;
}

#[tokio::test]
async fn disconnect_gives_up_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"})))
        .mount(&server)
        .await;

    let err = expect_api(
        client(&server)
            .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
            .retry(fast_retry())
            .await,
    );
    assert_eq!(err.status.as_u16(), 503);
    assert_eq!(
        err.body,
        DisconnectTrLinkIntegrationError::Default(ErrorSchema {
            message: Some("busy".into()),
            code: None,
        })
    );
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn retry_policy_none_makes_one_attempt_only() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"})))
        .mount(&server)
        .await;

    // Per call.
    let client = client(&server);
    let id: Uuid = INTEGRATION_ID.parse().unwrap();
    let err = expect_api(
        client
            .disconnect_tr_link_integration(id)
            .retry(RetryPolicy::none())
            .await,
    );
    assert_eq!(err.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1);
    let err = expect_api(
        client
            .create_tr_link_integration(create_body())
            .retry(RetryPolicy::none())
            .await,
    );
    assert_eq!(err.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 2);

    // Client-wide.
    server.reset().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"})))
        .mount(&server)
        .await;
    let client = Client::from_url(&server.uri(), no_retry()).unwrap();
    let err = expect_api(client.disconnect_tr_link_integration(id).await);
    assert_eq!(err.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_returns_the_response_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(disconnect_path()))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "3600")
                .set_body_json(json!({"message": "busy"})),
        )
        .mount(&server)
        .await;

    let started = std::time::Instant::now();
    let err = expect_api(
        client(&server)
            .disconnect_tr_link_integration(INTEGRATION_ID.parse().unwrap())
            .retry(fast_retry().max_retry_after(Duration::from_secs(5)))
            .await,
    );
    assert_eq!(err.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

// ---------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------

#[test]
fn documented_servers_have_their_base_urls() {
    assert_eq!(
        Server::Sandbox.url().unwrap(),
        "https://sandbox-api.fireblocks.io/v1"
    );
    assert_eq!(
        Server::Production.url().unwrap(),
        "https://api.fireblocks.io/v1"
    );
    assert_eq!(
        Client::new(Server::Sandbox).unwrap().base_url(),
        "https://sandbox-api.fireblocks.io/v1"
    );
    assert_eq!(
        Client::new(Server::Production).unwrap().base_url(),
        "https://api.fireblocks.io/v1"
    );
}

#[test]
fn non_http_base_url_is_refused() {
    for bad in [
        "ftp://example.com",
        "not a url",
        "mailto:someone@example.com",
    ] {
        match Client::from_url(bad, Config::default()) {
            Err(runtime::ConfigError::InvalidBaseUrl { url, .. }) => assert_eq!(url, bad),
            other => panic!("{bad}: expected InvalidBaseUrl, got {other:?}"),
        }
    }
}

#[test]
fn string_enums_decode_known_and_unknown_values() {
    // Responses only carry this enum: it is `Deserialize`, not `Serialize`
    // (see tests/types.rs for one that goes both ways).
    for (value, wire) in [
        (TrLinkDiscoverableStatus::Hidden, "hidden"),
        (
            TrLinkDiscoverableStatus::UnknownValue("later".into()),
            "later",
        ),
    ] {
        assert_eq!(
            serde_json::from_value::<TrLinkDiscoverableStatus>(json!(wire)).unwrap(),
            value
        );
        assert_eq!(TrLinkDiscoverableStatus::from(wire), value);
        assert_eq!(value.to_string(), wire);
    }
    // Not a string: an error, not a silently invented variant.
    assert!(serde_json::from_value::<TrLinkDiscoverableStatus>(json!(3)).is_err());
}
