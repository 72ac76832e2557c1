//! SSO token refresh as the AWS CLI does it, against a loopback server playing SSO-OIDC
//! (`POST /token`) and the SSO portal (`GET /federation/credentials`): a token that expired
//! or expires within five minutes is refreshed with the cached refresh token, the cache file
//! is replaced atomically with the new token (fields we do not know kept), a failed refresh
//! falls back to a still-valid token, and an expired registration or token says how to log in.

mod support;

use organizations_sdk::{Client, Config};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use support::wire::{Recorded, Reply, WireServer};

const CLIENT_SECRET: &str = "client-secret-do-not-log";
const REFRESH_TOKEN: &str = "refresh-token-1";

/// A temporary home with an `sso_session` profile and its cache file.
struct Home(PathBuf);

impl Home {
    fn new(name: &str, cache: &Value, extra_config: &str) -> Home {
        let dir = std::env::temp_dir().join(format!("orgs-sdk-sso-refresh-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".aws/sso/cache")).unwrap();
        std::fs::write(
            dir.join(".aws/config"),
            format!(
                "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n{extra_config}\n\
                 [sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n"
            ),
        )
        .unwrap();
        let home = Home(dir);
        std::fs::write(home.cache_file(), serde_json::to_string_pretty(cache).unwrap()).unwrap();
        home
    }

    /// `~/.aws/sso/cache/<sha1("corp")>.json`: the name `aws sso login` gives it (the digest
    /// from Python's `hashlib.sha1(b"corp").hexdigest()`).
    fn cache_file(&self) -> PathBuf {
        self.0.join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
    }

    fn cache(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.cache_file()).unwrap()).unwrap()
    }

