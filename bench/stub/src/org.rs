//! `STUB_MODE=org`: a synthetic organization behind a throttle, for `cargo xtask bench
//! --org`. `ORG_ACCOUNTS` accounts (default 5,000) in `ORG_ACCOUNTS × 3 / 50` OUs five
//! levels deep (300 for 5,000), 60 SCPs attached across them plus `FullAWSAccess` on the
//! root, two tags on every account; every listing pages by 20. A token bucket of `RATE`
//! requests per second with burst `BURST` answers HTTP 400 `TooManyRequestsException`
//! beyond it, as Organizations does. `GET /stats` returns and resets
//! `{"calls", "throttled", "min_calls"}`; `min_calls` is the fewest requests that read all
//! of it (one listing per parent, `ListPolicies` + `ListTargetsForPolicy`, one tag listing
//! per resource).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

const PAGE: usize = 20;

pub struct Org {
    /// (id, name, parent)
    ous: Vec<(String, String, String)>,
    /// (id, name, parent)
    accounts: Vec<(String, String, String)>,
    /// (id, name, targets)
    policies: Vec<(String, String, Vec<String>)>,
    bucket: Mutex<(f64, Instant)>,
    rate: f64,
    burst: f64,
    calls: AtomicUsize,
    throttled: AtomicUsize,
}

fn pages(n: usize) -> usize {
    n.div_ceil(PAGE).max(1)
}

impl Org {
    pub fn from_env() -> Org {
        let var = |k: &str, d: f64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
        let n_accounts = var("ORG_ACCOUNTS", 5000.0) as usize;
        let n_ous = (n_accounts * 3 / 50).max(5);
        // Five levels: 1/15, 1/15, 2/15, 4/15 and 7/15 of the OUs.
        let shares = [1, 1, 2, 4, 7];
        let mut ous: Vec<(String, String, String)> = Vec::new();
        let mut previous = vec!["r-root".to_string()];
        let mut made = 0;
        for (level, share) in shares.iter().enumerate() {
            let count = if level == 4 { n_ous - made } else { (n_ous * share / 15).max(1) };
            let mut current = Vec::new();
            for i in 0..count {
                let id = format!("ou-root-{level}{i:07}");
                ous.push((id.clone(), format!("L{level}-{i}"), previous[i % previous.len()].clone()));
                current.push(id);
            }
            made += count;
            previous = current;
        }
        let parents: Vec<String> = std::iter::once("r-root".to_string()).chain(ous.iter().map(|o| o.0.clone())).collect();
        let accounts: Vec<_> =
            (0..n_accounts).map(|j| (format!("{:012}", 100_000_000_000u64 + j as u64), format!("account-{j}"), parents[j % parents.len()].clone())).collect();
        let mut policies = vec![("p-FullAWSAccess".to_string(), "FullAWSAccess".to_string(), vec!["r-root".to_string()])];
        for p in 0..60 {
            let targets = vec![parents[(p * 5 + 1) % parents.len()].clone(), accounts[(p * 83) % accounts.len()].0.clone()];
            policies.push((format!("p-scp{p:08}"), format!("scp-{p}"), targets));
        }
        let (rate, burst) = (var("RATE", 100.0), var("BURST", 10.0));
        Org { ous, accounts, policies, bucket: Mutex::new((burst, Instant::now())), rate, burst, calls: AtomicUsize::new(0), throttled: AtomicUsize::new(0) }
    }

    fn min_calls(&self) -> usize {
        let parents: Vec<&str> = std::iter::once("r-root").chain(self.ous.iter().map(|o| o.0.as_str())).collect();
        let listings: usize = parents
            .iter()
            .map(|p| pages(self.ous.iter().filter(|o| o.2 == *p).count()) + pages(self.accounts.iter().filter(|a| a.2 == *p).count()))
            .sum();
        let targets: usize = self.policies.iter().map(|p| pages(p.2.len())).sum();
        let resources = 1 + self.ous.len() + self.accounts.len() + self.policies.len();
        2 + listings + pages(self.policies.len()) + targets + resources
    }

