//! Streamed responses and uploads on the wire, through the runtime that
//! generated `send_streaming` methods call: server-sent events (typed, with
//! a bad event, cut in the middle, resumed with `Last-Event-ID`), JSON Lines
//! and JSON text sequences, byte streams beyond the buffered body cap, and
//! uploads from a file, a stream and a multipart file part.

mod stream_server;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use generated_client::runtime::{
    CallOptions, Client, Config, Error, Event, FilePart, NoHeaders, OperationMeta, Request,
    RetryPolicy, StreamError, StreamingResponse, Upload,
};
use stream_server::{Body, Piece, Reply, Server};
use tokio::sync::Notify;

static GET: OperationMeta = OperationMeta {
    id: "streamTest",
    method: "GET",
    path: "/stream",
    idempotency_header: None,
    request_id_header: None,
    security: &[],
};

static PUT: OperationMeta = OperationMeta {
    id: "uploadTest",
    method: "PUT",
    path: "/upload",
    idempotency_header: None,
    request_id_header: None,
    security: &[],
};

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Tick {
    symbol: String,
    price: f64,
}

fn client(server: &Server, config: Config) -> Client {
    Client::new(&server.url, config.retry(RetryPolicy::none())).expect("valid base URL")
}

async fn get(client: &Client) -> StreamingResponse {
    let mut request = Request::new(&GET);
    request.path_literal("/stream");
    client
        .execute_streaming::<Infallible, NoHeaders>(request, &CallOptions::default())
        .await
        .expect("a response")
}

fn tick(symbol: &str, price: f64) -> Tick {
    Tick {
        symbol: symbol.to_owned(),
        price,
    }
}

