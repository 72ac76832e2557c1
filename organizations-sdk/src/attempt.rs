//! The attempt loop of one call: for each attempt, sign the request (fresh time, same
//! invocation id), send it, classify the outcome (success, throttling, transient, not
//! retryable), and back off before the next one under the client's retry quota and, in
//! adaptive mode, its rate limiter. `client` resolves where the call goes; `protocol`
//! parses what comes back.
//!
//! The behaviour is aws-sdk-rust's standard retry strategy as the AWS SDKs and Tools
//! Reference Guide documents it ("Retry behavior",
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>); the
//! details (codes, quota costs, backoff) are in `retry`. Each attempt carries
//! `amz-sdk-invocation-id` (one UUID v4 per call) and `amz-sdk-request: attempt=N; max=M`,
//! set after signing as aws-sdk-rust's interceptors do.

use crate::clock_skew::{self, ClientSkew};
use crate::config::Config;
use crate::credentials::{Credentials, CredentialsCache};
use crate::error::{RawResponse, SdkError, TimeoutError};
use crate::http_client::{ConnectorErrorKind, HttpClient};
use crate::protocol;
use crate::retry::{classify_response, Failure, RateLimiter, RetryMode, RetryQuota};
use crate::signing::{Signer, X_AMZN_TRACE_ID};
use crate::transport::{is_timeout, timed, Transport, TransportError};
use bytes::Bytes;
use http_body_util::Full;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::SystemTime;
use tracing::Instrument;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a client's attempts share: the connection pool, the credentials cache, the retry
/// quota, the rate limiter (adaptive mode), the signer's key cache and the user agent.
pub(crate) struct Attempts {
    /// Where attempts go, or why they cannot go anywhere (an invalid proxy setting).
    connector: Result<Connector, String>,
    credentials: Option<CredentialsCache>,
    quota: RetryQuota,
    limiter: Option<RateLimiter>,
    user_agent: http::HeaderValue,
    signer: Signer,
    /// The service's clock minus ours, learnt from responses.
    pub(crate) skew: ClientSkew,
    /// Running in AWS Lambda (`AWS_LAMBDA_FUNCTION_NAME`, set for the process's life): only
    /// then is the trace id read, per request.
    in_lambda: bool,
}

impl Attempts {
    pub(crate) fn new(config: &Config) -> Self {
        // Built from visible ASCII (the app name is sanitized), so always a valid header.
        let user_agent = http::HeaderValue::from_str(&crate::user_agent::user_agent(config.app_name.as_deref()))
            .unwrap_or_else(|_| http::HeaderValue::from_static("organizations-sdk"));
        Self {
            connector: Connector::of(config),
            credentials: config.credentials.clone().map(CredentialsCache::new),
            quota: RetryQuota::new(),
            limiter: (config.retry.mode() == RetryMode::Adaptive).then(|| RateLimiter::new(config.time_source.now())),
            user_agent,
            signer: Signer::default(),
            skew: ClientSkew::default(),
            in_lambda: config.env.get("AWS_LAMBDA_FUNCTION_NAME").is_some(),
        }
    }

    pub(crate) async fn credentials(&self, config: &Config) -> Result<Credentials, SdkError<Infallible>> {
        match &self.credentials {
            Some(cache) => cache.get(config.time_source.now()).await.map_err(SdkError::construction_failure),
            None => Err(SdkError::construction_failure(
                "no credentials provider is configured: set one with Config::builder().credentials_provider(...) or load the default chain with Config::from_env()",
            )),
        }
    }

