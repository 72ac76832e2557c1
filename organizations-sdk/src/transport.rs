//! HTTP transport: HTTP/1.1 over rustls (ring) with hyper's connection-level client and a
//! small pool of idle keep-alive connections; connect and read timeouts, a cap on response
//! size, the trusted certificate authorities, and forward proxies (`proxy` decides which
//! requests use one; here is the `CONNECT` tunnel and the absolute-form request).
//!
//! The pool is ours rather than hyper-util's general-purpose client because a client talks
//! to one endpoint: a checkout is popping a ready sender off a list.

use crate::error::RawResponse;
use crate::proxy::{Proxies, Proxy};
use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
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
    /// The proxy refused the request (`407`, or a `CONNECT` answered with an error), or a
    /// plugged-in HTTP client failed for a reason it says is final: not retried.
    Refused(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout(message) | Self::Body { message, .. } | Self::Refused(message) => f.write_str(message),
            Self::Dispatch(e) => f.write_str(&crate::error::chain(e.as_ref())),
        }
    }
}

pub(crate) struct Transport {
    /// Direct connections: TCP, then TLS for `https`.
    connector: HttpsConnector<HttpConnector>,
    /// TCP to a proxy, and the TLS settings for a session inside a tunnel.
    tcp: HttpConnector,
    tls: Arc<rustls::ClientConfig>,
    proxies: Option<Arc<Proxies>>,
    connect_timeout: Option<Duration>,
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
    pub(crate) fn new(connect_timeout: Option<Duration>, roots: &Roots, proxies: Option<Arc<Proxies>>) -> Self {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_connect_timeout(connect_timeout);
        tcp.set_nodelay(true);
        let mut store = rustls::RootCertStore::empty();
        match roots {
            Roots::Mozilla => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
            Roots::Bundle(certs) => {
                store.add_parsable_certificates(certs.iter().cloned());
            }
        }
        let tls = rustls::ClientConfig::builder_with_provider(rustls::crypto::ring::default_provider().into())
            .with_safe_default_protocol_versions()
            .expect("ring supports rustls' default protocol versions")
            .with_root_certificates(store)
            .with_no_client_auth();
        let connector =
            hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls.clone()).https_or_http().enable_http1().wrap_connector(tcp.clone());
        Self { connector, tcp, tls: Arc::new(tls), proxies, connect_timeout, idle: Mutex::new(Vec::new()) }
    }

    /// Send one request and read the whole response. `read_timeout` bounds the wait for
    /// the headers and for each chunk of the body.
    pub(crate) async fn send(&self, request: http::Request<Full<Bytes>>, read_timeout: Option<Duration>) -> Result<RawResponse, TransportError> {
        tracing::trace!(method = %request.method(), uri = %request.uri(), headers = %Redacted(request.headers()), "sending a request");
        let (origin, sender, response, proxy) = match with_timeout(read_timeout, Box::pin(self.dispatch(request))).await {
            Some(r) => r.map_err(|e| match e.downcast::<ProxyRefused>() {
                Ok(refused) => TransportError::Refused(refused.0),
                Err(e) => TransportError::Dispatch(e),
            })?,
            None => return Err(TransportError::Timeout(format!("no response headers within {read_timeout:?}"))),
        };
        let (parts, mut body) = response.into_parts();
        let status = parts.status.as_u16();
        tracing::trace!(status, headers = %Redacted(&parts.headers), "received the response head");
        if let (Some(proxy), 407) = (proxy, status) {
            return Err(TransportError::Refused(authentication_required(proxy)));
        }
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
    /// out) goes once more on a fresh connection. Also returns the proxy of a plain-HTTP
    /// request sent through one (whose `407` is the proxy's, not the service's).
    #[allow(clippy::type_complexity)]
    async fn dispatch(
        &self,
        mut request: http::Request<Full<Bytes>>,
    ) -> Result<(Origin, SendRequest<Full<Bytes>>, http::Response<hyper::body::Incoming>, Option<&Proxy>), BoxError> {
        let uri = request.uri().clone();
        let origin = Origin::of(&uri);
        let proxy = self.proxies.as_deref().and_then(|p| p.route(&uri));
        let forwarded = proxy.filter(|_| uri.scheme() != Some(&http::uri::Scheme::HTTPS));
        match forwarded {
            // Through a proxy, plain HTTP is sent in absolute form, with the proxy's credentials.
            Some(proxy) => {
                if let Some(auth) = proxy.authorization() {
                    request.headers_mut().insert(http::header::PROXY_AUTHORIZATION, auth.clone());
                }
            }
            // Otherwise HTTP/1.1 sends the path; the `Host` header names the authority.
            None => *request.uri_mut() = uri.path_and_query().cloned().map_or_else(|| http::Uri::from_static("/"), http::Uri::from),
        }
        if let Some(mut sender) = self.checkout(&origin).await {
            match sender.try_send_request(request).await {
                Ok(response) => return Ok((origin, sender, response, forwarded)),
                Err(mut e) => match e.take_message() {
                    Some(unsent) => request = unsent,
                    None => return Err(e.into_error().into()),
                },
            }
        }
        // Boxed: connecting (TCP, TLS, handshake) is the rare path and a large future.
        let mut sender = Box::pin(self.connect(uri, proxy)).await?;
        let response = sender.send_request(request).await?;
        Ok((origin, sender, response, forwarded))
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

    /// A new connection (TCP, then TLS for `https`; through `proxy` if there is one), its
    /// HTTP/1.1 driver spawned.
    async fn connect(&self, uri: http::Uri, proxy: Option<&Proxy>) -> Result<SendRequest<Full<Bytes>>, BoxError> {
        tracing::debug!(host = uri.host(), port = uri.port_u16(), proxy = proxy.map(tracing::field::display), "opening a connection");
        let Some(proxy) = proxy else {
            return handshake(self.connector.clone().call(uri).await?).await;
        };
        let tcp = match self.tcp.clone().call(proxy.uri().clone()).await {
            Ok(tcp) => tcp,
            Err(e) => {
                let kind = if is_timeout(&e) { std::io::ErrorKind::TimedOut } else { std::io::ErrorKind::Other };
                let message = format!("cannot connect to the proxy {proxy}: {}", crate::error::chain(&e));
                return Err(std::io::Error::new(kind, message).into());
            }
        };
        if uri.scheme() != Some(&http::uri::Scheme::HTTPS) {
            return handshake(tcp).await;
        }
        // Through a proxy, connecting includes the tunnel and the TLS handshake inside it:
        // the connect timeout bounds them too (a proxy that accepts and then says nothing
        // would otherwise hold the call until a read or attempt timeout, if any).
        let open = async {
            let tcp = tunnel(tcp.into_inner(), &uri, proxy).await?;
            let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
            let name = rustls::pki_types::ServerName::try_from(host.to_owned())?;
            Ok::<_, BoxError>(tokio_rustls::TlsConnector::from(self.tls.clone()).connect(name, tcp).await?)
        };
        let tls = match with_timeout(self.connect_timeout, open).await {
            Some(tls) => tls?,
            None => {
                let message =
                    format!("no tunnel through the proxy {proxy} within the connect timeout of {:?}", self.connect_timeout.unwrap_or_default());
                return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, message).into());
            }
        };
        handshake(TokioIo::new(tls)).await
    }
}

