//! The `text/event-stream` parser.

use std::time::Duration;

/// One event as parsed, before its `data` is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEvent {
    pub event: String,
    pub data: String,
    pub id: Option<String>,
    pub retry: Option<Duration>,
}

/// An incremental parser of the `text/event-stream` format (WHATWG HTML,
/// "Server-sent events"): lines end with CRLF, LF or CR (also across chunk
/// boundaries), a leading BOM is skipped, `:` lines are comments, `data`
/// lines are joined with LF, a blank line dispatches the event (none when
/// no data was given), `id` persists until changed (ignored when it holds
/// NUL), `retry` takes ASCII digits only, unknown fields are ignored.
#[derive(Debug, Default)]
pub(crate) struct SseParser {
    /// The current line, not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: a LF opening the next one belongs to it.
    after_cr: bool,
    /// Past the optional BOM at the start.
    started: bool,
    data: String,
    event: String,
    /// The `id` of the event being read; it becomes `last_id` when the
    /// event is dispatched (even one without data).
    id_buffer: Option<String>,
    pub(crate) last_id: Option<String>,
    pub(crate) retry: Option<Duration>,
}

impl SseParser {
    /// Parses a chunk, appending each completed event to `out`.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut Vec<RawEvent>) {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if !self.started {
            self.line.extend_from_slice(chunk);
            if self.line.len() < BOM.len() && BOM.starts_with(&self.line) {
                return;
            }
            self.started = true;
            let pending = std::mem::take(&mut self.line);
            let rest = pending.strip_prefix(BOM).unwrap_or(&pending);
            return self.feed(rest, out);
        }
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while let Some(end) = chunk.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.process(&line, out);
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(chunk);
    }

    /// Bytes held for the event not finished yet.
    pub fn pending_len(&self) -> usize {
        self.line.len() + self.data.len()
    }

    /// The reconnection time the server asked for, if any.
    #[cfg(test)]
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The id of the last event dispatched, sent as `Last-Event-ID` on
    /// reconnection.
    #[cfg(test)]
    pub fn last_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// A new connection: the unfinished line and event are dropped; the last
    /// event id and reconnection time stay.
    pub(crate) fn reconnected(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.started = false;
        self.data.clear();
        self.event.clear();
        self.id_buffer = self.last_id.clone();
    }

    fn process(&mut self, line: &[u8], out: &mut Vec<RawEvent>) {
        let line = String::from_utf8_lossy(line);
        if line.is_empty() {
            self.last_id = self.id_buffer.clone();
            let data = std::mem::take(&mut self.data);
            let event = std::mem::take(&mut self.event);
            if data.is_empty() {
                return;
            }
            out.push(RawEvent {
                event: if event.is_empty() {
                    "message".to_owned()
                } else {
                    event
                },
                data: data.strip_suffix('\n').unwrap_or(&data).to_owned(),
                id: self.last_id.clone(),
                retry: self.retry,
            });
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "" => {} // a comment
            "event" => self.event = value.to_owned(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => {
                self.id_buffer = (!value.is_empty()).then(|| value.to_owned());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
