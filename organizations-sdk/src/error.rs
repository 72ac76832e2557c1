//! Errors: [`SdkError`] around every call, error metadata, and the traits that read it.

use bytes::Bytes;
use std::error::Error as StdError;
use std::fmt;

type BoxError = Box<dyn StdError + Send + Sync>;

/// A complete HTTP response as the service (or whatever answered) sent it: status, headers
/// and body. [`SdkError::raw_response`] gives it for every failure that got a response,
/// so a caller can log what came back.
#[derive(Clone, Debug)]
pub struct RawResponse {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl RawResponse {
    /// A response from its parts (for tests of code that handles [`SdkError`]).
    pub fn new(status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        Self { status, headers, body }
    }
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }
    /// The body bytes (possibly partial, when reading it failed).
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    pub(crate) fn header(&self, name: impl http::header::AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// `x-amzn-requestid`, else `x-amz-request-id`.
    pub(crate) fn request_id(&self) -> Option<&str> {
        // Names built at compile time: a `&str` name is parsed and hashed on every lookup.
        const AMZN_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-amzn-requestid");
        const AMZ_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-amz-request-id");
        self.header(AMZN_REQUEST_ID).or_else(|| self.header(AMZ_REQUEST_ID))
    }
}

/// Code, message and request id of an error response, as the service sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

impl ErrorMetadata {
    pub(crate) fn new(code: Option<String>, message: Option<String>, request_id: Option<String>, status: u16) -> Self {
        Self { code, message, request_id, status: Some(status) }
    }
    /// The error code (`AccountNotFoundException`), cleaned of namespace and URL suffix.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The request id the service assigned.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// The HTTP status of the response.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

/// Access to the code and message of an error.
pub trait ProvideErrorMetadata {
    /// All of the metadata.
    fn meta(&self) -> &ErrorMetadata;
    /// The error code, e.g. `TooManyRequestsException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }
    /// The error message.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// Access to the request id of a response (`x-amzn-requestid`).
pub trait RequestId {
    /// The request id, when the service sent one.
    fn request_id(&self) -> Option<&str>;
}

impl<T: ProvideErrorMetadata> RequestId for T {
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

/// The payload of every error enum's `Unhandled` variant, sealed: it can be neither named
/// nor built outside this crate, so callers read it through [`ProvideErrorMetadata`]
/// (`code()`, `message()`, `meta()`) instead of matching on it.
pub(crate) mod sealed_unhandled {
    use super::{ErrorMetadata, ProvideErrorMetadata};
    use std::error::Error as StdError;
    use std::fmt;
    use std::sync::Arc;

    /// An error response the model does not describe for the operation (or a failure that is
    /// not a service error, when converted into an operation error). Keeps the metadata.
    #[derive(Clone, Debug)]
    pub struct Unhandled {
        meta: ErrorMetadata,
        source: Option<Arc<dyn StdError + Send + Sync>>,
    }

    impl Unhandled {
        pub(crate) fn new(meta: ErrorMetadata) -> Self {
            Self { meta, source: None }
        }
        pub(crate) fn from_source(source: impl StdError + Send + Sync + 'static) -> Self {
            Self { meta: ErrorMetadata::default(), source: Some(Arc::new(source)) }
        }
    }

    impl PartialEq for Unhandled {
        fn eq(&self, other: &Self) -> bool {
            self.meta == other.meta && self.source.is_none() == other.source.is_none()
        }
    }

    impl ProvideErrorMetadata for Unhandled {
        fn meta(&self) -> &ErrorMetadata {
            &self.meta
        }
    }

    impl fmt::Display for Unhandled {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            if let Some(source) = &self.source {
                return write!(f, "unhandled error: {source}");
            }
            f.write_str("unhandled error")?;
            if let Some(code) = self.meta.code() {
                write!(f, " {code}")?;
            }
            if let Some(status) = self.meta.status() {
                write!(f, " (HTTP {status})")?;
            }
            if let Some(message) = self.meta.message() {
                write!(f, ": {message}")?;
            }
            Ok(())
        }
    }

    impl StdError for Unhandled {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
        }
    }
}

pub(crate) use sealed_unhandled::Unhandled;

/// Operation errors that can wrap a failure that is not a modeled service error.
pub trait CreateUnhandledError {
    /// Wraps `unhandled` in the error's `Unhandled` variant.
    fn create_unhandled_error(unhandled: Unhandled) -> Self;
}

/// A structure could not be built: a required member is missing, or a member's value
/// cannot be sent (a host label that is not a valid host name part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    member: &'static str,
    /// Why the value is invalid; `None` when the member is missing.
    problem: Option<String>,
}

impl BuildError {
    pub(crate) fn missing_field(member: &'static str) -> Self {
        Self { member, problem: None }
    }
    #[allow(dead_code)] // for generated host labels; Organizations has none
    pub(crate) fn invalid_field(member: &'static str, problem: String) -> Self {
        Self { member, problem: Some(problem) }
    }
    /// The missing or invalid member, as `Structure.member` (e.g. `CreateOrganizationalUnitInput.parent_id`).
    pub fn member(&self) -> &str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            None => write!(f, "missing required member `{}`", self.member),
            Some(problem) => write!(f, "invalid member `{}`: {problem}", self.member),
        }
    }
}

impl StdError for BuildError {}

