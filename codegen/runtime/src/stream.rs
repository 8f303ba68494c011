//! Streamed responses and server-sent events.

use crate::*;
use std::fmt;
use std::time::Duration;

/// A response whose body is not read yet: generated code streams a success
/// with one of the methods here and reads other statuses with
/// [`StreamingResponse::whole`].
#[doc(hidden)]
pub struct StreamingResponse {
    pub(crate) received: Received,
    pub(crate) resend: Option<Resend>,
    pub(crate) operation: &'static str,
    /// [`Config::max_response_body`], for a status read whole.
    pub(crate) limit: u64,
    /// Secret query parameter names, redacted from errors.
    pub(crate) secret_query: Vec<&'static str>,
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.received.status())
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    pub fn status(&self) -> u16 {
        self.received.status().as_u16()
    }

    /// Reads the whole body (up to [`Config::max_response_body`]), to
    /// decode a status that is not streamed.
    pub async fn whole<E, H>(self) -> Result<RawResponse, Error<E, H>> {
        self.received
            .whole(self.operation, self.limit, &self.secret_query)
            .await
    }

    fn value<T, H: FromHeaders>(
        self,
        body: impl FnOnce(Chunks, Option<Resend>, u64) -> T,
    ) -> ResponseValue<T, H> {
        let status = self.received.status();
        let headers = self.received.headers().clone();
        ResponseValue {
            status,
            headers: H::from_headers(&headers),
            raw_headers: headers,
            body: body(
                self.received.into_chunks(self.secret_query),
                self.resend,
                self.limit,
            ),
        }
    }

    /// A `text/event-stream` success whose events carry JSON `data`.
    pub fn events<T, E, H>(self) -> Result<ResponseValue<EventStream<T>, H>, Error<E, H>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        H: FromHeaders,
    {
        Ok(self.value(|chunks, resend, limit| {
            EventStream::new(chunks, resend, limit, |data| {
                serde_json::from_str(data)
                    .map_err(|e| format!("data does not decode as documented: {e}"))
            })
        }))
    }

    /// A `text/event-stream` success whose `data` is untyped text.
    pub fn text_events<E, H: FromHeaders>(
        self,
    ) -> Result<ResponseValue<EventStream<String>, H>, Error<E, H>> {
        Ok(self.value(|chunks, resend, limit| {
            EventStream::new(chunks, resend, limit, |data| Ok(data.to_owned()))
        }))
    }

    /// A JSON Lines (`application/jsonl`, `application/x-ndjson`) success:
    /// one JSON value per line.
    pub fn json_lines<T, E, H>(self) -> Result<ResponseValue<ItemStream<T>, H>, Error<E, H>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        H: FromHeaders,
    {
        Ok(self.value(|chunks, _, limit| ItemStream::new(chunks, b'\n', limit)))
    }

    /// A JSON text sequence (`application/json-seq`, RFC 7464) success: each
    /// value after an ASCII record separator.
    pub fn json_seq<T, E, H>(self) -> Result<ResponseValue<ItemStream<T>, H>, Error<E, H>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
        H: FromHeaders,
    {
        Ok(self.value(|chunks, _, limit| ItemStream::new(chunks, 0x1e, limit)))
    }

    /// A success whose body is consumed as a stream of byte chunks, without
    /// buffering.
    pub fn byte_stream<E, H: FromHeaders>(
        self,
    ) -> Result<ResponseValue<ByteStream, H>, Error<E, H>> {
        Ok(self.value(|chunks, _, _| ByteStream { chunks }))
    }
}

/// A problem with one item of a streamed response. It is yielded in place
/// of the item; the stream goes on after an undecodable item and ends after
/// a transport error.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection failed or was cut before the body ended.
    Transport(reqwest::Error),
    /// An item arrived whole but does not decode as documented: kept raw.
    Undecodable(Box<UndecodableItem>),
    /// The event stream was cut, and sending the request again to resume it
    /// failed.
    Reconnect(Box<Error<std::convert::Infallible>>),
    /// One item (an event, a line, a record) grew past
    /// [`Config::max_response_body`] bytes before it ended; the stream
    /// stopped there.
    ItemTooLarge { limit: u64 },
}

/// An item of a stream that did not decode, with its raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndecodableItem {
    /// For events: the event type.
    pub event: Option<String>,
    /// For events: the last event id.
    pub id: Option<String>,
    /// The event's `data`, or the item's text.
    pub data: String,
    pub reason: String,
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Transport(e) => write!(f, "the stream was cut: {e}"),
            StreamError::Undecodable(item) => {
                write!(f, "an item of the stream does not decode: {}", item.reason)
            }
            StreamError::Reconnect(e) => write!(f, "the stream could not be resumed: {e}"),
            StreamError::ItemTooLarge { limit } => write!(
                f,
                "an item of the stream is longer than {limit} bytes (Config::max_response_body)"
            ),
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(e) => Some(e),
            StreamError::Reconnect(e) => Some(e),
            StreamError::Undecodable(_) | StreamError::ItemTooLarge { .. } => None,
        }
    }
}

