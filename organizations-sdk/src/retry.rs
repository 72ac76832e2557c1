//! Retries (`docs/runtime-behaviour.md` §3: the Reference Guide's "Retry behavior" and
//! smithy-rs's standard strategy): which failures are retried, how long to wait, and the per-client
//! retry quota; adaptive mode adds a client-side rate limiter.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Retry strategy.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// Exponential backoff with jitter and a retry quota.
    Standard,
    /// Standard, plus a client-side rate limiter that slows down after throttling.
    Adaptive,
}

/// How failed attempts are retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// Standard mode: 3 attempts, backoff `rand × min(1 s × 2^(n−1), 20 s)`.
    pub fn standard() -> Self {
        Self { mode: RetryMode::Standard, max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }
    /// Adaptive mode: standard plus client-side rate limiting after throttles.
    pub fn adaptive() -> Self {
        Self { mode: RetryMode::Adaptive, ..Self::standard() }
    }
    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self { max_attempts: 1, ..Self::standard() }
    }
    /// Total attempts, the first included (values below 1 count as 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }
    /// Base of the exponential backoff (default 1 s).
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }
    /// Cap of a single backoff, and of `x-amz-retry-after` (default 20 s).
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }
    /// Total attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Wait before attempt `attempt + 1`, honouring the server's `x-amz-retry-after` (ms).
    pub(crate) fn backoff(&self, attempt: u32, retry_after_ms: Option<u64>) -> Duration {
        if let Some(ms) = retry_after_ms {
            return Duration::from_millis(ms).min(self.max_backoff);
        }
        let exp = self.initial_backoff.saturating_mul(1u32 << (attempt - 1).min(30));
        exp.min(self.max_backoff).mul_f64(crate::random::f64())
    }
}

/// What kind of failure an attempt ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    Throttling,
    Transient,
    Timeout,
    NotRetryable,
}

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Classify an error response by code first, then status (never throttling by status).
pub(crate) fn classify_response(code: Option<&str>, status: u16) -> Failure {
    match code {
        Some(c) if THROTTLING_CODES.contains(&c) => Failure::Throttling,
        Some(c) if TRANSIENT_CODES.contains(&c) => Failure::Transient,
        _ if TRANSIENT_STATUSES.contains(&status) => Failure::Transient,
        _ => Failure::NotRetryable,
    }
}

/// The per-client retry quota: a token bucket of 500.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    tokens: Mutex<u32>,
}

const QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;

impl RetryQuota {
    pub(crate) fn new() -> Self {
        Self { tokens: Mutex::new(QUOTA) }
    }

    /// Take the cost of retrying after `failure`; `None` when the quota is exhausted.
    pub(crate) fn acquire(&self, failure: Failure) -> Option<u32> {
        let cost = if matches!(failure, Failure::Transient | Failure::Timeout) { TIMEOUT_RETRY_COST } else { RETRY_COST };
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if *tokens < cost {
            return None;
        }
        *tokens -= cost;
        Some(cost)
    }

    /// A call succeeded: refund the last retry's cost, or add one token after a
    /// first-attempt success.
    pub(crate) fn release(&self, last_cost: Option<u32>) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *tokens = (*tokens + last_cost.unwrap_or(1)).min(QUOTA);
    }

    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        *self.tokens.lock().unwrap()
    }
}

/// The client-side rate limiter (CUBIC, as in the AWS SDKs' adaptive mode): a token bucket
/// whose fill rate drops ×0.7 on each throttle and regrows along a cubic curve, bounded by
/// twice the measured request rate. Adaptive mode's is off until the first throttle; a
/// [`Self::capped`] one (the snapshot walk, the fan-out over accounts) is on from the start
/// and never faster than its maximum. The caller passes the time, read from the configured
/// [`crate::time::TimeSource`].
#[derive(Debug)]
pub(crate) struct RateLimiter {
    state: Mutex<LimiterState>,
    /// Callers of [`Self::wait_turn`] take their token one after the other.
    turn: tokio::sync::Mutex<()>,
}

#[derive(Debug)]
struct LimiterState {
    /// Seconds are counted from here.
    start: SystemTime,
    enabled: bool,
    /// `Some(max)`: on from the start, at most `max` per second, a burst of one.
    cap: Option<f64>,
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_fill: Option<f64>,
    last_max_rate: f64,
    last_throttle: f64,
    measured_rate: f64,
    request_count: u64,
    last_bucket: f64,
}

