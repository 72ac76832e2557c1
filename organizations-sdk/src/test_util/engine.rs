//! The mock's engine: the expectations, the calls received, and the answer to each call.
//! The client's attempt loop hands it the signed request's operation and body in place of
//! sending them; it answers with the wire bytes the service would send.

use crate::error::{ProvideErrorMetadata, RawResponse};
use bytes::Bytes;
use std::fmt::Write;
use std::sync::Mutex;

/// One canned response: status and awsJson body.
#[derive(Clone, Debug)]
pub struct Canned {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

impl Canned {
    pub(crate) fn ok(body: String) -> Self {
        Self { status: 200, body: body.into() }
    }

    /// An error as the service sends it: a modeled exception with its members, or an
    /// `Unhandled` error with its code, message and status.
    pub(crate) fn service_error(e: &crate::Error) -> Self {
        match e.wire() {
            Some((status, code, members)) => Self::error(status, code, &members),
            None => Self::unhandled(crate::error::ProvideErrorMetadata::meta(e), ProvideErrorMetadata::message(e)),
        }
    }

    /// A modeled error as the service renders it: `__type` and the exception's members.
    fn error(status: u16, code: &str, members: &str) -> Self {
        let mut body = String::from("{\"__type\":");
        write_str(&mut body, code);
        if members.len() > 2 {
            body.push(',');
            body.push_str(&members[1..]);
        } else {
            body.push('}');
        }
        Self { status, body: body.into() }
    }

    /// An error the model does not describe: its code, message and status as given.
    fn unhandled(meta: &crate::error::ErrorMetadata, message: Option<&str>) -> Self {
        let mut members = String::from("{");
        if let Some(message) = message {
            members.push_str("\"message\":");
            write_str(&mut members, message);
        }
        members.push('}');
        Self::error(meta.status().unwrap_or(400), meta.code().unwrap_or("UnknownError"), &members)
    }
}

/// Appends `s` to `out` as a JSON string (quoted and escaped).
fn write_str(out: &mut String, s: &str) {
    let mut w = crate::json::Writer::default();
    w.string(s);
    out.push_str(&w.into_string());
}

/// How often a rule answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Times {
    /// Exactly this many calls are expected.
    Exactly(usize),
    /// Any number of calls, none required.
    Always,
}

pub(crate) type Matcher = Box<dyn Fn(&[u8]) -> Result<bool, String> + Send + Sync>;

pub(crate) struct Rule {
    pub(crate) operation: &'static str,
    pub(crate) matcher: Option<Matcher>,
    /// The wire JSON of an input given with `with_input`, for field-by-field differences.
    pub(crate) expected: Option<String>,
    pub(crate) responses: Vec<Canned>,
    pub(crate) times: Times,
    pub(crate) used: usize,
}

impl Rule {
    fn open(&self) -> bool {
        match self.times {
            Times::Exactly(n) => self.used < n,
            Times::Always => true,
        }
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) rules: Vec<Rule>,
    pub(crate) calls: Vec<(&'static str, Bytes)>,
    verified: bool,
}

/// Shared by a `Mock`, its clones and the clients made from them.
#[derive(Default)]
pub struct Engine {
    pub(crate) sequential: bool,
    pub(crate) state: Mutex<State>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mock")
    }
}

impl Engine {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The answer to one call of `operation` (its wire name) with this request body: the
    /// response of the first rule that is still open and accepts the input, or an error
    /// that names the operation and says why no rule accepted it.
    pub(crate) fn respond(&self, operation: &str, body: &Bytes) -> Result<RawResponse, String> {
        let mut state = self.lock();
        let Some(known) = super::OPERATIONS.iter().copied().find(|o| *o == operation) else {
            return Err(format!("mock: {operation} is not an operation of this service"));
        };
        state.calls.push((known, body.clone()));
        let mut chosen = None;
        for (i, rule) in state.rules.iter().enumerate() {
            if !rule.open() {
                continue;
            }
            if self.sequential && rule.operation != operation {
                return Err(format!("mock (sequential): got {operation}, but the next expectation is {} (rule #{})", rule.operation, i + 1));
            }
            if rule.operation != operation {
                continue;
            }
            let accepted = match &rule.matcher {
                None => true,
                Some(matcher) => matcher(body).map_err(|e| format!("mock: {operation}: the request body does not read as its input: {e}"))?,
            };
            if accepted {
                chosen = Some(i);
                break;
            }
            if self.sequential {
                return Err(unmatched(&state.rules, operation, body));
            }
        }
        let Some(i) = chosen else {
            return Err(unmatched(&state.rules, operation, body));
        };
        let rule = &mut state.rules[i];
        let canned = rule.responses[rule.used.min(rule.responses.len() - 1)].clone();
        rule.used += 1;
        let mut headers = http::HeaderMap::new();
        headers.insert("content-type", http::HeaderValue::from_static("application/x-amz-json-1.1"));
        headers.insert("x-amzn-requestid", http::HeaderValue::from_static("mock-request-id"));
        Ok(RawResponse::new(canned.status, headers, canned.body))
    }

