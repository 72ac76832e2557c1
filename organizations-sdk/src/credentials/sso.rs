//! SSO credentials: the token `aws sso login` cached under `~/.aws/sso/cache/`, refreshed
//! with SSO-OIDC `CreateToken` when it is about to expire (as the AWS CLI does for an
//! `sso_session`), then exchanged for role credentials with the portal's
//! `GetRoleCredentials`.
//!
//! The cache file and the refresh follow the AWS SDKs and Tools Reference Guide
//! ("IAM Identity Center credential provider",
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-sso-credentials.html>) and the
//! SSO-OIDC API (`CreateToken`,
//! <https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html>):
//! a token within five minutes of expiry is refreshed when the entry holds `refreshToken`,
//! `clientId`, `clientSecret` and an unexpired `registrationExpiresAt`; the new token is
//! written back to the same file, keeping the fields this code does not know.

use super::http::Transports;
use super::{Credentials, CredentialsError};
use crate::primitives::DateTime;
use crate::settings::{configured_endpoint, trust_roots, Env, Profile, ProfileSet};
use bytes::Bytes;
use http_body_util::Full;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const PROVIDER: &str = "SSO";

/// A cached token this close to expiry is refreshed first.
const REFRESH_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Credentials for a profile with `sso_session` or the legacy `sso_start_url` keys.
pub(crate) async fn credentials(
    env: &Env,
    profiles: &ProfileSet,
    profile: &Profile,
    transports: &Transports,
    now: SystemTime,
) -> Result<Credentials, CredentialsError> {
    let fail = |m: String| CredentialsError::new(PROVIDER, m);
    let key = |k: &str| profile.get(k).cloned().ok_or_else(|| fail(format!("profile is missing `{k}`")));
    let (cache_key, region, session) = match profile.get("sso_session") {
        Some(session) => {
            let section = profiles.sso_session(session).ok_or_else(|| fail(format!("[sso-session {session}] does not exist")))?;
            let region = section.get("sso_region").cloned().ok_or_else(|| fail(format!("[sso-session {session}] has no sso_region")))?;
            (session.clone(), region, Some(session.as_str()))
        }
        None => (key("sso_start_url")?, key("sso_region")?, None),
    };
    let (account, role) = (key("sso_account_id")?, key("sso_role_name")?);
    let login = match session {
        Some(name) => format!("run `aws sso login --sso-session {name}`"),
        None => "run `aws sso login`".to_owned(),
    };
    let path = cache_file(env, &cache_key).ok_or_else(|| fail("no home directory for the SSO token cache".into()))?;
    let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read the SSO token cache {}: {e}; {login}", path.display())))?;
    let mut entry = CacheEntry::parse(&text).map_err(|e| fail(format!("{} is not an SSO token: {e}", path.display())))?;
    let access_token = entry.string("accessToken").ok_or_else(|| fail(format!("{} has no accessToken; {login}", path.display())))?;
    let expires_at = entry.string("expiresAt").ok_or_else(|| fail(format!("{} has no expiresAt; {login}", path.display())))?;
    let expires = DateTime::from_rfc3339(&expires_at).ok_or_else(|| fail(format!("bad expiresAt {expires_at:?}")))?;
    let expires = SystemTime::from(expires);
    let roots = trust_roots(env, profiles.selected().unwrap_or(profile));
    let transport = transports.aws(&roots).map_err(fail)?;

    let mut token = access_token;
    if expires <= now + REFRESH_WINDOW {
        // Only `sso_session` entries carry a refresh token; the legacy form must log in again.
        let refreshed = match session {
            None => Err("a legacy `sso_start_url` profile cannot refresh its token".to_owned()),
            Some(_) => {
                let base = configured_endpoint(env, profiles, profile, "sso_oidc", "SSO_OIDC")
                    .unwrap_or_else(|| format!("https://oidc.{region}.amazonaws.com"));
                refresh(&mut entry, &base, transport, now).await
            }
        };
        match refreshed {
            Ok(new_token) => {
                tracing::debug!(cache = %path.display(), "refreshed the SSO token");
                if let Err(e) = write_atomically(&path, entry.to_json().as_bytes()) {
                    tracing::warn!(cache = %path.display(), error = %e, "could not write the refreshed SSO token back to its cache file");
                }
                token = new_token;
            }
            Err(why) if expires > now => {
                tracing::debug!(reason = %why, expires = %DateTime::from(expires), "SSO token refresh failed; using the cached token until it expires");
            }
            Err(why) => {
                return Err(fail(format!(
                    "the SSO token in {} expired at {} and could not be refreshed ({why}); {login}",
                    path.display(),
                    DateTime::from(expires)
                )));
            }
        }
    }

    let base = configured_endpoint(env, profiles, profile, "sso", "SSO").unwrap_or_else(|| format!("https://portal.sso.{region}.amazonaws.com"));
    let url = format!(
        "{}/federation/credentials?account_id={}&role_name={}",
        base.trim_end_matches('/'),
        crate::percent::encode(&account, false),
        crate::percent::encode(&role, false)
    );
    let headers = [("x-amz-sso_bearer_token", token.as_str())];
    let r = super::http::call(transport, "GET", &url, &headers, Duration::from_secs(10), Duration::from_secs(15)).await.map_err(fail)?;
    if !r.is_success() {
        return Err(fail(format!("GetRoleCredentials answered HTTP {}", r.status())));
    }
    let c = role_credentials(r.body()).map_err(|e| fail(format!("unexpected GetRoleCredentials response: {e}")))?;
    let expiry = UNIX_EPOCH + Duration::from_millis(c.expiration);
    Ok(Credentials::with_expiry(c.access_key_id, c.secret_access_key, c.session_token, Some(expiry), PROVIDER))
}

