//! `Config::builder().http_client(…)`: a hand-written client sees every attempt, signed,
//! and its errors are retried or not as their kind says.

use organizations_sdk::config::RetryConfig;
use organizations_sdk::http_client::{ConnectorError, HttpClient, HttpFuture, HttpRequest};
use organizations_sdk::{Client, Config, Credentials, Region};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The answer to the n-th attempt: status and body, or why there is none.
type Script = dyn Fn(usize) -> Result<(u16, &'static str), ConnectorError> + Send + Sync;

/// Answers the n-th attempt with `script(n)` and keeps every request.
#[derive(Clone)]
struct Scripted {
    seen: Arc<Mutex<Vec<HttpRequest>>>,
    script: Arc<Script>,
}

impl std::fmt::Debug for Scripted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scripted")
    }
}

impl HttpClient for Scripted {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        let n = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(request);
            seen.len() - 1
        };
        let answer = (self.script)(n).map(|(status, body)| http::Response::builder().status(status).body(body.into()).unwrap());
        Box::pin(async move { answer })
    }
}

fn client(script: impl Fn(usize) -> Result<(u16, &'static str), ConnectorError> + Send + Sync + 'static) -> (Client, Arc<Mutex<Vec<HttpRequest>>>) {
    let http = Scripted { seen: Default::default(), script: Arc::new(script) };
    let seen = http.seen.clone();
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .http_client(http)
        .build();
    (Client::from_conf(config), seen)
}

#[tokio::test]
async fn a_plugged_in_client_sees_every_attempt_of_a_retried_call() {
    let (c, seen) = client(|n| Ok(if n < 2 { (503, "") } else { (200, r#"{"Roots":[{"Id":"r-1"}]}"#) }));
    let out = c.list_roots().send().await.unwrap();
    assert_eq!(out.roots()[0].id(), Some("r-1"));
    let seen = seen.lock().unwrap();
    let attempts: Vec<_> = seen.iter().map(|r| r.headers()["amz-sdk-request"].to_str().unwrap().to_owned()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    for r in seen.iter() {
        assert_eq!(r.method(), "POST");
        assert_eq!(r.uri().to_string(), "https://organizations.us-east-1.amazonaws.com/");
        assert_eq!(r.headers()["x-amz-target"], "AWSOrganizationsV20161128.ListRoots");
        assert!(r.headers()["authorization"].to_str().unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKID/"));
        assert_eq!(r.body().as_ref(), b"{}");
    }
}

#[tokio::test]
async fn connection_errors_are_retried_and_other_errors_are_final() {
    let (c, seen) = client(|n| if n == 0 { Err(ConnectorError::io("connection reset")) } else { Ok((200, "{}")) });
    c.list_roots().send().await.unwrap();
    assert_eq!(seen.lock().unwrap().len(), 2, "an io error is retried");

    let (c, seen) = client(|_| Err(ConnectorError::other("this client cannot send that")));
    let e = c.list_roots().send().await.unwrap_err();
    assert!(format!("{e:?}").contains("this client cannot send that"), "{e:?}");
    assert_eq!(seen.lock().unwrap().len(), 1, "an `other` error is not retried");

    let (c, seen) = client(|_| Err(ConnectorError::timeout("no answer")));
    let e = c.list_roots().send().await.unwrap_err();
    assert!(matches!(e, organizations_sdk::error::SdkError::TimeoutError(_)), "{e:?}");
    assert_eq!(seen.lock().unwrap().len(), 3, "timeouts are retried up to max attempts");
}
