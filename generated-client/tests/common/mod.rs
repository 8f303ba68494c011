//! Helpers shared by the wire tests (each test crate uses a subset).
#![allow(dead_code)]

use std::fmt::Debug;
use std::time::Duration;

use generated_client::runtime::{
    ApiError, Config, Error, InvalidRequest, ResponseValue, RetryPolicy, UnexpectedResponse,
};
use wiremock::{MockServer, Request};

/// Retries as the default policy does (3 attempts), but without waiting.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .jitter(false)
}

/// A client config that never retries.
pub fn no_retry() -> Config {
    Config::default().retry(RetryPolicy::none())
}

/// Every request the server has seen, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("wiremock records requests by default")
}

/// The one request the server has seen.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests.remove(0)
}

/// Every value of a request header, as text.
pub fn header_values<'a>(request: &'a Request, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("header value is text"))
        .collect()
}

/// The single value of a request header.
pub fn single_header<'a>(request: &'a Request, name: &str) -> &'a str {
    let values = header_values(request, name);
    assert_eq!(values.len(), 1, "header {name}: {values:?}");
    values[0]
}

/// The request body, parsed as JSON.
pub fn json_body(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|e| {
        panic!(
            "request body is not JSON ({e}): {:?}",
            String::from_utf8_lossy(&request.body)
        )
    })
}

pub fn expect_ok<T: Debug, E: Debug, H: Debug>(
    result: Result<ResponseValue<T, H>, Error<E, H>>,
) -> ResponseValue<T, H> {
    match result {
        Ok(value) => value,
        Err(e) => panic!("expected success, got {e:?}"),
    }
}

pub fn expect_api<T: Debug, E: Debug, H: Debug>(result: Result<T, Error<E, H>>) -> ApiError<E, H> {
    match result {
        Err(Error::Api(e)) => *e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

pub fn expect_unexpected<T: Debug, E: Debug, H: Debug>(
    result: Result<T, Error<E, H>>,
) -> UnexpectedResponse {
    match result {
        Err(Error::UnexpectedResponse(e)) => *e,
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
}

pub fn expect_invalid<T: Debug, E: Debug, H: Debug>(
    result: Result<T, Error<E, H>>,
) -> InvalidRequest {
    match result {
        Err(Error::InvalidRequest(e)) => e,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}
