//! Credentials shared with aws-sdk-rust, through the `aws-credential-types` crate every
//! aws-sdk-* client takes its credentials from (already in this crate's dependency tree, so
//! this adds nothing to a lock file):
//!
//! - [`Credentials`] converts into `aws_credential_types::Credentials` and back (`From`);
//! - [`ToAwsSdk`] makes any of our providers ([`AssumeRoleProvider`](super::AssumeRoleProvider),
//!   the default chain, …) an `aws_credential_types::provider::ProvideCredentials`, to give to
//!   an aws-sdk-* client;
//! - [`FromAwsSdk`] makes any aws-config provider one of ours, to give to
//!   [`Config::builder().credentials_provider(..)`](crate::config::Builder::credentials_provider).
//!
//! ```no_run
//! # async fn run(provider: organizations_sdk::credentials::AssumeRoleProvider) {
//! use organizations_sdk::credentials::ToAwsSdk;
//! // e.g. aws_sdk_s3::config::Builder::new().credentials_provider(ToAwsSdk(provider))
//! let for_aws_sdk = aws_credential_types::provider::SharedCredentialsProvider::new(ToAwsSdk(provider));
//! # let _ = for_aws_sdk;
//! # }
//! ```

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use aws_credential_types::provider::{self as theirs, future};

impl From<Credentials> for aws_credential_types::Credentials {
    fn from(c: Credentials) -> Self {
        aws_credential_types::Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            c.session_token().map(str::to_owned),
            c.expiry(),
            c.provider_name(),
        )
    }
}

impl From<aws_credential_types::Credentials> for Credentials {
    fn from(c: aws_credential_types::Credentials) -> Self {
        Credentials::with_expiry(c.access_key_id(), c.secret_access_key(), c.session_token().map(str::to_owned), c.expiry(), "aws-credential-types")
    }
}

/// One of our providers as an `aws_credential_types` provider (for aws-sdk-* clients).
#[derive(Debug, Clone)]
pub struct ToAwsSdk<P>(pub P);

impl<P: ProvideCredentials> theirs::ProvideCredentials for ToAwsSdk<P> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            match self.0.provide_credentials().await {
                Ok(c) => Ok(c.into()),
                Err(e) => Err(theirs::error::CredentialsError::provider_error(e)),
            }
        })
    }
}

/// An `aws_credential_types` provider (from aws-config, say) as one of ours.
#[derive(Debug, Clone)]
pub struct FromAwsSdk<P>(pub P);

impl<P: theirs::ProvideCredentials> ProvideCredentials for FromAwsSdk<P> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            match self.0.provide_credentials().await {
                Ok(c) => Ok(c.into()),
                Err(e) => Err(CredentialsError::new("aws-credential-types provider", crate::error::chain(&e))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn credentials_convert_both_ways() {
        let expiry = UNIX_EPOCH + Duration::from_secs(1_900_000_000);
        let ours = Credentials::with_expiry("AKID", "SECRET", Some("TOKEN".into()), Some(expiry), "assume-role");
        let theirs: aws_credential_types::Credentials = ours.clone().into();
        assert_eq!(
            (theirs.access_key_id(), theirs.secret_access_key(), theirs.session_token(), theirs.expiry()),
            ("AKID", "SECRET", Some("TOKEN"), Some(expiry))
        );
        let back: Credentials = theirs.into();
        assert_eq!(
            (back.access_key_id(), back.secret_access_key(), back.session_token(), back.expiry()),
            ("AKID", "SECRET", Some("TOKEN"), Some(expiry))
        );
    }

    #[tokio::test]
    async fn providers_adapt_both_ways() {
        let ours = Credentials::new("AKID", "SECRET", None);
        let as_theirs = ToAwsSdk(ours.clone());
        let got = theirs::ProvideCredentials::provide_credentials(&as_theirs).await.unwrap();
        assert_eq!(got.access_key_id(), "AKID");
        let round_trip = FromAwsSdk(as_theirs);
        let got = ProvideCredentials::provide_credentials(&round_trip).await.unwrap();
        assert_eq!((got.access_key_id(), got.secret_access_key()), ("AKID", "SECRET"));
    }
}
