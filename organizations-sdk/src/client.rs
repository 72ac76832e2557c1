//! The client and the call pipeline: endpoint → credentials → sign → send → retry → parse.
//!
//! Only the typed ends of a call ([`send`]) are generic; the attempt loop works on bytes
//! and is compiled once for all 63 operations.

use crate::config::Config;
use crate::credentials::{Credentials, CredentialsCache};
use crate::endpoint::{self, Endpoint};
use crate::error::{BuildError, SdkError, TimeoutError};
use crate::json::{ReadJson, WriteJson};
use crate::protocol::{self, OperationError, OperationOutput};
use crate::retry::{classify_response, Failure, RateLimiter, RetryMode, RetryQuota};
use crate::transport::{with_timeout, RawResponse, Transport, TransportError};
use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;
use tracing::Instrument;

/// What the generated code says about each operation.
pub(crate) trait Operation: 'static {
    /// The wire name, e.g. `ListAccounts`.
    const NAME: &'static str;
    /// The `X-Amz-Target` header: the service's target prefix, a dot, then `NAME`.
    const TARGET: &'static str;
    /// Whether the model defines an output (an empty body is accepted when it does not).
    const HAS_OUTPUT: bool;
    type Input: WriteJson + Clone + Send + Sync + 'static;
    type Output: ReadJson + OperationOutput + Send + 'static;
    type Error: OperationError + Send + 'static;
}

/// Client for AWS Organizations. Cheap to clone: clones share the connection pool, the
/// credentials cache and the retry quota.
///
/// Every operation is a method returning a fluent builder:
/// `client.list_accounts().max_results(5).send().await`.
#[derive(Clone, Debug)]
pub struct Client {
    handle: Arc<Handle>,
}

impl Client {
    /// A client for this configuration.
    pub fn from_conf(config: Config) -> Self {
        Self { handle: Arc::new(Handle::new(config)) }
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.handle.config
    }

    pub(crate) fn handle(&self) -> Arc<Handle> {
        self.handle.clone()
    }
}

/// The state shared by a client's clones.
pub(crate) struct Handle {
    config: Config,
    transport: Transport,
    credentials: Option<CredentialsCache>,
    quota: RetryQuota,
    limiter: Option<RateLimiter>,
    user_agent: http::HeaderValue,
    signer: crate::signing::Signer,
    /// The region IMDS reported, looked up once when the configuration has none.
    imds_region: tokio::sync::OnceCell<Option<String>>,
    /// Where calls go and how they are signed: the same for every call, so resolved once.
    destination: tokio::sync::OnceCell<Destination>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("config", &self.config).finish_non_exhaustive()
    }
}

/// Type a call's untyped failures carry until the operation's error type is known.
#[derive(Debug)]
pub(crate) enum Never {}

impl std::fmt::Display for Never {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

/// Validate, serialize, call and parse one operation.
pub(crate) async fn send<O: Operation>(
    handle: &Handle,
    input: Result<O::Input, BuildError>,
) -> Result<O::Output, SdkError<O::Error>> {
    let input = input.map_err(SdkError::construction_failure)?;
    let body = crate::json::to_string(&input).into_bytes();
    let response = handle.call(O::NAME, O::TARGET, body).await.map_err(|e| e.map_service_error(|n: Never| match n {}))?;
    protocol::parse_response::<O>(response)
}

impl Handle {
    fn new(config: Config) -> Self {
        let credentials = config.credentials.clone().map(CredentialsCache::new);
        let limiter = (config.retry.mode() == RetryMode::Adaptive).then(RateLimiter::new);
        // Built from visible ASCII (the app name is sanitized), so always a valid header.
        let user_agent = http::HeaderValue::from_str(&crate::user_agent::user_agent(config.app_name.as_deref()))
            .unwrap_or_else(|_| http::HeaderValue::from_static("organizations-sdk"));
        Self {
            transport: Transport::new(config.timeouts.connect_timeout(), &config.roots),
            credentials,
            quota: RetryQuota::new(),
            limiter,
            user_agent,
            signer: crate::signing::Signer::default(),
            imds_region: tokio::sync::OnceCell::new(),
            destination: tokio::sync::OnceCell::new(),
            config,
        }
    }

