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
//! takes a token from one bucket shared by the walk (`max_rate` per second, default 8, burst
//! of one); a throttled request (`TooManyRequestsException`, whatever its message, or
//! `ConcurrentModificationException`) lowers the rate by 30 % (it grows back 5 % per success)
//! and is sent again after a short jittered backoff (50 ms doubling to 5 s), for as long as
//! the `deadline` (default: the client's operation timeout, if set) allows: throttling never
//! fails a walk. Transient failures (5xx,
//! timeouts, connections) are sent again three times. The walk's requests go through a copy
//! of the client with the SDK's own retries off, so that every throttle slows the shared
//! bucket at once instead of sleeping inside one call. Pages are followed while `NextToken`
//! is set, empty pages included; a token that repeats ends the listing.

use crate::error::{ProvideErrorMetadata, SdkError};
use crate::retry::{classify_response, Failure};
use crate::types::{Account, Organization, OrganizationalUnit, PolicySummary, PolicyTargetSummary, PolicyType, Root, Tag};
use crate::Client;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

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
        // The walk retries by itself (see `Walk::call`): its client does not.
        let config = self.client.config().to_builder().retry_config(crate::config::RetryConfig::disabled()).build();
        let client = Client::from_conf(config);
        let walk = Arc::new(Walk {
            client: client.clone(),
            bucket: tokio::sync::Mutex::new(crate::retry::Pacer::new(self.max_rate)),
            progress: Mutex::new(Progress::default()),
            on_progress: self.progress.clone(),
            deadline: self.deadline.or(self.client.config().timeout_config().operation_timeout()).map(|d| Instant::now() + d),
        });
        let mut snapshot = OrganizationSnapshot::default();
        let client = &client;
        let org = walk.call("DescribeOrganization".into(), || client.describe_organization().send()).await?;
        snapshot.organization = org.organization().cloned();
        snapshot.roots = walk
            .pages("ListRoots".into(), |token| async move {
                let out = client.list_roots().set_next_token(token).send().await?;
                Ok((out.roots().to_vec(), out.next_token().map(str::to_owned)))
            })
            .await?;

        let mut jobs = Jobs::new(walk.clone(), self.concurrency);
        for root in &snapshot.roots {
            let id = root.id().unwrap_or_default().to_owned();
            jobs.push(Job::Children(id.clone()));
            jobs.push(Job::Accounts(id));
        }
        for policy_type in &self.policy_types {
            jobs.push(Job::Policies(policy_type.clone()));
        }
        let mut tag_targets: Vec<String> = snapshot.roots.iter().filter_map(|r| r.id().map(str::to_owned)).collect();
        while let Some(done) = jobs.next().await? {
            match done {
                Done::Children(parent, ous) => {
                    for ou in ous {
                        let id = ou.id().unwrap_or_default().to_owned();
                        jobs.push(Job::Children(id.clone()));
                        jobs.push(Job::Accounts(id.clone()));
                        tag_targets.push(id);
                        snapshot.organizational_units.push(SnapshotOu { ou, parent_id: parent.clone() });
                    }
                    walk.update(|p| p.organizational_units = snapshot.organizational_units.len());
                }
                Done::Accounts(parent, accounts) => {
                    for account in accounts {
                        tag_targets.extend(account.id().map(str::to_owned));
                        snapshot.accounts.push(SnapshotAccount { account, parent_id: parent.clone() });
                    }
                    walk.update(|p| p.accounts = snapshot.accounts.len());
                }
                Done::Policies(policies) => {
                    for policy in policies {
                        let id = policy.id().unwrap_or_default().to_owned();
                        tag_targets.push(id.clone());
                        jobs.push(Job::Targets(id));
                        snapshot.policies.push(SnapshotPolicy { policy, targets: Vec::new() });
                    }
                }
                Done::Targets(policy_id, targets) => {
                    if let Some(p) = snapshot.policies.iter_mut().find(|p| p.policy.id() == Some(policy_id.as_str())) {
                        p.targets = targets;
                    }
                }
                Done::Tags(..) => unreachable!("tags are fetched after the tree"),
            }
        }
        if self.tags {
            tag_targets.sort();
            tag_targets.dedup();
            for id in tag_targets {
                jobs.push(Job::Tags(id));
            }
            while let Some(done) = jobs.next().await? {
                if let Done::Tags(id, tags) = done {
                    snapshot.tags.insert(id, tags);
                }
            }
        }
        snapshot.policies.sort_by(|a, b| a.policy.id().cmp(&b.policy.id()));
        for p in &mut snapshot.policies {
            p.targets.sort_by(|a, b| a.target_id().cmp(&b.target_id()));
        }
        Ok(snapshot)
    }
}

