//! Waiters: poll until a resource reaches a state. The Organizations model defines none, so
//! this one is hand-written: `wait_until_account_created` polls
//! `DescribeCreateAccountStatus` until the request is `SUCCEEDED` or `FAILED`.
//!
//! The delays are those of Smithy waiters (<https://smithy.io/2.0/additional-specs/waiters.html>,
//! "Waiter retries"), as aws-sdk-rust's waiters use them: attempt `n` waits a random time
//! between the minimum delay and `min(max_delay, min_delay × 2^(n−1))`, never past the
//! maximum wait. Throttled polls (`TooManyRequestsException`, after the client's own
//! retries) are waited out like an unfinished state, not an error. The clock and the sleeps
//! are the client's (`Config::builder().time_source(..)`, `.sleep_impl(..)`): under a
//! `test_util::Mock` the waits take no real time and show in `Mock::elapsed`.

use crate::error::SdkError;
use crate::operation::describe_create_account_status::DescribeCreateAccountStatusError;
use crate::types::{CreateAccountFailureReason, CreateAccountState, CreateAccountStatus};
use crate::Client;
use std::fmt;
use std::time::Duration;

impl Client {
    /// Waits until an account creation request (the `Id` of `CreateAccount`'s status)
    /// succeeds or fails:
    /// `client.wait_until_account_created().create_account_request_id(id).wait(Duration::from_secs(900)).await`.
    pub fn wait_until_account_created(&self) -> AccountCreatedWaiter {
        AccountCreatedWaiter { client: self.clone(), request_id: None, min_delay: Duration::from_secs(5), max_delay: Duration::from_secs(120) }
    }
}

/// Builder and runner of [`Client::wait_until_account_created`].
#[derive(Clone, Debug)]
pub struct AccountCreatedWaiter {
    client: Client,
    request_id: Option<String>,
    min_delay: Duration,
    max_delay: Duration,
}

/// Why [`AccountCreatedWaiter::wait`] gave up.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError {
    /// The request reached `FAILED`.
    Failed {
        /// Why, as the service reported it.
        reason: Option<CreateAccountFailureReason>,
        /// The final status.
        status: Box<CreateAccountStatus>,
    },
    /// The maximum wait elapsed first.
    TimedOut {
        /// How long the waiter waited.
        waited: Duration,
        /// The last status seen, if any poll succeeded.
        last_status: Option<Box<CreateAccountStatus>>,
    },
    /// A poll failed with an error that waiting does not cure (throttling is waited out).
    Service(Box<SdkError<DescribeCreateAccountStatusError>>),
    /// The waiter was not given a request id.
    MissingRequestId,
}

impl fmt::Display for WaiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failed { reason, .. } => {
                write!(f, "account creation failed: {}", reason.as_ref().map(|r| r.as_str()).unwrap_or("no reason given"))
            }
            WaiterError::TimedOut { waited, last_status } => {
                let state = last_status.as_ref().and_then(|s| s.state()).map(|s| s.as_str()).unwrap_or("unknown");
                write!(f, "account creation did not finish within {waited:?} (last state: {state})")
            }
            WaiterError::Service(e) => write!(f, "DescribeCreateAccountStatus failed: {e}"),
            WaiterError::MissingRequestId => f.write_str("wait_until_account_created needs create_account_request_id"),
        }
    }
}

impl std::error::Error for WaiterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Service(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl AccountCreatedWaiter {
    /// The `Id` of the `CreateAccountStatus` that `CreateAccount` returned.
    pub fn create_account_request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// The shortest wait between polls (default 5 s).
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest wait between polls (default 120 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay.max(self.min_delay);
        self
    }

    /// Polls until `SUCCEEDED` (the final status), `FAILED`, an error, or `max_wait`.
    pub async fn wait(self, max_wait: Duration) -> Result<CreateAccountStatus, WaiterError> {
        let id = self.request_id.clone().ok_or(WaiterError::MissingRequestId)?;
        let config = self.client.config();
        let (clock, sleep) = (&config.time_source, &config.sleep);
        let start = clock.now();
        let mut last_status = None;
        for attempt in 1u32.. {
            match self.client.describe_create_account_status().create_account_request_id(&id).send().await {
                Ok(out) => {
                    let status = out.create_account_status().cloned().unwrap_or_default();
                    match status.state() {
                        Some(CreateAccountState::Succeeded) => return Ok(status),
                        Some(CreateAccountState::Failed) => {
                            return Err(WaiterError::Failed { reason: status.failure_reason().cloned(), status: Box::new(status) })
                        }
                        _ => last_status = Some(Box::new(status)),
                    }
                }
                Err(SdkError::ServiceError(e)) if e.err().is_too_many_requests_exception() => {}
                Err(e) => return Err(WaiterError::Service(Box::new(e))),
            }
            let waited = clock.now().duration_since(start).unwrap_or_default();
            let Some(remaining) = max_wait.checked_sub(waited).filter(|r| *r > Duration::ZERO) else {
                return Err(WaiterError::TimedOut { waited, last_status });
            };
            match next_delay(attempt, self.min_delay, self.max_delay, remaining, crate::random::f64()) {
                Some(delay) => sleep.sleep(delay).await,
                None => return Err(WaiterError::TimedOut { waited, last_status }),
            }
        }
        unreachable!("the attempt counter does not run out")
    }
}

/// The wait before attempt `attempt + 1` (Smithy's waiter delay), or `None` when no poll
/// fits in `remaining` any more. `unit` is a random number in `[0, 1)`.
fn next_delay(attempt: u32, min: Duration, max: Duration, remaining: Duration, unit: f64) -> Option<Duration> {
    let ceiling = min.saturating_mul(1u32 << (attempt - 1).min(20)).min(max);
    let delay = min + (ceiling.saturating_sub(min)).mul_f64(unit);
    if remaining <= min {
        return None;
    }
    // Keep the last poll inside the maximum wait.
    Some(delay.min(remaining - min).max(Duration::from_millis(1)))
}

#[cfg(test)]
mod tests {
    use super::next_delay;
    use std::time::Duration;

    #[test]
    fn delays_grow_with_jitter_between_min_and_max() {
        let (min, max, plenty) = (Duration::from_secs(5), Duration::from_secs(120), Duration::from_secs(3600));
        assert_eq!(next_delay(1, min, max, plenty, 0.0), Some(min));
        assert_eq!(next_delay(1, min, max, plenty, 0.99), Some(min), "the first ceiling is the minimum");
        assert_eq!(next_delay(3, min, max, plenty, 0.5), Some(Duration::from_millis(12_500)), "halfway between 5 s and 20 s");
        assert_eq!(next_delay(30, min, max, plenty, 1.0), Some(max), "capped at the maximum");
        assert_eq!(next_delay(30, min, max, Duration::from_secs(30), 1.0), Some(Duration::from_secs(25)), "the last poll fits");
        assert_eq!(next_delay(1, min, max, Duration::from_secs(5), 0.0), None, "no room for another poll");
    }
}
