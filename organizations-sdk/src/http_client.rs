//! The HTTP client seam: what sends one signed attempt and returns the whole response.
//!
//! The built-in client (hyper over TCP with rustls, a connection pool, proxies from the
//! environment) is used unless [`crate::config::Builder::http_client`] sets another — your
//! own stack, a recording client in a test, or `test_util::Mock`'s. The attempt loop around
//! it stays the same: it signs each attempt, applies the attempt timeout, classifies the
//! outcome and retries, so a plugged-in client sees every attempt of a retried call.
//!
//! ```
//! use organizations_sdk::http_client::{ConnectorError, HttpClient, HttpFuture, HttpRequest};
//!
//! /// Answers every request with an empty success, as a test double might.
//! #[derive(Debug)]
//! struct Always200;
//!
//! impl HttpClient for Always200 {
//!     fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
//!         Box::pin(async move {
//!             assert!(request.headers().contains_key("authorization"));
//!             Ok(http::Response::builder().status(200).body("{}".into()).map_err(ConnectorError::other)?)
//!         })
//!     }
//! }
//! let config = organizations_sdk::Config::builder().http_client(Always200).build();
//! # let _ = config;
//! ```

use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// One signed attempt: method, URI, headers (`Authorization` included) and the body.
pub type HttpRequest = http::Request<Bytes>;

/// The whole response: status, headers and body.
pub type HttpResponse = http::Response<Bytes>;

/// What [`HttpClient::send`] returns.
pub type HttpFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, ConnectorError>> + Send + 'a>>;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Sends requests. Implementations are shared by a client's clones and calls, so `send`
/// takes `&self`.
pub trait HttpClient: fmt::Debug + Send + Sync {
    /// Sends one attempt and reads the whole response. Any status is a response (the SDK
    /// parses errors); `Err` is for a request that got no complete response.
    fn send(&self, request: HttpRequest) -> HttpFuture<'_>;
}

/// Why an attempt got no response, which decides whether it is retried.
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: BoxError,
}

/// The kinds of [`ConnectorError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// Connecting or reading timed out: retried.
    Timeout,
    /// The connection failed (refused, reset, closed early): retried.
    Io,
    /// Anything else (a refused proxy, a client that cannot send this request): not retried.
    Other,
}

impl ConnectorError {
    /// A timeout (retried).
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Timeout, source: source.into() }
    }
    /// A connection failure (retried).
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Io, source: source.into() }
    }
    /// Any other failure (not retried).
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self { kind: ConnectorErrorKind::Other, source: source.into() }
    }
    /// Which kind of failure this is.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }
    pub(crate) fn into_source(self) -> BoxError {
        self.source
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl std::error::Error for ConnectorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}
