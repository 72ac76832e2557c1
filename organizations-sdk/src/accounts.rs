//! Work in every account of the organization: [`Client::across_accounts`] assumes a role
//! (by default `OrganizationAccountAccessRole`) in each chosen account and runs your async
//! closure there with that account's credentials — a ready [`Config`] for this SDK's
//! client, and the [`Credentials`] for any other SDK (they convert into
//! `aws_credential_types::Credentials`).
//!
//! ```no_run
//! # async fn run(client: organizations_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let outcomes = client
//!     .across_accounts()
//!     .role_name("OrganizationAccountAccessRole")
//!     .concurrency(16)
//!     .run(|account, env| async move {
//!         let member = organizations_sdk::Client::from_conf(env.config);
//!         let parents = member.list_parents().child_id(account.id().unwrap_or_default()).send().await?;
//!         Ok::<_, organizations_sdk::Error>(parents.parents().len())
//!     })
//!     .await?;
//! for o in &outcomes {
//!     match &o.result {
//!         Ok(n) => println!("{}: {n}", o.account.id().unwrap_or("?")),
//!         Err(e) => println!("{}: {e}", o.account.id().unwrap_or("?")),
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The run never stops for one account: each gets an [`AccountOutcome`] — the closure's
//! value, or why it failed ([`AccountError`]: STS denied the role, the account is
//! suspended, another STS error after retries, the closure's own error, the per-account
//! timeout). At most `concurrency` accounts are in flight; STS calls are paced at
//! `sts_max_rate` per second (slowing down by 30 % on each throttle and recovering on
//! success, as the snapshot walk does) and throttled or transient STS errors are retried
//! with backoff. Dropping the future cancels every account still running.

use crate::config::Config;
use crate::credentials::http::Transports;
use crate::credentials::sts::{self, StsEndpoint};
use crate::credentials::Credentials;
use crate::retry::{Failure, RateLimiter};
use crate::types::{Account, AccountState, AccountStatus};
use crate::Client;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the closure gets for one account.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AccountEnv {
    /// This SDK's configuration for the account: the client's, with the assumed role's
    /// credentials.
    pub config: Config,
    /// The assumed role's credentials (for any other SDK: `.into()` makes them
    /// `aws_credential_types::Credentials`).
    pub credentials: Credentials,
}

/// One account's result.
#[derive(Debug)]
#[non_exhaustive]
pub struct AccountOutcome<T> {
    /// The account, as listed.
    pub account: Account,
    /// The closure's value, or why the account failed.
    pub result: Result<T, AccountError>,
}

/// Why one account failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum AccountError {
    /// STS refused to let the caller assume the role (`AccessDenied`): the role is missing
    /// in the account, or its trust policy does not allow the caller.
    AccessDenied(String),
    /// The account is suspended: no role was assumed.
    Suspended,
    /// STS failed otherwise (after retrying throttles and transient errors).
    Sts(String),
    /// The closure returned an error.
    Failed(BoxError),
    /// The account did not finish within the per-account timeout.
    TimedOut(Duration),
}

impl fmt::Display for AccountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AccessDenied(m) => write!(f, "access denied assuming the role: {m}"),
            Self::Suspended => f.write_str("the account is suspended"),
            Self::Sts(m) => write!(f, "STS failed: {m}"),
            Self::Failed(e) => write!(f, "{}", crate::error::chain(e.as_ref())),
            Self::TimedOut(d) => write!(f, "did not finish within {d:?}"),
        }
    }
}

impl std::error::Error for AccountError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Failed(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// How far a run is.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Progress {
    /// Accounts chosen.
    pub total: usize,
    /// Accounts finished, either way.
    pub done: usize,
    /// Accounts that failed.
    pub failed: usize,
    /// STS AssumeRole calls made, and how many were throttled.
    pub sts_calls: usize,
    /// STS calls answered with a throttling error.
    pub sts_throttled: usize,
}

/// Why a run could not start: listing the accounts or identifying the caller failed.
#[derive(Debug)]
pub struct AcrossAccountsError(BoxError);

impl fmt::Display for AcrossAccountsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot choose the accounts: {}", crate::error::chain(self.0.as_ref()))
    }
}

impl std::error::Error for AcrossAccountsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.0.as_ref())
    }
}

type Filter = Arc<dyn Fn(&Account) -> bool + Send + Sync>;
type OnProgress = Arc<dyn Fn(&Progress) + Send + Sync>;
/// Applies a change to the run's progress and tells the callback.
type Report = dyn Fn(&dyn Fn(&mut Progress)) + Send + Sync;

/// Builder of a run across accounts: [`Client::across_accounts`].
#[must_use = "nothing runs until `.run(..)` is awaited"]
pub struct AcrossAccounts {
    client: Client,
    role_name: String,
    accounts: Option<Vec<Account>>,
    filter: Option<Filter>,
    include_caller: bool,
    concurrency: usize,
    sts_max_rate: f64,
    session_name: String,
    timeout: Option<Duration>,
    sts_endpoint_url: Option<String>,
    on_progress: Option<OnProgress>,
}

