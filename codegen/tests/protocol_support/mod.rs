//! What the generated protocol tests (`tests/protocol.rs` of a scratch crate, emitted by
//! `codegen::protocol_tests`) run against: a client whose HTTP client captures requests or
//! replays a case's response, and the comparisons botocore's runner makes.
//!
//! Copied into the scratch crate as `tests/support/mod.rs`.

use organizations_sdk::config::RetryConfig;
use organizations_sdk::http_client::{HttpClient, HttpFuture, HttpRequest};
use organizations_sdk::{Client, Config, Credentials, Region};
use serde_json::Value;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

/// The requests a capturing client sent.
#[derive(Clone, Debug, Default)]
pub struct Captured(Arc<Mutex<Vec<HttpRequest>>>);

/// Captures every request and answers `200 {}`; or replays one response.
#[derive(Clone, Debug)]
struct Peer {
    captured: Captured,
    reply: (u16, Vec<(String, String)>, String),
}

impl HttpClient for Peer {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.captured.0.lock().unwrap().push(request);
        let (status, headers, body) = self.reply.clone();
        let mut response = http::Response::builder().status(status);
        for (k, v) in headers {
            response = response.header(k, v);
        }
        Box::pin(std::future::ready(Ok(response.body(body.into()).unwrap())))
    }
}

fn client(endpoint: &str, peer: Peer) -> Client {
    Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKID", "SECRET", None))
            .retry_config(RetryConfig::disabled())
            .http_client(peer)
            .build(),
    )
}

/// A client for `endpoint` that captures what it sends.
pub fn capturing_client(endpoint: &str) -> (Client, Captured) {
    let captured = Captured::default();
    let peer = Peer { captured: captured.clone(), reply: (200, Vec::new(), "{}".into()) };
    (client(endpoint, peer), captured)
}

/// A client that answers with a case's `response` (`status_code`, `headers`, `body`).
pub fn replaying_client(response: &str) -> Client {
    let response: Value = serde_json::from_str(response).unwrap();
    let headers = response["headers"].as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
    let status = response["status_code"].as_u64().unwrap() as u16;
    let body = response["body"].as_str().unwrap_or_default().to_owned();
    client("https://example.com", Peer { captured: Captured::default(), reply: (status, headers, body) })
}

/// The one request sent matches a case's `serialized`: method, URI, host, headers,
/// forbidden and required headers, and the body as JSON.
pub fn check_request(case: &str, captured: &Captured, serialized: &str) {
    let expected: Value = serde_json::from_str(serialized).unwrap();
    let sent = captured.0.lock().unwrap();
    assert_eq!(sent.len(), 1, "{case}: one request");
    let request = &sent[0];
    if let Some(method) = expected["method"].as_str() {
        assert_eq!(request.method().as_str(), method, "{case}: method");
    }
    let uri = request.uri();
    if let Some(path) = expected["uri"].as_str() {
        let sent_path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        assert_eq!(sent_path, path, "{case}: URI");
    }
    if let Some(host) = expected["host"].as_str() {
        // `host` is the endpoint's authority, with the endpoint URL's own path when it has
        // one (`example.com/custom` for `https://example.com/custom`).
        let sent = format!("{}{}", uri.authority().unwrap(), uri.path());
        assert_eq!(sent.trim_end_matches('/'), host, "{case}: host");
        assert_eq!(request.headers()["host"], uri.authority().unwrap().as_str(), "{case}: Host header");
    }
    for (name, value) in expected["headers"].as_object().into_iter().flatten() {
        let sent: Vec<_> = request.headers().get_all(name.as_str()).iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(sent.join(", "), value.as_str().unwrap(), "{case}: header {name}");
    }
    for name in expected["forbidHeaders"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap();
        assert!(!request.headers().contains_key(name), "{case}: header {name} must not be sent");
    }
    for name in expected["requireHeaders"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap();
        assert!(request.headers().contains_key(name), "{case}: header {name} must be sent");
    }
    if let Some(body) = expected["body"].as_str() {
        let wanted: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{case}: the case's body is not JSON: {e}"));
        let sent: Value = serde_json::from_slice(request.body()).unwrap_or_else(|e| panic!("{case}: the body sent is not JSON: {e}: {:?}", request.body()));
        assert_eq!(sent, wanted, "{case}: body");
    }
}

/// `actual == expected`, or both print the same (NaN is not equal to itself).
pub fn same<T: PartialEq + Debug>(case: &str, member: &str, actual: &T, expected: &T) {
    if actual != expected {
        let (a, e) = (format!("{actual:?}"), format!("{expected:?}"));
        assert_eq!(a, e, "{case}: {member}");
    }
}
