//! The default credentials chain and `Config::from_env`, each provider against a loopback
//! peer. Every test passes its own environment (nothing reads the process's), with IMDS
//! disabled or pointed at a loopback server.

mod support;

use organizations_sdk::config::{StaticTimeSource, TimeSource};
use organizations_sdk::credentials::{CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use organizations_sdk::{Client, Config, Credentials};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::wire::{Reply, WireServer};

struct TempHome(PathBuf);

impl TempHome {
    fn new(name: &str) -> TempHome {
        let dir = std::env::temp_dir().join(format!("orgs-sdk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        TempHome(dir)
    }
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::write(&p, text).unwrap();
        p
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The access key id the client signed a request with (from the Authorization header).
async fn signing_key(config: Config) -> Result<String, String> {
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let client = Client::from_conf(config.to_builder().endpoint_url(&server.url).build());
    client.describe_organization().send().await.map_err(|e| std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or(e.to_string()))?;
    let auth = server.requests()[0].header("authorization").to_owned();
    Ok(auth.split("Credential=").nth(1).unwrap().split('/').next().unwrap().to_owned())
}

fn base_env(home: &TempHome) -> Vec<(String, String)> {
    vec![
        ("HOME".into(), home.path().display().to_string()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("AWS_REGION".into(), "us-east-1".into()),
    ]
}

async fn load(env: Vec<(String, String)>) -> Config {
    Config::from_env_with(|l| l.env(env)).await
}

#[tokio::test]
async fn chain_order_environment_then_profile() {
    let home = TempHome::new("order");
    home.write(".aws/credentials", "[default]\naws_access_key_id = FROMCREDFILE\naws_secret_access_key = s\n");
    home.write(".aws/config", "[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = s\nregion = eu-west-2\n[profile dev]\naws_access_key_id = FROMDEV\naws_secret_access_key = s\n");
    let mut env = base_env(&home);
    assert_eq!(signing_key(load(env.clone()).await).await.unwrap(), "FROMCREDFILE", "credentials file wins");
    env.push(("AWS_PROFILE".into(), "dev".into()));
    assert_eq!(signing_key(load(env.clone()).await).await.unwrap(), "FROMDEV");
    let dev = Config::from_env_with(|l| l.env(base_env(&home)).profile_name("dev")).await;
    assert_eq!(signing_key(dev).await.unwrap(), "FROMDEV");
    env.push(("AWS_ACCESS_KEY_ID".into(), "FROMENV".into()));
    env.push(("AWS_SECRET_ACCESS_KEY".into(), "s".into()));
    assert_eq!(signing_key(load(env).await).await.unwrap(), "FROMENV", "environment beats profile");
}

#[tokio::test]
async fn region_and_settings_come_from_env_then_profile() {
    let home = TempHome::new("region");
    home.write(".aws/config", "[default]\nregion = eu-west-2\nmax_attempts = 7\nretry_mode = adaptive\nuse_fips_endpoint = true\n");
    let env = vec![("HOME".to_string(), home.path().display().to_string())];
    let c = load(env.clone()).await;
    assert_eq!(c.region().map(|r| r.as_ref()), Some("eu-west-2"));
    assert_eq!(c.retry_config().max_attempts(), 7);
    assert!(c.use_fips());
    let mut env2 = env.clone();
    env2.push(("AWS_DEFAULT_REGION".into(), "ap-south-1".into()));
    assert_eq!(load(env2.clone()).await.region().map(|r| r.as_ref()), Some("ap-south-1"));
    env2.push(("AWS_REGION".into(), "us-west-1".into()));
    env2.push(("AWS_MAX_ATTEMPTS".into(), "2".into()));
    env2.push(("AWS_ENDPOINT_URL".into(), "http://127.0.0.1:1".into()));
    let c = load(env2.clone()).await;
    assert_eq!((c.region().map(|r| r.as_ref()), c.retry_config().max_attempts()), (Some("us-west-1"), 2));
    assert_eq!(c.endpoint_url(), Some("http://127.0.0.1:1"));
    env2.push(("AWS_ENDPOINT_URL_ORGANIZATIONS".into(), "http://127.0.0.1:2".into()));
    assert_eq!(load(env2.clone()).await.endpoint_url(), Some("http://127.0.0.1:2"));
    env2.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS".into(), "true".into()));
    assert_eq!(load(env2).await.endpoint_url(), None);
    // to_builder keeps everything else.
    let c = load(env).await.to_builder().region(organizations_sdk::Region::new("us-east-1")).build();
    assert_eq!((c.region().map(|r| r.as_ref()), c.retry_config().max_attempts()), (Some("us-east-1"), 7));
}

#[tokio::test]
async fn credential_process_runs_and_fails_clearly() {
    let home = TempHome::new("process");
    let ok = home.write("ok.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"FROMPROCESS\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"t\", \"Expiration\": \"2999-01-01T00:00:00Z\"}'\n");
    let fail = home.write("fail.sh", "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n");
    let v2 = home.write("v2.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"SECRETVALUE\"}'\n");
    let junk = home.write("junk.sh", "#!/bin/sh\necho 'not json'\n");
    let config = format!(
        "[profile ok]\ncredential_process = sh {}\n[profile fail]\ncredential_process = sh {}\n[profile v2]\ncredential_process = sh {}\n[profile junk]\ncredential_process = sh {}\n",
        ok.display(), fail.display(), v2.display(), junk.display()
    );
    home.write(".aws/config", &config);
    let with = |p: &str| {
        let mut env = base_env(&home);
        env.push(("AWS_PROFILE".into(), p.into()));
        env
    };
    assert_eq!(signing_key(load(with("ok")).await).await.unwrap(), "FROMPROCESS");
    let e = signing_key(load(with("fail")).await).await.unwrap_err();
    assert!(e.contains("credential_process") && e.contains("token expired, run login"), "{e}");
    let e = signing_key(load(with("v2")).await).await.unwrap_err();
    assert!(e.contains("Version 2") && !e.contains("SECRETVALUE"), "{e}");
    let e = signing_key(load(with("junk")).await).await.unwrap_err();
    assert!(e.contains("did not print the expected JSON"), "{e}");
}

#[tokio::test]
async fn malformed_profile_file_names_file_and_line() {
    let home = TempHome::new("malformed");
    let path = home.write(".aws/config", "[default]\nregion = us-east-1\nthis line is junk\n");
    let e = signing_key(load(base_env(&home)).await).await.unwrap_err();
    assert!(e.contains(&format!("{}, line 3, in [default]", path.display())), "{e}");
}

#[tokio::test]
async fn container_endpoint_with_authorization() {
    let server = WireServer::start(|_, r| {
        if r.headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer secret-token") {
            return Reply::json(401, "{}");
        }
        Reply::json(200, r#"{"AccessKeyId":"FROMCONTAINER","SecretAccessKey":"s","Token":"t","Expiration":"2999-01-01T00:00:00Z"}"#)
    })
    .await;
    let home = TempHome::new("container");
    let token = home.write("token", "Bearer secret-token\n");
    let mut env = base_env(&home);
    env.push(("AWS_CONTAINER_CREDENTIALS_FULL_URI".into(), format!("{}/creds", server.url)));
    env.push(("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE".into(), token.display().to_string()));
    assert_eq!(signing_key(load(env.clone()).await).await.unwrap(), "FROMCONTAINER");
    env.pop();
    let e = signing_key(load(env.clone()).await).await.unwrap_err();
    assert!(e.contains("container") && e.contains("401"), "{e}");
    env.pop();
    env.push(("AWS_CONTAINER_CREDENTIALS_FULL_URI".into(), "http://192.0.2.1/creds".into()));
    let e = signing_key(load(env).await).await.unwrap_err();
    assert!(e.contains("neither HTTPS nor a loopback"), "{e}");
}

#[tokio::test]
async fn imds_v2_demands_a_token() {
    let server = WireServer::start(|_, r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", "/latest/api/token") if r.headers.contains_key("x-aws-ec2-metadata-token-ttl-seconds") => {
            Reply::Respond(200, vec![], "TOKEN123".into())
        }
        (_, _) if r.headers.get("x-aws-ec2-metadata-token").and_then(|v| v.to_str().ok()) != Some("TOKEN123") => Reply::json(401, ""),
        ("GET", "/latest/meta-data/iam/security-credentials/") => Reply::Respond(200, vec![], "my-role\n".into()),
        ("GET", "/latest/meta-data/iam/security-credentials/my-role") => {
            Reply::json(200, r#"{"Code":"Success","AccessKeyId":"FROMIMDS","SecretAccessKey":"s","Token":"t","Expiration":"2999-01-01T00:00:00Z"}"#)
        }
        _ => Reply::json(404, ""),
    })
    .await;
    let home = TempHome::new("imds");
    let env = vec![
        ("HOME".to_string(), home.path().display().to_string()),
        ("AWS_REGION".into(), "us-east-1".into()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT".into(), server.url.clone()),
    ];
    assert_eq!(signing_key(load(env).await).await.unwrap(), "FROMIMDS");
    assert!(server.requests().iter().all(|r| r.method == "PUT" || r.headers.contains_key("x-aws-ec2-metadata-token")));

    // 404, 401 forever (retried, then reported), and garbage credentials.
    let garbage = |_: usize, r: &support::wire::Recorded| match r.method.as_str() {
        "PUT" => Reply::Respond(200, vec![], "T".into()),
        _ if r.path.ends_with("/security-credentials/") => Reply::Respond(200, vec![], "role".into()),
        _ => Reply::Respond(200, vec![], "<html>not json</html>".into()),
    };
    let cases: Vec<(WireServer, &str)> = vec![
        (WireServer::start(|_, _| Reply::json(404, "")).await, "404"),
        (WireServer::start(|_, _| Reply::json(401, "")).await, "401"),
        (WireServer::start(garbage).await, "unexpected response"),
    ];
    for (server, needle) in &cases {
        let env = vec![
            ("HOME".to_string(), home.path().display().to_string()),
            ("AWS_REGION".into(), "us-east-1".into()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT".into(), server.url.clone()),
        ];
        let e = signing_key(load(env).await).await.unwrap_err();
        assert!(e.contains("IMDS") && e.contains(needle), "{needle}: {e}");
    }
    assert_eq!(cases[1].0.requests().len(), 4, "401 is retried up to 4 attempts");
}

#[tokio::test]
async fn assume_role_and_web_identity_against_moto_sts() {
    let moto = support::Moto::start();
    let home = TempHome::new("sts");
    let token = home.write("web-token", "eyJhbGciOiJIUzI1NiJ9.e30.sig\n");
    home.write(
        ".aws/config",
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n\
         [profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n\
         [profile deeper]\nrole_arn = arn:aws:iam::123456789012:role/deeper\nsource_profile = admin\n\
         [profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n\
         [profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n",
    );
    let with = |profile: &str| {
        let mut env = base_env(&home);
        env.push(("AWS_PROFILE".into(), profile.into()));
        env.push(("AWS_ENDPOINT_URL_STS".into(), moto.url.clone()));
        env
    };
    for profile in ["admin", "deeper"] {
        let key = signing_key(load(with(profile)).await).await.unwrap();
        assert!(key.starts_with("ASIA") || key.starts_with("AKIA"), "{profile}: {key}");
        assert_ne!(key, "AKIDBASE");
    }
    let e = signing_key(load(with("loop-a")).await).await.unwrap_err();
    assert!(e.contains("role chain loops: loop-a -> loop-b -> loop-a"), "{e}");

    let mut env = with("none");
    env.push(("AWS_WEB_IDENTITY_TOKEN_FILE".into(), token.display().to_string()));
    env.push(("AWS_ROLE_ARN".into(), "arn:aws:iam::123456789012:role/web".into()));
    let key = signing_key(load(env).await).await.unwrap();
    assert!(key.starts_with("ASIA") || key.starts_with("AKIA"), "{key}");
}

/// Counts fetches; the n-th fetch returns credentials expiring at 1_000_100 + 1000·n s.
#[derive(Debug)]
struct Counting {
    fetches: Arc<AtomicUsize>,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            tokio::task::yield_now().await;
            let expiry = UNIX_EPOCH + Duration::from_secs(1_000_100 + 1000 * n as u64);
            Ok::<_, CredentialsError>(Credentials::with_expiry(format!("KEY{n}"), "s", None, Some(expiry), "counting"))
        })
    }
}

#[derive(Debug, Clone)]
struct Clock(Arc<AtomicU64>);

impl TimeSource for Clock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cache_fetches_once_for_concurrent_callers_and_refreshes_before_expiry() {
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let clock = Clock(Arc::new(AtomicU64::new(1_000_000)));
    let client = Client::from_conf(
        Config::builder()
            .region(organizations_sdk::Region::new("us-east-1"))
            .endpoint_url(&server.url)
            .credentials_provider(Counting { fetches: fetches.clone() })
            .time_source(clock.clone())
            .build(),
    );
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.describe_organization().send().await.map(|_| ()) })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "50 concurrent calls share one fetch");
    clock.0.store(1_000_050, Ordering::SeqCst);
    client.describe_organization().send().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "still fresh");
    clock.0.store(1_000_095, Ordering::SeqCst); // within the 5–10 s refresh window
    client.describe_organization().send().await.unwrap();
    client.describe_organization().send().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "one refresh");
    let _ = StaticTimeSource::new(SystemTime::now());
}

#[test]
fn debug_redacts_secrets() {
    let c = Credentials::new("AKIDVISIBLE", "TOPSECRET", Some("SESSIONTOKEN".into()));
    let text = format!("{c:?}");
    assert!(text.contains("AKIDVISIBLE") && !text.contains("TOPSECRET") && !text.contains("SESSIONTOKEN"), "{text}");
    assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token(), c.expiry()), ("AKIDVISIBLE", "TOPSECRET", Some("SESSIONTOKEN"), None));
}

