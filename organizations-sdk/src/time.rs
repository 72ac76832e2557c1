//! Time: the clock ([`TimeSource`]) and the timer ([`AsyncSleep`]) that everything which
//! reads the time or waits goes through — signing, clock skew, credential expiry, retry
//! backoff, the rate limiters, the snapshot walk, waiters — so that a test or a mock can
//! pin the clock and make time pass at once. Both are set on the configuration
//! (`Config::builder().time_source(..)`, `.sleep_impl(..)`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

/// A clock: what signing, credential expiry and the rate limiters read (tests pin it to
/// reproduce a signature).
pub trait TimeSource: fmt::Debug + Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always says the same time.
#[derive(Debug, Clone, Copy)]
pub struct StaticTimeSource(SystemTime);

impl StaticTimeSource {
    /// A clock stopped at `time`.
    pub fn new(time: SystemTime) -> Self {
        Self(time)
    }
}

impl TimeSource for StaticTimeSource {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Waits: retry backoff, the rate limiters, the snapshot walk and waiters sleep through it,
/// so a test or a mock can make time pass at once.
pub trait AsyncSleep: fmt::Debug + Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// Tokio's timer (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        Box::pin(tokio::time::sleep(duration))
    }
}
