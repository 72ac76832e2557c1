//! One HTTP exchange for the credential providers (metadata endpoints, STS, the SSO
//! portal) on the SDK's transport, bounded in time, with errors as text for the provider's
//! message.

use crate::transport::{with_timeout, RawResponse, Transport};
use bytes::Bytes;
use http_body_util::Full;
use std::time::Duration;

/// Send `request`; `read` bounds each wait for data, `limit` the whole exchange.
pub(crate) async fn send(
    transport: &Transport,
    request: http::Request<Full<Bytes>>,
    read: Option<Duration>,
    limit: Duration,
) -> Result<RawResponse, String> {
    let url = request.uri().to_string();
    match with_timeout(Some(limit), transport.send(request, read)).await {
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
