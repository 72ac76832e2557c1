//! Every service control policy and where it is attached.

mod common;

use organizations_sdk::types::{PolicySummary, PolicyTargetSummary, PolicyType};

const USAGE: &str = "list_policies: all SCPs with their targets

usage: cargo run --example list_policies --features serde -- [--json] [--endpoint-url URL] [--region REGION]

  --json   print a JSON array of {\"Policy\": …, \"Targets\": […]} (the wire field names)";

#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct Entry {
    policy: PolicySummary,
    targets: Vec<PolicyTargetSummary>,
}

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--endpoint-url", "--region"], &["--json"]);
    let client = common::client(&args).await;
    let result: Result<Vec<Entry>, Box<dyn std::error::Error>> = async {
        let mut entries = Vec::new();
        let mut policies = client.list_policies().filter(PolicyType::ServiceControlPolicy).into_paginator().items().send();
        while let Some(policy) = policies.next().await {
            let policy = policy?;
            let id = policy.id().unwrap_or_default().to_owned();
            let targets = client.list_targets_for_policy().policy_id(id).into_paginator().items().send().collect::<Result<Vec<_>, _>>().await?;
            entries.push(Entry { policy, targets });
        }
        Ok(entries)
    }
    .await;
    let entries = match result {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    if args.switch("--json") {
        println!("{}", serde_json::to_string_pretty(&entries).expect("types serialize"));
        return;
    }
    for e in &entries {
        println!(
            "{} {}{}",
            e.policy.id().unwrap_or("?"),
            e.policy.name().unwrap_or("?"),
            if e.policy.aws_managed() == Some(true) { " (AWS managed)" } else { "" }
        );
        for t in &e.targets {
            println!("    -> {} {} ({})", t.r#type().map(|t| t.as_str()).unwrap_or("?"), t.name().unwrap_or("?"), t.target_id().unwrap_or("?"));
        }
    }
}
