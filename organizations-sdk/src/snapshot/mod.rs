//! The whole organization in one value: `client.snapshot()…send().await` walks roots, OUs,
//! accounts (with their parents), and on request the policies of chosen types with their
//! targets and every resource's tags, with the fewest calls and as fast as the service
//! allows; [`OrganizationSnapshot`] answers tree questions without further calls.
//!
//! The walk, and why:
//! - Accounts come from `ListAccountsForParent` on every root and OU: one listing per
//!   parent gives each account and its parent (`ListAccounts` plus `ListParents` per
//!   account, or `DescribeAccount` per account, would cost a call per account).
//! - OUs come from `ListOrganizationalUnitsForParent`, level by level (any depth).
//! - Policies come from `ListPolicies` per type plus `ListTargetsForPolicy` per policy
//!   (not `ListPoliciesForTarget` per target: there are far fewer policies than targets).
//! - Tags are one `ListTagsForResource` per resource: there is no bulk call.
//!
//! Independent listings run concurrently (`concurrency`, default 4). Every request first
//! takes a token from one bucket shared by the walk: the rate limiter of the SDK's adaptive
//! retry mode (`retry::RateLimiter`), on from the start at `max_rate` per second (default
//! 8), one request at a time. A throttled request (`TooManyRequestsException`, whatever its
//! message, or `ConcurrentModificationException`) cuts the rate by 30 % (it regrows along
//! the limiter's cubic curve, never above `max_rate`) and is sent again after the retry
//! policy's jittered backoff (from 50 ms, doubling, capped at 5 s), for as long as the
//! `deadline` (default: the client's operation timeout, if set) allows: throttling never
//! fails a walk. Transient failures (5xx, timeouts, connections) are sent again three
//! times. The walk's requests go through a copy of the client with the SDK's own retries
//! off, so that every throttle slows the shared bucket at once instead of sleeping inside
//! one call. Pages are followed by the paginators' rule (`pagination::Cursor`): while the
//! token is set, empty pages included; a token already sent ends the listing. The clock
//! and the sleeps are the client's (`time_source`, `sleep_impl`).
//!
//! Three parts: this module (the result types and the builder), `walk` (the listings) and
//! `tree` (questions about a snapshot, and its `Display`).

mod tree;
mod walk;

use crate::types::{Account, Organization, OrganizationalUnit, PolicySummary, PolicyTargetSummary, PolicyType, Root, Tag};
use crate::Client;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// An OU and where it sits.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SnapshotOu {
    /// The OU as `ListOrganizationalUnitsForParent` returned it.
    pub ou: OrganizationalUnit,
    /// Its parent: a root or an OU id.
    pub parent_id: String,
}

/// An account and its parent.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SnapshotAccount {
    /// The account as `ListAccountsForParent` returned it (with `State`).
    pub account: Account,
    /// Its parent: a root or an OU id.
    pub parent_id: String,
}

/// A policy and the roots, OUs and accounts it is attached to.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SnapshotPolicy {
    /// The policy as `ListPolicies` returned it.
    pub policy: PolicySummary,
    /// Where it is attached.
    pub targets: Vec<PolicyTargetSummary>,
}

/// The organization at one moment. With the `serde` feature it (de)serializes, to be
/// stored and compared.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OrganizationSnapshot {
    /// `DescribeOrganization`.
    pub organization: Option<Organization>,
    /// The roots (one, today).
    pub roots: Vec<Root>,
    /// Every OU, parents before children.
    pub organizational_units: Vec<SnapshotOu>,
    /// Every account, in the order of their parents.
    pub accounts: Vec<SnapshotAccount>,
    /// The policies of the requested types, sorted by id.
    pub policies: Vec<SnapshotPolicy>,
    /// Tags by resource id (accounts, OUs, roots, policies), when requested.
    pub tags: BTreeMap<String, Vec<Tag>>,
}

/// What the walk has done so far, for a progress display.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Requests sent (throttled ones included).
    pub calls: usize,
    /// Requests the service throttled.
    pub throttled: usize,
    /// OUs found.
    pub organizational_units: usize,
    /// Accounts found.
    pub accounts: usize,
    /// Listings still to do.
    pub pending: usize,
}

/// A walk that could not finish.
#[derive(Debug)]
pub struct SnapshotError {
    call: String,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl SnapshotError {
    /// The call that failed, e.g. `ListAccountsForParent(ou-ab12-cdef3456)`.
    pub fn call(&self) -> &str {
        &self.call
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "snapshot: {} failed: {}", self.call, self.source)
    }
}

impl std::error::Error for SnapshotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// Options of [`Client::snapshot`].
#[derive(Clone)]
pub struct SnapshotBuilder {
    client: Client,
    policy_types: Vec<PolicyType>,
    tags: bool,
    concurrency: usize,
    max_rate: f64,
    deadline: Option<Duration>,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for SnapshotBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnapshotBuilder")
            .field("policy_types", &self.policy_types)
            .field("tags", &self.tags)
            .field("concurrency", &self.concurrency)
            .field("max_rate", &self.max_rate)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A snapshot of the whole organization: see [`crate::snapshot`].
    pub fn snapshot(&self) -> SnapshotBuilder {
        SnapshotBuilder { client: self.clone(), policy_types: Vec::new(), tags: false, concurrency: 4, max_rate: 8.0, deadline: None, progress: None }
    }
}

impl SnapshotBuilder {
    /// Also fetch the policies of these types, with their targets.
    pub fn policies(mut self, types: impl IntoIterator<Item = PolicyType>) -> Self {
        self.policy_types = types.into_iter().collect();
        self
    }

    /// Also fetch every resource's tags (one call per resource).
    pub fn tags(mut self, on: bool) -> Self {
        self.tags = on;
        self
    }

    /// How many listings run at once (at least 1; default 4).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// The most requests per second the walk sends (default 8; lowered while throttled).
    pub fn max_rate(mut self, per_second: f64) -> Self {
        self.max_rate = if per_second.is_finite() && per_second > 0.0 { per_second } else { 8.0 };
        self
    }

    /// Give up (with the throttled call's error) when throttling lasts past this; by
    /// default the client's operation timeout, if it has one, else never.
    pub fn deadline(mut self, limit: Duration) -> Self {
        self.deadline = Some(limit);
        self
    }

    /// Called after every request with the walk's progress.
    pub fn on_progress(mut self, f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Walks the organization.
    pub async fn send(self) -> Result<OrganizationSnapshot, SnapshotError> {
        walk::run(self).await
    }
}
