//! HTTP transport: HTTP/1.1 over TCP or rustls (ring) with hyper's connection API, with
//! connect and read timeouts and a cap on response size. One job per submodule: `connect`
//! (TCP, TLS, HTTP/1.1 over them), `pool` (idle
//! keep-alive connections; ours rather than hyper-util's general-purpose client, because a
//! client talks to one endpoint), `tls` (trust roots and rustls' settings), `proxy` (which
//! requests use a forward proxy, the `CONNECT` tunnel) and `redact` (headers in log
//! lines). Here: sending a request and reading its response.
//!
//! Not hyper-util's connector and hyper-rustls: what they do here is short (resolve and
//! connect, a TLS handshake with tokio-rustls, which the proxy tunnel needed anyway), and
//! without them and the crates only they bring (`futures-channel`, `tower-service`) a
//! user's lock file has four crates fewer.

mod connect;
mod pool;
pub(crate) mod proxy;
mod redact;
mod tls;

pub(crate) use tls::Roots;
use tls::TrustRootsError;

use crate::error::RawResponse;
use bytes::{Bytes, BytesMut};
use connect::Stream;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use pool::{Origin, Pool};
use proxy::{authentication_required, tunnel, Proxies, Proxy, ProxyRefused};
use redact::Redacted;
use std::sync::Arc;
use std::time::Duration;

/// Responses larger than this are an error rather than unbounded memory.
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The connect timeout unless configured otherwise: 3.1 s, aws-sdk-rust's default
/// (aws-config's `TimeoutConfig`, <https://docs.rs/aws-config>), for the service and for
/// the credential providers' calls to AWS.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

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
    /// The trust roots could not be set up (an unreadable or empty CA bundle): nothing was
    /// sent, and no retry would help.
    Config(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout(message) | Self::Body { message, .. } | Self::Refused(message) | Self::Config(message) => f.write_str(message),
            Self::Dispatch(e) => f.write_str(&crate::error::chain(e.as_ref())),
        }
    }
}

pub(crate) struct Transport {
    /// The CAs HTTPS trusts; the TLS settings are built from them on the first HTTPS
    /// connection (`tls`).
    roots: Roots,
    proxies: Option<Arc<Proxies>>,
    connect_timeout: Option<Duration>,
    pool: Pool,
}

impl Transport {
    pub(crate) fn new(connect_timeout: Option<Duration>, roots: &Roots, proxies: Option<Arc<Proxies>>) -> Self {
        Self { roots: roots.clone(), proxies, connect_timeout, pool: Pool::default() }
    }

    /// Send one request and read the whole response. `read_timeout` bounds the wait for
    /// the headers and for each chunk of the body.
    pub(crate) async fn send(&self, request: http::Request<Full<Bytes>>, read_timeout: Option<Duration>) -> Result<RawResponse, TransportError> {
        tracing::trace!(method = %request.method(), uri = %request.uri(), headers = %Redacted(request.headers()), "sending a request");
        let (origin, sender, response, proxy) = match timed!(read_timeout, self.dispatch(request)) {
            Some(r) => r.map_err(|e| match e.downcast::<ProxyRefused>() {
                Ok(refused) => TransportError::Refused(refused.0),
                Err(e) => match e.downcast::<TrustRootsError>() {
                    Ok(roots) => TransportError::Config(roots.0),
                    Err(e) => TransportError::Dispatch(e),
                },
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
            let frame = match timed!(read_timeout, body.frame()) {
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
            self.pool.put_back(origin, sender);
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
        if let Some(mut sender) = self.pool.checkout(&origin).await {
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

    /// A new connection (TCP, then TLS for `https`; through `proxy` if there is one), its
    /// HTTP/1.1 driver spawned.
    async fn connect(&self, uri: http::Uri, proxy: Option<&Proxy>) -> Result<SendRequest<Full<Bytes>>, BoxError> {
        tracing::debug!(host = uri.host(), port = uri.port_u16(), proxy = proxy.map(tracing::field::display), "opening a connection");
        // The trust roots are set up before anything is connected.
        let tls = if uri.scheme() == Some(&http::uri::Scheme::HTTPS) { Some(tls::client_config(&self.roots)?) } else { None };
        let Some(proxy) = proxy else {
            // Connecting includes the TLS handshake: the connect timeout bounds both.
            let open = async {
                let tcp = connect::tcp(&uri, self.connect_timeout).await?;
                match tls {
                    Some(tls) => connect::tls(tcp, &uri, tls).await,
                    None => Ok(Stream::Tcp(tcp)),
                }
            };
            return match timed!(self.connect_timeout, open) {
                Some(stream) => connect::handshake(stream?).await,
                None => Err(connect::timed_out(&format!("no connection to {uri}"), self.connect_timeout).into()),
            };
        };
        let tcp = match connect::tcp(proxy.uri(), self.connect_timeout).await {
            Ok(tcp) => tcp,
            Err(e) => {
                let message = format!("cannot connect to the proxy {proxy}: {}", crate::error::chain(&e));
                return Err(std::io::Error::new(e.kind(), message).into());
            }
        };
        let Some(tls) = tls else {
            return connect::handshake(Stream::Tcp(tcp)).await;
        };
        // Through a proxy, connecting includes the tunnel and the TLS handshake inside it:
        // the connect timeout bounds them too (a proxy that accepts and then says nothing
        // would otherwise hold the call until a read or attempt timeout, if any).
        let open = async { connect::tls(tunnel(tcp, &uri, proxy).await?, &uri, tls).await };
        match timed!(self.connect_timeout, open) {
            Some(stream) => connect::handshake(stream?).await,
            None => Err(connect::timed_out(&format!("no tunnel through the proxy {proxy}"), self.connect_timeout).into()),
        }
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

/// `Some(output)` of awaiting `$fut`, or `None` when the `Option<Duration>` `$limit` elapsed
/// first. A macro rather than an `async fn` so that the future is awaited where it is made:
/// an `async fn` taking it by value moves it (all of its state, kilobytes for a whole call)
/// into its own state first.
macro_rules! timed {
    ($limit:expr, $fut:expr) => {
        match $limit {
            Some(limit) => ::tokio::time::timeout(limit, $fut).await.ok(),
            None => Some($fut.await),
        }
    };
}
pub(crate) use timed;
