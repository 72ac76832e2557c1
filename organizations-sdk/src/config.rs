//! Client configuration: region, credentials, endpoint, retries, timeouts, proxy.

use crate::credentials::{ProvideCredentials, SharedCredentialsProvider};
use crate::http_client::HttpClient;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use crate::retry::{RetryConfig, RetryMode};
pub use crate::time::{AsyncSleep, StaticTimeSource, SystemTimeSource, TimeSource, TokioSleep};
pub use crate::transport::proxy::ProxyConfig;

/// An AWS region name, e.g. `us-east-1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region by name.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self(name.into())
    }
    /// A region from a `&'static str`, usable in `const` contexts.
    pub const fn from_static(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Timeouts; all unset except connect (3.1 s), as in aws-sdk-rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    read: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self { connect: Some(crate::transport::DEFAULT_CONNECT_TIMEOUT), read: None, attempt: None, operation: None }
    }
}

impl TimeoutConfig {
    /// No timeouts at all, not even the connect timeout.
    pub fn disabled() -> Self {
        Self { connect: None, read: None, attempt: None, operation: None }
    }
    /// A builder starting from the defaults.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder(Self::default())
    }
    /// Time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }
    /// Time allowed for the response headers and between chunks of the body.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.read
    }
    /// Time allowed for one attempt (retried when it elapses).
    pub fn operation_attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }
    /// Time allowed for the whole call, retries included.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}

/// Builder for [`TimeoutConfig`].
#[derive(Clone, Debug)]
pub struct TimeoutConfigBuilder(TimeoutConfig);

impl TimeoutConfigBuilder {
    /// Time allowed to establish a connection (default 3.1 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.0.connect = Some(d);
        self
    }
    /// Time allowed for the response headers and between chunks of the body.
    pub fn read_timeout(mut self, d: Duration) -> Self {
        self.0.read = Some(d);
        self
    }
    /// Time allowed for one attempt; an attempt that times out is retried.
    pub fn operation_attempt_timeout(mut self, d: Duration) -> Self {
        self.0.attempt = Some(d);
        self
    }
    /// Time allowed for the whole call, retries included.
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.0.operation = Some(d);
        self
    }
    /// Builds the configuration.
    pub fn build(self) -> TimeoutConfig {
        self.0
    }
}

/// Everything a [`crate::Client`] needs. Build with [`Config::builder`], or load from the
/// environment with [`Config::from_env`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<Region>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) app_name: Option<String>,
    pub(crate) time_source: Arc<dyn TimeSource>,
    pub(crate) sleep: Arc<dyn AsyncSleep>,
    /// Sends the attempts instead of the built-in transport.
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
    /// Learn the service's clock from `Date` and sign with it.
    pub(crate) clock_skew_correction: bool,
    /// Added to every request before signing (never replacing one the SDK sets).
    pub(crate) request_headers: http::HeaderMap,
    /// Where per-request settings come from (the Lambda trace id).
    pub(crate) env: crate::settings::Env,
    /// Prepend the `endpoint` trait's host prefix to the endpoint's host.
    pub(crate) inject_host_prefix: bool,
    /// See `compression`.
    pub(crate) disable_request_compression: bool,
    pub(crate) request_min_compression_size_bytes: u32,
    pub(crate) redirect_to: Option<String>,
    pub(crate) roots: crate::transport::Roots,
    pub(crate) proxy: ProxyConfig,
    /// Request and response bodies in TRACE events (off: they may hold account data).
    pub(crate) log_bodies: bool,
    /// Set by `from_env` when no region was configured: ask IMDS on the first call.
    pub(crate) region_from_imds: Option<crate::settings::Env>,
    /// An invalid setting found by `from_env`, reported by every call.
    pub(crate) invalid: Option<String>,
}

