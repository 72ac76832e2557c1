//! What the protocol cases leave out, on the same generated crate: an invalid host label
//! is a construction error naming the member with nothing sent; `inject_host_prefix(false)`
//! leaves the host alone; compression follows its settings. Copied into the scratch crate
//! as `tests/protocol_extras.rs`.


use organizations_sdk::config::RetryConfig;
use organizations_sdk::http_client::{HttpClient, HttpFuture, HttpRequest};
use organizations_sdk::{Client, Config, Credentials, Region};
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, Default)]
struct Capture(Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Capture {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.0.lock().unwrap().push(request);
        Box::pin(std::future::ready(Ok(http::Response::builder().status(200).body("{}".into()).unwrap())))
    }
}

fn client(adjust: impl FnOnce(organizations_sdk::config::Builder) -> organizations_sdk::config::Builder) -> (Client, Capture) {
    let capture = Capture::default();
    let builder = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url("https://example.com")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::disabled())
        .http_client(capture.clone());
    (Client::from_conf(adjust(builder).build()), capture)
}

#[tokio::test]
async fn an_invalid_host_label_is_refused_before_sending() {
    for bad in ["", "has space", "dot.ted", "-leading", "trailing-", &"x".repeat(64)] {
        let (c, sent) = client(|b| b);
        let e = c.endpoint_with_host_label_operation().label(bad).send().await.unwrap_err();
        let message = format!("{e:?}");
        assert!(message.contains("label"), "{bad:?}: {message}");
        assert!(sent.0.lock().unwrap().is_empty(), "{bad:?}: nothing is sent");
    }
    let (c, sent) = client(|b| b);
    c.endpoint_with_host_label_operation().label("ok-1").send().await.unwrap();
    assert_eq!(sent.0.lock().unwrap()[0].uri().host(), Some("foo.ok-1.example.com"));
}

#[tokio::test]
async fn host_prefixes_can_be_turned_off() {
    let (c, sent) = client(|b| b.inject_host_prefix(false));
    c.endpoint_with_host_label_operation().label("bar").send().await.unwrap();
    c.endpoint_operation().send().await.unwrap();
    let sent = sent.0.lock().unwrap();
    assert_eq!(sent[0].uri().host(), Some("example.com"));
    assert_eq!(sent[1].uri().host(), Some("example.com"));
    assert_eq!(sent[1].headers()["host"], "example.com");
}

#[tokio::test]
async fn compression_follows_its_settings() {
    let data = "0123456789".repeat(2_000); // 20 000 bytes
    let encoding = |b: fn(organizations_sdk::config::Builder) -> organizations_sdk::config::Builder, data: String| async move {
        let (c, sent) = client(b);
        c.put_with_content_encoding().data(data).send().await.unwrap();
        let sent = sent.0.lock().unwrap();
        (sent[0].headers().get("content-encoding").map(|v| v.to_str().unwrap().to_owned()), sent[0].body().len())
    };
    let (gzip, len) = encoding(|b| b, data.clone()).await;
    assert_eq!(gzip.as_deref(), Some("gzip"));
    assert!(len < 1_000, "compressed to {len} bytes");
    assert_eq!(encoding(|b| b.disable_request_compression(true), data.clone()).await.0, None);
    assert_eq!(encoding(|b| b, "small".into()).await.0, None, "under the 10 KiB default");
    assert_eq!(encoding(|b| b.request_min_compression_size_bytes(0), "small".into()).await.0.as_deref(), Some("gzip"));
    let custom = |b: organizations_sdk::config::Builder| b.request_header(http::header::CONTENT_ENCODING, http::HeaderValue::from_static("custom"));
    assert_eq!(encoding(custom, data).await.0.as_deref(), Some("custom, gzip"), "gzip is appended to the caller's encoding");
}
