//! SigV4 signing with the `aws-sigv4` crate.

use crate::credentials::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::SystemTime;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Add `Authorization`, `X-Amz-Date` and (with a session token) `X-Amz-Security-Token`.
pub(crate) fn sign_request<B>(
    request: &mut http::Request<B>,
    body: &[u8],
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), BoxError> {
    let identity: Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        credentials.expiry(),
        "organizations-sdk",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()?
        .into();
    let headers = request.headers().iter().filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?)));
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(request.method().as_str(), uri, headers, SignableBody::Bytes(body))?;
    let (instructions, _signature) = sign(signable, &params)?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}
