//! The runtime's stream parsers: server-sent events (WHATWG format) and
//! JSON Lines / JSON text sequence record splitting.

use generated_client::runtime::{RawEvent, RecordSplitter, SseParser};
use std::time::Duration;

fn parse_chunks(chunks: &[&[u8]]) -> Vec<RawEvent> {
    let mut parser = SseParser::default();
    let mut out = Vec::new();
    for chunk in chunks {
        parser.feed(chunk, &mut out);
    }
    out
}

/// Every way to split `input` into two chunks gives the same events.
fn parse_all_splits(input: &[u8]) -> Vec<RawEvent> {
    let whole = parse_chunks(&[input]);
    for i in 0..=input.len() {
        assert_eq!(
            parse_chunks(&[&input[..i], &input[i..]]),
            whole,
            "split at {i}"
        );
    }
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(parse_chunks(&bytes), whole, "byte by byte");
    whole
}

fn ev(event: &str, data: &str, id: Option<&str>) -> RawEvent {
    RawEvent {
        event: event.to_owned(),
        data: data.to_owned(),
        id: id.map(str::to_owned),
        retry: None,
    }
}

#[test]
fn data_lines_join_with_lf_and_blank_line_dispatches() {
    let events = parse_all_splits(b"data: a\ndata:b\ndata:  c\n\ndata: second\n\n");
    assert_eq!(
        events,
        vec![
            ev("message", "a\nb\n c", None),
            ev("message", "second", None)
        ]
    );
}

#[test]
fn crlf_cr_and_lf_line_ends_mix() {
    let events = parse_all_splits(b"data: 1\r\n\r\ndata: 2\r\rdata: 3\n\ndata: 4\r\n\n");
    let data: Vec<_> = events.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(data, ["1", "2", "3", "4"]);
}

#[test]
fn cr_at_chunk_end_then_lf_is_one_line_end() {
    // A CR ending one chunk and a LF opening the next make one line end,
    // not an empty line (which would dispatch early).
    let events = parse_chunks(&[b"data: a\r", b"\ndata: b\r", b"\n\r\n"]);
    assert_eq!(events, vec![ev("message", "a\nb", None)]);
}

#[test]
fn bom_is_skipped_only_at_the_start() {
    let events = parse_all_splits(b"\xEF\xBB\xBFdata: x\n\n\xEF\xBB\xBFdata: y\n\n");
    assert_eq!(events.len(), 1, "a BOM later makes an unknown field");
    assert_eq!(events[0].data, "x");
    assert_eq!(
        parse_chunks(&[b"\xEF", b"\xBB", b"\xBFdata: z\n\n"])[0].data,
        "z"
    );
}

#[test]
fn comments_unknown_fields_and_fields_without_colon() {
    let events = parse_all_splits(
        b": keep-alive\nfoo: bar\ndata\n\n:only a comment\n\nevent: ping\n\ndata:\ndata\n\n",
    );
    // `data` without colon adds an empty line; an event with no data
    // lines is not dispatched and its type is reset.
    assert_eq!(
        events,
        vec![ev("message", "", None), ev("message", "\n", None)]
    );
}

#[test]
fn event_type_applies_to_one_event_and_id_persists() {
    let events = parse_all_splits(b"event: add\nid: 7\ndata: 1\n\ndata: 2\n\nid\ndata: 3\n\n");
    assert_eq!(
        events,
        vec![
            ev("add", "1", Some("7")),
            ev("message", "2", Some("7")),
            ev("message", "3", None),
        ]
    );
}

#[test]
fn id_with_nul_is_ignored() {
    let events = parse_all_splits(b"id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
    assert_eq!(events[1].id.as_deref(), Some("1"));
}

#[test]
fn retry_takes_digits_only() {
    let mut parser = SseParser::default();
    let mut out = Vec::new();
    parser.feed(b"retry: 2500\n\n", &mut out);
    assert_eq!(parser.retry(), Some(Duration::from_millis(2500)));
    parser.feed(b"retry: 1s\nretry: -1\nretry:\ndata: x\n\n", &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].retry, Some(Duration::from_millis(2500)));
}

#[test]
fn unfinished_event_is_not_dispatched() {
    assert_eq!(parse_chunks(&[b"data: a\n\ndata: b\n"]).len(), 1);
    assert_eq!(parse_chunks(&[b"data: a"]).len(), 0);
}

#[test]
fn utf8_split_across_chunks_and_invalid_bytes() {
    let text = "data: héllo €\n\n".as_bytes();
    let events = parse_all_splits(text);
    assert_eq!(events[0].data, "héllo €");
    let events = parse_chunks(&[b"data: \xFFok\n\n"]);
    assert_eq!(events[0].data, "\u{FFFD}ok");
}

#[test]
fn records_split_at_separators_and_skip_blank_ones() {
    let mut lines = RecordSplitter::new(b'\n');
    let mut records = lines.feed(b"{\"a\":1}\r\n\n  \n{\"a\"");
    records.extend(lines.feed(b":2}\n{\"a\":3}"));
    records.extend(lines.finish());
    assert_eq!(records, [&b"{\"a\":1}"[..], b"{\"a\":2}", b"{\"a\":3}"]);

    let mut seq = RecordSplitter::new(0x1e);
    let mut records = seq.feed(b"\x1e{\"a\":1}\n\x1e");
    records.extend(seq.feed(b"[1,\n2]\n"));
    records.extend(seq.finish());
    assert_eq!(records, [&b"{\"a\":1}"[..], b"[1,\n2]"]);
}

#[test]
fn empty_chunk_between_cr_and_lf() {
    let events = parse_chunks(&[b"data: a\r", b"", b"\ndata: b\n\n"]);
    assert_eq!(events, vec![ev("message", "a\nb", None)]);
}

#[test]
fn last_id_changes_when_the_event_is_dispatched() {
    let mut parser = SseParser::default();
    let mut out = Vec::new();
    parser.feed(b"id: 1\ndata: a\n\nid: 2\ndata: b", &mut out);
    assert_eq!(parser.last_id(), Some("1"), "event 2 is not finished");
    parser.feed(b"\n\nid: 3\n\n", &mut out);
    assert_eq!(
        parser.last_id(),
        Some("3"),
        "an event without data still sets it"
    );
    assert_eq!(out.len(), 2);
}