impl Config {
    /// A builder with nothing set: no region, no credentials, standard retries.
    pub fn builder() -> Builder {
        Builder(Config {
            region: None,
            endpoint_url: None,
            use_fips: false,
            use_dual_stack: false,
            credentials: None,
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::default(),
            app_name: None,
            time_source: Arc::new(SystemTimeSource),
            sleep: Arc::new(TokioSleep),
            http_client: None,
            clock_skew_correction: true,
            request_headers: http::HeaderMap::new(),
            env: Default::default(),
            inject_host_prefix: true,
            disable_request_compression: false,
            request_min_compression_size_bytes: crate::compression::DEFAULT_MIN_SIZE,
            redirect_to: None,
            roots: Default::default(),
            proxy: ProxyConfig::from_env(),
            log_bodies: false,
            region_from_imds: None,
            invalid: None,
        })
    }
    /// A builder holding this configuration, to change a copy of it.
    pub fn to_builder(&self) -> Builder {
        Builder(self.clone())
    }
    /// The configured region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }
    /// The custom endpoint URL, if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }
    /// Whether FIPS endpoints are used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }
    /// Whether dual-stack endpoints are used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }
    /// The retry configuration.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }
    /// The timeout configuration.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }
    /// The application name sent in the user agent (`app/<name>`).
    pub fn app_name(&self) -> Option<&str> {
        self.app_name.as_deref()
    }
    /// Which requests go through a forward proxy.
    pub fn proxy_config(&self) -> &ProxyConfig {
        &self.proxy
    }
}

impl Config {
    /// Configuration from the environment, as every AWS SDK reads it: region, credentials
    /// (the default chain, fetched lazily on the first request and cached), retry and
    /// endpoint settings, from environment variables and `~/.aws/config` /
    /// `~/.aws/credentials`. Never touches the network.
    pub async fn from_env() -> Config {
        Self::from_env_with(|loader| loader).await
    }

    /// [`Config::from_env`] with adjustments, e.g. `|l| l.profile_name("dev")`.
    pub async fn from_env_with(adjust: impl FnOnce(ConfigLoader) -> ConfigLoader) -> Config {
        adjust(ConfigLoader::default()).load()
    }
}

/// Options for [`Config::from_env_with`].
#[derive(Clone, Debug, Default)]
pub struct ConfigLoader {
    profile_name: Option<String>,
    env: crate::settings::Env,
    proxy: Option<ProxyConfig>,
    ignore_configured_endpoint_urls: bool,
    time_source: Option<Arc<dyn TimeSource>>,
}

