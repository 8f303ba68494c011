//! Headers the runtime handles for an operation: decided here, once, from
//! its parameters and responses, and carried in [`HeaderFacts`].

use crate::ir::*;

/// The facts for `op`, whose parameters and responses are lowered.
pub fn header_facts(op: &Operation) -> HeaderFacts {
    HeaderFacts {
        idempotency: op
            .params
            .iter()
            .find(|p| is_idempotency_header(p))
            .map(|p| p.wire_name.clone()),
        request_id: op
            .responses
            .iter()
            .flat_map(|r| &r.headers)
            .find(|h| is_request_id_header(&h.wire_name))
            .map(|h| h.wire_name.clone()),
        accept: accept(op, false),
        accept_streamed: accept(op, true),
    }
}

fn is_idempotency_header(p: &Param) -> bool {
    p.location == ParamLocation::Header
        && matches!(
            p.wire_name.to_ascii_lowercase().as_str(),
            "idempotency-key" | "x-idempotency-key"
        )
}

fn is_request_id_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['-', '_'], "");
    n == "xrequestid" || n == "requestid" || n == "xcorrelationid"
}

/// The `Accept` header: the content types the responses are decoded from,
/// so a server that can answer in several picks one this client reads
/// (`streamed`: the stream's content type for a success). `None` when a
/// response takes anything (`*/*`), none has a body, or the operation
/// declares `Accept` as a parameter of its own.
fn accept(op: &Operation, streamed: bool) -> Option<String> {
    if op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case("accept"))
    {
        return None;
    }
    let mut types: Vec<&str> = Vec::new();
    let content_types = op.responses.iter().filter_map(|r| match &r.stream {
        Some(stream) if streamed && r.is_success() => Some(&stream.content_type),
        _ => r.body.as_ref().map(|b| &b.content_type),
    });
    for ct in content_types {
        let ct = ct.as_str();
        if ct.starts_with("*/") {
            return None;
        }
        if !types.iter().any(|t| t.eq_ignore_ascii_case(ct)) {
            types.push(ct);
        }
    }
    (!types.is_empty()).then(|| types.join(", "))
}
