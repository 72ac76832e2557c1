//! Forward proxies, against a real one: `proxy.py` (PyPI) started on loopback. Its access log
//! proves which requests went through it; a proxy URL pointing at a closed port proves
//! which did not (the call could only succeed directly).

mod support;

use organizations_sdk::config::{ProxyConfig, RetryConfig};
use organizations_sdk::error::SdkError;
use organizations_sdk::{Client, Config, Credentials, Region};
use support::tls::{https_server, CA};
use support::wire::{Reply, WireServer};
use support::ProxyPy;

/// A proxy URL nothing listens on.
const DEAD_PROXY: &str = "http://127.0.0.1:1";

fn builder(url: &str) -> organizations_sdk::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKID", "secret", None))
        .retry_config(RetryConfig::disabled())
}

fn ca() -> Vec<u8> {
    std::fs::read(CA).unwrap()
}

fn port_of(url: &str) -> &str {
    url.rsplit(':').next().unwrap()
}

/// `Config::from_env` with these variables (and no credentials or metadata lookups beyond them).
async fn from_env(vars: &[(&str, &str)]) -> organizations_sdk::config::Builder {
    let mut env: Vec<(String, String)> = vec![
        ("AWS_ACCESS_KEY_ID".into(), "AKID".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "secret".into()),
        ("AWS_REGION".into(), "us-east-1".into()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("HOME".into(), "/nonexistent".into()),
    ];
    env.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::from_env_with(|l| l.env(env)).await.to_builder().retry_config(RetryConfig::disabled())
}

fn organization_server() -> impl Fn(usize, &support::wire::Recorded) -> Reply {
    |_, _| Reply::json(200, r#"{"Organization":{"Id":"o-proxied"}}"#)
}

#[tokio::test]
async fn https_endpoint_goes_through_a_connect_tunnel() {
    let proxy = ProxyPy::start(None);
    let url = https_server().await;

    // Set in code.
    let client = Client::from_conf(builder(&url).ca_bundle_pem(&ca()).proxy(ProxyConfig::all(&proxy.url)).build());
    let out = client.describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-tls"));
    drop(client);
    proxy.wait_for_log(&format!("CONNECT 127.0.0.1:{}", port_of(&url))).await;

    // From the environment, as the AWS CLI reads it; the tunnel keeps TLS end to end, so the
    // private CA is still needed.
    let second = https_server().await;
    let client = Client::from_conf(from_env(&[("HTTPS_PROXY", &proxy.url), ("AWS_CA_BUNDLE", CA)]).await.endpoint_url(&second).build());
    client.describe_organization().send().await.unwrap();
    let err = Client::from_conf(from_env(&[("HTTPS_PROXY", &proxy.url)]).await.endpoint_url(&second).build())
        .describe_organization()
        .send()
        .await
        .unwrap_err();
    assert!(format!("{:?}", std::error::Error::source(&err)).contains("UnknownIssuer"), "{err:?}");
    drop(client);
    proxy.wait_for_log(&format!("CONNECT 127.0.0.1:{}", port_of(&second))).await;
}

#[tokio::test]
async fn plain_http_endpoint_is_sent_in_absolute_form() {
    let proxy = ProxyPy::start(None);
    let server = WireServer::start(organization_server()).await;
    let client = Client::from_conf(from_env(&[("http_proxy", &proxy.url)]).await.endpoint_url(&server.url).build());
    let out = client.describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-proxied"));
    assert_eq!(server.requests()[0].header("x-amz-target"), "AWSOrganizationsV20161128.DescribeOrganization");
    drop(client);
    proxy.wait_for_log(&format!("POST 127.0.0.1:{}/ - 200", port_of(&server.url))).await;
}

#[tokio::test]
async fn basic_auth_from_the_url_and_a_clear_error_when_rejected() {
    let proxy = ProxyPy::start(Some("alice:s3cr%t"));
    let authority = proxy.url.trim_start_matches("http://");
    let good = format!("http://alice:s3cr%25t@{authority}");
    let bad = format!("http://alice:wrong-pa55@{authority}");
    let tls = https_server().await;
    let plain = WireServer::start(organization_server()).await;

    for url in [&tls, &plain.url] {
        let client = Client::from_conf(builder(url).ca_bundle_pem(&ca()).proxy(ProxyConfig::all(&good)).build());
        client.describe_organization().send().await.unwrap();
    }
    proxy.wait_for_log(&format!("CONNECT 127.0.0.1:{}", port_of(&tls))).await;
    proxy.wait_for_log(&format!("POST 127.0.0.1:{}/ - 200", port_of(&plain.url))).await;

    for (url, with_password) in [(&tls, &bad), (&plain.url, &bad), (&tls, &proxy.url)] {
        // Retries on: a refusal is still not retried.
        let client =
            Client::from_conf(builder(url).ca_bundle_pem(&ca()).retry_config(RetryConfig::standard()).proxy(ProxyConfig::all(with_password)).build());
        let err = client.describe_organization().send().await.unwrap_err();
        assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
        let text = format!("{err} / {err:?} / {:?}", std::error::Error::source(&err));
        assert!(text.contains("407 Proxy Authentication Required"), "{text}");
        let hint = if with_password == &bad { "rejected the user and password" } else { "put `user:password@` in the proxy URL" };
        assert!(text.contains(hint), "{text}");
        assert!(!text.contains("wrong-pa55") && !text.contains("s3cr"), "the password leaked: {text}");
    }
    assert_eq!(plain.requests().len(), 1, "a refused request never reaches the service, and is not retried");
}

#[tokio::test]
async fn no_proxy_and_disabled_connect_directly() {
    let server = WireServer::start(organization_server()).await;
    let tls = https_server().await;

    // The dead proxy is really used when nothing says otherwise...
    let err = Client::from_conf(from_env(&[("HTTP_PROXY", DEAD_PROXY)]).await.endpoint_url(&server.url).build())
        .describe_organization()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(format!("{:?}", std::error::Error::source(&err)).contains("cannot connect to the proxy http://127.0.0.1:1"), "{err:?}");

    // ...so these calls succeed only by going direct.
    for no_proxy in ["127.0.0.1", "127.0.0.0/8", "*", &format!("127.0.0.1:{}", port_of(&server.url))] {
        let client = Client::from_conf(from_env(&[("HTTP_PROXY", DEAD_PROXY), ("NO_PROXY", no_proxy)]).await.endpoint_url(&server.url).build());
        client.describe_organization().send().await.unwrap_or_else(|e| panic!("NO_PROXY={no_proxy}: {e:?}"));
    }
    let client = Client::from_conf(
        from_env(&[("HTTPS_PROXY", DEAD_PROXY), ("no_proxy", "localhost, 127.0.0.1")]).await.endpoint_url(&tls).ca_bundle_pem(&ca()).build(),
    );
    client.describe_organization().send().await.unwrap();
    let client = Client::from_conf(
        from_env(&[("HTTPS_PROXY", DEAD_PROXY), ("HTTP_PROXY", DEAD_PROXY)])
            .await
            .endpoint_url(&tls)
            .ca_bundle_pem(&ca())
            .proxy(ProxyConfig::disabled())
            .build(),
    );
    client.describe_organization().send().await.unwrap();
    let client = Client::from_conf(builder(&server.url).proxy(ProxyConfig::all(DEAD_PROXY).no_proxy("example.com,127.0.0.1")).build());
    client.describe_organization().send().await.unwrap();
}

#[tokio::test]
async fn an_invalid_proxy_setting_fails_every_call_naming_it() {
    let client =
        Client::from_conf(from_env(&[("HTTPS_PROXY", "socks5://user:hunter2@127.0.0.1:1080")]).await.endpoint_url("https://127.0.0.1:9").build());
    let err = client.describe_organization().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let text = format!("{err:?} {:?}", std::error::Error::source(&err));
    assert!(text.contains("socks5") && text.contains("HTTPS_PROXY") && !text.contains("hunter2"), "{text}");
}

/// The credential providers' call to STS goes through the proxy; the container credentials
/// endpoint never does.
#[tokio::test]
async fn credential_providers_use_the_proxy_for_aws_and_never_for_metadata() {
    let proxy = ProxyPy::start(None);
    let sts = https_server().await;
    let service = https_server().await;
    let token = std::env::temp_dir().join(format!("proxy-web-identity-token-{}", std::process::id()));
    std::fs::write(&token, "a-token").unwrap();
    let env = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap()),
        ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/proxied"),
        ("AWS_ENDPOINT_URL_STS", &sts),
        ("AWS_CA_BUNDLE", CA),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("HOME", "/nonexistent"),
        ("HTTPS_PROXY", &proxy.url),
    ];
    let config = Config::from_env_with(|l| l.env(env)).await.to_builder().endpoint_url(&service).build();
    let client = Client::from_conf(config);
    client.describe_organization().send().await.unwrap();
    drop(client);
    proxy.wait_for_log(&format!("CONNECT 127.0.0.1:{}", port_of(&sts))).await;
    proxy.wait_for_log(&format!("CONNECT 127.0.0.1:{}", port_of(&service))).await;
    let _ = std::fs::remove_file(&token);

    let container = WireServer::start(|_, _| {
        Reply::json(200, r#"{"AccessKeyId":"AKIDCONTAINER","SecretAccessKey":"s","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#)
    })
    .await;
    let service = WireServer::start(organization_server()).await;
    let env = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", container.url)),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("HOME", "/nonexistent".into()),
        ("HTTP_PROXY", DEAD_PROXY.into()),
        ("NO_PROXY", format!("127.0.0.1:{}", port_of(&service.url))),
    ];
    let config = Config::from_env_with(|l| l.env(env)).await.to_builder().endpoint_url(&service.url).build();
    Client::from_conf(config).describe_organization().send().await.unwrap();
    assert_eq!(container.requests().len(), 1);
    assert!(service.requests()[0].header("authorization").contains("AKIDCONTAINER"));
}

