//! One lazy credentials cache per client, shared by its clones (`docs/runtime-behaviour.md`
//! §4, as aws-config's lazy credentials cache does it): concurrent first
//! calls wait for a single fetch; credentials are refreshed 5–10 s before they expire.

use super::{Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;

/// Refresh this long before expiry, minus up to half of it at random, so that many
/// clients do not refresh in the same instant.
const REFRESH_BUFFER: Duration = Duration::from_secs(10);

/// How long credentials without an expiry are kept, unless they are static keys.
const UNEXPIRING_TTL: Duration = Duration::from_secs(15 * 60);

/// Providers whose credentials are fixed for the life of the process.
const STATIC_PROVIDERS: &[&str] = &["static", "environment", "profile"];

#[derive(Debug)]
pub(crate) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    cached: Mutex<Option<(Credentials, Option<SystemTime>)>>,
}

impl CredentialsCache {
    pub(crate) fn new(provider: SharedCredentialsProvider) -> Self {
        Self { provider, cached: Mutex::new(None) }
    }

    /// Cached credentials, or a fresh fetch when there are none or they are about to
    /// expire. Holding the lock across the fetch makes concurrent callers share it.
    pub(crate) async fn get(&self, now: SystemTime) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        if let Some((creds, refresh_at)) = cached.as_ref() {
            if refresh_at.is_none_or(|at| now < at) {
                return Ok(creds.clone());
            }
            tracing::debug!(
                provider = creds.provider_name(),
                expiry = creds.expiry().map(shown),
                "refreshing credentials: the cached ones expire soon"
            );
        } else {
            tracing::debug!("loading credentials: none cached yet");
        }
        let creds = match self.provider.provide_credentials().await {
            Ok(creds) => creds,
            Err(e) => {
                tracing::debug!(error = %e, "loading credentials failed");
                return Err(e);
            }
        };
        let refresh_at = match creds.expiry() {
            Some(expiry) => {
                let jitter = REFRESH_BUFFER.mul_f64(crate::random::f64() * 0.5);
                Some(expiry.checked_sub(REFRESH_BUFFER - jitter).unwrap_or(expiry))
            }
            // Static keys never change; anything else without an expiry is re-read now and then.
            None if STATIC_PROVIDERS.contains(&creds.provider_name()) => None,
            None => Some(now + UNEXPIRING_TTL),
        };
        if creds.expiry().is_some_and(|expiry| expiry <= now) {
            let expiry = crate::primitives::DateTime::from(creds.expiry().unwrap_or(now));
            return Err(CredentialsError::new(creds.provider_name(), format!("returned credentials that already expired at {expiry}")));
        }
        tracing::debug!(
            provider = creds.provider_name(),
            expiry = creds.expiry().map(shown),
            refresh_at = refresh_at.map(shown),
            "loaded credentials"
        );
        *cached = Some((creds.clone(), refresh_at));
        Ok(creds)
    }
}

/// A time for a log field, as RFC 3339 (formatted only when the event is enabled).
fn shown(t: SystemTime) -> tracing::field::DisplayValue<crate::primitives::DateTime> {
    tracing::field::display(crate::primitives::DateTime::from(t))
}
