//! HTTP transport: HTTP/1.1 over rustls (ring) with hyper's connection-level client and a
//! small pool of idle keep-alive connections; connect and read timeouts, a cap on response
//! size, and the trusted certificate authorities.
//!
//! The pool is ours rather than hyper-util's general-purpose client because a client talks
//! to one endpoint: a checkout is popping a ready sender off a list.

use crate::error::RawResponse;
use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_service::Service;

/// Responses larger than this are an error rather than unbounded memory.
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The connect timeout unless configured otherwise: 3.1 s, aws-sdk-rust's default
/// (aws-config's `TimeoutConfig`, <https://docs.rs/aws-config>), for the service and for
/// the credential providers' calls to AWS.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// Idle connections older than this are closed rather than reused.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// At most this many idle connections are kept.
const MAX_IDLE: usize = 32;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why an attempt failed below the protocol level.
#[derive(Debug)]
pub(crate) enum TransportError {
    /// Connect or read timeout.
    Timeout(String),
    /// Could not connect or send, or the connection failed before response headers.
    Dispatch(BoxError),
    /// Headers arrived, then reading the body failed (retryable) or it was too large.
    Body { message: String, raw: RawResponse, retryable: bool },
    /// A mock had no expectation for the call (`test-util`): not retried.
    #[cfg(feature = "test-util")]
    Refused(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout(message) | Self::Body { message, .. } => f.write_str(message),
            #[cfg(feature = "test-util")]
            Self::Refused(message) => f.write_str(message),
            Self::Dispatch(e) => f.write_str(&crate::error::chain(e.as_ref())),
        }
    }
}

pub(crate) struct Transport {
    connector: HttpsConnector<HttpConnector>,
    idle: Mutex<Vec<Idle>>,
}

/// A keep-alive connection waiting for its next request.
struct Idle {
    origin: Origin,
    sender: SendRequest<Full<Bytes>>,
    since: Instant,
}

/// Scheme and authority: which connections a request may use.
#[derive(Clone, PartialEq, Eq)]
struct Origin(Option<http::uri::Scheme>, Option<http::uri::Authority>);

impl Origin {
    fn of(uri: &http::Uri) -> Self {
        Self(uri.scheme().cloned(), uri.authority().cloned())
    }
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
    /// The certificates of the PEM bundle at `path`.
    pub(crate) fn from_file(path: &str) -> Result<Self, String> {
        std::fs::read(path).map_err(|e| e.to_string()).and_then(|pem| Self::from_pem(&pem))
    }

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
        let connector = builder.https_or_http().enable_http1().wrap_connector(http);
        Self { connector, idle: Mutex::new(Vec::new()) }
    }

    /// Send one request and read the whole response. `read_timeout` bounds the wait for
    /// the headers and for each chunk of the body.
    pub(crate) async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
        read_timeout: Option<Duration>,
    ) -> Result<RawResponse, TransportError> {
        let (origin, sender, response) = match with_timeout(read_timeout, Box::pin(self.dispatch(request))).await {
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
        // The whole body was read, so the connection can take the next request (the next
        // checkout waits until its driver says it is ready).
        if !sender.is_closed() {
            self.put_back(origin, sender);
        }
        Ok(RawResponse::new(status, parts.headers, body_bytes.finish()))
    }

    /// Sends the request on an idle connection, or a new one, and waits for the response
    /// head. A request that an idle connection closed before sending (the server timed it
    /// out) goes once more on a fresh connection.
    async fn dispatch(
        &self,
        mut request: http::Request<Full<Bytes>>,
    ) -> Result<(Origin, SendRequest<Full<Bytes>>, http::Response<hyper::body::Incoming>), BoxError> {
        let uri = request.uri().clone();
        let origin = Origin::of(&uri);
        // HTTP/1.1 sends the path; the `Host` header names the authority.
        *request.uri_mut() = uri.path_and_query().cloned().map_or_else(|| http::Uri::from_static("/"), http::Uri::from);
        if let Some(mut sender) = self.checkout(&origin).await {
            match sender.try_send_request(request).await {
                Ok(response) => return Ok((origin, sender, response)),
                Err(mut e) => match e.take_message() {
                    Some(unsent) => request = unsent,
                    None => return Err(e.into_error().into()),
                },
            }
        }
        // Boxed: connecting (TCP, TLS, handshake) is the rare path and a large future.
        let mut sender = Box::pin(self.connect(uri)).await?;
        let response = sender.send_request(request).await?;
        Ok((origin, sender, response))
    }

    /// An idle connection to `origin` that is still open and ready.
    async fn checkout(&self, origin: &Origin) -> Option<SendRequest<Full<Bytes>>> {
        loop {
            let idle = {
                let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
                let at = idle.iter().rposition(|i| i.origin == *origin)?;
                idle.swap_remove(at)
            };
            if idle.since.elapsed() > IDLE_TIMEOUT || idle.sender.is_closed() {
                continue;
            }
            let mut sender = idle.sender;
            if sender.ready().await.is_ok() {
                return Some(sender);
            }
        }
    }

    fn put_back(&self, origin: Origin, sender: SendRequest<Full<Bytes>>) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.retain(|i| i.since.elapsed() <= IDLE_TIMEOUT && !i.sender.is_closed());
        if idle.len() < MAX_IDLE {
            idle.push(Idle { origin, sender, since: Instant::now() });
        }
    }

    /// A new connection (TCP, then TLS for `https`), its HTTP/1.1 driver spawned.
    async fn connect(&self, uri: http::Uri) -> Result<SendRequest<Full<Bytes>>, BoxError> {
        let io = self.connector.clone().call(uri).await?;
        let (sender, connection) = hyper::client::conn::http1::handshake(io).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection closed with an error");
            }
        });
        Ok(sender)
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
