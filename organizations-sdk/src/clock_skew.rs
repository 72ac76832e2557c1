//! Clock skew correction, as the AWS SDKs share it (the `clock-skew-test-cases.json` suite of
//! the `aws-runtime` crate, vendored under `tests/fixtures/conformance/`, and aws-sdk-rust's
//! `service_clock_skew` behaviour):
//!
//! - every response's `Date` gives a skew: server time minus the midpoint of sending and
//!   receiving (the NTP offset estimate of RFC 5905 §8) — except a cached response (an `Age`
//!   header: its `Date` is old) and a round trip longer than 15 minutes (too slow to trust);
//! - the latest skew is the client's, used to sign the first attempt of later calls, and the
//!   call's own, used to sign its next attempts;
//! - an error whose code says the signature time may be wrong (`RequestTimeTooSkewed`,
//!   `InvalidSignatureException`, …) is retried, as a transient error under the retry quota,
//!   only when that response's skew exceeds 4 minutes: SigV4 accepts 5 minutes either way,
//!   so a smaller skew means the signature is wrong for another reason.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

/// Codes a service answers when the request's signing time may be too far off.
const CLOCK_SKEW_CODES: &[&str] =
    &["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "RequestTimeTooSkewed", "AccessDeniedException"];

/// At most this much skew, a clock-skew code is a real signature problem.
const DETECTION_THRESHOLD_MS: u64 = 4 * 60 * 1000;

/// A round trip longer than this says nothing reliable about the server's clock.
const MAX_TRUSTED_ROUND_TRIP: Duration = Duration::from_secs(15 * 60);

/// The client's skew in milliseconds (positive: the service's clock is ahead), shared by its
/// clones.
#[derive(Debug, Default)]
pub(crate) struct ClientSkew(AtomicI64);

impl ClientSkew {
    pub(crate) fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
    pub(crate) fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::Relaxed);
    }
}

/// `time` moved by `skew_ms`.
pub(crate) fn apply(time: SystemTime, skew_ms: i64) -> SystemTime {
    let shift = Duration::from_millis(skew_ms.unsigned_abs());
    if skew_ms >= 0 { time.checked_add(shift) } else { time.checked_sub(shift) }.unwrap_or(time)
}

/// The skew a response shows, when it can be trusted.
pub(crate) fn measure(sent: SystemTime, received: SystemTime, headers: &http::HeaderMap) -> Option<i64> {
    if headers.contains_key(http::header::AGE) {
        return None;
    }
    let date = headers.get(http::header::DATE)?.to_str().ok()?;
    let server = SystemTime::from(crate::primitives::DateTime::from_http_date(date)?);
    let round_trip = received.duration_since(sent).unwrap_or_default();
    if round_trip > MAX_TRUSTED_ROUND_TRIP {
        return None;
    }
    let midpoint = sent + round_trip / 2;
    Some(match server.duration_since(midpoint) {
        Ok(ahead) => ahead.as_millis() as i64,
        Err(behind) => -(behind.duration().as_millis() as i64),
    })
}

/// Whether an error response is worth retrying once signed with the corrected time.
pub(crate) fn is_skew_error(code: Option<&str>, skew_ms: Option<i64>) -> bool {
    let far_off = skew_ms.is_some_and(|ms| ms.unsigned_abs() > DETECTION_THRESHOLD_MS);
    far_off && code.is_some_and(|c| CLOCK_SKEW_CODES.contains(&c))
}
