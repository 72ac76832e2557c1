//! Clock skew correction against a loopback server that enforces SigV4's rule: a request
//! signed more than 15 minutes from the server's clock is refused with
//! `InvalidSignatureException` (and the server's `Date`, as every AWS response carries).

mod support;

use organizations_sdk::config::{RetryConfig, TimeSource};
use organizations_sdk::{Client, Config, Credentials, Region};
use std::time::{Duration, SystemTime};
use support::wire::{Recorded, Reply, WireServer};

/// The machine's clock, off by a fixed amount.
#[derive(Debug, Clone, Copy)]
struct Off(i64);

impl TimeSource for Off {
    fn now(&self) -> SystemTime {
        let shift = Duration::from_secs(self.0.unsigned_abs());
        if self.0 >= 0 {
            SystemTime::now() + shift
        } else {
            SystemTime::now() - shift
        }
    }
}

/// Accepts a request signed within 15 minutes of the real time, as AWS does.
fn enforce_window(_: usize, request: &Recorded) -> Reply {
    let signed = request.header("x-amz-date");
    let iso = format!("{}-{}-{}T{}:{}:{}Z", &signed[..4], &signed[4..6], &signed[6..8], &signed[9..11], &signed[11..13], &signed[13..15]);
    let signed = SystemTime::from(organizations_sdk::primitives::DateTime::from_rfc3339(&iso).unwrap());
    let now = SystemTime::now();
    let off = now.duration_since(signed).or_else(|e| Ok::<_, ()>(e.duration())).unwrap();
    let scope_day = &request.header("x-amz-date")[..8];
    assert!(request.header("authorization").contains(&format!("/{scope_day}/us-east-1/organizations/aws4_request")));
    if off > Duration::from_secs(15 * 60) {
        Reply::error(400, "InvalidSignatureException", "Signature expired: the request time is too far from the server's")
    } else {
        Reply::json(200, r#"{"Roots":[]}"#)
    }
}

fn client(url: &str, off: i64, correction: bool) -> Client {
    Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(url)
            .credentials_provider(Credentials::new("AKID", "SECRET", None))
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .time_source(Off(off))
            .clock_skew_correction(correction)
            .build(),
    )
}

#[tokio::test]
async fn a_clock_twenty_minutes_off_recovers_after_one_retry_then_signs_right_at_once() {
    for off in [20 * 60, -20 * 60] {
        let server = WireServer::start(enforce_window).await;
        let c = client(&server.url, off, true);
        c.list_roots().send().await.unwrap_or_else(|e| panic!("clock off by {off} s: {e:?}"));
        assert_eq!(server.requests().len(), 2, "clock off by {off} s: refused once, then accepted");
        c.list_roots().send().await.unwrap();
        assert_eq!(server.requests().len(), 3, "clock off by {off} s: the next call is signed right at once");
        // Clones share what the client learnt.
        c.clone().list_roots().send().await.unwrap();
        assert_eq!(server.requests().len(), 4);
    }
}

#[tokio::test]
async fn without_correction_a_skewed_clock_fails_and_is_not_retried() {
    for off in [20 * 60, -20 * 60] {
        let server = WireServer::start(enforce_window).await;
        let c = client(&server.url, off, false);
        let e = c.list_roots().send().await.unwrap_err();
        assert_eq!(e.code(), Some("InvalidSignatureException"), "clock off by {off} s: {e:?}");
        assert_eq!(server.requests().len(), 1, "clock off by {off} s: a signature error is not retried");
    }
}

#[tokio::test]
async fn a_right_clock_is_never_retried_for_a_signature_error() {
    // A real signature problem (wrong key) with a right clock: the skew is near 0, so the
    // error is final.
    let server = WireServer::start(|_, _| Reply::error(400, "InvalidSignatureException", "The request signature we calculated does not match")).await;
    let e = client(&server.url, 0, true).list_roots().send().await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidSignatureException"));
    assert_eq!(server.requests().len(), 1);
}
