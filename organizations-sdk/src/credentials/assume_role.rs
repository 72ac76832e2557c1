//! [`AssumeRoleProvider`]: credentials for an IAM role, from STS AssumeRole signed with
//! source credentials, cached and refreshed before they expire — the provider aws-config
//! calls `AssumeRoleProvider`, with the same builder names (`session_name`,
//! `external_id`, `session_length`, `policy`, `region`, `configure`).

use super::http::Transports;
use super::sts::{self, StsEndpoint};
use super::{CredentialsCache, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, SharedCredentialsProvider};
use crate::config::{Config, ProxyConfig, Region};
use crate::time::TimeSource;
use crate::transport::Roots;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Credentials for an IAM role (`sts:AssumeRole`), e.g. the
/// `OrganizationAccountAccessRole` of a member account.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use organizations_sdk::credentials::AssumeRoleProvider;
/// let management = organizations_sdk::Config::from_env().await;
/// let provider = AssumeRoleProvider::builder("arn:aws:iam::111122223333:role/OrganizationAccountAccessRole")
///     .session_name("inventory")
///     .configure(&management) // source credentials, region, CA bundle and proxy
///     .build()?;
/// let member = management.to_builder().credentials_provider(provider).build();
/// let client = organizations_sdk::Client::from_conf(member);
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
///
/// STS is called at `https://sts.<region>.amazonaws.com` (region from [`Self::builder`]'s
/// `region`, else the configured one, else `us-east-1`), or at the endpoint URL configured for
/// STS (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the profile's `[services]` or
/// `endpoint_url`) as the default chain reads it, or [`AssumeRoleProviderBuilder::endpoint_url`].
/// Errors name the role and carry STS's code and message.
#[derive(Clone)]
pub struct AssumeRoleProvider {
    cache: Arc<CredentialsCache>,
    role_arn: Arc<str>,
    clock: Arc<dyn TimeSource>,
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider").field("role_arn", &self.role_arn).finish_non_exhaustive()
    }
}

impl AssumeRoleProvider {
    /// A builder for the role `role_arn`.
    pub fn builder(role_arn: impl Into<String>) -> AssumeRoleProviderBuilder {
        AssumeRoleProviderBuilder {
            role_arn: role_arn.into(),
            session_name: None,
            external_id: None,
            session_length: None,
            policy: None,
            region: None,
            endpoint_url: None,
            source: None,
            roots: Roots::default(),
            proxy: None,
            env: crate::settings::Env::default(),
            clock: Arc::new(crate::time::SystemTimeSource),
        }
    }

    /// The role this provider assumes.
    pub fn role_arn(&self) -> &str {
        &self.role_arn
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.cache.get(self.clock.now()))
    }
}

/// Builder for [`AssumeRoleProvider`].
#[derive(Debug, Clone)]
pub struct AssumeRoleProviderBuilder {
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    session_length: Option<Duration>,
    policy: Option<String>,
    region: Option<Region>,
    endpoint_url: Option<String>,
    source: Option<SharedCredentialsProvider>,
    roots: Roots,
    proxy: Option<ProxyConfig>,
    env: crate::settings::Env,
    clock: Arc<dyn TimeSource>,
}

impl AssumeRoleProviderBuilder {
    /// The role session name (default `organizations-sdk-<milliseconds since the epoch>`),
    /// which CloudTrail shows.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }
    /// The external ID the role's trust policy requires.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }
    /// How long the credentials last (STS's `DurationSeconds`; default one hour).
    pub fn session_length(mut self, length: Duration) -> Self {
        self.session_length = Some(length);
        self
    }
    /// A session policy (JSON) further limiting what the credentials may do.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }
    /// The region whose STS endpoint is called and signed for.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }
    /// Call STS at this URL instead (`http://127.0.0.1:5000` for a local emulator).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }
    /// Sign the AssumeRole calls with these credentials.
    pub fn source_credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.source = Some(SharedCredentialsProvider::new(provider));
        self
    }
    /// Take from `config` what it has and this builder does not: the source credentials,
    /// the region, the trusted CAs, the proxy setting, where settings are read from and the
    /// clock (its time source).
    pub fn configure(mut self, config: &Config) -> Self {
        if self.source.is_none() {
            self.source = config.credentials.clone();
        }
        if self.region.is_none() {
            self.region = config.region.clone();
        }
        self.roots = config.roots.clone();
        self.proxy = Some(config.proxy.clone());
        self.env = config.env.clone();
        self.clock = config.time_source.clone();
        self
    }

    /// The provider, or an error when no source credentials were given.
    pub fn build(self) -> Result<AssumeRoleProvider, CredentialsError> {
        let source = self.source.clone().ok_or_else(|| {
            CredentialsError::new(
                format!("assume role {}", self.role_arn),
                "no source credentials: call source_credentials(..) or configure(&config) with a Config that has them",
            )
        })?;
        let region = self.region.as_ref().map_or_else(|| "us-east-1".to_owned(), |r| r.as_ref().to_owned());
        let profiles = crate::settings::ProfileSet::load(&|k| self.env.get(k), None).unwrap_or_default();
        let empty = crate::settings::Profile::new();
        let profile = profiles.selected().unwrap_or(&empty);
        let url = sts::url(self.endpoint_url.clone(), &self.env, &profiles, profile, &region);
        let fetch = Fetch {
            role_arn: self.role_arn.clone(),
            session_name: self.session_name,
            external_id: self.external_id,
            duration_secs: self.session_length.map(|d| d.as_secs()),
            policy: self.policy,
            endpoint: StsEndpoint { url, region, roots: self.roots, clock: self.clock.clone() },
            source: CredentialsCache::new(source),
            transports: Transports::new(self.proxy.unwrap_or_else(|| ProxyConfig::from_vars(&|k| self.env.get(k)))),
        };
        let role_arn: Arc<str> = self.role_arn.into();
        Ok(AssumeRoleProvider { cache: Arc::new(CredentialsCache::new(SharedCredentialsProvider::new(fetch))), role_arn, clock: self.clock })
    }
}

/// One AssumeRole call (the cache around it decides when).
struct Fetch {
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_secs: Option<u64>,
    policy: Option<String>,
    endpoint: StsEndpoint,
    source: CredentialsCache,
    transports: Transports,
}

impl fmt::Debug for Fetch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRole").field("role_arn", &self.role_arn).finish_non_exhaustive()
    }
}

impl ProvideCredentials for Fetch {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let fail = |message: String| CredentialsError::new(format!("assume role {}", self.role_arn), message);
            let now = self.endpoint.clock.now();
            let source = self.source.get(now).await.map_err(|e| fail(format!("source credentials: {e}")))?;
            let transport = self.transports.aws(&self.endpoint.roots).map_err(fail)?;
            let session = self.session_name.clone().unwrap_or_else(|| format!("organizations-sdk-{}", super::chain::millis(now)));
            let params = sts::AssumeRole {
                role_arn: &self.role_arn,
                session: &session,
                external_id: self.external_id.as_deref(),
                duration_secs: self.duration_secs,
                policy: self.policy.as_deref(),
            };
            sts::assume_role(transport, &self.endpoint, &source, &params).await.map_err(|e| fail(e.to_string()))
        })
    }
}
