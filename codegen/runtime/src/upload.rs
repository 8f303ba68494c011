//! Streamed calls and uploads.

use crate::*;
use std::fmt;

/// A response as the retry loop hands it back: read whole, or unread (for
/// operations whose result is streamed).
pub(crate) enum Received {
    Whole(RawResponse),
    Live(reqwest::Response),
}

impl Received {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Received::Whole(r) => r.status,
            Received::Live(r) => r.status(),
        }
    }

    pub(crate) fn headers(&self) -> &HeaderMap {
        match self {
            Received::Whole(r) => &r.headers,
            Received::Live(r) => r.headers(),
        }
    }

    /// The body read whole, up to `limit` bytes.
    pub(crate) async fn whole<E, H>(
        self,
        operation: &'static str,
        limit: u64,
        secret_query: &[&str],
    ) -> Result<RawResponse, Error<E, H>> {
        match self {
            Received::Whole(r) => Ok(r),
            Received::Live(response) => read_body(operation, response, limit, secret_query).await,
        }
    }

    /// The body as it arrives; errors name the URL with secrets redacted.
    pub(crate) fn into_chunks(self, secret_query: Vec<&'static str>) -> Chunks {
        match self {
            Received::Whole(r) => {
                Box::pin(futures_util::stream::iter([Ok(bytes::Bytes::from(r.body))]))
            }
            Received::Live(response) => Box::pin(futures_util::StreamExt::map(
                response.bytes_stream(),
                move |chunk| chunk.map_err(|e| redact_error(e, &secret_query)),
            )),
        }
    }
}

/// The body as it arrives, chunk by chunk.
pub(crate) type Chunks =
    std::pin::Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

pub(crate) type BoxStream<T> = std::pin::Pin<Box<dyn futures_core::Stream<Item = T> + Send>>;

impl Client {
    /// Sends `request` like [`Client::execute`], but leaves the body unread:
    /// the generated code streams a success and reads other statuses whole.
    pub async fn execute_streaming<E, H>(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<StreamingResponse, Error<E, H>> {
        let (call, span) = self.prepare(request, options, true).await?;
        let received =
            tracing::Instrument::instrument(self.attempts(&call, span.clone(), true), span).await?;
        // A streamed upload cannot be sent twice, so such a call cannot resume.
        let limit = self.config.limits.max_response_body;
        let secret_query = call.secret_query();
        let meta_id = call.meta.id;
        let resend = call.upload.is_none().then(|| Resend {
            client: self.clone(),
            call,
        });
        Ok(StreamingResponse {
            received,
            resend,
            operation: meta_id,
            limit,
            secret_query,
        })
    }
}

impl Request {
    /// A body sent from a stream or a file, without reading it into memory.
    /// Such a request is sent once (never retried), and request hooks see an
    /// empty body.
    pub fn upload(&mut self, content_type: &str, body: Upload) {
        match body.body {
            UploadBody::Bytes(bytes) => self.bytes(content_type, bytes),
            UploadBody::Stream(stream) => self.upload = Some((content_type.to_owned(), stream)),
        }
    }

    /// A `multipart/form-data` body with streamed file parts: the properties
    /// of `body` become parts as with [`Request::multipart`] (those named in
    /// `files` as file parts), except the ones `streamed` replaces, which
    /// follow, read while sending.
    pub fn multipart_upload<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[&str],
        streamed: Vec<(String, FilePart)>,
    ) -> Result<(), InvalidRequest> {
        self.multipart_upload_with(body, files, &[], ArrayForm::Indexed, streamed)
    }

