//! Endpoint resolution: a table over every partition, and a differential check against
//! botocore's resolver on the same model files.

mod support;

use organizations_sdk::endpoint::{resolve, Params};
use serde_json::{json, Value};

fn params(region: Option<&str>, fips: bool, dual: bool, endpoint: Option<&str>) -> Params {
    let mut b = Params::builder().use_fips(fips).use_dual_stack(dual);
    if let Some(r) = region {
        b = b.region(r);
    }
    if let Some(e) = endpoint {
        b = b.endpoint(e);
    }
    b.build().unwrap()
}

fn outcome(p: &Params) -> (String, Option<String>) {
    match resolve(p) {
        Ok(e) => (e.url().to_string(), e.signing_region().map(str::to_owned)),
        Err(e) => (format!("error: {e}"), None),
    }
}

#[test]
fn table_of_partitions_flags_and_errors() {
    let ok = |url: &str, region: &str| (url.to_string(), Some(region.to_string()));
    let err = |msg: &str| (format!("error: {msg}"), None);
    type Case<'a> = ((Option<&'a str>, bool, bool, Option<&'a str>), (String, Option<String>));
    let cases: Vec<Case> = vec![
        // aws: every region goes to the global endpoint in us-east-1.
        ((Some("us-east-1"), false, false, None), ok("https://organizations.us-east-1.amazonaws.com", "us-east-1")),
        ((Some("eu-west-1"), false, false, None), ok("https://organizations.us-east-1.amazonaws.com", "us-east-1")),
        ((Some("aws-global"), false, false, None), ok("https://organizations.us-east-1.amazonaws.com", "us-east-1")),
        ((Some("eu-west-1"), true, false, None), ok("https://organizations-fips.us-east-1.amazonaws.com", "us-east-1")),
        ((Some("eu-west-1"), false, true, None), ok("https://organizations.us-east-1.api.aws", "us-east-1")),
        ((Some("eu-west-1"), true, true, None), ok("https://organizations-fips.us-east-1.api.aws", "us-east-1")),
        ((Some("mars-west-1"), false, false, None), ok("https://organizations.us-east-1.amazonaws.com", "us-east-1")),
        // aws-cn
        ((Some("cn-north-1"), false, false, None), ok("https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")),
        ((Some("aws-cn-global"), false, false, None), ok("https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")),
        ((Some("cn-north-1"), true, false, None), ok("https://organizations-fips.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")),
        ((Some("cn-north-1"), false, true, None), ok("https://organizations.cn-northwest-1.api.amazonwebservices.com.cn", "cn-northwest-1")),
        ((Some("cn-north-1"), true, true, None), ok("https://organizations-fips.cn-northwest-1.api.amazonwebservices.com.cn", "cn-northwest-1")),
        // aws-us-gov: FIPS has its own fixed hosts.
        ((Some("us-gov-east-1"), false, false, None), ok("https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")),
        ((Some("aws-us-gov-global"), false, false, None), ok("https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")),
        ((Some("us-gov-east-1"), true, false, None), ok("https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")),
        ((Some("us-gov-east-1"), true, true, None), ok("https://organizations.us-gov-west-1.api.aws", "us-gov-west-1")),
        ((Some("us-gov-east-1"), false, true, None), ok("https://organizations.us-gov-west-1.api.aws", "us-gov-west-1")),
        // iso partitions and eusc
        ((Some("us-iso-east-1"), false, false, None), ok("https://organizations.us-iso-east-1.c2s.ic.gov", "us-iso-east-1")),
        ((Some("aws-iso-global"), true, false, None), ok("https://organizations-fips.us-iso-east-1.c2s.ic.gov", "us-iso-east-1")),
        ((Some("us-isob-east-1"), false, false, None), ok("https://organizations.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1")),
        ((Some("aws-iso-b-global"), false, true, None), ok("https://organizations.us-isob-east-1.api.aws.scloud", "us-isob-east-1")),
        ((Some("eu-isoe-west-1"), false, false, None), ok("https://organizations.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1")),
        ((Some("aws-iso-e-global"), false, false, None), ok("https://organizations.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1")),
        ((Some("us-isof-east-1"), false, false, None), ok("https://organizations.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1")),
        ((Some("aws-iso-f-global"), true, true, None), ok("https://organizations-fips.us-isof-south-1.api.aws.hci.ic.gov", "us-isof-south-1")),
        ((Some("eusc-de-east-1"), false, false, None), ok("https://organizations.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1")),
        ((Some("eusc-de-east-1"), true, true, None), ok("https://organizations-fips.eusc-de-east-1.api.amazonwebservices.eu", "eusc-de-east-1")),
        // custom endpoints
        ((Some("us-east-1"), false, false, Some("http://127.0.0.1:5000")), ("http://127.0.0.1:5000".into(), None)),
        ((None, false, false, Some("https://example.com/prefix")), ("https://example.com/prefix".into(), None)),
        ((Some("us-east-1"), true, false, Some("https://example.com")), err("Invalid Configuration: FIPS and custom endpoint are not supported")),
        (
            (Some("us-east-1"), false, true, Some("https://example.com")),
            err("Invalid Configuration: Dualstack and custom endpoint are not supported"),
        ),
        ((None, true, true, Some("https://example.com")), err("Invalid Configuration: FIPS and custom endpoint are not supported")),
        // missing region
        ((None, false, false, None), err("Invalid Configuration: Missing Region")),
        ((None, true, false, None), err("Invalid Configuration: Missing Region")),
    ];
    for ((region, fips, dual, endpoint), want) in cases {
        let got = outcome(&params(region, fips, dual, endpoint));
        assert_eq!(got, want, "region={region:?} fips={fips} dual={dual} endpoint={endpoint:?}");
    }
}

