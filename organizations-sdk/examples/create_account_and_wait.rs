//! Create a member account and wait until it is ready (or failed).

mod common;
#[path = "common/wait.rs"]
mod wait;

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
    match wait::create_and_wait(&client, email, name, |line| println!("{line}")).await {
        Ok(account_id) => println!("account {account_id} is ready"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