const MIN_FILL_RATE: f64 = 0.5;
const BETA: f64 = 0.7;
const SCALE: f64 = 0.4;
const SMOOTH: f64 = 0.8;

impl RateLimiter {
    /// Adaptive mode's limiter: off until the first throttle.
    pub(crate) fn new(now: SystemTime) -> Self {
        let state = LimiterState {
            start: now,
            enabled: false,
            cap: None,
            fill_rate: MIN_FILL_RATE,
            max_capacity: 1.0,
            capacity: 1.0,
            last_fill: None,
            last_max_rate: 0.0,
            last_throttle: 0.0,
            measured_rate: 0.0,
            request_count: 0,
            last_bucket: 0.0,
        };
        Self { state: Mutex::new(state), turn: tokio::sync::Mutex::new(()) }
    }

    /// On from the start at `max` requests per second (at least 0.5), one at a time:
    /// requests are at least `1/rate` apart, and the rate never exceeds `max`.
    // Used by the Organizations-specific modules (`accounts`, `snapshot`), which the
    // codegen's scratch crates for other models leave out.
    #[allow(dead_code)]
    pub(crate) fn capped(max: f64, now: SystemTime) -> Self {
        let max = max.max(MIN_FILL_RATE);
        let limiter = Self::new(now);
        {
            let mut s = limiter.state.lock().unwrap_or_else(|e| e.into_inner());
            s.enabled = true;
            s.cap = Some(max);
            s.fill_rate = max;
            s.last_max_rate = max;
            s.measured_rate = max;
            // As if the cubic curve had just regrown to `max`.
            s.last_throttle = -(max * (1.0 - BETA) / SCALE).cbrt();
        }
        limiter
    }

    /// Waits until a request may be sent, callers in turn: each takes its token only after
    /// the one before it has slept, so a caller that wakes late pushes the next one back
    /// instead of two going out together (the bucket holds at most one token of credit).
    // Used by the Organizations-specific modules (`accounts`, `snapshot`).
    #[allow(dead_code)]
    pub(crate) async fn wait_turn(&self, clock: &dyn crate::time::TimeSource, sleep: &dyn crate::time::AsyncSleep) {
        let _turn = self.turn.lock().await;
        let wait = self.acquire(clock.now());
        if !wait.is_zero() {
            sleep.sleep(wait).await;
        }
    }

    /// How long to wait before sending (zero while the limiter is off or has a token); the
    /// token is taken either way, so concurrent callers wait their turn.
    pub(crate) fn acquire(&self, now: SystemTime) -> Duration {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !s.enabled {
            return Duration::ZERO;
        }
        let t = s.seconds(now);
        s.refill(t);
        let wait = if s.capacity >= 1.0 { 0.0 } else { (1.0 - s.capacity) / s.fill_rate };
        s.capacity -= 1.0;
        Duration::from_secs_f64(wait.max(0.0))
    }

    /// Record the outcome of a request.
    pub(crate) fn update(&self, now: SystemTime, throttled: bool) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let t = s.seconds(now);
        s.measure(t);
        let new_rate = if throttled {
            let rate = if s.enabled { s.measured_rate.min(s.fill_rate) } else { s.measured_rate };
            s.last_max_rate = rate;
            s.last_throttle = t;
            s.enabled = true;
            rate * BETA
        } else {
            let k = (s.last_max_rate * (1.0 - BETA) / SCALE).cbrt();
            SCALE * (t - s.last_throttle - k).powi(3) + s.last_max_rate
        };
        let mut new_rate = new_rate.min(2.0 * s.measured_rate).max(MIN_FILL_RATE);
        if let Some(cap) = s.cap {
            new_rate = new_rate.min(cap);
        }
        s.refill(t);
        s.fill_rate = new_rate;
        s.max_capacity = if s.cap.is_some() { 1.0 } else { new_rate.max(1.0) };
        s.capacity = s.capacity.min(s.max_capacity);
    }

    #[cfg(test)]
    pub(crate) fn fill_rate(&self) -> (bool, f64) {
        let s = self.state.lock().unwrap();
        (s.enabled, s.fill_rate)
    }
}

