//! Streams hold one page at a time: reading 10,000 items through 100 pages
//! (2 KB each, 20 MB in all) keeps the process's resident memory flat. A
//! test binary of its own, so that no other test's memory is counted.

mod runtime {
    pub use codegen_runtime::*;
    codegen_runtime::define_builder!();
}

#[rustfmt::skip]
#[allow(dead_code)]
#[path = "generated/src/pagination/mod.rs"]
mod pagination;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Resident memory in bytes (Linux), `None` elsewhere.
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test]
async fn ten_thousand_items_through_a_hundred_pages_in_flat_memory() {
    let server = MockServer::start().await;
    let padding = "x".repeat(2000);
    Mock::given(method("GET"))
        .and(path("/pods"))
        .respond_with(move |r: &Request| {
            let page: u32 = r
                .url
                .query_pairs()
                .find(|(k, _)| k == "continue")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let items: Vec<_> = (page * 100..page * 100 + 100)
                .map(|i| json!({ "id": format!("{i}-{padding}") }))
                .collect();
            let next = if page < 99 {
                (page + 1).to_string()
            } else {
                String::new()
            };
            ResponseTemplate::new(200)
                .set_body_json(json!({ "items": items, "metadata": { "continue": next } }))
        })
        .mount(&server)
        .await;
    let client = pagination::Client::from_url(&server.uri(), runtime::Config::default())
        .expect("valid base URL");
    let mut items = client.list_pods().items();
    let (mut count, mut bytes) = (0u64, 0u64);
    let mut after_ten_pages = None;
    let mut peak = 0;
    while let Some(item) = items.next().await {
        let item = item.expect("every page decodes");
        assert!(item.id.starts_with(&format!("{count}-")));
        count += 1;
        bytes += item.id.len() as u64;
        if count == 1000 {
            after_ten_pages = resident();
        }
        peak = peak.max(resident().unwrap_or(0));
    }
    assert_eq!(count, 10_000);
    assert!(bytes > 20_000_000, "{bytes}");
    if let Some(start) = after_ten_pages {
        let growth = peak.saturating_sub(start);
        println!("resident after 10 pages {start} B, peak {peak} B, growth {growth} B over 90 more pages of 200 KB");
        // Holding the pages (or items) read would add 18 MB.
        assert!(growth < 6_000_000, "memory grew by {growth} bytes");
    }
    let requests = server.received_requests().await.map_or(0, |r| r.len());
    assert_eq!(requests, 100);
}