    pub(crate) async fn run(&self, config: &Config, target: &Target<'_>, body: Bytes) -> Result<RawResponse, SdkError<Infallible>> {
        let retry = &config.retry;
        let max = retry.max_attempts();
        let connector = self.connector.as_ref().map_err(|e| SdkError::construction_failure(e.clone()))?;
        let mut last_cost = None;
        let mut attempt = 1;
        // The skew this call signs with: the client's, then what each response shows.
        let correct = config.clock_skew_correction;
        let mut skew = if correct { self.skew.get() } else { 0 };
        loop {
            if let Some(limiter) = &self.limiter {
                let wait = limiter.acquire(config.time_source.now());
                if !wait.is_zero() {
                    config.sleep.sleep(wait).await;
                }
            }
            let credentials = self.credentials(config).await?;
            let sent = config.time_source.now();
            let request = self
                .request(config, target, &credentials, &body, amz_sdk_request(attempt, max), clock_skew::apply(sent, skew))
                .map_err(SdkError::construction_failure)?;
            let span = tracing::debug_span!("attempt", attempt, max_attempts = max);
            if config.log_bodies {
                tracing::trace!(parent: &span, body = %String::from_utf8_lossy(&body), "request body");
            }
            let attempt_timeout = config.timeouts.operation_attempt_timeout();
            let send = async { timed!(attempt_timeout, connector.send(request, config.timeouts.read_timeout())) };
            let outcome = send.instrument(span.clone()).await;
            let measured = match (&outcome, correct) {
                (Some(Ok(response)), true) => clock_skew::measure(sent, config.time_source.now(), response.headers()),
                _ => None,
            };
            if let Some(ms) = measured {
                if ms != skew {
                    tracing::debug!(parent: &span, skew_ms = ms, previous_ms = skew, "learnt the service's clock skew from its Date header");
                }
                skew = ms;
                self.skew.set(ms);
            }
            if let (true, Some(Ok(response))) = (config.log_bodies, &outcome) {
                tracing::trace!(parent: &span, body = %String::from_utf8_lossy(response.body()), "response body");
            }
            let (failure, result, retry_after) = match outcome {
                Some(Ok(response)) if response.is_success() => {
                    self.quota.release(last_cost);
                    if let Some(l) = &self.limiter {
                        l.update(config.time_source.now(), false);
                    }
                    return Ok(response);
                }
                Some(Ok(response)) => {
                    let meta = protocol::error_metadata(&response);
                    let mut failure = classify_response(meta.code(), response.status());
                    if failure == Failure::NotRetryable && clock_skew::is_skew_error(meta.code(), measured) {
                        tracing::debug!(parent: &span, code = meta.code(), skew_ms = measured, "a clock skew error: retrying signed with the service's time");
                        failure = Failure::Transient;
                    }
                    let retry_after = response.header("x-amz-retry-after").and_then(|v| v.trim().parse().ok());
                    tracing::debug!(parent: &span, code = meta.code(), status = response.status(), ?failure, "error response");
                    (failure, Ok(response), retry_after)
                }
                None => {
                    let limit = config.timeouts.operation_attempt_timeout();
                    let e = TimeoutError::new(format!("attempt {attempt} did not complete within {limit:?}"));
                    (Failure::Timeout, Err(SdkError::TimeoutError(e)), None)
                }
                Some(Err(e)) => {
                    let (failure, err) = transport_failure(e);
                    tracing::debug!(parent: &span, error = %err, ?failure, "attempt failed");
                    (failure, Err(err), None)
                }
            };
            if let Some(l) = &self.limiter {
                l.update(config.time_source.now(), failure == Failure::Throttling);
            }
            if failure == Failure::NotRetryable {
                tracing::debug!(attempt, "not retrying: the failure is not retryable");
                return result;
            }
            if attempt >= max {
                tracing::debug!(attempt, ?failure, "not retrying: all {max} attempts used");
                return result;
            }
            match self.quota.acquire(failure) {
                Some(cost) => last_cost = Some(cost),
                None => {
                    tracing::debug!(attempt, ?failure, "not retrying: the client's retry quota is exhausted");
                    return result;
                }
            }
            let delay = retry.backoff(attempt, retry_after);
            tracing::debug!(attempt, ?failure, delay_ms = delay.as_millis() as u64, retry_after_ms = retry_after, "retrying");
            config.sleep.sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt's request, signed.
    fn request(
        &self,
        config: &Config,
        target: &Target<'_>,
        credentials: &Credentials,
        body: &Bytes,
        sdk_request: http::HeaderValue,
        signing_time: SystemTime,
    ) -> Result<http::Request<Bytes>, BoxError> {
        use http::header::{HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HOST, USER_AGENT};
        let mut request = http::Request::new(body.clone());
        *request.method_mut() = http::Method::POST;
        let destination = target.destination;
        *request.uri_mut() = destination.uri.clone();
        let headers = request.headers_mut();
        headers.reserve(12);
        headers.insert(HOST, destination.host.clone());
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(crate::SERVICE.content_type));
        headers.insert(X_AMZ_TARGET, target.x_amz_target.clone());
        headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(X_AMZ_USER_AGENT, self.user_agent.clone());
        for name in config.request_headers.keys() {
            if !headers.contains_key(name) {
                for value in config.request_headers.get_all(name) {
                    headers.append(name, value.clone());
                }
            }
        }
        if let Some(encoding) = target.content_encoding {
            // The compression is the last encoding applied: appended to any the caller set.
            let value = match headers.get(CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
                Some(existing) => HeaderValue::from_str(&format!("{existing}, {encoding}"))?,
                None => HeaderValue::from_static(encoding),
            };
            headers.insert(CONTENT_ENCODING, value);
        }
        if let Some(trace_id) = self.in_lambda.then(|| recursion_trace_id(&config.env)).flatten() {
            if !headers.contains_key(X_AMZN_TRACE_ID) {
                headers.insert(X_AMZN_TRACE_ID, trace_id);
            }
        }
        self.signer.sign(&mut request, body, credentials.keys(), &destination.signing_region, &destination.signing_name, signing_time)?;
        // Added after signing, as aws-sdk-rust does (its interceptors set them just before
        // transmit): they describe the attempt, not the request.
        let headers = request.headers_mut();
        headers.insert(AMZ_SDK_INVOCATION_ID, http::HeaderValue::from_bytes(&target.invocation_id).expect("hex digits and dashes"));
        headers.insert(AMZ_SDK_REQUEST, sdk_request);
        Ok(request)
    }
}

// Header names checked at compile time rather than on every request.
const X_AMZ_TARGET: http::HeaderName = http::HeaderName::from_static("x-amz-target");
const X_AMZ_USER_AGENT: http::HeaderName = http::HeaderName::from_static("x-amz-user-agent");
const AMZ_SDK_INVOCATION_ID: http::HeaderName = http::HeaderName::from_static("amz-sdk-invocation-id");
const AMZ_SDK_REQUEST: http::HeaderName = http::HeaderName::from_static("amz-sdk-request");

/// Recursion detection (the `recursion-detection.json` suite of the `aws-runtime` crate): in
/// a Lambda function (`AWS_LAMBDA_FUNCTION_NAME` set), the invocation's `_X_AMZN_TRACE_ID`
/// goes out as `X-Amzn-Trace-Id`, so that AWS can stop a function that triggers itself. Read
/// on every request in Lambda, since Lambda sets a new trace id for each invocation; control
/// characters and non-ASCII bytes are percent-encoded so any value is a valid header.
fn recursion_trace_id(env: &crate::settings::Env) -> Option<http::HeaderValue> {
    let raw = env.get("_X_AMZN_TRACE_ID")?;
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_control() || !b.is_ascii() {
            for c in [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]] {
                encoded.push(char::from(c));
            }
        } else {
            encoded.push(char::from(b));
        }
    }
    http::HeaderValue::from_str(&encoded).ok()
}

