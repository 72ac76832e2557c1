//! Generates one `#[test]` per case of the vendored conformance suites
//! (`fixtures/conformance/`), named after the case, so that `cargo test` lists each case and
//! a failure names it. Each test calls `case(suite, index)` in `tests/conformance.rs`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance");
    println!("cargo:rerun-if-changed={}", root.display());
    let json = |path: &str| -> Value {
        let text = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    };
    let names = |cases: &Value, key: &str| -> Vec<String> { cases.as_array().expect("a list of cases").iter().map(|c| text(&c[key])).collect() };

    let recursion: Vec<String> = json("aws-runtime/recursion-detection.json")
        .as_array()
        .expect("a list of cases")
        .iter()
        // One case spells the key "desciption"; the suite is kept as shipped.
        .map(|c| text(c.get("description").or_else(|| c.get("desciption")).unwrap_or(&Value::Null)))
        .collect();
    let mut sigv4: Vec<String> = std::fs::read_dir(root.join("aws-sigv4/v4"))
        .expect("aws-sigv4/v4")
        .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    sigv4.sort();
    let suites: Vec<(&str, Vec<String>)> = vec![
        ("profile_parser", names(&json("aws-runtime/profile-parser-tests.json")["tests"], "name")),
        ("file_location", names(&json("aws-runtime/file-location-tests.json")["tests"], "name")),
        ("clock_skew", names(&json("aws-runtime/clock-skew-test-cases.json")["tests"], "description")),
        ("recursion_detection", recursion),
        ("sigv4", sigv4),
        (
            "configured_endpoint_urls",
            names(&json("botocore/configured_endpoint_urls/profile-tests.json")["testSuites"][0]["endpointUrlTests"], "name"),
        ),
        ("endpoints", names(&json("botocore/endpoint-rules/organizations/endpoint-tests-1.json")["testCases"], "documentation")),
    ];

    let mut out = String::new();
    for (suite, cases) in suites {
        writeln!(out, "mod {suite} {{").unwrap();
        let mut seen = BTreeSet::new();
        for (i, name) in cases.iter().enumerate() {
            let mut ident = ident(name);
            if !seen.insert(ident.clone()) {
                ident = format!("{ident}_{i}");
                seen.insert(ident.clone());
            }
            writeln!(out, "    #[test]\n    fn {ident}() {{\n        super::case({suite:?}, {i});\n    }}").unwrap();
        }
        writeln!(out, "}}").unwrap();
    }
    std::fs::write(Path::new(&std::env::var("OUT_DIR").unwrap()).join("conformance_cases.rs"), out).unwrap();
}

/// A case's name as a Rust identifier: lower-case words joined by `_`, at most 80 bytes.
fn ident(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if out.len() + word.len() >= 80 {
            break;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "case_");
    }
    out
}
