//! The logic of the `org_tree` and `create_account_and_wait` examples, tested with
//! `test_util::Mock` alone: no moto, no network, no real sleeping (the waiter's backoff
//! runs on tokio's paused clock).

#[path = "../../organizations-sdk/examples/common/tree.rs"]
mod tree;
#[path = "../../organizations-sdk/examples/common/wait.rs"]
mod wait;

use organizations_sdk::operation::create_account::CreateAccountOutput;
use organizations_sdk::operation::describe_create_account_status::DescribeCreateAccountStatusOutput;
use organizations_sdk::operation::describe_organization::DescribeOrganizationOutput;
use organizations_sdk::operation::list_accounts_for_parent::ListAccountsForParentOutput;
use organizations_sdk::operation::list_organizational_units_for_parent::ListOrganizationalUnitsForParentOutput;
use organizations_sdk::operation::list_policies_for_target::ListPoliciesForTargetOutput;
use organizations_sdk::operation::list_roots::ListRootsOutput;
use organizations_sdk::test_util::Mock;
use organizations_sdk::types::{
    Account, CreateAccountFailureReason, CreateAccountState, CreateAccountStatus, Organization, OrganizationFeatureSet,
    OrganizationalUnit, PolicySummary, Root,
};

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
    let scp = |name: &str| PolicySummary::builder().name(name).build();
    mock.list_policies_for_target()
        .match_input(|i| i.target_id() == Some("ou-eng"))
        .returns(ListPoliciesForTargetOutput::builder().policies(scp("FullAWSAccess")).policies(scp("deny-s3")).build());
    mock.list_policies_for_target().returns(ListPoliciesForTargetOutput::builder().build()).always();

    let text = tree::render(&mock.client()).await.unwrap();
    assert_eq!(
        text,
        "Organization o-1 (ALL)\n\
         └── Root r-1\n    \
         ├── 111 mgmt <mgmt@example.com>\n    \
         └── OU Eng (ou-eng)  [SCP: FullAWSAccess, deny-s3]\n        \
         ├── 222 web <web@example.com>\n        \
         └── 333 data <data@example.com>\n"
    );
    assert_eq!(mock.list_policies_for_target().calls().len(), 5, "one per root, OU and account");
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
    CreateAccountOutput::builder().create_account_status(CreateAccountStatus::builder().id("car-1").state(CreateAccountState::InProgress).build()).build()
}

#[tokio::test(start_paused = true)]
async fn create_account_and_wait_waits_until_it_succeeds() {
    let mock = Mock::new();
    mock.create_account()
        .with_input(
            organizations_sdk::operation::create_account::CreateAccountInput::builder()
                .email("new@example.com")
                .account_name("new")
                .build()
                .unwrap(),
        )
        .returns(created());
    mock.describe_create_account_status()
        .match_input(|i| i.create_account_request_id() == Some("car-1"))
        .returns(status(CreateAccountState::InProgress))
        .then_returns(status(CreateAccountState::InProgress))
        .then_returns(status(CreateAccountState::Succeeded));
    let start = tokio::time::Instant::now();
    let mut lines = Vec::new();
    let id = wait::create_and_wait(&mock.client(), "new@example.com", "new", |l| lines.push(l.to_owned())).await.unwrap();
    assert_eq!(id, "444455556666");
    let waited = start.elapsed();
    // Two waits of the waiter: 5 s, then between 5 s and 10 s.
    assert!(waited >= std::time::Duration::from_secs(10) && waited <= std::time::Duration::from_secs(15), "{waited:?}");
    assert_eq!(lines, ["request car-1 submitted, waiting"]);
    mock.verify();
}

#[tokio::test(start_paused = true)]
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