    /// One call: every attempt, bounded by the operation timeout. Returns the final
    /// response (success or error) or the failure that ended the call.
    async fn call(&self, operation: &'static str, x_amz_target: &'static str, body: Vec<u8>) -> Result<RawResponse, SdkError<Never>> {
        let span = tracing::debug_span!("call", service = "Organizations", operation);
        async {
            if let Some(problem) = &self.config.invalid {
                return Err(SdkError::construction_failure(problem.clone()));
            }
            let destination = self
                .destination
                .get_or_try_init(|| async { self.destination(self.region().await.as_deref()) })
                .await
                .map_err(SdkError::construction_failure)?;
            let target = Target { destination, x_amz_target: http::HeaderValue::from_static(x_amz_target) };
            let body = Bytes::from(body);
            let limit = self.config.timeouts.operation_timeout();
            match with_timeout(limit, self.attempts(&target, body)).await {
                Some(result) => result,
                None => Err(SdkError::TimeoutError(TimeoutError::new(format!(
                    "{operation} did not complete within the operation timeout of {limit:?}"
                )))),
            }
        }
        .instrument(span)
        .await
    }

    /// The configured region, else (for `Config::from_env`) the one IMDS reports.
    async fn region(&self) -> Option<String> {
        if let Some(r) = &self.config.region {
            return Some(r.as_ref().to_owned());
        }
        let env = self.config.region_from_imds.as_ref()?;
        self.imds_region
            .get_or_init(|| async {
                let mut imds = crate::credentials::Imds::new(env)?;
                let region = imds.get("/latest/meta-data/placement/region").await;
                region.ok().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty())
            })
            .await
            .clone()
    }

    fn endpoint(&self, region: Option<&str>) -> Result<Endpoint, endpoint::ResolveEndpointError> {
        let c = &self.config;
        let mut params = endpoint::Params::builder().use_fips(c.use_fips).use_dual_stack(c.use_dual_stack);
        if let Some(region) = region {
            params = params.region(region);
        }
        if let Some(url) = &c.endpoint_url {
            params = params.endpoint(url.clone());
        }
        let mut resolved = endpoint::resolve(&params.build()?)?;
        if let Some(redirect) = &c.redirect_to {
            resolved = resolved.with_url(redirect.clone());
        }
        Ok(resolved)
    }

    /// Where calls go and how they are signed.
    fn destination(&self, region: Option<&str>) -> Result<Destination, BoxError> {
        let endpoint = self.endpoint(region)?;
        let url = endpoint.url();
        let uri: http::Uri = url.parse().map_err(|e| format!("invalid endpoint URL {url:?}: {e}"))?;
        let host = uri.authority().ok_or_else(|| format!("endpoint URL {url:?} has no host"))?.as_str().parse()?;
        let signing_region = endpoint
            .signing_region()
            .or(region)
            .ok_or("no region to sign for: set Config::builder().region(...)")?
            .to_owned();
        Ok(Destination {
            signing_name: endpoint.signing_name().unwrap_or(crate::generated::SIGNING_NAME).to_owned(),
            uri,
            host,
            signing_region,
        })
    }

    async fn credentials(&self) -> Result<Credentials, SdkError<Never>> {
        match &self.credentials {
            Some(cache) => cache.get(self.config.time_source.now()).await.map_err(SdkError::construction_failure),
            None => Err(SdkError::construction_failure(
                "no credentials provider is configured: set one with Config::builder().credentials_provider(...) or load the default chain with Config::from_env()",
            )),
        }
    }

    async fn attempts(&self, target: &Target<'_>, body: Bytes) -> Result<RawResponse, SdkError<Never>> {
        let retry = &self.config.retry;
        let max = retry.max_attempts();
        let invocation_id = invocation_id();
        let mut last_cost = None;
        let mut attempt = 1;
        loop {
            if let Some(limiter) = &self.limiter {
                let wait = limiter.acquire();
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
            }
            let credentials = self.credentials().await?;
            let request = self
                .request(target, &credentials, &body, &invocation_id, attempt, max)
                .map_err(SdkError::construction_failure)?;
            let span = tracing::debug_span!("attempt", attempt);
            let outcome = with_timeout(
                self.config.timeouts.operation_attempt_timeout(),
                self.transport.send(request, self.config.timeouts.read_timeout()),
            )
            .instrument(span)
            .await;
            let (failure, result, retry_after) = match outcome {
                Some(Ok(response)) if response.is_success() => {
                    self.quota.release(last_cost);
                    if let Some(l) = &self.limiter {
                        l.update(false);
                    }
                    return Ok(response);
                }
                Some(Ok(response)) => {
                    let meta = protocol::error_metadata(&response);
                    let failure = classify_response(meta.code(), response.status());
                    let retry_after = response.header("x-amz-retry-after").and_then(|v| v.trim().parse().ok());
                    tracing::debug!(code = meta.code(), status = response.status(), ?failure, "error response");
                    (failure, Ok(response), retry_after)
                }
                None => {
                    let limit = self.config.timeouts.operation_attempt_timeout();
                    let e = TimeoutError::new(format!("attempt {attempt} did not complete within {limit:?}"));
                    (Failure::Timeout, Err(SdkError::TimeoutError(e)), None)
                }
                Some(Err(e)) => {
                    let (failure, err) = transport_failure(e);
                    tracing::debug!(error = %err, ?failure, "attempt failed");
                    (failure, Err(err), None)
                }
            };
            if let Some(l) = &self.limiter {
                l.update(failure == Failure::Throttling);
            }
            if failure == Failure::NotRetryable || attempt >= max {
                return result;
            }
            match self.quota.acquire(failure) {
                Some(cost) => last_cost = Some(cost),
                None => {
                    tracing::debug!("retry quota exhausted");
                    return result;
                }
            }
            tokio::time::sleep(retry.backoff(attempt, retry_after)).await;
            attempt += 1;
        }
    }

