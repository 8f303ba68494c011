//! Redirects, secret redaction in URLs and idempotency keys.

use crate::*;

/// Path and query of a URL as sent (`/v1/things?x=1`).
pub(crate) fn path_and_query(url: &reqwest::Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

/// Where a redirect leads, when the policy follows it.
pub(crate) struct Hop {
    pub(crate) url: reqwest::Url,
    pub(crate) method: reqwest::Method,
    pub(crate) keep_body: bool,
}

/// The next request after `response`, if it is a redirect that `policy`
/// follows after `hops` redirects already followed. `first` is the call's
/// first URL (whose origin the credentials belong to); `has_body`: the
/// request carried a body.
pub(crate) fn next_hop(
    policy: RedirectPolicy,
    hops: u32,
    response: &reqwest::Response,
    first: &reqwest::Url,
    method: &reqwest::Method,
    has_body: bool,
) -> Option<Hop> {
    let (limit, any_origin) = match policy {
        RedirectPolicy::None => return None,
        RedirectPolicy::SameOrigin(limit) => (limit, false),
        RedirectPolicy::AnyOrigin(limit) => (limit, true),
    };
    if hops >= limit {
        return None;
    }
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let mut url = response.url().join(location).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    let same_origin = url.origin() == first.origin();
    if !same_origin && !any_origin {
        return None;
    }
    if matches!(status, 307 | 308) {
        // The method and body are repeated: never to another origin.
        if has_body && !same_origin {
            return None;
        }
        return Some(Hop {
            url,
            method: method.clone(),
            keep_body: true,
        });
    }
    let method = if *method == reqwest::Method::HEAD {
        reqwest::Method::HEAD
    } else {
        reqwest::Method::GET
    };
    Some(Hop {
        url,
        method,
        keep_body: false,
    })
}

/// Reads a response's body, up to `limit` bytes.
pub(crate) async fn read_body<E, H>(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: u64,
    secret_query: &[&str],
) -> Result<RawResponse, Error<E, H>> {
    let status = response.status();
    let too_large = |headers: HeaderMap| {
        Error::ResponseTooLarge(Box::new(ResponseTooLarge {
            operation,
            status,
            headers,
            limit,
        }))
    };
    let declared = response.content_length().unwrap_or(0);
    if declared > limit {
        return Err(too_large(std::mem::take(response.headers_mut())));
    }
    // A declared length is a hint only: never more than 1 MiB up front.
    let mut body = Vec::with_capacity(declared.min(1 << 20) as usize);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
                    return Err(too_large(std::mem::take(response.headers_mut())));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(Error::Transport(redact_error(e, secret_query))),
        }
    }
    Ok(RawResponse {
        operation,
        status,
        headers: std::mem::take(response.headers_mut()),
        body,
    })
}

/// A transport error with the values of secret query parameters (`apiKey`
/// in `query`) replaced: the error's URL shows in its `Display` and `Debug`.
pub(crate) fn redact_error(mut error: reqwest::Error, secret_query: &[&str]) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        redact_query(url, secret_query);
    }
    error
}

/// `url` with its userinfo (`user:password@` of the authority) replaced by
/// `REDACTED@`; the text is not parsed, so this also works on a URL that
/// does not parse.
pub(crate) fn redact_userinfo(url: &str) -> String {
    // Only a URL with an authority (`scheme://`) has userinfo.
    let Some(authority_start) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}REDACTED{}", &url[..authority_start], &rest[at..]),
        None => url.to_owned(),
    }
}

/// Replaces the values of the query parameters named in `secret_query`.
#[doc(hidden)]
pub fn redact_query(url: &mut reqwest::Url, secret_query: &[&str]) {
    if !url
        .query_pairs()
        .any(|(k, _)| secret_query.contains(&k.as_ref()))
    {
        return;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if secret_query.contains(&k.as_ref()) {
                "REDACTED".to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
}

/// Makes sure a POST or PATCH is retried only with a real idempotency key.
/// An operation that declares an idempotency header gets a fresh UUID there
/// unless the caller set a non-blank key (an empty or blank key counts as
/// none: it would let a server treat unrelated requests as one). A blank
/// `Idempotency-Key` the operation does not declare is not sent. Returns
/// whether the request carries a key.
pub(crate) fn idempotency_key(
    meta: &OperationMeta,
    headers: &mut HeaderMap,
) -> Result<bool, InvalidRequest> {
    let blank = |v: &reqwest::header::HeaderValue| v.as_bytes().iter().all(u8::is_ascii_whitespace);
    if let Some(name) = meta.idempotency_header {
        if headers.get_all(name).iter().all(blank) {
            let key = uuid::Uuid::new_v4().to_string();
            headers.insert(header_name(name)?, header_value(name, &key)?);
        }
    }
    if headers.get_all("idempotency-key").iter().any(blank) {
        headers.remove("idempotency-key");
    }
    Ok(meta.idempotency_header.is_some() || headers.contains_key("idempotency-key"))
}
