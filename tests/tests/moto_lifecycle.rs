//! Every operation moto implements, against a real `moto_server` on loopback.

mod support;

use organizations_sdk::error::{ProvideErrorMetadata, RequestId};
use organizations_sdk::operation::create_policy::CreatePolicyError;
use organizations_sdk::operation::delete_organization::DeleteOrganizationError;
use organizations_sdk::operation::describe_account::DescribeAccountError;
use organizations_sdk::operation::describe_policy::DescribePolicyError;
use organizations_sdk::operation::list_children::ListChildrenError;
use organizations_sdk::types::{ChildType, CreateAccountState, OrganizationFeatureSet, PolicyType, Tag, TargetType};

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

const SCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

#[tokio::test]
async fn organization_lifecycle() {
    let moto = support::Moto::start();
    let c = moto.client();

    // Organization and roots.
    let org = c.create_organization().feature_set(OrganizationFeatureSet::All).send().await.unwrap();
    let org = org.organization().unwrap().clone();
    assert_eq!(org.feature_set(), Some(&OrganizationFeatureSet::All));
    let described = c.describe_organization().send().await.unwrap();
    assert_eq!(described.organization().unwrap().id(), org.id());
    assert!(described.request_id().is_some());
    let roots = c.list_roots().send().await.unwrap();
    let root_id = roots.roots()[0].id().unwrap().to_owned();
    assert!(root_id.starts_with("r-"));

    // Organizational units, three levels.
    let eng = c.create_organizational_unit().parent_id(&root_id).name("Eng").tags(tag("team", "eng")).send().await.unwrap();
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

    // Accounts: create, describe, move, list, paginate.
    let mut account_ids = Vec::new();
    for i in 0..5 {
        let created = c
            .create_account()
            .email(format!("dev{i}@example.com"))
            .account_name(format!("dev{i}"))
            .send()
            .await
            .unwrap();
        let status = created.create_account_status().unwrap();
        let status = c
            .describe_create_account_status()
            .create_account_request_id(status.id().unwrap())
            .send()
            .await
            .unwrap();
        let status = status.create_account_status().unwrap();
        assert_eq!(status.state(), Some(&CreateAccountState::Succeeded));
        account_ids.push(status.account_id().unwrap().to_owned());
    }
    let statuses = c.list_create_account_status().send().await.unwrap();
    assert!(statuses.create_account_statuses().len() >= 5);
    let acct = c.describe_account().account_id(&account_ids[0]).send().await.unwrap();
    assert_eq!(acct.account().unwrap().name(), Some("dev0"));
    c.move_account().account_id(&account_ids[0]).source_parent_id(&root_id).destination_parent_id(&web_id).send().await.unwrap();
    let in_web = c.list_accounts_for_parent().parent_id(&web_id).send().await.unwrap();
    assert_eq!(in_web.accounts()[0].id(), Some(account_ids[0].as_str()));
    let children = c.list_children().parent_id(&root_id).child_type(ChildType::Account).send().await.unwrap();
    assert_eq!(children.children().len(), 5); // management account + 4 left in root

    // Paginated listings over several pages: pages and items agree, nothing repeats.
    let mut pages = c.list_accounts().into_paginator().page_size(2).send();
    let mut paged = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        page_count += 1;
        paged.extend(page.unwrap().accounts().iter().map(|a| a.id().unwrap().to_owned()));
    }
    assert_eq!(page_count, 3, "6 accounts in pages of 2");
    let items: Vec<_> = c.list_accounts().into_paginator().page_size(4).items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    let mut item_ids: Vec<_> = items.iter().map(|a| a.id().unwrap().to_owned()).collect();
    let mut sorted = paged.clone();
    sorted.sort();
    item_ids.sort();
    assert_eq!(sorted, item_ids);
    sorted.dedup();
    assert_eq!(sorted.len(), 6);

    // Policies: create, describe, update, attach, list both ways, detach, delete.
    let policy = c
        .create_policy()
        .name("deny-s3")
        .description("no s3")
        .content(SCP)
        .r#type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap();
    let policy_id = policy.policy().unwrap().policy_summary().unwrap().id().unwrap().to_owned();
    c.update_policy().policy_id(&policy_id).description("still no s3").send().await.unwrap();
    let described = c.describe_policy().policy_id(&policy_id).send().await.unwrap();
    assert_eq!(described.policy().unwrap().policy_summary().unwrap().description(), Some("still no s3"));
    c.attach_policy().policy_id(&policy_id).target_id(&eng_id).send().await.unwrap();
    c.attach_policy().policy_id(&policy_id).target_id(&account_ids[1]).send().await.unwrap();
    let targets = c.list_targets_for_policy().policy_id(&policy_id).send().await.unwrap();
    let mut kinds: Vec<_> = targets.targets().iter().map(|t| t.r#type().unwrap().clone()).collect();
    kinds.sort();
    assert_eq!(kinds, vec![TargetType::Account, TargetType::OrganizationalUnit]);
    let for_target = c.list_policies_for_target().target_id(&eng_id).filter(PolicyType::ServiceControlPolicy).send().await.unwrap();
    assert!(for_target.policies().iter().any(|p| p.id() == Some(policy_id.as_str())));
    let all_scps = c.list_policies().filter(PolicyType::ServiceControlPolicy).send().await.unwrap();
    assert!(all_scps.policies().len() >= 2); // FullAWSAccess + ours
    c.detach_policy().policy_id(&policy_id).target_id(&account_ids[1]).send().await.unwrap();
    c.detach_policy().policy_id(&policy_id).target_id(&eng_id).send().await.unwrap();

    // Policy types on the root.
    let enabled = c.enable_policy_type().root_id(&root_id).policy_type(PolicyType::TagPolicy).send().await.unwrap();
    assert!(enabled.root().unwrap().policy_types().iter().any(|p| p.r#type() == Some(&PolicyType::TagPolicy)));
    c.disable_policy_type().root_id(&root_id).policy_type(PolicyType::TagPolicy).send().await.unwrap();

    // Tags.
    c.tag_resource().resource_id(&account_ids[2]).tags(tag("env", "dev")).tags(tag("owner", "me")).send().await.unwrap();
    c.untag_resource().resource_id(&account_ids[2]).tag_keys("owner").send().await.unwrap();
    let tags = c.list_tags_for_resource().resource_id(&account_ids[2]).send().await.unwrap();
    assert_eq!(tags.tags().iter().map(|t| t.key()).collect::<Vec<_>>(), vec!["env"]);
    let ou_tags: Vec<_> = c.list_tags_for_resource().resource_id(&eng_id).into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    assert_eq!(ou_tags, vec![tag("team", "eng")]);

    // Service access and delegated administrators.
    c.enable_aws_service_access().service_principal("ssm.amazonaws.com").send().await.unwrap();
    let access = c.list_aws_service_access_for_organization().send().await.unwrap();
    assert_eq!(access.enabled_service_principals()[0].service_principal(), Some("ssm.amazonaws.com"));
    c.register_delegated_administrator().account_id(&account_ids[3]).service_principal("ssm.amazonaws.com").send().await.unwrap();
    let admins = c.list_delegated_administrators().send().await.unwrap();
    assert_eq!(admins.delegated_administrators()[0].id(), Some(account_ids[3].as_str()));
    let services = c.list_delegated_services_for_account().account_id(&account_ids[3]).send().await.unwrap();
    assert_eq!(services.delegated_services()[0].service_principal(), Some("ssm.amazonaws.com"));
    c.deregister_delegated_administrator().account_id(&account_ids[3]).service_principal("ssm.amazonaws.com").send().await.unwrap();
    c.disable_aws_service_access().service_principal("ssm.amazonaws.com").send().await.unwrap();
    assert!(c.list_aws_service_access_for_organization().send().await.unwrap().enabled_service_principals().is_empty());

    // Typed service errors.
    let err = c.describe_account().account_id("999999999999").send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DescribeAccountError::AccountNotFoundException(_)), "{err:?}");
    let err = c.list_children().parent_id("ou-zzzz-zzzzzzzz").child_type(ChildType::Account).send().await.unwrap_err().into_service_error();
    assert!(matches!(err, ListChildrenError::ParentNotFoundException(_)), "{err:?}");
    let err = c.describe_policy().policy_id("p-zzzzzzzz").send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DescribePolicyError::PolicyNotFoundException(_)), "{err:?}");
    let err = c
        .create_policy()
        .name("deny-s3")
        .description("again")
        .content(SCP)
        .r#type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(err, CreatePolicyError::DuplicatePolicyException(_)), "{err:?}");
    assert_eq!(err.code(), Some("DuplicatePolicyException"));
    let err = c.delete_organization().send().await.unwrap_err().into_service_error();
    assert!(matches!(err, DeleteOrganizationError::OrganizationNotEmptyException(_)), "{err:?}");
    let err = c.create_organization().send().await.unwrap_err().into_service_error();
    assert!(err.is_already_in_organization_exception(), "{err:?}");

    // Tear down: policy, OUs, accounts.
    c.delete_policy().policy_id(&policy_id).send().await.unwrap();
    c.move_account().account_id(&account_ids[0]).source_parent_id(&web_id).destination_parent_id(&root_id).send().await.unwrap();
    c.delete_organizational_unit().organizational_unit_id(&web_id).send().await.unwrap();
    c.delete_organizational_unit().organizational_unit_id(&eng_id).send().await.unwrap();
    c.close_account().account_id(&account_ids[4]).send().await.unwrap();
    c.remove_account_from_organization().account_id(&account_ids[3]).send().await.unwrap();
    let remaining = c.list_accounts().into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    assert_eq!(remaining.len(), 5, "removed one, closed one still listed as closed");
}
