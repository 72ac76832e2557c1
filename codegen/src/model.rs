//! Serde types for the botocore model files, read as they are on disk.
//!
//! Nothing here is interpreted: [`crate::ir`] resolves and lowers these into the IR.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;

/// A JSON object whose key order is kept (member order in the model is meaningful).
#[derive(Debug, Clone)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// `service-2.json`.
#[derive(Debug, Deserialize)]
pub struct ServiceModel {
    pub metadata: Metadata,
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<String, Shape>,
    #[serde(default)]
    pub documentation: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub api_version: String,
    pub endpoint_prefix: String,
    pub protocol: String,
    pub service_full_name: String,
    pub service_id: String,
    pub signing_name: Option<String>,
    pub target_prefix: String,
    pub json_version: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub name: String,
    pub http: Http,
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    #[serde(default)]
    pub documentation: String,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    /// Every other key: checked against the traits the generator knows.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    pub method: String,
    pub request_uri: String,
}

/// A reference to a shape: an operation's input, output or error, a structure member, a
/// list member, a map key or value.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    pub shape: String,
    #[serde(default)]
    pub documentation: String,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    /// The JSON key, when it differs from the member name.
    pub location_name: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    pub timestamp_format: Option<String>,
    /// Every other key: checked against the traits the generator knows.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: Ordered<ShapeRef>,
    pub member: Option<ShapeRef>,
    pub key: Option<ShapeRef>,
    pub value: Option<ShapeRef>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub documentation: String,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    /// `{"code": …}`: the error code on the wire, when it is not the shape name.
    pub error: Option<serde_json::Value>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    #[serde(default)]
    pub union: bool,
    #[serde(default)]
    pub document: bool,
    pub timestamp_format: Option<String>,
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
    pub pattern: Option<String>,
    /// Every other key: checked against the traits the generator knows.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// `paginators-1.json`, optionally merged with `paginators-1.sdk-extras.json`.
#[derive(Debug, Deserialize)]
pub struct Paginators {
    pub pagination: BTreeMap<String, Paginator>,
}

#[derive(Debug, Deserialize)]
pub struct Paginator {
    pub input_token: String,
    pub output_token: String,
    pub limit_key: Option<String>,
    pub result_key: String,
}

/// `examples-1.json`: only the inputs are used (for rustdoc examples).
#[derive(Debug, Default, Deserialize)]
pub struct Examples {
    #[serde(default)]
    pub examples: BTreeMap<String, Vec<Example>>,
}

#[derive(Debug, Deserialize)]
pub struct Example {
    #[serde(default)]
    pub input: Option<serde_json::Value>,
    #[serde(default)]
    pub output: Option<serde_json::Value>,
    #[serde(default)]
    pub title: String,
}