    /// [`Request::multipart_upload`], each property by its entry in
    /// `encodings` (see [`Request::multipart_with`]). A body of `None` (an
    /// optional body left unset) sends the streamed parts alone; with none
    /// either, nothing is sent.
    pub fn multipart_upload_with<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[&str],
        encodings: &[Encoding],
        arrays: ArrayForm,
        streamed: Vec<(String, FilePart)>,
    ) -> Result<(), InvalidRequest> {
        if streamed.is_empty() {
            let value = serde_json::to_value(body)
                .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
            if value.is_null() {
                return Ok(());
            }
            return self.multipart_with(&value, files, encodings, arrays);
        }
        let mut value = serde_json::to_value(body)
            .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
        if let serde_json::Value::Object(map) = &mut value {
            for (name, _) in &streamed {
                map.shift_remove(name);
            }
        }
        let buffered: Vec<&str> = files
            .iter()
            .copied()
            .filter(|f| !streamed.iter().any(|(name, _)| name == f))
            .collect();
        self.multipart_with(&value, &buffered, encodings, arrays)?;
        let Some((content_type, mut head)) = self.body.take() else {
            return Ok(());
        };
        let boundary = content_type
            .split("boundary=")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        // Drop the closing delimiter; the file parts and a new one follow.
        head.truncate(head.len().saturating_sub(boundary.len() + 6));
        let mut pieces: Vec<BoxStream<Result<bytes::Bytes, std::io::Error>>> = vec![Box::pin(
            futures_util::stream::iter([Ok(bytes::Bytes::from(head))]),
        )];
        for (name, part) in streamed {
            let extra = encodings
                .iter()
                .find(|e| e.name == name)
                .map(part_headers)
                .unwrap_or_default();
            let header = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n{extra}\r\n",
                name.replace(['"', '\r', '\n'], "%22"),
                part.file_name.replace(['"', '\r', '\n'], "%22"),
                part.content_type.replace(['\r', '\n'], ""),
            );
            pieces.push(Box::pin(futures_util::stream::iter([Ok(
                bytes::Bytes::from(header),
            )])));
            pieces.push(part.bytes);
            pieces.push(Box::pin(futures_util::stream::iter([Ok(
                bytes::Bytes::from_static(b"\r\n"),
            )])));
        }
        pieces.push(Box::pin(futures_util::stream::iter([Ok(
            bytes::Bytes::from(format!("--{boundary}--\r\n")),
        )])));
        let stream = futures_util::StreamExt::flatten(futures_util::stream::iter(pieces));
        self.upload = Some((content_type, reqwest::Body::wrap_stream(stream)));
        Ok(())
    }
}

/// A raw request body: bytes in memory (`From<Vec<u8>>`), or streamed
/// rather than held in memory, from a file or any stream of byte chunks. A
/// streamed body is sent once (never retried) and request hooks see it
/// empty.
pub struct Upload {
    body: UploadBody,
}

enum UploadBody {
    /// Held in memory: retried and seen by hooks like any body.
    Bytes(Vec<u8>),
    Stream(reqwest::Body),
}

impl Upload {
    /// Streams the file at `path` (opened now, read while sending).
    pub async fn file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let file = tokio::fs::File::open(path).await?;
        Ok(Upload {
            body: UploadBody::Stream(file.into()),
        })
    }

    /// Streams the chunks of `stream`; an error item aborts the request.
    pub fn stream<S, B, X>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, X>> + Send + 'static,
        bytes::Bytes: From<B>,
        B: 'static,
        X: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Upload {
            body: UploadBody::Stream(reqwest::Body::wrap_stream(stream)),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload {
            body: UploadBody::Bytes(bytes),
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Upload { .. }")
    }
}

/// A file part of a multipart body, streamed: its bytes, file name and
/// content type.
pub struct FilePart {
    bytes: BoxStream<Result<bytes::Bytes, std::io::Error>>,
    file_name: String,
    content_type: String,
}

impl FilePart {
    /// Streams the file at `path`; the file name is the path's last part and
    /// the content type `application/octet-stream` until set.
    pub async fn file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FilePart {
            bytes: Box::pin(tokio_util::io::ReaderStream::new(file)),
            file_name,
            content_type: "application/octet-stream".to_owned(),
        })
    }

    /// Streams the chunks of `stream`.
    pub fn stream<S, B>(stream: S, file_name: impl Into<String>) -> Self
    where
        S: futures_core::Stream<Item = Result<B, std::io::Error>> + Send + 'static,
        B: Into<bytes::Bytes> + 'static,
    {
        FilePart {
            bytes: Box::pin(futures_util::StreamExt::map(stream, |r| r.map(Into::into))),
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
        }
    }

    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

/// What is needed to send a streamed call again (event stream reconnection).
pub(crate) struct Resend {
    client: Client,
    call: Attempts,
}

impl Resend {
    /// Sends the request again, with `Last-Event-ID` when an id was seen.
    pub(crate) async fn send(
        &mut self,
        last_event_id: Option<&str>,
    ) -> Result<Chunks, StreamError> {
        match last_event_id.and_then(|id| reqwest::header::HeaderValue::from_str(id).ok()) {
            Some(id) => self.call.headers.insert("last-event-id", id),
            None => self.call.headers.remove("last-event-id"),
        };
        let span = tracing::info_span!(
            "http.reconnect",
            operation = self.call.meta.id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let received = tracing::Instrument::instrument(
            self.client.attempts::<std::convert::Infallible, NoHeaders>(
                &self.call,
                span.clone(),
                true,
            ),
            span,
        )
        .await
        .map_err(|e| StreamError::Reconnect(Box::new(e)))?;
        if received.status().is_success() {
            return Ok(received.into_chunks(self.call.secret_query()));
        }
        let limit = self.client.config.limits.max_response_body;
        let raw = received
            .whole::<std::convert::Infallible, NoHeaders>(
                self.call.meta.id,
                limit,
                &self.call.secret_query(),
            )
            .await
            .map_err(|e| StreamError::Reconnect(Box::new(e)))?;
        Err(StreamError::Reconnect(Box::new(raw.unexpected())))
    }
}
