//! Where settings come from, read the same way for the client's configuration and for the
//! credential providers: the environment ([`Env`]), the profile files ([`ProfileSet`]),
//! and the lookups built on them — region, configured endpoint URLs, trusted CAs — each
//! written once here. `config` and `credentials` sit above this module; IMDS (the last link
//! of the region chain, which needs the network) is a credential provider's client.
//!
//! The lookup orders are those of the AWS SDKs and Tools Reference Guide
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/>): "Region"
//! (`AWS_REGION`, then `AWS_DEFAULT_REGION` as the CLI and botocore read it, then the
//! profile's `region`), "Service-specific endpoints" (`AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, the profile's `services` section, then its `endpoint_url`; none of
//! them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls` is
//! true) and "Shared config and credentials files" (`ca_bundle`, `AWS_CA_BUNDLE`).

pub(crate) mod profile;

pub(crate) use profile::{Profile, ProfileSet};

use crate::transport::Roots;
use std::collections::HashMap;
use std::sync::Arc;

/// Where settings come from: the process environment, or a fixed map (tests, sandboxes).
#[derive(Clone, Debug, Default)]
pub(crate) struct Env(Option<Arc<HashMap<String, String>>>);

impl Env {
    pub(crate) fn fixed(vars: HashMap<String, String>) -> Self {
        Env(Some(Arc::new(vars)))
    }

    /// A variable, with blank counting as unset.
    pub(crate) fn get(&self, key: &str) -> Option<String> {
        let v = match &self.0 {
            Some(map) => map.get(key).cloned(),
            None => std::env::var(key).ok(),
        };
        v.filter(|v| !v.trim().is_empty())
    }

    /// A variable that is `true` (any case).
    pub(crate) fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }
}

/// The region from the environment or the profile (`None`: ask IMDS, or fail).
pub(crate) fn region(env: &Env, profile: &Profile) -> Option<String> {
    env.get("AWS_REGION").or_else(|| env.get("AWS_DEFAULT_REGION")).or_else(|| profile.get("region").cloned())
}

/// The configured endpoint URL of a service (`service_key` as in a `[services]` section,
/// e.g. `organizations`; `env_id` as in `AWS_ENDPOINT_URL_<ID>`, e.g. `ORGANIZATIONS`).
pub(crate) fn configured_endpoint(env: &Env, profiles: &ProfileSet, profile: &Profile, service_key: &str, env_id: &str) -> Option<String> {
    let ignore = env
        .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| profile.get("ignore_configured_endpoint_urls").cloned())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if ignore {
        return None;
    }
    env.get(&format!("AWS_ENDPOINT_URL_{env_id}"))
        .or_else(|| env.get("AWS_ENDPOINT_URL"))
        .or_else(|| {
            let services = profile.get("services")?;
            profile::sub_property(profiles.section("services", services)?.get(service_key)?, "endpoint_url")
        })
        .or_else(|| profile.get("endpoint_url").cloned())
}

/// The certificate authorities HTTPS trusts, for the service and the credential providers
/// alike: the bundle named by `AWS_CA_BUNDLE` or the profile's `ca_bundle`, else Mozilla's.
pub(crate) fn trust_roots(env: &Env, profile: &Profile) -> Roots {
    match env.get("AWS_CA_BUNDLE").or_else(|| profile.get("ca_bundle").cloned()) {
        None => Roots::Mozilla,
        // Read when the first HTTPS connection needs it (`transport::tls`).
        Some(path) => Roots::File(path.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Env {
        Env::fixed(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn region_order() {
        let profile: Profile = [("region".to_string(), "eu-west-1".to_string())].into();
        assert_eq!(region(&env(&[("AWS_REGION", "a"), ("AWS_DEFAULT_REGION", "b")]), &profile).as_deref(), Some("a"));
        assert_eq!(region(&env(&[("AWS_REGION", " "), ("AWS_DEFAULT_REGION", "b")]), &profile).as_deref(), Some("b"));
        assert_eq!(region(&env(&[]), &profile).as_deref(), Some("eu-west-1"));
        assert_eq!(region(&env(&[]), &Profile::new()), None);
    }

    #[test]
    fn endpoint_order_and_ignore() {
        let profiles = ProfileSet::default();
        let profile: Profile = [("endpoint_url".to_string(), "http://profile".to_string())].into();
        let e = env(&[("AWS_ENDPOINT_URL", "http://all"), ("AWS_ENDPOINT_URL_STS", "http://sts")]);
        assert_eq!(configured_endpoint(&e, &profiles, &profile, "sts", "STS").as_deref(), Some("http://sts"));
        assert_eq!(configured_endpoint(&e, &profiles, &profile, "sso", "SSO").as_deref(), Some("http://all"));
        assert_eq!(configured_endpoint(&env(&[]), &profiles, &profile, "sso", "SSO").as_deref(), Some("http://profile"));
        let ignored = env(&[("AWS_ENDPOINT_URL", "http://all"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE")]);
        assert_eq!(configured_endpoint(&ignored, &profiles, &profile, "sts", "STS"), None);
    }
}
