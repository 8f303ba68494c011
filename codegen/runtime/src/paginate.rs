//! Pagination: a list operation read as a stream of pages or of items.
//!
//! Generated code describes how an operation pages ([`Paging`], static
//! data from the spec) and how to take the items out of a decoded page; this
//! module sends the first request as the caller built it and each following
//! one through [`Client::execute`], so every page has the retries, timeouts,
//! auth, request hooks and body limit of any call. One page is held at a time.

use crate::*;
use std::collections::{HashSet, VecDeque};
use std::fmt;

/// How an operation pages: where its items are, how the next page is asked
/// for, and what says there is none. Pointers are JSON pointers into the
/// response body (`/paging/after`); `""` is the body itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The array of items.
    pub items: &'static str,
    pub next: NextPage,
    /// A boolean; `false` means this was the last page (`/has_more`).
    pub has_more: Option<&'static str>,
    /// The number of items in all pages (`/total_count`).
    pub total: Option<&'static str>,
}

/// Where the next page's request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextPage {
    /// A cursor in the body (`from`), sent as the query parameter `param`;
    /// absent, `null` or empty: no next page.
    Cursor {
        from: &'static str,
        param: &'static str,
    },
    /// The `field` of the page's last item (`/id`), sent as `param`.
    LastItem {
        field: &'static str,
        param: &'static str,
    },
    /// The next page's URL, in the body (`/nextLink`).
    BodyUrl { from: &'static str },
    /// The next page's URL, in the `Link` header's `rel="next"` (RFC 8288).
    LinkHeader,
    /// The next page's URL, the whole value of the response header `name`
    /// (Fireblocks' `next-page`).
    HeaderUrl { name: &'static str },
    /// The query parameter `param` counts items skipped: the next page's is
    /// this one's plus its number of items. `limit` is the page size
    /// parameter, when the operation has one.
    Offset {
        param: &'static str,
        limit: Option<&'static str>,
    },
    /// The query parameter `param` numbers pages from `first`; `size` is the
    /// page size parameter, when the operation has one.
    Page {
        param: &'static str,
        size: Option<&'static str>,
        first: u64,
    },
}

/// A decoded page: its status, headers and body, as any call returns.
pub type Page<P> = ResponseValue<<P as Operation>::Ok, <P as Operation>::Headers>;

/// The error that ends a paged stream.
pub type PageError<P> = Error<<P as Operation>::Err, <P as Operation>::Headers>;

/// What a paged stream sends next.
struct Pager<P: Operation, I> {
    client: Client,
    options: CallOptions,
    /// The next request; `None` once the last page was read.
    next: Option<Request>,
    paging: &'static Paging,
    items: fn(P::Ok) -> Vec<I>,
    max_pages: Option<u64>,
    max_items: Option<u64>,
    pages_read: u64,
    items_read: u64,
    /// Cursors and URLs already followed: one met again ends the stream.
    seen: HashSet<String>,
    /// The largest page so far: a page size when the request names none.
    largest: usize,
    /// The first request's refusal, yielded as the stream's only item.
    refused: Option<InvalidRequest>,
}

impl<P: Operation, I> Pager<P, I> {
    fn new(
        client: Client,
        options: CallOptions,
        params: P,
        paging: &'static Paging,
        items: fn(P::Ok) -> Vec<I>,
    ) -> Self {
        let (next, refused) = match params.request() {
            Ok(request) => (Some(request), None),
            Err(e) => (None, Some(e)),
        };
        Pager {
            client,
            options,
            next,
            paging,
            items,
            max_pages: None,
            max_items: None,
            pages_read: 0,
            items_read: 0,
            seen: HashSet::new(),
            largest: 0,
            refused,
        }
    }

    /// Sends the next request, decodes the page and prepares the request
    /// after it. `None` at the end.
    async fn page(&mut self) -> Option<Result<(Page<P>, u64), PageError<P>>> {
        if self.max_pages.is_some_and(|max| self.pages_read >= max)
            || self.max_items.is_some_and(|max| self.items_read >= max)
        {
            return None;
        }
        if let Some(refused) = self.refused.take() {
            self.next = None;
            return Some(Err(refused.into()));
        }
        let request = self.next.take()?;
        // The request after this one, built before this one is consumed.
        let template = request.try_clone();
        let raw = match self
            .client
            .execute::<P::Err, P::Headers>(request, &self.options)
            .await
        {
            Ok(raw) => raw,
            Err(e) => return Some(Err(e)),
        };
        let facts = raw
            .status
            .is_success()
            .then(|| serde_json::from_slice::<serde_json::Value>(&raw.body).ok())
            .flatten();
        let headers = raw.headers.clone();
        let page = match P::decode(raw) {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        self.pages_read += 1;
        let count = facts
            .as_ref()
            .and_then(|body| body.pointer(self.paging.items))
            .and_then(serde_json::Value::as_array)
            .map_or(0, |items| items.len() as u64);
        if let (Some(template), Some(facts)) = (template, facts) {
            match self.after(template, &facts, &headers) {
                Ok(next) => self.next = next,
                Err(refused) => self.refused = Some(refused),
            }
        }
        Some(Ok((page, count)))
    }

    /// The request for the page after the one whose body is `body`.
    fn after(
        &mut self,
        mut request: Request,
        body: &serde_json::Value,
        headers: &HeaderMap,
    ) -> Result<Option<Request>, InvalidRequest> {
        let paging = self.paging;
        let count = body
            .pointer(paging.items)
            .and_then(serde_json::Value::as_array)
            .map_or(0, Vec::len);
        if paging
            .has_more
            .and_then(|p| body.pointer(p))
            .and_then(serde_json::Value::as_bool)
            == Some(false)
        {
            return Ok(None);
        }
        let total = paging
            .total
            .and_then(|p| body.pointer(p))
            .and_then(serde_json::Value::as_u64);
        let largest = self.largest.max(count);
        self.largest = largest;
        // Offset and page numbers end on an empty or short page, or at the total.
        let short =
            |size: Option<u64>| count == 0 || (count as u64) < size.unwrap_or(largest as u64);
        match paging.next {
            NextPage::Cursor { from, param } => {
                let Some(cursor) = body.pointer(from).and_then(scalar_text) else {
                    return Ok(None);
                };
                Ok(self.with_query(request, param, cursor))
            }
            NextPage::LastItem { field, param } => {
                let last = body
                    .pointer(paging.items)
                    .and_then(serde_json::Value::as_array)
                    .and_then(|items| items.last());
                let Some(cursor) = last
                    .and_then(|item| item.pointer(field))
                    .and_then(scalar_text)
                else {
                    return Ok(None);
                };
                Ok(self.with_query(request, param, cursor))
            }
            NextPage::BodyUrl { from } => match body.pointer(from).and_then(scalar_text) {
                Some(url) => self.with_url(request, &url),
                None => Ok(None),
            },
            NextPage::LinkHeader => match next_link(headers) {
                Some(url) => self.with_url(request, &url),
                None => Ok(None),
            },
            NextPage::HeaderUrl { name } => {
                match headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::trim)
                {
                    Some(url) if !url.is_empty() => self.with_url(request, url),
                    _ => Ok(None),
                }
            }
            NextPage::Offset { param, limit } => {
                let size = limit.and_then(|l| query_number(&request, l));
                let offset = query_number(&request, param).unwrap_or(0) + count as u64;
                if short(size) || total.is_some_and(|t| offset >= t) {
                    return Ok(None);
                }
                set_query(&mut request, param, offset.to_string());
                Ok(Some(request))
            }
            NextPage::Page { param, size, first } => {
                let size = size.and_then(|s| query_number(&request, s));
                let page = query_number(&request, param).unwrap_or(first);
                let read = (page + 1).saturating_sub(first) * size.unwrap_or(largest as u64);
                if short(size) || total.is_some_and(|t| read >= t) {
                    return Ok(None);
                }
                set_query(&mut request, param, (page + 1).to_string());
                Ok(Some(request))
            }
        }
    }

    /// `request` with `param` set to `cursor`; `None` when the cursor was
    /// followed before (a server that repeats itself would loop forever).
    fn with_query(&mut self, mut request: Request, param: &str, cursor: String) -> Option<Request> {
        if cursor.is_empty() || !self.seen.insert(cursor.clone()) {
            return None;
        }
        set_query(&mut request, param, cursor);
        Some(request)
    }

    /// `request` sent to `url` instead: only on the client's own origin and
    /// under its base URL, so the client's credentials go nowhere else.
    fn with_url(
        &mut self,
        mut request: Request,
        url: &str,
    ) -> Result<Option<Request>, InvalidRequest> {
        let base = reqwest::Url::parse(self.client.base_url())
            .map_err(|e| InvalidRequest::new("next page", format!("base URL: {e}")))?;
        let current = reqwest::Url::parse(&format!("{}{}", self.client.base_url(), request.path))
            .unwrap_or_else(|_| base.clone());
        let next = current
            .join(url)
            .map_err(|e| InvalidRequest::new("next page", format!("URL is not valid: {e}")))?;
        if next.origin() != base.origin() {
            return Err(InvalidRequest::new(
                "next page",
                format!(
                    "URL is on another origin ({}), not the client's ({}): not followed",
                    next.origin().ascii_serialization(),
                    base.origin().ascii_serialization()
                ),
            ));
        }
        let Some(path) = next.path().strip_prefix(base.path().trim_end_matches('/')) else {
            return Err(InvalidRequest::new(
                "next page",
                format!(
                    "URL path {} is outside the client's base URL: not followed",
                    next.path()
                ),
            ));
        };
        if !self.seen.insert(next.as_str().to_owned()) {
            return Ok(None);
        }
        request.set_path(path.to_owned());
        request.query.clear();
        request.raw_query = next.query().map(str::to_owned).into_iter().collect();
        Ok(Some(request))
    }
}

/// A cursor's text: a string, or a number written out.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn query_number(request: &Request, name: &str) -> Option<u64> {
    request
        .query
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.trim().parse().ok())
}