#[tokio::test]
async fn sso_token_cache_and_portal() {
    let portal = WireServer::start(|_, r| {
        let ok = r.path == "/federation/credentials" && r.headers.get("x-amz-sso_bearer_token").and_then(|v| v.to_str().ok()) == Some("cached-token");
        if ok {
            Reply::json(200, r#"{"roleCredentials":{"accessKeyId":"FROMSSO","secretAccessKey":"s","sessionToken":"t","expiration":32503680000000}}"#)
        } else {
            Reply::json(403, r#"{"message":"bad token"}"#)
        }
    })
    .await;
    let home = TempHome::new("sso");
    std::fs::create_dir_all(home.path().join(".aws/sso/cache")).unwrap();
    home.write(
        ".aws/config",
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n\
         [sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n\
         [profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n",
    );
    // The cache file is named by the SHA-1 of the session name (or legacy start URL), as
    // `aws sso login` names it; Python computes it independently.
    let name = |key: &str| support::python_oracle("sha1.py", &serde_json::json!([key]))[0].as_str().unwrap().to_string();
    let token = r#"{"accessToken":"cached-token","expiresAt":"2999-01-01T00:00:00Z"}"#;
    home.write(&format!(".aws/sso/cache/{}.json", name("corp")), token);
    home.write(
        &format!(".aws/sso/cache/{}.json", name("https://legacy.awsapps.com/start")),
        r#"{"accessToken":"old","expiresAt":"2001-01-01T00:00:00Z"}"#,
    );
    let with = |profile: &str| {
        let mut env = base_env(&home);
        env.push(("AWS_PROFILE".into(), profile.into()));
        env.push(("AWS_ENDPOINT_URL_SSO".into(), portal.url.clone()));
        env
    };
    assert_eq!(signing_key(load(with("dev")).await).await.unwrap(), "FROMSSO");
    let e = signing_key(load(with("legacy")).await).await.unwrap_err();
    assert!(e.contains("expired") && e.contains("aws sso login"), "{e}");
}

/// For a set of config/credentials files and environments, the region and static
/// credentials we resolve equal what botocore's `Session` resolves.
#[tokio::test]
async fn parity_with_botocore_session() {
    let home = TempHome::new("parity");
    let config = home.write(
        "config",
        "[default]\nregion = eu-west-1\naws_access_key_id = CFGDEFAULT\naws_secret_access_key = cfg-secret\n\
         # comment\n[profile dev]\nregion = ap-south-1\naws_access_key_id = CFGDEV\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n\
         [profile both]\nregion = us-west-2\naws_access_key_id = CFGBOTH\naws_secret_access_key = s1\n\
         [profile default]\nregion = ca-central-1\n\
         [profile nested]\nregion = sa-east-1\ns3 =\n  addressing_style = path\naws_access_key_id = NESTED\naws_secret_access_key = n\n",
    );
    let creds = home.write(
        "credentials",
        "[both]\naws_access_key_id = CREDBOTH\naws_secret_access_key = s2\n[credonly]\naws_access_key_id = CREDONLY\naws_secret_access_key = c\n",
    );
    let files = vec![
        ("HOME".to_string(), home.path().display().to_string()),
        ("AWS_CONFIG_FILE".to_string(), config.display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE".to_string(), creds.display().to_string()),
    ];
    let mut cases: Vec<Vec<(String, String)>> = Vec::new();
    for profile in [None, Some("dev"), Some("both"), Some("credonly"), Some("nested")] {
        let mut env = files.clone();
        if let Some(p) = profile {
            env.push(("AWS_PROFILE".into(), p.into()));
        }
        cases.push(env.clone());
        let mut with_env = env.clone();
        with_env.push(("AWS_ACCESS_KEY_ID".into(), "ENVKEY".into()));
        with_env.push(("AWS_SECRET_ACCESS_KEY".into(), "env-secret".into()));
        with_env.push(("AWS_DEFAULT_REGION".into(), "me-south-1".into()));
        cases.push(with_env.clone());
        // Known differences, where we follow aws-sdk-rust: botocore keeps inline `; comments` in
        // values (the SDKs strip them; see the profile parser tests) and reads only
        // AWS_DEFAULT_REGION where aws-sdk-rust (and we) prefer
        // AWS_REGION; the parity cases set both alike, and the difference is asserted below.
        with_env.push(("AWS_REGION".into(), "me-south-1".into()));
        cases.push(with_env);
    }
    let input: Vec<serde_json::Value> =
        cases.iter().map(|env| serde_json::json!({"env": env.iter().cloned().collect::<std::collections::HashMap<_, _>>()})).collect();
    let oracle = support::python_oracle("session.py", &serde_json::Value::Array(input));
    for (env, want) in cases.iter().zip(oracle.as_array().unwrap()) {
        let mut env = env.clone();
        env.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
        let config = load(env.clone()).await;
        assert_eq!(config.region().map(|r| r.as_ref().to_owned()), want["region"].as_str().map(str::to_owned), "region for {env:?}");
        let ours = match want["region"].as_str() {
            Some(_) => signing_key(config).await.ok(),
            None => signing_key(config.to_builder().region(organizations_sdk::Region::new("us-east-1")).build()).await.ok(),
        };
        assert_eq!(ours.as_deref(), want["access_key"].as_str(), "access key for {env:?}");
    }
    let mut env = files.clone();
    env.push(("AWS_DEFAULT_REGION".into(), "me-south-1".into()));
    env.push(("AWS_REGION".into(), "af-south-1".into()));
    assert_eq!(load(env).await.region().map(|r| r.as_ref().to_owned()).as_deref(), Some("af-south-1"), "AWS_REGION wins, as in aws-sdk-rust");
}

#[tokio::test]
async fn region_falls_back_to_imds_on_first_call() {
    let imds = WireServer::start(|_, r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", "/latest/api/token") => Reply::Respond(200, vec![], "T".into()),
        ("GET", "/latest/meta-data/placement/region") if r.headers.contains_key("x-aws-ec2-metadata-token") => {
            Reply::Respond(200, vec![], "eu-central-1".into())
        }
        _ => Reply::json(401, ""),
    })
    .await;
    let api = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let home = TempHome::new("imds-region");
    let env = vec![
        ("HOME".to_string(), home.path().display().to_string()),
        ("AWS_ACCESS_KEY_ID".into(), "AKID".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "s".into()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT".into(), imds.url.clone()),
    ];
    let config = load(env).await;
    assert!(config.region().is_none(), "from_env does not touch the network");
    assert!(imds.requests().is_empty());
    let client = Client::from_conf(config.to_builder().endpoint_url(&api.url).build());
    client.describe_organization().send().await.unwrap();
    client.describe_organization().send().await.unwrap();
    let auth = api.requests()[0].header("authorization").to_owned();
    assert!(auth.contains("/eu-central-1/organizations/aws4_request"), "{auth}");
    assert_eq!(imds.requests().len(), 2, "token + region, looked up once");
}

#[tokio::test]
async fn invalid_retry_settings_are_reported_on_the_first_call() {
    let home = TempHome::new("invalid-retry");
    for (var, value, needle) in [
        ("AWS_MAX_ATTEMPTS", "0", "invalid max attempts \"0\""),
        ("AWS_MAX_ATTEMPTS", "many", "invalid max attempts"),
        ("AWS_RETRY_MODE", "fast", "invalid retry mode \"fast\""),
    ] {
        let mut env = base_env(&home);
        env.push(("AWS_ACCESS_KEY_ID".into(), "AKID".into()));
        env.push(("AWS_SECRET_ACCESS_KEY".into(), "s".into()));
        env.push((var.into(), value.into()));
        let e = signing_key(load(env).await).await.unwrap_err();
        assert!(e.contains(needle), "{var}={value}: {e}");
    }
}
