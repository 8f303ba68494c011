//! What a call's record says: the requests the wiretap saw (parsed from the
//! exact bytes), whether the validator accepted the request, and whether
//! the client decoded its response.

use serde_json::Value;

/// One HTTP/1.1 request parsed from the bytes sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The requests in `bytes`, in order; `Err` when the bytes are not a
/// sequence of whole HTTP/1.1 requests.
pub fn requests(mut bytes: &[u8]) -> Result<Vec<Request>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let end = find(bytes, b"\r\n\r\n").ok_or("a request head without its end")?;
        let head =
            std::str::from_utf8(&bytes[..end]).map_err(|_| "a request head that is not UTF-8")?;
        let mut lines = head.split("\r\n");
        let line = lines.next().unwrap_or_default();
        let mut parts = line.split(' ');
        let (Some(method), Some(target), Some(version)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("a malformed request line `{line}`"));
        };
        if version != "HTTP/1.1" || parts.next().is_some() {
            return Err(format!("a malformed request line `{line}`"));
        }
        let mut headers = Vec::new();
        for l in lines {
            let (k, v) = l
                .split_once(':')
                .ok_or_else(|| format!("a malformed header line `{l}`"))?;
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let mut rest = &bytes[end + 4..];
        let body = if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            let mut body = Vec::new();
            loop {
                let line_end = find(rest, b"\r\n").ok_or("a chunk size without its end")?;
                let size_text =
                    std::str::from_utf8(&rest[..line_end]).map_err(|_| "a bad chunk size")?;
                let size =
                    usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| format!("a bad chunk size `{size_text}`"))?;
                rest = &rest[line_end + 2..];
                if size == 0 {
                    let trailer_end =
                        find(rest, b"\r\n").ok_or("a chunked body without its end")?;
                    rest = &rest[trailer_end + 2..];
                    break;
                }
                if rest.len() < size + 2 {
                    return Err("a chunk shorter than its size".to_owned());
                }
                body.extend_from_slice(&rest[..size]);
                rest = &rest[size + 2..];
            }
            body
        } else {
            let len: usize = match get("content-length") {
                Some(v) => v
                    .parse()
                    .map_err(|_| format!("a bad Content-Length `{v}`"))?,
                None => 0,
            };
            if rest.len() < len {
                return Err(format!(
                    "a body of {} bytes where Content-Length says {len}",
                    rest.len()
                ));
            }
            let body = rest[..len].to_vec();
            rest = &rest[len..];
            body
        };
        out.push(Request {
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
            body,
        });
        bytes = rest;
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether `path` (the request target's path, after the base path) fits
/// the operation's template: literal segments equal, parameters not empty.
pub fn path_fits(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.len() != p.len() {
        // A parameter's value may hold an encoded slash only as `%2F`, so
        // the segment counts match; a template segment with several
        // parameters or text around one is compared loosely below.
        return false;
    }
    t.iter().zip(&p).all(|(t, p)| {
        if t.contains('{') {
            let prefix = &t[..t.find('{').unwrap_or(0)];
            let suffix = &t[t.rfind('}').map_or(t.len(), |i| i + 1)..];
            p.len() >= prefix.len() + suffix.len() && p.starts_with(prefix) && p.ends_with(suffix)
        } else {
            t == p
        }
    })
}

/// The validator's objections in a response (Prism's `sl-violations`
/// header, errors only), or its own problem report (no route matched).
pub fn violations(response: &str) -> Option<String> {
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    for line in head.split("\r\n").skip(1) {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        if !k.trim().eq_ignore_ascii_case("sl-violations") {
            continue;
        }
        let list: Vec<Value> = serde_json::from_str(v.trim()).unwrap_or_default();
        let errors: Vec<String> = list
            .iter()
            .filter(|e| e.get("severity").and_then(Value::as_str) == Some("Error"))
            // Prism also checks the response it made up: not the client's doing.
            .filter(|e| {
                e.get("location")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    != Some("response")
            })
            .map(|e| {
                let loc: Vec<&str> = e
                    .get("location")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                format!(
                    "{}: {}",
                    loc.join("."),
                    e.get("message").and_then(Value::as_str).unwrap_or("?")
                )
            })
            .collect();
        if !errors.is_empty() {
            return Some(errors.join("; "));
        }
        // Only the made-up response broke the spec: the request passed.
        return None;
    }
    let problem = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("content-type:")
            && l.contains("application/problem+json")
    });
    if problem && status >= 400 {
        let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        let v: Value = serde_json::from_str(body).unwrap_or_default();
        let title = v.get("title").and_then(Value::as_str).unwrap_or("problem");
        let detail = v.get("detail").and_then(Value::as_str).unwrap_or("");
        // Its own report names each objection, as the header would.
        let listed: Vec<String> = v
            .get("validation")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|e| e.get("severity").and_then(Value::as_str) == Some("Error"))
            .map(|e| {
                let loc: Vec<String> = e
                    .get("location")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|l| l.as_str().map_or_else(|| l.to_string(), str::to_owned))
                    .collect();
                format!(
                    "{}: {}",
                    loc.join("."),
                    e.get("message").and_then(Value::as_str).unwrap_or("?")
                )
            })
            .collect();
        if !listed.is_empty() {
            return Some(listed.join("; "));
        }
        return Some(format!("{status} {title}: {detail}"));
    }
    None
}

/// Prism's objections to the response it made up itself, if that is all
/// it objected to (then the client got Prism's error instead of a response).
pub fn response_only(response: &str) -> Option<String> {
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    let line = head
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with("sl-violations:"))?;
    let list: Vec<Value> = serde_json::from_str(line.split_once(':')?.1.trim()).ok()?;
    let messages: Vec<&str> = list
        .iter()
        .filter(|e| e.get("severity").and_then(Value::as_str) == Some("Error"))
        .filter_map(|e| e.get("message").and_then(Value::as_str))
        .collect();
    (!messages.is_empty() && violations(response).is_none()).then(|| messages.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_split_by_their_framing() {
        let bytes = b"POST /a HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}GET /b?x=1 HTTP/1.1\r\nhost: h\r\n\r\nPUT /c HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        let r = requests(bytes).unwrap_or_default();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].body, b"{}");
        assert_eq!(r[1].target, "/b?x=1");
        assert_eq!(r[2].body, b"abc");
        assert!(requests(b"POST /a HTTP/1.1\r\ncontent-length: 5\r\n\r\n{}").is_err());
    }

    #[test]
    fn paths_fit_templates() {
        assert!(path_fits("/v1/customers/{id}", "/v1/customers/cus_1"));
        assert!(!path_fits("/v1/customers/{id}", "/v1/customers"));
        assert!(!path_fits("/v1/customers/{id}", "/v1/charges/x"));
        assert!(path_fits("/files/{name}.json", "/files/a.json"));
    }

    #[test]
    fn violations_come_from_the_header() {
        let r = "HTTP/1.1 400 Bad Request\r\nsl-violations: [{\"location\":[\"request\",\"query\"],\"severity\":\"Error\",\"message\":\"must have 'a'\"}]\r\n\r\n{}";
        assert_eq!(
            violations(r).as_deref(),
            Some("request.query: must have 'a'")
        );
        assert_eq!(
            violations("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{}"),
            None
        );
        let warn = "HTTP/1.1 200 OK\r\nsl-violations: [{\"severity\":\"Warning\",\"message\":\"x\"}]\r\n\r\n";
        assert_eq!(violations(warn), None);
    }
}
