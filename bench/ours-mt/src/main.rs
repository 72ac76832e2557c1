//! Benchmark consumer in the shape aws-sdk-rust users write: `tokio` with every feature,
//! `#[tokio::main]` (the multi-thread runtime), `Config::from_env()`. Walks ListAccounts
//! `WALKS` times against `ENDPOINT_URL` and prints the number of accounts seen.

#[tokio::main]
async fn main() {
    let walks: usize = std::env::var("WALKS").ok().and_then(|w| w.parse().ok()).unwrap_or(1);
    let url = std::env::var("ENDPOINT_URL").expect("ENDPOINT_URL");
    let config = organizations_sdk::Config::from_env().await.to_builder().endpoint_url(url).build();
    let client = organizations_sdk::Client::from_conf(config);
    let mut seen = 0usize;
    for _ in 0..walks {
        let mut pages = client.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            seen += page.expect("ListAccounts page").accounts().len();
        }
    }
    println!("{seen}");
}
