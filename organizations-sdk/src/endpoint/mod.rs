//! Endpoint resolution: which URL to call and which region and name to sign for.
//! TEMPORARY: replaced by the generated rule-set resolver.

use std::fmt;

/// Parameters of the endpoint rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    region: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    endpoint: Option<String>,
}

impl Params {
    /// A builder with nothing set.
    pub fn builder() -> ParamsBuilder {
        ParamsBuilder::default()
    }
}

/// Builder for [`Params`].
#[derive(Clone, Debug, Default)]
pub struct ParamsBuilder(Params);

impl ParamsBuilder {
    /// The region (`Region`).
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
    /// Builds the parameters.
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
    /// The URL to send requests to.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The region to sign for, when the rules fix one.
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

/// The rules reject these parameters; displays the rule set's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveEndpointError(String);

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveEndpointError {}

/// Resolve an endpoint.
pub fn resolve(params: &Params) -> Result<Endpoint, ResolveEndpointError> {
    if let Some(url) = &params.endpoint {
        return Ok(Endpoint { url: url.clone(), signing_region: None, signing_name: None });
    }
    let region = params.region.as_deref().ok_or_else(|| ResolveEndpointError("Invalid Configuration: Missing Region".into()))?;
    Ok(Endpoint { url: "https://organizations.us-east-1.amazonaws.com".into(), signing_region: Some("us-east-1".into()), signing_name: Some(region.len().to_string()) })
}