/// HTTP/1.1 over `io`, its connection driver spawned.
async fn handshake<IO>(io: IO) -> Result<SendRequest<Full<Bytes>>, BoxError>
where
    IO: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (sender, connection) = hyper::client::conn::http1::handshake(io).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "connection closed with an error");
        }
    });
    Ok(sender)
}

/// The proxy said no: `407`, or a `CONNECT` answered with an error.
#[derive(Debug)]
struct ProxyRefused(String);

impl std::fmt::Display for ProxyRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProxyRefused {}

fn authentication_required(proxy: &Proxy) -> String {
    let hint =
        if proxy.authorization().is_some() { "it rejected the user and password in the proxy URL" } else { "put `user:password@` in the proxy URL" };
    format!("the proxy {proxy} answered 407 Proxy Authentication Required: {hint}")
}

/// The longest `CONNECT` response head read from a proxy.
const MAX_TUNNEL_HEAD: usize = 16 * 1024;

/// Asks `proxy` (connected as `tcp`) for a tunnel to `target`'s host and port
/// (`CONNECT host:port HTTP/1.1`, RFC 9110 §9.3.6) and returns the tunnel once the proxy
/// answers 2xx.
async fn tunnel(mut tcp: tokio::net::TcpStream, target: &http::Uri, proxy: &Proxy) -> Result<tokio::net::TcpStream, BoxError> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = target.host().ok_or("the endpoint URL has no host")?;
    let authority = format!("{host}:{}", target.port_u16().unwrap_or(443));
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n").into_bytes();
    if let Some(auth) = proxy.authorization() {
        head.extend_from_slice(b"Proxy-Authorization: ");
        head.extend_from_slice(auth.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    tcp.write_all(&head).await?;
    let mut response = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let n = tcp.read(&mut chunk).await?;
        if n == 0 {
            return Err(format!("the proxy {proxy} closed the connection instead of answering CONNECT {authority}").into());
        }
        response.extend_from_slice(&chunk[..n]);
        if let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if response.len() > MAX_TUNNEL_HEAD {
            return Err(format!("the proxy {proxy} sent more than {MAX_TUNNEL_HEAD} bytes of headers for CONNECT {authority}").into());
        }
    };
    let status_line = String::from_utf8_lossy(&response[..end]).lines().next().unwrap_or_default().to_owned();
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("the proxy {proxy} answered CONNECT {authority} with {status_line:?}, not HTTP"))?;
    match status {
        200..=299 if end == response.len() => Ok(tcp),
        200..=299 => Err(format!("the proxy {proxy} sent data before the TLS handshake to {authority}").into()),
        407 => Err(Box::new(ProxyRefused(authentication_required(proxy)))),
        _ => Err(Box::new(ProxyRefused(format!("the proxy {proxy} refused the tunnel to {authority}: {status_line}")))),
    }
}

/// Headers whose values are never logged: credentials, signatures, tokens.
const SECRET_HEADERS: &[&str] =
    &["authorization", "proxy-authorization", "x-amz-security-token", "x-amz-sso_bearer_token", "x-aws-ec2-metadata-token", "cookie", "set-cookie"];

/// Headers for a log line, `name: value` separated by `; `, with the values of
/// [`SECRET_HEADERS`] (and any marked sensitive) shown as `** redacted **`.
struct Redacted<'a>(&'a http::HeaderMap);

impl std::fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            if value.is_sensitive() || SECRET_HEADERS.contains(&name.as_str()) {
                write!(f, "{name}: ** redacted **")?;
            } else {
                write!(f, "{name}: {}", String::from_utf8_lossy(value.as_bytes()))?;
            }
        }
        Ok(())
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

/// Whether an I/O timeout is anywhere in `e`'s chain of sources.
pub(crate) fn is_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return true;
            }
        }
        cur = err.source();
    }
    false
}

/// `Some(output)`, or `None` when `limit` elapsed first.
pub(crate) async fn with_timeout<F: std::future::Future>(limit: Option<Duration>, fut: F) -> Option<F::Output> {
    match limit {
        Some(d) => tokio::time::timeout(d, fut).await.ok(),
        None => Some(fut.await),
    }
}
