//! The contract between the runtime and the generated code, and the awsJson 1.1 protocol
//! behind it (`docs/runtime-behaviour.md` §1–2: the Smithy awsJson 1.1 specification).
//!
//! Every generated operation implements [`Operation`]; its output [`OperationOutput`]; its
//! error enum [`OperationError`] (and [`ErrorView`] for each variant); each modeled
//! exception [`ModeledError`]. They name the public vocabulary of `error`
//! (`ErrorMetadata`, `Unhandled`, `SdkError`, `RawResponse`) and read and write through
//! `json`; this module depends on nothing else. Everything here that does not depend on the
//! operation's types is non-generic, so it is compiled once.

use crate::error::{ErrorMetadata, ProvideErrorMetadata, RawResponse, SdkError};
use crate::json::{self, ReadJson, WriteJson};
use std::fmt;

/// What the generated code says about each operation: implemented by every
/// `operation::<op>::<Op>` marker type.
pub(crate) trait Operation: 'static {
    /// The wire name, e.g. `ListAccounts`.
    const NAME: &'static str;
    /// The `X-Amz-Target` header: the service's target prefix, a dot, then `NAME`.
    const TARGET: &'static str;
    /// Whether the model defines an output (an empty body is accepted when it does not).
    const HAS_OUTPUT: bool;
    type Input: WriteJson + Clone + Send + Sync + 'static;
    type Output: ReadJson + OperationOutput + Send + 'static;
    type Error: OperationError + Send + 'static;
    /// The model's `requestcompression` trait: gzip bodies of at least the configured
    /// minimum size.
    const REQUEST_COMPRESSION: bool = false;
    /// The span of one call ([`call_span!`]).
    fn span(invocation_id: &str) -> tracing::Span;
    /// The model's `endpoint` trait: the host prefix for this input (`foo.bar.`), its
    /// `{label}`s filled from the input's `hostLabel` members.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, crate::error::BuildError> {
        Ok(None)
    }
}

/// A `hostLabel` member's value, checked to be a valid host label (RFC 1123: 1–63
/// letters, digits and hyphens, not starting or ending with a hyphen), since it becomes
/// part of the endpoint's host name.
#[allow(dead_code)] // named by generated code for operations with a host prefix; Organizations has none
pub(crate) fn host_label<'a>(member: &'static str, value: Option<&'a str>) -> Result<&'a str, crate::error::BuildError> {
    let value = value.ok_or_else(|| crate::error::BuildError::missing_field(member))?;
    let valid = (1..=63).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if valid {
        Ok(value)
    } else {
        Err(crate::error::BuildError::invalid_field(member, format!("{value:?} is not a valid host label (1-63 letters, digits and hyphens, not starting or ending with a hyphen): it becomes part of the endpoint's host name")))
    }
}

/// The DEBUG span of one call: named `<service>.<operation>` (`Organizations.ListAccounts`),
/// with OpenTelemetry's RPC fields `rpc.system = "aws-api"`, `rpc.service`, `rpc.method`,
/// `sdk_invocation_id`, and `aws.request_id` recorded when a response names it. A span's
/// name must be a literal (tracing registers each callsite statically), so every operation
/// expands this macro with its own.
macro_rules! call_span {
    ($name:literal, $service:literal, $method:literal, $invocation_id:expr) => {
        ::tracing::debug_span!(
            $name,
            "rpc.system" = "aws-api",
            "rpc.service" = $service,
            "rpc.method" = $method,
            sdk_invocation_id = $invocation_id,
            "aws.request_id" = ::tracing::field::Empty,
        )
    };
}
pub(crate) use call_span;