    /// One attempt's request, signed.
    fn request(
        &self,
        target: &Target<'_>,
        credentials: &Credentials,
        body: &Bytes,
        invocation_id: &http::HeaderValue,
        attempt: u32,
        max: u32,
    ) -> Result<http::Request<Full<Bytes>>, BoxError> {
        use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST, USER_AGENT};
        let mut request = http::Request::new(Full::new(body.clone()));
        *request.method_mut() = http::Method::POST;
        let destination = target.destination;
        *request.uri_mut() = destination.uri.clone();
        let headers = request.headers_mut();
        headers.reserve(12);
        headers.insert(HOST, destination.host.clone());
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(protocol::CONTENT_TYPE));
        headers.insert(X_AMZ_TARGET, target.x_amz_target.clone());
        headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(X_AMZ_USER_AGENT, self.user_agent.clone());
        let now = self.config.time_source.now();
        self.signer.sign(&mut request, body, credentials, &destination.signing_region, &destination.signing_name, now)?;
        // Added after signing, as aws-sdk-rust does (its interceptors set them just before
        // transmit): they describe the attempt, not the request.
        let headers = request.headers_mut();
        headers.insert(AMZ_SDK_INVOCATION_ID, invocation_id.clone());
        headers.insert(AMZ_SDK_REQUEST, amz_sdk_request(attempt, max));
        Ok(request)
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

// Header names checked at compile time rather than on every request.
const X_AMZ_TARGET: http::HeaderName = http::HeaderName::from_static("x-amz-target");
const X_AMZ_USER_AGENT: http::HeaderName = http::HeaderName::from_static("x-amz-user-agent");
const AMZ_SDK_INVOCATION_ID: http::HeaderName = http::HeaderName::from_static("amz-sdk-invocation-id");
const AMZ_SDK_REQUEST: http::HeaderName = http::HeaderName::from_static("amz-sdk-request");

/// Where calls go and how they are signed, worked out once per client.
struct Destination {
    uri: http::Uri,
    host: http::HeaderValue,
    signing_region: String,
    signing_name: String,
}

/// What stays the same across one call's attempts.
struct Target<'a> {
    destination: &'a Destination,
    x_amz_target: http::HeaderValue,
}

fn transport_failure(e: TransportError) -> (Failure, SdkError<Never>) {
    use crate::error::{DispatchFailure, ResponseError};
    match e {
        TransportError::Timeout(msg) => (Failure::Timeout, SdkError::TimeoutError(TimeoutError::new(msg))),
        TransportError::Dispatch(e) if is_timeout(e.as_ref()) => {
            (Failure::Timeout, SdkError::TimeoutError(TimeoutError::new(format!("connect timeout: {e}"))))
        }
        TransportError::Dispatch(e) => (Failure::Transient, SdkError::DispatchFailure(DispatchFailure::new(e))),
        TransportError::Body { message, raw, retryable } => {
            let failure = if retryable { Failure::Transient } else { Failure::NotRetryable };
            (failure, SdkError::ResponseError(ResponseError::new(message, raw)))
        }
    }
}

fn is_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
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

/// A random (version 4) UUID for `amz-sdk-invocation-id`.
fn invocation_id() -> http::HeaderValue {
    http::HeaderValue::from_bytes(&crate::random::uuid_v4()).expect("hex digits and dashes")
}

/// `amz-sdk-request: attempt=1; max=3` (itoa rather than `format!`: this is per attempt).
fn amz_sdk_request(attempt: u32, max: u32) -> http::HeaderValue {
    let (mut a, mut m) = (itoa::Buffer::new(), itoa::Buffer::new());
    let text = ["attempt=", a.format(attempt), "; max=", m.format(max)].concat();
    http::HeaderValue::from_maybe_shared(Bytes::from(text)).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    #[test]
    fn invocation_ids_are_random_version_4_uuids() {
        let (a, b) = (super::invocation_id(), super::invocation_id());
        assert_ne!(a, b);
        for id in [a, b] {
            let id = id.to_str().unwrap();
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