/// One server-sent event, its `data` decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type (`event:`), `message` when the server names none.
    pub event: String,
    /// The last event id the server sent (`id:`), if any.
    pub id: Option<String>,
    /// The reconnection time the server asked for (`retry:`), if any so far.
    pub retry: Option<Duration>,
    pub data: T,
}

/// The events of a `text/event-stream` response, in order. Implements
/// [`futures_core::Stream`]; [`EventStream::next`] works without importing
/// a stream trait.
///
/// An event whose `data` does not decode is yielded as
/// [`StreamError::Undecodable`] and the stream goes on; a connection cut
/// before the body ends is yielded as [`StreamError::Transport`] and ends
/// the stream, unless [`EventStream::reconnect`] asked to resume it.
pub struct EventStream<T> {
    state: Option<Box<EventState<T>>>,
    running: Option<BoxStream<Result<Event<T>, StreamError>>>,
}

struct EventState<T> {
    chunks: Chunks,
    parser: SseParser,
    ready: std::collections::VecDeque<Result<Event<T>, StreamError>>,
    decode: fn(&str) -> Result<T, String>,
    resend: Option<Resend>,
    reconnects: u32,
    default_delay: Duration,
    /// Longest event, in bytes.
    limit: u64,
    done: bool,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream { .. }")
    }
}

impl<T: Send + 'static> EventStream<T> {
    pub(crate) fn new(
        chunks: Chunks,
        resend: Option<Resend>,
        limit: u64,
        decode: fn(&str) -> Result<T, String>,
    ) -> Self {
        EventStream {
            state: Some(Box::new(EventState {
                chunks,
                parser: SseParser::default(),
                ready: Default::default(),
                decode,
                resend,
                reconnects: 0,
                default_delay: Duration::from_secs(1),
                limit,
                done: false,
            })),
            running: None,
        }
    }

    /// When the connection is cut before the stream ends, send the request
    /// again (with `Last-Event-ID` when the server gave event ids), at most
    /// `max` times in all, after the `retry` delay the server asked for (1 s
    /// if none). Has no effect once the stream is being read, nor for a call
    /// with a streamed upload.
    pub fn reconnect(mut self, max: u32) -> Self {
        if let Some(state) = &mut self.state {
            state.reconnects = max;
        }
        self
    }

    /// The next event, `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<Event<T>, StreamError>> {
        futures_util::StreamExt::next(self).await
    }

    fn running(&mut self) -> &mut BoxStream<Result<Event<T>, StreamError>> {
        let state = self.state.take();
        self.running.get_or_insert_with(|| match state {
            Some(state) => Box::pin(futures_util::stream::unfold(*state, EventState::next)),
            None => Box::pin(futures_util::stream::empty()),
        })
    }
}

impl<T: Send + 'static> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, StreamError>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().running().as_mut().poll_next(cx)
    }
}

impl<T: Send + 'static> EventState<T> {
    async fn next(mut self) -> Option<(Result<Event<T>, StreamError>, Self)> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some((item, self));
            }
            if self.done {
                return None;
            }
            match futures_util::StreamExt::next(&mut self.chunks).await {
                Some(Ok(chunk)) => {
                    let mut events = Vec::new();
                    self.parser.feed(&chunk, &mut events);
                    for e in events {
                        let item = match (self.decode)(&e.data) {
                            Ok(data) => Ok(Event {
                                event: e.event,
                                id: e.id,
                                retry: e.retry,
                                data,
                            }),
                            Err(reason) => {
                                Err(StreamError::Undecodable(Box::new(UndecodableItem {
                                    event: Some(e.event),
                                    id: e.id,
                                    data: e.data,
                                    reason,
                                })))
                            }
                        };
                        self.ready.push_back(item);
                    }
                    if self.parser.pending_len() as u64 > self.limit {
                        self.ready
                            .push_back(Err(StreamError::ItemTooLarge { limit: self.limit }));
                        self.done = true;
                    }
                }
                // The end: an event not closed by a blank line is dropped,
                // as the event stream format says.
                None => self.done = true,
                Some(Err(cut)) => match self.resend.as_mut() {
                    Some(resend) if self.reconnects > 0 => {
                        self.reconnects -= 1;
                        tokio::time::sleep(self.parser.retry.unwrap_or(self.default_delay)).await;
                        self.parser.reconnected();
                        match resend.send(self.parser.last_id.as_deref()).await {
                            Ok(chunks) => self.chunks = chunks,
                            Err(e) => {
                                self.ready.push_back(Err(e));
                                self.done = true;
                            }
                        }
                    }
                    _ => {
                        self.ready.push_back(Err(StreamError::Transport(cut)));
                        self.done = true;
                    }
                },
            }
        }
    }
}