macro_rules! source_error {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            source: BoxError,
        }

        impl $name {
            pub(crate) fn new(source: impl Into<BoxError>) -> Self {
                Self { source: source.into() }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.source, f)
            }
        }

        impl StdError for $name {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(self.source.as_ref())
            }
        }
    };
}

source_error!(
    /// The request could not be built or sent at all: invalid input, configuration or
    /// credentials. Nothing was sent.
    ConstructionFailure
);
source_error!(
    /// A connect, read, attempt or operation timeout elapsed.
    TimeoutError
);
source_error!(
    /// The request could not be delivered: connection refused or reset, DNS, TLS, I/O.
    DispatchFailure
);

/// A response arrived but could not be read or parsed; the raw response is kept.
#[derive(Debug)]
pub struct ResponseError<R> {
    source: BoxError,
    raw: R,
}

impl<R> ResponseError<R> {
    pub(crate) fn new(source: impl Into<BoxError>, raw: R) -> Self {
        Self { source: source.into(), raw }
    }
    /// The response as received.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

/// The service answered with an error; `E` is the operation's typed error.
#[derive(Debug)]
pub struct ServiceError<E, R> {
    source: E,
    raw: R,
}

impl<E, R> ServiceError<E, R> {
    /// The typed error.
    pub fn err(&self) -> &E {
        &self.source
    }
    /// The typed error, by value.
    pub fn into_err(self) -> E {
        self.source
    }
    /// The response as received.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

/// The error of every `send()`: what went wrong, at which stage.
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E, R = RawResponse> {
    /// The request could not be constructed (nothing was sent).
    ConstructionFailure(ConstructionFailure),
    /// A timeout elapsed.
    TimeoutError(TimeoutError),
    /// The request could not be sent or the connection failed before a response.
    DispatchFailure(DispatchFailure),
    /// The response could not be read or parsed.
    ResponseError(ResponseError<R>),
    /// The service returned an error.
    ServiceError(ServiceError<E, R>),
}

impl<E, R> SdkError<E, R> {
    pub(crate) fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::ConstructionFailure(ConstructionFailure::new(source))
    }
    pub(crate) fn service_error(source: E, raw: R) -> Self {
        Self::ServiceError(ServiceError { source, raw })
    }

    /// The typed service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(e) => Some(&e.source),
            _ => None,
        }
    }

    /// The raw response, when one arrived.
    pub fn raw_response(&self) -> Option<&R> {
        match self {
            Self::ServiceError(e) => Some(&e.raw),
            Self::ResponseError(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// The operation error: the service error itself, or any other failure wrapped in the
    /// operation error's `Unhandled` variant (its `source()` is the original failure).
    pub fn into_service_error(self) -> E
    where
        E: CreateUnhandledError,
        R: fmt::Debug + Send + Sync + 'static,
    {
        match self {
            Self::ServiceError(e) => e.source,
            other => E::create_unhandled_error(Unhandled::from_source(other.map_service_error(|_| Untyped))),
        }
    }

    /// Changes the service error type.
    pub(crate) fn map_service_error<E2>(self, f: impl FnOnce(E) -> E2) -> SdkError<E2, R> {
        match self {
            Self::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            Self::TimeoutError(e) => SdkError::TimeoutError(e),
            Self::DispatchFailure(e) => SdkError::DispatchFailure(e),
            Self::ResponseError(e) => SdkError::ResponseError(e),
            Self::ServiceError(e) => SdkError::ServiceError(ServiceError { source: f(e.source), raw: e.raw }),
        }
    }
}

/// Stand-in service error type for [`SdkError::into_service_error`]'s wrapped failures.
#[derive(Debug)]
struct Untyped;

impl fmt::Display for Untyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("service error")
    }
}

impl StdError for Untyped {}

impl<E: ProvideErrorMetadata, R> SdkError<E, R> {
    /// The error code of a service error.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().and_then(|e| e.code())
    }
    /// The message of a service error.
    pub fn message(&self) -> Option<&str> {
        self.as_service_error().and_then(|e| e.message())
    }
}

impl<E: ProvideErrorMetadata> RequestId for SdkError<E, RawResponse> {
    fn request_id(&self) -> Option<&str> {
        match self {
            Self::ServiceError(e) => e.source.meta().request_id().or_else(|| e.raw.request_id()),
            Self::ResponseError(e) => e.raw.request_id(),
            _ => None,
        }
    }
}

impl<E: fmt::Display, R> fmt::Display for SdkError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => write!(f, "failed to construct request: {}", e.source),
            Self::TimeoutError(e) => write!(f, "request timed out: {}", e.source),
            Self::DispatchFailure(e) => write!(f, "dispatch failure: {}", chain(e.source.as_ref())),
            Self::ResponseError(e) => write!(f, "response error: {}", e.source),
            Self::ServiceError(e) => write!(f, "service error: {}", e.source),
        }
    }
}

/// `outer: inner: innermost`, because transport errors hide their cause in `source()` (a
/// source its parent already quotes is left out).
pub(crate) fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

impl<E, R> StdError for SdkError<E, R>
where
    E: StdError + 'static,
    R: fmt::Debug,
{
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::ConstructionFailure(e) => Some(e.source.as_ref()),
            Self::TimeoutError(e) => Some(e.source.as_ref()),
            Self::DispatchFailure(e) => Some(e.source.as_ref()),
            Self::ResponseError(e) => Some(e.source.as_ref()),
            Self::ServiceError(e) => Some(&e.source),
        }
    }
}