/// Through a proxy, connecting includes the `CONNECT` exchange: a proxy that accepts the
/// connection and then says nothing is a connect timeout, not a hang.
#[tokio::test]
async fn a_silent_proxy_is_a_connect_timeout() {
    let silent = format!("http://{}", support::wire::silent_listener().await);
    let timeouts = organizations_sdk::config::TimeoutConfig::builder().connect_timeout(std::time::Duration::from_millis(300)).build();
    let client = Client::from_conf(builder("https://127.0.0.1:9").timeout_config(timeouts).proxy(ProxyConfig::all(&silent)).build());
    let err = client.describe_organization().send().await.unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    let text = format!("{:?}", std::error::Error::source(&err));
    assert!(text.contains("no tunnel through the proxy") && text.contains("300ms"), "{text}");
}

/// A fake proxy that reads the `CONNECT` request, answers `reply` and closes; counts the
/// connections it accepted.
async fn scripted_proxy(reply: &'static [u8]) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, accepted)
}

/// Hostile or broken answers to `CONNECT` are errors that say what happened, never a panic;
/// a refusal is not retried.
#[tokio::test]
async fn broken_connect_answers_are_clear_errors() {
    let oversized: &'static [u8] = Box::leak(vec![b'a'; 20_000].into_boxed_slice());
    let cases: [(&'static [u8], &str, usize); 6] = [
        (b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", "refused the tunnel to 127.0.0.1:9: HTTP/1.1 403 Forbidden", 1),
        (b"HTTP/1.1 200 OK\r\n", "closed the connection instead of answering CONNECT 127.0.0.1:9", 3),
        (b"garbage\r\n\r\n", "answered CONNECT 127.0.0.1:9 with \"garbage\", not HTTP", 3),
        (b"HTTP/1.1 200 OK\r\n\r\nEXTRA", "sent data before the TLS handshake", 3),
        (oversized, "more than 16384 bytes of headers", 3),
        // The tunnel opens, but nothing speaks TLS at the other end.
        (b"HTTP/1.1 200 Connection established\r\n\r\n", "", 3),
    ];
    for (reply, expected, connections) in cases {
        let (proxy, accepted) = scripted_proxy(reply).await;
        let retries = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(std::time::Duration::from_millis(1));
        let client = Client::from_conf(builder("https://127.0.0.1:9").retry_config(retries).proxy(ProxyConfig::all(&proxy)).build());
        let err = client.describe_organization().send().await.unwrap_err();
        assert!(matches!(err, SdkError::DispatchFailure(_)), "{expected}: {err:?}");
        let text = std::error::Error::source(&err).map(ToString::to_string).unwrap_or_default();
        assert!(text.contains(expected), "{expected}: {text}");
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), connections, "{expected}");
    }
}
