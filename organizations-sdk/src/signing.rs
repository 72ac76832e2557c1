//! SigV4 signing with the `aws-sigv4` crate.
//!
//! Two paths. [`sign_request`] hands the whole request to `aws_sigv4::http_request::sign`.
//! [`Signer`] is the per-call fast path for the requests this SDK builds (POST to a path,
//! no query string): it writes the canonical request itself, hashes and MACs with ring
//! (already in the tree through rustls, and hardware-accelerated), and reuses the signing
//! key `aws_sigv4::sign::v4::generate_signing_key` derived for the same secret, day, region
//! and service instead of deriving it (four HMACs) on every call.
//! The tests re-sign recorded requests with `aws_sigv4::http_request::sign` and demand the
//! same `Authorization` header.

use crate::credentials::Credentials;
use crate::primitives::DateTime;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Headers aws-sigv4 leaves out of the signature by default.
const UNSIGNED: &[&str] = &["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// Add `Authorization`, `X-Amz-Date` and (with a session token) `X-Amz-Security-Token`,
/// letting aws-sigv4 do everything.
pub(crate) fn sign_request<B>(
    request: &mut http::Request<B>,
    body: &[u8],
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), BoxError> {
    let identity: Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        credentials.expiry(),
        "organizations-sdk",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()?
        .into();
    let headers = request.headers().iter().filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?)));
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(request.method().as_str(), uri, headers, SignableBody::Bytes(body))?;
    let (instructions, _signature) = sign(signable, &params)?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

/// A signing key and what it was derived from.
struct CachedKey {
    secret: String,
    day: String,
    region: String,
    service: String,
    key: Arc<ring::hmac::Key>,
}

/// The per-client signer: the fast path with a cached signing key.
#[derive(Default)]
pub(crate) struct Signer {
    key: Mutex<Option<CachedKey>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer")
    }
}

impl Signer {
    pub(crate) fn sign<B>(
        &self,
        request: &mut http::Request<B>,
        body: &[u8],
        credentials: &Credentials,
        region: &str,
        service: &str,
        time: SystemTime,
    ) -> Result<(), BoxError> {
        let path = request.uri().path().to_owned();
        let simple = request.uri().query().is_none() && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.~".contains(&b));
        if !simple || path.contains("//") || path.contains("/.") {
            return sign_request(request, body, credentials, region, service, time);
        }
        let amz_date = amz_date(time);
        let day = &amz_date[..8];
        request.headers_mut().insert("x-amz-date", amz_date.parse()?);
        if let Some(token) = credentials.session_token() {
            let mut value: http::HeaderValue = token.parse()?;
            value.set_sensitive(true);
            request.headers_mut().insert("x-amz-security-token", value);
        }

        let mut headers: Vec<(&str, String)> = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            if UNSIGNED.contains(&name.as_str()) {
                continue;
            }
            let value = value.to_str().map_err(|_| format!("header {name} is not visible ASCII"))?;
            match headers.iter_mut().find(|(n, _)| *n == name.as_str()) {
                Some((_, existing)) => {
                    existing.push(',');
                    existing.push_str(&trim_all(value));
                }
                None => headers.push((name.as_str(), trim_all(value))),
            }
        }
        headers.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let signed: Vec<&str> = headers.iter().map(|(n, _)| *n).collect();
        let signed = signed.join(";");

        let mut canonical = String::with_capacity(512);
        canonical.push_str(request.method().as_str());
        canonical.push('\n');
        canonical.push_str(if path.is_empty() { "/" } else { &path });
        canonical.push_str("\n\n");
        for (name, value) in &headers {
            let _ = writeln!(canonical, "{name}:{value}");
        }
        canonical.push('\n');
        canonical.push_str(&signed);
        canonical.push('\n');
        canonical.push_str(&sha256_hex(body));

        let scope = format!("{day}/{region}/{service}/aws4_request");
        let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical.as_bytes()));
        let key = self.key(credentials.secret_access_key(), day, region, service, time);
        let signature = hex(ring::hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
            credentials.access_key_id()
        );
        let mut value: http::HeaderValue = authorization.parse()?;
        value.set_sensitive(true);
        request.headers_mut().insert(http::header::AUTHORIZATION, value);
        Ok(())
    }

    /// The signing key for this secret, day, region and service: cached, since it only
    /// changes daily.
    fn key(&self, secret: &str, day: &str, region: &str, service: &str, time: SystemTime) -> Arc<ring::hmac::Key> {
        let mut cached = self.key.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cached.as_ref() {
            if c.secret == secret && c.day == day && c.region == region && c.service == service {
                return c.key.clone();
            }
        }
        // ring's key holds the HMAC's inner and outer states, so each signature skips them.
        let raw = v4::generate_signing_key(secret, time, region, service);
        let key = Arc::new(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, raw.as_ref()));
        *cached = Some(CachedKey {
            secret: secret.to_owned(),
            day: day.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

/// `20231114T221320Z`.
fn amz_date(time: SystemTime) -> String {
    let t = DateTime::from(time);
    let text = DateTime::from_secs(t.secs()).to_string(); // 2023-11-14T22:13:20Z
    text.chars().filter(|c| *c != '-' && *c != ':').collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, data).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Trim and collapse runs of spaces, as the SigV4 canonical form requires.
fn trim_all(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// The fast path and aws-sigv4's own pipeline agree, with and without a session token,
    /// across a day boundary (the cached key must change).
    #[test]
    fn fast_path_matches_aws_sigv4() {
        let signer = Signer::default();
        for (secs, token, path) in [
            (1_700_000_000u64, None, "/"),
            (1_700_000_100, Some("TOKEN+/="), "/"),
            (1_700_100_000, None, "/prefix/x"),
        ] {
            let time = UNIX_EPOCH + Duration::from_secs(secs);
            let creds = Credentials::new("AKIDEXAMPLE", "SECRET/KEY", token.map(str::to_owned));
            let build = || {
                http::Request::builder()
                    .method("POST")
                    .uri(format!("http://127.0.0.1:9{path}"))
                    .header("host", "127.0.0.1:9")
                    .header("content-type", "application/x-amz-json-1.1")
                    .header("x-amz-target", "AWSOrganizationsV20161128.ListRoots")
                    .header("user-agent", "ua  with   spaces")
                    .header("amz-sdk-request", "attempt=1;  max=3")
                    .body(())
                    .unwrap()
            };
            let (mut fast, mut slow) = (build(), build());
            signer.sign(&mut fast, b"{}", &creds, "us-east-1", "organizations", time).unwrap();
            sign_request(&mut slow, b"{}", &creds, "us-east-1", "organizations", time).unwrap();
            for h in ["authorization", "x-amz-date", "x-amz-security-token"] {
                assert_eq!(fast.headers().get(h), slow.headers().get(h), "{h} at {secs}");
            }
        }
        assert_eq!(amz_date(UNIX_EPOCH + Duration::from_secs(1_700_000_000)), "20231114T221320Z");
    }
}