/// One listing of the walk.
enum Job {
    Children(String),
    Accounts(String),
    Policies(PolicyType),
    Targets(String),
    Tags(String),
}

enum Done {
    Children(String, Vec<OrganizationalUnit>),
    Accounts(String, Vec<Account>),
    Policies(Vec<PolicySummary>),
    Targets(String, Vec<PolicyTargetSummary>),
    Tags(String, Vec<Tag>),
}

/// The listings waiting and running, at most `limit` at once.
struct Jobs {
    walk: Arc<Walk>,
    limit: usize,
    queue: std::collections::VecDeque<Job>,
    running: tokio::task::JoinSet<Result<Done, SnapshotError>>,
}

impl Jobs {
    fn new(walk: Arc<Walk>, limit: usize) -> Self {
        Self { walk, limit, queue: Default::default(), running: tokio::task::JoinSet::new() }
    }

    fn push(&mut self, job: Job) {
        self.queue.push_back(job);
    }

    /// The next finished listing; `None` when nothing is left.
    async fn next(&mut self) -> Result<Option<Done>, SnapshotError> {
        while self.running.len() < self.limit {
            let Some(job) = self.queue.pop_front() else { break };
            let walk = self.walk.clone();
            self.running.spawn(async move { walk.run(job).await });
        }
        let pending = self.queue.len() + self.running.len();
        self.walk.update(|p| p.pending = pending);
        match self.running.join_next().await {
            None => Ok(None),
            Some(Ok(done)) => done.map(Some),
            Some(Err(e)) => Err(SnapshotError { call: "a listing task".into(), source: Box::new(e) }),
        }
    }
}

/// What every listing of one walk shares.
struct Walk {
    client: Client,
    bucket: tokio::sync::Mutex<crate::retry::Pacer>,
    progress: Mutex<Progress>,
    on_progress: Option<ProgressFn>,
    deadline: Option<Instant>,
}

impl Walk {
    async fn run(&self, job: Job) -> Result<Done, SnapshotError> {
        let c = &self.client;
        Ok(match job {
            Job::Children(parent) => {
                let ous = self
                    .pages(format!("ListOrganizationalUnitsForParent({parent})"), |token| {
                        let parent = parent.clone();
                        async move {
                            let out = c.list_organizational_units_for_parent().parent_id(parent).set_next_token(token).send().await?;
                            Ok((out.organizational_units().to_vec(), out.next_token().map(str::to_owned)))
                        }
                    })
                    .await?;
                Done::Children(parent, ous)
            }
            Job::Accounts(parent) => {
                let accounts = self
                    .pages(format!("ListAccountsForParent({parent})"), |token| {
                        let parent = parent.clone();
                        async move {
                            let out = c.list_accounts_for_parent().parent_id(parent).set_next_token(token).send().await?;
                            Ok((out.accounts().to_vec(), out.next_token().map(str::to_owned)))
                        }
                    })
                    .await?;
                Done::Accounts(parent, accounts)
            }
            Job::Policies(kind) => {
                let policies = self
                    .pages(format!("ListPolicies({kind})"), |token| {
                        let kind = kind.clone();
                        async move {
                            let out = c.list_policies().filter(kind).set_next_token(token).send().await?;
                            Ok((out.policies().to_vec(), out.next_token().map(str::to_owned)))
                        }
                    })
                    .await?;
                Done::Policies(policies)
            }
            Job::Targets(policy) => {
                let targets = self
                    .pages(format!("ListTargetsForPolicy({policy})"), |token| {
                        let policy = policy.clone();
                        async move {
                            let out = c.list_targets_for_policy().policy_id(policy).set_next_token(token).send().await?;
                            Ok((out.targets().to_vec(), out.next_token().map(str::to_owned)))
                        }
                    })
                    .await?;
                Done::Targets(policy, targets)
            }
            Job::Tags(resource) => {
                let tags = self
                    .pages(format!("ListTagsForResource({resource})"), |token| {
                        let resource = resource.clone();
                        async move {
                            let out = c.list_tags_for_resource().resource_id(resource).set_next_token(token).send().await?;
                            Ok((out.tags().to_vec(), out.next_token().map(str::to_owned)))
                        }
                    })
                    .await?;
                Done::Tags(resource, tags)
            }
        })
    }

