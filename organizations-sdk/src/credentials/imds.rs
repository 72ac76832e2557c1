//! IMDSv2, the instance metadata service: the last link of both the credentials chain (the
//! role's credentials) and the region chain (the instance's region).
//!
//! As the AWS SDKs and Tools Reference Guide describes it ("IMDS credential provider",
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html>) and
//! aws-config implements it: `PUT /latest/api/token` with
//! `x-aws-ec2-metadata-token-ttl-seconds: 21600`, then GETs with `x-aws-ec2-metadata-token`;
//! endpoint `http://169.254.169.254` unless `AWS_EC2_METADATA_SERVICE_ENDPOINT` says
//! otherwise; `AWS_EC2_METADATA_DISABLED=true` turns it off.

use super::http::Transports;
use super::{Credentials, CredentialsError};
use crate::error::RawResponse;
use crate::settings::Env;
use crate::transport::Transport;
use std::time::Duration;

/// IMDSv2 client: a session token first (no v1 fallback), then GETs with it. Retries 401
/// and 5xx, up to 4 attempts; connect and read timeouts of 1 s.
struct Imds<'t> {
    base: String,
    token: Option<String>,
    transport: &'t Transport,
}

impl<'t> Imds<'t> {
    /// `None` when `AWS_EC2_METADATA_DISABLED=true`.
    fn new(env: &Env, transport: &'t Transport) -> Option<Self> {
        if env.flag("AWS_EC2_METADATA_DISABLED") {
            return None;
        }
        let base = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT").unwrap_or_else(|| "http://169.254.169.254".into());
        Some(Imds { base: base.trim_end_matches('/').to_string(), token: None, transport })
    }

    async fn call(&self, method: &str, path: &str) -> Result<RawResponse, String> {
        let url = format!("{}{path}", self.base);
        let mut last = String::new();
        for _ in 0..4 {
            let headers: Vec<(&str, &str)> = match &self.token {
                Some(t) => vec![("x-aws-ec2-metadata-token", t.as_str())],
                None => vec![("x-aws-ec2-metadata-token-ttl-seconds", "21600")],
            };
            let second = Duration::from_secs(1);
            match super::http::call(self.transport, method, &url, &headers, second, 2 * second).await {
                Ok(r) if r.is_success() => return Ok(r),
                Ok(r) if r.status() == 401 || r.status() >= 500 => last = format!("{url} answered HTTP {}", r.status()),
                Ok(r) => return Err(format!("{url} answered HTTP {}", r.status())),
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }

    /// GET a metadata path as text, fetching the session token first if needed.
    async fn get(&mut self, path: &str) -> Result<String, String> {
        if self.token.is_none() {
            let token = self.call("PUT", "/latest/api/token").await?;
            self.token = Some(String::from_utf8_lossy(token.body()).trim().to_string());
        }
        let r = self.call("GET", path).await?;
        Ok(String::from_utf8_lossy(r.body()).into_owned())
    }
}

/// IMDSv2 credentials of the instance's role; `None` when IMDS is disabled.
pub(super) async fn credentials(env: &Env, transports: &Transports) -> Result<Option<Credentials>, CredentialsError> {
    let provider = "IMDS";
    let Some(mut client) = Imds::new(env, transports.imds()) else { return Ok(None) };
    let fail = |e: String| CredentialsError::new(provider, e);
    let roles = client.get("/latest/meta-data/iam/security-credentials/").await.map_err(fail)?;
    let role = roles.lines().next().unwrap_or_default().trim().to_string();
    if role.is_empty() {
        return Err(fail("no IAM role is attached to this instance".into()));
    }
    let creds = client.get(&format!("/latest/meta-data/iam/security-credentials/{role}")).await.map_err(fail)?;
    super::document::metadata_credentials(provider, creds.as_bytes()).map(Some)
}

/// The instance's region (`/latest/meta-data/placement/region`), for a client configured
/// by `Config::from_env` that found none elsewhere; `None` when IMDS is disabled or fails.
pub(crate) async fn region(env: &Env) -> Option<String> {
    let transport = Transport::new(Some(super::http::IMDS_CONNECT_TIMEOUT), &Default::default(), None);
    let mut imds = Imds::new(env, &transport)?;
    let region = imds.get("/latest/meta-data/placement/region").await;
    region.ok().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty())
}
