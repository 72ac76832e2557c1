//! Hooks for the runners of the AWS SDKs' shared conformance suites
//! (`tests/tests/conformance.rs`): each calls the code `Config::from_env` and the client
//! run, and returns what the suite checks where no public API shows it (the parsed profile
//! files, the file locations, a service's configured endpoint URL, the client's learnt
//! clock skew). Not for users: nothing here is stable.

use crate::config::ConfigLoader;
use crate::settings::profile::Locations;
use crate::settings::ProfileSet;
use std::collections::{BTreeMap, HashMap};

/// Sections of the profile files, as the profile-parser suite writes its expected output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ParsedProfiles {
    /// Profiles by name, each its properties.
    pub profiles: BTreeMap<String, BTreeMap<String, String>>,
    /// `[sso-session x]` sections by name.
    pub sso_sessions: BTreeMap<String, BTreeMap<String, String>>,
}

/// Parses the two files' text as [`ConfigLoader`] does (the error names `config` or
/// `credentials` as the file).
pub fn parse_profiles(config: Option<&str>, credentials: Option<&str>) -> Result<ParsedProfiles, String> {
    let set = ProfileSet::parse(config.map(|t| (t, "config")), credentials.map(|t| (t, "credentials"))).map_err(|e| e.0)?;
    Ok(ParsedProfiles { profiles: set.profiles, sso_sessions: set.sso_sessions })
}

/// Where the config and credentials files are, and which profile is selected, for these
/// variables on Linux or Windows.
pub fn file_locations(env: &HashMap<String, String>, windows: bool) -> (Option<String>, Option<String>, String) {
    let at = Locations::resolve(&|k| env.get(k).cloned(), None, windows);
    (at.config, at.credentials, at.profile)
}

/// The endpoint URL configured for `service_key` (`s3`, as in a `[services]` section) and
/// `env_id` (`S3`, as in `AWS_ENDPOINT_URL_S3`), through the lookup [`ConfigLoader`] runs
/// for Organizations, with these variables (which name the profile files) and the loader's
/// `ignore_configured_endpoint_urls` setting.
pub fn configured_endpoint_url(env: &HashMap<String, String>, ignore: bool, service_key: &str, env_id: &str) -> Option<String> {
    let loader = ConfigLoader::default().env(env.clone()).ignore_configured_endpoint_urls(ignore);
    loader.configured_endpoint_url(&loader.profiles(), service_key, env_id)
}

/// The clock skew a client has learnt, in milliseconds (positive: the service is ahead).
pub fn client_clock_skew(client: &crate::Client) -> i64 {
    client.handle().attempts.skew.get()
}

/// Sets the clock skew a client starts from (the suite's `initialClientSkew`).
pub fn set_client_clock_skew(client: &crate::Client, ms: i64) {
    client.handle().attempts.skew.set(ms);
}

/// Signs a request with the signer every request of this SDK goes through (Organizations
/// calls and the credential providers' STS calls), returning it with `Authorization`,
/// `X-Amz-Date` and (with a token) `X-Amz-Security-Token` added.
#[allow(clippy::too_many_arguments)]
pub fn sigv4_sign(
    mut request: http::Request<bytes::Bytes>,
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<&str>,
    region: &str,
    service: &str,
    time: std::time::SystemTime,
) -> Result<http::Request<bytes::Bytes>, String> {
    let keys = crate::signing::Keys { access_key_id, secret_access_key, session_token };
    let body = request.body().clone();
    crate::signing::Signer::default().sign(&mut request, &body, keys, region, service, time).map_err(|e| e.to_string())?;
    Ok(request)
}