    /// Every page of a listing: while `NextToken` is set and new (empty pages included).
    async fn pages<T, E, F, Fut>(&self, name: String, mut page: F) -> Result<Vec<T>, SnapshotError>
    where
        F: FnMut(Option<String>) -> Fut,
        Fut: Future<Output = Result<(Vec<T>, Option<String>), SdkError<E>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        let mut seen = std::collections::HashSet::new();
        loop {
            let (mut batch, next) = self.call(name.clone(), || page(token.clone())).await?;
            items.append(&mut batch);
            match next.filter(|t| !t.is_empty()) {
                Some(t) if seen.insert(t.clone()) => token = Some(t),
                _ => return Ok(items),
            }
        }
    }

    /// One request under the rate limit, sent again while it is throttled (and up to
    /// three more times after a transient failure: 5xx, timeout, connection, unreadable
    /// response). The walk's client has the SDK's own retries off, so every throttle
    /// reaches this loop and slows the shared bucket at once.
    async fn call<T, E, F, Fut>(&self, name: String, mut send: F) -> Result<T, SnapshotError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut backoff = Duration::from_millis(50);
        let mut transient_left = 3;
        loop {
            self.bucket.lock().await.take().await;
            let result = send().await;
            let failure = result.as_ref().err().map(failure);
            let throttled = failure == Some(Failure::Throttling);
            self.update(|p| {
                p.calls += 1;
                p.throttled += usize::from(throttled);
            });
            let e = match result {
                Ok(value) => {
                    self.bucket.lock().await.succeeded();
                    return Ok(value);
                }
                Err(e) => e,
            };
            let retry = if throttled {
                self.bucket.lock().await.throttled();
                true
            } else if failure != Some(Failure::NotRetryable) && transient_left > 0 {
                transient_left -= 1;
                true
            } else {
                false
            };
            let wait = backoff.mul_f64(0.5 + crate::random::f64() / 2.0);
            if !retry || self.deadline.is_some_and(|d| Instant::now() + wait >= d) {
                return Err(SnapshotError { call: name, source: Box::new(e) });
            }
            tokio::time::sleep(wait).await;
            backoff = (backoff * 2).min(Duration::from_secs(5));
        }
    }

    fn update(&self, f: impl FnOnce(&mut Progress)) {
        let snapshot = {
            let mut p = self.progress.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut p);
            *p
        };
        if let Some(callback) = &self.on_progress {
            callback(&snapshot);
        }
    }
}

/// How the walk treats a failed request: as the SDK's retry policy classifies it
/// (`retry::classify_response`: `TooManyRequestsException` — both its messages — is
/// throttling, 5xx and timeouts are transient), and `ConcurrentModificationException` as a
/// throttle too, since a walk only reads and it clears when the writer is done.
fn failure<E: ProvideErrorMetadata>(e: &SdkError<E>) -> Failure {
    match e {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => Failure::Transient,
        SdkError::ServiceError(s) if s.err().code() == Some("ConcurrentModificationException") => Failure::Throttling,
        SdkError::ServiceError(s) => classify_response(s.err().code(), s.raw().status()),
        _ => Failure::NotRetryable,
    }
}

/// A snapshot's lookups, built once per query: parent and name by id, children by parent,
/// attached policies by target.
struct Tree<'a> {
    roots: Vec<&'a str>,
    parent: HashMap<&'a str, &'a str>,
    name: HashMap<&'a str, &'a str>,
    children: HashMap<&'a str, (Vec<&'a OrganizationalUnit>, Vec<&'a Account>)>,
    attached: HashMap<&'a str, Vec<&'a PolicySummary>>,
}

impl<'a> Tree<'a> {
    fn of(s: &'a OrganizationSnapshot) -> Self {
        let mut t = Tree {
            roots: s.roots.iter().filter_map(|r| r.id()).collect(),
            parent: HashMap::new(),
            name: HashMap::new(),
            children: HashMap::new(),
            attached: HashMap::new(),
        };
        for o in &s.organizational_units {
            let id = o.ou.id().unwrap_or_default();
            t.parent.insert(id, &o.parent_id);
            t.name.extend(o.ou.name().map(|n| (id, n)));
            t.children.entry(&o.parent_id).or_default().0.push(&o.ou);
        }
        for a in &s.accounts {
            let id = a.account.id().unwrap_or_default();
            t.parent.entry(id).or_insert(&a.parent_id);
            if let Some(name) = a.account.name() {
                t.name.entry(id).or_insert(name);
            }
            t.children.entry(&a.parent_id).or_default().1.push(&a.account);
        }
        for p in &s.policies {
            for target in p.targets.iter().filter_map(|t| t.target_id()) {
                t.attached.entry(target).or_default().push(&p.policy);
            }
        }
        t
    }

