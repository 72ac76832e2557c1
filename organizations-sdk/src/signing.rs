//! SigV4 (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>).
//!
//! One signer, [`Signer`], for every request: Organizations calls and the credential
//! providers' STS calls. It writes the canonical request itself — the path normalized
//! (empty and `.` segments dropped, `..` removing the one before) and percent-encoded once
//! more, as every service but S3 expects; the query's parameters decoded, sorted and
//! encoded; the headers trimmed, joined and sorted — hashes and MACs with ring (already in
//! the tree through rustls, and hardware-accelerated), and reuses the signing key
//! `aws_sigv4::sign::v4::generate_signing_key` derived for the same secret, day, region and
//! service instead of deriving it (four HMACs) on every call. The header-signing cases of
//! the SigV4 test suite (the `aws-sigv4` crate's `aws-signing-test-suite/v4/`) run through
//! it in the conformance tests, and the unit tests re-sign requests with aws-sigv4's own
//! `http_request::sign` and demand the same `Authorization` header.

use crate::primitives::DateTime;
use aws_sigv4::sign::v4;
use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The secret material a signature needs (borrowed from `credentials::Credentials`, which
/// sits above this module: the STS provider signs with it too).
#[derive(Clone, Copy)]
pub(crate) struct Keys<'a> {
    pub(crate) access_key_id: &'a str,
    pub(crate) secret_access_key: &'a str,
    pub(crate) session_token: Option<&'a str>,
}

/// Headers aws-sigv4 leaves out of the signature by default: `authorization`, `user-agent`,
/// `x-amzn-trace-id` and `transfer-encoding` (compared as names, not as strings).
fn signed(name: &http::HeaderName) -> bool {
    use http::header::{AUTHORIZATION, TRANSFER_ENCODING, USER_AGENT};
    !(name == AUTHORIZATION || name == USER_AGENT || name == TRANSFER_ENCODING || name == X_AMZN_TRACE_ID)
}

// Header names checked at compile time rather than on every request.
const X_AMZ_DATE: http::HeaderName = http::HeaderName::from_static("x-amz-date");
const X_AMZ_SECURITY_TOKEN: http::HeaderName = http::HeaderName::from_static("x-amz-security-token");
pub(crate) const X_AMZN_TRACE_ID: http::HeaderName = http::HeaderName::from_static("x-amzn-trace-id");

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
        credentials: Keys<'_>,
        region: &str,
        service: &str,
        time: SystemTime,
    ) -> Result<(), BoxError> {
        let path = canonical_path(request.uri().path());
        let query = request.uri().query().map(canonical_query).unwrap_or_default();
        // Sized for the whole canonical request (headers, the signed-header list, hashes)
        // and the string to sign after it.
        let header_bytes: usize = request.headers().iter().map(|(n, v)| 2 * n.as_str().len() + v.len() + 2).sum();
        let scope_bytes = region.len() + service.len();
        let mut canonical = String::with_capacity(header_bytes + path.len() + query.len() + scope_bytes + 320);
        canonical.push_str(request.method().as_str());
        canonical.push('\n');
        canonical.push_str(&path);
        canonical.push('\n');
        canonical.push_str(&query);
        canonical.push('\n');

        let amz_date = amz_date(time);
        let amz_date = std::str::from_utf8(&amz_date).expect("ASCII");
        let day = &amz_date[..8];
        request.headers_mut().insert(X_AMZ_DATE, http::HeaderValue::from_str(amz_date)?);
        if let Some(token) = credentials.session_token {
            let mut value = http::HeaderValue::from_str(token)?;
            value.set_sensitive(true);
            request.headers_mut().insert(X_AMZ_SECURITY_TOKEN, value);
        }

        // Signed headers, sorted, with repeated names joined by commas.
        let mut headers: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            if !signed(name) {
                continue;
            }
            let value = value.to_str().map_err(|_| format!("header {name} is not visible ASCII"))?;
            match headers.iter_mut().find(|(n, _)| *n == name.as_str()) {
                Some((_, existing)) => {
                    let joined = existing.to_mut();
                    joined.push(',');
                    joined.push_str(&trim_all(value));
                }
                None => headers.push((name.as_str(), trim_all(value))),
            }
        }
        headers.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (name, value) in &headers {
            for part in [name, ":", value, "\n"] {
                canonical.push_str(part);
            }
        }
        canonical.push('\n');
        let signed_start = canonical.len();
        for (i, (name, _)) in headers.iter().enumerate() {
            if i > 0 {
                canonical.push(';');
            }
            canonical.push_str(name);
        }
        let signed_end = canonical.len();
        canonical.push('\n');
        match body {
            b"{}" => canonical.push_str(EMPTY_OBJECT_SHA256),
            _ => canonical.push_str(hex(sha256(body).as_ref()).as_str()),
        }

        // The string to sign, MACed in one piece (each `update` of ring's HMAC has a cost
        // of its own).
        let key = self.key(credentials.secret_access_key, day, region, service, time);
        // Written after the canonical request, in the same buffer, once that is hashed.
        let canonical_hash = hex(sha256(canonical.as_bytes()).as_ref());
        let string_to_sign_start = canonical.len();
        for part in ["AWS4-HMAC-SHA256\n", amz_date, "\n", day, "/", region, "/", service, "/aws4_request\n", canonical_hash.as_str()] {
            canonical.push_str(part);
        }
        let signature = hex(ring::hmac::sign(&key, &canonical.as_bytes()[string_to_sign_start..]).as_ref());

        let signed = &canonical[signed_start..signed_end];
        let parts = [
            "AWS4-HMAC-SHA256 Credential=",
            credentials.access_key_id,
            "/",
            day,
            "/",
            region,
            "/",
            service,
            "/aws4_request, SignedHeaders=",
            signed,
            ", Signature=",
            signature.as_str(),
        ];
        let mut authorization = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        for part in parts {
            authorization.push_str(part);
        }
        // The header takes the string's buffer: no copy, and, the buffer being exactly full,
        // no second allocation for `Bytes`' shared header either.
        let mut value = http::HeaderValue::from_maybe_shared(bytes::Bytes::from(authorization))?;
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