#[test]
fn differential_against_botocore() {
    let regions: Vec<Option<&str>> = vec![
        None,
        Some("us-east-1"),
        Some("us-west-2"),
        Some("eu-west-1"),
        Some("ap-southeast-7"),
        Some("aws-global"),
        Some("cn-north-1"),
        Some("cn-northwest-1"),
        Some("aws-cn-global"),
        Some("us-gov-west-1"),
        Some("us-gov-east-1"),
        Some("aws-us-gov-global"),
        Some("us-iso-east-1"),
        Some("us-iso-west-1"),
        Some("aws-iso-global"),
        Some("us-isob-east-1"),
        Some("aws-iso-b-global"),
        Some("eu-isoe-west-1"),
        Some("aws-iso-e-global"),
        Some("us-isof-south-1"),
        Some("aws-iso-f-global"),
        Some("eusc-de-east-1"),
        Some("mars-east-1"),
        Some("us-east-99"),
        Some("cn-east-9"),
        Some("us-gov-north-3"),
        Some(""),
        Some("not a region"),
        Some("US-EAST-1"),
        Some("eusc-fr-east-1"),
    ];
    let endpoints: Vec<Option<&str>> = vec![None, Some("http://127.0.0.1:5000"), Some("not a url"), Some("https://example.com:99999/x?y#z")];
    let mut grid = Vec::new();
    for region in &regions {
        for fips in [false, true] {
            for dual in [false, true] {
                for endpoint in &endpoints {
                    if endpoint.is_some() && region.is_some_and(|r| r.len() > 12) {
                        continue;
                    }
                    grid.push((*region, fips, dual, *endpoint));
                }
            }
        }
    }
    assert!(grid.len() >= 200, "grid has {} cases", grid.len());
    let input: Vec<Value> = grid
        .iter()
        .map(|(r, f, d, e)| {
            let mut p = json!({"UseFIPS": f, "UseDualStack": d});
            if let Some(r) = r {
                p["Region"] = json!(r);
            }
            if let Some(e) = e {
                p["Endpoint"] = json!(e);
            }
            p
        })
        .collect();
    let oracle = support::python_oracle("endpoints.py", &Value::Array(input));
    let oracle = oracle.as_array().expect("oracle returns an array");
    assert_eq!(oracle.len(), grid.len());
    for ((region, fips, dual, endpoint), want) in grid.iter().zip(oracle) {
        let got = resolve(&params(*region, *fips, *dual, *endpoint));
        let ctx = format!("region={region:?} fips={fips} dual={dual} endpoint={endpoint:?}");
        match (got, want.get("error")) {
            (Ok(e), None) => {
                assert_eq!(e.url(), want["url"].as_str().unwrap(), "{ctx}");
                assert_eq!(e.signing_region(), want["signingRegion"].as_str(), "{ctx}");
            }
            (Err(e), Some(msg)) => assert_eq!(e.to_string(), msg.as_str().unwrap(), "{ctx}"),
            (got, _) => panic!("{ctx}: we got {got:?}, botocore {want}"),
        }
    }
}

/// A client configured for eu-west-1 resolves the global endpoint and signs for us-east-1;
/// the test hook sends the request to a loopback server instead of the resolved host.
#[tokio::test]
async fn eu_west_1_client_signs_for_us_east_1() {
    use organizations_sdk::{Client, Config, Credentials, Region};
    use support::wire::{Reply, WireServer};
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    for (region, scope) in [
        ("eu-west-1", "/us-east-1/organizations/aws4_request"),
        ("cn-north-1", "/cn-northwest-1/organizations/aws4_request"),
        ("us-gov-east-1", "/us-gov-west-1/organizations/aws4_request"),
    ] {
        let client = Client::from_conf(
            Config::builder()
                .region(Region::new(region))
                .credentials_provider(Credentials::new("AKID", "SECRET", None))
                .test_redirect_to(&server.url)
                .build(),
        );
        client.describe_organization().send().await.unwrap();
        let auth = server.requests().last().unwrap().header("authorization").to_owned();
        assert!(auth.contains(scope), "{region}: {auth}");
    }
}

/// Rule errors are construction failures with the rule set's message; nothing is sent.
#[tokio::test]
async fn rule_errors_fail_before_sending() {
    use organizations_sdk::error::SdkError;
    use organizations_sdk::{Client, Config, Credentials, Region};
    use support::wire::{Reply, WireServer};
    let server = WireServer::start(|_, _| Reply::json(200, "{}")).await;
    let base = Config::builder().credentials_provider(Credentials::new("AKID", "SECRET", None));
    let cases = [
        (
            base.clone().region(Region::new("us-east-1")).endpoint_url(&server.url).use_fips(true).build(),
            "Invalid Configuration: FIPS and custom endpoint are not supported",
        ),
        (
            base.clone().region(Region::new("us-east-1")).endpoint_url(&server.url).use_dual_stack(true).build(),
            "Invalid Configuration: Dualstack and custom endpoint are not supported",
        ),
        (base.clone().build(), "Invalid Configuration: Missing Region"),
    ];
    for (config, message) in cases {
        let err = Client::from_conf(config).list_roots().send().await.unwrap_err();
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
        assert_eq!(std::error::Error::source(&err).unwrap().to_string(), message);
    }
    assert!(server.requests().is_empty());
}