    /// The ids from the root down to `id` (inclusive); empty for an unknown id.
    fn lineage(&self, id: &'a str) -> Vec<&'a str> {
        let mut chain = vec![id];
        while let Some(&parent) = self.parent.get(chain[chain.len() - 1]) {
            if chain.contains(&parent) {
                break; // a cycle cannot happen in AWS; do not loop on bad data
            }
            chain.push(parent);
        }
        if chain.len() == 1 && !self.roots.contains(&id) {
            return Vec::new();
        }
        chain.reverse();
        chain
    }

    /// `  [SCP: a, b]` (per policy type) for a target, or nothing.
    fn attached(&self, id: &str) -> String {
        let mut by_type: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in self.attached.get(id).into_iter().flatten() {
            let label = match p.r#type() {
                Some(PolicyType::ServiceControlPolicy) => "SCP",
                Some(other) => other.as_str(),
                None => "?",
            };
            by_type.entry(label).or_default().push(p.name().unwrap_or("?"));
        }
        by_type.iter().map(|(label, names)| format!("  [{label}: {}]", names.join(", "))).collect()
    }

    fn write_children(&self, f: &mut fmt::Formatter<'_>, parent: &str, indent: &str) -> fmt::Result {
        let Some((ous, accounts)) = self.children.get(parent) else { return Ok(()) };
        let total = ous.len() + accounts.len();
        let mut n = 0;
        for a in accounts {
            n += 1;
            let branch = if n == total { "└──" } else { "├──" };
            let id = a.id().unwrap_or_default();
            writeln!(f, "{indent}{branch} {id} {} <{}>{}", a.name().unwrap_or("?"), a.email().unwrap_or("?"), self.attached(id))?;
        }
        for ou in ous {
            n += 1;
            let last = n == total;
            let id = ou.id().unwrap_or_default();
            writeln!(f, "{indent}{} OU {} ({id}){}", if last { "└──" } else { "├──" }, ou.name().unwrap_or("?"), self.attached(id))?;
            let deeper = format!("{indent}{}", if last { "    " } else { "│   " });
            self.write_children(f, id, &deeper)?;
        }
        Ok(())
    }
}

impl OrganizationSnapshot {
    /// `Root/Engineering/Platform` for an OU or account (`Root` for the root).
    pub fn path_of(&self, id: &str) -> Option<String> {
        let tree = Tree::of(self);
        let chain = tree.lineage(id);
        if chain.is_empty() {
            return None;
        }
        let names: Vec<&str> = chain.iter().map(|&c| if tree.roots.contains(&c) { "Root" } else { tree.name.get(c).copied().unwrap_or(c) }).collect();
        Some(names.join("/"))
    }

    /// The accounts directly in a root or OU, or (`recursive`) anywhere below it.
    pub fn accounts_under(&self, parent: &str, recursive: bool) -> Vec<&Account> {
        if !recursive {
            return self.accounts.iter().filter(|a| a.parent_id == parent).map(|a| &a.account).collect();
        }
        let tree = Tree::of(self);
        let mut below: std::collections::HashSet<&str> = [parent].into();
        let mut queue = vec![parent];
        while let Some(p) = queue.pop() {
            for ou in tree.children.get(p).map(|c| c.0.as_slice()).unwrap_or_default() {
                let id = ou.id().unwrap_or_default();
                if below.insert(id) {
                    queue.push(id);
                }
            }
        }
        self.accounts.iter().filter(|a| below.contains(a.parent_id.as_str())).map(|a| &a.account).collect()
    }

    /// The OUs and accounts directly in a root or OU.
    pub fn children(&self, parent: &str) -> (Vec<&OrganizationalUnit>, Vec<&Account>) {
        let ous = self.organizational_units.iter().filter(|o| o.parent_id == parent).map(|o| &o.ou).collect();
        let accounts = self.accounts.iter().filter(|a| a.parent_id == parent).map(|a| &a.account).collect();
        (ous, accounts)
    }

    /// The policies that apply to a resource: attached to it, or inherited from its OUs and
    /// root (each once, nearest first).
    pub fn policies_along_path(&self, id: &str) -> Vec<&PolicySummary> {
        let tree = Tree::of(self);
        let mut out: Vec<&PolicySummary> = Vec::new();
        for node in tree.lineage(id).iter().rev() {
            for p in tree.attached.get(node).into_iter().flatten() {
                if !out.iter().any(|q| q.id() == p.id()) {
                    out.push(p);
                }
            }
        }
        out
    }
}

impl fmt::Display for OrganizationSnapshot {
    /// The tree, as the `org_tree` example prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let org = self.organization.as_ref();
        writeln!(
            f,
            "Organization {} ({})",
            org.and_then(|o| o.id()).unwrap_or("?"),
            org.and_then(|o| o.feature_set()).map(|s| s.as_str()).unwrap_or("?")
        )?;
        let tree = Tree::of(self);
        for root in &self.roots {
            let id = root.id().unwrap_or_default();
            writeln!(f, "└── Root {id}{}", tree.attached(id))?;
            tree.write_children(f, id, "    ")?;
        }
        Ok(())
    }
}
