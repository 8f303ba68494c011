//! A small HTTP/1.1 server on 127.0.0.1 for the streaming tests. wiremock
//! writes each body whole; this one writes it piece by piece as a test
//! scripts it, can wait between pieces, can cut the connection in the middle
//! of a body, and can generate a body of any length on the fly.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Received {
    /// Request line and headers.
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }

    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// One step of writing a body.
pub enum Piece {
    /// Sent as one chunk of the chunked encoding.
    Data(Vec<u8>),
    /// Wait until the test says so (to show the client yields what it has
    /// before the body ends).
    Wait(Arc<Notify>),
}

pub enum Body {
    /// `Transfer-Encoding: chunked`, piece by piece; with `cut`, the
    /// connection closes without the terminating chunk.
    Chunks { pieces: Vec<Piece>, cut: bool },
    /// `len` bytes made while sending (byte `i` is `i % 251`), with a
    /// `Content-Length`.
    Generated { len: u64 },
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    /// More response headers.
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Reply {
    /// A chunked body from text pieces.
    pub fn chunks(status: u16, content_type: &str, pieces: &[&str], cut: bool) -> Reply {
        Reply {
            status,
            content_type: content_type.to_owned(),
            headers: Vec::new(),
            body: Body::Chunks {
                pieces: pieces
                    .iter()
                    .map(|p| Piece::Data(p.as_bytes().to_vec()))
                    .collect(),
                cut,
            },
        }
    }
}

type Handler = dyn Fn(usize, &Received) -> Reply + Send + Sync;

pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    /// Answers the `n`th request (from 0) with `handler(n, request)`; one
    /// request per connection.
    pub async fn start(
        handler: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let seen = requests.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while let Ok((socket, _)) = listener.accept().await {
                let (handler, seen) = (handler.clone(), seen.clone());
                let index = n;
                n += 1;
                tokio::spawn(async move {
                    let _ = serve(socket, index, handler, seen).await;
                });
            }
        });
        Server { url, requests }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.requests.lock().expect("not poisoned").clone()
    }
}

async fn serve(
    socket: TcpStream,
    index: usize,
    handler: Arc<Handler>,
    seen: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(socket);
    let request = read_request(&mut reader).await?;
    let reply = handler(index, &request);
    seen.lock().expect("not poisoned").push(request);
    let mut socket = reader.into_inner();
    let reason = if reply.status < 300 { "OK" } else { "Error" };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: {}\r\nconnection: close\r\n",
        reply.status, reply.content_type
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply.body {
        Body::Chunks { pieces, cut } => {
            head.push_str("transfer-encoding: chunked\r\n\r\n");
            socket.write_all(head.as_bytes()).await?;
            for piece in pieces {
                match piece {
                    Piece::Data(data) => {
                        socket
                            .write_all(format!("{:x}\r\n", data.len()).as_bytes())
                            .await?;
                        socket.write_all(&data).await?;
                        socket.write_all(b"\r\n").await?;
                        socket.flush().await?;
                    }
                    Piece::Wait(gate) => gate.notified().await,
                }
            }
            if !cut {
                socket.write_all(b"0\r\n\r\n").await?;
            }
        }
        Body::Generated { len } => {
            head.push_str(&format!("content-length: {len}\r\n\r\n"));
            socket.write_all(head.as_bytes()).await?;
            let block: Vec<u8> = (0..(251 * 1024)).map(|i| (i % 251) as u8).collect();
            let mut left = len;
            while left > 0 {
                let n = left.min(block.len() as u64) as usize;
                socket.write_all(&block[..n]).await?;
                left -= n as u64;
            }
        }
    }
    socket.flush().await?;
    socket.shutdown().await
}

async fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Received> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let byte = reader.read_u8().await?;
        head.push(byte);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut request = Received {
        head,
        body: Vec::new(),
    };
    if let Some(len) = request.header("content-length") {
        let len: usize = len.parse().unwrap_or(0);
        request.body = vec![0; len];
        reader.read_exact(&mut request.body).await?;
    } else if request
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size_line = Vec::new();
            while !size_line.ends_with(b"\r\n") {
                size_line.push(reader.read_u8().await?);
            }
            let size_text = String::from_utf8_lossy(&size_line);
            let size = usize::from_str_radix(size_text.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).await?;
            if size == 0 {
                break;
            }
            request.body.extend_from_slice(&chunk[..size]);
        }
    }
    Ok(request)
}
