//! Create an account and poll until it is ready: the logic of the
//! `create_account_and_wait` example, kept apart from printing so tests can run it.

use organizations_sdk::types::CreateAccountState;
use organizations_sdk::Client;
use std::time::Duration;

/// How an account creation ended, when it did not succeed.
#[derive(Debug)]
pub enum WaitError {
    /// The service said FAILED, with this reason.
    Failed(String),
    /// A call failed.
    Call(String),
}

impl std::fmt::Display for WaitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WaitError::Failed(reason) => write!(f, "account creation failed: {reason}"),
            WaitError::Call(e) => f.write_str(e),
        }
    }
}

/// CreateAccount, then DescribeCreateAccountStatus every 1, 2, 4 … (at most 30) seconds
/// until SUCCEEDED (the new account's id) or FAILED (its reason). `progress` hears each
/// state in between.
pub async fn create_and_wait(client: &Client, email: &str, name: &str, mut progress: impl FnMut(&str)) -> Result<String, WaitError> {
    let created = client.create_account().email(email).account_name(name).send().await.map_err(|e| WaitError::Call(format!("CreateAccount failed: {e}")))?;
    let request_id = created.create_account_status().and_then(|s| s.id()).unwrap_or_default().to_owned();
    progress(&format!("request {request_id} submitted"));
    let mut delay = Duration::from_secs(1);
    loop {
        let out = client
            .describe_create_account_status()
            .create_account_request_id(&request_id)
            .send()
            .await
            .map_err(|e| WaitError::Call(format!("DescribeCreateAccountStatus failed: {e}")))?;
        let status = out.create_account_status().cloned().unwrap_or_default();
        match status.state() {
            Some(CreateAccountState::Succeeded) => return Ok(status.account_id().unwrap_or("?").to_owned()),
            Some(CreateAccountState::Failed) => {
                let reason = status.failure_reason().map(|r| r.as_str()).unwrap_or("no reason given");
                return Err(WaitError::Failed(reason.to_owned()));
            }
            state => progress(&format!("state {}, checking again in {delay:?}", state.map(|s| s.as_str()).unwrap_or("?"))),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(30));
    }
}