/// Where calls go and how they are signed, worked out once per client.
pub(crate) struct Destination {
    pub(crate) uri: http::Uri,
    pub(crate) host: http::HeaderValue,
    pub(crate) signing_region: String,
    pub(crate) signing_name: String,
}

impl Destination {
    /// The same destination on the host `prefix` + host (the `endpoint` trait's
    /// `hostPrefix`, e.g. `foo.bar.` for `foo.bar.example.com`).
    pub(crate) fn with_host_prefix(&self, prefix: &str) -> Result<Destination, BoxError> {
        let mut parts = self.uri.clone().into_parts();
        let authority = parts.authority.as_ref().ok_or("the endpoint URL has no host")?;
        let authority: http::uri::Authority = format!("{prefix}{authority}").parse()?;
        let host = http::HeaderValue::from_str(authority.as_str())?;
        parts.authority = Some(authority);
        Ok(Destination {
            uri: http::Uri::from_parts(parts)?,
            host,
            signing_region: self.signing_region.clone(),
            signing_name: self.signing_name.clone(),
        })
    }
}

/// What stays the same across one call's attempts.
pub(crate) struct Target<'a> {
    pub(crate) destination: &'a Destination,
    pub(crate) x_amz_target: http::HeaderValue,
    /// `amz-sdk-invocation-id`: one per call, the same on every attempt. Kept as text, and
    /// made a header value per attempt: cloning a fresh `HeaderValue` allocates as much as
    /// making one.
    pub(crate) invocation_id: [u8; 36],
    /// The encoding the body was compressed with (`gzip`), to add to `Content-Encoding`.
    pub(crate) content_encoding: Option<&'static str>,
}

