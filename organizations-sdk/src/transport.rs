//! HTTP transport: a pooled hyper client over rustls (ring), with connect and read
//! timeouts and a cap on response size.

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// Responses larger than this are an error rather than unbounded memory.
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// A complete HTTP response as received: status, headers and body.
#[derive(Clone, Debug)]
pub struct RawResponse {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        Self { status, headers, body }
    }
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }
    /// The body bytes (possibly partial, when reading it failed).
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// `x-amzn-requestid`, else `x-amz-request-id`.
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid").or_else(|| self.header("x-amz-request-id"))
    }
}

/// Why an attempt failed below the protocol level.
#[derive(Debug)]
pub(crate) enum TransportError {
    /// Connect or read timeout.
    Timeout(String),
    /// Could not connect or send, or the connection failed before response headers.
    Dispatch(hyper_util::client::legacy::Error),
    /// Headers arrived, then reading the body failed (retryable) or it was too large.
    Body { message: String, raw: RawResponse, retryable: bool },
}

pub(crate) struct Transport {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl Transport {
    pub(crate) fn new(connect_timeout: Option<Duration>) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(connect_timeout);
        http.set_nodelay(true);
        let provider = rustls::crypto::ring::default_provider();
        // Without system roots (a minimal container) HTTPS fails at handshake with a clear
        // TLS error; plain-HTTP endpoints (tests, local emulators) still work.
        let builder = match hyper_rustls::HttpsConnectorBuilder::new().with_provider_and_native_roots(provider) {
            Ok(b) => b,
            Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(
                rustls::ClientConfig::builder_with_provider(rustls::crypto::ring::default_provider().into())
                    .with_safe_default_protocol_versions()
                    .expect("ring supports the default protocol versions")
                    .with_root_certificates(rustls::RootCertStore::empty())
                    .with_no_client_auth(),
            ),
        };
        let https = builder.https_or_http().enable_http1().wrap_connector(http);
        let client = Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(60)).build(https);
        Self { client }
    }

    /// Send one request and read the whole response. `read_timeout` bounds the wait for
    /// the headers and for each chunk of the body.
    pub(crate) async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
        read_timeout: Option<Duration>,
    ) -> Result<RawResponse, TransportError> {
        let response = match with_timeout(read_timeout, self.client.request(request)).await {
            Some(r) => r.map_err(TransportError::Dispatch)?,
            None => return Err(TransportError::Timeout(format!("no response headers within {read_timeout:?}"))),
        };
        let (parts, mut body) = response.into_parts();
        let status = parts.status.as_u16();
        let mut buf = BytesMut::new();
        let partial = |buf: BytesMut| RawResponse::new(status, parts.headers.clone(), buf.freeze());
        loop {
            let frame = match with_timeout(read_timeout, body.frame()).await {
                None => return Err(TransportError::Timeout(format!("response body stalled for {read_timeout:?}"))),
                Some(None) => break,
                Some(Some(Err(e))) => {
                    let message = format!("failed to read the response body: {e}");
                    return Err(TransportError::Body { message, raw: partial(buf), retryable: true });
                }
                Some(Some(Ok(frame))) => frame,
            };
            if let Ok(data) = frame.into_data() {
                if buf.len() + data.len() > MAX_BODY_BYTES {
                    let message = format!("response body exceeds {MAX_BODY_BYTES} bytes");
                    return Err(TransportError::Body { message, raw: partial(buf), retryable: false });
                }
                buf.extend_from_slice(&data);
            }
        }
        Ok(RawResponse::new(status, parts.headers, buf.freeze()))
    }
}

/// `Some(output)`, or `None` when `limit` elapsed first.
pub(crate) async fn with_timeout<F: std::future::Future>(limit: Option<Duration>, fut: F) -> Option<F::Output> {
    match limit {
        Some(d) => tokio::time::timeout(d, fut).await.ok(),
        None => Some(fut.await),
    }
}
