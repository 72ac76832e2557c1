//! The AWS SDKs' shared conformance suites, vendored unchanged under
//! `tests/fixtures/conformance/` (provenance and digests in its README), run case by case:
//! the build script generates one `#[test]` per case, named after it, which calls [`case`].
//!
//! Every case goes through the code users run: `Config::from_env_with` and a real `Client`
//! where the case is about what a client does, and the hooks of
//! `organizations_sdk::test_util::conformance` (thin calls into the same code) where the
//! suite checks a result no public API shows. A case that does not apply is skipped in
//! [`case`] with its reason.

use organizations_sdk::test_util::conformance as hooks;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/conformance_cases.rs"));

fn fixture(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance").join(path);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn strings(v: &Value) -> HashMap<String, String> {
    v.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect()
}

/// Runs case `index` of `suite`.
fn case(suite: &str, index: usize) {
    match suite {
        "profile_parser" => profile_parser(&fixture("aws-runtime/profile-parser-tests.json")["tests"][index]),
        "file_location" => file_location(&fixture("aws-runtime/file-location-tests.json")["tests"][index]),
        "configured_endpoint_urls" => configured_endpoint_url(&fixture("botocore/configured_endpoint_urls/profile-tests.json")["testSuites"][0], index),
        "endpoints" => endpoint(&fixture("botocore/endpoint-rules/organizations/endpoint-tests-1.json")["testCases"][index]),
        other => panic!("no runner for suite {other}"),
    }
}

/// `profile-parser-tests.json`: the files' text in, the profiles (or an error) out.
fn profile_parser(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let input = &case["input"];
    let parsed = hooks::parse_profiles(input["configFile"].as_str(), input["credentialsFile"].as_str());
    let output = &case["output"];
    if let Some(wanted) = output["errorContaining"].as_str() {
        let error = parsed.expect_err(&format!("{name}: parsing should fail with {wanted:?}"));
        assert!(error.contains(wanted), "{name}: {error:?} does not contain {wanted:?}");
        assert!(error.starts_with("config, line ") || error.starts_with("credentials, line "), "{name}: {error:?} names no file and line");
        return;
    }
    let parsed = parsed.unwrap_or_else(|e| panic!("{name}: {e}"));
    let sections = |v: &Value| -> BTreeMap<String, BTreeMap<String, String>> {
        v.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), strings(v).into_iter().collect())).collect()
    };
    let config = &output["config"];
    assert_eq!(parsed.profiles, sections(&config["profiles"]), "{name}: profiles");
    if !config["sso_sessions"].is_null() {
        assert_eq!(parsed.sso_sessions, sections(&config["sso_sessions"]), "{name}: sso sessions");
    }
}

/// `file-location-tests.json`: variables and platform in, the two paths and the profile out.
fn file_location(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let windows = match case["platform"].as_str() {
        Some("windows") => true,
        Some("linux") => false,
        other => panic!("{name}: unknown platform {other:?}"),
    };
    let (config, credentials, profile) = hooks::file_locations(&strings(&case["environment"]), windows);
    assert_eq!(config.as_deref(), case["configLocation"].as_str(), "{name}: config file");
    assert_eq!(credentials.as_deref(), case["credentialsLocation"].as_str(), "{name}: credentials file");
    if let Some(wanted) = case["profile"].as_str() {
        assert_eq!(profile, wanted, "{name}: profile");
    }
}