fn set_query(request: &mut Request, name: &str, value: String) {
    request.query.retain(|(k, _)| k != name);
    request.query.push((name.to_owned(), value));
}

/// The target of the first `rel="next"` link of the `Link` headers.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(split_links)
        .find_map(|link| {
            let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
            let next = params.split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            next.then(|| target.to_owned())
        })
}

/// A `Link` value's links: split at commas outside `<...>` and quotes.
fn split_links(value: &str) -> Vec<&str> {
    let (mut out, mut start, mut in_target, mut in_quote) = (Vec::new(), 0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            '<' if !in_quote => in_target = true,
            '>' if !in_quote => in_target = false,
            '"' if !in_target => in_quote = !in_quote,
            ',' if !in_target && !in_quote => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

/// The pages of a list operation, from the parameters the caller set, as a
/// [`futures_core::Stream`] ([`Pages::next`] works without a stream trait).
/// Each page is a [`ResponseValue`]; an error is the last item, after the
/// pages already read. The stream ends after the last page, at a cursor or
/// URL already followed, or at the bound set with [`Pages::max_pages`].
pub struct Pages<P: Operation, I> {
    pager: Option<Pager<P, I>>,
    running: Option<BoxStream<Result<Page<P>, PageError<P>>>>,
}

/// The items of a list operation's pages, one page held at a time, as a
/// [`futures_core::Stream`]; an error ends the stream as its last item.
pub struct Items<P: Operation, I> {
    pager: Option<Pager<P, I>>,
    running: Option<BoxStream<Result<I, PageError<P>>>>,
}

impl<P: Operation, I> fmt::Debug for Pages<P, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pages { .. }")
    }
}

