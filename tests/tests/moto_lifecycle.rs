//! Every operation moto implements, against a real `moto_server` on loopback, as named
//! scenarios: each test starts its own server, so a failure names the scenario and nothing
//! leaks from one into another.

mod support;

use organizations_sdk::error::{ProvideErrorMetadata, RequestId};
use organizations_sdk::operation::create_policy::CreatePolicyError;
use organizations_sdk::operation::delete_organization::DeleteOrganizationError;
use organizations_sdk::operation::describe_account::DescribeAccountError;
use organizations_sdk::operation::describe_policy::DescribePolicyError;
use organizations_sdk::operation::list_children::ListChildrenError;
use organizations_sdk::types::{ChildType, CreateAccountState, OrganizationFeatureSet, PolicyType, Tag, TargetType};
use organizations_sdk::Client;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

const SCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

/// A new organization with all features; returns its root id.
async fn organization(c: &Client) -> String {
    c.create_organization().feature_set(OrganizationFeatureSet::All).send().await.unwrap();
    let roots = c.list_roots().send().await.unwrap();
    roots.roots()[0].id().unwrap().to_owned()
}

/// `n` new member accounts, created and confirmed; returns their ids.
async fn accounts(c: &Client, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let created = c.create_account().email(format!("dev{i}@example.com")).account_name(format!("dev{i}")).send().await.unwrap();
        let request_id = created.create_account_status().unwrap().id().unwrap().to_owned();
        let status = c.describe_create_account_status().create_account_request_id(request_id).send().await.unwrap();
        let status = status.create_account_status().unwrap();
        assert_eq!(status.state(), Some(&CreateAccountState::Succeeded));
        ids.push(status.account_id().unwrap().to_owned());
    }
    ids
}

