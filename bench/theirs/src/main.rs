//! Benchmark consumer: aws-sdk-organizations with aws-config defaults. Same job as `ours`.

fn main() {
    // A current-thread runtime built by hand: the same for both consumers, no proc macro.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(walk());
}

async fn walk() {
    let walks: usize = std::env::var("WALKS").ok().and_then(|w| w.parse().ok()).unwrap_or(1);
    let url = std::env::var("ENDPOINT_URL").expect("ENDPOINT_URL");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).endpoint_url(url).load().await;
    let client = aws_sdk_organizations::Client::new(&config);
    let mut seen = 0usize;
    for _ in 0..walks {
        // Pages rather than items: aws-sdk-organizations has no `items()` for ListAccounts.
        let mut pages = client.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            seen += page.expect("ListAccounts page").accounts().len();
        }
    }
    println!("{seen}");
}
