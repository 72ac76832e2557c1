//! The typed IR: every shape reference resolved, Rust names beside wire names, docs
//! converted, everything in a fixed order. Emission reads only this.

use crate::docs::html_to_markdown;
use crate::model::{self, ServiceModel};
use crate::naming;
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone)]
pub struct Service {
    /// e.g. `AWS Organizations`.
    pub full_name: String,
    pub service_id: String,
    pub api_version: String,
    pub target_prefix: String,
    /// awsJson's version, `1.0` or `1.1`: the `Content-Type` is `application/x-amz-json-<it>`.
    pub json_version: String,
    pub signing_name: String,
    pub docs: Vec<String>,
    /// Sorted by wire name.
    pub operations: Vec<Operation>,
    /// Plain structures shared between operations (`types::*`), sorted by Rust name.
    pub structures: Vec<Structure>,
    /// Exceptions (`types::error::*`), sorted by Rust name.
    pub errors: Vec<Structure>,
    /// String enums (`types::*`), sorted by Rust name.
    pub enums: Vec<Enum>,
    /// Unions (`types::*`, an enum with one variant per member), sorted by Rust name.
    pub unions: Vec<Structure>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub wire_name: String,
    /// `ListAccounts`.
    pub type_name: String,
    /// `list_accounts`: module and client method.
    pub module: String,
    pub docs: Vec<String>,
    /// `Some` when deprecated, with the model's message (possibly empty).
    pub deprecated: Option<String>,
    /// `ListAccountsInput`; empty members when the model has no input.
    pub input: Structure,
    /// `ListAccountsOutput`; empty members when the model has no output.
    pub output: Structure,
    /// Rust names of the exceptions, in model order, deduplicated.
    pub errors: Vec<String>,
    pub paginator: Option<Paginator>,
    /// The `endpoint` trait's `hostPrefix` (`foo.{label}.`): prepended to the endpoint's
    /// host, each `{label}` the input member marked `hostLabel`.
    pub host_prefix: Option<String>,
    /// The `requestcompression` trait lists gzip: bodies are gzipped (see the runtime).
    pub request_compression: bool,
    /// Example inputs from `examples-1.json`, as JSON.
    pub examples: Vec<serde_json::Value>,
    /// Example outputs from `examples-1.json`, as JSON.
    pub example_outputs: Vec<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub struct Paginator {
    /// Field names on input/output.
    pub input_token: String,
    pub output_token: String,
    pub page_size: Option<String>,
    /// The output member holding the items, and the item type.
    pub items: String,
    pub item_type: Type,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    Input,
    Output,
    Plain,
    Error,
    /// A union: exactly one member is set.
    Union,
}

#[derive(Debug, Clone)]
pub struct Structure {
    pub wire_name: String,
    pub name: String,
    pub docs: Vec<String>,
    pub kind: StructKind,
    pub members: Vec<Member>,
    /// For exceptions: the error code on the wire (the shape name unless the model says).
    pub error_code: String,
    /// For exceptions: the HTTP status the service answers with (the model's
    /// `httpStatusCode`, else 500 for a fault and 400 otherwise).
    pub http_status: u16,
}

impl Structure {
    pub fn has_required(&self) -> bool {
        self.members.iter().any(|m| m.required)
    }
    pub fn has_sensitive(&self) -> bool {
        self.members.iter().any(|m| m.sensitive)
    }
}

#[derive(Debug, Clone)]
pub struct Member {
    pub wire_name: String,
    /// Field, getter and setter name (may be a raw identifier).
    pub field: String,
    pub docs: Vec<String>,
    pub ty: Type,
    /// Required by the model. Inputs keep such fields optional and check them on build;
    /// other structures store them without `Option`.
    pub required: bool,
    pub sensitive: bool,
    /// `Some` when deprecated, with the model's message (possibly empty).
    pub deprecated: Option<String>,
    /// Filled with a fresh UUID v4 when the caller leaves it unset.
    pub idempotency_token: bool,
    /// Fills a `{label}` of the operation's host prefix.
    pub host_label: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Bool,
    /// `integer` (and `byte`, `short`): `i32`.
    Int,
    /// `long`: `i64`.
    Long,
    /// `float`: `f32`.
    Float,
    /// `double`: `f64`.
    Double,
    /// `blob`: base64 on the wire.
    Blob,
    Timestamp(TimestampFormat),
    /// `document`: any JSON value.
    Document,
    /// Rust name of a `types::` enum.
    Enum(String),
    /// Rust name of a `types::` structure.
    Struct(String),
    /// Rust name of a `types::` union.
    Union(String),
    List(Box<Type>),
    /// A map with string keys, and its value type.
    Map(Box<Type>),
    /// A structure member that leads back to its own structure through other structure
    /// members (no list or map between): stored as `Box<T>` so the type has a size.
    Boxed(Box<Type>),
}

impl Type {
    /// Does a timestamp in another format than epoch seconds occur in it? (Those are read
    /// and written by generated code rather than the generic impls.)
    pub fn has_formatted_timestamp(&self) -> bool {
        match self {
            Type::Timestamp(f) => *f != TimestampFormat::EpochSeconds,
            Type::List(inner) | Type::Map(inner) => inner.has_formatted_timestamp(),
            _ => false,
        }
    }
}

/// `timestampFormat`: awsJson's default is epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub wire_name: String,
    pub name: String,
    pub docs: Vec<String>,
    pub variants: Vec<Variant>,
    /// A required member targets it: needs a zero value for error correction.
    pub needs_default: bool,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub wire: String,
    pub name: String,
}

