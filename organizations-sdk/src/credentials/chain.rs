//! The default credentials chain (`docs/runtime-behaviour.md` §4, from the AWS SDKs and
//! Tools Reference Guide's "Standardized credential providers"), in aws-sdk-rust's order: environment →
//! profile (static keys, `credential_process`, assume-role chains, web identity, SSO) → web
//! identity environment → container endpoint → IMDSv2. The first provider that is
//! configured decides: if it fails, the chain fails with its error.

use super::document::{metadata_credentials, parse_expiry, MetadataCredentials};
use super::http::Transports;
use super::{imds, sts, Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::settings::{trust_roots, Env, Profile, ProfileSet};
use crate::time::TimeSource;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The default chain; built by [`crate::Config::from_env`].
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    env: Env,
    profile_name: Option<String>,
    /// The clock: expiry of cached SSO tokens, STS signatures, session names.
    clock: Arc<dyn TimeSource>,
    /// HTTP clients of the providers, made on first use and kept (one TLS setup, not one
    /// per fetch).
    transports: Transports,
}

impl DefaultCredentialsChain {
    pub(crate) fn new(env: Env, profile_name: Option<String>, proxy: crate::transport::proxy::ProxyConfig, clock: Arc<dyn TimeSource>) -> Self {
        Self { env, profile_name, clock, transports: Transports::new(proxy) }
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let result = self.first_configured().await;
        match &result {
            Ok(c) => tracing::debug!(provider = c.provider_name(), "the default credentials chain answered"),
            Err(e) => tracing::debug!(provider = e.provider(), error = %e, "the default credentials chain failed"),
        }
        result
    }

    /// The credentials of the first configured provider.
    async fn first_configured(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        if let Some(c) = from_env(&self.env)? {
            return Ok(c);
        }
        tried.push("environment");
        let profiles = ProfileSet::load(&|k| self.env.get(k), self.profile_name.as_deref()).map_err(|e| CredentialsError::new("profile", e.0))?;
        let cx = Cx { env: &self.env, profiles: &profiles, transports: &self.transports, clock: &self.clock };
        if let Some(c) = profile_credentials(&cx, &profiles.selected, &mut Vec::new()).await? {
            return Ok(c);
        }
        tried.push("profile");
        if let Some(c) = web_identity_from_env(&cx).await? {
            return Ok(c);
        }
        tried.push("web identity");
        if let Some(c) = container(&cx).await? {
            return Ok(c);
        }
        tried.push("container");
        if let Some(c) = imds::credentials(&self.env, &self.transports).await? {
            return Ok(c);
        }
        tried.push("IMDS");
        Err(CredentialsError::new(
            "default chain",
            format!("no credentials found (tried {}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or configure a profile", tried.join(", ")),
        ))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.resolve())
    }
}

/// What one resolution of the chain works with.
struct Cx<'a> {
    env: &'a Env,
    profiles: &'a ProfileSet,
    transports: &'a Transports,
    clock: &'a Arc<dyn TimeSource>,
}

type Loaded = Result<Option<Credentials>, CredentialsError>;

fn from_env(env: &Env) -> Loaded {
    match (env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::with_expiry(id, secret, env.get("AWS_SESSION_TOKEN"), None, "environment"))),
        (Some(_), None) => Err(CredentialsError::new("environment", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
        _ => Ok(None),
    }
}

/// Credentials of a named profile, following `role_arn` chains (`visited` detects loops).
fn profile_credentials<'a>(
    cx: &'a Cx<'a>,
    name: &'a str,
    visited: &'a mut Vec<String>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Loaded> + Send + 'a>> {
    Box::pin(async move {
        let (env, profiles) = (cx.env, cx.profiles);
        let provider = format!("profile `{name}`");
        let Some(p) = profiles.get(name) else {
            return if visited.is_empty() { Ok(None) } else { Err(CredentialsError::new(provider, "profile does not exist")) };
        };
        if visited.iter().any(|v| v == name) {
            visited.push(name.to_string());
            return Err(CredentialsError::new(provider, format!("role chain loops: {}", visited.join(" -> "))));
        }
        visited.push(name.to_string());
        if let Some(role_arn) = p.get("role_arn") {
            if let Some(token_file) = p.get("web_identity_token_file") {
                return web_identity(cx, token_file, role_arn, p.get("role_session_name").cloned()).await.map(Some);
            }
            let source = if let Some(source) = p.get("source_profile") {
                if source == name {
                    static_keys(p, &provider)?
                        .ok_or_else(|| CredentialsError::new(&provider, "source_profile is itself but it has no static keys"))?
                } else {
                    profile_credentials(cx, source, visited)
                        .await?
                        .ok_or_else(|| CredentialsError::new(&provider, format!("source_profile `{source}` has no credentials")))?
                }
            } else if let Some(source) = p.get("credential_source") {
                match source.as_str() {
                    "Environment" => from_env(env)?,
                    "EcsContainer" => container(cx).await?,
                    "Ec2InstanceMetadata" => imds::credentials(env, cx.transports).await?,
                    other => return Err(CredentialsError::new(provider, format!("unknown credential_source `{other}`"))),
                }
                .ok_or_else(|| CredentialsError::new(&provider, format!("credential_source `{source}` provided no credentials")))?
            } else {
                return Err(CredentialsError::new(provider, "role_arn needs source_profile or credential_source"));
            };
            let session = p.get("role_session_name").cloned().unwrap_or_else(|| format!("organizations-sdk-{}", millis(cx.clock.now())));
            let endpoint = sts_endpoint(cx, p);
            let transport = cx.transports.aws(&endpoint.roots).map_err(|e| CredentialsError::new(&provider, e))?;
            let params = sts::AssumeRole { role_arn, session: &session, external_id: p.get("external_id").map(String::as_str), ..Default::default() };
            return Ok(Some(sts::assume_role(transport, &endpoint, &source, &params).await?));
        }
        if p.contains_key("sso_session") || p.contains_key("sso_start_url") {
            return super::sso::credentials(env, profiles, p, cx.transports, cx.clock.now()).await.map(Some);
        }
        if let Some(command) = p.get("credential_process") {
            return credential_process(command).await.map(Some);
        }
        static_keys(p, &provider)
    })
}

