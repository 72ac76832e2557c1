//! The logic of the `org_tree` and `create_account_and_wait` examples, tested with
//! `test_util::Mock` alone: no moto, no network, no real sleeping (the waiter's delays and
//! the walk's rate limit run on the mock's clock, `Mock::elapsed`).

#[path = "../../organizations-sdk/examples/common/tree.rs"]
mod tree;
#[path = "../../organizations-sdk/examples/common/wait.rs"]
mod wait;

use organizations_sdk::operation::create_account::CreateAccountOutput;
use organizations_sdk::operation::describe_create_account_status::DescribeCreateAccountStatusOutput;
use organizations_sdk::operation::describe_organization::DescribeOrganizationOutput;
use organizations_sdk::operation::list_accounts_for_parent::ListAccountsForParentOutput;
use organizations_sdk::operation::list_organizational_units_for_parent::ListOrganizationalUnitsForParentOutput;
use organizations_sdk::operation::list_policies::ListPoliciesOutput;
use organizations_sdk::operation::list_roots::ListRootsOutput;
use organizations_sdk::operation::list_targets_for_policy::ListTargetsForPolicyOutput;
use organizations_sdk::test_util::Mock;
use organizations_sdk::types::{
    Account, CreateAccountFailureReason, CreateAccountState, CreateAccountStatus, Organization, OrganizationFeatureSet, OrganizationalUnit,
    PolicySummary, PolicyTargetSummary, PolicyType, Root, TargetType,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// On the mock's clock: the walk's rate limit (8 requests/s by default) costs no real time.
#[tokio::test]
async fn org_tree_renders_ous_accounts_and_policies() {
    let mock = Mock::new();
    let org = Organization::builder().id("o-1").feature_set(OrganizationFeatureSet::All).build();
    mock.describe_organization().returns(DescribeOrganizationOutput::builder().organization(org).build());
    mock.list_roots().returns(ListRootsOutput::builder().roots(Root::builder().id("r-1").build()).build());
    let ou = |id: &str, name: &str| OrganizationalUnit::builder().id(id).name(name).build();
    let acct = |id: &str, name: &str| Account::builder().id(id).name(name).email(format!("{name}@example.com")).build();
    let ous = |parent: &'static str, list: Vec<OrganizationalUnit>| {
        mock.list_organizational_units_for_parent()
            .match_input(move |i| i.parent_id() == Some(parent))
            .returns(ListOrganizationalUnitsForParentOutput::builder().set_organizational_units(Some(list)).build());
    };
    ous("r-1", vec![ou("ou-eng", "Eng")]);
    ous("ou-eng", vec![]);
    let accounts = |parent: &'static str, list: Vec<Account>| {
        mock.list_accounts_for_parent()
            .match_input(move |i| i.parent_id() == Some(parent))
            .returns(ListAccountsForParentOutput::builder().set_accounts(Some(list)).build());
    };
    accounts("r-1", vec![acct("111", "mgmt")]);
    accounts("ou-eng", vec![acct("222", "web"), acct("333", "data")]);
    let scp = |id: &str, name: &str| PolicySummary::builder().id(id).name(name).r#type(PolicyType::ServiceControlPolicy).build();
    mock.list_policies()
        .match_input(|i| i.filter() == Some(&PolicyType::ServiceControlPolicy))
        .returns(ListPoliciesOutput::builder().policies(scp("p-full", "FullAWSAccess")).policies(scp("p-deny", "deny-s3")).build());
    let on_eng = || {
        ListTargetsForPolicyOutput::builder()
            .targets(PolicyTargetSummary::builder().target_id("ou-eng").r#type(TargetType::OrganizationalUnit).build())
            .build()
    };
    mock.list_targets_for_policy().returns(on_eng()).times(2);

    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let text = tree::render(&mock.client(), move |p| seen.store(p.calls, Ordering::SeqCst)).await.unwrap();
    assert_eq!(
        text,
        "Organization o-1 (ALL)\n\
         └── Root r-1\n    \
         ├── 111 mgmt <mgmt@example.com>\n    \
         └── OU Eng (ou-eng)  [SCP: deny-s3, FullAWSAccess]\n        \
         ├── 222 web <web@example.com>\n        \
         └── 333 data <data@example.com>\n"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 9, "1 + 1 + 2 + 2 + 1 + 2 calls, reported to the progress callback");
    mock.verify();
}

fn status(state: CreateAccountState) -> DescribeCreateAccountStatusOutput {
    let mut s = CreateAccountStatus::builder().id("car-1").state(state.clone());
    if state == CreateAccountState::Succeeded {
        s = s.account_id("444455556666");
    }
    if state == CreateAccountState::Failed {
        s = s.failure_reason(CreateAccountFailureReason::EmailAlreadyExists);
    }
    DescribeCreateAccountStatusOutput::builder().create_account_status(s.build()).build()
}

fn created() -> CreateAccountOutput {
    CreateAccountOutput::builder()
        .create_account_status(CreateAccountStatus::builder().id("car-1").state(CreateAccountState::InProgress).build())
        .build()
}

#[tokio::test]
async fn create_account_and_wait_waits_until_it_succeeds() {
    let mock = Mock::new();
    mock.create_account()
        .with_input(
            organizations_sdk::operation::create_account::CreateAccountInput::builder().email("new@example.com").account_name("new").build().unwrap(),
        )
        .returns(created());
    mock.describe_create_account_status()
        .match_input(|i| i.create_account_request_id() == Some("car-1"))
        .returns(status(CreateAccountState::InProgress))
        .then_returns(status(CreateAccountState::InProgress))
        .then_returns(status(CreateAccountState::Succeeded));
    let mut lines = Vec::new();
    let id = wait::create_and_wait(&mock.client(), "new@example.com", "new", |l| lines.push(l.to_owned())).await.unwrap();
    assert_eq!(id, "444455556666");
    let waited = mock.elapsed();
    // Two waits of the waiter: 5 s, then between 5 s and 10 s.
    assert!(waited >= std::time::Duration::from_secs(10) && waited <= std::time::Duration::from_secs(15), "{waited:?}");
    assert_eq!(lines, ["request car-1 submitted, waiting"]);
    mock.verify();
}

#[tokio::test]
async fn create_account_and_wait_reports_the_failure_reason() {
    let mock = Mock::new();
    mock.create_account().returns(created());
    mock.describe_create_account_status().returns(status(CreateAccountState::InProgress)).then_returns(status(CreateAccountState::Failed));
    let err = wait::create_and_wait(&mock.client(), "dup@example.com", "dup", |_| {}).await.unwrap_err();
    let wait::WaitError::Wait(organizations_sdk::waiters::WaiterError::Failed { reason, .. }) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(reason, &Some(CreateAccountFailureReason::EmailAlreadyExists));
    assert_eq!(err.to_string(), "account creation failed: EMAIL_ALREADY_EXISTS");
    mock.verify();
}
