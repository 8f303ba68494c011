//! A 1 GiB download consumed as a byte stream keeps memory flat: the peak
//! resident set (`VmHWM`) grows by a few MiB, not by the body's size. Alone
//! in its test binary so that no other test moves the process's peak.

mod stream_server;

use std::convert::Infallible;

use generated_client::runtime::{
    CallOptions, Client, Config, NoHeaders, OperationMeta, Request, RetryPolicy,
};
use stream_server::{Body, Reply, Server};

static DOWNLOAD: OperationMeta = OperationMeta {
    id: "download",
    method: "GET",
    path: "/big",
    idempotency_header: None,
    request_id_header: None,
    security: &[],
};

const LEN: u64 = 1 << 30;
/// Well under the body's size, well over the runtime's working set.
const MAX_GROWTH_KIB: u64 = 64 * 1024;

/// Peak resident set size of this process so far, in KiB (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn one_gib_streams_with_flat_memory() {
    let server = Server::start(|_, _| Reply {
        status: 200,
        content_type: "application/octet-stream".to_owned(),
        headers: Vec::new(),
        body: Body::Generated { len: LEN },
    })
    .await;
    let client =
        Client::new(&server.url, Config::new().retry(RetryPolicy::none())).expect("valid base URL");
    let mut request = Request::new(&DOWNLOAD);
    request.path_literal("/big");
    let before = peak_rss_kib().expect("VmHWM in /proc/self/status (Linux)");

    let response = client
        .execute_streaming::<Infallible, NoHeaders>(request, &CallOptions::default())
        .await
        .expect("a response");
    let mut chunks = response
        .byte_stream::<Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    // Checks a sample of bytes per chunk (every byte is `offset % 251`)
    // without slowing the test down.
    let mut received = 0u64;
    let mut largest_chunk = 0usize;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.expect("no transport error");
        for i in [0, chunk.len() / 2, chunk.len().saturating_sub(1)] {
            if let Some(b) = chunk.get(i) {
                assert_eq!(u64::from(*b), (received + i as u64) % 251);
            }
        }
        largest_chunk = largest_chunk.max(chunk.len());
        received += chunk.len() as u64;
    }
    assert_eq!(received, LEN, "every byte arrived");

    let after = peak_rss_kib().expect("VmHWM in /proc/self/status (Linux)");
    let growth = after.saturating_sub(before);
    println!(
        "1 GiB streamed: peak RSS {before} KiB -> {after} KiB (+{growth} KiB), largest chunk {largest_chunk} bytes"
    );
    assert!(
        growth < MAX_GROWTH_KIB,
        "peak RSS grew by {growth} KiB while streaming 1 GiB"
    );
}
