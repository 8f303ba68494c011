//! JSON item streams and byte streams.

use crate::*;
use std::fmt;

/// The items of a JSON Lines or JSON text sequence response, in order.
/// Implements [`futures_core::Stream`]; [`ItemStream::next`] works without
/// importing a stream trait. An item that does not decode is yielded as
/// [`StreamError::Undecodable`] and the stream goes on; a connection cut
/// before the body ends is yielded as [`StreamError::Transport`] and ends
/// the stream.
pub struct ItemStream<T> {
    inner: BoxStream<Result<T, StreamError>>,
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ItemStream { .. }")
    }
}

struct ItemState<T> {
    chunks: Chunks,
    splitter: RecordSplitter,
    /// Longest record, in bytes.
    limit: u64,
    ready: std::collections::VecDeque<Result<T, StreamError>>,
    done: bool,
}

impl<T: serde::de::DeserializeOwned + Send + 'static> ItemStream<T> {
    pub(crate) fn new(chunks: Chunks, separator: u8, limit: u64) -> Self {
        let state = ItemState::<T> {
            chunks,
            splitter: RecordSplitter::new(separator),
            limit,
            ready: Default::default(),
            done: false,
        };
        ItemStream {
            inner: Box::pin(futures_util::stream::unfold(state, ItemState::next)),
        }
    }
}

impl<T> ItemStream<T> {
    /// The next item, `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<T, StreamError>> {
        futures_util::StreamExt::next(&mut self.inner).await
    }
}

impl<T> futures_core::Stream for ItemStream<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().inner.as_mut().poll_next(cx)
    }
}

impl<T: serde::de::DeserializeOwned> ItemState<T> {
    fn decode(&mut self, records: Vec<Vec<u8>>) {
        for record in records {
            let item = serde_json::from_slice(&record).map_err(|e| {
                StreamError::Undecodable(Box::new(UndecodableItem {
                    event: None,
                    id: None,
                    data: String::from_utf8_lossy(&record).into_owned(),
                    reason: format!("item does not decode as documented: {e}"),
                }))
            });
            self.ready.push_back(item);
        }
    }

    async fn next(mut self) -> Option<(Result<T, StreamError>, Self)> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some((item, self));
            }
            if self.done {
                return None;
            }
            match futures_util::StreamExt::next(&mut self.chunks).await {
                Some(Ok(chunk)) => {
                    let records = self.splitter.feed(&chunk);
                    self.decode(records);
                    if self.splitter.pending_len() as u64 > self.limit {
                        self.ready
                            .push_back(Err(StreamError::ItemTooLarge { limit: self.limit }));
                        self.done = true;
                    }
                }
                None => {
                    self.done = true;
                    let records = self.splitter.finish();
                    self.decode(records);
                }
                Some(Err(cut)) => {
                    self.done = true;
                    self.ready.push_back(Err(StreamError::Transport(cut)));
                }
            }
        }
    }
}

/// Splits a byte stream into records at a separator byte (LF for JSON Lines,
/// RS for JSON text sequences); records that are only whitespace are
/// skipped.
#[derive(Debug)]
pub(crate) struct RecordSplitter {
    separator: u8,
    record: Vec<u8>,
}

impl RecordSplitter {
    pub fn new(separator: u8) -> Self {
        RecordSplitter {
            separator,
            record: Vec::new(),
        }
    }

    /// The records this chunk completes.
    pub fn feed(&mut self, mut chunk: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        while let Some(end) = chunk.iter().position(|b| *b == self.separator) {
            self.record.extend_from_slice(&chunk[..end]);
            let record = std::mem::take(&mut self.record);
            out.extend(Self::trimmed(record));
            chunk = &chunk[end + 1..];
        }
        self.record.extend_from_slice(chunk);
        out
    }

    /// Bytes held for the record not finished yet.
    pub fn pending_len(&self) -> usize {
        self.record.len()
    }

    /// The last record, when the body does not end with a separator.
    pub fn finish(&mut self) -> Vec<Vec<u8>> {
        Self::trimmed(std::mem::take(&mut self.record))
            .into_iter()
            .collect()
    }

    fn trimmed(record: Vec<u8>) -> Option<Vec<u8>> {
        let start = record.iter().position(|b| !b.is_ascii_whitespace())?;
        let end = record.iter().rposition(|b| !b.is_ascii_whitespace())?;
        Some(record[start..=end].to_vec())
    }
}

/// A response body as it arrives, chunk by chunk, never held whole.
/// Implements [`futures_core::Stream`]; [`ByteStream::next`] works without
/// importing a stream trait. A connection cut before the body ends is
/// yielded as [`StreamError::Transport`].
pub struct ByteStream {
    pub(crate) chunks: Chunks,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream { .. }")
    }
}

impl ByteStream {
    /// The next chunk, `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<bytes::Bytes, StreamError>> {
        futures_util::StreamExt::next(self).await
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, StreamError>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut()
            .chunks
            .as_mut()
            .poll_next(cx)
            .map(|c| c.map(|c| c.map_err(StreamError::Transport)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