impl<P: Operation, I> fmt::Debug for Items<P, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Items { .. }")
    }
}

/// The paged streams of one request: what a list operation's `pages` and
/// `items` return. Generated code calls it.
#[doc(hidden)]
pub fn paginate<P: Operation, I>(
    client: Client,
    options: CallOptions,
    params: P,
    paging: &'static Paging,
    items: fn(P::Ok) -> Vec<I>,
) -> Pages<P, I> {
    Pages {
        pager: Some(Pager::new(client, options, params, paging, items)),
        running: None,
    }
}

impl<P, I> Pages<P, I>
where
    P: Operation + Send + 'static,
    I: Send + 'static,
{
    /// Reads at most `n` pages.
    pub fn max_pages(mut self, n: u64) -> Self {
        if let Some(pager) = &mut self.pager {
            pager.max_pages = Some(n);
        }
        self
    }

    /// Reads no page after the one that brings the items read to `n` (the
    /// pages are not cut short; [`Items::max_items`] is exact).
    pub fn max_items(mut self, n: u64) -> Self {
        if let Some(pager) = &mut self.pager {
            pager.max_items = Some(n);
        }
        self
    }

    /// The items of these pages instead, in order.
    pub fn items(self) -> Items<P, I> {
        Items {
            pager: self.pager,
            running: None,
        }
    }

    /// The next page, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Page<P>, PageError<P>>> {
        futures_util::StreamExt::next(self).await
    }

    fn running(&mut self) -> &mut BoxStream<Result<Page<P>, PageError<P>>> {
        self.running.get_or_insert_with(|| match self.pager.take() {
            Some(pager) => Box::pin(futures_util::stream::unfold(
                pager,
                |mut pager| async move {
                    let page = match pager.page().await? {
                        Ok((page, count)) => {
                            pager.items_read += count;
                            Ok(page)
                        }
                        Err(e) => {
                            pager.next = None;
                            pager.refused = None;
                            Err(e)
                        }
                    };
                    Some((page, pager))
                },
            )),
            None => Box::pin(futures_util::stream::empty()),
        })
    }
}