/// SSO-OIDC `CreateToken` with `grant_type=refresh_token`; on success the entry holds the
/// new `accessToken`, `expiresAt` and (when the service rotated it) `refreshToken`, and
/// the new access token is returned. Errors never include a token or secret.
async fn refresh(entry: &mut CacheEntry, base: &str, transport: &crate::transport::Transport, now: SystemTime) -> Result<String, String> {
    let field = |k: &str| entry.string(k).ok_or_else(|| format!("the cache entry has no `{k}`"));
    let (refresh_token, client_id, client_secret) = (field("refreshToken")?, field("clientId")?, field("clientSecret")?);
    let registration = field("registrationExpiresAt")?;
    let registration_expires = DateTime::from_rfc3339(&registration).ok_or_else(|| format!("bad registrationExpiresAt {registration:?}"))?;
    if SystemTime::from(registration_expires) <= now {
        return Err(format!("the client registration expired at {registration_expires}"));
    }
    let mut body = crate::json::Writer::default();
    let mut object = body.object();
    object.field("grantType", "refresh_token");
    object.field("clientId", &client_id);
    object.field("clientSecret", &client_secret);
    object.field("refreshToken", &refresh_token);
    object.end();
    let url = format!("{}/token", base.trim_end_matches('/'));
    let request = http::Request::post(&url)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.into_string())))
        .map_err(|e| format!("invalid SSO-OIDC endpoint {url:?}: {e}"))?;
    tracing::debug!(endpoint = %url, "refreshing the SSO token with SSO-OIDC CreateToken");
    let r = super::http::send(transport, request, Some(Duration::from_secs(10)), Duration::from_secs(15)).await?;
    if !r.is_success() {
        let code = oidc_error(r.body()).unwrap_or_default();
        return Err(format!("CreateToken answered HTTP {}{}", r.status(), if code.is_empty() { String::new() } else { format!(" {code}") }));
    }
    let (mut access_token, mut expires_in, mut new_refresh) = (None::<String>, None::<u64>, None::<String>);
    crate::json::read_object(r.body(), |r, key| {
        match key {
            "accessToken" => access_token = r.opt()?,
            "refreshToken" => new_refresh = r.opt()?,
            "expiresIn" => {
                let n = r.number()?;
                expires_in = Some(n.parse().map_err(|_| r.error(format!("expiresIn {n} is not a number of seconds")))?);
            }
            _ => r.skip()?,
        }
        Ok(())
    })
    .map_err(|e| format!("unexpected CreateToken response: {e}"))?;
    let access_token = access_token.ok_or("CreateToken's response has no accessToken")?;
    let expires_in = expires_in.ok_or("CreateToken's response has no expiresIn")?;
    let now_secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let expires_at = DateTime::from(UNIX_EPOCH + Duration::from_secs(now_secs.saturating_add(expires_in)));
    entry.set_string("accessToken", &access_token);
    entry.set_string("expiresAt", &expires_at.to_string());
    if let Some(new_refresh) = new_refresh {
        entry.set_string("refreshToken", &new_refresh);
    }
    Ok(access_token)
}

