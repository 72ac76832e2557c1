//! Working across the organization's accounts: `AssumeRoleProvider` and
//! `client.across_accounts()` against moto_server (Organizations + STS), and the fan-out's
//! STS pacing against a loopback STS that throttles.

mod support;

use organizations_sdk::accounts::AccountError;
use organizations_sdk::credentials::{AssumeRoleProvider, ProvideCredentials};
use organizations_sdk::types::Account;
use organizations_sdk::{Credentials, Region};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::wire::{Recorded, Reply, WireServer};
use support::Moto;

/// One blocking HTTP/1.1 POST to `base` (`http://host:port`), `Connection: close`: the
/// status and body.
fn post(base: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let authority = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(authority).unwrap();
    let mut head = format!("POST / HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        head += &format!("{k}: {v}\r\n");
    }
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(b"\r\n").unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// STS GetCallerIdentity at moto, as the holder of `access_key_id` (moto reads the key from
/// the `Authorization` header; it does not check signatures): the account and ARN moto
/// sees.
fn caller_identity(moto: &str, access_key_id: &str) -> (String, String) {
    let auth = format!("AWS4-HMAC-SHA256 Credential={access_key_id}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0");
    let (status, xml) = post(
        moto,
        &[("content-type", "application/x-www-form-urlencoded"), ("authorization", &auth)],
        b"Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_eq!(status, 200, "{xml}");
    let tag = |name: &str| xml.split(&format!("<{name}>")).nth(1).and_then(|s| s.split(&format!("</{name}>")).next()).unwrap().to_owned();
    (tag("Account"), tag("Arn"))
}

/// An STS in front of moto: denies AssumeRole into `denied_account`, forwards everything
/// else to moto.
async fn sts_denying(moto: String, denied_account: String) -> WireServer {
    WireServer::start(move |_, r: &Recorded| {
        let body = String::from_utf8_lossy(&r.body).into_owned();
        if body.contains("Action=AssumeRole") && body.contains(&format!("iam%3A%3A{denied_account}%3Arole")) {
            let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>";
            return Reply::Respond(403, vec![("content-type", "text/xml".into())], xml.into());
        }
        let headers: Vec<(&str, &str)> = ["content-type", "authorization", "x-amz-date", "x-amz-security-token"]
            .iter()
            .filter_map(|h| r.headers.get(*h).map(|v| (*h, v.to_str().unwrap())))
            .collect();
        let (status, xml) = post(&moto, &headers, &r.body);
        Reply::Respond(status, vec![("content-type", "text/xml".into())], xml.into())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn assume_role_provider_gets_the_roles_credentials_from_moto() {
    let moto = Moto::start();
    let provider = AssumeRoleProvider::builder("arn:aws:iam::210987654321:role/OrganizationAccountAccessRole")
        .session_name("provider-test")
        .session_length(Duration::from_secs(900))
        .configure(&moto.config().build())
        .endpoint_url(&moto.url)
        .build()
        .unwrap();
    let creds = provider.provide_credentials().await.unwrap();
    assert_ne!(creds.access_key_id(), "AKIDTEST");
    assert!(creds.session_token().is_some() && creds.expiry().is_some(), "{creds:?}");
    // Cached: the same credentials again, no second AssumeRole.
    assert_eq!(provider.provide_credentials().await.unwrap().access_key_id(), creds.access_key_id());
    let (account, arn) = caller_identity(&moto.url, creds.access_key_id());
    assert_eq!(account, "210987654321");
    assert!(arn.ends_with(":assumed-role/OrganizationAccountAccessRole/provider-test"), "{arn}");

    // A refusal names the role and carries STS's code and message.
    let denying = sts_denying(moto.url.clone(), "210987654321".into()).await;
    let refused = AssumeRoleProvider::builder("arn:aws:iam::210987654321:role/OrganizationAccountAccessRole")
        .source_credentials(Credentials::new("AKIDTEST", "SECRETTEST", None))
        .region(Region::new("us-east-1"))
        .endpoint_url(&denying.url)
        .build()
        .unwrap();
    let e = refused.provide_credentials().await.unwrap_err().to_string();
    assert!(
        e.contains("arn:aws:iam::210987654321:role/OrganizationAccountAccessRole") && e.contains("AccessDenied") && e.contains("not authorized"),
        "{e}"
    );
    // Without source credentials the builder says so.
    let e = AssumeRoleProvider::builder("arn:aws:iam::1:role/r").build().unwrap_err().to_string();
    assert!(e.contains("no source credentials"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_fan_out_runs_in_every_account_with_its_assumed_role_and_reports_a_denied_one() {
    let moto = Moto::start();
    let client = moto.client();
    client.create_organization().send().await.unwrap();
    for i in 0..12 {
        client.create_account().email(format!("member{i}@example.com")).account_name(format!("member-{i}")).send().await.unwrap();
    }
    let accounts: Vec<Account> = client.list_accounts().into_paginator().items().send().collect::<Result<_, _>>().await.unwrap();
    assert_eq!(accounts.len(), 13, "the management account and 12 members");
    let management = accounts.iter().find(|a| a.name() != Some("member-0") && !a.name().unwrap_or_default().starts_with("member-")).unwrap();
    let denied = accounts.iter().find(|a| a.name() == Some("member-3")).unwrap().id().unwrap().to_owned();
    let sts = sts_denying(moto.url.clone(), denied.clone()).await;

    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let moto_url = moto.url.clone();
    let outcomes = client
        .across_accounts()
        .sts_endpoint_url(&sts.url)
        .concurrency(4)
        .on_progress(move |p| seen.lock().unwrap().push(p.done))
        .run(move |account, env| {
            let moto_url = moto_url.clone();
            async move {
                // A call in the account, with its credentials: moto names the account and role.
                let key = env.credentials.access_key_id().to_owned();
                let (seen_account, arn) = tokio::task::spawn_blocking(move || caller_identity(&moto_url, &key)).await.unwrap();
                assert_eq!(Some(seen_account.as_str()), account.id());
                Ok::<_, std::io::Error>((env.credentials.access_key_id().to_owned(), arn))
            }
        })
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 12, "every active account but the caller's own");
    assert!(outcomes.iter().all(|o| o.account.id() != management.id()));
    let mut keys = std::collections::BTreeSet::new();
    for o in &outcomes {
        let id = o.account.id().unwrap();
        match &o.result {
            Ok((key, arn)) => {
                assert_ne!(id, denied);
                assert_ne!(key, "AKIDTEST");
                assert!(keys.insert(key.clone()), "each account has its own assumed key");
                assert_eq!(arn, &format!("arn:aws:sts::{id}:assumed-role/OrganizationAccountAccessRole/organizations-sdk-across-accounts"));
            }
            Err(AccountError::AccessDenied(m)) => {
                assert_eq!(id, denied);
                assert!(m.contains("not authorized"), "{m}");
            }
            Err(e) => panic!("{id}: {e}"),
        }
    }
    assert_eq!(keys.len(), 11);
    let progress = progress.lock().unwrap();
    assert_eq!(progress.iter().max(), Some(&12), "progress reached every account");
}

/// A loopback STS allowing `rate` AssumeRole calls per second (and a burst of 5), answering
/// `Throttling` beyond it; every arrival's time is kept.
async fn throttling_sts(rate: f64) -> (WireServer, Arc<Mutex<Vec<Instant>>>, Arc<Mutex<usize>>) {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let throttled = Arc::new(Mutex::new(0));
    let (a, t) = (arrivals.clone(), throttled.clone());
    let bucket = Mutex::new((5.0_f64, Instant::now()));
    let server = WireServer::start(move |n, _| {
        a.lock().unwrap().push(Instant::now());
        let mut b = bucket.lock().unwrap();
        let now = Instant::now();
        b.0 = (b.0 + now.duration_since(b.1).as_secs_f64() * rate).min(5.0);
        b.1 = now;
        if b.0 < 1.0 {
            *t.lock().unwrap() += 1;
            let xml = "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
            return Reply::Respond(400, vec![("content-type", "text/xml".into())], xml.into());
        }
        b.0 -= 1.0;
        let xml = format!(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA{n:08}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
        );
        Reply::Respond(200, vec![("content-type", "text/xml".into())], xml.into())
    })
    .await;
    (server, arrivals, throttled)
}

/// A client for runs over given accounts (it never calls Organizations).
fn client_for_given_accounts() -> organizations_sdk::Client {
    organizations_sdk::Client::from_conf(
        organizations_sdk::Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDTEST", "SECRETTEST", None))
            .build(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_accounts_under_a_throttling_sts_never_exceed_the_rate() {
    let (sts, arrivals, throttled) = throttling_sts(30.0).await;
    let rate = 40.0;
    let accounts: Vec<Account> = (0..200).map(|i| Account::builder().id(format!("{:012}", 100_000 + i)).build()).collect();
    let client = client_for_given_accounts();
    let outcomes = client
        .across_accounts()
        .accounts(accounts)
        .include_caller(true)
        .sts_endpoint_url(&sts.url)
        .concurrency(16)
        .sts_max_rate(rate)
        .run(|account, env| async move { Ok::<_, std::io::Error>((account.id().unwrap().to_owned(), env.credentials.access_key_id().to_owned())) })
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 200);
    for (i, o) in outcomes.iter().enumerate() {
        let (id, key) = o.result.as_ref().unwrap_or_else(|e| panic!("account {i}: {e}"));
        assert_eq!(id, &format!("{:012}", 100_000 + i), "outcomes in the accounts' order");
        assert!(key.starts_with("ASIA"));
    }
    assert!(*throttled.lock().unwrap() > 0, "the STS throttled (the run retried)");
    // Any k+1 consecutive calls span at least (k - 2) / rate: two intervals of slack for
    // the scheduling jitter between a call leaving the pacer and reaching the server (a
    // pacer at 1.2 x the rate would fail this).
    let arrivals = arrivals.lock().unwrap().clone();
    assert!(arrivals.len() >= 200);
    let k = 20;
    for w in arrivals.windows(k + 1) {
        let span = w[k].duration_since(w[0]);
        assert!(span >= Duration::from_secs_f64((k as f64 - 2.0) / rate), "{} calls in {span:?}", k + 1);
    }
}

#[tokio::test]
async fn suspended_accounts_timeouts_and_closure_errors_are_outcomes_not_aborts() {
    let (sts, _, _) = throttling_sts(1_000.0).await;
    let client = client_for_given_accounts();
    let accounts = vec![
        Account::builder().id("000000000001").build(),
        Account::builder().id("000000000002").state(organizations_sdk::types::AccountState::Suspended).build(),
        Account::builder().id("000000000003").build(),
        Account::builder().id("000000000004").build(),
    ];
    let outcomes = client
        .across_accounts()
        .accounts(accounts)
        .include_caller(true)
        .sts_endpoint_url(&sts.url)
        .timeout(Duration::from_millis(500))
        .run(|account, _env| async move {
            match account.id() {
                Some("000000000003") => Err(std::io::Error::other("no bucket here")),
                Some("000000000004") => {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    Ok(4)
                }
                _ => Ok(1),
            }
        })
        .await
        .unwrap();
    assert!(matches!(outcomes[0].result, Ok(1)));
    assert!(matches!(outcomes[1].result, Err(AccountError::Suspended)), "{:?}", outcomes[1].result);
    assert!(matches!(&outcomes[2].result, Err(AccountError::Failed(e)) if e.to_string() == "no bucket here"), "{:?}", outcomes[2].result);
    assert!(matches!(outcomes[3].result, Err(AccountError::TimedOut(_))), "{:?}", outcomes[3].result);
}

#[path = "../../organizations-sdk/examples/common/inventory.rs"]
mod inventory;

/// The `org_inventory` example's table, against moto: one row per member account, each
/// answered with that account's assumed role.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_inventory_example_tabulates_every_member_account() {
    let moto = Moto::start();
    let client = moto.client();
    let org = client.create_organization().send().await.unwrap();
    let org_id = org.organization().unwrap().id().unwrap().to_owned();
    for i in 0..3 {
        client.create_account().email(format!("inv{i}@example.com")).account_name(format!("inv-{i}")).send().await.unwrap();
    }
    let options = inventory::Options { role_name: "OrganizationAccountAccessRole", concurrency: 2, sts_endpoint_url: Some(&moto.url) };
    let table = inventory::inventory(&client, &options).await.unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ACCOUNT") && lines[0].contains("NAME") && lines[0].contains("RESULT"), "{table}");
    for i in 0..3 {
        let row = lines.iter().find(|l| l.contains(&format!("inv-{i}"))).unwrap_or_else(|| panic!("no row for inv-{i}:\n{table}"));
        assert!(row.contains(&format!("in {org_id}")), "{row}");
    }
    assert_eq!(lines.last(), Some(&"3 accounts, 0 failed"), "{table}");
}

/// Dropping the run's future cancels the accounts still running (their closures' futures
/// are dropped, not left behind).
#[tokio::test]
async fn dropping_the_run_cancels_the_accounts_in_flight() {
    let (sts, _, _) = throttling_sts(1_000.0).await;
    let client = client_for_given_accounts();
    struct Dropped(tokio::sync::mpsc::UnboundedSender<()>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (started_tx, mut started) = tokio::sync::mpsc::unbounded_channel();
    let accounts: Vec<Account> = (1..=3).map(|i| Account::builder().id(format!("00000000000{i}")).build()).collect();
    let run = client.across_accounts().accounts(accounts).include_caller(true).sts_endpoint_url(&sts.url).concurrency(3).run(move |_, _| {
        let (guard, started) = (Dropped(tx.clone()), started_tx.clone());
        async move {
            let _guard = guard;
            let _ = started.send(());
            std::future::pending::<()>().await;
            Ok::<_, std::io::Error>(())
        }
    });
    let run = tokio::spawn(run);
    for _ in 0..3 {
        started.recv().await.expect("every account starts");
    }
    run.abort();
    for _ in 0..3 {
        tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("cancelled within 10 s").expect("a closure was dropped");
    }
}
