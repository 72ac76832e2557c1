//! HTTP transport: a pooled hyper client over rustls (ring), with connect and read
//! timeouts, a cap on response size, and the trusted certificate authorities.

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::sync::Arc;
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

/// Certificate authorities HTTPS trusts: Mozilla's root program (compiled in, the same on
/// every OS), or exactly the certificates of a CA bundle (`AWS_CA_BUNDLE` / `ca_bundle`).
#[derive(Clone, Debug, Default)]
pub(crate) enum Roots {
    #[default]
    Mozilla,
    Bundle(Arc<[CertificateDer<'static>]>),
}

impl Roots {
    /// The certificates of a PEM bundle; an error when it holds none or a broken one.
    pub(crate) fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let certs = CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>().map_err(|e| format!("{e:?}"))?;
        if certs.is_empty() {
            return Err("no PEM certificates found".into());
        }
        Ok(Roots::Bundle(certs.into()))
    }
}

impl Transport {
    pub(crate) fn new(connect_timeout: Option<Duration>, roots: &Roots) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(connect_timeout);
        http.set_nodelay(true);
        let provider = rustls::crypto::ring::default_provider();
        let builder = match roots {
            Roots::Mozilla => hyper_rustls::HttpsConnectorBuilder::new().with_provider_and_webpki_roots(provider),
            Roots::Bundle(certs) => {
                let mut store = rustls::RootCertStore::empty();
                store.add_parsable_certificates(certs.iter().cloned());
                rustls::ClientConfig::builder_with_provider(provider.into())
                    .with_safe_default_protocol_versions()
                    .map(|b| hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(b.with_root_certificates(store).with_no_client_auth()))
            }
        }
        .expect("ring supports rustls' default protocol versions");
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
        let mut body_bytes = Collected::default();
        let partial = |body_bytes: Collected| RawResponse::new(status, parts.headers.clone(), body_bytes.finish());
        loop {
            let frame = match with_timeout(read_timeout, body.frame()).await {
                None => return Err(TransportError::Timeout(format!("response body stalled for {read_timeout:?}"))),
                Some(None) => break,
                Some(Some(Err(e))) => {
                    let message = format!("failed to read the response body: {e}");
                    return Err(TransportError::Body { message, raw: partial(body_bytes), retryable: true });
                }
                Some(Some(Ok(frame))) => frame,
            };
            if let Ok(data) = frame.into_data() {
                if body_bytes.len() + data.len() > MAX_BODY_BYTES {
                    let message = format!("response body exceeds {MAX_BODY_BYTES} bytes");
                    return Err(TransportError::Body { message, raw: partial(body_bytes), retryable: false });
                }
                body_bytes.push(data);
            }
        }
        Ok(RawResponse::new(status, parts.headers, body_bytes.finish()))
    }
}

/// The body so far: a body that arrives in one piece is kept as it is, without a copy.
#[derive(Default)]
struct Collected {
    first: Bytes,
    rest: Option<BytesMut>,
}

impl Collected {
    fn len(&self) -> usize {
        self.rest.as_ref().map_or(self.first.len(), BytesMut::len)
    }

    fn push(&mut self, data: Bytes) {
        match &mut self.rest {
            Some(buf) => buf.extend_from_slice(&data),
            None if self.first.is_empty() => self.first = data,
            None => {
                let mut buf = BytesMut::with_capacity(2 * (self.first.len() + data.len()));
                buf.extend_from_slice(&self.first);
                buf.extend_from_slice(&data);
                self.rest = Some(buf);
            }
        }
    }

    fn finish(self) -> Bytes {
        self.rest.map_or(self.first, BytesMut::freeze)
    }
}

/// `Some(output)`, or `None` when `limit` elapsed first.
pub(crate) async fn with_timeout<F: std::future::Future>(limit: Option<Duration>, fut: F) -> Option<F::Output> {
    match limit {
        Some(d) => tokio::time::timeout(d, fut).await.ok(),
        None => Some(fut.await),
    }
}
