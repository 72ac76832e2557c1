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
        (Type::Int, Value::Number(n)) => n.as_i64()?.to_string(),
        (Type::Timestamp, Value::Number(n)) => {
            format!("{krate}::primitives::DateTime::from_secs({})", n.as_f64()? as i64)
        }
        (Type::Enum(name), Value::String(s)) => format!("{krate}::types::{name}::from({s:?})"),
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
        Type::Int => Value::from(1),
        Type::Timestamp => Value::from(1_700_000_000),
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
    format!(
        "crate::operation::{}::{}::builder(){}.build().unwrap()",
        op.module,
        op.input.name,
        calls.concat()
    )
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
        other => placeholder(service, other),
    }
}
