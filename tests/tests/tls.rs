//! HTTPS on loopback: a server whose certificate comes from a private CA is rejected with
//! the default (Mozilla) roots and accepted with that CA as the bundle, set in code or
//! through `AWS_CA_BUNDLE`.

mod support;

use organizations_sdk::error::SdkError;
use organizations_sdk::{Client, Config, Credentials, Region};

use support::tls::{https_server, CA};

fn builder(url: &str) -> organizations_sdk::config::Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKID", "secret", None))
        .retry_config(organizations_sdk::config::RetryConfig::disabled())
}

#[tokio::test]
async fn private_ca_is_untrusted_by_default_and_trusted_as_a_bundle() {
    let url = https_server().await;

    let err = Client::from_conf(builder(&url).build()).describe_organization().send().await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let chain = format!("{:?}", std::error::Error::source(&err));
    assert!(chain.contains("UnknownIssuer"), "{chain}");

    let pem = std::fs::read(CA).unwrap();
    let out = Client::from_conf(builder(&url).ca_bundle_pem(&pem).build()).describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-tls"));

    let out = client_with_bundle(CA, &url).await.describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-tls"));
}

/// A client configured from an environment whose `AWS_CA_BUNDLE` is `bundle`, calling `url`.
async fn client_with_bundle(bundle: &str, url: &str) -> Client {
    let env = [
        ("AWS_CA_BUNDLE", bundle),
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("HOME", "/nonexistent"),
    ];
    Client::from_conf(Config::from_env_with(|l| l.env(env)).await.to_builder().endpoint_url(url).build())
}

#[tokio::test]
async fn a_bundle_without_certificates_fails_every_call_before_sending() {
    let err = Client::from_conf(builder("https://127.0.0.1:9").ca_bundle_pem(b"not a certificate").build())
        .describe_organization()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(format!("{err}").contains("invalid CA bundle"), "{err}");

    let env =
        [("AWS_CA_BUNDLE", "/nonexistent/bundle.pem"), ("AWS_REGION", "us-east-1"), ("AWS_EC2_METADATA_DISABLED", "true"), ("HOME", "/nonexistent")];
    let config = Config::from_env_with(|l| l.env(env)).await.to_builder().credentials_provider(Credentials::new("a", "b", None)).build();
    let err = Client::from_conf(config).describe_organization().send().await.unwrap_err();
    assert!(format!("{err}").contains("/nonexistent/bundle.pem"), "{err}");
}

/// The credential providers' HTTPS (here STS for web identity) trusts the bundle named in the
/// environment too; a bundle given only in code is for the service alone.
#[tokio::test]
async fn sts_credentials_trust_the_environment_bundle() {
    let url = https_server().await;
    let token = std::env::temp_dir().join(format!("tls-web-identity-token-{}", std::process::id()));
    std::fs::write(&token, "a-token").unwrap();
    let token = token.to_str().unwrap().to_owned();
    let env = |bundle: bool| {
        let mut env = vec![
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token.clone()),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/tls".into()),
            ("AWS_ENDPOINT_URL_STS", url.clone()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("HOME", "/nonexistent".into()),
        ];
        if bundle {
            env.push(("AWS_CA_BUNDLE", CA.into()));
        }
        env
    };

    let config = Config::from_env_with(|l| l.env(env(true))).await.to_builder().endpoint_url(&url).build();
    let out = Client::from_conf(config).describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-tls"));

    let pem = std::fs::read(CA).unwrap();
    let config = Config::from_env_with(|l| l.env(env(false))).await.to_builder().endpoint_url(&url).ca_bundle_pem(&pem).build();
    let err = Client::from_conf(config).describe_organization().send().await.unwrap_err();
    let text = format!("{err}");
    assert!(text.contains("AssumeRoleWithWebIdentity") && text.contains("UnknownIssuer"), "{text}");
    let _ = std::fs::remove_file(&token);
}

/// The bundle is read when the first HTTPS connection needs it, once per process: a plain
/// `http://` endpoint never reads it, and once read, a later client with the same bundle
/// reuses what was parsed (here: the file is gone by then, and it still works).
#[tokio::test]
async fn the_bundle_is_read_only_for_https_and_once_per_process() {
    use support::wire::{Reply, WireServer};
    let plain = WireServer::start(|_, _| Reply::json(200, r#"{"Organization":{"Id":"o-plain"}}"#)).await;
    // A bundle that does not exist: fine over plain HTTP, which needs no CA.
    let out = client_with_bundle("/nonexistent/never-read.pem", &plain.url).await.describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-plain"));

    let url = https_server().await;
    let copy = std::env::temp_dir().join(format!("tls-once-{}.pem", std::process::id()));
    std::fs::copy(CA, &copy).unwrap();
    let copy = copy.to_str().unwrap().to_owned();
    client_with_bundle(&copy, &url).await.describe_organization().send().await.unwrap();
    std::fs::remove_file(&copy).unwrap();
    let out = client_with_bundle(&copy, &url).await.describe_organization().send().await.unwrap();
    assert_eq!(out.organization().and_then(|o| o.id()), Some("o-tls"));
}

/// Connecting includes the TLS handshake: a server that accepts the TCP connection and then
/// never answers the `ClientHello` is a connect timeout naming the endpoint, not a hang.
#[tokio::test]
async fn a_server_silent_in_the_tls_handshake_is_a_connect_timeout() {
    let url = format!("https://{}", support::wire::silent_listener().await);
    let timeouts = organizations_sdk::config::TimeoutConfig::builder().connect_timeout(std::time::Duration::from_millis(300)).build();
    let pem = std::fs::read(CA).unwrap();
    let client = Client::from_conf(builder(&url).ca_bundle_pem(&pem).timeout_config(timeouts).build());
    let call = tokio::time::timeout(std::time::Duration::from_secs(30), client.describe_organization().send());
    let err = call.await.expect("a connect timeout, not a hang").unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    let text = format!("{:?}", std::error::Error::source(&err));
    assert!(text.contains(&format!("no connection to {url}")) && text.contains("300ms"), "{text}");
}
