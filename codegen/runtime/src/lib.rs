//! The client runtime shared by every generated API: configuration, request
//! building, sending with retries and timeouts, and response decoding.
//!
//! Generated operation code only describes an operation (its path, parameters,
//! body and documented responses) and calls into this crate. A generated
//! crate re-exports it as its `runtime` module, so every item is reachable as
//! `generated_client::runtime::…`.
//!
//! What a user of a generated client reaches for is documented here:
//! [`Config`] and its policies, [`Error`] and what it holds,
//! [`ResponseValue`], the streams, [`Upload`]/[`FilePart`], the hooks. The
//! plumbing that only generated code calls (request building, the decoding
//! and serializing helpers, validation checks, `call`) is public so that
//! generated crates can reach it, and `#[doc(hidden)]`: it is not part of
//! the API a caller should build on.
//!
//! One module per concern, each with its unit tests beside it:
//!
//! | module | what |
//! |---|---|
//! | `config` | [`Config`], limits and defaults, [`RedirectPolicy`], server URLs |
//! | `auth` | security schemes and [`RequestHook`]s |
//! | `signer` | [`FireblocksSigner`] (feature `fireblocks-signer`) |
//! | `retry` | [`RetryPolicy`], backoff, `Retry-After` |
//! | `redirect` | following redirects, redacting secrets, idempotency keys |
//! | `request` | path, query, header and cookie encoding, raw bodies |
//! | `form` | form and multipart bodies by their `encoding`, `deepObject` values |
//! | `client` | [`Client`]: the retry loop, auth, timeouts |
//! | `response` | [`ResponseValue`], [`Error`] and its parts |
//! | `decode`, `serialize` | what generated `Deserialize`/`Serialize` impls call |
//! | `validate` | documented constraints, checked before sending |
//! | `upload`, `stream`, `sse`, `items` | uploads and streamed responses |
//! | `paginate` | list operations read as streams of [`Pages`] and [`Items`] |
//! | `builder` | the [`Operation`] trait and `define_builder!`, which defines a generated crate's `runtime::Builder` |
#![forbid(unsafe_code)]

pub use reqwest;
pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

mod auth;
mod builder;
mod client;
mod config;
mod decode;
mod form;
mod items;
mod paginate;
mod redirect;
mod request;
mod response;
mod retry;
mod serialize;
#[cfg(feature = "fireblocks-signer")]
mod signer;
mod sse;
mod stream;
mod upload;
mod validate;

pub use auth::*;
pub use builder::*;
pub use client::*;
pub use config::*;
pub use decode::*;
pub use form::*;
pub use items::*;
pub use paginate::*;
pub use redirect::*;
pub use request::*;
pub use response::*;
pub use retry::*;
pub use serialize::*;
#[cfg(feature = "fireblocks-signer")]
pub use signer::*;
pub(crate) use sse::*;
pub use stream::*;
pub use upload::*;
pub use validate::*;
