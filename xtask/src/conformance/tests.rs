//! The bounded conformance run of `cargo test --workspace`: the seed specs
//! and a fixed sample of operations from Fireblocks, GitHub and OpenAI
//! (Stripe's cuts keep Prism 5.16 starting for minutes: not here yet), sent through their generated clients to the validators. It
//! fails when a request is rejected for a reason that is not a documented
//! validator or spec fault, when an accepted response does not decode, or
//! when a negative control (a value outside an enum) is accepted.
//! It needs Node.js and npm (Prism) and Python 3 (openapi-core); it
//! installs the pinned versions itself and fails saying so where they
//! are missing.

use super::{run_spec, seed_specs, Options, Summary};
use std::path::PathBuf;

const CORPUS: &str = "../shared/corpus";

/// (name, spec under the corpus, operation ids).
const SAMPLES: &[(&str, &str, &[&str])] = &[
    (
        "sample-fireblocks",
        "fireblocks/fireblocks-api-1.6.2.openapi.yaml",
        &[
            "createVaultAccount",
            "getVaultAccountAssetAddressesPaginated",
            "createTransaction",
            "getFiatAccounts",
            "setNetworkIdDiscoverability",
            "getTokenBalances",
        ],
    ),
    (
        "sample-github",
        "progenitor/api.github.com.json",
        &[
            "meta/root",
            "repos/get",
            "issues/list-for-repo",
            "issues/create",
            "gists/update",
        ],
    ),
    (
        "sample-openai",
        "oas31/openai.openapi.yaml",
        &[
            "listModels",
            "retrieveModel",
            "createEmbedding",
            "createModeration",
            "createFile",
        ],
    ),
];

#[test]
fn conformance_sample() {
    let root = crate::workspace_root();
    let mut runs: Vec<Options> = Vec::new();
    for spec in seed_specs(&root).unwrap_or_default() {
        runs.push(Options {
            specs: vec![spec],
            only: Vec::new(),
            seed: 1,
            calls: 2,
            name: None,
        });
    }
    assert!(runs.len() >= 5, "the seed specs are missing from specs/");
    for (name, spec, ops) in SAMPLES {
        let path: PathBuf = root.join(CORPUS).join(spec);
        assert!(
            path.is_file(),
            "{} is missing (the corpus is in /work/shared)",
            path.display()
        );
        runs.push(Options {
            specs: vec![path],
            only: ops.iter().map(|s| (*s).to_owned()).collect(),
            seed: 1,
            calls: 2,
            name: Some((*name).to_owned()),
        });
    }
    let mut summaries: Vec<Summary> = Vec::new();
    let mut report = String::new();
    for run in &runs {
        let summary = match run_spec(&root, run) {
            Ok(s) => s,
            Err(e) => panic!("conformance of {:?}: {e}", run.specs),
        };
        report.push_str(&summary.table());
        summaries.push(summary);
    }
    println!("{report}");
    for s in &summaries {
        assert!(s.calls > 0, "{}: no calls\n{report}", s.name);
        assert_eq!(s.failed(), 0, "{}: calls failed\n{report}", s.name);
        assert_ne!(
            s.control,
            Some(false),
            "{}: the negative control was accepted\n{report}",
            s.name
        );
        assert_eq!(s.sent, s.calls, "{}: calls not sent\n{report}", s.name);
    }
    let controls = summaries.iter().filter(|s| s.control == Some(true)).count();
    assert!(
        controls >= 4,
        "only {controls} negative controls were rejected\n{report}"
    );
}

/// A call the validator rejects is a failure of the run, and a call that
/// is not the operation's request on the wire is one whatever the
/// validators say.
#[test]
fn rejections_and_stray_requests_fail() {
    use codegen::ir::{Api, Method, Operation};
    use serde_json::json;
    let api = Api {
        operations: vec![Operation {
            pointer: "#/paths/~1items/get".into(),
            wire_id: "listItems".into(),
            method_name: "list_items".into(),
            type_name: "ListItems".into(),
            shared_headers: None,
            shared_error: None,
            method: Method::Get,
            path: "/items".into(),
            path_parts: Vec::new(),
            fixed_query: Vec::new(),
            summary: None,
            description: None,
            deprecated: false,
            tags: Vec::new(),
            params: Vec::new(),
            body: None,
            responses: Vec::new(),
            security: Vec::new(),
            headers: Default::default(),
            pagination: None,
        }],
        ..Api::default()
    };
    let record = |request: &str, response: &str| {
        json!({"pointer": "#/paths/~1items/get", "id": "listItems", "call": 0, "control": false,
               "outcome": "api-error", "status": 400, "error": "", "request": request, "response": response})
    };
    let ok_request = "GET /items?limit=1 HTTP/1.1\r\nhost: h\r\n\r\n";
    let rejected = "HTTP/1.1 400 Bad Request\r\nsl-violations: [{\"location\":[\"request\",\"query\"],\"severity\":\"Error\",\"message\":\"limit must be >= 5\"}]\r\n\r\n{}";
    let fine = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n[]";
    let mut summary = Summary::default();
    for (request, response, second) in [
        (ok_request, rejected, Some(None)),
        (
            ok_request,
            fine,
            Some(Some("limit: 1 is less than the minimum of 5".to_owned())),
        ),
        (
            "POST /items HTTP/1.1\r\ncontent-length: 0\r\n\r\n",
            fine,
            Some(None),
        ),
        (
            "GET /items HTTP/1.1\r\n\r\nGET /items HTTP/1.1\r\n\r\n",
            fine,
            Some(None),
        ),
        (ok_request, fine, Some(None)),
    ] {
        let v = super::judge("t", &api, "", &record(request, response), second);
        super::tally(&mut summary, &v);
    }
    assert_eq!(summary.calls, 5);
    assert_eq!(summary.sent, 3, "{}", summary.table());
    assert_eq!(summary.accepted, 1, "{}", summary.table());
    assert_eq!(summary.failed(), 4, "{}", summary.table());
    let causes: Vec<&String> = summary.failures.keys().collect();
    assert!(
        causes.iter().any(|c| c.starts_with("rejected by Prism")),
        "{causes:?}"
    );
    assert!(
        causes
            .iter()
            .any(|c| c.starts_with("rejected by openapi-core")),
        "{causes:?}"
    );
    assert!(
        causes
            .iter()
            .any(|c| c.contains("not the operation's method")),
        "{causes:?}"
    );
    assert!(
        causes.iter().any(|c| c.contains("2 requests for one call")),
        "{causes:?}"
    );
}
