//! serde on the generated types: real wire JSON parses and serializes back exactly.

use organizations_sdk::types::{
    Account, AccountStatus, CreateAccountState, CreateAccountStatus, Handshake, HandshakePartyType, HandshakeResourceType,
};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(wire: &Value) -> T {
    let parsed: T = serde_json::from_value(wire.clone()).expect("wire JSON parses");
    assert_eq!(&serde_json::to_value(&parsed).unwrap(), wire, "serializes back exactly");
    parsed
}

#[test]
fn account() {
    let wire = json!({
        "Id": "111111111111",
        "Arn": "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111",
        "Email": "bill@example.com",
        "Name": "Production Account",
        "Status": "ACTIVE",
        "State": "ACTIVE",
        "JoinedMethod": "INVITED",
        "JoinedTimestamp": 1481830215,
        "Paths": ["o-exampleorgid/r-examplerootid111/"]
    });
    let a: Account = round_trip(&wire);
    assert_eq!(a.status(), Some(&AccountStatus::Active));
    assert_eq!(a.joined_timestamp().unwrap().to_string(), "2016-12-15T19:30:15Z");
    let debug = format!("{a:?}");
    assert!(!debug.contains("bill@example.com") && !debug.contains("Production Account") && debug.contains("Sensitive Data Redacted"), "{debug}");
}

#[test]
fn handshake_with_nested_lists() {
    let wire = json!({
        "Id": "h-examplehandshakeid111",
        "Arn": "arn:aws:organizations::111111111111:handshake/o-exampleorgid/invite/h-examplehandshakeid111",
        "Parties": [
            {"Id": "o-exampleorgid", "Type": "ORGANIZATION"},
            {"Id": "juan@example.com", "Type": "EMAIL"}
        ],
        "State": "OPEN",
        "RequestedTimestamp": 1481830215.5,
        "ExpirationTimestamp": 1.4830398E9,
        "Action": "INVITE",
        "Resources": [
            {"Type": "ORGANIZATION", "Value": "o-exampleorgid", "Resources": [
                {"Type": "MASTER_EMAIL", "Value": "bill@amazon.com"},
                {"Type": "MASTER_NAME", "Value": "Org Master Account"},
                {"Type": "ORGANIZATION_FEATURE_SET", "Value": "FULL"}
            ]},
            {"Type": "ACCOUNT", "Value": "222222222222"},
            {"Type": "BRAND_NEW_RESOURCE_TYPE", "Value": "kept"}
        ]
    });
    let parsed: Handshake = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(parsed.parties()[1].r#type(), &HandshakePartyType::Email);
    assert_eq!(parsed.resources()[0].resources()[0].r#type(), Some(&HandshakeResourceType::MasterEmail));
    assert_eq!(parsed.resources()[2].r#type().unwrap().as_str(), "BRAND_NEW_RESOURCE_TYPE");
    assert_eq!(parsed.requested_timestamp().unwrap().subsec_nanos(), 500_000_000);
    // The exponent form comes back as plain seconds; everything else is identical.
    let mut expected = wire.clone();
    expected["ExpirationTimestamp"] = json!(1483039800);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), expected);
}

#[test]
fn create_account_status_with_timestamps_and_enums() {
    let wire = json!({
        "Id": "car-examplecreateaccountrequestid111",
        "AccountName": "Production Account",
        "State": "FAILED",
        "RequestedTimestamp": 1481830215,
        "CompletedTimestamp": 1481830330.25,
        "FailureReason": "EMAIL_ALREADY_EXISTS"
    });
    let s: CreateAccountStatus = round_trip(&wire);
    assert_eq!(s.state(), Some(&CreateAccountState::Failed));
    assert_eq!(s.failure_reason().unwrap().as_str(), "EMAIL_ALREADY_EXISTS");
    assert_eq!(s.completed_timestamp().unwrap().to_string(), "2016-12-15T19:32:10.25Z");
    // A response missing a required member still parses (zero value), and unknown fields are skipped.
    let party: organizations_sdk::types::HandshakeParty = serde_json::from_value(json!({"Id": "x", "Surprise": [1]})).unwrap();
    assert_eq!(party.r#type().as_str(), "");
}
