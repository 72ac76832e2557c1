//! The organizations-sdk code generator, as a library.
//!
//! The pipeline, one module per step:
//! [`model`] (serde types for the botocore files) → [`ir`] (resolved, named, sorted) →
//! [`emit`] (`quote!` tokens, formatted by prettyplease) → a map of file path → contents.
//! Naming rules live in [`naming`], model HTML → rustdoc in [`docs`]. Nothing here writes
//! files: `cargo xtask codegen` does.

pub mod api_diff;
pub mod compare;
pub mod docs;
pub mod emit;
pub mod endpoint;
pub mod ir;
pub mod model;
pub mod naming;
pub mod protocol_tests;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The model files of one service, as read from `model/`.
pub struct ModelFiles {
    pub service: String,
    pub paginators: String,
    pub paginators_extras: Option<String>,
    pub examples: Option<String>,
    pub endpoint_rules: String,
    pub partitions: String,
    /// Free text naming where the files came from, e.g. `botocore 1.44.8`.
    pub version: String,
}

impl ModelFiles {
    /// Reads `service-2.json`, `paginators-1.json`, `examples-1.json` and `VERSION`
    /// from a model directory.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        Self::read_with(dir, |path| std::fs::read_to_string(path))
    }

    /// [`Self::read`] with another way to read each file (e.g. one that also finds it
    /// gzipped); `read` gets the plain file's path.
    pub fn read_with(dir: &Path, read: impl Fn(&Path) -> std::io::Result<String>) -> Result<Self, Error> {
        let required = |name: &str| read(&dir.join(name)).map_err(|e| Error(format!("{}: {e}", dir.join(name).display())));
        let optional = |name: &str| read(&dir.join(name)).ok();
        Ok(Self {
            service: required("service-2.json")?,
            paginators: required("paginators-1.json")?,
            paginators_extras: optional("paginators-1.sdk-extras.json"),
            examples: optional("examples-1.json"),
            endpoint_rules: required("endpoint-rule-set-1.json")?,
            partitions: required("partitions.json")?,
            version: required("VERSION")?.trim().to_string(),
        })
    }
}

/// Why generation failed: an unreadable or unsupported model, or a generator bug.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Parse and lower the model into the IR.
pub fn lower(files: &ModelFiles) -> Result<ir::Service, Error> {
    let service: model::ServiceModel = serde_json::from_str(&files.service).map_err(|e| Error(format!("service-2.json: {e}")))?;
    // `paginators-1.sdk-extras.json` only adds `non_aggregate_keys`, which describe the
    // output rather than how to paginate, so the base file is all the generator needs.
    let paginators: model::Paginators = serde_json::from_str(&files.paginators).map_err(|e| Error(format!("paginators-1.json: {e}")))?;
    let examples: model::Examples = match &files.examples {
        Some(text) => serde_json::from_str(text).map_err(|e| Error(format!("examples-1.json: {e}")))?,
        None => model::Examples::default(),
    };
    ir::lower(&service, &paginators, &examples).map_err(|e| Error(e.to_string()))
}

/// Generate every file under `organizations-sdk/src/generated/`, keyed by relative path.
pub fn generate(files: &ModelFiles) -> Result<BTreeMap<PathBuf, String>, Error> {
    let service = lower(files)?;
    let provenance = emit::Provenance { model_version: files.version.clone() };
    let json = |name: &str, text: &str| -> Result<serde_json::Value, Error> { serde_json::from_str(text).map_err(|e| Error(format!("{name}: {e}"))) };
    let rules = json("endpoint-rule-set-1.json", &files.endpoint_rules)?;
    let partitions = json("partitions.json", &files.partitions)?;
    let resolver = endpoint::emit(&rules, &partitions).map_err(|e| Error(format!("endpoint rules: {}", e.0)))?;
    emit::emit(&service, &provenance, resolver).map_err(|e| Error(e.to_string()))
}
