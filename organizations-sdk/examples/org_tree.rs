//! Print the organization as a tree: OUs, accounts, and the policies attached to each.

mod common;
#[path = "common/tree.rs"]
mod tree;

const USAGE: &str = "org_tree: print the organization's OU/account tree with attached SCPs

usage: cargo run --example org_tree -- [--endpoint-url URL] [--region REGION]

Credentials and region come from the usual places (AWS_* variables, ~/.aws/config,
SSO, container or instance metadata).";

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--endpoint-url", "--region"], &[]);
    let client = common::client(&args).await;
    match tree::render(&client).await {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            std::process::exit(1);
        }
    }
}