#[tokio::test]
async fn events_decode_one_by_one_with_their_fields_and_a_bad_one_does_not_end_the_stream() {
    let server = Server::start(|_, _| {
        Reply::chunks(
            200,
            "text/event-stream",
            &[
                "\u{FEFF}: comment\r\nretry: 1500\r\nevent: tick\r\nid: 1\r\ndata: {\"symbol\":",
                "\"A\",\"price\":1.5}\r\n\r\n",
                "data: not json\n\n",
                "id: 3\rdata: {\"symbol\":\"B\",\r",
                "data: \"price\":2}\r\r",
            ],
            false,
        )
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let value = response
        .events::<Tick, Infallible, NoHeaders>()
        .expect("a stream");
    assert_eq!(value.status.as_u16(), 200);
    let mut events = value.body;

    let first = events.next().await.expect("an item").expect("decodes");
    assert_eq!(
        first,
        Event {
            event: "tick".to_owned(),
            id: Some("1".to_owned()),
            retry: Some(Duration::from_millis(1500)),
            data: tick("A", 1.5),
        }
    );
    match events.next().await.expect("an item") {
        Err(StreamError::Undecodable(item)) => {
            assert_eq!(item.data, "not json");
            assert_eq!(item.event.as_deref(), Some("message"));
            assert_eq!(item.id.as_deref(), Some("1"), "the id persists");
        }
        other => panic!("expected an undecodable event, got {other:?}"),
    }
    let third = events.next().await.expect("an item").expect("decodes");
    assert_eq!(third.data, tick("B", 2.0), "data lines joined with LF");
    assert_eq!(third.id.as_deref(), Some("3"));
    assert_eq!(third.event, "message");
    assert!(
        events.next().await.is_none(),
        "the stream ends with the body"
    );
}

#[tokio::test]
async fn untyped_events_keep_data_as_text() {
    let server = Server::start(|_, _| {
        Reply::chunks(
            200,
            "text/event-stream",
            &["data: line one\ndata: line two\n\n"],
            false,
        )
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut events = response
        .text_events::<Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    let event = events.next().await.expect("an item").expect("text");
    assert_eq!(event.data, "line one\nline two");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn each_event_is_yielded_before_the_body_ends() {
    let gate = Arc::new(Notify::new());
    let server_gate = gate.clone();
    let server = Server::start(move |_, _| Reply {
        status: 200,
        content_type: "text/event-stream".to_owned(),
        headers: Vec::new(),
        body: Body::Chunks {
            pieces: vec![
                Piece::Data(b"data: {\"symbol\":\"A\",\"price\":1}\n\n".to_vec()),
                Piece::Wait(server_gate.clone()),
                Piece::Data(b"data: {\"symbol\":\"B\",\"price\":2}\n\n".to_vec()),
            ],
            cut: false,
        },
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut events = response
        .events::<Tick, Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    // The server sends the second event only after the client has the
    // first: a client that waited for the whole body would hang here.
    let first = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .expect("the first event arrives while the body is still open");
    assert_eq!(
        first.expect("an item").expect("decodes").data,
        tick("A", 1.0)
    );
    gate.notify_one();
    let second = events.next().await.expect("an item").expect("decodes");
    assert_eq!(second.data, tick("B", 2.0));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_cut_in_the_middle_is_an_error_item_not_a_silent_end() {
    let server = Server::start(|_, _| {
        Reply::chunks(
            200,
            "text/event-stream",
            &[
                "data: {\"symbol\":\"A\",\"price\":1}\n\n",
                "data: {\"symbol\":\"B\",",
            ],
            true,
        )
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut events = response
        .events::<Tick, Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    assert_eq!(
        events.next().await.expect("an item").expect("decodes").data,
        tick("A", 1.0)
    );
    match events.next().await {
        Some(Err(StreamError::Transport(e))) => {
            assert!(e.is_body() || e.is_decode(), "a body error: {e:?}")
        }
        other => panic!("expected the cut as an error item, got {other:?}"),
    }
    assert!(events.next().await.is_none(), "nothing after the cut");
}

#[tokio::test]
async fn reconnect_resumes_after_a_cut_with_last_event_id() {
    let server = Server::start(|n, _| match n {
        0 => Reply::chunks(
            200,
            "text/event-stream",
            &[
                "retry: 5\nid: 1\ndata: {\"symbol\":\"A\",\"price\":1}\n\n",
                "id: 2\ndata: {\"symbol\":\"lost\"",
            ],
            true,
        ),
        _ => Reply::chunks(
            200,
            "text/event-stream",
            &["id: 2\ndata: {\"symbol\":\"B\",\"price\":2}\n\n"],
            false,
        ),
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut events = response
        .events::<Tick, Infallible, NoHeaders>()
        .expect("a stream")
        .body
        .reconnect(3);
    let first = events.next().await.expect("an item").expect("decodes");
    assert_eq!(
        (first.id.as_deref(), first.data),
        (Some("1"), tick("A", 1.0))
    );
    let second = events.next().await.expect("an item").expect("decodes");
    assert_eq!(
        (second.id.as_deref(), second.data),
        (Some("2"), tick("B", 2.0))
    );
    assert!(events.next().await.is_none(), "a clean end is not resumed");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("last-event-id"), None);
    assert_eq!(requests[1].header("last-event-id").as_deref(), Some("1"));
    assert_eq!(requests[1].request_line(), "GET /stream HTTP/1.1");
}

#[tokio::test]
async fn reconnect_that_fails_ends_the_stream_with_the_reason() {
    let server = Server::start(|n, _| match n {
        0 => Reply::chunks(
            200,
            "text/event-stream",
            &["retry: 1\ndata: \"x\"\n\n", "data: "],
            true,
        ),
        _ => Reply::chunks(503, "text/plain", &["down"], false),
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut events = response
        .events::<String, Infallible, NoHeaders>()
        .expect("a stream")
        .body
        .reconnect(1);
    assert_eq!(
        events.next().await.expect("an item").expect("decodes").data,
        "x"
    );
    match events.next().await {
        Some(Err(StreamError::Reconnect(e))) => {
            assert_eq!(e.status().map(|s| s.as_u16()), Some(503))
        }
        other => panic!("expected a failed reconnection, got {other:?}"),
    }
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn json_lines_yield_typed_items_across_chunks() {
    let server = Server::start(|_, _| {
        Reply::chunks(
            200,
            "application/x-ndjson",
            &[
                "{\"symbol\":\"A\",\"price\":1}\n{\"sym",
                "bol\":\"B\",\"price\":2}\r\n\n{oops}\n",
                "{\"symbol\":\"C\",\"price\":3}",
            ],
            false,
        )
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut items = response
        .json_lines::<Tick, Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    assert_eq!(
        items.next().await.expect("1").expect("decodes"),
        tick("A", 1.0)
    );
    assert_eq!(
        items.next().await.expect("2").expect("decodes"),
        tick("B", 2.0)
    );
    match items.next().await {
        Some(Err(StreamError::Undecodable(item))) => assert_eq!(item.data, "{oops}"),
        other => panic!("expected an undecodable line, got {other:?}"),
    }
    assert_eq!(
        items
            .next()
            .await
            .expect("the last line, unterminated")
            .expect("decodes"),
        tick("C", 3.0)
    );
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn json_seq_yields_records_and_a_cut_as_an_error() {
    let server = Server::start(|_, _| {
        Reply::chunks(
            200,
            "application/json-seq",
            &["\u{1e}[1,2]\n\u{1e}[", "3]\n\u{1e}[4"],
            true,
        )
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    let mut items = response
        .json_seq::<Vec<i64>, Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    assert_eq!(items.next().await.expect("1").expect("decodes"), vec![1, 2]);
    assert_eq!(items.next().await.expect("2").expect("decodes"), vec![3]);
    assert!(matches!(
        items.next().await,
        Some(Err(StreamError::Transport(_)))
    ));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn byte_stream_is_not_bound_by_the_buffered_body_cap() {
    const LEN: u64 = 1 << 20;
    let server = Server::start(|_, _| Reply {
        status: 200,
        content_type: "application/octet-stream".to_owned(),
        headers: Vec::new(),
        body: Body::Generated { len: LEN },
    })
    .await;
    let config = || Config::new().max_response_body(64 * 1024);

    // Buffered, the body is over the cap.
    let mut request = Request::new(&GET);
    request.path_literal("/stream");
    let buffered = client(&server, config())
        .execute::<Infallible, NoHeaders>(request, &CallOptions::default())
        .await;
    assert!(
        matches!(buffered, Err(Error::ResponseTooLarge(_))),
        "{buffered:?}"
    );

    // Streamed, every byte arrives, in order.
    let response = get(&client(&server, config())).await;
    let mut chunks = response
        .byte_stream::<Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    let mut offset = 0u64;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.expect("no transport error");
        for (i, b) in chunk.iter().enumerate() {
            assert_eq!(*b, ((offset + i as u64) % 251) as u8);
        }
        offset += chunk.len() as u64;
    }
    assert_eq!(offset, LEN);
}

#[tokio::test]
async fn byte_stream_cut_is_an_error_item() {
    let server =
        Server::start(|_, _| Reply::chunks(200, "application/octet-stream", &["abc"], true)).await;
    let response = get(&client(&server, Config::new())).await;
    let mut chunks = response
        .byte_stream::<Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    assert_eq!(&chunks.next().await.expect("data").expect("ok")[..], b"abc");
    assert!(matches!(
        chunks.next().await,
        Some(Err(StreamError::Transport(_)))
    ));
}

#[tokio::test]
async fn error_status_of_a_streamed_call_is_read_whole() {
    let server = Server::start(|_, _| {
        Reply::chunks(
            404,
            "application/json",
            &["{\"message\":", "\"gone\"}"],
            false,
        )
    })
    .await;
    let response = get(&client(&server, Config::new())).await;
    assert_eq!(response.status(), 404);
    let raw = response
        .whole::<Infallible, NoHeaders>()
        .await
        .expect("read");
    assert_eq!(raw.body, b"{\"message\":\"gone\"}");
}

async fn put(client: &Client, fill: impl FnOnce(&mut Request)) {
    let mut request = Request::new(&PUT);
    request.path_literal("/upload");
    fill(&mut request);
    let response = client
        .execute::<Infallible, NoHeaders>(request, &CallOptions::default())
        .await
        .expect("a response");
    assert_eq!(response.status(), 204);
}

fn no_content() -> Reply {
    Reply::chunks(204, "text/plain", &[], false)
}

#[tokio::test]
async fn upload_streams_a_file_without_a_length() {
    let server = Server::start(|_, _| no_content()).await;
    let path = std::env::temp_dir().join(format!("upload-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &content).expect("temp file");
    let upload = Upload::file(&path).await.expect("opens");
    put(&client(&server, Config::new()), |r| {
        r.upload("application/octet-stream", upload)
    })
    .await;
    let _ = std::fs::remove_file(&path);

    let request = &server.requests()[0];
    assert_eq!(
        request.header("transfer-encoding").as_deref(),
        Some("chunked"),
        "streamed, not read into memory first"
    );
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert!(request.body == content, "every byte, in order");
}

#[tokio::test]
async fn upload_from_a_stream_of_chunks() {
    let server = Server::start(|_, _| no_content()).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(b"hello ".to_vec()),
        Ok(b"streamed ".to_vec()),
        Ok(b"world".to_vec()),
    ];
    let upload = Upload::stream(futures_util::stream::iter(chunks));
    put(&client(&server, Config::new()), |r| {
        r.upload("text/plain", upload)
    })
    .await;
    let request = &server.requests()[0];
    assert_eq!(request.body, b"hello streamed world");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("text/plain")
    );
}

#[tokio::test]
async fn upload_from_bytes_is_buffered_and_has_a_length() {
    let server = Server::start(|_, _| no_content()).await;
    put(&client(&server, Config::new()), |r| {
        r.upload("application/octet-stream", Upload::from(b"abc".to_vec()))
    })
    .await;
    let request = &server.requests()[0];
    assert_eq!(request.header("content-length").as_deref(), Some("3"));
    assert_eq!(request.body, b"abc");
}

#[tokio::test]
async fn multipart_streams_a_file_part_with_name_and_type() {
    let server = Server::start(|_, _| no_content()).await;
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"\x00\x01"), Ok(b"\x02")];
    let part = FilePart::stream(futures_util::stream::iter(chunks), "data.bin")
        .content_type("application/x-test");
    let body = serde_json::json!({ "title": "report", "file": [] });
    put(&client(&server, Config::new()), |r| {
        r.multipart_upload(&body, &["file"], vec![("file".to_owned(), part)])
            .expect("a multipart body")
    })
    .await;

    let request = &server.requests()[0];
    let content_type = request.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let expected = [
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nreport\r\n")
            .into_bytes(),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\nContent-Type: application/x-test\r\n\r\n"
        )
        .into_bytes(),
        b"\x00\x01\x02\r\n".to_vec(),
        format!("--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        request.header("transfer-encoding").as_deref(),
        Some("chunked")
    );
}

#[tokio::test]
async fn an_event_that_never_ends_stops_at_the_body_cap() {
    let endless = format!("data: {}", "x".repeat(8 * 1024));
    let server = Server::start(move |_, _| {
        Reply::chunks(
            200,
            "text/event-stream",
            &["data: \"ok\"\n\n", &endless, &endless],
            false,
        )
    })
    .await;
    let response = get(&client(&server, Config::new().max_response_body(4096))).await;
    let mut events = response
        .events::<String, Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    assert_eq!(
        events.next().await.expect("an item").expect("decodes").data,
        "ok"
    );
    assert!(matches!(
        events.next().await,
        Some(Err(StreamError::ItemTooLarge { limit: 4096 }))
    ));
    assert!(events.next().await.is_none(), "the stream stops there");
}

#[tokio::test]
async fn a_line_that_never_ends_stops_at_the_body_cap() {
    let endless = "7".repeat(8 * 1024);
    let server = Server::start(move |_, _| {
        Reply::chunks(200, "application/jsonl", &["1\n", &endless, "\n2\n"], false)
    })
    .await;
    let response = get(&client(&server, Config::new().max_response_body(4096))).await;
    let mut items = response
        .json_lines::<u64, Infallible, NoHeaders>()
        .expect("a stream")
        .body;
    assert_eq!(items.next().await.expect("an item").expect("decodes"), 1);
    assert!(matches!(
        items.next().await,
        Some(Err(StreamError::ItemTooLarge { limit: 4096 }))
    ));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_307_after_a_streamed_upload_is_returned_not_followed_without_its_body() {
    let server = Server::start(|n, _| match n {
        0 => Reply {
            status: 307,
            content_type: "text/plain".to_owned(),
            headers: vec![("location".to_owned(), "/upload-here".to_owned())],
            body: Body::Chunks {
                pieces: Vec::new(),
                cut: false,
            },
        },
        _ => no_content(),
    })
    .await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"once".to_vec())];
    let mut request = Request::new(&PUT);
    request.path_literal("/upload");
    request.upload(
        "text/plain",
        Upload::stream(futures_util::stream::iter(chunks)),
    );
    let response = client(&server, Config::new())
        .execute::<Infallible, NoHeaders>(request, &CallOptions::default())
        .await
        .expect("a response");
    assert_eq!(response.status.as_u16(), 307);
    assert_eq!(server.requests().len(), 1, "the body cannot be sent again");
}