    /// Every expectation that was not met, one line each.
    pub(crate) fn unmet(&self) -> Vec<String> {
        let state = self.lock();
        state
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.times {
                Times::Exactly(n) if r.used < n => {
                    Some(format!("{} (rule #{}): expected {n} call{}, got {}", r.operation, i + 1, if n == 1 { "" } else { "s" }, r.used))
                }
                _ => None,
            })
            .collect()
    }

    pub(crate) fn verify(&self) {
        let unmet = self.unmet();
        self.lock().verified = true;
        if !unmet.is_empty() {
            panic!("mock: unmet expectations:\n  {}", unmet.join("\n  "));
        }
    }
}

impl Drop for Engine {
    /// The last `Mock` and client are gone: unmet expectations fail the test, unless it is
    /// already failing or `verify()` reported them.
    fn drop(&mut self) {
        if std::thread::panicking() || self.lock().verified {
            return;
        }
        let unmet = self.unmet();
        if !unmet.is_empty() {
            panic!("mock dropped with unmet expectations:\n  {}", unmet.join("\n  "));
        }
    }
}

/// Why no rule took this call: the closest expectations and how the input differs.
fn unmatched(rules: &[Rule], operation: &str, body: &[u8]) -> String {
    let mut out = format!("mock: no expectation matches this {operation} call");
    let sent = members(body);
    let candidates: Vec<(usize, &Rule)> = rules.iter().enumerate().filter(|(_, r)| r.operation == operation).collect();
    if candidates.is_empty() {
        let mut others: Vec<&str> = rules.iter().map(|r| r.operation).collect();
        others.dedup();
        let _ = write!(out, "; there is no expectation for {operation}");
        if !others.is_empty() {
            let _ = write!(out, " (expectations exist for {})", others.join(", "));
        }
    }
    // The closest: an open rule with an expected input, fewest differing fields first.
    let mut closest: Option<(usize, usize, Vec<String>)> = None;
    for (i, rule) in &candidates {
        if !rule.open() {
            let _ = write!(out, "\n  rule #{}: already used {} time{}", i + 1, rule.used, if rule.used == 1 { "" } else { "s" });
            continue;
        }
        match &rule.expected {
            Some(expected) => {
                let diff = differences(&sent, &members(expected.as_bytes()));
                if closest.as_ref().is_none_or(|(_, n, _)| diff.len() < *n) {
                    closest = Some((*i, diff.len(), diff));
                }
            }
            None => {
                let _ = write!(out, "\n  rule #{}: its match_input predicate rejected the input", i + 1);
            }
        }
    }
    if let Some((i, _, diff)) = closest {
        let _ = write!(out, "\n  closest: rule #{}, which differs in:", i + 1);
        for line in diff {
            let _ = write!(out, "\n    {line}");
        }
    }
    let _ = write!(out, "\n  input sent:");
    if sent.is_empty() {
        let _ = write!(out, " (no members set)");
    }
    for (k, v) in &sent {
        let _ = write!(out, "\n    {k}: {v}");
    }
    out
}

/// `field: sent X, expected Y` for every member that differs.
fn differences(sent: &[(String, String)], expected: &[(String, String)]) -> Vec<String> {
    let mut keys: Vec<&String> = sent.iter().chain(expected).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    let get = |list: &[(String, String)], k: &str| list.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    keys.into_iter()
        .filter_map(|k| {
            let (s, e) = (get(sent, k), get(expected, k));
            (s != e).then(|| {
                let show = |v: Option<String>| v.unwrap_or_else(|| "(unset)".into());
                format!("{k}: sent {}, expected {}", show(s), show(e))
            })
        })
        .collect()
}

/// The top-level members of a JSON body as (name, raw JSON text), in order (none when it
/// is not an object).
fn members(body: &[u8]) -> Vec<(String, String)> {
    crate::json::raw_members(body).unwrap_or_default()
}