/// A model the generator cannot lower, with the shape or operation at fault.
#[derive(Debug)]
pub struct LowerError(pub String);

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LowerError {}

/// Shape keys the generator understands or that do not change the awsJson wire (`min`,
/// `max` and `pattern` become docs; `box`, `retryable`, `tags`, XML and query traits are
/// irrelevant to awsJson). Anything else is a generation error naming the shape.
const SHAPE_KEYS: &[&str] = &[
    "type",
    "members",
    "member",
    "key",
    "value",
    "required",
    "documentation",
    "exception",
    "fault",
    "error",
    "sensitive",
    "enum",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "union",
    "document",
    "timestampFormat",
    "min",
    "max",
    "pattern",
    "box",
    "retryable",
    "tags",
    "synthetic",
    "wrapper",
    "xmlNamespace",
    "xmlOrder",
    "flattened",
    "awsQueryError",
    "documentationUrl",
];

/// Member (shape reference) keys, likewise.
const MEMBER_KEYS: &[&str] = &[
    "shape",
    "documentation",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "locationName",
    "idempotencyToken",
    "timestampFormat",
    "box",
    "xmlNamespace",
    "flattened",
    "queryName",
    "xmlAttribute",
    "jsonvalue",
    "hostLabel",
];

/// Operation keys, likewise (`http` is fixed by the protocol: every call is a POST to `/`).
const OPERATION_KEYS: &[&str] = &[
    "name",
    "http",
    "input",
    "output",
    "errors",
    "documentation",
    "documentationUrl",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "idempotent",
    "authtype",
    "auth",
    "alias",
    "internalonly",
    "endpoint",
    "requestcompression",
];

fn unknown_keys<'a>(other: &'a std::collections::BTreeMap<String, serde_json::Value>, known: &[&str]) -> Option<&'a str> {
    other.keys().map(String::as_str).find(|k| !known.contains(k))
}

fn deprecation(deprecated: bool, message: &Option<String>) -> Option<String> {
    (deprecated || message.is_some()).then(|| message.clone().unwrap_or_default())
}

