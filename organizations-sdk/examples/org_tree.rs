//! Print the organization as a tree: OUs, accounts, and the policies attached to each.

mod common;

use organizations_sdk::types::PolicyType;
use organizations_sdk::Client;

const USAGE: &str = "org_tree: print the organization's OU/account tree with attached SCPs

usage: cargo run --example org_tree -- [--endpoint-url URL] [--region REGION]

Credentials and region come from the usual places (AWS_* variables, ~/.aws/config,
SSO, container or instance metadata).";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--endpoint-url", "--region"], &[]);
    let client = common::client(&args).await;
    if let Err(e) = run(&client).await {
        eprintln!("error: {e}");
        let mut source = e.source();
        while let Some(s) = source {
            eprintln!("  caused by: {s}");
            source = s.source();
        }
        std::process::exit(1);
    }
}

async fn run(client: &Client) -> Result<(), BoxError> {
    let org = client.describe_organization().send().await?;
    let org = org.organization().ok_or("DescribeOrganization returned no organization")?;
    println!("Organization {} ({})", org.id().unwrap_or("?"), org.feature_set().map(|f| f.as_str()).unwrap_or("?"));
    let roots = client.list_roots().into_paginator().items().send().collect::<Result<Vec<_>, _>>().await?;
    for root in roots {
        let id = root.id().unwrap_or_default().to_owned();
        println!("└── Root {id}{}", policies(client, &id).await?);
        print_children(client, &id, "    ").await?;
    }
    Ok(())
}

/// ` [SCP: a, b]` for a target, or nothing.
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

fn print_children<'a>(
    client: &'a Client,
    parent: &'a str,
    indent: &'a str,
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
            println!(
                "{indent}{branch} {} {} <{}>{}",
                id,
                account.name().unwrap_or("?"),
                account.email().unwrap_or("?"),
                policies(client, id).await?
            );
        }
        for ou in &ous {
            n += 1;
            let last = n == total;
            let id = ou.id().unwrap_or_default();
            println!("{indent}{} OU {} ({id}){}", if last { "└──" } else { "├──" }, ou.name().unwrap_or("?"), policies(client, id).await?);
            let deeper = format!("{indent}{}", if last { "    " } else { "│   " });
            print_children(client, id, &deeper).await?;
        }
        Ok(())
    })
}