    pub fn stats(&self) -> String {
        let calls = self.calls.swap(0, Ordering::SeqCst);
        let throttled = self.throttled.swap(0, Ordering::SeqCst);
        format!(r#"{{"calls":{calls},"throttled":{throttled},"min_calls":{}}}"#, self.min_calls())
    }

    /// `(status, body)` for one request.
    pub fn answer(&self, target: &str, body: &str) -> (u16, String) {
        self.calls.fetch_add(1, Ordering::SeqCst);
        {
            let mut b = self.bucket.lock().unwrap();
            let now = Instant::now();
            b.0 = (b.0 + now.duration_since(b.1).as_secs_f64() * self.rate).min(self.burst);
            b.1 = now;
            if b.0 < 1.0 {
                self.throttled.fetch_add(1, Ordering::SeqCst);
                return (400, r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#.into());
            }
            b.0 -= 1.0;
        }
        let op = target.rsplit('.').next().unwrap_or_default();
        let field = |k: &str| -> Option<String> {
            let at = body.find(&format!("\"{k}\""))?;
            let rest = &body[at + k.len() + 2..];
            let start = rest.find('"')? + 1;
            let end = rest[start..].find('"')? + start;
            Some(rest[start..end].to_string())
        };
        let page_of = |items: Vec<String>, key: &str| -> String {
            let start: usize = field("NextToken").and_then(|t| t.parse().ok()).unwrap_or(0);
            let end = (start + PAGE).min(items.len());
            let next = if end < items.len() { format!(r#","NextToken":"{end}""#) } else { String::new() };
            format!(r#"{{"{key}":[{}]{next}}}"#, items[start.min(end)..end].join(","))
        };
        let account = |a: &(String, String, String)| {
            format!(r#"{{"Id":"{}","Name":"{}","Email":"{}@example.com","Status":"ACTIVE","State":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1.515531487E9}}"#, a.0, a.1, a.1)
        };
        let policy = |p: &(String, String, Vec<String>)| format!(r#"{{"Id":"{}","Name":"{}","Type":"SERVICE_CONTROL_POLICY","AwsManaged":false}}"#, p.0, p.1);
        let body = match op {
            "DescribeOrganization" => r#"{"Organization":{"Id":"o-bench","FeatureSet":"ALL"}}"#.to_string(),
            "ListRoots" => r#"{"Roots":[{"Id":"r-root","Name":"Root"}]}"#.to_string(),
            "ListOrganizationalUnitsForParent" => {
                let parent = field("ParentId").unwrap_or_default();
                page_of(self.ous.iter().filter(|o| o.2 == parent).map(|o| format!(r#"{{"Id":"{}","Name":"{}"}}"#, o.0, o.1)).collect(), "OrganizationalUnits")
            }
            "ListAccountsForParent" => {
                let parent = field("ParentId").unwrap_or_default();
                page_of(self.accounts.iter().filter(|a| a.2 == parent).map(account).collect(), "Accounts")
            }
            "ListPolicies" => page_of(self.policies.iter().map(policy).collect(), "Policies"),
            "ListTargetsForPolicy" => {
                let id = field("PolicyId").unwrap_or_default();
                let targets = self.policies.iter().find(|p| p.0 == id).map(|p| p.2.clone()).unwrap_or_default();
                page_of(targets.iter().map(|t| format!(r#"{{"TargetId":"{t}","Type":"ACCOUNT"}}"#)).collect(), "Targets")
            }
            "ListPoliciesForTarget" => {
                let id = field("TargetId").unwrap_or_default();
                page_of(self.policies.iter().filter(|p| p.2.contains(&id)).map(policy).collect(), "Policies")
            }
            "ListTagsForResource" => {
                let id = field("ResourceId").unwrap_or_default();
                let tags = if self.accounts.iter().any(|a| a.0 == id) {
                    vec![r#"{"Key":"team","Value":"bench"}"#.to_string(), format!(r#"{{"Key":"id","Value":"{id}"}}"#)]
                } else {
                    Vec::new()
                };
                page_of(tags, "Tags")
            }
            other => return (400, format!(r#"{{"__type":"InvalidInputException","message":"stub: {other}"}}"#)),
        };
        (200, body)
    }
}
