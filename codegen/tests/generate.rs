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
    let ops = a.keys().filter(|p| p.starts_with("operation") && !p.ends_with("mod.rs")).count();
    assert_eq!(ops, 63, "one file per operation");
    for (path, text) in &a {
        assert!(text.starts_with(codegen::emit::HEADER), "{} lacks the header", path.display());
    }
    // The same model with every map whose order means nothing written in reverse order:
    // operations, shapes, paginators, examples, partitions' regions, rule-set parameters.
    // (Member order and arrays mean something and stay.)
    let mut files = ModelFiles::read(&root().join("model")).unwrap();
    files.service = reorder(&files.service, &["operations", "shapes"]);
    files.paginators = reorder(&files.paginators, &["pagination"]);
    files.examples = files.examples.as_deref().map(|e| reorder(e, &["examples"]));
    files.partitions = reorder(&files.partitions, &["regions"]);
    files.endpoint_rules = reorder(&files.endpoint_rules, &["parameters"]);
    assert_ne!(files.service, ModelFiles::read(&root().join("model")).unwrap().service, "the input did change");
    let b = codegen::generate(&files).unwrap();
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, text) in &a {
        assert!(text == &b[path], "{} depends on the order of the model's maps", path.display());
    }
}

/// JSON text with the objects under the given keys (at any depth) written in reverse
/// key order; everything else as it was.
fn reorder(text: &str, keys: &[&str]) -> String {
    let value: Json = serde_json::from_str(text).unwrap();
    let mut out = String::new();
    value.write(&mut out, keys, false);
    out
}

/// A JSON value that keeps object key order (serde_json's `Value` sorts keys).
enum Json {
    Scalar(serde_json::Value),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Scalar(serde_json::Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Json::Object(entries))
            }
        }
        d.deserialize_any(V)
    }
}

impl Json {
    fn write(&self, out: &mut String, keys: &[&str], reverse: bool) {
        match self {
            Json::Scalar(v) => out.push_str(&v.to_string()),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out, keys, false);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                let ordered: Vec<&(String, Json)> = if reverse { entries.iter().rev().collect() } else { entries.iter().collect() };
                for (i, (k, v)) in ordered.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                    out.push(':');
                    v.write(out, keys, keys.contains(&k.as_str()));
                }
                out.push('}');
            }
        }
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
        "Unhandled(crate::error::sealed_unhandled::Unhandled)",
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
        "\"Iso\" => { if !r.null() { self.iso = ::std::option::Option::Some(",
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
