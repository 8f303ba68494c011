//! `pages` and `items` of the client generated from
//! `codegen/tests/fixtures/pagination.yaml` (one list operation per paging
//! style) against a local server: several pages, an empty last page, a
//! cursor that repeats, an error on page 3, retries inside a page, a `Link`
//! to another origin, bounds, and the caller's parameters and auth on every
//! page.

mod common;

mod runtime {
    pub use codegen_runtime::*;
    codegen_runtime::define_builder!();
}

#[rustfmt::skip]
#[allow(dead_code)]
#[path = "generated/src/pagination/mod.rs"]
mod pagination;

use common::{fast_retry, received};
use pagination::Client;
use serde_json::{json, Value};
use std::collections::HashMap;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering `GET at` with `respond`, and a client for it with an
/// API key and fast retries.
async fn serve(
    at: &str,
    respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static,
) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(respond)
        .mount(&server)
        .await;
    let config = runtime::Config::default()
        .retry(fast_retry())
        .api_key(pagination::auth::KEY, "secret");
    let client = Client::from_url(&server.uri(), config).expect("valid base URL");
    (server, client)
}

fn query(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

fn things(range: std::ops::Range<u32>) -> Vec<Value> {
    range
        .map(|i| json!({ "id": format!("t{i}"), "n": i }))
        .collect()
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// The ids of every item, and the error that ended the stream, if any.
async fn read_items<P, I>(mut items: runtime::Items<P, I>) -> (Vec<String>, Option<String>)
where
    P: runtime::Operation + Send + 'static,
    I: Send + 'static + HasId,
    runtime::Error<P::Err, P::Headers>: std::fmt::Display,
{
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => ids.push(item.id().to_owned()),
            Err(e) => {
                assert!(items.next().await.is_none(), "an error ends the stream");
                return (ids, Some(e.to_string()));
            }
        }
    }
    (ids, None)
}

trait HasId {
    fn id(&self) -> &str;
}

impl HasId for pagination::types::Thing {
    fn id(&self) -> &str {
        &self.id
    }
}

fn ids(range: std::ops::Range<u32>) -> Vec<String> {
    range.map(|i| format!("t{i}")).collect()
}

#[tokio::test]
async fn cursor_in_the_body_pages_until_it_is_absent() {
    // Fireblocks: `paging.after` → `after`; the caller's `limit` and
    // `before` stay on every page, and so does the API key.
    let (server, client) = serve("/accounts", |r: &Request| {
        let q = query(r);
        match q.get("after").map(String::as_str) {
            None => ok(json!({ "accounts": things(0..2), "paging": { "after": "c1" } })),
            Some("c1") => ok(json!({ "accounts": things(2..4), "paging": { "after": "c2" } })),
            Some("c2") => ok(json!({ "accounts": things(4..5), "paging": {} })),
            Some(other) => ResponseTemplate::new(400).set_body_string(other.to_owned()),
        }
    })
    .await;
    let (got, error) = read_items(client.get_paged_accounts().limit(2).before("x").items()).await;
    assert_eq!(got, ids(0..5));
    assert_eq!(error, None);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let afters: Vec<Option<String>> = requests
        .iter()
        .map(|r| query(r).get("after").cloned())
        .collect();
    assert_eq!(afters, [None, Some("c1".into()), Some("c2".into())]);
    for r in &requests {
        assert_eq!(query(r).get("limit").map(String::as_str), Some("2"));
        assert_eq!(query(r).get("before").map(String::as_str), Some("x"));
        assert_eq!(common::single_header(r, "x-api-key"), "secret");
    }
}

