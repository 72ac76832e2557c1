//! The walk: which listings to run, at most `concurrency` at once, every request under the
//! shared rate limiter and sent again while it is throttled.

use super::{OrganizationSnapshot, Progress, ProgressFn, SnapshotAccount, SnapshotBuilder, SnapshotError, SnapshotOu, SnapshotPolicy};
use crate::client::Handle;
use crate::config::{Config, RetryConfig};
use crate::error::{ProvideErrorMetadata, SdkError};
use crate::operation::{
    describe_organization::{DescribeOrganization, DescribeOrganizationInput},
    list_accounts_for_parent::{ListAccountsForParent, ListAccountsForParentInput},
    list_organizational_units_for_parent::{ListOrganizationalUnitsForParent, ListOrganizationalUnitsForParentInput},
    list_policies::{ListPolicies, ListPoliciesInput},
    list_roots::{ListRoots, ListRootsInput},
    list_tags_for_resource::{ListTagsForResource, ListTagsForResourceInput},
    list_targets_for_policy::{ListTargetsForPolicy, ListTargetsForPolicyInput},
};
use crate::pagination::{Cursor, Page, Paginated};
use crate::protocol::Operation;
use crate::retry::{classify_response, Failure, RateLimiter};
use crate::types::{Account, OrganizationalUnit, PolicySummary, PolicyTargetSummary, PolicyType, Tag};
use crate::Client;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Transient failures (5xx, timeouts, connections) are sent again this many times.
const TRANSIENT_RETRIES: u32 = 3;

/// The walk's backoff: the retry policy's jittered exponential backoff, from 50 ms, capped
/// at 5 s (a walk waits on throttles far more often than a single call does).
fn backoff() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(50)).with_max_backoff(Duration::from_secs(5))
}

/// Walks the organization as `options` asks.
pub(super) async fn run(options: SnapshotBuilder) -> Result<OrganizationSnapshot, SnapshotError> {
    // The walk retries by itself (see `Walk::call`): its client does not.
    let config = options.client.config().to_builder().retry_config(RetryConfig::disabled()).build();
    let now = config.time_source.now();
    let deadline = options.deadline.or(config.timeout_config().operation_timeout()).map(|d| now + d);
    let walk = Arc::new(Walk {
        handle: Client::from_conf(config.clone()).handle(),
        limiter: RateLimiter::capped(options.max_rate, now),
        backoff: backoff(),
        config,
        progress: Mutex::new(Progress::default()),
        on_progress: options.progress.clone(),
        deadline,
    });
    let mut snapshot = OrganizationSnapshot::default();
    let describe = DescribeOrganizationInput::default();
    let org = walk.call("DescribeOrganization", || walk.send::<DescribeOrganization>(&describe)).await?;
    snapshot.organization = org.organization().cloned();
    snapshot.roots = walk.pages::<ListRoots>("ListRoots".into(), ListRootsInput::default()).await?;

    let mut jobs = Jobs::new(walk.clone(), options.concurrency);
    for root in &snapshot.roots {
        let id = root.id().unwrap_or_default().to_owned();
        jobs.push(Job::Children(id.clone()));
        jobs.push(Job::Accounts(id));
    }
    for policy_type in &options.policy_types {
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
    if options.tags {
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
    /// The caller's client with the SDK's retries off.
    handle: Arc<Handle>,
    config: Config,
    limiter: RateLimiter,
    backoff: RetryConfig,
    progress: Mutex<Progress>,
    on_progress: Option<ProgressFn>,
    deadline: Option<SystemTime>,
}

impl Walk {
    async fn run(&self, job: Job) -> Result<Done, SnapshotError> {
        Ok(match job {
            Job::Children(parent) => {
                let input = ListOrganizationalUnitsForParentInput { parent_id: Some(parent.clone()), ..Default::default() };
                let name = format!("ListOrganizationalUnitsForParent({parent})");
                Done::Children(parent, self.pages::<ListOrganizationalUnitsForParent>(name, input).await?)
            }
            Job::Accounts(parent) => {
                let input = ListAccountsForParentInput { parent_id: Some(parent.clone()), ..Default::default() };
                let name = format!("ListAccountsForParent({parent})");
                Done::Accounts(parent, self.pages::<ListAccountsForParent>(name, input).await?)
            }
            Job::Policies(kind) => {
                let name = format!("ListPolicies({kind})");
                let input = ListPoliciesInput { filter: Some(kind), ..Default::default() };
                Done::Policies(self.pages::<ListPolicies>(name, input).await?)
            }
            Job::Targets(policy) => {
                let input = ListTargetsForPolicyInput { policy_id: Some(policy.clone()), ..Default::default() };
                let name = format!("ListTargetsForPolicy({policy})");
                Done::Targets(policy, self.pages::<ListTargetsForPolicy>(name, input).await?)
            }
            Job::Tags(resource) => {
                let input = ListTagsForResourceInput { resource_id: Some(resource.clone()), ..Default::default() };
                let name = format!("ListTagsForResource({resource})");
                Done::Tags(resource, self.pages::<ListTagsForResource>(name, input).await?)
            }
        })
    }

    /// One call of `O` on the walk's client.
    fn send<'a, O: Operation>(&'a self, input: &'a O::Input) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + 'a {
        crate::client::send::<O>(&self.handle, Ok(input))
    }

    /// Every item of a listing, page by page by the paginators' rule, each page under
    /// [`Self::call`].
    async fn pages<O: Paginated>(&self, name: String, input: O::Input) -> Result<Vec<<O::Output as Page>::Item>, SnapshotError>
    where
        O::Error: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut cursor = Cursor::<O>::new(input);
        let mut items = Vec::new();
        while let Some(input) = cursor.next_input() {
            let page = self.call(&name, || self.send::<O>(input)).await?;
            cursor.advance(&page);
            items.extend(page.into_items());
        }
        Ok(items)
    }

    /// One request under the rate limit, sent again while it is throttled (and up to
    /// [`TRANSIENT_RETRIES`] more times after a transient failure: 5xx, timeout,
    /// connection, unreadable response), until the deadline. The walk's client has the
    /// SDK's own retries off, so every throttle reaches this loop and slows the shared
    /// limiter at once.
    async fn call<T, E, F, Fut>(&self, name: &str, mut send: F) -> Result<T, SnapshotError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let (clock, sleep) = (&self.config.time_source, &self.config.sleep);
        let mut transient_left = TRANSIENT_RETRIES;
        let mut attempt = 1;
        loop {
            self.limiter.wait_turn(clock.as_ref(), sleep.as_ref()).await;
            let result = send().await;
            let failure = result.as_ref().err().map(failure);
            let throttled = failure == Some(Failure::Throttling);
            self.limiter.update(clock.now(), throttled);
            self.update(|p| {
                p.calls += 1;
                p.throttled += usize::from(throttled);
            });
            let e = match result {
                Ok(value) => return Ok(value),
                Err(e) => e,
            };
            let retry = match failure {
                Some(Failure::Throttling) => true,
                Some(Failure::NotRetryable) | None => false,
                Some(_) if transient_left > 0 => {
                    transient_left -= 1;
                    true
                }
                Some(_) => false,
            };
            let wait = self.backoff.backoff(attempt, None);
            if !retry || self.deadline.is_some_and(|d| clock.now() + wait >= d) {
                return Err(SnapshotError { call: name.to_owned(), source: Box::new(e) });
            }
            sleep.sleep(wait).await;
            attempt += 1;
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
