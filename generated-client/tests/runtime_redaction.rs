//! A secret in the URL (`apiKey` in `query`) stays out of errors and
//! tracing. Its own test binary: it installs a tracing subscriber, and no
//! other test's callsites should race with it.

mod common;

use common::fast_retry;
use generated_client::runtime::{
    self, CallOptions, Config, Error, NoHeaders, OperationMeta, Request, SchemeKind, SecurityScheme,
};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

static QUERY_KEY: SecurityScheme = SecurityScheme {
    name: "queryKey",
    kind: SchemeKind::ApiKeyQuery("api_key"),
};
static QUERY_OP: OperationMeta = OperationMeta {
    id: "testOperation",
    method: "GET",
    path: "/things",
    idempotency_header: None,
    request_id_header: None,
    security: &[&[&QUERY_KEY]],
};

/// Writes every span field and event field it sees into one string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = writeln!(self.0, "{} = {value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut out = self.0.lock().unwrap();
        let _ = writeln!(out, "span {}", span.metadata().name());
        span.record(&mut Fields(&mut out));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut out = self.0.lock().unwrap();
        let _ = writeln!(out, "event {}", event.metadata().target());
        event.record(&mut Fields(&mut out));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_query_secret_stays_out_of_errors_and_tracing() {
    // A port nobody listens on: every attempt fails to connect.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let config = Config::new()
        .api_key("queryKey", "qk-SECRET")
        .retry(fast_retry());
    let client = runtime::Client::new(&format!("http://127.0.0.1:{port}"), config).unwrap();
    let mut request = Request::new(&QUERY_OP);
    request.path_literal("/things");
    request.query("q", "visible");
    let err: Error<(), NoHeaders> = client
        .execute(request, &CallOptions::default())
        .await
        .unwrap_err();

    let display = err.to_string();
    let debug = format!("{err:?}");
    let traced = capture.0.lock().unwrap().clone();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_connect()),
        "{debug}"
    );
    // The URL is still there to debug with, the secret is not.
    assert!(display.contains("q=visible&api_key=REDACTED"), "{display}");
    assert!(traced.contains("retrying"), "{traced}");
    for text in [&display, &debug, &traced] {
        assert!(!text.contains("SECRET"), "{text}");
    }
}