/// Outputs carry the request id of their response.
pub(crate) trait OperationOutput {
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// Operation error enums are built from an error response.
pub(crate) trait OperationError {
    /// `code` is the cleaned error code (empty when the response had none).
    fn from_response(code: &str, body: &[u8], meta: ErrorMetadata) -> Self;
}

/// What every variant of an error enum offers: metadata and a message to display.
pub(crate) trait ErrorView: ProvideErrorMetadata + fmt::Display {}

impl<T: ProvideErrorMetadata + fmt::Display> ErrorView for T {}

/// Writes `Name: message` (or `Name`), the `Display` of every modeled error.
pub(crate) fn fmt_error(f: &mut fmt::Formatter<'_>, name: &str, message: Option<&str>) -> fmt::Result {
    match message {
        Some(m) => write!(f, "{name}: {m}"),
        None => f.write_str(name),
    }
}

/// A modeled exception: the code and HTTP status the service sends it with (the model's
/// `error` trait), and the response's metadata received after its fields are parsed.
// The constants are read by the mocks' rendering (`test-util`); the parser matches the
// code against the literal, which reads better beside the variant it picks.
#[allow(dead_code)]
pub(crate) trait ModeledError {
    /// The wire code, e.g. `AWSOrganizationsNotInUseException` (the `__type` of the body).
    const CODE: &'static str;
    /// The HTTP status of the response.
    const STATUS: u16;
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// Parse a modeled exception; a body that does not fit still yields the exception with
/// the metadata (the code decided its type).
pub(crate) fn modeled<T: ReadJson + Default + ModeledError>(body: &[u8], meta: ErrorMetadata) -> T {
    let mut err: T = json::from_slice(body).unwrap_or_default();
    err.set_meta(meta);
    err
}

/// Parse a complete response into the operation's output or typed error.
pub(crate) fn parse_response<O: Operation>(response: RawResponse) -> Result<O::Output, SdkError<O::Error>> {
    if response.is_success() {
        let body = response.body();
        let doc: &[u8] = if !O::HAS_OUTPUT && body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
        match json::from_slice::<O::Output>(doc) {
            Ok(mut output) => {
                output.set_request_id(response.request_id().map(str::to_owned));
                Ok(output)
            }
            Err(e) => {
                let msg = if body.is_empty() {
                    format!("{}: empty response body", O::NAME)
                } else {
                    format!("{}: could not parse the response body: {e}", O::NAME)
                };
                Err(SdkError::ResponseError(crate::error::ResponseError::new(msg, response)))
            }
        }
    } else {
        let meta = error_metadata(&response);
        let code = meta.code().unwrap_or_default().to_owned();
        let err = O::Error::from_response(&code, response.body(), meta);
        Err(SdkError::service_error(err, response))
    }
}

/// Code, message and request id of an error response (`docs/runtime-behaviour.md` §1): code from
/// `X-Amzn-Errortype`, else body `code`, else body `__type`, cleaned; message from body
/// `message`, `Message` or `errorMessage`. A body that is not JSON (an HTML 502 from a
/// proxy) yields what the headers and status say.
pub(crate) fn error_metadata(response: &RawResponse) -> ErrorMetadata {
    #[derive(Default)]
    struct Body {
        code: Option<String>,
        type_: Option<String>,
        message: Option<String>,
        message_upper: Option<String>,
        error_message: Option<String>,
    }
    let mut body = Body::default();
    let read = json::read_object(response.body(), |r, key| {
        let slot = match key {
            "code" => &mut body.code,
            "__type" => &mut body.type_,
            "message" => &mut body.message,
            "Message" => &mut body.message_upper,
            "errorMessage" => &mut body.error_message,
            _ => return r.skip(),
        };
        // Only strings count; anything else is skipped.
        *slot = if r.string_next() { Some(r.string()?.into_owned()) } else { r.skip().map(|()| None)? };
        Ok(())
    });
    // A body that is not a JSON object (an HTML 502) says nothing, even in part.
    let body = if read.is_ok() { body } else { Body::default() };
    let header_code = response.header("x-amzn-errortype").map(str::to_owned);
    let code = header_code.or(body.code).or(body.type_).map(|c| clean_code(&c).to_owned()).filter(|c| !c.is_empty());
    let message = body.message.or(body.message_upper).or(body.error_message);
    ErrorMetadata::new(code, message, response.request_id().map(str::to_owned), response.status())
}

/// `aws.protocoltests.json#FooError:http://internal/` → `FooError`.
pub(crate) fn clean_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or_default();
    let code = code.rsplit_once('#').map_or(code, |(_, after)| after);
    code.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_code_table() {
        let cases = [
            ("FooError", "FooError"),
            ("aws.protocoltests.json#FooError", "FooError"),
            ("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
            ("aws.protocoltests.json#FooError:http://internal.amazon.com/", "FooError"),
            ("com.amazonaws.organizations.v20161128#AccountNotFoundException", "AccountNotFoundException"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_code(raw), want, "{raw}");
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.insert(http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        RawResponse::new(status, map, body.as_bytes().to_vec().into())
    }

    #[test]
    fn metadata_sources_in_order() {
        let r = response(
            400,
            &[("x-amzn-errortype", "HeaderCode:http://x"), ("x-amzn-requestid", "rid")],
            r#"{"__type":"BodyType","code":"BodyCode","message":"m"}"#,
        );
        let m = error_metadata(&r);
        assert_eq!((m.code(), m.message(), m.request_id(), m.status()), (Some("HeaderCode"), Some("m"), Some("rid"), Some(400)));
        let m = error_metadata(&response(400, &[], r#"{"__type":"ns#TypeCode","code":"BodyCode","Message":"M"}"#));
        assert_eq!((m.code(), m.message()), (Some("BodyCode"), Some("M")));
        let m = error_metadata(&response(400, &[("x-amz-request-id", "r2")], r#"{"__type":"ns#TypeCode","errorMessage":"e"}"#));
        assert_eq!((m.code(), m.message(), m.request_id()), (Some("TypeCode"), Some("e"), Some("r2")));
        let m = error_metadata(&response(502, &[], "<html>Bad Gateway</html>"));
        assert_eq!((m.code(), m.message(), m.status()), (None, None, Some(502)));
        let m = error_metadata(&response(400, &[], r#"{"__type": 5, "message": ["x"]}"#));
        assert_eq!((m.code(), m.message()), (None, None));
    }
}
