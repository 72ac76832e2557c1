//! Organization walk with aws-sdk-organizations as users write it: recursion over
//! roots and OUs (`ListOrganizationalUnitsForParent`, `ListAccountsForParent`), then
//! `ListPoliciesForTarget` and `ListTagsForResource` per resource, with the SDK's default
//! retries. `MODE=sequential` awaits one call at a time; `MODE=level` runs each level's
//! listings (and each batch of per-resource calls) concurrently, the `join_all`-per-level
//! variant. Prints `accounts ous policies tagged`, or fails.

use aws_sdk_organizations::types::PolicyType;
use aws_sdk_organizations::Client;
use std::collections::BTreeSet;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(async {
        if let Err(e) = walk().await {
            eprintln!("walk failed: {e}");
            std::process::exit(1);
        }
    });
}

async fn children(client: Client, parent: String) -> Result<(Vec<String>, Vec<String>), BoxError> {
    let mut ous = Vec::new();
    let mut pages = client.list_organizational_units_for_parent().parent_id(&parent).into_paginator().send();
    while let Some(page) = pages.next().await {
        ous.extend(page?.organizational_units().iter().filter_map(|o| o.id().map(str::to_owned)));
    }
    let mut accounts = Vec::new();
    let mut pages = client.list_accounts_for_parent().parent_id(&parent).into_paginator().send();
    while let Some(page) = pages.next().await {
        accounts.extend(page?.accounts().iter().filter_map(|a| a.id().map(str::to_owned)));
    }
    Ok((ous, accounts))
}

/// SCPs attached to a target and its tags.
async fn details(client: Client, target: String) -> Result<(Vec<String>, usize), BoxError> {
    let mut policies = Vec::new();
    let mut pages = client.list_policies_for_target().target_id(&target).filter(PolicyType::ServiceControlPolicy).into_paginator().send();
    while let Some(page) = pages.next().await {
        policies.extend(page?.policies().iter().filter_map(|p| p.id().map(str::to_owned)));
    }
    let mut tags = 0;
    let mut pages = client.list_tags_for_resource().resource_id(&target).into_paginator().send();
    while let Some(page) = pages.next().await {
        tags += page?.tags().len();
    }
    Ok((policies, tags))
}

async fn walk() -> Result<(), BoxError> {
    let url = std::env::var("ENDPOINT_URL").expect("ENDPOINT_URL");
    let level_mode = std::env::var("MODE").is_ok_and(|m| m == "level");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).endpoint_url(url).load().await;
    let client = Client::new(&config);
    client.describe_organization().send().await?;
    let roots: Vec<String> = client.list_roots().send().await?.roots().iter().filter_map(|r| r.id().map(str::to_owned)).collect();
    let (mut all_ous, mut all_accounts) = (Vec::new(), Vec::new());
    let mut level = roots.clone();
    while !level.is_empty() {
        let mut next = Vec::new();
        if level_mode {
            let mut set = tokio::task::JoinSet::new();
            for parent in level {
                set.spawn(children(client.clone(), parent));
            }
            while let Some(done) = set.join_next().await {
                let (ous, accounts) = done??;
                next.extend(ous);
                all_accounts.extend(accounts);
            }
        } else {
            for parent in level {
                let (ous, accounts) = children(client.clone(), parent).await?;
                next.extend(ous);
                all_accounts.extend(accounts);
            }
        }
        all_ous.extend(next.iter().cloned());
        level = next;
    }
    let targets: Vec<String> = roots.iter().chain(&all_ous).chain(&all_accounts).cloned().collect();
    let (mut policies, mut tagged) = (BTreeSet::new(), 0);
    if level_mode {
        for batch in targets.chunks(100) {
            let mut set = tokio::task::JoinSet::new();
            for t in batch {
                set.spawn(details(client.clone(), t.clone()));
            }
            while let Some(done) = set.join_next().await {
                let (p, tags) = done??;
                policies.extend(p);
                tagged += usize::from(tags > 0);
            }
        }
    } else {
        for t in targets {
            let (p, tags) = details(client.clone(), t).await?;
            policies.extend(p);
            tagged += usize::from(tags > 0);
        }
    }
    println!("{} {} {} {}", all_accounts.len(), all_ous.len(), policies.len(), tagged);
    Ok(())
}