impl fmt::Debug for AcrossAccounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AcrossAccounts")
            .field("role_name", &self.role_name)
            .field("concurrency", &self.concurrency)
            .field("sts_max_rate", &self.sts_max_rate)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Run a closure in every chosen account of the organization with that account's
    /// assumed-role credentials: see [`crate::accounts`].
    pub fn across_accounts(&self) -> AcrossAccounts {
        AcrossAccounts {
            client: self.clone(),
            role_name: "OrganizationAccountAccessRole".into(),
            accounts: None,
            filter: None,
            include_caller: false,
            concurrency: 8,
            sts_max_rate: 20.0,
            session_name: "organizations-sdk-across-accounts".into(),
            timeout: None,
            sts_endpoint_url: None,
            on_progress: None,
        }
    }
}

impl AcrossAccounts {
    /// The role to assume in each account (default `OrganizationAccountAccessRole`).
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role_name = name.into();
        self
    }
    /// Run in exactly these accounts (for instance from a snapshot:
    /// `snap.accounts.iter().map(|a| a.account.clone())`), instead of listing them.
    pub fn accounts(mut self, accounts: impl IntoIterator<Item = Account>) -> Self {
        self.accounts = Some(accounts.into_iter().collect());
        self
    }
    /// Keep only the accounts for which `keep` is true (default: every `ACTIVE` account of
    /// the listing; accounts given with [`Self::accounts`] are all kept).
    pub fn filter(mut self, keep: impl Fn(&Account) -> bool + Send + Sync + 'static) -> Self {
        self.filter = Some(Arc::new(keep));
        self
    }
    /// Also run in the caller's own account (default: skipped, it needs no role).
    pub fn include_caller(mut self, on: bool) -> Self {
        self.include_caller = on;
        self
    }
    /// At most this many accounts at once (default 8).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// At most this many STS AssumeRole calls per second (default 20).
    pub fn sts_max_rate(mut self, per_second: f64) -> Self {
        self.sts_max_rate = per_second.max(0.1);
        self
    }
    /// The role session name CloudTrail shows (default `organizations-sdk-across-accounts`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self
    }
    /// Give up on an account after this long (assuming the role and the closure together).
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }
    /// Call STS at this URL (default: the endpoint URL configured for STS —
    /// `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the profile's `[services]` or
    /// `endpoint_url` — else `https://sts.<region>.amazonaws.com`).
    pub fn sts_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint_url = Some(url.into());
        self
    }
    /// Called after each STS call and each finished account.
    pub fn on_progress(mut self, f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.on_progress = Some(Arc::new(f));
        self
    }

    /// Runs `f(account, env)` in every chosen account; one outcome per account, in the
    /// order the accounts were listed or given.
    pub async fn run<T, E, F, Fut>(self, f: F) -> Result<Vec<AccountOutcome<T>>, AcrossAccountsError>
    where
        F: Fn(Account, AccountEnv) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: Into<BoxError> + 'static,
    {
        let handle = self.client.handle();
        let config = handle.config.clone();
        let region = config.region.as_ref().map_or_else(|| "us-east-1".to_owned(), |r| r.as_ref().to_owned());
        let profiles = crate::settings::ProfileSet::load(&|k| config.env.get(k), None).unwrap_or_default();
        let empty = crate::settings::Profile::new();
        let profile = profiles.selected().unwrap_or(&empty);
        let url = sts::url(self.sts_endpoint_url.clone(), &config.env, &profiles, profile, &region);
        let partition = match region.as_str() {
            r if r.starts_with("cn-") => "aws-cn",
            r if r.starts_with("us-gov-") => "aws-us-gov",
            _ => "aws",
        };
        let sts = Arc::new(Sts {
            endpoint: StsEndpoint { url, region, roots: config.roots.clone(), clock: config.time_source.clone() },
            transports: Transports::new(config.proxy.clone()),
            limiter: RateLimiter::capped(self.sts_max_rate, config.time_source.now()),
        });
        let source = handle.attempts.credentials(&config).await.map_err(|e| AcrossAccountsError(Box::new(e)))?;

        let listed = self.accounts.is_none();
        let mut accounts = match self.accounts {
            Some(accounts) => accounts,
            None => self
                .client
                .list_accounts()
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map_err(|e| AcrossAccountsError(Box::new(e)))?,
        };
        match &self.filter {
            Some(keep) => accounts.retain(|a| keep(a)),
            None if listed => accounts.retain(is_active),
            None => {}
        }
        if !self.include_caller {
            let transport = sts.transports.aws(&sts.endpoint.roots).map_err(|e| AcrossAccountsError(e.into()))?;
            let (caller, _) =
                sts::get_caller_identity(transport, &sts.endpoint, &source).await.map_err(|e| AcrossAccountsError(e.to_string().into()))?;
            accounts.retain(|a| a.id() != Some(caller.as_str()));
        }

        let progress = Arc::new(Mutex::new(Progress { total: accounts.len(), ..Default::default() }));
        let report = {
            let (progress, on_progress) = (progress.clone(), self.on_progress.clone());
            Arc::new(move |change: &dyn Fn(&mut Progress)| {
                let snapshot = {
                    let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
                    change(&mut p);
                    p.clone()
                };
                if let Some(f) = &on_progress {
                    f(&snapshot);
                }
            })
        };
        let f = Arc::new(f);
        let slots = Arc::new(tokio::sync::Semaphore::new(self.concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for (index, account) in accounts.into_iter().enumerate() {
            let (f, slots, sts, source, config, report) = (f.clone(), slots.clone(), sts.clone(), source.clone(), config.clone(), report.clone());
            let role_arn = format!("arn:{partition}:iam::{}:role/{}", account.id().unwrap_or_default(), self.role_name);
            let (session, timeout) = (self.session_name.clone(), self.timeout);
            tasks.spawn(async move {
                let _slot = slots.acquire_owned().await;
                let work = one_account(&sts, &source, &config, &role_arn, &session, account.clone(), &*f, &*report);
                let result = match timeout {
                    Some(limit) => tokio::time::timeout(limit, work).await.unwrap_or(Err(AccountError::TimedOut(limit))),
                    None => work.await,
                };
                report(&|p| {
                    p.done += 1;
                    p.failed += usize::from(result.is_err());
                });
                (index, AccountOutcome { account, result })
            });
        }
        let mut outcomes = Vec::with_capacity(tasks.len());
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(outcome) => outcomes.push(outcome),
                // A panicking closure: re-raised here, as an unspawned one would be.
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => {}
            }
        }
        outcomes.sort_by_key(|(index, _)| *index);
        Ok(outcomes.into_iter().map(|(_, o)| o).collect())
    }
}

