//! The conformance program's wiretap and report, written next to the
//! generated calls by `cargo xtask conformance`. Do not edit the copy.
//!
//! `program UPSTREAM BASE_PATH OUT`: listens on 127.0.0.1, points the
//! client there, forwards every byte to UPSTREAM (the validator) and back,
//! and writes one JSON line per call to OUT: the call, what the client made
//! of the response, and the exact bytes that went each way while it ran.

use super::runtime;
use super::serde_json::{json, Value};
use std::future::Future;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

/// Bytes kept of each direction of one call.
const KEEP: usize = 256 * 1024;

#[derive(Default)]
struct Log {
    request: Vec<u8>,
    response: Vec<u8>,
    connections: usize,
}

pub struct Tap {
    log: Arc<Mutex<Log>>,
    out: Mutex<std::io::BufWriter<std::fs::File>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn run<C, M, F, Fut>(make: M, calls: F) -> ExitCode
where
    M: FnOnce(&str) -> Result<C, String>,
    F: FnOnce(C, Tap) -> Fut,
    Fut: Future<Output = ()>,
{
    match run_inner(make, calls) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conformance program: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner<C, M, F, Fut>(make: M, calls: F) -> Result<(), String>
where
    M: FnOnce(&str) -> Result<C, String>,
    F: FnOnce(C, Tap) -> Fut,
    Fut: Future<Output = ()>,
{
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [upstream, base_path, out] = args.as_slice() else {
        return Err("usage: PROGRAM UPSTREAM BASE_PATH OUT".to_owned());
    };
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let log = Arc::new(Mutex::new(Log::default()));
    let upstream = upstream.clone();
    let accept_log = log.clone();
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&upstream) else {
                let _ = client.shutdown(Shutdown::Both);
                continue;
            };
            lock(&accept_log).connections += 1;
            let (Ok(client2), Ok(server2)) = (client.try_clone(), server.try_clone()) else {
                continue;
            };
            let up = accept_log.clone();
            thread::spawn(move || pipe(client, server, &up, true));
            let down = accept_log.clone();
            thread::spawn(move || pipe(server2, client2, &down, false));
        }
    });
    let file = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let tap = Tap {
        log,
        out: Mutex::new(std::io::BufWriter::new(file)),
    };
    let base = format!("http://{addr}{base_path}");
    let client = make(&base)?;
    let rt = tokio_runtime()?;
    rt.block_on(calls(client, tap));
    Ok(())
}

fn tokio_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// Copies `from` to `to`, logging each chunk before it is forwarded: when
/// the client has its response, the log has every byte that led to it.
fn pipe(mut from: TcpStream, mut to: TcpStream, log: &Mutex<Log>, request: bool) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        {
            let mut log = lock(log);
            let side = if request { &mut log.request } else { &mut log.response };
            let room = KEEP.saturating_sub(side.len());
            side.extend_from_slice(&buf[..n.min(room)]);
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

impl Tap {
    pub async fn call<T, H, E, EH, Fut>(
        &self,
        pointer: &str,
        id: &str,
        index: usize,
        control: bool,
        sent: Fut,
    ) where
        Fut: Future<Output = Result<runtime::ResponseValue<T, H>, runtime::Error<E, EH>>>,
    {
        {
            let mut log = lock(&self.log);
            log.request.clear();
            log.response.clear();
        }
        let result = sent.await;
        let (outcome, status, error) = match &result {
            Ok(value) => ("decoded", Some(value.status.as_u16()), String::new()),
            Err(e) => {
                let kind = match e {
                    runtime::Error::Api(_) => "api-error",
                    runtime::Error::UnexpectedResponse(_) => "unexpected",
                    runtime::Error::InvalidRequest(_) => "invalid-request",
                    runtime::Error::Transport(_) => "transport",
                    runtime::Error::ResponseTooLarge(_) => "too-large",
                };
                (kind, e.status().map(|s| s.as_u16()), e.to_string())
            }
        };
        drop(result);
        let (request, response, connections) = {
            let log = lock(&self.log);
            (log.request.clone(), log.response.clone(), log.connections)
        };
        let line: Value = json!({
            "pointer": pointer,
            "id": id,
            "call": index,
            "control": control,
            "outcome": outcome,
            "status": status,
            "error": error,
            "connections": connections,
            "request": String::from_utf8_lossy(&request),
            "response": String::from_utf8_lossy(&response),
        });
        let mut out = lock(&self.out);
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}
