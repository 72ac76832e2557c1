//! Organization walk with organizations-sdk: one `snapshot()` (policies of type SCP with
//! their targets, every resource's tags), `CONCURRENCY` listings at once, at most `RATE`
//! requests per second. Prints `accounts ous policies tagged`, or fails.

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(walk());
}

async fn walk() {
    let var = |k: &str, d: f64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let url = std::env::var("ENDPOINT_URL").expect("ENDPOINT_URL");
    let config = organizations_sdk::Config::from_env().await.to_builder().endpoint_url(url).build();
    let client = organizations_sdk::Client::from_conf(config);
    let snapshot = client
        .snapshot()
        .policies([organizations_sdk::types::PolicyType::ServiceControlPolicy])
        .tags(true)
        .concurrency(var("CONCURRENCY", 8.0) as usize)
        .max_rate(var("RATE", 8.0))
        .send()
        .await;
    match snapshot {
        Ok(s) => println!(
            "{} {} {} {}",
            s.accounts.len(),
            s.organizational_units.len(),
            s.policies.len(),
            s.tags.values().filter(|t| !t.is_empty()).count()
        ),
        Err(e) => {
            eprintln!("walk failed: {e}");
            std::process::exit(1);
        }
    }
}