impl ConfigLoader {
    /// Use this profile instead of `AWS_PROFILE` / `default`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Read settings from these variables instead of the process environment.
    pub fn env<K: Into<String>, V: Into<String>>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self {
        self.env = crate::settings::Env::fixed(vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
        self
    }

    /// Use this proxy setting for the service and for the credential providers' calls to
    /// STS and the SSO portal, instead of the environment's.
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Read the time from this clock, for the client and for the credential providers
    /// (SSO token expiry, the signatures of their STS calls), instead of the system clock.
    pub fn time_source(mut self, source: impl TimeSource + 'static) -> Self {
        self.time_source = Some(Arc::new(source));
        self
    }

    /// Ignore the endpoint URLs configured in the environment (`AWS_ENDPOINT_URL`,
    /// `AWS_ENDPOINT_URL_ORGANIZATIONS`) and the profile (`endpoint_url`, `[services]`), as
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` does; an endpoint URL set in code with
    /// [`Builder::endpoint_url`] still applies.
    pub fn ignore_configured_endpoint_urls(mut self, ignore: bool) -> Self {
        self.ignore_configured_endpoint_urls = ignore;
        self
    }

    /// The endpoint URL configured for a service (`service_key` as in a `[services]`
    /// section, `env_id` as in `AWS_ENDPOINT_URL_<ID>`), with this loader's settings.
    pub(crate) fn configured_endpoint_url(&self, profiles: &crate::settings::ProfileSet, service_key: &str, env_id: &str) -> Option<String> {
        let empty = crate::settings::Profile::new();
        let profile = profiles.selected().unwrap_or(&empty);
        if self.ignore_configured_endpoint_urls {
            return None;
        }
        crate::settings::configured_endpoint(&self.env, profiles, profile, service_key, env_id)
    }

    /// The profile files as this loader finds them (empty when malformed: the credentials
    /// chain reports the error, naming the file and line, when credentials are first needed).
    pub(crate) fn profiles(&self) -> crate::settings::ProfileSet {
        crate::settings::ProfileSet::load(&|k| self.env.get(k), self.profile_name.as_deref()).unwrap_or_default()
    }

    fn load(self) -> Config {
        use crate::settings::{region, trust_roots, Profile};
        let env = &self.env;
        let profiles = self.profiles();
        let empty = Profile::new();
        let profile = profiles.selected().unwrap_or(&empty);
        let setting = |var: &str, key: &str| env.get(var).or_else(|| profile.get(key).cloned());
        let flag = |var: &str, key: &str| setting(var, key).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let proxy = self.proxy.clone().unwrap_or_else(|| ProxyConfig::from_vars(&|k| env.get(k)));
        let clock = self.time_source.clone().unwrap_or_else(|| Arc::new(SystemTimeSource));

        let mut b = Config::builder()
            .set_region(region(env, profile).map(Region::new))
            .use_fips(flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"))
            .use_dual_stack(flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"))
            .set_endpoint_url(self.configured_endpoint_url(&profiles, "organizations", "ORGANIZATIONS"))
            .credentials_provider(crate::credentials::DefaultCredentialsChain::new(
                env.clone(),
                self.profile_name.clone(),
                proxy.clone(),
                clock.clone(),
            ))
            .proxy(proxy);
        b.0.time_source = clock;
        let mut invalid = None;
        let mut retry = match setting("AWS_RETRY_MODE", "retry_mode").as_deref().map(str::trim) {
            None | Some("standard") => RetryConfig::standard(),
            Some("adaptive") => RetryConfig::adaptive(),
            Some(other) => {
                invalid = Some(format!("invalid retry mode {other:?} (AWS_RETRY_MODE / retry_mode): expected `standard` or `adaptive`"));
                RetryConfig::standard()
            }
        };
        if let Some(text) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            match text.trim().parse::<u32>() {
                Ok(n) if n > 0 => retry = retry.with_max_attempts(n),
                _ => {
                    invalid = Some(format!("invalid max attempts {text:?} (AWS_MAX_ATTEMPTS / max_attempts): expected a whole number of at least 1"))
                }
            }
        }
        b = b.retry_config(retry);
        b = b.disable_request_compression(flag("AWS_DISABLE_REQUEST_COMPRESSION", "disable_request_compression"));
        if let Some(text) = setting("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "request_min_compression_size_bytes") {
            match text.trim().parse::<u32>() {
                Ok(n) if n <= crate::compression::MAX_MIN_SIZE => b = b.request_min_compression_size_bytes(n),
                _ => {
                    invalid = Some(format!(
                        "invalid minimum compression size {text:?} (AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES / request_min_compression_size_bytes): expected a whole number from 0 to {}",
                        crate::compression::MAX_MIN_SIZE
                    ))
                }
            }
        }
        if let Some(app) = setting("AWS_SDK_UA_APP_ID", "sdk_ua_app_id") {
            b = b.app_name(app);
        }
        b.0.roots = trust_roots(env, profile);
        let mut config = b.build();
        config.invalid = invalid;
        config.env = env.clone();
        if config.region.is_none() {
            // The last link of the region chain needs the network: deferred to the first call.
            config.region_from_imds = Some(env.clone());
        }
        config
    }
}

/// Builder for [`Config`].
#[derive(Clone, Debug)]
pub struct Builder(Config);

impl Builder {
    /// The region (`us-east-1`): decides the partition and so the endpoint.
    pub fn region(mut self, region: Region) -> Self {
        self.0.region_from_imds = None;
        self.0.region = Some(region);
        self
    }
    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<Region>) -> Self {
        self.0.region_from_imds = None;
        self.0.region = region;
        self
    }
    /// Send every request to this URL instead of the resolved endpoint
    /// (`http://127.0.0.1:5000` for a local emulator).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.0.endpoint_url = Some(url.into());
        self
    }
    /// Sets or clears the custom endpoint URL.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.0.endpoint_url = url;
        self
    }
    /// Use FIPS endpoints.
    pub fn use_fips(mut self, on: bool) -> Self {
        self.0.use_fips = on;
        self
    }
    /// Use dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.0.use_dual_stack = on;
        self
    }
    /// The credentials, or any [`ProvideCredentials`] to load them from.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.0.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }
    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(mut self, provider: Option<SharedCredentialsProvider>) -> Self {
        self.0.credentials = provider;
        self
    }
    /// How failed attempts are retried (default: standard mode, 3 attempts).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.0.retry = retry;
        self
    }
    /// Connect, read, attempt and operation timeouts.
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.0.timeouts = timeouts;
        self
    }
    /// An application name for the user agent (`app/<name>`).
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.0.app_name = Some(name.into());
        self
    }
    /// The clock used for signing.
    pub fn time_source(mut self, source: impl TimeSource + 'static) -> Self {
        self.0.time_source = Arc::new(source);
        self
    }
    /// Test hook: resolve and sign for the real endpoint, then connect to `url` instead.
    #[doc(hidden)]
    pub fn test_redirect_to(mut self, url: impl Into<String>) -> Self {
        self.0.redirect_to = Some(url.into());
        self
    }
    /// Trusts exactly the certificate authorities in this PEM bundle (instead of the
    /// compiled-in Mozilla roots) for HTTPS to the service, as `AWS_CA_BUNDLE` does: for a
    /// TLS-inspecting proxy or a private endpoint. It is parsed when the first HTTPS
    /// connection needs it (once per process for the same bundle); a bundle without
    /// certificates makes every call that needs it fail with a construction error naming
    /// the problem.
    pub fn ca_bundle_pem(mut self, pem: &[u8]) -> Self {
        self.0.roots = crate::transport::Roots::Pem(pem.into());
        self
    }
    /// Which requests go through a forward proxy (default: [`ProxyConfig::from_env`], as
    /// the AWS CLI does; [`ProxyConfig::disabled`] to connect directly).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.0.proxy = proxy;
        self
    }
    /// Include request and response bodies in the TRACE-level events (default off: bodies
    /// hold account names, emails and policy documents). Headers are logged at TRACE
    /// either way, with credentials and signatures redacted.
    pub fn log_bodies(mut self, on: bool) -> Self {
        self.0.log_bodies = on;
        self
    }
    /// Sends every attempt with this client instead of the built-in hyper/rustls transport
    /// (which then also takes no proxy, CA bundle or connect timeout setting: those are the
    /// built-in transport's). See [`crate::http_client`].
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.0.http_client = Some(Arc::new(client));
        self
    }
    /// Whether operations whose model has the `endpoint` trait prepend its host prefix
    /// (`foo.{Label}.`) to the endpoint's host, configured endpoint URLs included (default
    /// `true`; `false` as botocore's `inject_host_prefix=False`). Organizations has no such
    /// operation.
    pub fn inject_host_prefix(mut self, on: bool) -> Self {
        self.0.inject_host_prefix = on;
        self
    }
    /// Never gzip request bodies (default `false`; `AWS_DISABLE_REQUEST_COMPRESSION` /
    /// `disable_request_compression`). Only operations whose model has the
    /// `requestcompression` trait compress; Organizations has none.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.0.disable_request_compression = disable;
        self
    }
    /// The smallest body that is compressed, in bytes (default 10240, at most 10485760;
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` / `request_min_compression_size_bytes`).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        if bytes > crate::compression::MAX_MIN_SIZE {
            self.0.invalid = Some(format!("request_min_compression_size_bytes {bytes} is over the maximum of {}", crate::compression::MAX_MIN_SIZE));
        }
        self.0.request_min_compression_size_bytes = bytes;
        self
    }
    /// How the client waits between attempts (default: tokio's timer).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.0.sleep = Arc::new(sleep);
        self
    }
    /// Clock skew correction (default on): the client learns the service's clock from each
    /// response's `Date` header and signs with it, so a machine whose clock is minutes off
    /// still makes valid requests; an error that says the signing time is off
    /// (`InvalidSignatureException`, `RequestTimeTooSkewed`, …) is retried once the skew is
    /// known to exceed 4 minutes. `false` signs with the local clock as it is.
    pub fn clock_skew_correction(mut self, on: bool) -> Self {
        self.0.clock_skew_correction = on;
        self
    }
    /// Adds a header to every request of this client, before signing (so it is signed,
    /// unless SigV4 leaves it out, as it does `X-Amzn-Trace-Id` and `User-Agent`). A header
    /// the SDK sets itself (`Content-Type`, `X-Amz-Target`, `Authorization`, …) is not
    /// replaced; a caller's `X-Amzn-Trace-Id` takes precedence over the one recursion
    /// detection adds in Lambda.
    pub fn request_header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        self.0.request_headers.append(name, value);
        self
    }
    /// Builds the configuration. Problems (no region, no credentials) surface as a
    /// construction failure on the first call, before anything is sent.
    pub fn build(self) -> Config {
        self.0
    }
}
