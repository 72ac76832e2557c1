//! The client: one call is validate → serialize (`json`) → resolve the endpoint once per
//! client (`endpoint`) → the attempt loop (`attempt`: sign, send, classify, back off) →
//! parse (`protocol`).
//!
//! Only the typed ends of a call ([`send`]) are generic; the attempt loop works on bytes
//! and is compiled once for all operations.

use crate::attempt::{Attempts, Destination, Target};
use crate::config::Config;
use crate::endpoint::{self, Endpoint};
use crate::error::{BuildError, RawResponse, SdkError, TimeoutError};
use crate::protocol::{self, Operation};
use crate::transport::timed;
use bytes::Bytes;
use std::convert::Infallible;
use std::sync::Arc;
use tracing::Instrument;

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
    pub(crate) config: Config,
    pub(crate) attempts: Attempts,
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

/// Validate, serialize, call and parse one operation.
/// The input is borrowed: only its JSON and host prefix are needed, so a paginator sends
/// its next page's input without cloning it.
pub(crate) async fn send<O: Operation>(handle: &Handle, input: Result<&O::Input, &BuildError>) -> Result<O::Output, SdkError<O::Error>> {
    let input = input.map_err(|e| SdkError::construction_failure(e.clone()))?;
    let host_prefix = match handle.config.inject_host_prefix {
        true => O::host_prefix(input).map_err(SdkError::construction_failure)?,
        false => None,
    };
    let body = crate::json::to_string(input).into_bytes();
    let call = Call { operation: O::NAME, x_amz_target: O::TARGET, span: O::span, host_prefix, compress: O::REQUEST_COMPRESSION };
    let response = handle.call(call, body).await.map_err(|e| e.map_service_error(|never: Infallible| match never {}))?;
    protocol::parse_response::<O>(response)
}

/// What one call needs from its operation, beside the body.
struct Call {
    operation: &'static str,
    x_amz_target: &'static str,
    span: fn(&str) -> tracing::Span,
    /// From the `endpoint` trait: prepended to the endpoint's host.
    host_prefix: Option<String>,
    /// From the `requestcompression` trait.
    compress: bool,
}

impl Handle {
    fn new(config: Config) -> Self {
        Self { attempts: Attempts::new(&config), imds_region: tokio::sync::OnceCell::new(), destination: tokio::sync::OnceCell::new(), config }
    }

    /// One call: every attempt, bounded by the operation timeout, in the operation's span.
    /// Returns the final response (success or error) or the failure that ended the call.
    async fn call(&self, call: Call, body: Vec<u8>) -> Result<RawResponse, SdkError<Infallible>> {
        let Call { operation, x_amz_target, span, host_prefix, compress } = call;
        let invocation_id = crate::attempt::invocation_id();
        let span = span(std::str::from_utf8(&invocation_id).unwrap_or_default());
        let call_span = span.clone();
        async {
            if let Some(problem) = &self.config.invalid {
                return Err(SdkError::construction_failure(problem.clone()));
            }
            let destination = self
                .destination
                .get_or_try_init(|| async { self.destination(self.region().await.as_deref()) })
                .await
                .map_err(SdkError::construction_failure)?;
            let prefixed;
            let destination = match &host_prefix {
                None => destination,
                Some(prefix) => {
                    prefixed = destination.with_host_prefix(prefix).map_err(SdkError::construction_failure)?;
                    &prefixed
                }
            };
            let c = &self.config;
            let (body, content_encoding) =
                crate::compression::apply(compress, c.disable_request_compression, c.request_min_compression_size_bytes, body);
            let target = Target { destination, x_amz_target: http::HeaderValue::from_static(x_amz_target), invocation_id, content_encoding };
            let body = Bytes::from(body);
            let limit = self.config.timeouts.operation_timeout();
            let result = match timed!(limit, self.attempts.run(&self.config, &target, body)) {
                Some(result) => result,
                None => {
                    Err(SdkError::TimeoutError(TimeoutError::new(format!("{operation} did not complete within the operation timeout of {limit:?}"))))
                }
            };
            // Looked up only for a subscriber that records the span.
            if !call_span.is_disabled() {
                if let Some(id) = result.as_ref().ok().and_then(|r| r.request_id()) {
                    call_span.record("aws.request_id", id);
                }
            }
            result
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
        self.imds_region.get_or_init(|| crate::credentials::imds_region(env)).await.clone()
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
        // awsJson's request URI is `/`, relative to the endpoint's own path: an endpoint
        // URL `https://example.com/custom` gets requests at `/custom/`.
        let with_slash;
        let url = match url.split_once("://").map(|(_, rest)| rest.contains('/')) {
            Some(true) if !url.ends_with('/') => {
                with_slash = format!("{url}/");
                with_slash.as_str()
            }
            _ => url,
        };
        let uri: http::Uri = url.parse().map_err(|e| format!("invalid endpoint URL {url:?}: {e}"))?;
        let host = uri.authority().ok_or_else(|| format!("endpoint URL {url:?} has no host"))?.as_str().parse()?;
        let signing_region = endpoint.signing_region().or(region).ok_or("no region to sign for: set Config::builder().region(...)")?.to_owned();
        tracing::debug!(endpoint = url, region, signing_region, "resolved the endpoint");
        Ok(Destination { signing_name: endpoint.signing_name().unwrap_or(crate::SERVICE.signing_name).to_owned(), uri, host, signing_region })
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;