/// botocore's `configured_endpoint_urls/profile-tests.json`: a profile, variables and client
/// settings in, the endpoint URL out. The suite asks about S3 and DynamoDB; the lookup is
/// the one `Config::from_env` runs for Organizations with the service's own keys. When
/// nothing is configured the suite expects the URL the service's own rules give
/// (`https://s3.fake-region-10.amazonaws.com`): those are not Organizations' rules, so the
/// runner checks that no configured URL was found.
fn configured_endpoint_url(suite: &Value, index: usize) {
    let case = &suite["endpointUrlTests"][index];
    let name = case["name"].as_str().unwrap();
    let dir = tempdir(&format!("endpoint-url-{index}"));
    // The runner writes the profile files as botocore's runner does (`dict_to_ini_section`).
    let profile = case["profile"].as_str().unwrap();
    let mut config = section(&format!("profile {profile}"), &suite["profiles"][profile]);
    if let Some(services) = suite["profiles"][profile]["services"].as_str() {
        config += &section(&format!("services {services}"), &suite["services"][services]);
    }
    std::fs::write(dir.join("config"), config).unwrap();
    let mut env = strings(&suite["environments"][case["environment"].as_str().unwrap()]);
    env.insert("AWS_CONFIG_FILE".into(), dir.join("config").display().to_string());
    env.insert("AWS_SHARED_CREDENTIALS_FILE".into(), dir.join("credentials").display().to_string());
    env.insert("AWS_PROFILE".into(), profile.into());
    let client = &suite["client_configs"][case["client_config"].as_str().unwrap()];
    let ignore = client["ignore_configured_endpoint_urls"].as_bool().unwrap_or(false);
    let service = case["service"].as_str().unwrap();
    let configured = hooks::configured_endpoint_url(&env, ignore, service, &service.to_ascii_uppercase());
    // An endpoint URL set in code wins over everything (`Builder::endpoint_url`).
    let url = client["endpoint_url"].as_str().map(str::to_owned).or(configured);
    let wanted = case["output"]["endpointUrl"].as_str().unwrap();
    let resolved_by_the_service = format!("https://{service}.fake-region-10.amazonaws.com");
    if wanted == resolved_by_the_service {
        assert_eq!(url, None, "{name}: no configured URL applies");
    } else {
        assert_eq!(url.as_deref(), Some(wanted), "{name}");
    }
}

fn section(header: &str, keys: &Value) -> String {
    let mut out = format!("[{header}]\n");
    for (k, v) in keys.as_object().unwrap() {
        match v {
            Value::Object(sub) => {
                out += &format!("{k} =\n");
                for (sk, sv) in sub {
                    out += &format!("  {sk}={}\n", sv.as_str().unwrap());
                }
            }
            v => out += &format!("{k}={}\n", v.as_str().unwrap()),
        }
    }
    out + "\n"
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("orgsdk-conformance-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// botocore's `endpoint-rules/organizations/endpoint-tests-1.json`: parameters in, the URL
/// and signing region (or the error) out, through the public resolver.
fn endpoint(case: &Value) {
    use organizations_sdk::endpoint::{resolve, Params};
    let name = case["documentation"].as_str().unwrap();
    let p = &case["params"];
    let mut b = Params::builder();
    if let Some(r) = p["Region"].as_str() {
        b = b.region(r);
    }
    if let Some(e) = p["Endpoint"].as_str() {
        b = b.endpoint(e);
    }
    if let Some(f) = p["UseFIPS"].as_bool() {
        b = b.use_fips(f);
    }
    if let Some(d) = p["UseDualStack"].as_bool() {
        b = b.use_dual_stack(d);
    }
    let known = ["Region", "Endpoint", "UseFIPS", "UseDualStack"];
    if let Some(other) = p.as_object().into_iter().flatten().map(|(k, _)| k).find(|k| !known.contains(&k.as_str())) {
        panic!("{name}: parameter {other} is not in the rule set this SDK compiled");
    }
    let outcome = b.build().map_err(|e| e.to_string()).and_then(|params| resolve(&params).map_err(|e| e.to_string()));
    let expect = &case["expect"];
    match (outcome, expect["error"].as_str()) {
        (Err(e), Some(wanted)) => assert_eq!(e, wanted, "{name}"),
        (Ok(e), None) => {
            let wanted = &expect["endpoint"];
            assert_eq!(e.url(), wanted["url"].as_str().unwrap(), "{name}: url");
            let schemes = &wanted["properties"]["authSchemes"];
            if let Some(scheme) = schemes.get(0) {
                assert_eq!(scheme["name"], "sigv4", "{name}: auth scheme");
                assert_eq!(e.signing_region(), scheme["signingRegion"].as_str(), "{name}: signing region");
            }
            assert_eq!(schemes.as_array().map_or(0, Vec::len) <= 1, true, "{name}: one auth scheme");
        }
        (Err(e), None) => panic!("{name}: expected an endpoint, got the error {e}"),
        (Ok(e), Some(wanted)) => panic!("{name}: expected the error {wanted:?}, got {}", e.url()),
    }
}
