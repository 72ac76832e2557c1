//! `wait_until_account_created`: success after several polls, FAILED with its reason, the
//! maximum wait running out, throttled polls waited out, other errors returned — against a
//! mock (on its clock, which only the waiter's sleeps move: `Mock::elapsed`) and against a
//! scripted HTTP server on loopback (on tokio's paused clock): virtual minutes, no real
//! sleeping.

mod support;

use organizations_sdk::config::{RetryConfig, TimeoutConfig};
use organizations_sdk::operation::describe_create_account_status::{DescribeCreateAccountStatusError, DescribeCreateAccountStatusOutput};
use organizations_sdk::test_util::Mock;
use organizations_sdk::types::error::{CreateAccountStatusNotFoundException, TooManyRequestsException};
use organizations_sdk::types::{CreateAccountFailureReason, CreateAccountState, CreateAccountStatus};
use organizations_sdk::waiters::WaiterError;
use std::time::Duration;
use support::wire::{Reply, WireServer};

fn status(state: CreateAccountState) -> DescribeCreateAccountStatusOutput {
    let mut s = CreateAccountStatus::builder().id("car-1").state(state.clone());
    if state == CreateAccountState::Succeeded {
        s = s.account_id("444455556666");
    }
    if state == CreateAccountState::Failed {
        s = s.failure_reason(CreateAccountFailureReason::ConcurrentAccountModification);
    }
    DescribeCreateAccountStatusOutput::builder().create_account_status(s.build()).build()
}

fn throttle() -> DescribeCreateAccountStatusError {
    DescribeCreateAccountStatusError::TooManyRequestsException(TooManyRequestsException::builder().message("slow down").build())
}

#[tokio::test(start_paused = true)]
async fn succeeds_after_several_polls() {
    let mock = Mock::new();
    let polls = mock.describe_create_account_status();
    let polls = (0..4).fold(polls, |p, _| p.then_returns(status(CreateAccountState::InProgress)));
    polls.then_returns(status(CreateAccountState::Succeeded));
    let done = mock.client().wait_until_account_created().create_account_request_id("car-1").wait(Duration::from_secs(900)).await.unwrap();
    assert_eq!(done.account_id(), Some("444455556666"));
    assert_eq!(mock.describe_create_account_status().calls().len(), 5);
    let waited = mock.elapsed();
    // 4 waits: 5 s, then 5–10, 5–20, 5–40 s.
    assert!(waited >= Duration::from_secs(20) && waited <= Duration::from_secs(75), "{waited:?}");
    mock.verify();
}

#[tokio::test(start_paused = true)]
async fn failed_carries_the_typed_reason() {
    let mock = Mock::new();
    mock.describe_create_account_status().returns(status(CreateAccountState::InProgress)).then_returns(status(CreateAccountState::Failed));
    let err = mock.client().wait_until_account_created().create_account_request_id("car-1").wait(Duration::from_secs(900)).await.unwrap_err();
    let WaiterError::Failed { reason, status } = &err else { panic!("{err:?}") };
    assert_eq!(reason, &Some(CreateAccountFailureReason::ConcurrentAccountModification));
    assert_eq!(status.state(), Some(&CreateAccountState::Failed));
    assert_eq!(err.to_string(), "account creation failed: CONCURRENT_ACCOUNT_MODIFICATION");
}

#[tokio::test(start_paused = true)]
async fn gives_up_when_the_maximum_wait_elapses_with_the_last_status() {
    let mock = Mock::new();
    mock.describe_create_account_status().returns(status(CreateAccountState::InProgress)).always();
    let err = mock.client().wait_until_account_created().create_account_request_id("car-1").wait(Duration::from_secs(60)).await.unwrap_err();
    let WaiterError::TimedOut { waited, last_status } = &err else { panic!("{err:?}") };
    assert!(*waited <= Duration::from_secs(60) && mock.elapsed() <= Duration::from_secs(60), "{waited:?}");
    // The waits were the waiter's, on the mock's clock (the first is 5 s).
    assert!(*waited >= Duration::from_secs(5) && *waited == mock.elapsed(), "{waited:?}");
    assert_eq!(last_status.as_ref().unwrap().state(), Some(&CreateAccountState::InProgress));
    assert!(err.to_string().contains("last state: IN_PROGRESS"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn throttled_polls_are_waited_out_and_other_errors_returned() {
    let mock = Mock::new();
    // Retries off, so every throttle reaches the waiter.
    let client = organizations_sdk::Client::from_conf(mock.config().retry_config(RetryConfig::disabled()).build());
    mock.describe_create_account_status().fails(throttle()).then_fails(throttle()).then_returns(status(CreateAccountState::Succeeded));
    client.wait_until_account_created().create_account_request_id("car-1").wait(Duration::from_secs(900)).await.unwrap();
    assert_eq!(mock.describe_create_account_status().calls().len(), 3);

    mock.describe_create_account_status().fails(DescribeCreateAccountStatusError::CreateAccountStatusNotFoundException(
        CreateAccountStatusNotFoundException::builder().message("no such request").build(),
    ));
    let err = client.wait_until_account_created().create_account_request_id("car-x").wait(Duration::from_secs(900)).await.unwrap_err();
    assert!(matches!(&err, WaiterError::Service(e) if e.code() == Some("CreateAccountStatusNotFoundException")), "{err:?}");
    mock.verify();
    let err = client.wait_until_account_created().wait(Duration::from_secs(1)).await.unwrap_err();
    assert!(matches!(err, WaiterError::MissingRequestId));
}

/// The same against HTTP on loopback: throttles (HTTP 400 `TooManyRequestsException`, as
/// Organizations sends them) between unfinished states, then success. No timeouts are
/// configured, so the paused clock only advances over the waiter's own sleeps.
#[tokio::test(start_paused = true)]
async fn against_a_scripted_server() {
    let body = |state: &str| format!(r#"{{"CreateAccountStatus":{{"Id":"car-1","State":"{state}","AccountId":"444455556666"}}}}"#);
    let server = WireServer::start(move |n, _| match n {
        0 | 2 => Reply::json(200, &body("IN_PROGRESS")),
        1 | 3 => Reply::error(400, "TooManyRequestsException", "slow down"),
        _ => Reply::json(200, &body("SUCCEEDED")),
    })
    .await;
    let config = organizations_sdk::Config::builder()
        .region(organizations_sdk::Region::new("us-east-1"))
        .endpoint_url(&server.url)
        .credentials_provider(organizations_sdk::Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::disabled())
        .timeout_config(TimeoutConfig::disabled());
    let client = organizations_sdk::Client::from_conf(config.build());
    let done = client.wait_until_account_created().create_account_request_id("car-1").wait(Duration::from_secs(900)).await.unwrap();
    assert_eq!(done.state(), Some(&CreateAccountState::Succeeded));
    assert_eq!(server.requests().len(), 5);
    assert!(server.requests().iter().all(|r| r.header("x-amz-target") == "AWSOrganizationsV20161128.DescribeCreateAccountStatus"));
}
