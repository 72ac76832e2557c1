//! A minimal STS client (awsQuery: form-encoded POST, XML response) for the calls the
//! credential providers and the fan-out over accounts need: AssumeRole,
//! AssumeRoleWithWebIdentity and GetCallerIdentity.

use super::{Credentials, CredentialsError};
use crate::primitives::DateTime;
use crate::time::TimeSource;
use crate::transport::{Roots, Transport};
use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Where to call STS, which region to sign for, which CAs to trust and the clock the
/// requests are signed with (the configured time source).
#[derive(Debug, Clone)]
pub(crate) struct StsEndpoint {
    pub url: String,
    pub region: String,
    pub roots: Roots,
    pub clock: Arc<dyn TimeSource>,
}

/// STS's URL, the one rule for every caller: `explicit` (a builder's `endpoint_url`), else
/// the endpoint URL configured for `sts` (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`,
/// `profile`'s `[services]` or `endpoint_url`), else the regional endpoint.
pub(crate) fn url(
    explicit: Option<String>,
    env: &crate::settings::Env,
    profiles: &crate::settings::ProfileSet,
    profile: &crate::settings::Profile,
    region: &str,
) -> String {
    explicit
        .or_else(|| crate::settings::configured_endpoint(env, profiles, profile, "sts", "STS"))
        .unwrap_or_else(|| format!("https://sts.{region}.amazonaws.com"))
}

/// An AssumeRole request.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AssumeRole<'a> {
    pub role_arn: &'a str,
    pub session: &'a str,
    pub external_id: Option<&'a str>,
    /// `DurationSeconds` (STS's default: one hour).
    pub duration_secs: Option<u64>,
    /// A session policy (JSON), further limiting the role's permissions.
    pub policy: Option<&'a str>,
}

/// A failed STS call: the service's code and message, or why there was no answer.
#[derive(Debug, Clone)]
pub(crate) struct StsError {
    pub action: &'static str,
    /// `None` when no response came (connection, timeout).
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
}

impl StsError {
    /// What kind of failure this is, by the SDK's retry policy (throttling and transient
    /// codes, 5xx); no response at all is transient. (Used by `accounts`, which the
    /// codegen's scratch crates for other models leave out.)
    #[allow(dead_code)]
    pub(crate) fn failure(&self) -> crate::retry::Failure {
        match self.status {
            None => crate::retry::Failure::Transient,
            Some(status) => crate::retry::classify_response(Some(&self.code), status),
        }
    }
}