async fn all_accounts(c: &Client) -> Vec<String> {
    let items = c.list_accounts().into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    items.iter().map(|a| a.id().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn scenario_organization() {
    let moto = support::Moto::start();
    let c = moto.client();
    let org = c.create_organization().feature_set(OrganizationFeatureSet::All).send().await.unwrap();
    let org = org.organization().unwrap().clone();
    assert_eq!(org.feature_set(), Some(&OrganizationFeatureSet::All));
    let described = c.describe_organization().send().await.unwrap();
    assert_eq!(described.organization().unwrap().id(), org.id());
    assert!(described.request_id().is_some());
    let roots = c.list_roots().send().await.unwrap();
    assert!(roots.roots()[0].id().unwrap().starts_with("r-"));
    let root_id = roots.roots()[0].id().unwrap().to_owned();
    let enabled = c.enable_policy_type().root_id(&root_id).policy_type(PolicyType::TagPolicy).send().await.unwrap();
    assert!(enabled.root().unwrap().policy_types().iter().any(|p| p.r#type() == Some(&PolicyType::TagPolicy)));
    let disabled = c.disable_policy_type().root_id(&root_id).policy_type(PolicyType::TagPolicy).send().await.unwrap();
    assert!(!disabled.root().unwrap().policy_types().iter().any(|p| p.r#type() == Some(&PolicyType::TagPolicy)));
}

#[tokio::test]
async fn scenario_organizational_units() {
    let moto = support::Moto::start();
    let c = moto.client();
    let root_id = organization(&c).await;
    let eng = c.create_organizational_unit().parent_id(&root_id).name("Eng").send().await.unwrap();
    let eng_id = eng.organizational_unit().unwrap().id().unwrap().to_owned();
    let web = c.create_organizational_unit().parent_id(&eng_id).name("Web").send().await.unwrap();
    let web_id = web.organizational_unit().unwrap().id().unwrap().to_owned();
    let ou = c.describe_organizational_unit().organizational_unit_id(&web_id).send().await.unwrap();
    assert_eq!(ou.organizational_unit().unwrap().name(), Some("Web"));
    c.update_organizational_unit().organizational_unit_id(&web_id).name("Frontend").send().await.unwrap();
    let ous = c.list_organizational_units_for_parent().parent_id(&eng_id).send().await.unwrap();
    assert_eq!(ous.organizational_units()[0].name(), Some("Frontend"));
    let parents = c.list_parents().child_id(&web_id).send().await.unwrap();
    assert_eq!(parents.parents()[0].id(), Some(eng_id.as_str()));
    let children = c.list_children().parent_id(&root_id).child_type(ChildType::OrganizationalUnit).send().await.unwrap();
    assert_eq!(children.children().len(), 1);
    c.delete_organizational_unit().organizational_unit_id(&web_id).send().await.unwrap();
    c.delete_organizational_unit().organizational_unit_id(&eng_id).send().await.unwrap();
    let left = c.list_organizational_units_for_parent().parent_id(&root_id).send().await.unwrap();
    assert!(left.organizational_units().is_empty());
}

#[tokio::test]
async fn scenario_accounts() {
    let moto = support::Moto::start();
    let c = moto.client();
    let root_id = organization(&c).await;
    let ids = accounts(&c, 5).await;
    let statuses = c.list_create_account_status().send().await.unwrap();
    assert!(statuses.create_account_statuses().len() >= 5);
    let acct = c.describe_account().account_id(&ids[0]).send().await.unwrap();
    assert_eq!(acct.account().unwrap().name(), Some("dev0"));

    let ou = c.create_organizational_unit().parent_id(&root_id).name("Web").send().await.unwrap();
    let ou_id = ou.organizational_unit().unwrap().id().unwrap().to_owned();
    c.move_account().account_id(&ids[0]).source_parent_id(&root_id).destination_parent_id(&ou_id).send().await.unwrap();
    let in_ou = c.list_accounts_for_parent().parent_id(&ou_id).send().await.unwrap();
    assert_eq!(in_ou.accounts()[0].id(), Some(ids[0].as_str()));
    let children = c.list_children().parent_id(&root_id).child_type(ChildType::Account).send().await.unwrap();
    assert_eq!(children.children().len(), 5, "the management account and 4 members left in the root");

    // Paginated listings over several pages: pages and items agree, nothing repeats.
    let mut pages = c.list_accounts().into_paginator().page_size(2).send();
    let (mut paged, mut page_count) = (Vec::new(), 0);
    while let Some(page) = pages.next().await {
        page_count += 1;
        paged.extend(page.unwrap().accounts().iter().map(|a| a.id().unwrap().to_owned()));
    }
    assert_eq!(page_count, 3, "6 accounts in pages of 2");
    let mut items = all_accounts(&c).await;
    paged.sort();
    items.sort();
    assert_eq!(paged, items);
    paged.dedup();
    assert_eq!(paged.len(), 6);

    c.close_account().account_id(&ids[4]).send().await.unwrap();
    c.remove_account_from_organization().account_id(&ids[3]).send().await.unwrap();
    assert_eq!(all_accounts(&c).await.len(), 5, "removed one; the closed one is still listed");
}

#[tokio::test]
async fn scenario_policies() {
    let moto = support::Moto::start();
    let c = moto.client();
    let root_id = organization(&c).await;
    let ids = accounts(&c, 1).await;
    let ou = c.create_organizational_unit().parent_id(&root_id).name("Eng").send().await.unwrap();
    let ou_id = ou.organizational_unit().unwrap().id().unwrap().to_owned();
    let policy = c.create_policy().name("deny-s3").description("no s3").content(SCP).r#type(PolicyType::ServiceControlPolicy).send().await.unwrap();
    let policy_id = policy.policy().unwrap().policy_summary().unwrap().id().unwrap().to_owned();
    c.update_policy().policy_id(&policy_id).description("still no s3").send().await.unwrap();
    let described = c.describe_policy().policy_id(&policy_id).send().await.unwrap();
    assert_eq!(described.policy().unwrap().policy_summary().unwrap().description(), Some("still no s3"));
    c.attach_policy().policy_id(&policy_id).target_id(&ou_id).send().await.unwrap();
    c.attach_policy().policy_id(&policy_id).target_id(&ids[0]).send().await.unwrap();
    let targets = c.list_targets_for_policy().policy_id(&policy_id).send().await.unwrap();
    let mut kinds: Vec<_> = targets.targets().iter().map(|t| t.r#type().unwrap().clone()).collect();
    kinds.sort();
    assert_eq!(kinds, vec![TargetType::Account, TargetType::OrganizationalUnit]);
    let for_target = c.list_policies_for_target().target_id(&ou_id).filter(PolicyType::ServiceControlPolicy).send().await.unwrap();
    assert!(for_target.policies().iter().any(|p| p.id() == Some(policy_id.as_str())));
    let all_scps = c.list_policies().filter(PolicyType::ServiceControlPolicy).send().await.unwrap();
    assert!(all_scps.policies().len() >= 2, "FullAWSAccess and ours");
    c.detach_policy().policy_id(&policy_id).target_id(&ids[0]).send().await.unwrap();
    c.detach_policy().policy_id(&policy_id).target_id(&ou_id).send().await.unwrap();
    assert!(c.list_targets_for_policy().policy_id(&policy_id).send().await.unwrap().targets().is_empty());
    c.delete_policy().policy_id(&policy_id).send().await.unwrap();
    let err = c.describe_policy().policy_id(&policy_id).send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DescribePolicyError::PolicyNotFoundException(_)), "{err:?}");
}

#[tokio::test]
async fn scenario_tags() {
    let moto = support::Moto::start();
    let c = moto.client();
    let root_id = organization(&c).await;
    let ids = accounts(&c, 1).await;
    let ou = c.create_organizational_unit().parent_id(&root_id).name("Eng").tags(tag("team", "eng")).send().await.unwrap();
    let ou_id = ou.organizational_unit().unwrap().id().unwrap().to_owned();
    c.tag_resource().resource_id(&ids[0]).tags(tag("env", "dev")).tags(tag("owner", "me")).send().await.unwrap();
    c.untag_resource().resource_id(&ids[0]).tag_keys("owner").send().await.unwrap();
    let tags = c.list_tags_for_resource().resource_id(&ids[0]).send().await.unwrap();
    assert_eq!(tags.tags().iter().map(|t| t.key()).collect::<Vec<_>>(), vec!["env"]);
    let ou_tags: Vec<_> =
        c.list_tags_for_resource().resource_id(&ou_id).into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    assert_eq!(ou_tags, vec![tag("team", "eng")]);
}

#[tokio::test]
async fn scenario_delegated_administrators() {
    let moto = support::Moto::start();
    let c = moto.client();
    organization(&c).await;
    let ids = accounts(&c, 1).await;
    c.enable_aws_service_access().service_principal("ssm.amazonaws.com").send().await.unwrap();
    let access = c.list_aws_service_access_for_organization().send().await.unwrap();
    assert_eq!(access.enabled_service_principals()[0].service_principal(), Some("ssm.amazonaws.com"));
    c.register_delegated_administrator().account_id(&ids[0]).service_principal("ssm.amazonaws.com").send().await.unwrap();
    let admins = c.list_delegated_administrators().send().await.unwrap();
    assert_eq!(admins.delegated_administrators()[0].id(), Some(ids[0].as_str()));
    let services = c.list_delegated_services_for_account().account_id(&ids[0]).send().await.unwrap();
    assert_eq!(services.delegated_services()[0].service_principal(), Some("ssm.amazonaws.com"));
    c.deregister_delegated_administrator().account_id(&ids[0]).service_principal("ssm.amazonaws.com").send().await.unwrap();
    assert!(c.list_delegated_administrators().send().await.unwrap().delegated_administrators().is_empty());
    c.disable_aws_service_access().service_principal("ssm.amazonaws.com").send().await.unwrap();
    assert!(c.list_aws_service_access_for_organization().send().await.unwrap().enabled_service_principals().is_empty());
}

#[tokio::test]
async fn scenario_errors() {
    let moto = support::Moto::start();
    let c = moto.client();
    organization(&c).await;
    accounts(&c, 1).await;
    let err = c.describe_account().account_id("999999999999").send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DescribeAccountError::AccountNotFoundException(_)), "{err:?}");
    let err = c.list_children().parent_id("ou-zzzz-zzzzzzzz").child_type(ChildType::Account).send().await.unwrap_err().into_service_error();
    assert!(matches!(err, ListChildrenError::ParentNotFoundException(_)), "{err:?}");
    let err = c.describe_policy().policy_id("p-zzzzzzzz").send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DescribePolicyError::PolicyNotFoundException(_)), "{err:?}");
    let create = || c.create_policy().name("deny-s3").description("d").content(SCP).r#type(PolicyType::ServiceControlPolicy);
    create().send().await.unwrap();
    let err = create().send().await.unwrap_err().into_service_error();
    assert!(matches!(err, CreatePolicyError::DuplicatePolicyException(_)), "{err:?}");
    assert_eq!(err.code(), Some("DuplicatePolicyException"));
    let err = c.delete_organization().send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DeleteOrganizationError::OrganizationNotEmptyException(_)), "{err:?}");
    let err = c.create_organization().send().await.unwrap_err().into_service_error();
    assert!(err.is_already_in_organization_exception(), "{err:?}");
}
