//! SSO credentials: the token `aws sso login` cached under `~/.aws/sso/cache/`, exchanged
//! for role credentials with the portal's GetRoleCredentials.

use super::http::Transports;
use super::{Credentials, CredentialsError};
use crate::settings::{configured_endpoint, trust_roots, Env, Profile, ProfileSet};
use crate::primitives::DateTime;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const PROVIDER: &str = "SSO";

/// Credentials for a profile with `sso_session` or the legacy `sso_start_url` keys.
pub(crate) async fn credentials(env: &Env, profiles: &ProfileSet, profile: &Profile, transports: &Transports) -> Result<Credentials, CredentialsError> {
    let fail = |m: String| CredentialsError::new(PROVIDER, m);
    let key = |k: &str| profile.get(k).cloned().ok_or_else(|| fail(format!("profile is missing `{k}`")));
    let (cache_key, region) = match profile.get("sso_session") {
        Some(session) => {
            let section = profiles
                .get(&format!("sso-session {session}"))
                .ok_or_else(|| fail(format!("[sso-session {session}] does not exist")))?;
            let region = section.get("sso_region").cloned().ok_or_else(|| fail(format!("[sso-session {session}] has no sso_region")))?;
            (session.clone(), region)
        }
        None => (key("sso_start_url")?, key("sso_region")?),
    };
    let (account, role) = (key("sso_account_id")?, key("sso_role_name")?);
    let path = cache_file(env, &cache_key).ok_or_else(|| fail("no home directory for the SSO token cache".into()))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| fail(format!("cannot read the SSO token cache {}: {e}; run `aws sso login`", path.display())))?;
    let (access_token, expires_at) = sso_token(text.as_bytes()).map_err(|e| fail(format!("{} is not an SSO token: {e}", path.display())))?;
    let expires = DateTime::from_rfc3339(&expires_at).ok_or_else(|| fail(format!("bad expiresAt {expires_at:?}")))?;
    if SystemTime::from(expires) <= SystemTime::now() {
        return Err(fail(format!("the SSO token in {} expired at {expires}; run `aws sso login`", path.display())));
    }
    let base = configured_endpoint(env, profiles, profile, "sso", "SSO").unwrap_or_else(|| format!("https://portal.sso.{region}.amazonaws.com"));
    let url = format!(
        "{}/federation/credentials?account_id={}&role_name={}",
        base.trim_end_matches('/'),
        crate::endpoint::functions::uri_encode(&account),
        crate::endpoint::functions::uri_encode(&role)
    );
    let headers = [("x-amz-sso_bearer_token", access_token.as_str())];
    let roots = trust_roots(env, profiles.selected().unwrap_or(profile)).map_err(fail)?;
    let r = super::http::call(transports.aws(&roots).map_err(fail)?, "GET", &url, &headers, Duration::from_secs(10), Duration::from_secs(15))
        .await
        .map_err(fail)?;
    if !r.is_success() {
        return Err(fail(format!("GetRoleCredentials answered HTTP {}", r.status())));
    }
    let c = role_credentials(r.body()).map_err(|e| fail(format!("unexpected GetRoleCredentials response: {e}")))?;
    let expiry = UNIX_EPOCH + Duration::from_millis(c.expiration);
    Ok(Credentials::with_expiry(c.access_key_id, c.secret_access_key, c.session_token, Some(expiry), PROVIDER))
}

/// `accessToken` and `expiresAt` of a cached SSO token.
fn sso_token(text: &[u8]) -> Result<(String, String), String> {
    let (mut access_token, mut expires_at) = (None, None);
    crate::json::read_object(text, |r, key| {
        match key {
            "accessToken" => access_token = r.opt()?,
            "expiresAt" => expires_at = r.opt()?,
            _ => r.skip()?,
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok((access_token.ok_or("missing field `accessToken`")?, expires_at.ok_or("missing field `expiresAt`")?))
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