impl std::fmt::Display for StsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(status) => write!(f, "HTTP {status}: {}: {}", self.code, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl From<StsError> for CredentialsError {
    fn from(e: StsError) -> Self {
        CredentialsError::new(format!("STS {}", e.action), e.to_string())
    }
}

pub(crate) async fn assume_role(
    transport: &Transport,
    endpoint: &StsEndpoint,
    source: &Credentials,
    params: &AssumeRole<'_>,
) -> Result<Credentials, StsError> {
    let duration = params.duration_secs.map(|d| d.to_string());
    let mut form = vec![("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", params.role_arn), ("RoleSessionName", params.session)];
    if let Some(id) = params.external_id {
        form.push(("ExternalId", id));
    }
    if let Some(d) = &duration {
        form.push(("DurationSeconds", d));
    }
    if let Some(policy) = params.policy {
        form.push(("Policy", policy));
    }
    let xml = call(transport, endpoint, Some(source), &form, "AssumeRole").await?;
    credentials(&xml, "AssumeRole", "assume-role")
}

pub(crate) async fn assume_role_with_web_identity(
    transport: &Transport,
    endpoint: &StsEndpoint,
    role_arn: &str,
    session: &str,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let form = [
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", role_arn),
        ("RoleSessionName", session),
        ("WebIdentityToken", token),
    ];
    let xml = call(transport, endpoint, None, &form, "AssumeRoleWithWebIdentity").await?;
    Ok(credentials(&xml, "AssumeRoleWithWebIdentity", "web-identity")?)
}

/// GetCallerIdentity: the account and ARN these credentials act as. (Used by `accounts`,
/// which the codegen's scratch crates for other models leave out.)
#[allow(dead_code)]
pub(crate) async fn get_caller_identity(transport: &Transport, endpoint: &StsEndpoint, creds: &Credentials) -> Result<(String, String), StsError> {
    let form = [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")];
    let xml = call(transport, endpoint, Some(creds), &form, "GetCallerIdentity").await?;
    let field = |name: &str| tag(&xml, name).ok_or_else(|| malformed("GetCallerIdentity", name));
    Ok((field("Account")?, field("Arn")?))
}

fn malformed(action: &'static str, name: &str) -> StsError {
    StsError { action, status: Some(200), code: "MalformedResponse".into(), message: format!("the response has no <{name}>") }
}

/// The `<Credentials>` of an AssumeRole* response.
fn credentials(xml: &str, action: &'static str, provider: &'static str) -> Result<Credentials, StsError> {
    let field = |name: &str| tag(xml, name).ok_or_else(|| malformed(action, name));
    let expiration = field("Expiration")?;
    let expiry = DateTime::from_rfc3339(&expiration).map(SystemTime::from).ok_or_else(|| malformed(action, "Expiration"))?;
    Ok(Credentials::with_expiry(field("AccessKeyId")?, field("SecretAccessKey")?, Some(field("SessionToken")?), Some(expiry), provider))
}

/// One STS exchange: the successful response's XML, or the error.
async fn call(
    transport: &Transport,
    endpoint: &StsEndpoint,
    signer: Option<&Credentials>,
    form: &[(&str, &str)],
    action: &'static str,
) -> Result<String, StsError> {
    let fail = |m: String| StsError { action, status: None, code: String::new(), message: m };
    let body: String =
        form.iter().map(|(k, v)| format!("{}={}", crate::percent::encode(k, false), crate::percent::encode(v, false))).collect::<Vec<_>>().join("&");
    let uri: http::Uri = endpoint.url.parse().map_err(|_| fail(format!("invalid STS endpoint {:?}", endpoint.url)))?;
    let host = uri.authority().map(|a| a.to_string()).unwrap_or_default();
    let mut req = http::Request::builder()
        .method("POST")
        .uri(uri)
        .header("host", host)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", body.len())
        .body(Full::new(Bytes::from(body.clone())))
        .map_err(|e| fail(e.to_string()))?;
    if let Some(creds) = signer {
        // The same signer as every Organizations call (the suite-tested fast path).
        crate::signing::Signer::default()
            .sign(&mut req, body.as_bytes(), creds.keys(), &endpoint.region, "sts", endpoint.clock.now())
            .map_err(|e| fail(format!("signing failed: {e}")))?;
    }
    let response = super::http::send(transport, req, None, Duration::from_secs(30)).await.map_err(fail)?;
    let xml = String::from_utf8_lossy(response.body()).into_owned();
    if !response.is_success() {
        let code = tag(&xml, "Code").unwrap_or_default();
        let message = tag(&xml, "Message").unwrap_or_default();
        return Err(StsError { action, status: Some(response.status()), code, message });
    }
    Ok(xml)
}

/// Text of the first `<name>…</name>` element, entities decoded. STS responses are small
/// and flat; this is all the XML the providers need.
fn tag(xml: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{name}>"))? + start;
    Some(xml[start..end].trim().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tag() {
        let xml = "<R><Credentials><AccessKeyId>AK</AccessKeyId><Message>a &amp; b</Message></Credentials></R>";
        assert_eq!(super::tag(xml, "AccessKeyId").as_deref(), Some("AK"));
        assert_eq!(super::tag(xml, "Message").as_deref(), Some("a & b"));
        assert_eq!(super::tag(xml, "Nope"), None);
    }
}
