//! The organization as a tree of OUs and accounts with the SCPs attached to each: the
//! logic of the `org_tree` example (one `snapshot()` walk), kept apart from printing so
//! tests can run it.

use organizations_sdk::snapshot::{Progress, SnapshotError};
use organizations_sdk::types::PolicyType;
use organizations_sdk::Client;

/// The whole tree as text, one line per node; `progress` hears the walk's progress.
pub async fn render(client: &Client, progress: impl Fn(&Progress) + Send + Sync + 'static) -> Result<String, SnapshotError> {
    let snapshot = client.snapshot().policies([PolicyType::ServiceControlPolicy]).concurrency(8).on_progress(progress).send().await?;
    Ok(snapshot.to_string())
}
