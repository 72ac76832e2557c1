//! Opening connections: TCP (resolved, each address tried in turn, no Nagle), TLS over it
//! with rustls, and HTTP/1.1 over either with hyper's connection API.

use bytes::Bytes;
use http_body_util::Full;
use hyper::client::conn::http1::SendRequest;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The bytes under an HTTP/1.1 connection: plain TCP, or TLS over TCP (direct, or inside
/// a proxy's `CONNECT` tunnel).
pub(super) enum Stream {
    Tcp(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

/// The host and port a URI names (brackets of an IPv6 literal removed; the scheme's port
/// when it has none).
pub(super) fn host_port(uri: &http::Uri) -> (&str, u16) {
    let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let default = if uri.scheme() == Some(&http::uri::Scheme::HTTPS) { 443 } else { 80 };
    (host, uri.port_u16().unwrap_or(default))
}

/// A TCP connection to `uri`'s host and port. A name is resolved first (an IP literal is
/// not); its addresses are tried in order, each with an equal share of `timeout` (as
/// hyper-util's connector does), which bounds the lookup too.
pub(super) async fn tcp(uri: &http::Uri, timeout: Option<Duration>) -> io::Result<TcpStream> {
    let (host, port) = host_port(uri);
    if host.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{uri} has no host")));
    }
    let open = async {
        let addrs: Vec<_> =
            tokio::net::lookup_host((host, port)).await.map_err(|e| io::Error::new(e.kind(), format!("cannot resolve {host}: {e}")))?.collect();
        let share = timeout.and_then(|t| t.checked_div(addrs.len().max(1) as u32));
        let mut last = None;
        for addr in &addrs {
            let attempt = super::timed!(share, TcpStream::connect(addr));
            match attempt {
                Some(Ok(tcp)) => {
                    tcp.set_nodelay(true)?;
                    return Ok(tcp);
                }
                Some(Err(e)) => last = Some(io::Error::new(e.kind(), format!("cannot connect to {addr}: {e}"))),
                None => last = Some(timed_out(&format!("no connection to {addr}"), timeout)),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} resolved to no address"))))
    };
    match super::timed!(timeout, open) {
        Some(result) => result,
        None => Err(timed_out(&format!("no connection to {host}:{port}"), timeout)),
    }
}

/// A connect timeout as an I/O error: `what` did not happen within it (retryable, and
/// found by `transport::is_timeout`).
pub(super) fn timed_out(what: &str, timeout: Option<Duration>) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, format!("{what} within the connect timeout of {:?}", timeout.unwrap_or_default()))
}

/// TLS over `tcp` to `uri`'s host, with `config`'s trust roots.
pub(super) async fn tls(tcp: TcpStream, uri: &http::Uri, config: Arc<rustls::ClientConfig>) -> Result<Stream, BoxError> {
    let name = rustls::pki_types::ServerName::try_from(host_port(uri).0.to_owned())?;
    let tls = tokio_rustls::TlsConnector::from(config).connect(name, tcp).await?;
    Ok(Stream::Tls(Box::new(tls)))
}

/// HTTP/1.1 over `stream`, its state machine (hyper's connection "driver") spawned as a
/// task of its own.
///
/// Measured against driving it from the call's task instead (callgrind, `cargo xtask
/// bench`'s consumers): polling it on every poll of the call cost ~4 k instructions per
/// request on a current-thread runtime and saved ~1.4 k on a multi-thread one; polling it
/// only when its own waker fired cost ~2 k and ~5 k more. The spawned task is the cheaper
/// and the simpler.
pub(super) async fn handshake(stream: Stream) -> Result<SendRequest<Full<Bytes>>, BoxError> {
    let (sender, connection) = hyper::client::conn::http1::handshake(stream).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "connection closed with an error");
        }
    });
    Ok(sender)
}

// hyper's I/O traits over tokio's, as hyper-util's `TokioIo` does.

impl Stream {
    fn tokio(self: Pin<&mut Self>) -> Pin<&mut dyn AsyncReadWrite> {
        match self.get_mut() {
            Stream::Tcp(tcp) => Pin::new(tcp),
            Stream::Tls(tls) => Pin::new(&mut **tls),
        }
    }
}

trait AsyncReadWrite: AsyncRead + AsyncWrite + Unpin {}
impl<T: AsyncRead + AsyncWrite + Unpin> AsyncReadWrite for T {}

impl hyper::rt::Read for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, mut buf: hyper::rt::ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        // SAFETY: tokio's `ReadBuf` over the cursor's unfilled bytes only writes initialized
        // bytes and counts them in `filled`, so that many bytes of the cursor are initialized.
        let filled = unsafe {
            let mut tokio_buf = ReadBuf::uninit(buf.as_mut());
            match self.tokio().poll_read(cx, &mut tokio_buf) {
                Poll::Ready(Ok(())) => tokio_buf.filled().len(),
                other => return other,
            }
        };
        // SAFETY: see above; `filled` bytes were written.
        unsafe { buf.advance(filled) };
        Poll::Ready(Ok(()))
    }
}

impl hyper::rt::Write for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.tokio().poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.tokio().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.tokio().poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Tcp(tcp) => tcp.is_write_vectored(),
            Stream::Tls(tls) => tls.is_write_vectored(),
        }
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        self.tokio().poll_write_vectored(cx, bufs)
    }
}
