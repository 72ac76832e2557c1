//! The job every consumer of this side does, in either runtime shape: walk ListAccounts
//! `WALKS` times against `ENDPOINT_URL` and print the number of accounts seen.

pub async fn walk() {
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
