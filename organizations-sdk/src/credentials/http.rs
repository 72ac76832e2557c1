//! One HTTP exchange for the credential providers (metadata endpoints, STS, the SSO
//! portal) on the SDK's transport, bounded in time, with errors as text for the provider's
//! message.

use crate::error::RawResponse;
use crate::transport::proxy::ProxyConfig;
use crate::transport::{timed, Roots, Transport, DEFAULT_CONNECT_TIMEOUT};
use bytes::Bytes;
use http_body_util::Full;
use std::sync::OnceLock;
use std::time::Duration;

/// Connect timeout for IMDS (1 s, as aws-config's IMDS client sets it).
pub(crate) const IMDS_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// The providers' HTTP clients, made on first use and kept by the credentials chain (so a
/// refresh reuses connections and the TLS setup instead of building them again).
pub(crate) struct Transports {
    /// The proxy for calls to AWS; metadata endpoints are always reached directly.
    proxy: ProxyConfig,
    aws: OnceLock<Result<Transport, String>>,
    container: OnceLock<Transport>,
    imds: OnceLock<Transport>,
}

impl std::fmt::Debug for Transports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Transports")
    }
}

impl Transports {
    pub(crate) fn new(proxy: ProxyConfig) -> Self {
        Self { proxy, aws: OnceLock::new(), container: OnceLock::new(), imds: OnceLock::new() }
    }

    /// HTTPS to AWS (STS, the SSO portal, SSO-OIDC) through the chain's proxy, trusting
    /// `roots` (the chain's CA bundle setting, the same for every call of one chain). An
    /// invalid proxy setting is the error.
    pub(crate) fn aws(&self, roots: &Roots) -> Result<&Transport, String> {
        let made = self.aws.get_or_init(|| {
            Ok(Transport::new(Some(DEFAULT_CONNECT_TIMEOUT), roots, self.proxy.resolve(&|k| crate::settings::Env::default().get(k))?))
        });
        made.as_ref().map_err(Clone::clone)
    }

    /// The container credentials endpoint (connect timeout 2 s, as aws-config's
    /// `ecs` provider sets it).
    pub(crate) fn container(&self) -> &Transport {
        self.container.get_or_init(|| Transport::new(Some(Duration::from_secs(2)), &Roots::Mozilla, None))
    }

    /// IMDS (connect timeout 1 s).
    pub(crate) fn imds(&self) -> &Transport {
        self.imds.get_or_init(|| Transport::new(Some(IMDS_CONNECT_TIMEOUT), &Roots::Mozilla, None))
    }
}

/// Send `request`; `read` bounds each wait for data, `limit` the whole exchange.
pub(crate) async fn send(
    transport: &Transport,
    request: http::Request<Full<Bytes>>,
    read: Option<Duration>,
    limit: Duration,
) -> Result<RawResponse, String> {
    let url = request.uri().to_string();
    match timed!(Some(limit), transport.send(request, read)) {
        None => Err(format!("{url} timed out")),
        Some(Err(e)) => Err(format!("{url}: {e}")),
        Some(Ok(r)) => Ok(r),
    }
}

/// A bodiless request (`GET`/`PUT`) to `url` with `headers`.
pub(crate) async fn call(
    transport: &Transport,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    read: Duration,
    limit: Duration,
) -> Result<RawResponse, String> {
    let mut request = http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let request = request.body(Full::new(Bytes::new())).map_err(|e| format!("invalid request to {url}: {e}"))?;
    send(transport, request, Some(read), limit).await
}