#[tokio::test]
async fn pages_keep_status_and_headers() {
    let (_server, client) = serve("/files", |r: &Request| {
        let done = query(r).contains_key("after");
        ok(json!({
            "data": if done { things(2..3) } else { things(0..2) },
            "has_more": !done,
            "last_id": if done { "t2" } else { "t1" },
        }))
        .insert_header("x-page", if done { "2" } else { "1" })
    })
    .await;
    let mut pages = client.list_files().pages();
    let first = pages
        .next()
        .await
        .expect("a first page")
        .expect("it decodes");
    assert_eq!(first.status, 200);
    assert_eq!(first.raw_headers["x-page"], "1");
    assert_eq!(first.body.data.len(), 2);
    let second = pages
        .next()
        .await
        .expect("a second page")
        .expect("it decodes");
    assert_eq!(second.raw_headers["x-page"], "2");
    // `has_more: false` ends it, though `last_id` is there.
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn last_item_id_until_has_more_is_false() {
    // Stripe: `starting_after` is the last item's id.
    let (server, client) = serve("/charges", |r: &Request| {
        let page = match query(r).get("starting_after").map(String::as_str) {
            None => 0,
            Some("t2") => 1,
            Some("t5") => 2,
            Some(_) => return ResponseTemplate::new(400),
        };
        let start = page * 3;
        ok(json!({
            "data": things(start..start + 3),
            "has_more": page < 2,
            "object": "list",
            "url": "/charges",
        }))
    })
    .await;
    let (got, error) = read_items(client.list_charges().items()).await;
    assert_eq!((got, error), (ids(0..9), None));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn an_empty_last_page_ends_the_stream() {
    // Kubernetes: `metadata.continue` → `continue`; the last page is empty.
    let (server, client) = serve("/pods", |r: &Request| {
        match query(r).get("continue").map(String::as_str) {
            None => ok(json!({ "items": things(0..2), "metadata": { "continue": "k1" } })),
            Some("k1") => ok(json!({ "items": things(2..3), "metadata": { "continue": "k2" } })),
            Some(_) => ok(json!({ "items": [], "metadata": { "continue": "" } })),
        }
    })
    .await;
    let mut pages = client.list_pods().pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.expect("decodes").body.items.len());
    }
    assert_eq!(sizes, [2, 1, 0]);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_cursor_that_repeats_stops_the_stream() {
    // The server hands out `a`, `b`, then `a` again: the stream stops
    // instead of looping.
    let (server, client) = serve("/pods", |r: &Request| {
        let next = match query(r).get("continue").map(String::as_str) {
            None => "a",
            Some("a") => "b",
            Some(_) => "a",
        };
        ok(json!({ "items": things(0..1), "metadata": { "continue": next } }))
    })
    .await;
    let (got, error) = read_items(client.list_pods().items()).await;
    assert_eq!(got.len(), 3);
    assert_eq!(error, None);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn an_error_on_page_3_ends_the_stream_after_the_pages_read() {
    let (server, client) = serve("/accounts", |r: &Request| {
        match query(r).get("after").map(String::as_str) {
            None => ok(json!({ "accounts": things(0..2), "paging": { "after": "c1" } })),
            Some("c1") => ok(json!({ "accounts": things(2..4), "paging": { "after": "c2" } })),
            Some(_) => ResponseTemplate::new(404).set_body_string("no such page"),
        }
    })
    .await;
    let (got, error) = read_items(client.get_paged_accounts().items()).await;
    assert_eq!(got, ids(0..4));
    let error = error.expect("page 3 failed");
    assert!(error.contains("404"), "{error}");
    assert_eq!(received(&server).await.len(), 3);

    // The page stream: two pages, then the error, then nothing.
    let mut pages = client.get_paged_accounts().pages();
    assert!(pages.next().await.expect("page 1").is_ok());
    assert!(pages.next().await.expect("page 2").is_ok());
    assert!(pages.next().await.expect("page 3").is_err());
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn a_page_is_retried_like_any_call() {
    // The second page fails with 503 twice, then succeeds: retried inside
    // the page, the stream goes on.
    let failures = std::sync::atomic::AtomicU32::new(0);
    let (server, client) = serve("/files", move |r: &Request| {
        if query(r).get("after").map(String::as_str) == Some("t1") {
            if failures.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
                return ResponseTemplate::new(503);
            }
            return ok(json!({ "data": things(2..4), "has_more": false }));
        }
        ok(json!({ "data": things(0..2), "has_more": true, "last_id": "t1" }))
    })
    .await;
    let (got, error) = read_items(client.list_files().items()).await;
    assert_eq!((got, error), (ids(0..4), None));
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn link_header_pages_on_the_same_origin_only() {
    // GitHub: `Link: <...>; rel="next"`, an absolute URL on the client's
    // origin, followed with the API key; the third page links to another
    // origin, which is not followed.
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/repos"))
        .respond_with(move |r: &Request| {
            let page: u32 = query(r).get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            let next = match page {
                1 => format!("<{base}/repos?per_page=2&page=2>; rel=\"next\", <{base}/repos?page=3>; rel=\"last\""),
                2 => format!("<{base}/repos?per_page=2&page=3>; rel=\"next\""),
                _ => "<https://elsewhere.example/repos?page=4>; rel=\"next\"".to_owned(),
            };
            ok(Value::Array(things((page - 1) * 2..page * 2))).insert_header("link", next.as_str())
        })
        .mount(&server)
        .await;
    let config = runtime::Config::default().api_key(pagination::auth::KEY, "secret");
    let client = Client::from_url(&server.uri(), config).expect("valid base URL");
    let (got, error) = read_items(client.list_repos().per_page(2).items()).await;
    assert_eq!(got, ids(0..6));
    let error = error.expect("the link to another origin is refused");
    assert!(error.contains("another origin"), "{error}");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(common::single_header(r, "x-api-key"), "secret");
    }
    assert_eq!(requests[2].url.query(), Some("per_page=2&page=3"));
}

#[tokio::test]
async fn next_url_in_a_next_page_header() {
    // Fireblocks' transactions: `next-page` holds the whole next URL,
    // under the client's base path; an empty one ends the list.
    let server = MockServer::start().await;
    let base = format!("{}/v1", server.uri());
    let next = format!("{base}/transactions?limit=2&next=abc");
    Mock::given(method("GET"))
        .and(path("/v1/transactions"))
        .respond_with(
            move |r: &Request| match query(r).get("next").map(String::as_str) {
                None => ok(Value::Array(things(0..2))).insert_header("next-page", next.as_str()),
                Some(_) => ok(Value::Array(things(2..3))).insert_header("next-page", ""),
            },
        )
        .mount(&server)
        .await;
    let client = Client::from_url(&base, runtime::Config::default()).expect("valid base URL");
    let (got, error) = read_items(client.get_transactions().limit(2).items()).await;
    assert_eq!((got, error), (ids(0..3), None));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].url.path(), "/v1/transactions");
    assert_eq!(requests[1].url.query(), Some("limit=2&next=abc"));
}

