//! Endpoint resolution: which URL to call and which region and name to sign for.
//!
//! The rules are the model's `endpoint-rule-set-1.json`, compiled by `cargo xtask codegen`
//! into `generated/endpoint_rules.rs`; this module holds the parameters, the result, and
//! the rule language's standard library (`docs/runtime-behaviour.md` §8).

pub(crate) mod functions;

use std::fmt;

/// Parameters of the endpoint rules (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pub(crate) region: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) endpoint: Option<String>,
}

impl Params {
    /// A builder with nothing set (FIPS and dual-stack off).
    pub fn builder() -> ParamsBuilder {
        ParamsBuilder::default()
    }
    /// The region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// Whether FIPS endpoints are requested.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }
    /// Whether dual-stack endpoints are requested.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }
    /// The custom endpoint.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }
}

/// Builder for [`Params`].
#[derive(Clone, Debug, Default)]
pub struct ParamsBuilder(Params);

impl ParamsBuilder {
    /// The region (`Region`), e.g. `eu-west-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.0.region = Some(region.into());
        self
    }
    /// `UseFIPS`.
    pub fn use_fips(mut self, on: bool) -> Self {
        self.0.use_fips = on;
        self
    }
    /// `UseDualStack`.
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.0.use_dual_stack = on;
        self
    }
    /// A custom endpoint URL (`Endpoint`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.0.endpoint = Some(url.into());
        self
    }
    /// Builds the parameters. Every parameter is optional or has a default, so this only
    /// fails if a future model adds a required one.
    pub fn build(self) -> Result<Params, ResolveEndpointError> {
        Ok(self.0)
    }
}

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    signing_region: Option<String>,
    signing_name: Option<String>,
}

impl Endpoint {
    pub(crate) fn new(url: String, signing_region: Option<String>, signing_name: Option<String>) -> Self {
        Self { url, signing_region, signing_name }
    }
    /// The URL to send requests to.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The region to sign for, when the rules fix one (the `sigv4` auth scheme).
    pub fn signing_region(&self) -> Option<&str> {
        self.signing_region.as_deref()
    }
    /// The service name to sign for, when the rules fix one.
    pub fn signing_name(&self) -> Option<&str> {
        self.signing_name.as_deref()
    }
    pub(crate) fn with_url(mut self, url: String) -> Self {
        self.url = url;
        self
    }
}

/// The rules reject these parameters; `Display` is the rule set's message (e.g.
/// `Invalid Configuration: Missing Region`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveEndpointError(String);

impl ResolveEndpointError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
    /// The rule set's message.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveEndpointError {}

/// Resolve an endpoint from the model's rules.
pub fn resolve(params: &Params) -> Result<Endpoint, ResolveEndpointError> {
    (crate::SERVICE.resolve)(params)
}