impl LimiterState {
    fn seconds(&self, now: SystemTime) -> f64 {
        now.duration_since(self.start).unwrap_or_default().as_secs_f64()
    }

    fn refill(&mut self, t: f64) {
        if let Some(last) = self.last_fill {
            let add = (t - last).max(0.0) * self.fill_rate;
            self.capacity = (self.capacity + add).min(self.max_capacity);
        }
        self.last_fill = Some(t);
    }

    /// Smoothed request rate over half-second buckets.
    fn measure(&mut self, t: f64) {
        let bucket = (t * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_bucket {
            let current = self.request_count as f64 / (bucket - self.last_bucket);
            self.measured_rate = current * SMOOTH + self.measured_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_bucket = bucket;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_is_by_code_then_status() {
        let cases = [
            (Some("TooManyRequestsException"), 400, Failure::Throttling),
            (Some("TooManyRequestsException"), 429, Failure::Throttling),
            (Some("ThrottlingException"), 400, Failure::Throttling),
            (Some("RequestTimeout"), 400, Failure::Transient),
            (None, 503, Failure::Transient),
            (None, 500, Failure::Transient),
            (None, 429, Failure::NotRetryable),
            (Some("InvalidInputException"), 400, Failure::NotRetryable),
            (Some("ConcurrentModificationException"), 400, Failure::NotRetryable),
            (Some("ServiceException"), 500, Failure::Transient),
            (None, 404, Failure::NotRetryable),
        ];
        for (code, status, want) in cases {
            assert_eq!(classify_response(code, status), want, "{code:?} {status}");
        }
    }

    #[test]
    fn backoff_is_bounded_and_honours_retry_after() {
        let c = RetryConfig::standard();
        for attempt in 1..=10 {
            let cap = Duration::from_secs(1 << (attempt - 1).min(5)).min(Duration::from_secs(20));
            assert!(c.backoff(attempt, None) <= cap);
        }
        assert_eq!(c.backoff(1, Some(1500)), Duration::from_millis(1500));
        assert_eq!(c.backoff(1, Some(60_000)), Duration::from_secs(20));
    }

    #[test]
    fn quota_costs_and_refunds() {
        let q = RetryQuota::new();
        assert_eq!(q.acquire(Failure::Throttling), Some(5));
        assert_eq!(q.acquire(Failure::Timeout), Some(10));
        assert_eq!(q.available(), 485);
        q.release(Some(10));
        assert_eq!(q.available(), 495);
        q.release(None);
        q.release(None);
        assert_eq!(q.available(), 497);
        while q.acquire(Failure::Transient).is_some() {}
        assert!(q.available() < 10);
        assert_eq!(q.acquire(Failure::Transient), None);
    }

    #[test]
    fn limiter_switches_on_at_first_throttle_and_slows() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let l = RateLimiter::new(t0);
        assert_eq!(l.acquire(t0), Duration::ZERO);
        for _ in 0..5 {
            l.update(t0, false);
        }
        assert!(!l.fill_rate().0);
        l.update(t0, true);
        let (on, rate) = l.fill_rate();
        assert!(on);
        assert!(rate >= MIN_FILL_RATE);
        // The bucket drains: the second immediate request must wait.
        let _ = l.acquire(t0);
        assert!(l.acquire(t0) > Duration::ZERO);
    }

    #[test]
    fn a_capped_limiter_spaces_requests_slows_on_throttles_and_regrows_to_its_cap() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let l = RateLimiter::capped(10.0, t0);
        // One at a time, 100 ms apart: the first at once, the next three each a slot later.
        let waits: Vec<u128> = (0..4).map(|_| l.acquire(t0).as_millis()).collect();
        assert_eq!(waits, [0, 100, 200, 300]);
        // Successes never lift it above the cap.
        for ms in (400..2000).step_by(100) {
            l.update(at(ms), false);
        }
        assert_eq!(l.fill_rate(), (true, 10.0));
        // A throttle cuts it by 30 % of the measured rate (here 10/s).
        l.update(at(2000), true);
        let (_, slowed) = l.fill_rate();
        assert!((6.9..=7.1).contains(&slowed), "{slowed}");
        // It regrows along the cubic curve, back to the cap and no further.
        for ms in (2100..8000).step_by(100) {
            l.update(at(ms), false);
        }
        assert_eq!(l.fill_rate(), (true, 10.0));
    }
}
