//! Rustdoc examples for the fluent builders: from `examples-1.json` where the model has
//! one, else from the required members. They are compiled (`no_run`) by `cargo test --doc`.

use crate::ir::{Member, Operation, Service, StructKind, Structure, Type};
use serde_json::Value;

/// Doc lines: a heading and a `no_run` code block calling the operation.
pub fn fluent_example(service: &Service, op: &Operation) -> Vec<String> {
    let mut calls = Vec::new();
    match op.examples.first().and_then(Value::as_object) {
        Some(input) => {
            for m in &op.input.members {
                if let Some(v) = input.get(&m.wire_name) {
                    setter_calls(service, m, v, &mut calls, "organizations_sdk");
                }
            }
        }
        None => {
            for m in op.input.members.iter().filter(|m| m.required) {
                setter_calls(service, m, &placeholder(service, &m.ty), &mut calls, "organizations_sdk");
            }
        }
    }
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        "# async fn example(client: organizations_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        "let output = client".to_string(),
        format!("    .{}()", op.module),
    ];
    lines.extend(calls.into_iter().map(|c| format!("    {c}")));
    lines.push("    .send()".into());
    lines.push("    .await?;".into());
    lines.push("# let _ = output;".into());
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines
}

/// `.member(value)` calls for one member; `krate` is how the expressions name the SDK
/// (`organizations_sdk` in doc examples, `crate` inside it).
fn setter_calls(service: &Service, m: &Member, v: &Value, out: &mut Vec<String>, krate: &str) {
    match (&m.ty, v) {
        (Type::Map(inner), Value::Object(entries)) => {
            for (k, item) in entries {
                if let Some(expr) = value_expr(service, inner, item, krate) {
                    out.push(format!(".{}({k:?}, {expr})", m.field));
                }
            }
        }
        (Type::List(inner), Value::Array(items)) => {
            for item in items {
                if let Some(expr) = value_expr(service, inner, item, krate) {
                    out.push(format!(".{}({expr})", m.field));
                }
            }
        }
        (ty, v) => {
            if let Some(expr) = value_expr(service, ty, v, krate) {
                out.push(format!(".{}({expr})", m.field));
            }
        }
    }
}

/// A Rust expression for a JSON value of the given type, or `None` when it does not fit.
fn value_expr(service: &Service, ty: &Type, v: &Value, krate: &str) -> Option<String> {
    Some(match (ty, v) {
        (Type::String, Value::String(s)) => format!("{s:?}"),
        (Type::Bool, Value::Bool(b)) => b.to_string(),
        (Type::Int, Value::Number(n)) => i32::try_from(n.as_i64()?).ok()?.to_string(),
        (Type::Long, Value::Number(n)) => format!("{}_i64", n.as_i64()?),
        (Type::Float, Value::Number(n)) => format!("{:?}_f32", n.as_f64()? as f32),
        (Type::Double, Value::Number(n)) => format!("{:?}_f64", n.as_f64()?),
        (Type::Blob, Value::String(s)) => format!("{krate}::primitives::Blob::new({s:?}.as_bytes())"),
        (Type::Document, Value::String(s)) => format!("{krate}::primitives::Document::String({s:?}.to_string())"),
        (Type::Union(name), Value::Object(fields)) => {
            let u = service.unions.iter().find(|u| &u.name == name)?;
            let (m, v) = u.members.iter().find_map(|m| fields.get(&m.wire_name).map(|v| (m, v)))?;
            let inner = value_expr(service, &m.ty, v, krate)?;
            format!("{krate}::types::{name}::{}({inner})", crate::naming::variant_name(&m.wire_name))
        }
        (Type::List(inner), Value::Array(items)) => {
            let items: Option<Vec<String>> = items.iter().map(|i| value_expr(service, inner, i, krate)).collect();
            format!("::std::vec::Vec::from([{}])", items?.join(", "))
        }
        (Type::Map(inner), Value::Object(entries)) => {
            let items: Option<Vec<String>> =
                entries.iter().map(|(k, v)| value_expr(service, inner, v, krate).map(|e| format!("({k:?}.to_string(), {e})"))).collect();
            format!("::std::collections::HashMap::from([{}])", items?.join(", "))
        }
        (Type::Timestamp(_), Value::Number(n)) => {
            format!("{krate}::primitives::DateTime::from_secs({})", n.as_f64()? as i64)
        }
        (Type::Enum(name), Value::String(s)) => format!("{krate}::types::{name}::from({s:?})"),
        // The setter boxes it.
        (Type::Boxed(inner), v) => value_expr(service, inner, v, krate)?,
        (Type::Struct(name), Value::Object(fields)) => {
            let s = service.structures.iter().find(|s| &s.name == name)?;
            let mut expr = format!("{krate}::types::{name}::builder()");
            let mut calls = Vec::new();
            for m in &s.members {
                if let Some(v) = fields.get(&m.wire_name) {
                    setter_calls(service, m, v, &mut calls, krate);
                }
            }
            for c in calls {
                expr.push_str(&c);
            }
            // Doc examples propagate with `?`; the in-crate test inputs unwrap.
            expr.push_str(match (needs_result(s), krate) {
                (false, _) => ".build()",
                (true, "crate") => ".build().unwrap()",
                (true, _) => ".build()?",
            });
            expr
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
pub fn representative_input(service: &Service, op: &Operation) -> String {
    let example = op.examples.first().and_then(Value::as_object);
    let mut calls = Vec::new();
    for m in &op.input.members {
        let v = example.and_then(|e| e.get(&m.wire_name)).cloned().unwrap_or_else(|| full_placeholder(service, &m.ty, 0));
        setter_calls(service, m, &v, &mut calls, "crate");
    }
    format!("crate::operation::{}::{}::builder(){}.build().unwrap()", op.module, op.input.name, calls.concat())
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
pub fn representative_output(service: &Service, op: &Operation) -> String {
    let mut calls = Vec::new();
    for m in &op.output.members {
        setter_calls(service, m, &full_placeholder(service, &m.ty, 0), &mut calls, "crate");
    }
    format!("crate::operation::{}::{}::builder(){}.build()", op.module, op.output.name, calls.concat())
}