/// Lower the model files into the IR.
pub fn lower(model: &ServiceModel, paginators: &model::Paginators, examples: &model::Examples) -> Result<Service, LowerError> {
    let m = &model.metadata;
    if m.protocol != "json" {
        return Err(LowerError(format!("unsupported protocol {} (only awsJson)", m.protocol)));
    }
    if m.json_version != "1.0" && m.json_version != "1.1" {
        return Err(LowerError(format!("unsupported jsonVersion {} (awsJson is 1.0 or 1.1)", m.json_version)));
    }
    let cx = Lowering { model };
    let mut io_shapes = BTreeSet::new();
    let mut operations = Vec::new();
    for (wire_name, op) in &model.operations {
        if let Some(key) = unknown_keys(&op.other, OPERATION_KEYS) {
            return Err(LowerError(format!("operation {wire_name}: unsupported trait `{key}`")));
        }
        let type_name = naming::type_name(wire_name);
        let input = match &op.input {
            Some(r) => {
                io_shapes.insert(r.shape.clone());
                cx.structure(&r.shape, format!("{type_name}Input"), StructKind::Input)?
            }
            None => cx.empty(format!("{type_name}Input"), StructKind::Input),
        };
        let output = match &op.output {
            Some(r) => {
                io_shapes.insert(r.shape.clone());
                cx.structure(&r.shape, format!("{type_name}Output"), StructKind::Output)?
            }
            None => cx.empty(format!("{type_name}Output"), StructKind::Output),
        };
        let mut errors = Vec::new();
        for e in &op.errors {
            let shape = cx.shape(&e.shape)?;
            if shape.kind != "structure" || !shape.exception {
                return Err(LowerError(format!("operation {wire_name}: error {} is not an exception structure", e.shape)));
            }
            let name = naming::type_name(&e.shape);
            if !errors.contains(&name) {
                errors.push(name);
            }
        }
        let paginator = match paginators.pagination.get(wire_name) {
            Some(p) => Some(cx.paginator(wire_name, p, &input, &output)?),
            None => None,
        };
        let host_prefix = match op.other.get("endpoint") {
            None => None,
            Some(endpoint) => {
                let prefix = endpoint.get("hostPrefix").and_then(|p| p.as_str());
                let prefix = prefix.ok_or_else(|| LowerError(format!("operation {wire_name}: endpoint trait without hostPrefix")))?;
                for label in prefix.split('{').skip(1).map(|p| p.split('}').next().unwrap_or_default()) {
                    let found = input.members.iter().any(|m| m.host_label && m.wire_name == label && m.ty == Type::String && m.required);
                    if !found {
                        return Err(LowerError(format!(
                            "operation {wire_name}: host prefix label {{{label}}} is not a required string member marked hostLabel"
                        )));
                    }
                }
                Some(prefix.to_owned())
            }
        };
        let request_compression = match op.other.get("requestcompression") {
            None => false,
            Some(rc) => {
                let encodings = rc.get("encodings").and_then(|e| e.as_array()).cloned().unwrap_or_default();
                if !encodings.iter().any(|e| e == "gzip") {
                    return Err(LowerError(format!("operation {wire_name}: requestcompression without gzip (the only encoding supported)")));
                }
                true
            }
        };
        let op_examples = examples.examples.get(wire_name).map(Vec::as_slice).unwrap_or_default();
        let example_inputs = op_examples.iter().filter_map(|e| e.input.clone()).collect();
        let example_outputs = op_examples.iter().filter_map(|e| e.output.clone()).collect();
        operations.push(Operation {
            example_outputs,
            examples: example_inputs,
            module: naming::module_name(wire_name),
            type_name,
            wire_name: wire_name.clone(),
            docs: html_to_markdown(&op.documentation),
            deprecated: deprecation(op.deprecated, &op.deprecated_message),
            input,
            output,
            errors,
            paginator,
            host_prefix,
            request_compression,
        });
    }
    for name in paginators.pagination.keys() {
        if !model.operations.contains_key(name) {
            return Err(LowerError(format!("paginator for unknown operation {name}")));
        }
    }

    let member_targets: BTreeSet<&str> = model
        .shapes
        .values()
        .flat_map(|s| s.members.0.iter().map(|(_, r)| r).chain(s.member.iter()).chain(s.key.iter()).chain(s.value.iter()))
        .map(|r| r.shape.as_str())
        .collect();
    let mut structures = Vec::new();
    let mut errors = Vec::new();
    let mut enums = Vec::new();
    let mut unions = Vec::new();
    let mut required_enums = BTreeSet::new();
    for (wire_name, shape) in &model.shapes {
        if shape.other.contains_key("eventstream") {
            return Err(LowerError(format!(
                "shape {wire_name}: event streams are not supported (this generator's runtime sends one request and reads one response)"
            )));
        }
        if let Some(key) = unknown_keys(&shape.other, SHAPE_KEYS) {
            return Err(LowerError(format!("shape {wire_name}: unsupported trait `{key}`")));
        }
        // An operation's input or output shape is that operation's own type, unless a
        // member also refers to it: then it is a `types::` structure as well.
        if io_shapes.contains(wire_name) && !member_targets.contains(wire_name.as_str()) {
            continue;
        }
        let name = naming::type_name(wire_name);
        match shape.kind.as_str() {
            "structure" if shape.document => {}
            "structure" if shape.exception => errors.push(cx.structure(wire_name, name, StructKind::Error)?),
            "structure" if shape.union => unions.push(cx.structure(wire_name, name, StructKind::Union)?),
            "structure" => {
                let s = cx.structure(wire_name, name, StructKind::Plain)?;
                for m in s.members.iter().filter(|m| m.required) {
                    if let Type::Enum(e) = &m.ty {
                        required_enums.insert(e.clone());
                    }
                }
                structures.push(s);
            }
            "string" if shape.enum_values.is_some() => {
                let values = shape.enum_values.as_deref().unwrap_or_default();
                let mut variants: Vec<Variant> = Vec::new();
                for wire in values {
                    let name = naming::variant_name(wire);
                    if variants.iter().any(|v| v.name == name) {
                        return Err(LowerError(format!("{wire_name}: two values map to variant {name}")));
                    }
                    variants.push(Variant { wire: wire.clone(), name });
                }
                enums.push(Enum { wire_name: wire_name.clone(), name, docs: html_to_markdown(&shape.documentation), variants, needs_default: false });
            }
            _ => {}
        }
    }
    for e in &mut enums {
        e.needs_default = required_enums.contains(&e.name);
    }
    box_recursion(&mut structures);
    structures.sort_by(|a, b| a.name.cmp(&b.name));
    errors.sort_by(|a, b| a.name.cmp(&b.name));
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    unions.sort_by(|a, b| a.name.cmp(&b.name));
    check_unique(structures.iter().map(|s| &s.name).chain(enums.iter().map(|e| &e.name)).chain(unions.iter().map(|u| &u.name)))?;
    check_unique(errors.iter().map(|s| &s.name))?;
    check_unique(operations.iter().map(|o| &o.module))?;

    Ok(Service {
        full_name: m.service_full_name.clone(),
        service_id: m.service_id.clone(),
        api_version: m.api_version.clone(),
        target_prefix: m.target_prefix.clone(),
        json_version: m.json_version.clone(),
        signing_name: m.signing_name.clone().unwrap_or_else(|| m.endpoint_prefix.clone()),
        docs: html_to_markdown(&model.documentation),
        operations,
        structures,
        errors,
        enums,
        unions,
    })
}

