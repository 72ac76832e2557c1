//! The generator end to end: determinism, the committed output, and a golden fixture.

use codegen::ModelFiles;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generate(dir: &Path) -> BTreeMap<PathBuf, String> {
    codegen::generate(&ModelFiles::read(dir).unwrap()).unwrap()
}

#[test]
fn generation_is_deterministic() {
    let a = generate(&root().join("model"));
    let b = generate(&root().join("model"));
    assert_eq!(a, b);
    let ops = a.keys().filter(|p| p.starts_with("operation") && !p.ends_with("mod.rs")).count();
    assert_eq!(ops, 63, "one file per operation");
    for (path, text) in &a {
        assert!(text.starts_with(codegen::emit::HEADER), "{} lacks the header", path.display());
    }
}

/// The committed `organizations-sdk/src/generated/` is exactly what the model produces:
/// no stale, missing or extra file (the same comparison as `cargo xtask codegen --check`).
#[test]
fn committed_generated_code_is_up_to_date() {
    let dir = root().join("organizations-sdk/src/generated");
    let files = generate(&root().join("model"));
    let differences = codegen::compare::compare(&dir, &files).unwrap();
    assert!(differences.is_empty(), "generated code is out of date (run `cargo xtask codegen`): {differences:#?}");
}

/// A small model full of naming obstacles, compared with golden files. Set
/// `UPDATE_GOLDEN=1` to rewrite them after an intended change, then review the diff.
#[test]
fn obstacle_course_matches_golden_files() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/obstacle");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/obstacle");
    let files = generate(&fixture);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        for (rel, text) in &files {
            let path = golden.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    let differences = codegen::compare::compare(&golden, &files).unwrap();
    assert!(differences.is_empty(), "golden files differ (UPDATE_GOLDEN=1 rewrites them; review the diff): {differences:#?}");
    // Spot checks that the golden files say what the naming rules promise.
    let op = &files[&PathBuf::from("operation/list_aws_things.rs")];
    for needle in [
        "pub r#type: ::std::option::Option<crate::types::ThingType>",
        "pub send_value: ::std::option::Option<::std::string::String>",
        "pub self_: ::std::option::Option<::std::string::String>",
        "pub r#match: ::std::option::Option<i32>",
        "UnhandledValue(crate::types::error::Unhandled)",
        "pub fn is_unhandled_value(&self) -> bool",
        "AwsThingNotFoundException(crate::types::error::AwsThingNotFoundException)",
        "Unhandled(crate::error::Unhandled)",
        "ListAwsThingsInput.type",
        "pub fn page_size(mut self, limit: i32) -> Self",
        "/// - One \\[bracket\\]",
        "[docs](https://example.com/x)",
    ] {
        assert!(op.contains(needle), "list_aws_things.rs lacks {needle:?}");
    }
    let thing_type = &files[&PathBuf::from("types/thing_type.rs")];
    for needle in ["UnknownValue,", "SelfValue,", "DeclarativePolicyEc2,", "V3D,", "Unknown(crate::primitives::UnknownVariantValue)"] {
        assert!(thing_type.contains(needle), "thing_type.rs lacks {needle:?}");
    }
    let thing = &files[&PathBuf::from("types/thing.rs")];
    assert!(thing.contains("pub id: ::std::string::String,") && thing.contains("-> ::std::result::Result<Thing, crate::error::BuildError>"));
    assert!(thing.contains(".field(\"secret\", &crate::primitives::REDACTED)"));
    // Every shape type and trait of awsJson, and names that collide with std and the prelude.
    // Compared without whitespace: prettyplease wraps long lines.
    let every: String = files[&PathBuf::from("operation/put_everything.rs")].split_whitespace().collect();
    for needle in [
        "pub long: ::std::option::Option<i64>",
        "pub float: ::std::option::Option<f32>",
        "pub double: ::std::option::Option<f64>",
        "pub blob: ::std::option::Option<crate::primitives::Blob>",
        "pub map: ::std::option::Option<::std::collections::HashMap<::std::string::String, ::std::string::String>,>",
        "pub choice: ::std::option::Option<crate::types::Choice>",
        "pub doc: ::std::option::Option<crate::primitives::Document>",
        "crate::json::read_timestamp(r, crate::primitives::TimestampFormat::DateTime,)?",
        "crate::json::write_timestamp(w, value, crate::primitives::TimestampFormat::HttpDate,)",
        "token: self.token.or_else(|| ::std::option::Option::Some(crate::random::idempotency_token(),)),",
        "#[deprecated(note = \"Use New.\")]",
        "#[deprecated(note = \"Use ListAWSThings.\")]",
        "\"Coded.Failure\" => Self::CodedException",
        "o.opt(\"wireName\", &self.renamed);",
        "pub option: ::std::option::Option<crate::types::Option>",
        "pub client: ::std::option::Option<crate::types::ClientValue>",
        "pub r#async: ::std::option::Option<::std::string::String>",
        "pub build_value: ::std::option::Option<::std::string::String>",
        "Constraints: length 1–64; pattern `^[a-z']+$`.",
        "\"Iso\" => { if !r.null() { out.iso = ::std::option::Option::Some(",
    ] {
        let needle: String = needle.split_whitespace().collect();
        assert!(every.contains(&needle), "put_everything.rs lacks {needle:?}");
    }
    assert!(files[&PathBuf::from("types/box.rs")].contains("pub struct Box {"));
    assert!(files[&PathBuf::from("types/choice.rs")].contains("Unknown,"));
    assert!(files[&PathBuf::from("mod.rs")].contains("pub const MODEL_VERSION: &str = \"fixture 1.0\";"));
    let rules = &files[&PathBuf::from("endpoint_rules.rs")];
    for needle in [
        "let ::std::option::Option::Some(partition_result) = crate::endpoint::functions::partition",
        "\"Only aws is supported, not {} for {}\"",
        "Pat::OneOf(&[\"us\", \"eu\"])",
        "supports_fips: true",
    ] {
        assert!(rules.contains(needle), "endpoint_rules.rs lacks {needle:?}");
    }
}
