//! The API changelog between models: real history (1.38.0 → today) is all compatible and
//! names what was added; hand-made breaking edits are called breaking.

mod support;

use codegen::api_diff::{diff, prepend_unreleased, Class};
use codegen::ModelFiles;
use std::path::Path;

fn current() -> ModelFiles {
    ModelFiles::read(&support::root().join("model")).unwrap()
}

fn history(version: &str) -> ModelFiles {
    support::read_model(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history").join(version))
}

#[test]
fn from_1_38_0_everything_is_compatible_and_named() {
    let d = diff(&history("1.38.0"), &current()).unwrap();
    let text = d.render_text();
    assert!(!d.is_breaking(), "{text}");
    let ops: Vec<_> = d.changes.iter().filter(|c| c.text.starts_with("operation ") && c.text.contains(" added")).collect();
    assert_eq!(ops.len(), 8, "{text}");
    for line in [
        "- compatible: `types::Account`: member `State` added",
        "- compatible: `types::Account`: member `Paths` added",
        "- compatible: `types::OrganizationalUnit`: member `Path` added",
        "- compatible: `types::DelegatedAdministrator`: member `State` added",
        "- compatible: `AcceptHandshake` can return `ConstraintViolationException`",
        "- compatible: enum `PolicyType`: value `S3_POLICY` added",
        "- compatible: enum `AccountState` added",
        "- compatible: operation `ListAccountsWithInvalidEffectivePolicy` added (`Client::list_accounts_with_invalid_effective_policy`)",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(text.starts_with("### API changes: botocore 1.38.0 → botocore 1.44.8\n"));
}

#[test]
fn a_model_against_itself_has_no_change() {
    let d = diff(&current(), &current()).unwrap();
    assert!(d.changes.is_empty());
    assert!(d.render_text().contains("no change to the generated API"));
}

#[test]
fn removed_operation_and_newly_required_member_are_breaking() {
    let mut edited = current();
    let mut service: serde_json::Value = serde_json::from_str(&edited.service).unwrap();
    service["operations"].as_object_mut().unwrap().remove("ListRoots");
    service["shapes"]["ListAccountsRequest"]["required"] = serde_json::json!(["MaxResults"]);
    service["shapes"]["Account"]["members"].as_object_mut().unwrap().remove("Email");
    service["shapes"]["PolicyType"]["enum"].as_array_mut().unwrap().retain(|v| v != "TAG_POLICY");
    service["operations"]["CreateAccount"]["errors"].as_array_mut().unwrap().retain(|e| e["shape"] != "FinalizingOrganizationException");
    edited.service = service.to_string();
    let mut paginators: serde_json::Value = serde_json::from_str(&edited.paginators).unwrap();
    paginators["pagination"].as_object_mut().unwrap().remove("ListRoots");
    edited.paginators = paginators.to_string();
    let d = diff(&current(), &edited).unwrap();
    let breaking: Vec<&str> = d.changes.iter().filter(|c| c.class == Class::Breaking).map(|c| c.text.as_str()).collect();
    for want in [
        "operation `ListRoots` removed",
        "`ListAccounts` input: member `MaxResults` is now required",
        "`types::Account`: member `Email` removed",
        "enum `PolicyType`: value `TAG_POLICY` removed",
        "`CreateAccount` no longer lists `FinalizingOrganizationException` (variant removed from `CreateAccountError`)",
    ] {
        assert!(breaking.contains(&want), "{want:?} not breaking in {breaking:#?}");
    }
    assert!(d.render_text().contains("- **breaking**: operation `ListRoots` removed"));
}

#[test]
fn changelog_entries_go_under_unreleased() {
    let d = diff(&history("1.43.11"), &current()).unwrap();
    let first = prepend_unreleased("", &d);
    assert!(first.starts_with("# Changelog\n\n## Unreleased\n\n### API changes: botocore 1.43.11 → botocore 1.44.8\n"), "{first}");
    let again = prepend_unreleased(&(first.clone() + "\n## 0.1.0\n\n- first release\n"), &d);
    assert_eq!(again.matches("## Unreleased").count(), 1, "{again}");
    assert_eq!(again.matches("### API changes").count(), 2, "{again}");
    assert!(again.ends_with("## 0.1.0\n\n- first release\n"), "{again}");
}