/// Boxes every structure member that leads back to its own structure through structure
/// members alone (a list or map already puts its items on the heap).
fn box_recursion(structures: &mut [Structure]) {
    let edges: std::collections::BTreeMap<String, Vec<String>> = structures
        .iter()
        .map(|s| (s.name.clone(), s.members.iter().filter_map(|m| if let Type::Struct(t) = &m.ty { Some(t.clone()) } else { None }).collect()))
        .collect();
    let reaches = |from: &str, to: &str| {
        let (mut stack, mut seen) = (vec![from.to_owned()], BTreeSet::new());
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for s in structures.iter_mut() {
        for m in &mut s.members {
            if let Type::Struct(target) = &m.ty {
                if reaches(target, &s.name) {
                    m.ty = Type::Boxed(Box::new(m.ty.clone()));
                }
            }
        }
    }
}

fn check_unique<'a>(names: impl Iterator<Item = &'a String>) -> Result<(), LowerError> {
    let mut seen = BTreeSet::new();
    for n in names {
        if !seen.insert(n) {
            return Err(LowerError(format!("two shapes map to the Rust name {n}")));
        }
    }
    Ok(())
}

struct Lowering<'a> {
    model: &'a ServiceModel,
}

impl Lowering<'_> {
    fn shape(&self, name: &str) -> Result<&model::Shape, LowerError> {
        self.model.shapes.get(name).ok_or_else(|| LowerError(format!("reference to unknown shape {name}")))
    }

    fn empty(&self, name: String, kind: StructKind) -> Structure {
        Structure { wire_name: String::new(), name, docs: Vec::new(), kind, members: Vec::new(), error_code: String::new(), http_status: 0 }
    }

    fn structure(&self, wire_name: &str, name: String, kind: StructKind) -> Result<Structure, LowerError> {
        let shape = self.shape(wire_name)?;
        if shape.kind != "structure" || shape.document {
            return Err(LowerError(format!("{wire_name} is a {}, not a structure", shape.kind)));
        }
        for r in &shape.required {
            if !shape.members.0.iter().any(|(m, _)| m == r) {
                return Err(LowerError(format!("{wire_name}: required member {r} does not exist")));
            }
        }
        let mut members = Vec::new();
        for (member_name, r) in &shape.members.0 {
            if let Some(key) = unknown_keys(&r.other, MEMBER_KEYS) {
                return Err(LowerError(format!("{wire_name}.{member_name}: unsupported trait `{key}`")));
            }
            let (ty, sensitive) = self.member_type(r)?;
            let target = self.shape(&r.shape)?;
            let mut docs = if r.documentation.is_empty() { html_to_markdown(&target.documentation) } else { html_to_markdown(&r.documentation) };
            docs.extend(constraints(target));
            members.push(Member {
                wire_name: r.location_name.clone().unwrap_or_else(|| member_name.clone()),
                field: naming::member_name(member_name),
                docs,
                ty,
                required: shape.required.contains(member_name),
                sensitive,
                deprecated: deprecation(r.deprecated || target.deprecated, &r.deprecated_message.clone().or(target.deprecated_message.clone())),
                idempotency_token: r.idempotency_token,
                host_label: r.other.get("hostLabel").and_then(|v| v.as_bool()).unwrap_or(false),
            });
        }
        check_unique(members.iter().map(|m| &m.field)).map_err(|e| LowerError(format!("{wire_name}: {e}")))?;
        if kind == StructKind::Union && members.is_empty() {
            return Err(LowerError(format!("union {wire_name} has no members")));
        }
        let error_code = match shape.error.as_ref().and_then(|e| e.get("code")).and_then(|c| c.as_str()) {
            Some(code) => code.to_string(),
            None => wire_name.to_string(),
        };
        let declared = shape.error.as_ref().and_then(|e| e.get("httpStatusCode")).and_then(|c| c.as_u64());
        let http_status = declared.and_then(|c| u16::try_from(c).ok()).unwrap_or(if shape.fault { 500 } else { 400 });
        Ok(Structure { wire_name: wire_name.to_string(), name, docs: html_to_markdown(&shape.documentation), kind, members, error_code, http_status })
    }

    /// The type a reference gives its member and whether it is sensitive (the target, or
    /// a list's member or a map's value).
    fn member_type(&self, r: &model::ShapeRef) -> Result<(Type, bool), LowerError> {
        let target = r.shape.as_str();
        let shape = self.shape(target)?;
        fn nested<'m>(r: Option<&'m model::ShapeRef>, target: &str, what: &str) -> Result<&'m model::ShapeRef, LowerError> {
            r.ok_or_else(|| LowerError(format!("{target} has no {what}")))
        }
        let ty = match shape.kind.as_str() {
            "string" if shape.enum_values.is_some() => Type::Enum(naming::type_name(target)),
            // `character` is a one-character string on the awsJson wire.
            "string" | "character" => Type::String,
            "boolean" => Type::Bool,
            "byte" | "short" | "integer" => Type::Int,
            "long" => Type::Long,
            "float" => Type::Float,
            "double" => Type::Double,
            "blob" => Type::Blob,
            "timestamp" => {
                let format = r.timestamp_format.as_deref().or(shape.timestamp_format.as_deref());
                Type::Timestamp(match format {
                    None | Some("unixTimestamp") => TimestampFormat::EpochSeconds,
                    Some("iso8601") => TimestampFormat::DateTime,
                    Some("rfc822") => TimestampFormat::HttpDate,
                    Some(other) => return Err(LowerError(format!("{target}: unknown timestampFormat {other}"))),
                })
            }
            "structure" if shape.document => Type::Document,
            "structure" if shape.exception => return Err(LowerError(format!("{target}: an exception used as a member type"))),
            "structure" if shape.union => Type::Union(naming::type_name(target)),
            "structure" => Type::Struct(naming::type_name(target)),
            "list" => {
                let (inner, sensitive) = self.member_type(nested(shape.member.as_ref(), target, "member")?)?;
                return Ok((Type::List(Box::new(inner)), sensitive || shape.sensitive));
            }
            "map" => {
                let key = nested(shape.key.as_ref(), target, "key")?;
                if self.shape(&key.shape)?.kind != "string" {
                    return Err(LowerError(format!("map {target}: keys of type {} are not supported", self.shape(&key.shape)?.kind)));
                }
                let (value, sensitive) = self.member_type(nested(shape.value.as_ref(), target, "value")?)?;
                return Ok((Type::Map(Box::new(value)), sensitive || shape.sensitive));
            }
            other => return Err(LowerError(format!("{target}: unsupported shape type {other}"))),
        };
        Ok((ty, shape.sensitive))
    }

    fn paginator(&self, op: &str, p: &model::Paginator, input: &Structure, output: &Structure) -> Result<Paginator, LowerError> {
        let find = |s: &Structure, wire: &str| {
            s.members
                .iter()
                .find(|m| m.wire_name == wire)
                .cloned()
                .ok_or_else(|| LowerError(format!("paginator {op}: {} has no member {wire}", s.name)))
        };
        let items = find(output, &p.result_key)?;
        let Type::List(item_type) = items.ty else {
            return Err(LowerError(format!("paginator {op}: {} is not a list", p.result_key)));
        };
        let page_size = match &p.limit_key {
            Some(k) => {
                let m = find(input, k)?;
                if m.ty != Type::Int {
                    return Err(LowerError(format!("paginator {op}: limit {k} is not an integer")));
                }
                Some(m.field)
            }
            None => None,
        };
        let (input_token, output_token) = (find(input, &p.input_token)?, find(output, &p.output_token)?);
        if input_token.ty != Type::String || output_token.ty != Type::String {
            return Err(LowerError(format!("paginator {op}: tokens must be strings")));
        }
        Ok(Paginator { input_token: input_token.field, output_token: output_token.field, page_size, items: items.field, item_type: *item_type })
    }
}

/// `min`, `max` and `pattern` as a doc line (the service checks them; we document them).
fn constraints(shape: &model::Shape) -> Vec<String> {
    let what = match shape.kind.as_str() {
        "string" | "blob" => "length",
        "list" | "map" => "items",
        _ => "value",
    };
    let mut parts = Vec::new();
    match (&shape.min, &shape.max) {
        (Some(min), Some(max)) => parts.push(format!("{what} {min}–{max}")),
        (Some(min), None) => parts.push(format!("{what} at least {min}")),
        (None, Some(max)) => parts.push(format!("{what} at most {max}")),
        (None, None) => {}
    }
    if let Some(p) = &shape.pattern {
        parts.push(format!("pattern `{}`", p.replace('`', "'")));
    }
    if parts.is_empty() {
        return Vec::new();
    }
    vec![String::new(), format!("Constraints: {}.", parts.join("; "))]
}
