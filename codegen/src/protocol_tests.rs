//! botocore's protocol compliance files (`tests/unit/protocols/{input,output}/json*.json` in
//! its source distribution) → models and generated Rust tests.
//!
//! A file holds suites: each has the service's `metadata`, its `shapes` and `cases`, and
//! each case names its operation in `given` (botocore's runner, `test_protocols.py`, builds
//! a model per case from them). [`crates`] merges every suite that shares the same metadata
//! into one model — the shapes are shared, an operation that several suites define with
//! different `errors` gets all of them — so that one scratch crate per awsJson version
//! compiles the SDK for all its cases. [`tests`] emits one `#[tokio::test]` per case, named
//! after its `id`:
//!
//! - an input case builds its input with the generated fluent builder from the case's
//!   `params` (the [`crate::emit::instantiate`] instantiator, working from the IR), sends it
//!   through a capturing HTTP client, and compares method, URI, host, headers
//!   (`headers`, `forbidHeaders`, `requireHeaders`) and the JSON body with `serialized`;
//! - an output case serves `response` and compares every member of the typed output with
//!   `result`, or the typed error (code, message, modeled members) with `error`.
//!
//! The comparisons live in the hand-written `support.rs` beside the generated file.

use crate::emit::instantiate::{self, Instantiator};
use crate::ir::{self, Service};
use crate::{Error, ModelFiles};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

/// One model and the cases that run against it.
pub struct ProtocolCrate {
    /// `json_1_1`, `json_1_0`: from the suites' `jsonVersion`.
    pub name: String,
    pub model: ModelFiles,
    /// The cases, each with `_kind` (`input`/`output`), `_suite` and `_clientEndpoint` added.
    pub cases: Vec<Value>,
}

/// Suites with the same metadata: that metadata, the shapes, the operations, the cases.
type Group = (Value, Map<String, Value>, Map<String, Value>, Vec<Value>);

/// The models for these protocol test files (`(name, text)`), one per distinct metadata.
/// `endpoint_rules` and `partitions` are any rule set that honours a configured endpoint
/// (the tests always configure one).
pub fn crates(files: &[(String, String)], endpoint_rules: &str, partitions: &str) -> Result<Vec<ProtocolCrate>, Error> {
    let mut groups: Vec<Group> = Vec::new();
    for (name, text) in files {
        let suites: Vec<Value> = serde_json::from_str(text).map_err(|e| Error(format!("{name}: {e}")))?;
        let kind = if name.contains("input") { "input" } else { "output" };
        for suite in suites {
            let metadata = suite["metadata"].clone();
            if metadata["protocol"] != "json" {
                return Err(Error(format!("{name}: {}: protocol {} is not awsJson", suite["description"], metadata["protocol"])));
            }
            let at = match groups.iter().position(|g| g.0 == metadata) {
                Some(at) => at,
                None => {
                    groups.push((metadata.clone(), Map::new(), Map::new(), Vec::new()));
                    groups.len() - 1
                }
            };
            let (_, shapes, operations, cases) = &mut groups[at];
            for (shape, def) in suite["shapes"].as_object().into_iter().flatten() {
                match shapes.get(shape) {
                    Some(existing) if existing != def => {
                        return Err(Error(format!("{name}: shape {shape} is defined twice, differently")));
                    }
                    _ => {
                        shapes.insert(shape.clone(), def.clone());
                    }
                }
            }
            for case in suite["cases"].as_array().into_iter().flatten() {
                let given = &case["given"];
                let op = given["name"].as_str().ok_or_else(|| Error(format!("{name}: a case without given.name")))?;
                merge_operation(operations, op, given).map_err(|e| Error(format!("{name}: {e}")))?;
                let mut case = case.clone();
                case["_kind"] = json!(kind);
                case["_suite"] = suite["description"].clone();
                case["_clientEndpoint"] = suite.get("clientEndpoint").cloned().unwrap_or(Value::Null);
                cases.push(case);
            }
        }
    }
    let mut out = Vec::new();
    for (mut metadata, shapes, operations, cases) in groups {
        let version = metadata["jsonVersion"].as_str().unwrap_or("1.1").to_owned();
        let meta = metadata.as_object_mut().expect("metadata is an object");
        for (k, v) in [
            ("serviceFullName", "Protocol Tests"),
            ("serviceId", "Protocol Tests"),
            ("endpointPrefix", "protocoltests"),
            ("signingName", "protocoltests"),
        ] {
            meta.entry(k).or_insert(json!(v));
        }
        let service = json!({ "version": "2.0", "metadata": metadata, "operations": operations, "shapes": shapes });
        out.push(ProtocolCrate {
            name: format!("json_{}", version.replace('.', "_")),
            model: ModelFiles {
                service: service.to_string(),
                paginators: r#"{"pagination":{}}"#.into(),
                paginators_extras: None,
                examples: None,
                endpoint_rules: endpoint_rules.into(),
                partitions: partitions.into(),
                version: format!("botocore protocol tests, awsJson {version}"),
            },
            cases,
        });
    }
    Ok(out)
}

/// Adds a case's operation to the model. Suites define an operation as far as their cases
/// need it (an input suite its input, an output suite its output, an error suite its
/// errors): the definitions are merged key by key, errors unioned; two different values
/// for the same key are an error.
fn merge_operation(operations: &mut Map<String, Value>, name: &str, given: &Value) -> Result<(), String> {
    let existing = operations.entry(name.to_owned()).or_insert_with(|| json!({ "errors": [] }));
    let existing = existing.as_object_mut().expect("an object");
    for (key, value) in given.as_object().into_iter().flatten() {
        match key.as_str() {
            "documentation" => {}
            "errors" => {
                let list = existing["errors"].as_array_mut().expect("errors is a list");
                for e in value.as_array().into_iter().flatten() {
                    if !list.contains(e) {
                        list.push(e.clone());
                    }
                }
            }
            _ => match existing.get(key) {
                Some(v) if v != value => return Err(format!("operation {name}: two different `{key}`s")),
                _ => {
                    existing.insert(key.clone(), value.clone());
                }
            },
        }
    }
    Ok(())
}