fn static_keys(p: &Profile, provider: &str) -> Loaded {
    match (p.get("aws_access_key_id"), p.get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::with_expiry(id, secret, p.get("aws_session_token").cloned(), None, "profile"))),
        (Some(_), None) => Err(CredentialsError::new(provider, "aws_access_key_id is set but aws_secret_access_key is not")),
        _ => Ok(None),
    }
}

/// Milliseconds since the epoch: what default session names end with.
pub(super) fn millis(now: SystemTime) -> u128 {
    now.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default()
}

/// `credential_process`: run with `sh -c`, read Version 1 JSON from stdout.
async fn credential_process(command: &str) -> Result<Credentials, CredentialsError> {
    let provider = "credential_process";
    let output = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .output()
        .await
        .map_err(|e| CredentialsError::new(provider, format!("could not run `{command}`: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(CredentialsError::new(provider, format!("`{command}` failed ({}): {}", output.status, stderr.trim())));
    }
    let out = MetadataCredentials::parse(&output.stdout, "SessionToken")
        .map_err(|e| CredentialsError::new(provider, format!("`{command}` did not print the expected JSON: {e}")))?;
    if out.version.as_deref() != Some("1") {
        let found = out.version.as_deref().unwrap_or("missing");
        return Err(CredentialsError::new(provider, format!("unsupported Version {found} (only 1 is supported)")));
    }
    let expiry = match out.expiration {
        Some(text) => Some(parse_expiry(provider, &text)?),
        None => None,
    };
    Ok(Credentials::with_expiry(out.access_key_id, out.secret_access_key, out.token, expiry, provider))
}

async fn web_identity_from_env(cx: &Cx<'_>) -> Loaded {
    let env = cx.env;
    match (env.get("AWS_WEB_IDENTITY_TOKEN_FILE"), env.get("AWS_ROLE_ARN")) {
        (Some(file), Some(role)) => web_identity(cx, &file, &role, env.get("AWS_ROLE_SESSION_NAME")).await.map(Some),
        _ => Ok(None),
    }
}

async fn web_identity(cx: &Cx<'_>, token_file: &str, role_arn: &str, session: Option<String>) -> Result<Credentials, CredentialsError> {
    let profiles = cx.profiles;
    let token = std::fs::read_to_string(token_file)
        .map_err(|e| CredentialsError::new("web identity", format!("cannot read token file {token_file}: {e}")))?;
    let session = session.unwrap_or_else(|| format!("web-identity-token-{}", millis(cx.clock.now())));
    let empty = Profile::new();
    let endpoint = sts_endpoint(cx, profiles.selected().unwrap_or(&empty));
    let transport = cx.transports.aws(&endpoint.roots).map_err(|e| CredentialsError::new("web identity", e))?;
    sts::assume_role_with_web_identity(transport, &endpoint, role_arn, &session, token.trim()).await
}

/// STS endpoint and signing region: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the profile's
/// `[services]` or `endpoint_url`, else the regional endpoint; trusted CAs as for the service
/// (the selected profile's `ca_bundle`).
fn sts_endpoint(cx: &Cx<'_>, profile: &Profile) -> sts::StsEndpoint {
    let (env, profiles) = (cx.env, cx.profiles);
    let region = crate::settings::region(env, profile).unwrap_or_else(|| "us-east-1".into());
    let url = sts::url(None, env, profiles, profile, &region);
    let empty = Profile::new();
    let roots = trust_roots(env, profiles.selected().unwrap_or(&empty));
    sts::StsEndpoint { url, region, roots, clock: cx.clock.clone() }
}

/// Container credentials (ECS/EKS): relative URI on 169.254.170.2, or a full URI that is
/// HTTPS or on a loopback/link-local container host.
async fn container(cx: &Cx<'_>) -> Loaded {
    let (env, provider) = (cx.env, "container");
    let url = if let Some(rel) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        format!("http://169.254.170.2{rel}")
    } else if let Some(full) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        let uri: http::Uri = full.parse().map_err(|_| CredentialsError::new(provider, format!("invalid URI {full:?}")))?;
        let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
        let allowed = uri.scheme_str() == Some("https")
            || host == "localhost"
            || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
            || matches!(host, "169.254.170.2" | "169.254.170.23" | "fd00:ec2::23");
        if !allowed {
            return Err(CredentialsError::new(provider, format!("{full} is neither HTTPS nor a loopback or container host")));
        }
        full
    } else {
        return Ok(None);
    };
    let token = match env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        Some(file) => Some(std::fs::read_to_string(&file).map_err(|e| CredentialsError::new(provider, format!("cannot read {file}: {e}")))?),
        None => env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    };
    let token = token.map(|t| t.trim().to_string());
    let headers: Vec<(&str, &str)> = token.as_deref().map(|t| ("authorization", t)).into_iter().collect();
    let r = super::http::call(cx.transports.container(), "GET", &url, &headers, Duration::from_secs(5), Duration::from_secs(7))
        .await
        .map_err(|e| CredentialsError::new(provider, e))?;
    if !r.is_success() {
        return Err(CredentialsError::new(provider, format!("{url} answered HTTP {}", r.status())));
    }
    metadata_credentials(provider, r.body()).map(Some)
}
