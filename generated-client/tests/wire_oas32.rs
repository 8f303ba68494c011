//! The client generated from `codegen/tests/fixtures/openapi32.yaml` (kept in
//! `tests/generated/` by `cargo xtask codegen`) against a local server: the
//! `QUERY` method and `additionalOperations` methods, `in: querystring`
//! parameters, and `discriminator.defaultMapping` decoding.

mod common;

/// The generated module expects the runtime at `crate::runtime`, in its own
/// crate (its builders are `runtime::Builder`s with inherent setters): this
/// test crate defines its runtime module the way a generated crate does.
mod runtime {
    pub use codegen_runtime::*;
    codegen_runtime::define_builder!();
}

#[rustfmt::skip]
#[allow(dead_code)]
#[path = "generated/src/openapi32/mod.rs"]
mod openapi32;

use common::only_request;
use openapi32::{types, Client};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(verb: &str, at: &str, response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(&server)
        .await;
    let config = runtime::Config::default().retry(runtime::RetryPolicy::none());
    let client = Client::from_url(&server.uri(), config).expect("valid base URL");
    (server, client)
}

#[tokio::test]
async fn query_method_sends_its_body_and_decodes_the_answer() {
    let answer = ResponseTemplate::new(200).set_body_json(json!([{"id": "a"}, {"id": "b"}]));
    let (server, client) = serve("QUERY", "/items", answer).await;
    let search = types::Search {
        text: Some("red".into()),
        limit: Some(2),
    };
    let found = client.search_items(search).await.expect("200 decodes");
    let ids: Vec<Option<&str>> = found.body.iter().map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, [Some("a"), Some("b")]);
    let r = only_request(&server).await;
    assert_eq!(r.method.as_str(), "QUERY");
    assert_eq!(r.url.query(), None);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.body).expect("JSON body"),
        json!({"text": "red", "limit": 2})
    );
}

#[tokio::test]
async fn additional_operations_use_their_own_methods() {
    let (server, client) = serve("PURGE", "/items", ResponseTemplate::new(204)).await;
    client.purge_items().await.expect("204");
    assert_eq!(only_request(&server).await.method.as_str(), "PURGE");

    let (server, client) = serve("COPY", "/items", ResponseTemplate::new(201)).await;
    client.copy_items("/archive").await.expect("201");
    let r = only_request(&server).await;
    assert_eq!(r.method.as_str(), "COPY");
    assert_eq!(common::single_header(&r, "destination"), "/archive");
}

#[tokio::test]
async fn a_form_querystring_is_the_whole_query() {
    let answer = ResponseTemplate::new(200).set_body_json(json!([]));
    let (server, client) = serve("GET", "/items/find", answer).await;
    let filter = types::Filter {
        color: "dark red".into(),
        sizes: Some(vec![1, 2]),
    };
    client.find_items(filter).await.expect("200");
    let r = only_request(&server).await;
    assert_eq!(r.url.query(), Some("color=dark+red&sizes=1&sizes=2"));
}

#[tokio::test]
async fn a_json_querystring_is_percent_encoded_json() {
    let (server, client) = serve("QUERY", "/items/json", ResponseTemplate::new(204)).await;
    let selector = types::QueryItemsJsonSelector {
        ids: Some(vec![3, 4]),
    };
    client
        .query_items_json()
        .selector(selector)
        .await
        .expect("204");
    let r = only_request(&server).await;
    assert_eq!(r.method.as_str(), "QUERY");
    assert_eq!(r.url.query(), Some("%7B%22ids%22%3A%5B3%2C4%5D%7D"));
}

#[tokio::test]
async fn a_text_querystring_follows_the_query_parameters() {
    let (server, client) = serve("GET", "/items/raw", ResponseTemplate::new(204)).await;
    client
        .raw_query("$filter=a eq 1&$top=5")
        .page(2)
        .await
        .expect("204");
    let r = only_request(&server).await;
    assert_eq!(r.url.query(), Some("page=2&$filter=a%20eq%201&$top=5"));
}

#[tokio::test]
async fn an_unmapped_or_absent_tag_decodes_as_the_default_mapping() {
    let pets = json!([
        {"kind": "cat", "lives": 9},
        {"kind": "dog", "good": true},
        {"kind": "parrot", "name": "Polly"},
        {"name": "No kind"},
        {"kind": "fish", "name": 5}
    ]);
    let answer = ResponseTemplate::new(200).set_body_json(&pets);
    let (_server, client) = serve("GET", "/pets", answer).await;
    let listed = client.list_pets().await.expect("200 decodes");
    let openapi32::ListPetsResponse::Ok(pets) = listed.body else {
        panic!("a 200 is `Ok`: {:?}", listed.body);
    };
    assert!(matches!(&pets[0], types::Pet::Cat(c) if c.lives == Some(9)));
    assert!(matches!(&pets[1], types::Pet::Dog(d) if d.good == Some(true)));
    let other = |name: &str, kind: Option<&str>| {
        types::Pet::Other(types::OtherPet {
            kind: kind.map(str::to_owned),
            name: Some(name.to_owned()),
        })
    };
    assert_eq!(pets[2], other("Polly", Some("parrot")));
    assert_eq!(pets[3], other("No kind", None));
    // Not an `OtherPet` either (`name` is not a string): kept whole.
    assert_eq!(
        pets[4],
        types::Pet::UnknownValue(json!({"kind": "fish", "name": 5}))
    );
    // A default that is not one of the `oneOf` members gets its own variant.
    let bike: types::Vehicle =
        serde_json::from_value(json!({"kind": "bike", "wheels": 2})).expect("decodes");
    assert_eq!(
        bike,
        types::Vehicle::Generic(types::GenericVehicle {
            kind: Some("bike".into()),
            wheels: Some(2),
        })
    );
    let car: types::Vehicle =
        serde_json::from_value(json!({"kind": "Car", "doors": 3})).expect("decodes");
    assert!(matches!(car, types::Vehicle::Car(c) if c.doors == 3));
}
