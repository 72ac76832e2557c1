//! Every vendored historical Organizations model (botocore 1.29.0, Nov 2022, onwards)
//! generates, and its generated code compiles against today's runtime.
//!
//! The fixtures under `tests/fixtures/history/<version>/` are the model files of that
//! botocore wheel, gzipped (`cargo xtask update-model --version V --out DIR`, then
//! `gzip -9 -n`).

mod support;

use std::path::Path;

#[test]
fn every_historical_model_generates_and_compiles() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history");
    let mut versions: Vec<_> = std::fs::read_dir(&fixtures).unwrap().map(|e| e.unwrap().path()).collect();
    versions.sort();
    assert!(versions.len() >= 5, "at least five historical model sets");
    assert!(versions.iter().any(|v| v.ends_with("1.29.0")), "1.29.0 (the oldest supported) is vendored");
    let scratch = support::Scratch::new("history");
    for dir in &versions {
        let model = support::read_model(dir);
        let files = codegen::generate(&model).unwrap_or_else(|e| panic!("{}: generation failed: {e}", model.version));
        assert!(files[Path::new("mod.rs")].contains(&model.version), "{}: MODEL_VERSION", model.version);
        scratch.generated(&files);
        scratch.cargo(&model.version, &["check", "--quiet", "-p", "organizations-sdk", "--lib"], &[]);
    }
}
