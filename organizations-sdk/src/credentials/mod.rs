//! Credentials: the [`Credentials`] type, the [`ProvideCredentials`] trait for plugging in a
//! source, and the lazy cache every client shares among its clones.

mod assume_role;
mod cache;
mod chain;
mod document;
pub(crate) mod http;
mod imds;
mod interop;
mod sso;
pub(crate) mod sts;

pub use assume_role::{AssumeRoleProvider, AssumeRoleProviderBuilder};
pub(crate) use cache::CredentialsCache;
pub use chain::DefaultCredentialsChain;
pub(crate) use imds::region as imds_region;
pub use interop::{FromAwsSdk, ToAwsSdk};

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

/// AWS access key, secret and optional session token, with an optional expiry.
///
/// `Debug` never prints the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Inner>);

#[derive(PartialEq, Eq)]
struct Inner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    provider_name: &'static str,
}

impl Credentials {
    /// Static credentials, e.g. `Credentials::new("AKID", "SECRET", None)`.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>, session_token: Option<String>) -> Self {
        Self::with_expiry(access_key_id, secret_access_key, session_token, None, "static")
    }

    /// Credentials that expire, naming the provider they came from (shown in errors and
    /// `Debug`).
    pub fn with_expiry(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry,
            provider_name,
        }))
    }

    /// The access key id (`AKIA…`/`ASIA…`).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }
    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }
    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref()
    }
    /// When these credentials stop working, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }
    /// The provider that produced these credentials.
    pub fn provider_name(&self) -> &'static str {
        self.0.provider_name
    }

    /// What the signer needs.
    pub(crate) fn keys(&self) -> crate::signing::Keys<'_> {
        crate::signing::Keys { access_key_id: self.access_key_id(), secret_access_key: self.secret_access_key(), session_token: self.session_token() }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Credentials");
        d.field("provider_name", &self.0.provider_name).field("access_key_id", &self.0.access_key_id).field("secret_access_key", &"** redacted **");
        if self.0.session_token.is_some() {
            d.field("session_token", &"** redacted **");
        }
        if let Some(expiry) = self.0.expiry {
            d.field("expiry", &crate::primitives::DateTime::from(expiry));
        }
        d.finish()
    }
}

/// Why credentials could not be loaded: which provider, and what went wrong (never the
/// secret itself).
#[derive(Debug, Clone)]
pub struct CredentialsError {
    provider: String,
    message: String,
}

impl CredentialsError {
    /// An error of `provider`, explaining what went wrong.
    pub fn new(provider: impl Into<String>, message: impl Into<String>) -> Self {
        Self { provider: provider.into(), message: message.into() }
    }
    /// The provider that failed.
    pub fn provider(&self) -> &str {
        &self.provider
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to load credentials from {}: {}", self.provider, self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The future a credentials provider returns.
pub type ProvideCredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Implement it to plug your own into
/// [`crate::config::Builder::credentials_provider`]; the client caches what it returns until
/// shortly before expiry.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Load credentials (may do I/O).
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let creds = self.clone();
        Box::pin(async move { Ok(creds) })
    }
}

/// A shareable credentials provider.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wrap a provider.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}
