//! Seed a small organization for `cargo xtask demo`: OUs three levels deep, a dozen
//! accounts, SCPs attached. Meant for a local moto_server, never for real AWS.

mod common;

use organizations_sdk::types::{OrganizationFeatureSet, PolicyType};

const USAGE: &str = "seed_demo: create a demo organization on a LOCAL emulator

usage: cargo run --example seed_demo -- --endpoint-url http://127.0.0.1:PORT";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--endpoint-url", "--region"], &[]);
    let Some(url) = args.value("--endpoint-url") else {
        eprintln!("error: --endpoint-url is required: this example only seeds local emulators\n\n{USAGE}");
        std::process::exit(2);
    };
    if !(url.starts_with("http://127.") || url.starts_with("http://localhost")) {
        eprintln!("error: refusing to seed {url}: not a loopback endpoint");
        std::process::exit(2);
    }
    let client = common::client(&args).await;
    if let Err(e) = seed(&client).await {
        eprintln!("seeding failed: {e}");
        std::process::exit(1);
    }
}

async fn seed(c: &organizations_sdk::Client) -> Result<(), BoxError> {
    c.create_organization().feature_set(OrganizationFeatureSet::All).send().await?;
    let root = c.list_roots().send().await?.roots()[0].id().unwrap_or_default().to_owned();
    let ou = |parent: String, name: &'static str| async move {
        let out = c.create_organizational_unit().parent_id(parent).name(name).send().await?;
        Ok::<String, BoxError>(out.organizational_unit().and_then(|o| o.id()).unwrap_or_default().to_owned())
    };
    let eng = ou(root.clone(), "Engineering").await?;
    let platform = ou(eng.clone(), "Platform").await?;
    let sre = ou(platform.clone(), "SRE").await?;
    let web = ou(eng.clone(), "Web").await?;
    let finance = ou(root.clone(), "Finance").await?;
    let sandbox = ou(root.clone(), "Sandbox").await?;
    let placement = [
        ("platform-prod", &platform),
        ("platform-dev", &platform),
        ("sre-tools", &sre),
        ("sre-oncall", &sre),
        ("web-prod", &web),
        ("web-staging", &web),
        ("web-dev", &web),
        ("finance-reports", &finance),
        ("finance-billing", &finance),
        ("sandbox-alice", &sandbox),
        ("sandbox-bob", &sandbox),
        ("shared-services", &root),
    ];
    for (name, parent) in placement {
        let created = c.create_account().email(format!("{name}@example.com")).account_name(name).send().await?;
        let request = created.create_account_status().and_then(|s| s.id()).unwrap_or_default().to_owned();
        let status = c.describe_create_account_status().create_account_request_id(request).send().await?;
        let account = status.create_account_status().and_then(|s| s.account_id()).unwrap_or_default().to_owned();
        if parent != &root {
            c.move_account().account_id(account).source_parent_id(&root).destination_parent_id(parent.as_str()).send().await?;
        }
    }
    let scp = |name: &'static str, action: &'static str| async move {
        let content = format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"{action}","Resource":"*"}}]}}"#);
        let out = c.create_policy().name(name).description(name).content(content).r#type(PolicyType::ServiceControlPolicy).send().await?;
        Ok::<String, BoxError>(out.policy().and_then(|p| p.policy_summary()).and_then(|s| s.id()).unwrap_or_default().to_owned())
    };
    let deny_leave = scp("DenyLeaveOrganization", "organizations:LeaveOrganization").await?;
    let deny_regions = scp("DenyUnapprovedRegions", "ec2:RunInstances").await?;
    let deny_billing = scp("DenyBillingChanges", "aws-portal:Modify*").await?;
    for (policy, target) in [(&deny_leave, &root), (&deny_regions, &sandbox), (&deny_billing, &eng), (&deny_regions, &sre)] {
        c.attach_policy().policy_id(policy.as_str()).target_id(target.as_str()).send().await?;
    }
    println!("seeded: 6 OUs (3 levels), 12 accounts, 3 SCPs");
    Ok(())
}
