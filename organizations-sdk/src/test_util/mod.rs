//! Mocks for testing code that uses this SDK, without AWS, a server or sleeps (the
//! `test-util` feature).
//!
//! A [`Mock`] holds expectations, one builder per operation (`mock.list_accounts()`), and
//! makes real [`Client`]s whose calls go through the whole request and response path —
//! input validation, serialization, signing, the retry policy, parsing — with the network
//! replaced by the mock: outputs are written as awsJson wire bytes and read back by the
//! same reader, modeled errors are rendered as the service renders them and classified by
//! the real retry policy. Nothing sleeps under a mock: the client's clock is the mock's
//! ([`Mock::elapsed`]), which moves only when the client would sleep — retry backoff, the
//! rate limiters, waiters — so polling code is tested in virtual time.
//!
//! ```
//! # async fn run() {
//! use organizations_sdk::test_util::Mock;
//! use organizations_sdk::operation::list_roots::ListRootsOutput;
//! use organizations_sdk::types::Root;
//!
//! let mock = Mock::new();
//! mock.list_roots().returns(ListRootsOutput::builder().roots(Root::builder().id("r-1").build()).build());
//! let client = mock.client();
//! let roots = client.list_roots().send().await.unwrap();
//! assert_eq!(roots.roots()[0].id(), Some("r-1"));
//! assert_eq!(mock.list_roots().calls().len(), 1);
//! mock.verify();
//! # }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run());
//! ```
//!
//! An unmatched call never panics inside the SDK: it is an [`SdkError`] whose message
//! names the operation and the closest expectation. Dropping the last `Mock` (and client)
//! with unmet expectations fails the test; [`Mock::verify`] checks explicitly.
//!
//! [`SdkError`]: crate::error::SdkError

#[doc(hidden)]
pub mod conformance;
#[doc(hidden)]
pub mod engine;

use crate::config::{AsyncSleep, Builder, Config, TimeSource};
use crate::http_client::{ConnectorError, HttpClient, HttpFuture, HttpRequest};
use crate::json::{ReadJson, WriteJson};
use crate::pagination::Page;
use crate::protocol::Operation;
use crate::{Client, Credentials, Region};
use bytes::Bytes;
use engine::{Canned, Engine, Rule, Times};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Expectations and the calls received; clones share them, and so do the clients made
/// from any of them (code that spawns tasks can be tested).
#[derive(Clone, Debug, Default)]
pub struct Mock {
    engine: Arc<Engine>,
    clock: Arc<MockClock>,
}

impl Mock {
    /// Calls may come in any order; each goes to the first open expectation that
    /// accepts it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Calls must come in the order the expectations were made.
    pub fn sequential() -> Self {
        Self { engine: Arc::new(Engine { sequential: true, state: Default::default() }), clock: Default::default() }
    }

    /// A client whose calls this mock answers (region `us-east-1`, test credentials, the
    /// default retry policy).
    pub fn client(&self) -> Client {
        Client::from_conf(self.config().build())
    }

    /// The configuration [`Self::client`] uses, to adjust (retries, timeouts) before
    /// `Client::from_conf(builder.build())`; the mock stays attached.
    pub fn config(&self) -> Builder {
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDMOCK", "mock-secret", None))
            .http_client(MockHttpClient(self.engine.clone()))
            .time_source(MockTime(self.clock.clone()))
            .sleep_impl(MockSleep(self.clock.clone()))
    }

    /// How much time has passed on the mock's clock: what the clients of this mock would
    /// have slept (concurrent sleeps overlap, as they would in real time).
    pub fn elapsed(&self) -> Duration {
        self.clock.elapsed()
    }

    /// Panics listing every expectation that was not met.
    pub fn verify(&self) {
        self.engine.verify();
    }
}

/// The mock as the client's [`HttpClient`]: the operation from `X-Amz-Target`, the answer
/// from the engine; a call it has no answer for is a final (not retried) failure.
#[derive(Debug)]
struct MockHttpClient(Arc<Engine>);

impl HttpClient for MockHttpClient {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        let target = request.headers().get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let operation = target.rsplit('.').next().unwrap_or_default();
        let answer = self.0.respond(operation, request.body()).map_err(ConnectorError::other).and_then(|raw| {
            let mut response =
                http::Response::builder().status(raw.status()).body(Bytes::copy_from_slice(raw.body())).map_err(ConnectorError::other)?;
            *response.headers_mut() = raw.headers().clone();
            Ok(response)
        });
        Box::pin(std::future::ready(answer))
    }
}

