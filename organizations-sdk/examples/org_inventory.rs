//! In every account of the organization, assume `OrganizationAccountAccessRole` and make a
//! call there (DescribeOrganization), then print a table of the answers.

mod common;
#[path = "common/inventory.rs"]
mod inventory;

const USAGE: &str = "org_inventory: run a call in every account with its assumed role, print a table

usage: cargo run --example org_inventory -- [--role NAME] [--concurrency N]
         [--endpoint-url URL] [--sts-endpoint-url URL] [--region REGION]

Credentials and region come from the usual places (AWS_* variables, ~/.aws/config,
SSO, container or instance metadata); they must be allowed to assume the role.";

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--role", "--concurrency", "--endpoint-url", "--sts-endpoint-url", "--region"], &[]);
    let client = common::client(&args).await;
    let concurrency = match args.value("--concurrency").map(str::parse) {
        None => 8,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("error: --concurrency needs a whole number\n\n{USAGE}");
            std::process::exit(2)
        }
    };
    let options = inventory::Options {
        role_name: args.value("--role").unwrap_or("OrganizationAccountAccessRole"),
        concurrency,
        sts_endpoint_url: args.value("--sts-endpoint-url"),
    };
    match inventory::inventory(&client, &options).await {
        Ok(table) => print!("{table}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
