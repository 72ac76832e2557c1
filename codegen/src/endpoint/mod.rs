//! The endpoint rule set and partitions → a generated Rust resolver: the files parsed into
//! typed values (`rules`), the rules compiled to guarded blocks (`compile`), the partitions
//! to a table (`partitions`). Expressions are typed at generation time, so the generated
//! code interprets nothing at run time.

mod compile;
mod partitions;
pub mod rules;

use crate::naming::snake_case;
use proc_macro2::TokenStream;
use quote::quote;

/// A rule set or partitions file the generator cannot compile.
#[derive(Debug)]
pub struct EndpointError(pub String);

/// The parameters `organizations_sdk::endpoint::Params` has; a rule set that needs
/// another one is a generation-time error.
const KNOWN_PARAMS: &[&str] = &["Region", "UseFIPS", "UseDualStack", "Endpoint"];

/// `endpoint_rules.rs`: the resolver function and the partition table.
pub fn emit(rule_set: &serde_json::Value, partitions: &serde_json::Value) -> Result<TokenStream, EndpointError> {
    let rule_set: rules::RuleSet = serde::Deserialize::deserialize(rule_set).map_err(|e| EndpointError(format!("endpoint-rule-set-1.json: {e}")))?;
    let partitions: rules::Partitions = serde::Deserialize::deserialize(partitions).map_err(|e| EndpointError(format!("partitions.json: {e}")))?;
    if let Some(name) = rule_set.parameters.keys().find(|n| !KNOWN_PARAMS.contains(&n.as_str())) {
        return Err(EndpointError(format!("rule-set parameter {name} is not supported by endpoint::Params")));
    }
    let lacks_global = partitions.partitions.iter().any(|p| p.outputs.implicit_global_region.is_none());
    if lacks_global && rule_set.rules.iter().any(|r| r.reads_attr("implicitGlobalRegion")) {
        return Err(EndpointError("the rule set reads implicitGlobalRegion, which a partition in partitions.json lacks".into()));
    }
    let body = compile::rules(&rule_set)?;
    let table = partitions::table(&partitions)?;
    Ok(quote! {
        #![doc = " The endpoint rule set and partition data, compiled to Rust."]
        use crate::endpoint::functions::{Partition, PartitionData, Pat};
        use crate::endpoint::{Endpoint, Params, ResolveEndpointError};

        /// Resolve an endpoint by the model's rules: the first rule whose conditions hold wins.
        pub(crate) fn resolve_rules(p: &Params) -> ::std::result::Result<Endpoint, ResolveEndpointError> {
            #body
        }

        #table
    })
}

/// Parameter name → `Params` field (`UseFIPS` → `use_fips`).
pub fn param_field(name: &str) -> String {
    snake_case(name)
}
