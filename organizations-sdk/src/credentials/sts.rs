//! A minimal STS client (awsQuery: form-encoded POST, XML response) for the two calls the
//! credential providers need: AssumeRole and AssumeRoleWithWebIdentity.

use super::{Credentials, CredentialsError};
use crate::endpoint::functions::uri_encode;
use crate::primitives::DateTime;
use crate::transport::{Roots, Transport};
use bytes::Bytes;
use http_body_util::Full;
use std::time::{Duration, SystemTime};

/// Where to call STS, which region to sign for and which CAs to trust.
#[derive(Debug, Clone)]
pub(crate) struct StsEndpoint {
    pub url: String,
    pub region: String,
    pub roots: Roots,
}

pub(crate) async fn assume_role(
    transport: &Transport,
    endpoint: &StsEndpoint,
    source: &Credentials,
    role_arn: &str,
    session: &str,
    external_id: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let mut form = vec![("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", role_arn), ("RoleSessionName", session)];
    if let Some(id) = external_id {
        form.push(("ExternalId", id));
    }
    call(transport, endpoint, Some(source), &form, "AssumeRole").await
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
    call(transport, endpoint, None, &form, "AssumeRoleWithWebIdentity").await
}

async fn call(
    transport: &Transport,
    endpoint: &StsEndpoint,
    signer: Option<&Credentials>,
    form: &[(&str, &str)],
    action: &'static str,
) -> Result<Credentials, CredentialsError> {
    let provider = format!("STS {action}");
    let fail = |m: String| CredentialsError::new(&provider, m);
    let body: String = form.iter().map(|(k, v)| format!("{}={}", uri_encode(k), uri_encode(v))).collect::<Vec<_>>().join("&");
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
            .sign(&mut req, body.as_bytes(), creds.keys(), &endpoint.region, "sts", SystemTime::now())
            .map_err(|e| fail(format!("signing failed: {e}")))?;
    }
    let response = super::http::send(transport, req, None, Duration::from_secs(30)).await.map_err(fail)?;
    let xml = String::from_utf8_lossy(response.body());
    if !response.is_success() {
        let code = tag(&xml, "Code").unwrap_or_default();
        let message = tag(&xml, "Message").unwrap_or_default();
        return Err(fail(format!("HTTP {}: {code}: {message}", response.status())));
    }
    let field = |name: &str| tag(&xml, name).ok_or_else(|| fail(format!("response has no <{name}>")));
    let expiration = field("Expiration")?;
    let expiry = DateTime::from_rfc3339(&expiration).map(SystemTime::from).ok_or_else(|| fail(format!("bad Expiration {expiration:?}")))?;
    let name: &'static str = if signer.is_some() { "assume-role" } else { "web-identity" };
    Ok(Credentials::with_expiry(field("AccessKeyId")?, field("SecretAccessKey")?, Some(field("SessionToken")?), Some(expiry), name))
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
