//! The clients generated from `codegen/tests/fixtures/encodings.yaml` and
//! `form-brackets.yaml` (kept in `tests/generated/` by `cargo xtask codegen`)
//! against a local server, byte for byte: form bodies by their `encoding`
//! entries (`deepObject` to any depth, arrays, `contentType`,
//! `allowReserved`), `deepObject` query parameters, multipart parts (JSON for
//! objects, `contentType`, part headers), streamed file parts without a body,
//! and `anyOf`/`oneOf` required sets checked before sending.

mod common;

/// The generated modules expect the runtime at `crate::runtime`, in their own
/// crate: this test crate defines its runtime module as a generated crate does.
mod runtime {
    pub use codegen_runtime::*;
    codegen_runtime::define_builder!();
}

#[rustfmt::skip]
#[allow(dead_code)]
#[path = "generated/src/encodings/mod.rs"]
mod encodings;

#[rustfmt::skip]
#[allow(dead_code)]
#[path = "generated/src/form_brackets/mod.rs"]
mod form_brackets;

use common::{only_request, received, single_header};
use std::collections::BTreeMap;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn config() -> runtime::Config {
    runtime::Config::default().retry(runtime::RetryPolicy::none())
}

fn body_text(r: &wiremock::Request) -> String {
    String::from_utf8(r.body.clone()).expect("a text body")
}

