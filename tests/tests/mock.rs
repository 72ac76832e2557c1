//! `test_util::Mock` (the `test-util` feature): every builder method, strict order, the
//! unmatched-call error, unmet expectations, retries through the real policy, paginators,
//! unknown enum values — all through the real request and response path.

use organizations_sdk::config::RetryConfig;
use organizations_sdk::error::SdkError;
use organizations_sdk::operation::create_account::CreateAccountOutput;
use organizations_sdk::operation::describe_account::{DescribeAccountError, DescribeAccountInput, DescribeAccountOutput};
use organizations_sdk::operation::describe_create_account_status::DescribeCreateAccountStatusOutput;
use organizations_sdk::operation::list_accounts::ListAccountsOutput;
use organizations_sdk::operation::list_roots::{ListRootsError, ListRootsOutput};
use organizations_sdk::test_util::Mock;
use organizations_sdk::types::error::{AccountNotFoundException, TooManyRequestsException};
use organizations_sdk::types::{Account, AccountStatus, CreateAccountState, CreateAccountStatus, Root};

fn account(id: &str) -> Account {
    Account::builder().id(id).name(format!("name-{id}")).status(AccountStatus::Active).build()
}

fn page(ids: &[&str]) -> ListAccountsOutput {
    ListAccountsOutput::builder().set_accounts(Some(ids.iter().map(|id| account(id)).collect())).build()
}

#[tokio::test]
async fn returns_and_calls() {
    let mock = Mock::new();
    mock.describe_account().returns(DescribeAccountOutput::builder().account(account("111")).build());
    let client = mock.client();
    let out = client.describe_account().account_id("111").send().await.unwrap();
    assert_eq!(out.account().unwrap().name(), Some("name-111"));
    let calls = mock.describe_account().calls();
    assert_eq!(calls, vec![DescribeAccountInput::builder().account_id("111").build().unwrap()]);
    mock.verify();
}

#[tokio::test]
async fn fails_renders_a_modeled_error_the_real_parser_reads() {
    let mock = Mock::new();
    mock.describe_account()
        .fails(DescribeAccountError::AccountNotFoundException(AccountNotFoundException::builder().message("no such account").build()));
    let err = mock.client().describe_account().account_id("999").send().await.unwrap_err();
    assert_eq!(err.code(), Some("AccountNotFoundException"));
    assert_eq!(err.raw_response().map(|r| r.status()), Some(400));
    let err = err.into_service_error();
    assert!(matches!(&err, DescribeAccountError::AccountNotFoundException(e) if e.message() == Some("no such account")), "{err:?}");
}

#[tokio::test]
async fn a_throttle_is_retried_by_the_real_policy_then_succeeds() {
    let mock = Mock::new();
    let throttle = || ListRootsError::TooManyRequestsException(TooManyRequestsException::builder().message("slow down").build());
    mock.list_roots()
        .fails(throttle())
        .then_fails(throttle())
        .then_returns(ListRootsOutput::builder().roots(Root::builder().id("r-1").build()).build());
    let out = mock.client().list_roots().send().await.unwrap();
    assert_eq!(out.roots()[0].id(), Some("r-1"));
    assert_eq!(mock.list_roots().calls().len(), 3, "two throttled attempts, then success");
    mock.verify();

    // With retries off, the first throttle is the answer.
    let mock = Mock::new();
    mock.list_roots().fails(throttle()).always();
    let client = organizations_sdk::Client::from_conf(mock.config().retry_config(RetryConfig::disabled()).build());
    let err = client.list_roots().send().await.unwrap_err().into_service_error();
    assert!(err.is_too_many_requests_exception(), "{err:?}");
    assert_eq!(mock.list_roots().calls().len(), 1);
}

#[tokio::test]
async fn http_answers_a_raw_response() {
    let mock = Mock::new();
    mock.list_roots().http(503, "").then_returns(ListRootsOutput::builder().build());
    mock.client().list_roots().send().await.unwrap();
    assert_eq!(mock.list_roots().calls().len(), 2, "503 is retried");
    let mock = Mock::new();
    mock.list_roots().http(200, "{not json");
    let err = mock.client().list_roots().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
}

#[tokio::test]
async fn times_always_and_sequences() {
    let mock = Mock::new();
    mock.create_account().returns(CreateAccountOutput::builder().build()).times(3);
    let client = mock.client();
    for i in 0..3 {
        client.create_account().email(format!("a{i}@example.com")).account_name("a").send().await.unwrap();
    }
    assert!(client.create_account().email("x@example.com").account_name("x").send().await.is_err(), "a 4th call is not expected");
    mock.verify();

    let mock = Mock::new();
    let status = |state: CreateAccountState| {
        DescribeCreateAccountStatusOutput::builder().create_account_status(CreateAccountStatus::builder().state(state).build()).build()
    };
    mock.describe_create_account_status().returns(status(CreateAccountState::InProgress)).then_returns(status(CreateAccountState::Succeeded));
    let client = mock.client();
    let mut states = Vec::new();
    for _ in 0..2 {
        let out = client.describe_create_account_status().create_account_request_id("car-1").send().await.unwrap();
        states.push(out.create_account_status().unwrap().state().unwrap().clone());
    }
    assert_eq!(states, [CreateAccountState::InProgress, CreateAccountState::Succeeded]);

    let mock = Mock::new();
    mock.list_roots().returns(ListRootsOutput::builder().build()).always();
    for _ in 0..5 {
        mock.client().list_roots().send().await.unwrap();
    }
    mock.verify(); // `always` requires nothing
}