/// The canonical URI: `path` without empty and `.` segments, `..` removing the segment
/// before it (a trailing slash kept), then percent-encoded again. Borrowed for the paths
/// this SDK sends (`/`, or an endpoint's plain path).
fn canonical_path(path: &str) -> Cow<'_, str> {
    let plain = path.starts_with('/') && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.~".contains(&b));
    if plain && !path.contains("//") && !path.contains("/.") {
        return Cow::Borrowed(path);
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut normalized = String::with_capacity(path.len() + 1);
    for segment in &segments {
        normalized.push('/');
        normalized.push_str(segment);
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if normalized.is_empty() || (trailing && !normalized.ends_with('/')) {
        normalized.push('/');
    }
    Cow::Owned(crate::percent::encode(&normalized, true))
}

/// The canonical query string: every `name=value` decoded (`+` as a space), sorted by name
/// then value, and percent-encoded (`name=` for a parameter without a value).
fn canonical_query(query: &str) -> String {
    let decode = |s: &str| crate::percent::decode(s, true).unwrap_or_else(|| s.to_owned());
    let mut params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (crate::percent::encode(&decode(k), false), crate::percent::encode(&decode(v), false))
        })
        .collect();
    params.sort();
    params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// `20231114T221320Z`.
fn amz_date(time: SystemTime) -> [u8; 16] {
    let secs = DateTime::from(time).secs();
    let (y, m, d) = crate::primitives::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let mut out = *b"00000000T000000Z";
    let mut put = |at: usize, width: usize, mut value: i64| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, y);
    put(4, 2, m.into());
    put(6, 2, d.into());
    put(9, 2, rem / 3600);
    put(11, 2, rem % 3600 / 60);
    put(13, 2, rem % 60);
    out
}

/// The payload hash of `{}`, the body of every call without input members (and of each
/// listing's first page): known, so not hashed on every such call.
const EMPTY_OBJECT_SHA256: &str = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

fn sha256(data: &[u8]) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA256, data)
}

/// Lower-case hex of a 32-byte digest or MAC, on the stack.
struct Hex([u8; 64]);

impl Hex {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits")
    }
}

