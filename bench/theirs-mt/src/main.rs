//! Benchmark consumer in the shape aws-sdk-rust users write: `tokio` with every feature,
//! `#[tokio::main]`, `aws_config::load_defaults`. Same job as `ours-mt`.

#[tokio::main]
async fn main() {
    let walks: usize = std::env::var("WALKS").ok().and_then(|w| w.parse().ok()).unwrap_or(1);
    let url = std::env::var("ENDPOINT_URL").expect("ENDPOINT_URL");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).endpoint_url(url).load().await;
    let client = aws_sdk_organizations::Client::new(&config);
    let mut seen = 0usize;
    for _ in 0..walks {
        let mut pages = client.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            seen += page.expect("ListAccounts page").accounts().len();
        }
    }
    println!("{seen}");
}