    fn env(&self, endpoint: Option<&str>) -> Vec<(String, String)> {
        let mut env = vec![
            ("HOME".to_owned(), self.0.display().to_string()),
            ("AWS_PROFILE".to_owned(), "dev".to_owned()),
            ("AWS_REGION".to_owned(), "us-east-1".to_owned()),
            ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
        ];
        if let Some(url) = endpoint {
            env.push(("AWS_ENDPOINT_URL_SSO".to_owned(), url.to_owned()));
            env.push(("AWS_ENDPOINT_URL_SSO_OIDC".to_owned(), url.to_owned()));
        }
        env
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `2026-11-29T05:00:00Z`, whole seconds, as the AWS CLI writes it.
fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    organizations_sdk::primitives::DateTime::from(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

fn cache_entry(token_expires: SystemTime, registration_expires: SystemTime) -> Value {
    json!({
        "startUrl": "https://corp.awsapps.com/start",
        "region": "eu-west-1",
        "accessToken": "cached-token",
        "expiresAt": rfc3339(token_expires),
        "clientId": "client-id-1",
        "clientSecret": CLIENT_SECRET,
        "registrationExpiresAt": rfc3339(registration_expires),
        "refreshToken": REFRESH_TOKEN,
        "somethingNewer": {"kept": [1, 2.5, null, "x"]},
    })
}

/// The SSO-OIDC and portal peer. `create_token` answers `POST /token`; the portal accepts
/// only the bearer tokens in `valid_tokens`.
async fn sso_server(create_token: Reply, valid_tokens: &'static [&'static str]) -> WireServer {
    let create_token = Arc::new(Mutex::new(Some(create_token)));
    WireServer::start(move |_, r: &Recorded| match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/token") => create_token.lock().unwrap().clone().expect("one CreateToken reply"),
        ("GET", "/federation/credentials") if valid_tokens.contains(&r.header("x-amz-sso_bearer_token")) => {
            Reply::json(200, r#"{"roleCredentials":{"accessKeyId":"FROMSSO","secretAccessKey":"s","sessionToken":"t","expiration":32503680000000}}"#)
        }
        _ => Reply::json(401, r#"{"message":"unauthorized"}"#),
    })
    .await
}

/// The access key id a call was signed with, or the error's full text.
async fn signing_key(env: Vec<(String, String)>) -> Result<String, String> {
    let service = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let config = Config::from_env_with(|l| l.env(env)).await.to_builder().endpoint_url(&service.url).build();
    match Client::from_conf(config).describe_organization().send().await {
        Ok(_) => {
            let auth = service.requests()[0].header("authorization").to_owned();
            Ok(auth.split("Credential=").nth(1).unwrap().split('/').next().unwrap().to_owned())
        }
        Err(e) => Err(format!("{e}: {}", std::error::Error::source(&e).map(ToString::to_string).unwrap_or_default())),
    }
}

fn token_calls(server: &WireServer) -> Vec<Recorded> {
    server.requests().into_iter().filter(|r| r.path == "/token").collect()
}

fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

/// The top-level member names of a JSON object, in the order the text has them.
fn key_order(text: &str) -> Vec<String> {
    let top = serde_json::from_str::<Value>(text).unwrap();
    let mut keys: Vec<(usize, String)> = top.as_object().unwrap().keys().map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone())).collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

fn fresh_token_reply() -> Reply {
    Reply::json(200, r#"{"accessToken":"fresh-token","expiresIn":28800,"refreshToken":"refresh-token-2","tokenType":"Bearer"}"#)
}

#[tokio::test]
async fn expired_and_expiring_tokens_are_refreshed_and_written_back_atomically() {
    let now = SystemTime::now();
    let next_year = now + Duration::from_secs(365 * 86_400);
    // Already expired, and expiring in four minutes (inside the five-minute window).
    for (name, expires) in [("expired", now - Duration::from_secs(3600)), ("expiring", now + Duration::from_secs(240))] {
        let original = cache_entry(expires, next_year);
        let home = Home::new(name, &original, "");
        let original_text = std::fs::read_to_string(home.cache_file()).unwrap();
        let server = sso_server(fresh_token_reply(), &["fresh-token"]).await;
        let before = inode(&home.cache_file());

        assert_eq!(signing_key(home.env(Some(&server.url))).await.as_deref(), Ok("FROMSSO"), "{name}");

        let calls = token_calls(&server);
        assert_eq!(calls.len(), 1, "{name}");
        assert_eq!(calls[0].header("content-type"), "application/json");
        assert!(!calls[0].headers.contains_key("authorization"), "CreateToken is not signed");
        assert_eq!(
            calls[0].json(),
            json!({"grantType": "refresh_token", "clientId": "client-id-1", "clientSecret": CLIENT_SECRET, "refreshToken": REFRESH_TOKEN})
        );

        // The file was replaced (a new inode: temp file + rename), not rewritten in place,
        // with only the token fields changed; nothing is left behind in the directory.
        let cache = home.cache();
        assert_ne!(inode(&home.cache_file()), before, "{name}: written in place");
        assert_eq!(cache["accessToken"], "fresh-token");
        assert_eq!(cache["refreshToken"], "refresh-token-2");
        let expires_at = organizations_sdk::primitives::DateTime::from_rfc3339(cache["expiresAt"].as_str().unwrap()).unwrap();
        let lifetime = SystemTime::from(expires_at).duration_since(now).unwrap().as_secs();
        assert!((28_700..=28_900).contains(&lifetime), "expiresAt is now + expiresIn: {lifetime}");
        let mut unchanged = original.clone();
        for k in ["accessToken", "refreshToken", "expiresAt"] {
            unchanged[k] = cache[k].clone();
        }
        assert_eq!(cache, unchanged, "{name}: fields other than the token's were kept");
        assert_eq!(key_order(&std::fs::read_to_string(home.cache_file()).unwrap()), key_order(&original_text), "{name}: member order kept");
        let files: Vec<_> = std::fs::read_dir(home.cache_file().parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(home.cache_file()).unwrap().permissions());
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn a_token_far_from_expiry_is_used_as_it_is() {
    let now = SystemTime::now();
    let home = Home::new("valid", &cache_entry(now + Duration::from_secs(3600), now + Duration::from_secs(86_400)), "");
    let server = sso_server(fresh_token_reply(), &["cached-token"]).await;
    let before = std::fs::read(home.cache_file()).unwrap();
    assert_eq!(signing_key(home.env(Some(&server.url))).await.as_deref(), Ok("FROMSSO"));
    assert!(token_calls(&server).is_empty());
    assert_eq!(std::fs::read(home.cache_file()).unwrap(), before);
}

#[tokio::test]
async fn a_failed_refresh_falls_back_to_a_still_valid_token() {
    let now = SystemTime::now();
    let home = Home::new("fallback", &cache_entry(now + Duration::from_secs(120), now + Duration::from_secs(86_400)), "");
    let server = sso_server(Reply::json(400, r#"{"error":"invalid_grant","error_description":"stale"}"#), &["cached-token"]).await;
    let before = std::fs::read(home.cache_file()).unwrap();
    assert_eq!(signing_key(home.env(Some(&server.url))).await.as_deref(), Ok("FROMSSO"));
    assert_eq!(token_calls(&server).len(), 1, "the refresh was tried");
    assert_eq!(std::fs::read(home.cache_file()).unwrap(), before, "the cache is untouched");
}

#[tokio::test]
async fn a_failed_refresh_of_an_expired_token_says_how_to_log_in() {
    let now = SystemTime::now();
    let home = Home::new("failed", &cache_entry(now - Duration::from_secs(60), now + Duration::from_secs(86_400)), "");
    let server = sso_server(Reply::json(400, r#"{"error":"invalid_grant","error_description":"stale"}"#), &["cached-token"]).await;
    let e = signing_key(home.env(Some(&server.url))).await.unwrap_err();
    assert!(e.contains("aws sso login --sso-session corp") && e.contains("invalid_grant") && e.contains("expired"), "{e}");
    assert!(!e.contains(CLIENT_SECRET) && !e.contains(REFRESH_TOKEN) && !e.contains("cached-token"), "{e}");
    assert!(server.requests().iter().all(|r| r.path == "/token"), "the portal was not asked with an expired token");
}

#[tokio::test]
async fn an_expired_registration_is_not_used() {
    let now = SystemTime::now();
    let home = Home::new("registration", &cache_entry(now - Duration::from_secs(60), now - Duration::from_secs(1)), "");
    let server = sso_server(fresh_token_reply(), &["fresh-token"]).await;
    let e = signing_key(home.env(Some(&server.url))).await.unwrap_err();
    assert!(e.contains("registration expired") && e.contains("aws sso login --sso-session corp"), "{e}");
    assert!(token_calls(&server).is_empty(), "CreateToken was not called");

    // Without a refresh token at all, the same advice.
    let mut entry = cache_entry(now - Duration::from_secs(60), now + Duration::from_secs(86_400));
    entry.as_object_mut().unwrap().remove("refreshToken");
    let home = Home::new("no-refresh-token", &entry, "");
    let e = signing_key(home.env(Some(&server.url))).await.unwrap_err();
    assert!(e.contains("refreshToken") && e.contains("aws sso login --sso-session corp"), "{e}");
}

/// The SSO-OIDC endpoint comes from `AWS_ENDPOINT_URL_SSO_OIDC` (above) or the profile's
/// `[services]` section (`sso_oidc = \n  endpoint_url = …`).
#[tokio::test]
async fn the_oidc_endpoint_from_the_services_section() {
    let now = SystemTime::now();
    let server = sso_server(fresh_token_reply(), &["fresh-token"]).await;
    let services = format!("services = local\n[services local]\nsso_oidc =\n  endpoint_url = {0}\nsso =\n  endpoint_url = {0}\n", server.url);
    let home = Home::new("services", &cache_entry(now - Duration::from_secs(60), now + Duration::from_secs(86_400)), &services);
    assert_eq!(signing_key(home.env(None)).await.as_deref(), Ok("FROMSSO"));
    assert_eq!(token_calls(&server).len(), 1);
    assert_eq!(home.cache()["accessToken"], "fresh-token");
}

/// SSO-OIDC and the portal are AWS calls: they go through the configured proxy (here
/// `proxy.py` on loopback, whose access log shows both).
#[tokio::test]
async fn the_refresh_and_the_portal_go_through_the_proxy() {
    let proxy = support::ProxyPy::start(None);
    let now = SystemTime::now();
    let home = Home::new("proxied", &cache_entry(now - Duration::from_secs(60), now + Duration::from_secs(86_400)), "");
    // Two peers, so that each call is its own connection and its own line in the proxy's log.
    let (oidc, portal) = (sso_server(fresh_token_reply(), &[]).await, sso_server(fresh_token_reply(), &["fresh-token"]).await);
    let mut env = home.env(None);
    env.push(("AWS_ENDPOINT_URL_SSO_OIDC".to_owned(), oidc.url.clone()));
    env.push(("AWS_ENDPOINT_URL_SSO".to_owned(), portal.url.clone()));
    env.push(("HTTP_PROXY".to_owned(), proxy.url.clone()));
    // The service itself is reached directly: only the credential calls are in question.
    let service = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    env.push(("NO_PROXY".to_owned(), format!("127.0.0.1:{}", service.url.rsplit(':').next().unwrap())));
    let config = Config::from_env_with(|l| l.env(env)).await.to_builder().endpoint_url(&service.url).build();
    let client = Client::from_conf(config);
    client.describe_organization().send().await.unwrap();
    drop(client);
    let port = |url: &str| url.rsplit(':').next().unwrap().to_owned();
    proxy.wait_for_log(&format!("POST 127.0.0.1:{}/token - 200", port(&oidc.url))).await;
    proxy.wait_for_log(&format!("GET 127.0.0.1:{}/federation/credentials", port(&portal.url))).await;
}

/// botocore as the oracle: it sends the same CreateToken request for the same cache entry,
/// and reads the entry we wrote back as the AWS CLI would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn botocore_sends_the_same_refresh_and_reads_our_cache() {
    let now = SystemTime::now();
    let original = cache_entry(now - Duration::from_secs(60), now + Duration::from_secs(86_400));
    let home = Home::new("oracle", &original, "");
    let oidc = sso_server(fresh_token_reply(), &["fresh-token"]).await;
    let input = json!({"action": "refresh", "home": home.0, "oidc": oidc.url});
    let theirs = tokio::task::spawn_blocking(move || support::python_oracle("sso_token.py", &input)).await.unwrap();
    assert_eq!(theirs["token"], "fresh-token");
    let botocore_call = token_calls(&oidc).pop().expect("botocore called CreateToken");

    std::fs::write(home.cache_file(), serde_json::to_string_pretty(&original).unwrap()).unwrap();
    assert_eq!(signing_key(home.env(Some(&oidc.url))).await.as_deref(), Ok("FROMSSO"));
    let our_call = token_calls(&oidc).pop().unwrap();
    assert_eq!(our_call.path, botocore_call.path);
    assert_eq!(our_call.method, botocore_call.method);
    assert_eq!(our_call.json(), botocore_call.json(), "the CreateToken bodies differ");
    assert_eq!(our_call.header("content-type"), botocore_call.header("content-type"));

    let ours = home.cache();
    let input = json!({"action": "load", "home": home.0});
    let seen = tokio::task::spawn_blocking(move || support::python_oracle("sso_token.py", &input)).await.unwrap();
    assert_eq!(seen["accessToken"], "fresh-token");
    assert_eq!(seen["expiresAt"], ours["expiresAt"]);
}
