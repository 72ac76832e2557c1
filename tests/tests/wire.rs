//! Exact wire format and error handling against a scripted hyper server on loopback.

mod support;

use organizations_sdk::config::{RetryConfig, StaticTimeSource};
use organizations_sdk::error::{ProvideErrorMetadata, RequestId, SdkError};
use organizations_sdk::operation::create_organizational_unit::CreateOrganizationalUnitError;
use organizations_sdk::operation::describe_account::DescribeAccountError;
use organizations_sdk::types::{PolicyType, Tag};
use organizations_sdk::{Client, Config, Credentials, Region};
use std::time::{Duration, UNIX_EPOCH};
use support::wire::{Recorded, Reply, WireServer};

const NOW: u64 = 1_700_000_000; // 2023-11-14T22:13:20Z

fn client(url: &str, session_token: Option<&str>) -> Client {
    Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(url)
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", session_token.map(str::to_owned)))
            .time_source(StaticTimeSource::new(UNIX_EPOCH + Duration::from_secs(NOW)))
            // The pinned clock makes signatures reproducible; the server's `Date` would
            // otherwise move the next call's signing time to the server's clock.
            .clock_skew_correction(false)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// Re-sign the recorded request (without its signature) independently and compare.
fn assert_valid_sigv4(r: &Recorded, host: &str, session_token: Option<&str>) {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let auth = r.header("authorization");
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/organizations/aws4_request, SignedHeaders="), "{auth}");
    for h in ["content-type", "host", "x-amz-date", "x-amz-target", "x-amz-user-agent"] {
        assert!(auth.contains(h), "{h} is not signed: {auth}");
    }
    // Per-attempt headers are set after signing, as aws-sdk-rust does.
    for h in ["amz-sdk-invocation-id", "amz-sdk-request"] {
        assert!(!auth.contains(h), "{h} is signed: {auth}");
    }
    assert_eq!(r.header("x-amz-date"), "20231114T221320Z");
    let identity =
        aws_credential_types::Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", session_token.map(str::to_owned), None, "test").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("organizations")
        .time(UNIX_EPOCH + Duration::from_secs(NOW))
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let unsigned: Vec<(&str, &str)> = r
        .headers
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "authorization" | "x-amz-security-token" | "x-amz-date" | "amz-sdk-invocation-id" | "amz-sdk-request"))
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
        .collect();
    let uri = format!("http://{host}{}", r.path);
    let signable = SignableRequest::new(&r.method, uri, unsigned.into_iter(), SignableBody::Bytes(&r.body)).unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let expected = instructions.headers().find(|(k, _)| *k == "authorization").map(|(_, v)| v.to_owned()).unwrap();
    assert_eq!(auth, expected);
}

