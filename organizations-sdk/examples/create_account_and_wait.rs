//! Create a member account and wait until it is ready (or failed).

mod common;

use organizations_sdk::types::CreateAccountState;
use std::time::Duration;

const USAGE: &str = "create_account_and_wait: CreateAccount, then poll until SUCCEEDED or FAILED

usage: cargo run --example create_account_and_wait -- --email EMAIL --name NAME
       [--endpoint-url URL] [--region REGION]";

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--email", "--name", "--endpoint-url", "--region"], &[]);
    let (Some(email), Some(name)) = (args.value("--email"), args.value("--name")) else {
        eprintln!("error: --email and --name are required\n\n{USAGE}");
        std::process::exit(2);
    };
    let client = common::client(&args).await;
    let created = match client.create_account().email(email).account_name(name).send().await {
        Ok(out) => out,
        Err(e) => {
            eprintln!("CreateAccount failed: {e}");
            std::process::exit(1);
        }
    };
    let request_id = created.create_account_status().and_then(|s| s.id()).unwrap_or_default().to_owned();
    println!("request {request_id} submitted");
    let mut delay = Duration::from_secs(1);
    loop {
        let status = match client.describe_create_account_status().create_account_request_id(&request_id).send().await {
            Ok(out) => out.create_account_status().cloned().unwrap_or_default(),
            Err(e) => {
                eprintln!("DescribeCreateAccountStatus failed: {e}");
                std::process::exit(1);
            }
        };
        match status.state() {
            Some(CreateAccountState::Succeeded) => {
                println!("account {} is ready", status.account_id().unwrap_or("?"));
                return;
            }
            Some(CreateAccountState::Failed) => {
                let reason = status.failure_reason().map(|r| r.as_str()).unwrap_or("no reason given");
                eprintln!("account creation failed: {reason}");
                std::process::exit(1);
            }
            state => println!("state {}, checking again in {delay:?}", state.map(|s| s.as_str()).unwrap_or("?")),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(30));
    }
}
