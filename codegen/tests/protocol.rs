//! botocore's awsJson protocol compliance cases (`tests/fixtures/protocol/`, vendored with
//! their provenance), generated into Rust tests: one model per awsJson version from the
//! suites' shapes and operations, the SDK generated for it into a scratch crate, one test
//! per case (`codegen::protocol_tests`), run there with `cargo test`.
//!
//! `PROTOCOL_TEST_FILES` (paths separated by `:`) runs other files instead; `cargo xtask
//! protocol-tests [FILE…]` sets it.

mod support;

use std::path::{Path, PathBuf};

#[test]
fn protocol_compliance_cases() {
    let root = support::root();
    let files: Vec<PathBuf> = match std::env::var_os("PROTOCOL_TEST_FILES") {
        Some(list) => std::env::split_paths(&list).collect(),
        None => ["input/json.json", "input/json_1_0.json", "output/json.json", "output/json_1_0.json"]
            .iter()
            .map(|f| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol").join(f))
            .collect(),
    };
    let texts: Vec<(String, String)> =
        files.iter().map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))).collect();
    let rules = std::fs::read_to_string(root.join("model/endpoint-rule-set-1.json")).unwrap();
    let partitions = std::fs::read_to_string(root.join("model/partitions.json")).unwrap();
    let crates = codegen::protocol_tests::crates(&texts, &rules, &partitions).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for krate in &crates {
        let generated = codegen::generate(&krate.model).unwrap_or_else(|e| panic!("{}: {e}", krate.name));
        let service = codegen::lower(&krate.model).unwrap();
        let tests = codegen::protocol_tests::tests(&service, &krate.cases).unwrap_or_else(|e| panic!("{}: {e}", krate.name));
        let scratch = support::Scratch::new(&format!("protocol-{}", krate.name));
        scratch.generated(&generated);
        // The suites use the `requestcompression` trait, whose encoder is a feature.
        scratch.edit("organizations-sdk/Cargo.toml", |manifest| manifest.replace("default = []", "default = [\"request-compression\"]"));
        scratch.write("organizations-sdk/tests/protocol.rs", &tests);
        scratch.write(
            "organizations-sdk/tests/support/mod.rs",
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol_support/mod.rs")).unwrap(),
        );
        scratch.write(
            "organizations-sdk/tests/protocol_extras.rs",
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol_support/extras.rs")).unwrap(),
        );
        let (ok, out) = scratch.try_cargo(&["test", "-p", "organizations-sdk", "--test", "protocol", "--test", "protocol_extras"], &[]);
        // Every case by id, as the test harness printed it.
        for line in out.lines().filter(|l| l.starts_with("test ")) {
            println!("{}: {line}", krate.name);
        }
        if !ok {
            failures.push(format!("{}:\n{out}", krate.name));
        }
    }
    assert!(failures.is_empty(), "protocol cases failed:\n{}", failures.join("\n"));
}