/// The test file for one crate's cases: `use`s, then one test per case.
pub fn tests(service: &Service, cases: &[Value]) -> Result<String, Error> {
    let mut tests = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for case in cases {
        // Input and output files reuse ids: the test name says which one it is.
        let mut name = format!("{}_{}", case["_kind"].as_str().unwrap_or("output"), test_name(case));
        if !names.insert(name.clone()) {
            name = format!("{name}_{}", names.len());
            names.insert(name.clone());
        }
        let mut case = case.clone();
        case["_test"] = json!(name);
        let case = &case;
        let id = case["id"].as_str().ok_or_else(|| Error("a case without an id".into()))?;
        let test = match case["_kind"].as_str() {
            Some("input") => input_test(service, case),
            _ => output_test(service, case),
        }
        .map_err(|e| Error(format!("case {id}: {e}")))?;
        tests.push(test);
    }
    let file = quote! {
        //! Generated by the codegen from botocore's protocol compliance cases: one test per case.
        #![allow(clippy::all, unused_mut, unused_imports, unused_variables)]
        mod support;
        #(#tests)*
    };
    let file: syn::File = syn::parse2(file).map_err(|e| Error(format!("generated protocol tests do not parse: {e}")))?;
    Ok(format!("{}{}", crate::emit::HEADER, prettyplease::unparse(&file)))
}

fn operation<'a>(service: &'a Service, case: &Value) -> Result<&'a ir::Operation, String> {
    let name = case["given"]["name"].as_str().unwrap_or_default();
    service.operations.iter().find(|o| o.wire_name == name).ok_or_else(|| format!("operation {name} was not generated"))
}

fn test_name(case: &Value) -> String {
    let id = case["id"].as_str().unwrap_or_default();
    let mut name = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !name.ends_with('_') {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    name.trim_matches('_').to_owned()
}

fn input_test(service: &Service, case: &Value) -> Result<TokenStream, String> {
    let op = operation(service, case)?;
    let name = crate::emit::ident(case["_test"].as_str().unwrap_or_default());
    let method = crate::emit::ident(&op.module);
    let inst = Instantiator::new(service, "organizations_sdk");
    let params = case["params"].as_object().cloned().unwrap_or_default();
    let mut setters = Vec::new();
    for (key, value) in &params {
        let m = instantiate::member(&op.input, key).ok_or_else(|| format!("input has no member {key}"))?;
        let set = crate::emit::ident(&format!("set_{}", crate::naming::display_name(&m.field)));
        let v = inst.optional(&m.ty, value)?;
        setters.push(quote!(.#set(#v)));
    }
    let endpoint = case["_clientEndpoint"].as_str().unwrap_or("https://example.com");
    let expected = case["serialized"].to_string();
    let id = case["id"].as_str().unwrap_or_default();
    Ok(quote! {
        #[tokio::test]
        async fn #name() {
            let (client, captured) = support::capturing_client(#endpoint);
            let _ = client.#method() #(#setters)* .send().await;
            support::check_request(#id, &captured, #expected);
        }
    })
}

fn output_test(service: &Service, case: &Value) -> Result<TokenStream, String> {
    let op = operation(service, case)?;
    let name = crate::emit::ident(case["_test"].as_str().unwrap_or_default());
    let method = crate::emit::ident(&op.module);
    let id = case["id"].as_str().unwrap_or_default();
    let response = case["response"].to_string();
    let inst = Instantiator::new(service, "organizations_sdk");
    let module = crate::emit::ident(&op.module);
    if !case["error"].is_null() || case.get("errorCode").is_some() {
        let code = case["errorCode"].as_str().unwrap_or_default();
        let error = service.errors.iter().find(|e| e.error_code == code || e.wire_name == code).ok_or_else(|| format!("no exception {code}"))?;
        let error_enum = crate::emit::ident(&format!("{}Error", op.type_name));
        let variant = crate::emit::ident(&crate::naming::variant_name(&error.name));
        let fields = inst.compare_members(error, &case["error"], quote!(e))?;
        let message = match case["errorMessage"].as_str() {
            Some(m) => quote!(support::same(#id, "message", &organizations_sdk::error::ProvideErrorMetadata::message(&e), &Some(#m));),
            None => quote!(),
        };
        return Ok(quote! {
            #[tokio::test]
            async fn #name() {
                const CASE: &str = #id;
                let client = support::replaying_client(#response);
                let e = client.#method().send().await.expect_err("the case answers with an error").into_service_error();
                support::same(#id, "code", &organizations_sdk::error::ProvideErrorMetadata::code(&e), &Some(#code));
                #message
                match e {
                    organizations_sdk::operation::#module::#error_enum::#variant(e) => { #fields }
                    other => panic!("{}: expected {}, got {other:?}", #id, #code),
                }
            }
        });
    }
    let fields = inst.compare_members(&op.output, &case["result"], quote!(out))?;
    Ok(quote! {
        #[tokio::test]
        async fn #name() {
            const CASE: &str = #id;
            let client = support::replaying_client(#response);
            let out = client.#method().send().await.unwrap_or_else(|e| panic!("{}: {e:?}", #id));
            #fields
        }
    })
}
