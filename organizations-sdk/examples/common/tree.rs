//! The organization as a tree of OUs and accounts with the SCPs attached to each: the
//! logic of the `org_tree` example, kept apart from printing so tests can run it.

use organizations_sdk::types::PolicyType;
use organizations_sdk::Client;
use std::fmt::Write;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The whole tree as text, one line per node.
pub async fn render(client: &Client) -> Result<String, BoxError> {
    let mut out = String::new();
    let org = client.describe_organization().send().await?;
    let org = org.organization().ok_or("DescribeOrganization returned no organization")?;
    writeln!(out, "Organization {} ({})", org.id().unwrap_or("?"), org.feature_set().map(|f| f.as_str()).unwrap_or("?"))?;
    let roots = client.list_roots().into_paginator().items().send().collect::<Result<Vec<_>, _>>().await?;
    for root in roots {
        let id = root.id().unwrap_or_default().to_owned();
        writeln!(out, "└── Root {id}{}", policies(client, &id).await?)?;
        children(client, &id, "    ", &mut out).await?;
    }
    Ok(out)
}

/// `  [SCP: a, b]` for a target, or nothing.
async fn policies(client: &Client, target: &str) -> Result<String, BoxError> {
    let list = client
        .list_policies_for_target()
        .target_id(target)
        .filter(PolicyType::ServiceControlPolicy)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await?;
    let names: Vec<_> = list.iter().filter_map(|p| p.name()).collect();
    Ok(if names.is_empty() { String::new() } else { format!("  [SCP: {}]", names.join(", ")) })
}

fn children<'a>(
    client: &'a Client,
    parent: &'a str,
    indent: &'a str,
    out: &'a mut String,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), BoxError>> + 'a>> {
    Box::pin(async move {
        let ous = client
            .list_organizational_units_for_parent()
            .parent_id(parent)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await?;
        let accounts = client.list_accounts_for_parent().parent_id(parent).into_paginator().items().send().collect::<Result<Vec<_>, _>>().await?;
        let total = ous.len() + accounts.len();
        let mut n = 0;
        for account in &accounts {
            n += 1;
            let branch = if n == total { "└──" } else { "├──" };
            let id = account.id().unwrap_or_default();
            let (name, email) = (account.name().unwrap_or("?"), account.email().unwrap_or("?"));
            writeln!(out, "{indent}{branch} {id} {name} <{email}>{}", policies(client, id).await?)?;
        }
        for ou in &ous {
            n += 1;
            let last = n == total;
            let id = ou.id().unwrap_or_default();
            let branch = if last { "└──" } else { "├──" };
            writeln!(out, "{indent}{branch} OU {} ({id}){}", ou.name().unwrap_or("?"), policies(client, id).await?)?;
            let deeper = format!("{indent}{}", if last { "    " } else { "│   " });
            children(client, id, &deeper, out).await?;
        }
        Ok(())
    })
}
