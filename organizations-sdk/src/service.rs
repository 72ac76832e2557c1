//! The service descriptor: what the runtime needs to know about the service it serves,
//! from the model. The generated code defines the one value ([`Service`]) and the crate
//! root hands it to the runtime as `crate::SERVICE`, so no runtime module names the
//! generated code. The operations come as a macro, `generated::for_each_operation!`, for
//! the code written once for all of them (the mocks).

use crate::endpoint::{Endpoint, Params, ResolveEndpointError};

/// One service, as the model describes it.
#[derive(Debug)]
pub(crate) struct Service {
    /// The service in the `User-Agent` (`api/<name>/<version>`): the model's `serviceId`,
    /// lower-cased, spaces as `-`.
    pub(crate) api_name: &'static str,
    /// The SigV4 service name, unless the endpoint rules say otherwise.
    pub(crate) signing_name: &'static str,
    /// The request `Content-Type`: awsJson with the model's `jsonVersion`.
    pub(crate) content_type: &'static str,
    /// The model's endpoint rule set, compiled.
    pub(crate) resolve: fn(&Params) -> Result<Endpoint, ResolveEndpointError>,
}
