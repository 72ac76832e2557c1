//! The obstacle-course model (names that collide with std, the prelude, Rust keywords and
//! the SDK's own methods, and every shape type and trait of awsJson) generates code that
//! compiles warning-free under clippy inside the crate, and whose wire format botocore
//! agrees with: botocore's serializer, loaded with the obstacle model, writes the same JSON
//! for a fully populated input, and its parser reads our outputs back equal.

mod support;

use std::path::Path;

#[test]
fn obstacle_course_compiles_under_clippy_and_matches_botocore() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/obstacle");
    let files = codegen::generate(&support::read_model(&fixture)).unwrap();
    let scratch = support::Scratch::new("obstacle");
    scratch.generated(&files);
    scratch.cargo(
        "obstacle clippy",
        &["clippy", "--quiet", "-p", "organizations-sdk", "--all-features", "--lib", "--tests", "--", "-D", "warnings"],
        &[],
    );
    let out = scratch.cargo(
        "obstacle wire tests against botocore",
        &["test", "--quiet", "-p", "organizations-sdk", "--lib", "botocore"],
        &[("ORACLE_MODEL_DIR", &fixture)],
    );
    assert!(out.contains("2 passed"), "both botocore tests ran:\n{out}");
}
