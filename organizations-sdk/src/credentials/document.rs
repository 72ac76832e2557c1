//! The JSON credentials document that `credential_process`, IMDS and the container
//! endpoint return: `AccessKeyId`, `SecretAccessKey`, the session token (`Token`, or
//! `SessionToken` for a process), `Expiration` (RFC 3339) and, for a process, `Version`.

use super::{Credentials, CredentialsError};
use crate::primitives::DateTime;
use std::time::SystemTime;

/// The JSON credentials of `credential_process`, IMDS and the container endpoint.
#[derive(Default)]
pub(super) struct MetadataCredentials {
    pub(super) version: Option<String>,
    pub(super) access_key_id: String,
    pub(super) secret_access_key: String,
    pub(super) token: Option<String>,
    pub(super) expiration: Option<String>,
}

impl MetadataCredentials {
    /// `token_key` names the session token: `Token` (metadata) or `SessionToken` (process).
    pub(super) fn parse(body: &[u8], token_key: &str) -> Result<Self, String> {
        let mut c = Self::default();
        let (mut key_id, mut secret) = (None, None);
        crate::json::read_object(body, |r, key| {
            match key {
                "Version" => c.version = Some(r.number()?.to_owned()),
                "AccessKeyId" => key_id = r.opt()?,
                "SecretAccessKey" => secret = r.opt()?,
                "Expiration" => c.expiration = r.opt()?,
                k if k == token_key => c.token = r.opt()?,
                _ => r.skip()?,
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        c.access_key_id = key_id.ok_or("missing field `AccessKeyId`")?;
        c.secret_access_key = secret.ok_or("missing field `SecretAccessKey`")?;
        Ok(c)
    }
}

pub(super) fn metadata_credentials(provider: &'static str, body: &[u8]) -> Result<Credentials, CredentialsError> {
    let c = MetadataCredentials::parse(body, "Token").map_err(|e| CredentialsError::new(provider, format!("unexpected response: {e}")))?;
    let expiry = match c.expiration {
        Some(t) => Some(parse_expiry(provider, &t)?),
        None => None,
    };
    Ok(Credentials::with_expiry(c.access_key_id, c.secret_access_key, c.token, expiry, provider))
}

pub(super) fn parse_expiry(provider: &str, text: &str) -> Result<SystemTime, CredentialsError> {
    DateTime::from_rfc3339(text)
        .map(SystemTime::from)
        .ok_or_else(|| CredentialsError::new(provider, format!("Expiration {text:?} is not an RFC 3339 timestamp")))
}
