//! Retries, timeouts and fault handling against a scripted hyper server on loopback.
//! Backoffs are configured small (milliseconds) so the suite stays fast.

mod support;

use organizations_sdk::config::{RetryConfig, TimeSource, TimeoutConfig};
use organizations_sdk::error::{ProvideErrorMetadata, SdkError};
use organizations_sdk::operation::list_accounts::ListAccountsError;
use organizations_sdk::{Client, Config, Credentials, Region};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::wire::{Reply, WireServer};

/// A clock that moves one second per reading, so every signature has its own date.
#[derive(Debug, Default)]
struct TickingClock(AtomicU64);

impl TimeSource for TickingClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + self.0.fetch_add(1, Ordering::SeqCst))
    }
}

fn config(url: &str) -> organizations_sdk::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)).with_max_backoff(Duration::from_millis(50)))
}

fn client(url: &str) -> Client {
    Client::from_conf(config(url).build())
}

const OK: &str = r#"{"Accounts":[]}"#;

#[tokio::test]
async fn transient_errors_then_success_on_attempt_three() {
    let server = WireServer::start(|n, _| if n < 2 { Reply::json(503, "") } else { Reply::json(200, OK) }).await;
    // The ticking clock is years behind the server's `Date`: skew correction would sign
    // every attempt at the server's time (one-second resolution), and this test is about
    // signing each attempt afresh, so it signs with the local clock.
    let c = Client::from_conf(config(&server.url).time_source(TickingClock::default()).clock_skew_correction(false).build());
    c.list_accounts().send().await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let attempts: Vec<_> = reqs.iter().map(|r| r.header("amz-sdk-request").to_owned()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    let ids: std::collections::HashSet<_> = reqs.iter().map(|r| r.header("amz-sdk-invocation-id").to_owned()).collect();
    assert_eq!(ids.len(), 1, "one invocation id for all attempts");
    let dates: std::collections::HashSet<_> = reqs.iter().map(|r| r.header("x-amz-date").to_owned()).collect();
    let sigs: std::collections::HashSet<_> = reqs.iter().map(|r| r.header("authorization").to_owned()).collect();
    assert_eq!((dates.len(), sigs.len()), (3, 3), "every attempt is signed afresh");
}

#[tokio::test]
async fn throttling_storm_gives_up_after_max_attempts() {
    for status in [400, 429] {
        let server = WireServer::start(move |_, _| Reply::error(status, "TooManyRequestsException", "slow down")).await;
        let err = client(&server.url).list_accounts().send().await.unwrap_err();
        assert_eq!(server.requests().len(), 3, "status {status}");
        assert_eq!(err.code(), Some("TooManyRequestsException"));
        assert!(matches!(err.into_service_error(), ListAccountsError::TooManyRequestsException(_)));
    }
    let server = WireServer::start(|_, _| Reply::error(400, "TooManyRequestsException", "slow down")).await;
    let c = Client::from_conf(
        config(&server.url).retry_config(RetryConfig::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(1))).build(),
    );
    c.list_accounts().send().await.unwrap_err();
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn non_retryable_errors_are_sent_once() {
    for code in ["InvalidInputException", "ConcurrentModificationException", "AccessDeniedException"] {
        let server = WireServer::start(move |_, _| Reply::error(400, code, "no")).await;
        let err = client(&server.url).list_accounts().send().await.unwrap_err();
        assert_eq!(server.requests().len(), 1, "{code}");
        assert_eq!(err.code(), Some(code));
    }
}

#[tokio::test]
async fn connection_reset_before_headers_is_retried() {
    let server = WireServer::start(|n, _| if n == 0 { Reply::Reset } else { Reply::json(200, OK) }).await;
    client(&server.url).list_accounts().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = WireServer::start(|_, _| Reply::Reset).await;
    let err = client(&server.url).list_accounts().send().await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn connection_closed_mid_body_is_retried() {
    let server =
        WireServer::start(|n, _| if n == 0 { Reply::CloseMidBody { declared: 100, sent: r#"{"Accounts":["#.into() } } else { Reply::json(200, OK) })
            .await;
    client(&server.url).list_accounts().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = WireServer::start(|_, _| Reply::CloseMidBody { declared: 100, sent: "{".into() }).await;
    let err = client(&server.url).list_accounts().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn attempt_timeout_is_retried() {
    let server = WireServer::start(|n, _| if n == 0 { Reply::Hang } else { Reply::json(200, OK) }).await;
    let timeouts = TimeoutConfig::builder().operation_attempt_timeout(Duration::from_millis(200)).build();
    let c = Client::from_conf(config(&server.url).timeout_config(timeouts).build());
    c.list_accounts().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = WireServer::start(|_, _| Reply::Hang).await;
    let timeouts = TimeoutConfig::builder().operation_attempt_timeout(Duration::from_millis(100)).build();
    let err = Client::from_conf(config(&server.url).timeout_config(timeouts).build()).list_accounts().send().await.unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn slow_body_trickle_hits_the_operation_timeout() {
    let chunks = (0..100).map(|_| bytes::Bytes::from_static(b" ")).collect();
    let server = WireServer::start(move |_, _| Reply::Trickle { chunks: Vec::clone(&chunks), every: Duration::from_millis(50) }).await;
    let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_millis(300)).build();
    // The trickle lasts 5 s and would then fail to parse: a timeout error proves the
    // operation timeout ended the call while data was still arriving.
    let err = Client::from_conf(config(&server.url).timeout_config(timeouts).build()).list_accounts().send().await.unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1);

    // A read timeout catches a stall between chunks, per attempt.
    let server = WireServer::start(|_, _| Reply::Trickle { chunks: vec!["{".into(), "}".into()], every: Duration::from_millis(400) }).await;
    let timeouts = TimeoutConfig::builder().read_timeout(Duration::from_millis(100)).build();
    let c = Client::from_conf(config(&server.url).timeout_config(timeouts).retry_config(RetryConfig::disabled()).build());
    assert!(matches!(c.list_accounts().send().await.unwrap_err(), SdkError::TimeoutError(_)));
}

#[tokio::test]
async fn broken_bodies_are_not_retried_and_proxy_errors_are() {
    let cases: Vec<(Reply, usize, &str)> = vec![
        (Reply::json(200, r#"{"Accounts":[{"Id":"1"#), 1, "response"),
        (Reply::json(200, "\u{7}garbage\u{0}"), 1, "response"),
        (Reply::Respond(200, vec![], vec![b'x'; 10 * 1024 * 1024].into()), 1, "response"),
        (Reply::Respond(502, vec![("content-type", "text/html".into())], "<html>Bad Gateway</html>".into()), 3, "service"),
    ];
    for (reply, attempts, kind) in cases {
        let label = format!("{reply:?}").chars().take(60).collect::<String>();
        let server = WireServer::start(move |_, _| reply.clone()).await;
        let err = client(&server.url).list_accounts().send().await.unwrap_err();
        assert_eq!(server.requests().len(), attempts, "{label}");
        match kind {
            "response" => assert!(matches!(err, SdkError::ResponseError(_)), "{label}: {err:?}"),
            _ => {
                let e = err.into_service_error();
                #[allow(deprecated)]
                let unhandled = matches!(e, organizations_sdk::operation::list_accounts::ListAccountsError::Unhandled(_));
                assert!(unhandled, "{label}");
                assert_eq!(e.meta().status(), Some(502));
            }
        }
    }
}

/// On tokio's paused clock, so the wait is measured exactly: the backoff is the server's
/// `x-amz-retry-after` (150 ms), not the jittered exponential one. (No other timer runs: a
/// pending connect timeout would be advanced to while the runtime waits for loopback I/O.)
#[tokio::test(start_paused = true)]
async fn retry_after_header_is_honoured() {
    let server =
        WireServer::start(
            |n, _| {
                if n == 0 {
                    Reply::Respond(503, vec![("x-amz-retry-after", "150".into())], "".into())
                } else {
                    Reply::json(200, OK)
                }
            },
        )
        .await;
    let retry = RetryConfig::standard().with_max_backoff(Duration::from_secs(2));
    let c = Client::from_conf(config(&server.url).retry_config(retry).timeout_config(TimeoutConfig::disabled()).build());
    let start = tokio::time::Instant::now();
    c.list_accounts().send().await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_millis(150));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_quota_is_shared_and_runs_out() {
    let server = WireServer::start(|_, _| Reply::json(503, "")).await;
    let c = client(&server.url);
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.list_accounts().send().await })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap().is_err());
    }
    // 100 first attempts are free; each retry after a 5xx costs 10 of the 500 tokens.
    assert_eq!(server.requests().len(), 150);
    // Now empty: the next call is not retried at all.
    c.list_accounts().send().await.unwrap_err();
    assert_eq!(server.requests().len(), 151);
}

#[tokio::test]
async fn paginator_survives_throttles_without_losing_or_repeating_items() {
    let throttled_pages: Arc<Vec<usize>> = Arc::new((0..20).filter(|p| (p * 7 + 3) % 5 == 0).collect());
    let seen = Arc::new(std::sync::Mutex::new(std::collections::HashMap::<usize, usize>::new()));
    let (pages, counts) = (throttled_pages.clone(), seen.clone());
    let server = WireServer::start(move |_, r| {
        let token = r.json()["NextToken"].as_str().map(|t| t.trim_start_matches('p').parse::<usize>().unwrap()).unwrap_or(0);
        let n = {
            let mut c = counts.lock().unwrap();
            let e = c.entry(token).or_default();
            *e += 1;
            *e
        };
        if pages.contains(&token) && n == 1 {
            return Reply::error(400, "TooManyRequestsException", "throttled");
        }
        let accounts: Vec<String> = (0..10).map(|i| format!(r#"{{"Id":"{}"}}"#, token * 10 + i)).collect();
        let next = if token < 19 { format!(r#","NextToken":"p{}""#, token + 1) } else { String::new() };
        Reply::json(200, &format!(r#"{{"Accounts":[{}]{next}}}"#, accounts.join(",")))
    })
    .await;
    let items: Vec<_> = client(&server.url).list_accounts().into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    let ids: Vec<usize> = items.iter().map(|a| a.id().unwrap().parse().unwrap()).collect();
    assert_eq!(ids, (0..200).collect::<Vec<_>>(), "every item exactly once, in order");
    assert!(!throttled_pages.is_empty());
    assert_eq!(server.requests().len(), 20 + throttled_pages.len());
    for (page, count) in seen.lock().unwrap().iter() {
        assert_eq!(*count, if throttled_pages.contains(page) { 2 } else { 1 }, "page {page}");
    }
}

#[tokio::test]
async fn sequential_calls_reuse_one_keep_alive_connection() {
    let server = WireServer::start(|_, _| Reply::json(200, OK)).await;
    let c = client(&server.url);
    for _ in 0..5 {
        c.list_accounts().send().await.unwrap();
    }
    assert_eq!(server.requests().len(), 5);
    assert_eq!(server.connections(), 1, "all five calls on one connection");

    // An error response with a body read to the end leaves the connection reusable too.
    let server = WireServer::start(|n, _| if n == 0 { Reply::error(400, "AccountNotFoundException", "no") } else { Reply::json(200, OK) }).await;
    let c = client(&server.url);
    c.list_accounts().send().await.unwrap_err();
    c.list_accounts().send().await.unwrap();
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn concurrent_calls_get_their_own_connections_and_all_return_to_the_pool() {
    let server = WireServer::start(|_, _| Reply::json(200, OK)).await;
    let c = client(&server.url);
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.list_accounts().send().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let opened = server.connections();
    assert!((1..=4).contains(&opened), "{opened} connections for 4 concurrent calls");
    // Later calls reuse the pooled connections: no new ones.
    for _ in 0..4 {
        c.list_accounts().send().await.unwrap();
    }
    assert_eq!(server.connections(), opened);
}

/// A server that answers one request per connection and then closes it without saying so
/// (no `Connection: close`), as a server whose keep-alive timeout fired would: the client
/// must not fail calls on the dead pooled connection.
#[tokio::test]
async fn connections_the_server_closed_are_not_reused() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicU64::new(0));
    let counter = accepted.clone();
    let server = tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            counter.fetch_add(1, Ordering::SeqCst);
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // Headers, then the body by its content-length.
            let complete = |r: &[u8]| {
                let text = String::from_utf8_lossy(r);
                let Some(end) = text.find("\r\n\r\n") else { return false };
                let length = text[..end]
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
                    .unwrap_or(0);
                r.len() >= end + 4 + length
            };
            while !complete(&request) {
                let n = stream.read(&mut buf).await.unwrap();
                assert!(n > 0, "client closed mid-request");
                request.extend_from_slice(&buf[..n]);
            }
            let body = OK.as_bytes();
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n\r\n", body.len());
            stream.write_all(head.as_bytes()).await.unwrap();
            stream.write_all(body).await.unwrap();
            drop(stream);
        }
    });
    // No retries: a call sent on the dead connection would fail.
    let c = Client::from_conf(config(&url).retry_config(RetryConfig::standard().with_max_attempts(1)).build());
    for _ in 0..5 {
        c.list_accounts().send().await.unwrap();
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 5, "one connection per call");
    server.abort();
}