#[tokio::test]
async fn requests_are_exact_awsjson11_and_signed() {
    let server = WireServer::start(|_, r| match r.header("x-amz-target") {
        "AWSOrganizationsV20161128.DeleteOrganization" => Reply::Respond(200, vec![], "".into()),
        "AWSOrganizationsV20161128.ListAccounts" => {
            Reply::json(200, r#"{"Accounts":[{"Id":"111122223333","JoinedTimestamp":1.515531487E9}],"NextToken":"t"}"#)
        }
        _ => Reply::json(200, "{}"),
    })
    .await;
    let host = server.url.trim_start_matches("http://").to_owned();
    let c = client(&server.url, None);

    let out = c.list_accounts().max_results(5).send().await.unwrap();
    assert_eq!(out.accounts()[0].id(), Some("111122223333"));
    assert_eq!(out.accounts()[0].joined_timestamp().unwrap().secs(), 1_515_531_487);
    assert_eq!(out.request_id(), Some("req-1"));
    c.describe_organization().send().await.unwrap(); // no input
    c.delete_organization().send().await.unwrap(); // no input, no output, empty body
    c.create_account().email("a@example.com").account_name("Prod").tags(Tag::builder().key("k").value("v").build().unwrap()).send().await.unwrap();
    c.list_policies().filter(PolicyType::ServiceControlPolicy).send().await.unwrap();

    let reqs = server.requests();
    let expected = [
        ("ListAccounts", r#"{"MaxResults":5}"#),
        ("DescribeOrganization", "{}"),
        ("DeleteOrganization", "{}"),
        ("CreateAccount", r#"{"Email":"a@example.com","AccountName":"Prod","Tags":[{"Key":"k","Value":"v"}]}"#),
        ("ListPolicies", r#"{"Filter":"SERVICE_CONTROL_POLICY"}"#),
    ];
    assert_eq!(reqs.len(), expected.len());
    for (r, (op, body)) in reqs.iter().zip(expected) {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/");
        assert_eq!(r.header("content-type"), "application/x-amz-json-1.1");
        assert_eq!(r.header("x-amz-target"), format!("AWSOrganizationsV20161128.{op}"));
        assert_eq!(r.header("host"), host);
        assert_eq!(r.header("content-length"), body.len().to_string());
        assert_eq!(std::str::from_utf8(&r.body).unwrap(), body, "{op}");
        assert_eq!(r.header("amz-sdk-request"), "attempt=1; max=1");
        let id = r.header("amz-sdk-invocation-id");
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(&id[14..15], "4", "UUID v4: {id}");
        let ua = r.header("user-agent");
        assert!(ua.contains("ua/2.1 api/organizations/") && ua.contains("lang/rust/"), "{ua}");
        assert_eq!(r.header("x-amz-user-agent"), ua);
        assert!(r.headers.get("x-amz-security-token").is_none());
        assert_valid_sigv4(r, &host, None);
    }
    let ids: std::collections::HashSet<_> = reqs.iter().map(|r| r.header("amz-sdk-invocation-id").to_owned()).collect();
    assert_eq!(ids.len(), reqs.len(), "each call has its own invocation id");
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let host = server.url.trim_start_matches("http://").to_owned();
    client(&server.url, Some("TOKEN/+=")).describe_organization().send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("x-amz-security-token"), "TOKEN/+=");
    assert_valid_sigv4(r, &host, Some("TOKEN/+="));
}

#[tokio::test]
async fn missing_required_member_fails_before_sending() {
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let err = client(&server.url, None).create_organizational_unit().name("Eng").send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(err.to_string().contains("CreateOrganizationalUnitInput.parent_id"), "{err}");
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(source.contains("parent_id"), "{source}");
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn no_credentials_or_region_is_a_construction_failure() {
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let c = Client::from_conf(Config::builder().endpoint_url(&server.url).region(Region::new("us-east-1")).build());
    let err = c.describe_organization().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)) && err.to_string().contains("credentials"), "{err}");
    let c = Client::from_conf(Config::builder().credentials_provider(Credentials::new("a", "b", None)).build());
    let err = c.describe_organization().send().await.unwrap_err();
    assert!(err.to_string().contains("Invalid Configuration: Missing Region"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn modeled_errors_are_typed_with_metadata() {
    let server = WireServer::start(|n, _| match n {
        0 => Reply::Respond(
            400,
            vec![("x-amzn-requestid", "rid-0".into())],
            r#"{"__type":"com.amazonaws.organizations.v20161128#DuplicateOrganizationalUnitException:http://internal","Message":"exists"}"#.into(),
        ),
        1 => Reply::Respond(
            400,
            vec![("x-amzn-errortype", "ConstraintViolationException".into()), ("x-amz-request-id", "rid-1".into())],
            r#"{"message":"too many","Reason":"OU_NUMBER_LIMIT_EXCEEDED"}"#.into(),
        ),
        _ => Reply::Respond(400, vec![("x-amzn-requestid", "rid-2".into())], r#"{"code":"BrandNewException","errorMessage":"surprise"}"#.into()),
    })
    .await;
    let c = client(&server.url, None);
    let send = || c.create_organizational_unit().parent_id("r-1").name("Eng").send();

    let err = send().await.unwrap_err();
    assert_eq!(err.code(), Some("DuplicateOrganizationalUnitException"));
    assert_eq!(err.request_id(), Some("rid-0"));
    assert!(err.raw_response().is_some_and(|r| r.status() == 400));
    match err.into_service_error() {
        CreateOrganizationalUnitError::DuplicateOrganizationalUnitException(e) => {
            assert_eq!(e.message(), Some("exists"));
            assert_eq!(e.request_id(), Some("rid-0"));
            assert_eq!(e.to_string(), "DuplicateOrganizationalUnitException: exists");
        }
        other => panic!("wrong variant {other:?}"),
    }

    let err = send().await.unwrap_err().into_service_error();
    assert!(err.is_constraint_violation_exception());
    if let CreateOrganizationalUnitError::ConstraintViolationException(e) = &err {
        assert_eq!(e.reason().map(|r| r.as_str()), Some("OU_NUMBER_LIMIT_EXCEEDED"));
        assert_eq!(e.message(), Some("too many"));
    }
    assert_eq!(err.request_id(), Some("rid-1"));

    let err = send().await.unwrap_err();
    let service: organizations_sdk::Error = send().await.unwrap_err().into();
    #[allow(deprecated)]
    let unhandled = matches!(service, organizations_sdk::Error::Unhandled(_));
    assert!(unhandled);
    let err = err.into_service_error();
    // A code the model does not define: the (deprecated to match) Unhandled variant.
    #[allow(deprecated)]
    let unhandled = matches!(organizations_sdk::Error::from(err.clone()), organizations_sdk::Error::Unhandled(_));
    assert!(unhandled);
    assert_eq!((err.code(), err.message(), err.request_id()), (Some("BrandNewException"), Some("surprise"), Some("rid-2")));
}

#[tokio::test]
async fn hostile_and_broken_responses_are_errors_not_panics() {
    let big = "x".repeat(9 * 1024 * 1024);
    let cases: Vec<(Reply, &str)> = vec![
        (Reply::json(200, "not json"), "response"),
        (Reply::json(200, r#"{"Account":{"Id":"1""#), "response"),
        (Reply::json(200, r#"{"Account":{"Id":5}}"#), "response"),
        (Reply::json(200, r#"{"Account":[1,2]}"#), "response"),
        (Reply::json(200, ""), "response"),
        (Reply::json(200, "[]"), "response"),
        (Reply::json(200, r#"{"Account":{"JoinedTimestamp":"yesterday"}}"#), "response"),
        (Reply::Respond(200, vec![], big.into()), "response"),
        (Reply::Respond(502, vec![("content-type", "text/html".into())], "<html><body>Bad Gateway</body></html>".into()), "service"),
        (Reply::Respond(400, vec![], "".into()), "service"),
        (Reply::Respond(500, vec![], "\u{0}\u{1}garbage".into()), "service"),
    ];
    for (reply, kind) in cases {
        let label = format!("{reply:?}").chars().take(80).collect::<String>();
        let server = WireServer::start(move |_, _| reply.clone()).await;
        let err = client(&server.url, None).describe_account().account_id("111122223333").send().await.unwrap_err();
        match (kind, &err) {
            ("response", SdkError::ResponseError(e)) => assert_eq!(e.raw().status(), 200, "{label}"),
            ("service", SdkError::ServiceError(e)) => {
                let status = e.raw().status();
                #[allow(deprecated)]
                let unhandled = matches!(e.err(), DescribeAccountError::Unhandled(_));
                assert!(unhandled, "{label}");
                assert_eq!(e.err().meta().status(), Some(status), "{label}");
                assert!(err.to_string().contains(&format!("HTTP {status}")), "{label}: {err}");
            }
            _ => panic!("{label}: expected a {kind} error, got {err:?}"),
        }
        assert!(!err.to_string().is_empty());
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_survive() {
    let server = WireServer::start(|_, _| Reply::json(200, r#"{"Account":{"Id":"1","Status":"HIBERNATING","Extra":{"x":[1]},"Arn":null}}"#)).await;
    let out = client(&server.url, None).describe_account().account_id("1").send().await.unwrap();
    let account = out.account().unwrap();
    assert_eq!(account.status().unwrap().as_str(), "HIBERNATING");
    assert_eq!(account.arn(), None);
    assert_eq!(serde_json::to_value(account).unwrap(), serde_json::json!({"Id":"1","Status":"HIBERNATING"}));
}
