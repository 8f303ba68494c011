//! Query parameter styles (`form`, `spaceDelimited`, `pipeDelimited`,
//! `deepObject`, exploded or not) and text/bytes bodies, as they reach a
//! local server.

mod common;

use common::{no_retry, only_request};
use generated_client::runtime::{
    self, ArrayForm, CallOptions, Error, NoHeaders, OperationMeta, QueryStyle, RawResponse, Request,
};
use std::collections::BTreeMap;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

static OP: OperationMeta = OperationMeta {
    id: "styles",
    method: "POST",
    path: "/things",
    idempotency_header: None,
    request_id_header: None,
    security: &[],
};

/// Sends the request `fill` builds and returns what the server received.
async fn sent(fill: impl FnOnce(&mut Request)) -> wiremock::Request {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = runtime::Client::new(&server.uri(), no_retry()).expect("valid base URL");
    let mut request = Request::new(&OP);
    request.path_literal("/things");
    fill(&mut request);
    let result: Result<RawResponse, Error<(), NoHeaders>> =
        client.execute(request, &CallOptions::default()).await;
    result.expect("call succeeds");
    only_request(&server).await
}

fn object() -> BTreeMap<&'static str, serde_json::Value> {
    BTreeMap::from([("color", "red a".into()), ("size", 2.into())])
}

#[tokio::test]
async fn arrays_in_every_style() {
    let r = sent(|q| {
        q.query_list("form", &[1, 2], QueryStyle::Repeat);
        q.query_list("csv", &[1, 2], QueryStyle::Join(','));
        q.query_list("ssv", &["a", "b c"], QueryStyle::Join(' '));
        q.query_list("pipes", &[3, 4], QueryStyle::Join('|'));
        q.query_list("empty", &[] as &[i32], QueryStyle::Repeat);
    })
    .await;
    assert_eq!(
        r.url.query(),
        Some("form=1&form=2&csv=1%2C2&ssv=a+b+c&pipes=3%7C4")
    );
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    assert_eq!(pairs[3], ("ssv".to_owned(), "a b c".to_owned()));
    assert_eq!(pairs[4], ("pipes".to_owned(), "3|4".to_owned()));
}

#[tokio::test]
async fn objects_exploded_joined_and_deep() {
    let r = sent(|q| {
        q.query_structured("exploded", &object(), QueryStyle::Repeat);
        q.query_structured("point", &object(), QueryStyle::Join(','));
        q.query_structured("filter", &object(), QueryStyle::Deep(ArrayForm::Indexed));
        q.query_structured("absent", &None::<i32>, QueryStyle::Repeat);
    })
    .await;
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    let expected = [
        ("color", "red a"),
        ("size", "2"),
        ("point", "color,red a,size,2"),
        ("filter[color]", "red a"),
        ("filter[size]", "2"),
    ];
    assert_eq!(
        pairs,
        expected.map(|(k, v)| (k.to_owned(), v.to_owned())).to_vec()
    );
}

#[tokio::test]
async fn text_and_bytes_bodies_keep_their_content_type() {
    let r = sent(|q| q.text("text/plain", "héllo")).await;
    assert_eq!(r.body, "héllo".as_bytes());
    assert_eq!(common::single_header(&r, "content-type"), "text/plain");

    let r = sent(|q| q.bytes("application/octet-stream", vec![0, 159, 255])).await;
    assert_eq!(r.body, [0, 159, 255]);
    assert_eq!(
        common::single_header(&r, "content-type"),
        "application/octet-stream"
    );
}

#[tokio::test]
async fn accept_header_is_sent_once() {
    let r = sent(|q| {
        q.header("accept", "application/json, text/csv")
            .expect("valid header");
    })
    .await;
    assert_eq!(
        common::header_values(&r, "accept"),
        ["application/json, text/csv"]
    );
}