/// The parts of a multipart body: each part's header block and content.
fn parts(r: &wiremock::Request) -> Vec<(String, Vec<u8>)> {
    let content_type = single_header(r, "content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart body");
    let delimiter = format!("--{boundary}");
    let text = r.body.clone();
    let mut out = Vec::new();
    let mut rest: &[u8] = &text;
    loop {
        let at = find(rest, delimiter.as_bytes()).expect("a delimiter");
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--\r\n") {
            assert_eq!(rest.len(), 4, "nothing after the closing delimiter");
            return out;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let head_end = find(rest, b"\r\n\r\n").expect("a part head");
        let head = String::from_utf8(rest[..head_end].to_vec()).expect("text head");
        rest = &rest[head_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).expect("part end");
        out.push((head, rest[..end].to_vec()));
        rest = &rest[end + 2..];
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn form_body_follows_each_property_encoding() {
    use encodings::types::*;
    let server = server().await;
    let client = encodings::Client::from_url(&server.uri(), config()).unwrap();
    let body = CustomerForm {
        name: Some("Jenny Rosen".into()),
        metadata: Some(BTreeMap::from([("order_id".to_owned(), "6735".to_owned())])),
        address: Some(Address {
            city: Some("Berlin".into()),
            geo: Some(AddressGeo {
                lat: Some(52.5),
                lng: Some(13.4),
            }),
        }),
        expand: Some(vec!["a".into(), "b".into()]),
        items: Some(vec![Item {
            price: Some("p".into()),
            quantity: Some(2),
        }]),
        tags: Some(vec!["x".into(), "y".into()]),
        ids: Some(vec![1, 2]),
        codes: Some(vec!["c".into(), "d".into()]),
        note: Some(CustomerFormNote {
            text: Some("hi".into()),
        }),
        point: Some(CustomerFormPoint {
            x: Some(1),
            y: Some(2),
        }),
        callback: Some("https://x.test/cb?a=b".into()),
    };
    client.create_customer(body).await.expect("204");
    let r = only_request(&server).await;
    assert_eq!(
        single_header(&r, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        body_text(&r),
        [
            "name=Jenny+Rosen",
            "metadata[order_id]=6735",
            "address[city]=Berlin",
            "address[geo][lat]=52.5",
            "address[geo][lng]=13.4",
            "expand[0]=a",
            "expand[1]=b",
            "items[0][price]=p",
            "items[0][quantity]=2",
            "tags=x",
            "tags=y",
            "ids=1%2C2",
            "codes=c%7Cd",
            "note=%7B%22text%22%3A%22hi%22%7D",
            "x=1",
            "y=2",
            "callback=https://x.test/cb?a=b",
        ]
        .join("&")
    );
}

#[tokio::test]
async fn stripe_style_brackets_when_the_spec_asks() {
    use form_brackets::types::*;
    let server = server().await;
    let client = form_brackets::Client::from_url(&server.uri(), config()).unwrap();
    let body = PostCheckoutSessionsBody {
        expand: Some(vec!["customer".into(), "line_items".into()]),
        line_items: Some(vec![
            PostCheckoutSessionsBodyLineItemsItem {
                price: Some("price_1".into()),
                quantity: Some(1),
            },
            PostCheckoutSessionsBodyLineItemsItem {
                price: Some("price_2".into()),
                quantity: Some(3),
            },
        ]),
        metadata: Some(PostCheckoutSessionsBodyMetadata::Object(BTreeMap::from([
            ("order_id".to_owned(), "6735".to_owned()),
        ]))),
    };
    client.post_checkout_sessions(body).await.expect("204");
    client
        .get_customers()
        .expand(vec!["data.default_source".to_owned()])
        .created(GetCustomersCreated { gte: Some(10) })
        .await
        .expect("204");
    let requests = received(&server).await;
    assert_eq!(
        body_text(&requests[0]),
        "expand[]=customer&expand[]=line_items\
         &line_items[0][price]=price_1&line_items[0][quantity]=1\
         &line_items[1][price]=price_2&line_items[1][quantity]=3\
         &metadata[order_id]=6735"
    );
    assert_eq!(
        requests[1].url.query(),
        Some("expand%5B%5D=data.default_source&created%5Bgte%5D=10")
    );
}

#[tokio::test]
async fn deep_object_query_parameters_nest_and_index_arrays() {
    use encodings::types::*;
    let server = server().await;
    let client = encodings::Client::from_url(&server.uri(), config()).unwrap();
    client
        .search()
        .filter(Filter {
            status: Some("open".into()),
            created: Some(FilterCreated { gte: Some(5) }),
            ids: Some(vec!["a".into(), "b".into()]),
        })
        .expand(vec!["x".to_owned()])
        .await
        .expect("204");
    let r = only_request(&server).await;
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    let expected = [
        ("filter[status]", "open"),
        ("filter[created][gte]", "5"),
        ("filter[ids][0]", "a"),
        ("filter[ids][1]", "b"),
        ("expand[0]", "x"),
    ];
    assert_eq!(
        pairs,
        expected.map(|(k, v)| (k.to_owned(), v.to_owned())).to_vec()
    );
}

#[tokio::test]
async fn multipart_parts_by_type_and_encoding() {
    use encodings::types::*;
    let server = server().await;
    let client = encodings::Client::from_url(&server.uri(), config()).unwrap();
    let body = FileUpload {
        file: Some(vec![0x89, b'P', b'N', b'G']),
        purpose: Some("avatar".into()),
        tags: Some(vec!["a".into(), "b".into()]),
        meta: Some(FileUploadMeta { ttl: Some(60) }),
        items: Some(vec![Item {
            price: Some("p".into()),
            quantity: None,
        }]),
        doc: Some("<a/>".into()),
        link: Some(FileUploadLink {
            create: Some(true),
            expires_at: Some(99),
        }),
        extra: Some(vec![1, 2]),
    };
    client.upload_file(body).await.expect("204");
    let r = only_request(&server).await;
    let got: Vec<(String, String)> = parts(&r)
        .into_iter()
        .map(|(head, bytes)| (head, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    let disposition = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
    let expected = vec![
        (
            format!(
                "{}; filename=\"file\"\r\nContent-Type: image/png\r\nX-Checksum-Kind: sha256",
                disposition("file")
            ),
            None,
        ),
        (disposition("purpose"), Some("avatar")),
        (disposition("tags"), Some("a")),
        (disposition("tags"), Some("b")),
        (
            format!("{}\r\nContent-Type: application/json", disposition("meta")),
            Some(r#"{"ttl":60}"#),
        ),
        (
            format!("{}\r\nContent-Type: application/json", disposition("items")),
            Some(r#"{"price":"p"}"#),
        ),
        (
            format!("{}\r\nContent-Type: application/xml", disposition("doc")),
            Some("<a/>"),
        ),
        (disposition("link[create]"), Some("true")),
        (disposition("link[expires_at]"), Some("99")),
        (
            format!("{}\r\nContent-Type: application/json", disposition("extra")),
            Some("[1,2]"),
        ),
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((head, content), (want_head, want)) in got.iter().zip(&expected) {
        assert_eq!(head, want_head);
        if let Some(want) = want {
            assert_eq!(content, want, "content of {head}");
        }
    }
    let file = &parts(&r)[0].1;
    assert_eq!(file, &[0x89, b'P', b'N', b'G'], "file bytes as they are");
}

#[tokio::test]
async fn a_streamed_file_part_is_sent_without_a_body() {
    let server = server().await;
    let client = encodings::Client::from_url(&server.uri(), config()).unwrap();
    let chunks = futures_util::stream::iter([
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"PK\x03")),
        Ok(bytes::Bytes::from_static(b"\x04zip")),
    ]);
    let part = runtime::FilePart::stream(chunks, "site.zip").content_type("application/zip");
    client
        .create_site_build("s1")
        .stream_file("zip", part)
        .await
        .expect("204");
    let r = only_request(&server).await;
    let got = parts(&r);
    assert_eq!(got.len(), 1, "the streamed part is sent");
    assert_eq!(
        got[0].0,
        "Content-Disposition: form-data; name=\"zip\"; filename=\"site.zip\"\r\nContent-Type: application/zip"
    );
    assert_eq!(got[0].1, b"PK\x03\x04zip");

    // Neither a body nor a part: no body at all, as before.
    client.create_site_build("s2").await.expect("204");
    let requests = received(&server).await;
    assert!(requests[1].body.is_empty());
    assert!(requests[1].headers.get("content-type").is_none());
}

#[tokio::test]
async fn required_sets_are_checked_before_sending() {
    use encodings::types::*;
    let server = server().await;
    let client = encodings::Client::from_url(&server.uri(), config()).unwrap();
    let invalid = |e: encodings::UpdateGistFailure| match e {
        runtime::Error::InvalidRequest(e) => e,
        other => panic!("expected InvalidRequest, got {other:?}"),
    };

    let e = invalid(
        client
            .update_gist("g", UpdateGistBody::default())
            .await
            .expect_err("`{}` satisfies neither alternative"),
    );
    assert_eq!(e.field, "body");
    assert_eq!(
        e.message,
        "must have at least one of: `description`; `files` (anyOf)"
    );

    // A file entry with neither `content` nor `filename` is `{}`, which the
    // third alternative allows; so is an entry of `null` (delete the file).
    let files = BTreeMap::from([
        ("a.rb".to_owned(), Some(UpdateGistBodyFilesValue::default())),
        ("b.rb".to_owned(), None),
    ]);
    let body = UpdateGistBody {
        description: None,
        files: Some(files),
    };
    client.update_gist("g", body).await.expect("204");

    let e = client
        .create_transfer(CreateTransferBody {
            account: Some("acct".into()),
            card: Some("card".into()),
            amount: Some(1),
        })
        .await
        .expect_err("oneOf: both alternatives hold");
    match e {
        runtime::Error::InvalidRequest(e) => {
            assert_eq!(
                e.message,
                "must have exactly one of: `account`; `card` (oneOf)"
            )
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    client
        .create_transfer(CreateTransferBody {
            card: Some("card".into()),
            ..Default::default()
        })
        .await
        .expect("204");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "only the valid requests are sent");
    assert_eq!(body_text(&requests[1]), r#"{"card":"card"}"#);
}

/// An object with properties whose `oneOf` alternatives only narrow them
/// (GitHub's `checks/create`, found by `cargo xtask conformance`): the
/// object's own properties are sent, required ones included. As a union of
/// the alternatives the body was `{"status": ..}` at most, without `name`
/// and `head_sha`, and both validators rejected it.
#[tokio::test]
async fn properties_beside_narrowing_alternatives_are_sent() {
    use encodings::types::*;
    let server = server().await;
    let client = encodings::Client::from_url(&server.uri(), config()).unwrap();
    client
        .create_check_run(CreateCheckRunBody {
            name: "lint".into(),
            head_sha: "0123abcd".into(),
            status: Some(CreateCheckRunBodyStatus::Completed),
            conclusion: Some("success".into()),
        })
        .await
        .expect("204");
    let r = only_request(&server).await;
    assert_eq!(
        body_text(&r),
        r#"{"name":"lint","head_sha":"0123abcd","status":"completed","conclusion":"success"}"#
    );
}
