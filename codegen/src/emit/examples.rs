//! Rustdoc examples for the fluent builders: from `examples-1.json` where the model has
//! one, else from the required members. They are compiled (`no_run`) by `cargo test --doc`.

use super::ident;
use crate::ir::{Member, Operation, Service, StructKind, Structure, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// Doc lines: a heading and a `no_run` code block calling the operation. The call is built
/// as tokens and formatted by prettyplease; the lines around it are hidden (`# `).
pub fn fluent_example(service: &Service, op: &Operation) -> Vec<String> {
    let krate = Krate::Doc;
    let mut calls = Vec::new();
    match op.examples.first().and_then(Value::as_object) {
        Some(input) => {
            for m in &op.input.members {
                if let Some(v) = input.get(&m.wire_name) {
                    setter_calls(service, m, v, &mut calls, krate);
                }
            }
        }
        None => {
            for m in op.input.members.iter().filter(|m| m.required) {
                setter_calls(service, m, &placeholder(service, &m.ty), &mut calls, krate);
            }
        }
    }
    let method = ident(&op.module);
    let file = quote! {
        async fn example(client: organizations_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
            let output = client.#method() #(#calls)* .send().await?;
            let _ = output;
            Ok(())
        }
    };
    let text = syn::parse2::<syn::File>(file).map(|f| prettyplease::unparse(&f)).unwrap_or_default();
    let body: Vec<&str> = text.lines().collect();
    let mut lines = vec!["# Example".to_string(), String::new(), "```no_run".to_string()];
    // The signature (however prettyplease wraps it), `let _ = output;`, `Ok(())` and the
    // closing brace are scaffolding.
    let first = body.iter().position(|l| l.ends_with('{')).map_or(0, |i| i + 1);
    for (i, line) in body.iter().enumerate() {
        let shown = i >= first && i + 3 < body.len();
        let line = if shown { line.strip_prefix("    ").unwrap_or(line).to_string() } else { format!("# {}", line.trim_start()) };
        lines.push(line);
    }
    lines.push("```".into());
    lines
}

/// Where an expression is written: in a doc example (`organizations_sdk::…`, errors
/// propagated with `?`) or inside the crate (`crate::…`, test inputs unwrapped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Krate {
    Doc,
    Crate,
}

impl quote::ToTokens for Krate {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Krate::Doc => quote!(organizations_sdk),
            Krate::Crate => quote!(crate),
        });
    }
}