/// The OAuth `error` code of an SSO-OIDC error response (`invalid_grant`, …).
fn oidc_error(body: &[u8]) -> Option<String> {
    let mut code = None;
    crate::json::read_object(body, |r, key| {
        match key {
            "error" => code = r.opt()?,
            _ => r.skip()?,
        }
        Ok(())
    })
    .ok()?;
    code
}

/// A token cache file as written: its members in order, each value as raw JSON text, so a
/// rewrite changes only what it sets.
#[derive(Debug)]
struct CacheEntry(Vec<(String, String)>);

impl CacheEntry {
    fn parse(text: &str) -> Result<Self, String> {
        crate::json::raw_members(text.as_bytes()).map(Self).map_err(|e| e.to_string())
    }

    /// A string member (`None` when absent, null or not a string).
    fn string(&self, key: &str) -> Option<String> {
        let raw = &self.0.iter().find(|(k, _)| k == key)?.1;
        crate::json::from_str::<String>(raw).ok()
    }

    fn set_string(&mut self, key: &str, value: &str) {
        let raw = crate::json::to_string(value);
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = raw,
            None => self.0.push((key.to_owned(), raw)),
        }
    }

    fn to_json(&self) -> String {
        let members: Vec<String> = self.0.iter().map(|(k, v)| format!("  {}: {v}", crate::json::to_string(k.as_str()))).collect();
        format!("{{\n{}\n}}\n", members.join(",\n"))
    }
}

/// Replaces `path` with `contents` all at once: a temporary file in the same directory,
/// written and synced, then renamed over it (readers see the old file or the new one,
/// never half of one). Owner-only permissions, as the AWS CLI creates the cache.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("token");
    let tmp = dir.join(format!(".{name}.{}.{:08x}.tmp", std::process::id(), crate::random::u64() as u32));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// `{"roleCredentials": {...}}` of GetRoleCredentials.
struct RoleCredentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: u64,
}

fn role_credentials(body: &[u8]) -> Result<RoleCredentials, String> {
    let (mut id, mut secret, mut token, mut expiration) = (None::<String>, None::<String>, None::<String>, None);
    let mut found = false;
    crate::json::read_object(body, |r, key| {
        if key != "roleCredentials" {
            return r.skip();
        }
        found = true;
        r.object(|r, key| {
            match key {
                "accessKeyId" => id = r.opt()?,
                "secretAccessKey" => secret = r.opt()?,
                "sessionToken" => token = r.opt()?,
                "expiration" => {
                    let n = r.number()?;
                    expiration = Some(n.parse::<u64>().map_err(|_| r.error(format!("expiration {n} is not a millisecond count")))?);
                }
                _ => r.skip()?,
            }
            Ok(())
        })
    })
    .map_err(|e| e.to_string())?;
    if !found {
        return Err("missing field `roleCredentials`".into());
    }
    Ok(RoleCredentials {
        access_key_id: id.ok_or("missing field `accessKeyId`")?,
        secret_access_key: secret.ok_or("missing field `secretAccessKey`")?,
        session_token: token,
        expiration: expiration.ok_or("missing field `expiration`")?,
    })
}

/// `~/.aws/sso/cache/<sha1 hex of the session name or start URL>.json`.
fn cache_file(env: &Env, key: &str) -> Option<PathBuf> {
    let home = env.get("HOME").or_else(|| env.get("USERPROFILE"))?;
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    Some(PathBuf::from(home).join(".aws/sso/cache").join(format!("{hex}.json")))
}