/// Where attempts go: the built-in transport, or the configured [`HttpClient`].
enum Connector {
    Http(Transport),
    Custom(Arc<dyn HttpClient>),
}

impl Connector {
    fn of(config: &Config) -> Result<Self, String> {
        if let Some(client) = &config.http_client {
            return Ok(Connector::Custom(client.clone()));
        }
        let proxies = config.proxy.resolve(&|k| crate::settings::Env::default().get(k))?;
        Ok(Connector::Http(Transport::new(config.timeouts.connect_timeout(), &config.roots, proxies)))
    }

    async fn send(&self, request: http::Request<Bytes>, read: Option<std::time::Duration>) -> Result<RawResponse, TransportError> {
        match self {
            Connector::Http(transport) => transport.send(request.map(Full::new), read).await,
            Connector::Custom(client) => match client.send(request).await {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    Ok(RawResponse::new(parts.status.as_u16(), parts.headers, body))
                }
                Err(e) => Err(match e.kind() {
                    ConnectorErrorKind::Timeout => TransportError::Timeout(e.to_string()),
                    ConnectorErrorKind::Io => TransportError::Dispatch(e.into_source()),
                    _ => TransportError::Refused(e.to_string()),
                }),
            },
        }
    }
}

fn transport_failure(e: TransportError) -> (Failure, SdkError<Infallible>) {
    use crate::error::{DispatchFailure, ResponseError};
    match e {
        TransportError::Timeout(msg) => (Failure::Timeout, SdkError::TimeoutError(TimeoutError::new(msg))),
        TransportError::Dispatch(e) if is_timeout(e.as_ref()) => {
            (Failure::Timeout, SdkError::TimeoutError(TimeoutError::new(format!("connect timeout: {e}"))))
        }
        TransportError::Dispatch(e) => (Failure::Transient, SdkError::DispatchFailure(DispatchFailure::new(e))),
        TransportError::Refused(message) => (Failure::NotRetryable, SdkError::DispatchFailure(DispatchFailure::new(message))),
        TransportError::Config(message) => (Failure::NotRetryable, SdkError::construction_failure(message)),
        TransportError::Body { message, raw, retryable } => {
            let failure = if retryable { Failure::Transient } else { Failure::NotRetryable };
            (failure, SdkError::ResponseError(ResponseError::new(message, raw)))
        }
    }
}

/// A random (version 4) UUID for `amz-sdk-invocation-id`.
pub(crate) fn invocation_id() -> [u8; 36] {
    crate::random::uuid_v4()
}

/// `amz-sdk-request: attempt=1; max=3` (itoa rather than `format!`: this is per attempt).
fn amz_sdk_request(attempt: u32, max: u32) -> http::HeaderValue {
    let (mut a, mut m) = (itoa::Buffer::new(), itoa::Buffer::new());
    // Written on the stack; the header value copies it once.
    let mut text = [0u8; 36];
    let mut len = 0;
    for part in [&b"attempt="[..], a.format(attempt).as_bytes(), b"; max=", m.format(max).as_bytes()] {
        text[len..len + part.len()].copy_from_slice(part);
        len += part.len();
    }
    http::HeaderValue::from_bytes(&text[..len]).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    #[test]
    fn invocation_ids_are_random_version_4_uuids() {
        let (a, b) = (super::invocation_id(), super::invocation_id());
        assert_ne!(a, b);
        for id in [a, b] {
            let id = std::str::from_utf8(&id).unwrap();
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
            assert!(id.bytes().all(|c| c == b'-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{id}");
            assert_eq!(&id[14..15], "4", "version nibble: {id}");
            assert!("89ab".contains(&id[19..20]), "variant: {id}");
        }
    }

    #[test]
    fn amz_sdk_request_header() {
        assert_eq!(super::amz_sdk_request(1, 3), "attempt=1; max=3");
        assert_eq!(super::amz_sdk_request(10, 4_294_967_295), "attempt=10; max=4294967295");
    }
}
