//! Benchmark consumer: aws-sdk-organizations with aws-config defaults. Same job as `ours`.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let walks: usize = std::env::var("WALKS").ok().and_then(|w| w.parse().ok()).unwrap_or(1);
    let url = std::env::var("ENDPOINT_URL").expect("ENDPOINT_URL");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).endpoint_url(url).load().await;
    let client = aws_sdk_organizations::Client::new(&config);
    let mut seen = 0usize;
    for _ in 0..walks {
        let mut accounts = client.list_accounts().into_paginator().items().send();
        while let Some(account) = accounts.next().await {
            account.expect("ListAccounts page");
            seen += 1;
        }
    }
    println!("{seen}");
}