#[tokio::test]
async fn next_url_in_the_body_may_be_relative() {
    // Microsoft Graph: `@odata.nextLink`, here relative to the page's URL.
    let (server, client) = serve("/events", |r: &Request| {
        match query(r).get("$skiptoken").map(String::as_str) {
            None => {
                ok(json!({ "value": things(0..2), "@odata.nextLink": "events?$skiptoken=a%3D%3D" }))
            }
            Some("a==") => ok(json!({ "value": things(2..3) })),
            Some(_) => ResponseTemplate::new(400),
        }
    })
    .await;
    let (got, error) = read_items(client.list_events().top(2).items()).await;
    assert_eq!((got, error), (ids(0..3), None));
    let requests = received(&server).await;
    // The next URL is sent as written, not with the first page's query.
    assert_eq!(requests[1].url.query(), Some("$skiptoken=a%3D%3D"));
}

#[tokio::test]
async fn offset_pages_end_at_the_total() {
    let (server, client) = serve("/users", |r: &Request| {
        let offset: u32 = query(r)
            .get("offset")
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        ok(json!({ "total": 5, "results": things(offset..(offset + 2).min(5)) }))
    })
    .await;
    let (got, error) = read_items(client.list_users().limit(2).items()).await;
    assert_eq!((got, error), (ids(0..5), None));
    let offsets: Vec<Option<String>> = received(&server)
        .await
        .iter()
        .map(|r| query(r).get("offset").cloned())
        .collect();
    assert_eq!(offsets, [None, Some("2".into()), Some("4".into())]);
}

