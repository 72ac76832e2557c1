//! The rule set (`endpoint-rule-set-1.json`, the Smithy rules language) and the partitions
//! file (`partitions.json`) as typed values. Unknown rule types, parameter types and
//! expression shapes are deserialization errors; fields the compiler does not read
//! (documentation, `builtIn`, …) are ignored.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Deserialize)]
pub struct RuleSet {
    pub parameters: BTreeMap<String, Parameter>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
pub struct Parameter {
    #[serde(rename = "type")]
    pub ty: ParamType,
    #[serde(default)]
    pub required: bool,
    pub default: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ParamType {
    #[serde(alias = "String", rename = "string")]
    String,
    #[serde(alias = "Boolean", rename = "boolean")]
    Boolean,
}

/// One rule: its conditions, then what it yields when they all hold.
#[derive(Debug, Deserialize)]
pub struct Rule {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Outcome {
    Endpoint { endpoint: EndpointDef },
    Error { error: String },
    Tree { rules: Vec<Rule> },
}

/// A function call whose result decides the condition, optionally bound to a name.
#[derive(Debug, Deserialize)]
pub struct Condition {
    #[serde(rename = "fn")]
    pub func: String,
    pub argv: Vec<Arg>,
    pub assign: Option<String>,
}

/// An argument: a literal, a template string, a reference or a nested call.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Bool(bool),
    Int(u64),
    Str(String),
    Ref {
        #[serde(rename = "ref")]
        name: String,
    },
    Call {
        #[serde(rename = "fn")]
        func: String,
        argv: Vec<Arg>,
    },
}

#[derive(Debug, Deserialize)]
pub struct EndpointDef {
    pub url: Arg,
    #[serde(default)]
    pub properties: Properties,
    #[serde(default)]
    pub headers: BTreeMap<String, Vec<Arg>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Properties {
    #[serde(default, rename = "authSchemes")]
    pub auth_schemes: Vec<AuthScheme>,
}

#[derive(Debug, Deserialize)]
pub struct AuthScheme {
    pub name: String,
    #[serde(rename = "signingName")]
    pub signing_name: Option<String>,
    #[serde(rename = "signingRegion")]
    pub signing_region: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Partitions {
    pub partitions: Vec<PartitionDef>,
}

#[derive(Debug, Deserialize)]
pub struct PartitionDef {
    pub id: String,
    #[serde(rename = "regionRegex")]
    pub region_regex: String,
    #[serde(default)]
    pub regions: BTreeMap<String, PartitionFields>,
    pub outputs: PartitionFields,
}

/// A partition's outputs, or a region's overrides of them (every field optional).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PartitionFields {
    pub name: Option<String>,
    #[serde(rename = "dnsSuffix")]
    pub dns_suffix: Option<String>,
    #[serde(rename = "dualStackDnsSuffix")]
    pub dual_stack_dns_suffix: Option<String>,
    #[serde(rename = "implicitGlobalRegion")]
    pub implicit_global_region: Option<String>,
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: Option<bool>,
    #[serde(rename = "supportsDualStack")]
    pub supports_dual_stack: Option<bool>,
}

impl PartitionFields {
    /// `self` with `overrides` laid over it.
    pub fn with(&self, overrides: &PartitionFields) -> PartitionFields {
        PartitionFields {
            name: overrides.name.clone().or_else(|| self.name.clone()),
            dns_suffix: overrides.dns_suffix.clone().or_else(|| self.dns_suffix.clone()),
            dual_stack_dns_suffix: overrides.dual_stack_dns_suffix.clone().or_else(|| self.dual_stack_dns_suffix.clone()),
            implicit_global_region: overrides.implicit_global_region.clone().or_else(|| self.implicit_global_region.clone()),
            supports_fips: overrides.supports_fips.or(self.supports_fips),
            supports_dual_stack: overrides.supports_dual_stack.or(self.supports_dual_stack),
        }
    }
}

/// The names a template string reads (`{Region}`, `{PartitionResult#dnsSuffix}`).
pub fn template_refs(s: &str, out: &mut BTreeSet<String>) {
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { return };
        let inner = &rest[start + 1..start + len];
        out.insert(inner.split('#').next().unwrap_or(inner).to_owned());
        rest = &rest[start + len + 1..];
    }
}

impl Arg {
    /// Every name this argument reads.
    pub fn refs(&self, out: &mut BTreeSet<String>) {
        match self {
            Arg::Bool(_) | Arg::Int(_) => {}
            Arg::Str(s) => template_refs(s, out),
            Arg::Ref { name } => {
                out.insert(name.clone());
            }
            Arg::Call { argv, .. } => argv.iter().for_each(|a| a.refs(out)),
        }
    }

    /// Whether this argument, or a call inside it, reads `attribute` with `getAttr`.
    pub fn reads_attr(&self, attribute: &str) -> bool {
        match self {
            Arg::Call { func, argv } => {
                (func == "getAttr" && matches!(argv.get(1), Some(Arg::Str(a)) if a == attribute)) || argv.iter().any(|a| a.reads_attr(attribute))
            }
            Arg::Str(s) => s.contains(&format!("#{attribute}}}")),
            _ => false,
        }
    }
}

impl Condition {
    pub fn refs(&self, out: &mut BTreeSet<String>) {
        self.argv.iter().for_each(|a| a.refs(out));
    }

    fn reads_attr(&self, attribute: &str) -> bool {
        (self.func == "getAttr" && matches!(self.argv.get(1), Some(Arg::Str(a)) if a == attribute))
            || self.argv.iter().any(|a| a.reads_attr(attribute))
    }
}

impl Rule {
    /// Every name this rule (conditions, outcome, nested rules) reads.
    pub fn refs(&self, out: &mut BTreeSet<String>) {
        self.conditions.iter().for_each(|c| c.refs(out));
        self.outcome.refs(out);
    }

    /// Whether the rule reads a partition attribute (`getAttr(…, "implicitGlobalRegion")`
    /// or `{…#implicitGlobalRegion}`) anywhere.
    pub fn reads_attr(&self, attribute: &str) -> bool {
        self.conditions.iter().any(|c| c.reads_attr(attribute))
            || match &self.outcome {
                Outcome::Endpoint { endpoint } => {
                    endpoint.url.reads_attr(attribute)
                        || endpoint.properties.auth_schemes.iter().any(|s| {
                            [&s.signing_name, &s.signing_region].iter().any(|t| t.as_deref().is_some_and(|t| t.contains(&format!("#{attribute}}}"))))
                        })
                }
                Outcome::Error { error } => error.contains(&format!("#{attribute}}}")),
                Outcome::Tree { rules } => rules.iter().any(|r| r.reads_attr(attribute)),
            }
    }
}

impl Outcome {
    pub fn refs(&self, out: &mut BTreeSet<String>) {
        match self {
            Outcome::Endpoint { endpoint } => {
                endpoint.url.refs(out);
                for s in &endpoint.properties.auth_schemes {
                    for t in [&s.signing_name, &s.signing_region].into_iter().flatten() {
                        template_refs(t, out);
                    }
                }
            }
            Outcome::Error { error } => template_refs(error, out),
            Outcome::Tree { rules } => rules.iter().for_each(|r| r.refs(out)),
        }
    }
}