fn hex(bytes: &[u8]) -> Hex {
    /// The two digits of every byte value, so each byte is one lookup.
    const PAIRS: [[u8; 2]; 256] = {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut pairs = [[0; 2]; 256];
        let mut b = 0;
        while b < 256 {
            pairs[b] = [DIGITS[b >> 4], DIGITS[b & 15]];
            b += 1;
        }
        pairs
    };
    let mut out = [b'0'; 64];
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&PAIRS[usize::from(b)]);
    }
    Hex(out)
}

/// Trim and collapse runs of spaces, as the SigV4 canonical form requires (borrowed when
/// there is nothing to do, as for almost every header).
fn trim_all(value: &str) -> Cow<'_, str> {
    let bytes = value.as_bytes();
    // Most values have no space at all, which one byte search shows.
    let tidy = bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ') && (!bytes.contains(&b' ') || !value.contains("  "));
    if tidy {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    use aws_smithy_runtime_api::client::identity::Identity;
    use std::time::{Duration, UNIX_EPOCH};

    /// The independent signer: aws-sigv4's whole pipeline adds `Authorization`,
    /// `X-Amz-Date` and (with a session token) `X-Amz-Security-Token`.
    fn sign_request<B>(
        request: &mut http::Request<B>,
        body: &[u8],
        credentials: Keys<'_>,
        region: &str,
        service: &str,
        time: SystemTime,
    ) -> Result<(), BoxError> {
        let identity: Identity = aws_credential_types::Credentials::new(
            credentials.access_key_id,
            credentials.secret_access_key,
            credentials.session_token.map(str::to_owned),
            None,
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

    /// The fast path and aws-sigv4's own pipeline agree, with and without a session token,
    /// across a day boundary (the cached key must change).
    #[test]
    fn fast_path_matches_aws_sigv4() {
        let signer = Signer::default();
        let cases = [
            (1_700_000_000u64, None, "/"),
            (1_700_000_100, Some("TOKEN+/="), "/"),
            (1_700_100_000, None, "/prefix/x"),
            // Paths to normalize and encode, query strings to sort and encode.
            (1_700_100_000, None, "/a/./b/../c//d/"),
            (1_700_100_000, None, "/a%20b/%E2%82%AC/.."),
            (1_700_100_000, None, "/?b=2&a=1&a=0&c"),
            (1_700_100_000, None, "/x?k=a+b&e=%E2%82%AC&s=a%20b&u=-_.~"),
        ];
        for (secs, token, path) in cases {
            let time = UNIX_EPOCH + Duration::from_secs(secs);
            let creds = Keys { access_key_id: "AKIDEXAMPLE", secret_access_key: "SECRET/KEY", session_token: token };
            let build = || {
                http::Request::builder()
                    .method("POST")
                    .uri(format!("http://127.0.0.1:9{path}"))
                    .header("host", "127.0.0.1:9")
                    .header("content-type", "application/x-amz-json-1.1")
                    .header("x-amz-target", "AWSOrganizationsV20161128.ListRoots")
                    .header("user-agent", "ua  with   spaces")
                    .header("amz-sdk-request", "attempt=1;  max=3")
                    .header("x-amz-meta", " a  b ")
                    .header("x-amz-meta", "c")
                    .body(())
                    .unwrap()
            };
            // `{}` has its hash precomputed; other bodies are hashed.
            for body in [&b"{}"[..], b"{\"MaxResults\":5}", b""] {
                let (mut fast, mut slow) = (build(), build());
                signer.sign(&mut fast, body, creds, "us-east-1", "organizations", time).unwrap();
                sign_request(&mut slow, body, creds, "us-east-1", "organizations", time).unwrap();
                for h in ["authorization", "x-amz-date", "x-amz-security-token"] {
                    assert_eq!(fast.headers().get(h), slow.headers().get(h), "{h} at {secs}, body {body:?}");
                }
            }
        }
        assert_eq!(EMPTY_OBJECT_SHA256, hex(sha256(b"{}").as_ref()).as_str());
        assert_eq!(&amz_date(UNIX_EPOCH + Duration::from_secs(1_700_000_000)), b"20231114T221320Z");
        assert_eq!(&amz_date(UNIX_EPOCH + Duration::from_secs(951_782_400)), b"20000229T000000Z");
    }
}
