//! The `org_inventory` example's logic: in every account, with its assumed role, ask
//! Organizations which organization the account belongs to, and tabulate the answers.

use organizations_sdk::Client;

/// Options of one inventory run.
pub struct Options<'a> {
    pub role_name: &'a str,
    pub concurrency: usize,
    /// STS at another URL (a local emulator); `None`: where the configuration says.
    pub sts_endpoint_url: Option<&'a str>,
}

/// One line per account — id, name, and what the call in that account answered — under a
/// header, widths fitted to the content.
pub async fn inventory(client: &Client, options: &Options<'_>) -> Result<String, organizations_sdk::accounts::AcrossAccountsError> {
    let mut run = client.across_accounts().role_name(options.role_name).concurrency(options.concurrency);
    if let Some(url) = options.sts_endpoint_url {
        run = run.sts_endpoint_url(url);
    }
    let outcomes = run
        .run(|_account, env| async move {
            let org = Client::from_conf(env.config).describe_organization().send().await?;
            let org = org.organization().cloned().unwrap_or_default();
            Ok::<_, organizations_sdk::Error>(format!(
                "in {} (management account {})",
                org.id().unwrap_or("?"),
                org.master_account_id().unwrap_or("?")
            ))
        })
        .await?;
    let rows: Vec<[String; 3]> = outcomes
        .iter()
        .map(|o| {
            let result = match &o.result {
                Ok(line) => line.clone(),
                Err(e) => format!("error: {e}"),
            };
            [o.account.id().unwrap_or("?").to_owned(), o.account.name().unwrap_or("?").to_owned(), result]
        })
        .collect();
    let header = ["ACCOUNT", "NAME", "RESULT"].map(str::to_owned);
    let widths: Vec<usize> = (0..2).map(|c| rows.iter().chain([&header]).map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        out += &format!("{:w0$}  {:w1$}  {}\n", row[0], row[1], row[2], w0 = widths[0], w1 = widths[1]);
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    out += &format!("{} accounts, {failed} failed\n", outcomes.len());
    Ok(out)
}