#[tokio::test]
async fn match_input_picks_the_rule() {
    let mock = Mock::new();
    mock.describe_account().match_input(|i| i.account_id() == Some("111")).returns(DescribeAccountOutput::builder().account(account("111")).build());
    mock.describe_account().match_input(|i| i.account_id() == Some("222")).returns(DescribeAccountOutput::builder().account(account("222")).build());
    let client = mock.client();
    let b = client.describe_account().account_id("222").send().await.unwrap();
    let a = client.describe_account().account_id("111").send().await.unwrap();
    assert_eq!((a.account().unwrap().id(), b.account().unwrap().id()), (Some("111"), Some("222")));
    mock.verify();
}

#[tokio::test]
async fn an_unmatched_call_is_an_error_naming_the_operation_and_the_differences() {
    let mock = Mock::new();
    mock.describe_account()
        .with_input(DescribeAccountInput::builder().account_id("111").build().unwrap())
        .returns(DescribeAccountOutput::builder().build());
    let err = mock.client().describe_account().account_id("222").send().await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("no expectation matches this DescribeAccount call"), "{text}");
    assert!(text.contains("closest: rule #1"), "{text}");
    assert!(text.contains("AccountId: sent \"222\", expected \"111\""), "{text}");
    assert_eq!(mock.describe_account().calls().len(), 1, "not retried");

    let err = mock.client().list_roots().send().await.unwrap_err().to_string();
    assert!(err.contains("there is no expectation for ListRoots (expectations exist for DescribeAccount)"), "{err}");
    // The expectation is still unmet: verify says so (and the drop stays quiet after it).
    let verify = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify())).unwrap_err();
    let message = verify.downcast_ref::<String>().unwrap();
    assert!(message.contains("DescribeAccount (rule #1): expected 1 call, got 0"), "{message}");
}

#[tokio::test]
async fn sequential_mocks_enforce_the_order() {
    let mock = Mock::sequential();
    mock.list_roots().returns(ListRootsOutput::builder().build());
    mock.describe_account().returns(DescribeAccountOutput::builder().build());
    let client = mock.client();
    let err = client.describe_account().account_id("1").send().await.unwrap_err().to_string();
    assert!(err.contains("got DescribeAccount, but the next expectation is ListRoots (rule #1)"), "{err}");
    client.list_roots().send().await.unwrap();
    client.describe_account().account_id("1").send().await.unwrap();
    mock.verify();
}

#[test]
fn dropping_a_mock_with_unmet_expectations_fails() {
    let result = std::panic::catch_unwind(|| {
        let mock = Mock::new();
        mock.list_roots().returns(ListRootsOutput::builder().build());
    });
    let panic = result.unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("mock dropped with unmet expectations") && message.contains("ListRoots (rule #1)"), "{message}");
}

#[tokio::test]
async fn pages_feed_the_paginator() {
    let mock = Mock::new();
    mock.list_accounts().match_input(|i| i.max_results() == Some(2)).pages([page(&["1", "2"]), page(&["3", "4"]), page(&["5"])]);
    let items = mock.client().list_accounts().into_paginator().page_size(2).items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    let ids: Vec<_> = items.iter().map(|a| a.id().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let tokens: Vec<_> = mock.list_accounts().calls().iter().map(|i| i.next_token().map(str::to_owned)).collect();
    assert_eq!(tokens, [None, Some("mock-page-2".into()), Some("mock-page-3".into())]);
    mock.verify();
}

#[tokio::test]
async fn unknown_enum_values_round_trip() {
    let mock = Mock::new();
    let odd = Account::builder().id("1").status(AccountStatus::from("HIBERNATING")).build();
    mock.describe_account().returns(DescribeAccountOutput::builder().account(odd).build());
    let out = mock.client().describe_account().account_id("1").send().await.unwrap();
    let status = out.account().unwrap().status().unwrap();
    assert_eq!(status.as_str(), "HIBERNATING");
    assert!(matches!(status, AccountStatus::Unknown(_)));
}

#[tokio::test]
async fn clients_from_one_mock_share_it_across_tasks() {
    let mock = Mock::new();
    mock.list_roots().returns(ListRootsOutput::builder().build()).times(4);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = mock.clone().client();
            tokio::spawn(async move { client.list_roots().send().await.map(|_| ()) })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    mock.verify();
}

#[tokio::test]
async fn invalid_input_fails_before_the_mock_sees_it() {
    let mock = Mock::new();
    let err = mock.client().describe_account().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(mock.describe_account().calls().is_empty());
}