/// The mock's clock: the real time when the mock was made, plus how far sleeps moved it.
/// A sleep of `d` that starts at `t` moves the clock to `t + d` unless it is already
/// later, and returns at once.
#[derive(Debug)]
struct MockClock {
    start: SystemTime,
    elapsed: Mutex<Duration>,
}

impl Default for MockClock {
    fn default() -> Self {
        Self { start: SystemTime::now(), elapsed: Mutex::new(Duration::ZERO) }
    }
}

impl MockClock {
    fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Debug)]
struct MockTime(Arc<MockClock>);

impl TimeSource for MockTime {
    fn now(&self) -> SystemTime {
        self.0.start + self.0.elapsed()
    }
}

#[derive(Debug)]
struct MockSleep(Arc<MockClock>);

impl AsyncSleep for MockSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        let clock = self.0.clone();
        Box::pin(async move {
            let wake = clock.elapsed() + duration;
            // Let other tasks run (and start their own sleeps) as a real sleep would.
            tokio::task::yield_now().await;
            let mut elapsed = clock.elapsed.lock().unwrap_or_else(|e| e.into_inner());
            *elapsed = (*elapsed).max(wake);
        })
    }
}

/// `Mock::<operation>()` for every operation of the service.
macro_rules! expectations {
    ($(($module:ident, $op:ident, $input:ident, $output:ident, $error:ident, $wire:literal)),* $(,)?) => {
        /// The wire name of every operation.
        const OPERATIONS: &[&str] = &[$($wire),*];

        impl Mock {
            $(
                #[doc = concat!("Expectations for `", $wire, "`: what to answer, how often, and the inputs it was called with.")]
                pub fn $module(&self) -> Expect<crate::operation::$module::$input, crate::operation::$module::$output, crate::operation::$module::$error> {
                    Expect::new::<crate::operation::$module::$op>(self)
                }
            )*
        }
    };
}
crate::generated::for_each_operation!(expectations);

/// How to read an operation's input and write its output and errors: the operation's
/// readers and writers, chosen by [`Expect::new`].
struct Codec<I, O, E> {
    operation: &'static str,
    read_input: fn(&[u8]) -> Result<I, String>,
    write_input: fn(&I) -> String,
    write_output: fn(&O) -> String,
    write_error: fn(&E) -> Canned,
}

impl<I, O, E> Codec<I, O, E>
where
    I: ReadJson + WriteJson,
    O: WriteJson,
    E: Clone + Into<crate::Error>,
{
    fn of<Op: Operation<Input = I, Output = O, Error = E>>() -> Self {
        Self {
            operation: Op::NAME,
            read_input: |body| crate::json::from_slice(body).map_err(|e| e.to_string()),
            write_input: |input| crate::json::to_string(input),
            write_output: |output| crate::json::to_string(output),
            write_error: |error| Canned::service_error(&error.clone().into()),
        }
    }
}

type Predicate<I> = Arc<dyn Fn(&I) -> bool + Send + Sync>;

/// The expectations of one operation: what to answer (`returns`, `fails`, `http`,
/// `pages`, chained with `then_*` for a sequence), how often (`times`, `always`), for which
/// inputs (`match_input`, `with_input`), and the inputs it was called with (`calls`).
pub struct Expect<I: 'static, O: 'static, E: 'static> {
    engine: Arc<Engine>,
    codec: Codec<I, O, E>,
    matcher: Option<Predicate<I>>,
    expected: Option<String>,
    /// The rule this builder made, once it has a response.
    rule: Option<usize>,
}

impl<I: 'static, O: 'static, E: 'static> std::fmt::Debug for Expect<I, O, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expect").field("operation", &self.codec.operation).field("rule", &self.rule).finish_non_exhaustive()
    }
}

impl<I: 'static, O: 'static, E: 'static> Expect<I, O, E> {
    fn new<Op: Operation<Input = I, Output = O, Error = E>>(mock: &Mock) -> Self
    where
        I: ReadJson + WriteJson,
        O: WriteJson,
        E: Clone + Into<crate::Error>,
    {
        Self { engine: mock.engine.clone(), codec: Codec::of::<Op>(), matcher: None, expected: None, rule: None }
    }
}