/// `.member(value)` calls for one member.
fn setter_calls(service: &Service, m: &Member, v: &Value, out: &mut Vec<TokenStream>, krate: Krate) {
    let f = ident(&m.field);
    match (&m.ty, v) {
        (Type::Map(inner), Value::Object(entries)) => {
            for (k, item) in entries {
                if let Some(expr) = value_expr(service, inner, item, krate) {
                    out.push(quote!(.#f(#k, #expr)));
                }
            }
        }
        (Type::List(inner), Value::Array(items)) => {
            for item in items {
                if let Some(expr) = value_expr(service, inner, item, krate) {
                    out.push(quote!(.#f(#expr)));
                }
            }
        }
        (ty, v) => {
            if let Some(expr) = value_expr(service, ty, v, krate) {
                out.push(quote!(.#f(#expr)));
            }
        }
    }
}

/// A Rust expression for a JSON value of the given type, or `None` when it does not fit.
fn value_expr(service: &Service, ty: &Type, v: &Value, krate: Krate) -> Option<TokenStream> {
    Some(match (ty, v) {
        (Type::String, Value::String(s)) => quote!(#s),
        (Type::Bool, Value::Bool(b)) => quote!(#b),
        (Type::Int, Value::Number(n)) => {
            let n = Literal::i32_unsuffixed(i32::try_from(n.as_i64()?).ok()?);
            quote!(#n)
        }
        (Type::Long, Value::Number(n)) => {
            let n = Literal::i64_suffixed(n.as_i64()?);
            quote!(#n)
        }
        (Type::Float, Value::Number(n)) => {
            let n = Literal::f32_suffixed(n.as_f64()? as f32);
            quote!(#n)
        }
        (Type::Double, Value::Number(n)) => {
            let n = Literal::f64_suffixed(n.as_f64()?);
            quote!(#n)
        }
        (Type::Blob, Value::String(s)) => quote!(#krate::primitives::Blob::new(#s.as_bytes())),
        (Type::Document, Value::String(s)) => quote!(#krate::primitives::Document::String(#s.to_string())),
        (Type::Union(name), Value::Object(fields)) => {
            let u = service.unions.iter().find(|u| &u.name == name)?;
            let (m, v) = u.members.iter().find_map(|m| fields.get(&m.wire_name).map(|v| (m, v)))?;
            let inner = value_expr(service, &m.ty, v, krate)?;
            let (t, variant) = (ident(name), ident(&crate::naming::variant_name(&m.wire_name)));
            quote!(#krate::types::#t::#variant(#inner))
        }
        (Type::List(inner), Value::Array(items)) => {
            let items: Option<Vec<TokenStream>> = items.iter().map(|i| value_expr(service, inner, i, krate)).collect();
            let items = items?;
            quote!(::std::vec::Vec::from([#(#items),*]))
        }
        (Type::Map(inner), Value::Object(entries)) => {
            let items: Option<Vec<TokenStream>> =
                entries.iter().map(|(k, v)| value_expr(service, inner, v, krate).map(|e| quote!((#k.to_string(), #e)))).collect();
            let items = items?;
            quote!(::std::collections::HashMap::from([#(#items),*]))
        }
        (Type::Timestamp(_), Value::Number(n)) => {
            let secs = Literal::i64_unsuffixed(n.as_f64()? as i64);
            quote!(#krate::primitives::DateTime::from_secs(#secs))
        }
        (Type::Enum(name), Value::String(s)) => {
            let t = ident(name);
            quote!(#krate::types::#t::from(#s))
        }
        // The setter boxes it.
        (Type::Boxed(inner), v) => value_expr(service, inner, v, krate)?,
        (Type::Struct(name), Value::Object(fields)) => {
            let s = service.structures.iter().find(|s| &s.name == name)?;
            let mut calls = Vec::new();
            for m in &s.members {
                if let Some(v) = fields.get(&m.wire_name) {
                    setter_calls(service, m, v, &mut calls, krate);
                }
            }
            // Doc examples propagate with `?`; the in-crate test inputs unwrap.
            let build = match (needs_result(s), krate) {
                (false, _) => quote!(.build()),
                (true, Krate::Crate) => quote!(.build().unwrap()),
                (true, Krate::Doc) => quote!(.build()?),
            };
            let t = ident(name);
            quote!(#krate::types::#t::builder() #(#calls)* #build)
        }
        _ => return None,
    })
}

fn needs_result(s: &Structure) -> bool {
    s.kind == StructKind::Input || s.has_required()
}

/// A stand-in value for a required member when the model has no example.
fn placeholder(service: &Service, ty: &Type) -> Value {
    match ty {
        Type::String => Value::String("example".into()),
        Type::Bool => Value::Bool(true),
        Type::Int | Type::Long => Value::from(1),
        Type::Float | Type::Double => Value::from(1.5),
        Type::Blob | Type::Document => Value::String("example".into()),
        Type::Timestamp(_) => Value::from(1_700_000_000),
        Type::Union(name) => {
            let mut obj = serde_json::Map::new();
            if let Some(m) = service.unions.iter().find(|u| &u.name == name).and_then(|u| u.members.first()) {
                obj.insert(m.wire_name.clone(), placeholder(service, &m.ty));
            }
            Value::Object(obj)
        }
        Type::Map(inner) => Value::Object(serde_json::Map::from_iter([("key".to_string(), placeholder(service, inner))])),
        Type::Enum(name) => {
            let first = service.enums.iter().find(|e| &e.name == name).and_then(|e| e.variants.first());
            Value::String(first.map(|v| v.wire.clone()).unwrap_or_default())
        }
        Type::Struct(name) => {
            let mut obj = serde_json::Map::new();
            if let Some(s) = service.structures.iter().find(|s| &s.name == name) {
                for m in s.members.iter().filter(|m| m.required) {
                    obj.insert(m.wire_name.clone(), placeholder(service, &m.ty));
                }
            }
            Value::Object(obj)
        }
        Type::List(inner) => Value::Array(vec![placeholder(service, inner)]),
        // A recursive member: an empty structure ends the recursion.
        Type::Boxed(_) => Value::Object(serde_json::Map::new()),
    }
}

/// An input with every member set (example values where the model has them, stand-ins
/// elsewhere), as a builder expression inside the crate: for the differential test
/// against botocore's serializer.
pub fn representative_input(service: &Service, op: &Operation) -> TokenStream {
    let example = op.examples.first().and_then(Value::as_object);
    let mut calls = Vec::new();
    for m in &op.input.members {
        let v = example.and_then(|e| e.get(&m.wire_name)).cloned().unwrap_or_else(|| full_placeholder(service, &m.ty, 0));
        setter_calls(service, m, &v, &mut calls, Krate::Crate);
    }
    let (module, input) = (ident(&op.module), ident(&op.input.name));
    quote!(crate::operation::#module::#input::builder() #(#calls)* .build().unwrap())
}

/// A stand-in with every member of nested structures set too.
fn full_placeholder(service: &Service, ty: &Type, depth: usize) -> Value {
    match ty {
        Type::Struct(name) if depth < 3 => {
            let mut obj = serde_json::Map::new();
            if let Some(s) = service.structures.iter().find(|s| &s.name == name) {
                for m in &s.members {
                    obj.insert(m.wire_name.clone(), full_placeholder(service, &m.ty, depth + 1));
                }
            }
            Value::Object(obj)
        }
        Type::List(inner) => Value::Array(vec![full_placeholder(service, inner, depth + 1)]),
        Type::Map(inner) => Value::Object(serde_json::Map::from_iter([("key".to_string(), full_placeholder(service, inner, depth + 1))])),
        Type::Union(name) if depth < 3 => {
            let mut obj = serde_json::Map::new();
            if let Some(m) = service.unions.iter().find(|u| &u.name == name).and_then(|u| u.members.last()) {
                obj.insert(m.wire_name.clone(), full_placeholder(service, &m.ty, depth + 1));
            }
            Value::Object(obj)
        }
        other => placeholder(service, other),
    }
}

/// An output with every member set (stand-ins, nested structures too), as an expression
/// inside the crate: for the round-trip test against botocore's parser.
pub fn representative_output(service: &Service, op: &Operation) -> TokenStream {
    let mut calls = Vec::new();
    for m in &op.output.members {
        setter_calls(service, m, &full_placeholder(service, &m.ty, 0), &mut calls, Krate::Crate);
    }
    let (module, output) = (ident(&op.module), ident(&op.output.name));
    quote!(crate::operation::#module::#output::builder() #(#calls)* .build())
}