#[tokio::test]
async fn page_numbers_end_on_a_short_page() {
    let (server, client) = serve("/pets", |r: &Request| {
        let page: u32 = query(r)
            .get("page")
            .and_then(|o| o.parse().ok())
            .unwrap_or(1);
        let start = (page - 1) * 3;
        ok(Value::Array(things(start..(start + 3).min(7))))
    })
    .await;
    let (got, error) = read_items(client.list_pets().per_page(3).items()).await;
    assert_eq!((got, error), (ids(0..7), None));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn page_numbers_without_a_size_end_on_an_empty_page() {
    let (server, client) = serve("/pets", |r: &Request| {
        let page: u32 = query(r)
            .get("page")
            .and_then(|o| o.parse().ok())
            .unwrap_or(1);
        ok(Value::Array(if page <= 2 {
            things((page - 1) * 3..page * 3)
        } else {
            vec![]
        }))
    })
    .await;
    let (got, error) = read_items(client.list_pets().items()).await;
    assert_eq!((got, error), (ids(0..6), None));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn bounds_are_the_callers() {
    // An endless list: each page points to the next.
    let (server, client) = serve("/pods", |r: &Request| {
        let n: u32 = query(r).get("continue").and_then(|c| c.parse().ok()).unwrap_or(0);
        ok(json!({ "items": things(n * 10..n * 10 + 10), "metadata": { "continue": (n + 1).to_string() } }))
    })
    .await;
    let (got, _) = read_items(client.list_pods().items().max_items(25)).await;
    assert_eq!(got, ids(0..25));
    // The third page held the 25th item: no fourth was asked for.
    assert_eq!(received(&server).await.len(), 3);

    let mut pages = client.list_pods().pages().max_pages(4);
    let mut read = 0;
    while let Some(page) = pages.next().await {
        page.expect("decodes");
        read += 1;
    }
    assert_eq!(read, 4);
    assert_eq!(received(&server).await.len(), 7);
}

#[tokio::test]
async fn declared_pagination_wins() {
    // `x-ms-pageable` names `continuation` and `entries`.
    let (_server, client) = serve("/vaults", |r: &Request| match r.url.query() {
        None => {
            ok(json!({ "entries": things(0..1), "other": ["x"], "continuation": "/vaults?part=2" }))
        }
        Some(_) => ok(json!({ "entries": things(1..2) })),
    })
    .await;
    let (got, error) = read_items(client.list_vaults().items()).await;
    assert_eq!((got, error), (ids(0..2), None));

    // The per-spec settings page `listRows` by `resume` → `token`.
    let (_server, client) = serve("/rows", |r: &Request| {
        match query(r).get("token").map(String::as_str) {
            None => ok(json!({ "rows": things(0..1), "resume": "r1" })),
            Some("r1") => ok(json!({ "rows": things(1..2) })),
            Some(_) => ResponseTemplate::new(400),
        }
    })
    .await;
    let (got, error) = read_items(client.list_rows().items()).await;
    assert_eq!((got, error), (ids(0..2), None));
}

#[tokio::test]
async fn a_body_over_the_limit_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files"))
        .respond_with(|r: &Request| {
            if query(r).contains_key("after") {
                ok(json!({ "data": things(0..200), "has_more": false }))
            } else {
                ok(json!({ "data": things(0..1), "has_more": true, "last_id": "t0" }))
            }
        })
        .mount(&server)
        .await;
    let config = runtime::Config::default().max_response_body(1024);
    let client = Client::from_url(&server.uri(), config).expect("valid base URL");
    let (got, error) = read_items(client.list_files().items()).await;
    assert_eq!(got, ids(0..1));
    assert!(error.expect("second page too large").contains("limit"));
}