impl<I, O: Page, E> Expect<I, O, E> {
    /// Answers with these pages in order, each once, the continuation token set on every
    /// page but the last.
    pub fn pages(self, pages: impl IntoIterator<Item = O>) -> Self {
        let mut pages: Vec<O> = pages.into_iter().collect();
        let count = pages.len();
        for (i, page) in pages.iter_mut().enumerate() {
            page.set_next_token((i + 1 < count).then(|| format!("mock-page-{}", i + 2)));
        }
        pages.into_iter().fold(self, Self::returns)
    }
}

impl<I: 'static, O: 'static, E: 'static> Expect<I, O, E> {
    /// Only calls whose typed input satisfies `predicate` match.
    pub fn match_input(mut self, predicate: impl Fn(&I) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(predicate));
        self
    }

    /// Only calls with exactly this input match (compared on the wire, so unset and
    /// default members are told apart); an unmatched call lists the differing fields.
    pub fn with_input(mut self, input: I) -> Self {
        self.expected = Some((self.codec.write_input)(&input));
        self
    }

    /// Answers with this output (once, unless `times` or `always` says otherwise).
    pub fn returns(self, output: O) -> Self {
        let canned = Canned::ok((self.codec.write_output)(&output));
        self.push(canned)
    }

    /// Answers with this modeled error, rendered as the service sends it.
    pub fn fails(self, error: E) -> Self {
        let canned = (self.codec.write_error)(&error);
        self.push(canned)
    }

    /// Answers with a raw HTTP status and body (for retry and parsing paths).
    pub fn http(self, status: u16, body: impl Into<String>) -> Self {
        self.push(Canned { status, body: body.into().into() })
    }

    /// After the previous answer, this output (a sequence, for polling code).
    pub fn then_returns(self, output: O) -> Self {
        self.returns(output)
    }

    /// After the previous answer, this error.
    pub fn then_fails(self, error: E) -> Self {
        self.fails(error)
    }

    /// Expects exactly `n` calls (the last answer repeats).
    pub fn times(self, n: usize) -> Self {
        self.set_times(Times::Exactly(n))
    }

    /// Answers any number of calls, none required (the last answer repeats).
    pub fn always(self) -> Self {
        self.set_times(Times::Always)
    }

    /// The typed inputs of every call of this operation so far, in order.
    pub fn calls(&self) -> Vec<I> {
        let state = self.engine.lock();
        let bodies: Vec<bytes::Bytes> = state.calls.iter().filter(|(op, _)| *op == self.codec.operation).map(|(_, b)| b.clone()).collect();
        drop(state);
        bodies.iter().filter_map(|b| (self.codec.read_input)(b).ok()).collect()
    }

    fn set_times(self, times: Times) -> Self {
        if let Some(i) = self.rule {
            self.engine.lock().rules[i].times = times;
        }
        self
    }

    /// Adds an answer: the first makes the rule, later ones extend its sequence.
    fn push(mut self, canned: Canned) -> Self {
        let mut state = self.engine.lock();
        match self.rule {
            Some(i) => {
                let rule = &mut state.rules[i];
                rule.responses.push(canned);
                if let Times::Exactly(n) = &mut rule.times {
                    *n = (*n).max(rule.responses.len());
                }
            }
            None => {
                let matcher = self.matcher.clone().map(|predicate| {
                    let read = self.codec.read_input;
                    let f: engine::Matcher = Box::new(move |body: &[u8]| read(body).map(|input| predicate(&input)));
                    f
                });
                let exact = self.expected.clone().map(|want| {
                    // Our writer is deterministic, so the same input is the same bytes.
                    let f: engine::Matcher = Box::new(move |body: &[u8]| Ok(body == want.as_bytes()));
                    f
                });
                let matcher = match (matcher, exact) {
                    (Some(a), Some(b)) => Some(Box::new(move |body: &[u8]| Ok(a(body)? && b(body)?)) as engine::Matcher),
                    (a, b) => a.or(b),
                };
                state.rules.push(Rule {
                    operation: self.codec.operation,
                    matcher,
                    expected: self.expected.clone(),
                    responses: vec![canned],
                    times: Times::Exactly(1),
                    used: 0,
                });
                self.rule = Some(state.rules.len() - 1);
            }
        }
        drop(state);
        self
    }
}