impl<P, I> Items<P, I>
where
    P: Operation + Send + 'static,
    I: Send + 'static,
{
    /// Yields at most `n` items (and reads no page after the one holding the `n`th).
    pub fn max_items(mut self, n: u64) -> Self {
        if let Some(pager) = &mut self.pager {
            pager.max_items = Some(n);
        }
        self
    }

    /// Reads at most `n` pages.
    pub fn max_pages(mut self, n: u64) -> Self {
        if let Some(pager) = &mut self.pager {
            pager.max_pages = Some(n);
        }
        self
    }

    /// The next item, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<I, PageError<P>>> {
        futures_util::StreamExt::next(self).await
    }

    fn running(&mut self) -> &mut BoxStream<Result<I, PageError<P>>> {
        self.running.get_or_insert_with(|| match self.pager.take() {
            Some(pager) => {
                let state = (pager, VecDeque::new());
                Box::pin(futures_util::stream::unfold(
                    state,
                    |(mut pager, mut ready)| async move {
                        loop {
                            if pager.max_items.is_some_and(|max| pager.items_read >= max) {
                                return None;
                            }
                            if let Some(item) = ready.pop_front() {
                                pager.items_read += 1;
                                return Some((Ok(item), (pager, ready)));
                            }
                            match pager.page().await? {
                                Ok((page, _)) => ready.extend((pager.items)(page.body)),
                                Err(e) => {
                                    pager.next = None;
                                    pager.refused = None;
                                    return Some((Err(e), (pager, ready)));
                                }
                            }
                        }
                    },
                ))
            }
            None => Box::pin(futures_util::stream::empty()),
        })
    }
}

impl<P, I> futures_core::Stream for Pages<P, I>
where
    P: Operation + Send + 'static,
    I: Send + 'static,
{
    type Item = Result<Page<P>, PageError<P>>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().running().as_mut().poll_next(cx)
    }
}

impl<P, I> futures_core::Stream for Items<P, I>
where
    P: Operation + Send + 'static,
    I: Send + 'static,
{
    type Item = Result<I, PageError<P>>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().running().as_mut().poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(reqwest::header::LINK, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn link_header_next() {
        let h = headers(&[
            r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next""#,
        ]);
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://api.github.com/x?page=3")
        );
        // Several relation types, a comma inside the target, a second header.
        let h = headers(&[
            r#"<https://a/x?q=1,2>; rel="last""#,
            r#"<https://a/x?q=1,2&page=2>; title="a, b"; rel="next prefetch""#,
        ]);
        assert_eq!(next_link(&h).as_deref(), Some("https://a/x?q=1,2&page=2"));
        assert_eq!(next_link(&headers(&[r#"<https://a/x>; rel="last""#])), None);
        assert_eq!(next_link(&headers(&["garbage"])), None);
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn cursor_text() {
        assert_eq!(
            scalar_text(&serde_json::json!("abc")).as_deref(),
            Some("abc")
        );
        assert_eq!(scalar_text(&serde_json::json!(42)).as_deref(), Some("42"));
        assert_eq!(scalar_text(&serde_json::json!("")), None);
        assert_eq!(scalar_text(&serde_json::json!(null)), None);
    }
}