/// Every account the default filter keeps: `ACTIVE` (the newer `State`, else `Status`).
fn is_active(a: &Account) -> bool {
    match a.state() {
        Some(state) => *state == AccountState::Active,
        None => a.status() == Some(&AccountStatus::Active),
    }
}

/// What the accounts share: where STS is and how fast it may be called.
struct Sts {
    endpoint: StsEndpoint,
    transports: Transports,
    /// One bucket for every account's AssumeRole calls.
    limiter: RateLimiter,
}

/// STS errors retried before an account fails.
const STS_ATTEMPTS: u32 = 6;

#[allow(clippy::too_many_arguments)]
async fn one_account<T, E, F, Fut>(
    sts: &Sts,
    source: &Credentials,
    config: &Config,
    role_arn: &str,
    session: &str,
    account: Account,
    f: &F,
    report: &Report,
) -> Result<T, AccountError>
where
    F: Fn(Account, AccountEnv) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: Into<BoxError>,
{
    if a_suspended(&account) {
        return Err(AccountError::Suspended);
    }
    let transport = sts.transports.aws(&sts.endpoint.roots).map_err(AccountError::Sts)?;
    let params = sts::AssumeRole { role_arn, session, ..Default::default() };
    let mut attempt = 1;
    let credentials = loop {
        sts.limiter.wait_turn(config.time_source.as_ref(), config.sleep.as_ref()).await;
        let result = sts::assume_role(transport, &sts.endpoint, source, &params).await;
        let failure = result.as_ref().err().map(sts::StsError::failure);
        let throttled = failure == Some(Failure::Throttling);
        report(&|p| {
            p.sts_calls += 1;
            p.sts_throttled += usize::from(throttled);
        });
        match result {
            Ok(credentials) => {
                sts.limiter.update(config.time_source.now(), false);
                break credentials;
            }
            Err(e) if failure != Some(Failure::NotRetryable) && attempt < STS_ATTEMPTS => {
                sts.limiter.update(config.time_source.now(), throttled);
                // The client's backoff rule (full jitter, exponential, capped).
                let delay = config.retry.backoff(attempt, None);
                tracing::debug!(role_arn, attempt, error = %e, delay_ms = delay.as_millis() as u64, "retrying AssumeRole");
                config.sleep.sleep(delay).await;
                attempt += 1;
            }
            Err(e) if e.code == "AccessDenied" || e.status == Some(403) => return Err(AccountError::AccessDenied(format!("{role_arn}: {e}"))),
            Err(e) => return Err(AccountError::Sts(format!("{role_arn}: {e}"))),
        }
    };
    let env = AccountEnv { config: config.to_builder().credentials_provider(credentials.clone()).build(), credentials };
    f(account, env).await.map_err(|e| AccountError::Failed(e.into()))
}

fn a_suspended(a: &Account) -> bool {
    a.state() == Some(&AccountState::Suspended) || a.status() == Some(&AccountStatus::Suspended)
}
