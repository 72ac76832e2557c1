//! Logging: a subscriber that captures everything at every level watches calls with a retry,
//! a credentials refresh and a password-protected proxy. Span names and fields are as
//! documented, nothing is logged at INFO or above, bodies appear only when asked for, and no
//! captured text holds the secret key, the session token, a signature or the proxy password.

mod support;

use organizations_sdk::config::ProxyConfig;
use organizations_sdk::{Client, Config};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use support::wire::{Reply, WireServer};
use support::ProxyPy;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

const SECRET_KEY: &str = "SECRETKEYfromTheContainer0123456789";
const SESSION_TOKEN: &str = "SESSIONTOKENfromTheContainer987654321";
const PROXY_PASSWORD: &str = "proxy-pa55word";

#[derive(Debug, Clone)]
struct SpanRecord {
    name: &'static str,
    fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
struct EventRecord {
    level: Level,
    fields: BTreeMap<String, String>,
    /// Names of the enclosing spans, outermost first.
    scope: Vec<&'static str>,
}

#[derive(Default)]
struct Captured {
    spans: HashMap<u64, (SpanRecord, Option<u64>)>,
    events: Vec<EventRecord>,
    /// Everything, as text, for the leak checks.
    text: String,
}

/// A subscriber that keeps every span and event, at every level.
#[derive(Clone, Default)]
struct Capture {
    log: Arc<Mutex<Captured>>,
    next: Arc<AtomicU64>,
}

thread_local! {
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Capture {
    fn scope(&self, log: &Captured, mut id: Option<u64>) -> Vec<&'static str> {
        let mut names = Vec::new();
        while let Some(i) = id {
            let (span, parent) = &log.spans[&i];
            names.push(span.name);
            id = *parent;
        }
        names.reverse();
        names
    }

    fn events(&self) -> Vec<EventRecord> {
        self.log.lock().unwrap().events.clone()
    }

    fn spans(&self) -> Vec<SpanRecord> {
        let log = self.log.lock().unwrap();
        let mut spans: Vec<(u64, SpanRecord)> = log.spans.iter().map(|(id, (s, _))| (*id, s.clone())).collect();
        spans.sort_by_key(|(id, _)| *id);
        spans.into_iter().map(|(_, s)| s).collect()
    }

    fn text(&self) -> String {
        self.log.lock().unwrap().text.clone()
    }

    fn clear(&self) {
        let mut log = self.log.lock().unwrap();
        log.events.clear();
        log.text.clear();
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let parent = match attrs.parent() {
            Some(p) => Some(p.into_u64()),
            None if attrs.is_contextual() => ENTERED.with(|e| e.borrow().last().copied()),
            None => None,
        };
        let mut log = self.log.lock().unwrap();
        let _ = writeln!(log.text, "span {} {fields:?}", attrs.metadata().name());
        log.spans.insert(id, (SpanRecord { name: attrs.metadata().name(), fields }, parent));
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut log = self.log.lock().unwrap();
        let mut added = BTreeMap::new();
        values.record(&mut Fields(&mut added));
        let _ = writeln!(log.text, "record {added:?}");
        if let Some((s, _)) = log.spans.get_mut(&span.into_u64()) {
            s.fields.extend(added);
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let parent = match event.parent() {
            Some(p) => Some(p.into_u64()),
            None if event.is_contextual() => ENTERED.with(|e| e.borrow().last().copied()),
            None => None,
        };
        let mut log = self.log.lock().unwrap();
        let scope = self.scope(&log, parent);
        let level = *event.metadata().level();
        let _ = writeln!(log.text, "{level} {scope:?} {fields:?}");
        log.events.push(EventRecord { level, fields, scope });
    }
    fn enter(&self, span: &Id) {
        ENTERED.with(|e| e.borrow_mut().push(span.into_u64()));
    }
    fn exit(&self, span: &Id) {
        ENTERED.with(|e| {
            let mut e = e.borrow_mut();
            if let Some(at) = e.iter().rposition(|i| *i == span.into_u64()) {
                e.remove(at);
            }
        });
    }
}

fn message(e: &EventRecord) -> &str {
    e.fields.get("message").map_or("", String::as_str)
}

/// The container endpoint's answer: temporary credentials expiring at `expiry`.
fn container_reply(expiry: &str) -> Reply {
    Reply::json(
        200,
        &format!(r#"{{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"{SECRET_KEY}","Token":"{SESSION_TOKEN}","Expiration":"{expiry}"}}"#),
    )
}

// Current-thread runtime: the subscriber is the thread's default, so it sees every task.
#[tokio::test]
async fn spans_events_and_nothing_secret() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let proxy = ProxyPy::start(Some(&format!("ops:{PROXY_PASSWORD}")));
    let proxy_url = format!("http://ops:{PROXY_PASSWORD}@127.0.0.1:{}", proxy.port);
    // Credentials that expire 5 s after each fetch: already inside the cache's refresh window
    // (5–10 s before expiry), so every later attempt refreshes them, yet never expired.
    let container = WireServer::start(|_, _| {
        let soon = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        container_reply(&organizations_sdk::primitives::DateTime::from(soon).to_string())
    })
    .await;
    // The first call is throttled once, then succeeds; later calls succeed at once.
    let service = WireServer::start(|i, _| match i {
        0 => Reply::error(400, "TooManyRequestsException", "slow down"),
        _ => Reply::Respond(200, vec![("x-amzn-requestid", "req-42".into())], r#"{"Organization":{"Id":"o-traced"}}"#.into()),
    })
    .await;
    let env = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", container.url)),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("HOME", "/nonexistent".to_owned()),
        ("HTTP_PROXY", proxy_url.clone()),
    ];
    let config = Config::from_env_with(|l| l.env(env)).await.to_builder().endpoint_url(&service.url).build();
    let client = Client::from_conf(config);
    client.describe_organization().send().await.unwrap();
    client.describe_organization().send().await.unwrap();
    // Every attempt asks the cache, and these credentials are always inside the refresh window.
    assert_eq!(container.requests().len(), 3, "each attempt refreshed the credentials");
    assert_eq!(service.requests().len(), 3);

    // One span per call, named after the operation, with the OpenTelemetry RPC fields.
    let spans = capture.spans();
    let calls: Vec<&SpanRecord> = spans.iter().filter(|s| s.name == "Organizations.DescribeOrganization").collect();
    assert_eq!(calls.len(), 2, "{spans:#?}");
    for (call, request) in calls.iter().zip([&service.requests()[0], &service.requests()[2]]) {
        assert_eq!(call.fields["rpc.system"], "aws-api");
        assert_eq!(call.fields["rpc.service"], "Organizations");
        assert_eq!(call.fields["rpc.method"], "DescribeOrganization");
        assert_eq!(call.fields["sdk_invocation_id"], request.header("amz-sdk-invocation-id"));
        assert_eq!(call.fields["aws.request_id"], "req-42");
    }
    let attempts: Vec<&str> = spans.iter().filter(|s| s.name == "attempt").map(|s| s.fields["attempt"].as_str()).collect();
    assert_eq!(attempts, ["1", "2", "1"]);

    let events = capture.events();
    let find = |text: &str| events.iter().find(|e| message(e).contains(text)).unwrap_or_else(|| panic!("no event {text:?} in {events:#?}"));
    let retry = find("retrying");
    assert_eq!(retry.scope, ["Organizations.DescribeOrganization"]);
    assert_eq!(retry.fields["failure"], "Throttling");
    assert!(retry.fields["delay_ms"].parse::<u64>().unwrap() <= 20_000);
    let endpoint = find("resolved the endpoint");
    assert_eq!(endpoint.fields["endpoint"], service.url);
    assert_eq!(find("the default credentials chain answered").fields["provider"], "container");
    assert_eq!(find("loaded credentials").fields["provider"], "container");
    assert!(find("refreshing credentials").fields.contains_key("expiry"));
    let connections: Vec<Option<&String>> = events.iter().filter(|e| message(e) == "opening a connection").map(|e| e.fields.get("proxy")).collect();
    // The container endpoint directly, the service through the proxy (password hidden).
    assert!(connections.contains(&None), "{connections:?}");
    assert!(connections.iter().flatten().any(|p| p.contains("http://ops:***@127.0.0.1")), "{connections:?}");
    let sent =
        events.iter().find(|e| message(e) == "sending a request" && e.fields["uri"].starts_with(&service.url)).expect("the service request at TRACE");
    assert_eq!(sent.scope, ["Organizations.DescribeOrganization", "attempt"]);
    assert_eq!(sent.level, Level::TRACE);
    assert!(sent.fields["headers"].contains("authorization: ** redacted **"), "{sent:?}");
    assert!(sent.fields["headers"].contains("x-amz-security-token: ** redacted **"), "{sent:?}");
    assert!(sent.fields["headers"].contains("x-amz-target: AWSOrganizationsV20161128.DescribeOrganization"), "{sent:?}");

    // Quiet by default: nothing at INFO or above, and no bodies unless asked for.
    assert!(events.iter().all(|e| e.level == Level::DEBUG || e.level == Level::TRACE), "{events:#?}");
    assert!(!events.iter().any(|e| message(e).contains("body")), "bodies are off by default");

    // Nothing secret anywhere: not the keys, not a signature, not the proxy password.
    let text = capture.text();
    let signature = service.requests()[0].header("authorization").rsplit("Signature=").next().unwrap().to_owned();
    assert_eq!(signature.len(), 64);
    for secret in [SECRET_KEY, SESSION_TOKEN, &signature, PROXY_PASSWORD, "b3BzOnByb3h5LXBhNTV3b3Jk"] {
        assert!(!text.contains(secret), "{secret} was logged:\n{text}");
    }
    drop(client);

    // Bodies when asked for: the request and the response, at TRACE.
    capture.clear();
    let config = Config::from_env_with(|l| l.env([("AWS_REGION", "us-east-1"), ("HOME", "/nonexistent"), ("AWS_EC2_METADATA_DISABLED", "true")]))
        .await
        .to_builder()
        .credentials_provider(organizations_sdk::Credentials::new("AKID", SECRET_KEY, None))
        .proxy(ProxyConfig::disabled())
        .endpoint_url(&service.url)
        .log_bodies(true)
        .build();
    Client::from_conf(config).describe_organization().send().await.unwrap();
    let events = capture.events();
    let body = |m: &str| events.iter().find(|e| message(e) == m).map(|e| (e.level, e.fields["body"].clone()));
    assert_eq!(body("request body"), Some((Level::TRACE, "{}".to_owned())));
    assert_eq!(body("response body"), Some((Level::TRACE, r#"{"Organization":{"Id":"o-traced"}}"#.to_owned())));
    assert!(!capture.text().contains(SECRET_KEY));
}
