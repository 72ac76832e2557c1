//! Create an account and wait until it is ready: the logic of the
//! `create_account_and_wait` example, kept apart from printing so tests can run it.

use organizations_sdk::waiters::WaiterError;
use organizations_sdk::Client;
use std::time::Duration;

/// How an account creation ended, when it did not succeed.
#[derive(Debug)]
pub enum WaitError {
    /// CreateAccount itself failed.
    Create(String),
    /// The waiter gave up: FAILED (with its reason), the wait ran out, or a poll failed.
    Wait(WaiterError),
}

impl std::fmt::Display for WaitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WaitError::Create(e) => write!(f, "CreateAccount failed: {e}"),
            WaitError::Wait(e) => e.fmt(f),
        }
    }
}

/// CreateAccount, then `wait_until_account_created` (up to 15 minutes): the new account's
/// id. `progress` hears the request id.
pub async fn create_and_wait(client: &Client, email: &str, name: &str, mut progress: impl FnMut(&str)) -> Result<String, WaitError> {
    let created = client.create_account().email(email).account_name(name).send().await.map_err(|e| WaitError::Create(e.to_string()))?;
    let request_id = created.create_account_status().and_then(|s| s.id()).unwrap_or_default().to_owned();
    progress(&format!("request {request_id} submitted, waiting"));
    let status = client
        .wait_until_account_created()
        .create_account_request_id(request_id)
        .wait(Duration::from_secs(15 * 60))
        .await
        .map_err(WaitError::Wait)?;
    Ok(status.account_id().unwrap_or("?").to_owned())
}
