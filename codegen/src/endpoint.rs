//! The endpoint rule set and partitions → a generated Rust resolver.
//!
//! Rules become labeled blocks: each condition is a guard that `break`s out of its rule,
//! `assign` becomes a `let`, an optional value checked by `isSet` (or any function that may
//! return nothing) is rebound as present for the rest of the rule. Expressions are typed at
//! generation time, so the generated code interprets nothing at run time. Region regexes
//! from `partitions.json` are compiled to a small pattern the runtime matches.

use crate::naming::snake_case;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A rule set or partitions file the generator cannot compile.
#[derive(Debug)]
pub struct EndpointError(pub String);

fn fail<T>(msg: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError(msg.into()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Str,
    Bool,
    Partition,
    Url,
}

/// A value in scope: the Rust expression naming it, its type, and whether it may be absent.
#[derive(Clone)]
struct Binding {
    expr: TokenStream,
    ty: Ty,
    optional: bool,
}

/// A compiled expression.
struct Expr {
    tokens: TokenStream,
    ty: Ty,
    /// `Option<_>`: the condition holds when it is `Some`.
    optional: bool,
}

struct Compiler {
    label: usize,
    /// The label of the rule being compiled: a guard breaks out of it.
    current: Option<syn::Lifetime>,
    /// Guards that bind optional function arguments, emitted before the condition that
    /// needs them: a function given an unset value makes its condition false (the Smithy
    /// rules language, and botocore's evaluator, treat it so).
    unwraps: Vec<TokenStream>,
    /// References those guards proved set: present for the rest of the rule.
    proven: Vec<(String, Binding)>,
    temp: usize,
}

/// Compile `endpoint-rule-set-1.json` into the body of `fn resolve(p: &Params) -> Result<Endpoint, ResolveEndpointError>`.
pub fn compile_rules(rule_set: &Value) -> Result<TokenStream, EndpointError> {
    let params = rule_set["parameters"].as_object().ok_or_else(|| EndpointError("no parameters".into()))?;
    let mut scope = BTreeMap::new();
    for (name, p) in params {
        let field = format_ident!("{}", param_field(name));
        let required = p["required"].as_bool().unwrap_or(false) || p.get("default").is_some();
        let (ty, expr) = match p["type"].as_str() {
            Some("string") | Some("String") => (Ty::Str, if required { quote!(p.#field.as_str()) } else { quote!(p.#field.as_deref()) }),
            Some("boolean") | Some("Boolean") => (Ty::Bool, quote!(p.#field)),
            other => return fail(format!("parameter {name}: unsupported type {other:?}")),
        };
        scope.insert(name.clone(), Binding { expr, ty, optional: !required });
    }
    let rules = rule_set["rules"].as_array().ok_or_else(|| EndpointError("no rules".into()))?;
    let mut c = Compiler { label: 0, current: None, unwraps: Vec::new(), proven: Vec::new(), temp: 0 };
    let body = c.rules(rules, &scope)?;
    Ok(quote! {
        #body
        ::std::result::Result::Err(ResolveEndpointError::new("No rules matched these parameters"))
    })
}

/// The parameters `organizations_sdk::endpoint::Params` has; a rule set that needs
/// another one is a generation-time error.
const KNOWN_PARAMS: &[&str] = &["Region", "UseFIPS", "UseDualStack", "Endpoint"];

/// `endpoint_rules.rs`: the resolver function and the partition table.
pub fn emit(rule_set: &Value, partitions: &Value) -> Result<TokenStream, EndpointError> {
    if let Some(params) = rule_set["parameters"].as_object() {
        for name in params.keys() {
            if !KNOWN_PARAMS.contains(&name.as_str()) {
                return fail(format!("rule-set parameter {name} is not supported by endpoint::Params"));
            }
        }
    }
    let lacks_global =
        partitions["partitions"].as_array().is_some_and(|ps| ps.iter().any(|p| p["outputs"]["implicitGlobalRegion"].as_str().is_none()));
    if lacks_global && rule_set.to_string().contains("\"implicitGlobalRegion\"") {
        return fail("the rule set reads implicitGlobalRegion, which a partition in partitions.json lacks");
    }
    let body = compile_rules(rule_set)?;
    let table = compile_partitions(partitions)?;
    Ok(quote! {
        #![doc = " The endpoint rule set and partition data, compiled to Rust."]
        use crate::endpoint::functions::{Partition, PartitionData, Pat};
        use crate::endpoint::{Endpoint, Params, ResolveEndpointError};

        /// Resolve an endpoint by the model's rules: the first rule whose conditions hold wins.
        #[allow(unused_labels, unreachable_code, unused_variables, clippy::all)]
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

impl Compiler {
    fn rules(&mut self, rules: &[Value], scope: &BTreeMap<String, Binding>) -> Result<TokenStream, EndpointError> {
        let mut out = TokenStream::new();
        for rule in rules {
            out.extend(self.rule(rule, scope)?);
        }
        Ok(out)
    }

    fn rule(&mut self, rule: &Value, scope: &BTreeMap<String, Binding>) -> Result<TokenStream, EndpointError> {
        self.label += 1;
        let label = syn::Lifetime::new(&format!("'rule{}", self.label), proc_macro2::Span::call_site());
        let mut scope = scope.clone();
        let mut guards = TokenStream::new();
        for cond in rule["conditions"].as_array().map(Vec::as_slice).unwrap_or_default() {
            self.current = Some(label.clone());
            let guard = self.condition(cond, &mut scope, &label)?;
            guards.extend(std::mem::take(&mut self.unwraps));
            guards.extend(guard);
            scope.extend(std::mem::take(&mut self.proven));
        }
        let body = match rule["type"].as_str() {
            Some("endpoint") => endpoint(&rule["endpoint"], &scope)?,
            Some("error") => {
                let msg = template(rule["error"].as_str().unwrap_or_default(), &scope)?;
                quote!(return ::std::result::Result::Err(ResolveEndpointError::new(#msg));)
            }
            Some("tree") => {
                let inner = self.rules(rule["rules"].as_array().map(Vec::as_slice).unwrap_or_default(), &scope)?;
                quote! {
                    #inner
                    return ::std::result::Result::Err(ResolveEndpointError::new("No rules matched these parameters"));
                }
            }
            other => return fail(format!("unsupported rule type {other:?}")),
        };
        Ok(quote! {
            #label: {
                #guards
                #body
            }
        })
    }

    fn condition(&mut self, cond: &Value, scope: &mut BTreeMap<String, Binding>, label: &syn::Lifetime) -> Result<TokenStream, EndpointError> {
        // `isSet(ref)`: rebind the reference as present for the rest of the rule.
        if cond["fn"] == "isSet" {
            if let Some(name) = cond["argv"][0]["ref"].as_str() {
                let b = scope.get(name).cloned().ok_or_else(|| EndpointError(format!("unknown reference {name}")))?;
                if !b.optional {
                    return Ok(quote!());
                }
                let var = format_ident!("{}", snake_case(name));
                let expr = &b.expr;
                scope.insert(name.to_string(), Binding { expr: quote!(#var), ty: b.ty, optional: false });
                let assign = cond["assign"].as_str();
                if let Some(a) = assign {
                    return fail(format!("isSet with assign {a} is not supported"));
                }
                return Ok(quote!(let ::std::option::Option::Some(#var) = #expr else { break #label; };));
            }
        }
        let e = self.expr(cond, scope)?;
        let tokens = &e.tokens;
        let assign = cond["assign"].as_str();
        Ok(match (e.optional, e.ty, assign) {
            (true, ty, name) => {
                let var = format_ident!("{}", snake_case(name.unwrap_or("_unused")));
                if let Some(name) = name {
                    scope.insert(name.to_string(), Binding { expr: quote!(#var), ty, optional: false });
                }
                quote!(let ::std::option::Option::Some(#var) = #tokens else { break #label; };)
            }
            (false, Ty::Bool, None) => quote!(if !#tokens { break #label; }),
            (false, ty, Some(name)) => {
                let var = format_ident!("{}", snake_case(name));
                scope.insert(name.to_string(), Binding { expr: quote!(#var), ty, optional: false });
                if ty == Ty::Bool {
                    quote!(let #var = #tokens; if !#var { break #label; })
                } else {
                    quote!(let #var = #tokens;)
                }
            }
            (false, _, None) => quote!(let _ = #tokens;),
        })
    }

    fn expr(&mut self, v: &Value, scope: &BTreeMap<String, Binding>) -> Result<Expr, EndpointError> {
        match v {
            Value::Bool(b) => Ok(Expr { tokens: quote!(#b), ty: Ty::Bool, optional: false }),
            Value::String(s) => Ok(Expr { tokens: template(s, scope)?, ty: Ty::Str, optional: false }),
            Value::Object(o) if o.contains_key("ref") => {
                let name = o["ref"].as_str().unwrap_or_default();
                let b = scope.get(name).ok_or_else(|| EndpointError(format!("unknown reference {name}")))?;
                Ok(Expr { tokens: b.expr.clone(), ty: b.ty, optional: b.optional })
            }
            Value::Object(o) if o.contains_key("fn") => self.call(o, scope),
            other => fail(format!("unsupported expression {other}")),
        }
    }

    /// A function argument of type `want`. An optional value is unwrapped by a guard before
    /// the condition: when it is unset, the condition is false.
    fn arg(&mut self, v: &Value, scope: &BTreeMap<String, Binding>, want: Ty) -> Result<TokenStream, EndpointError> {
        let e = self.expr(v, scope)?;
        if e.ty != want {
            return fail(format!("argument {v} is {:?}, expected {want:?}", e.ty));
        }
        if !e.optional {
            return Ok(e.tokens);
        }
        let Some(label) = self.current.clone() else {
            return fail(format!("argument {v} may be unset outside a condition"));
        };
        self.temp += 1;
        let var = match v["ref"].as_str() {
            Some(name) => format_ident!("{}", snake_case(name)),
            None => format_ident!("arg{}", self.temp),
        };
        let tokens = e.tokens;
        self.unwraps.push(quote!(let ::std::option::Option::Some(#var) = #tokens else { break #label; };));
        if let Some(name) = v["ref"].as_str() {
            self.proven.push((name.to_string(), Binding { expr: quote!(#var), ty: want, optional: false }));
        }
        Ok(quote!(#var))
    }

    fn call(&mut self, o: &Map<String, Value>, scope: &BTreeMap<String, Binding>) -> Result<Expr, EndpointError> {
        let f = o["fn"].as_str().unwrap_or_default();
        let argv = o["argv"].as_array().map(Vec::as_slice).unwrap_or_default();
        let arg = |i: usize| argv.get(i).ok_or_else(|| EndpointError(format!("{f}: missing argument {i}")));
        let (tokens, ty, optional) = match f {
            "isSet" => {
                let e = self.expr(arg(0)?, scope)?;
                let t = e.tokens;
                (if e.optional { quote!(#t.is_some()) } else { quote!(true) }, Ty::Bool, false)
            }
            "not" => {
                let a = self.arg(arg(0)?, scope, Ty::Bool)?;
                (quote!(!(#a)), Ty::Bool, false)
            }
            "booleanEquals" => {
                // Comparing with a literal reads better as the value or its negation.
                let (x, y) = (arg(0)?, arg(1)?);
                let tokens = match (x.as_bool(), y.as_bool()) {
                    (_, Some(lit)) | (Some(lit), _) => {
                        let other = if x.is_boolean() { y } else { x };
                        let v = self.arg(other, scope, Ty::Bool)?;
                        if lit {
                            v
                        } else {
                            quote!(!(#v))
                        }
                    }
                    _ => {
                        let a = self.arg(x, scope, Ty::Bool)?;
                        let b = self.arg(y, scope, Ty::Bool)?;
                        quote!((#a) == (#b))
                    }
                };
                (tokens, Ty::Bool, false)
            }
            "stringEquals" => {
                let a = self.arg(arg(0)?, scope, Ty::Str)?;
                let b = self.arg(arg(1)?, scope, Ty::Str)?;
                (quote!((&*(#a) == &*(#b))), Ty::Bool, false)
            }
            "aws.partition" => {
                let a = self.arg(arg(0)?, scope, Ty::Str)?;
                (quote!(crate::endpoint::functions::partition(PARTITIONS, &*(#a))), Ty::Partition, true)
            }
            "parseURL" => {
                let a = self.arg(arg(0)?, scope, Ty::Str)?;
                (quote!(crate::endpoint::functions::Url::parse(&*(#a))), Ty::Url, true)
            }
            "substring" => {
                let s = self.arg(arg(0)?, scope, Ty::Str)?;
                let (start, stop) = (num(arg(1)?)?, num(arg(2)?)?);
                let rev = self.arg(arg(3)?, scope, Ty::Bool)?;
                (quote!(crate::endpoint::functions::substring(&*(#s), #start, #stop, #rev)), Ty::Str, true)
            }
            "uriEncode" => {
                let s = self.arg(arg(0)?, scope, Ty::Str)?;
                (quote!(crate::endpoint::functions::uri_encode(&*(#s))), Ty::Str, false)
            }
            "isValidHostLabel" => {
                let s = self.arg(arg(0)?, scope, Ty::Str)?;
                let dots = self.arg(arg(1)?, scope, Ty::Bool)?;
                (quote!(crate::endpoint::functions::is_valid_host_label(&*(#s), #dots)), Ty::Bool, false)
            }
            "getAttr" => {
                let target = self.expr(arg(0)?, scope)?;
                if target.optional {
                    return fail("getAttr on an optional value");
                }
                let path = arg(1)?.as_str().unwrap_or_default();
                let (t, ty) = attr(&target.tokens, target.ty, path)?;
                (t, ty, false)
            }
            other => return fail(format!("unsupported function {other}")),
        };
        Ok(Expr { tokens, ty, optional })
    }
}

fn num(v: &Value) -> Result<usize, EndpointError> {
    v.as_u64().map(|n| n as usize).ok_or_else(|| EndpointError(format!("expected a number, got {v}")))
}

/// `getAttr(x, "a")` on a typed value.
fn attr(target: &TokenStream, ty: Ty, path: &str) -> Result<(TokenStream, Ty), EndpointError> {
    let field = |name: &str| format_ident!("{}", snake_case(name));
    Ok(match (ty, path) {
        (Ty::Partition, "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion") => {
            let f = field(path);
            (quote!(#target.#f), Ty::Str)
        }
        (Ty::Partition, "supportsFIPS" | "supportsDualStack") => {
            let f = field(path);
            (quote!(#target.#f), Ty::Bool)
        }
        (Ty::Url, "scheme" | "authority" | "path" | "normalizedPath") => {
            let f = field(path);
            (quote!(#target.#f.as_str()), Ty::Str)
        }
        (Ty::Url, "isIp") => (quote!(#target.is_ip), Ty::Bool),
        _ => return fail(format!("getAttr {path} on {ty:?} is not supported")),
    })
}

/// A rule-set string with `{Ref}` / `{Ref#attr}` placeholders → an expression of type
/// `&str` (no placeholders) or `String`.
fn template(s: &str, scope: &BTreeMap<String, Binding>) -> Result<TokenStream, EndpointError> {
    if !s.contains('{') {
        return Ok(quote!(#s));
    }
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        fmt.push_str(&rest[..start].replace('}', "}}"));
        let end = rest[start..].find('}').ok_or_else(|| EndpointError(format!("unclosed placeholder in {s}")))? + start;
        let inner = &rest[start + 1..end];
        let (name, path) = inner.split_once('#').map_or((inner, None), |(n, p)| (n, Some(p)));
        let b = scope.get(name).ok_or_else(|| EndpointError(format!("template {s}: unknown reference {name}")))?;
        if b.optional {
            return fail(format!("template {s}: {name} may be unset here"));
        }
        let expr = match path {
            Some(p) => attr(&b.expr, b.ty, p)?.0,
            None if b.ty == Ty::Str => b.expr.clone(),
            None => return fail(format!("template {s}: {name} is not a string")),
        };
        fmt.push_str("{}");
        args.push(expr);
        rest = &rest[end + 1..];
    }
    fmt.push_str(&rest.replace('}', "}}"));
    Ok(quote!(::std::format!(#fmt, #(#args),*)))
}

fn endpoint(e: &Value, scope: &BTreeMap<String, Binding>) -> Result<TokenStream, EndpointError> {
    let url = match &e["url"] {
        Value::String(s) => template(s, scope)?,
        Value::Object(o) if o.contains_key("ref") => {
            let name = o["ref"].as_str().unwrap_or_default();
            let b = scope.get(name).ok_or_else(|| EndpointError(format!("unknown reference {name}")))?;
            if b.optional {
                return fail(format!("endpoint url {name} may be unset"));
            }
            b.expr.clone()
        }
        other => return fail(format!("unsupported endpoint url {other}")),
    };
    if e["headers"].as_object().is_some_and(|h| !h.is_empty()) {
        return fail("endpoint headers are not supported");
    }
    let schemes = e["properties"]["authSchemes"].as_array().cloned().unwrap_or_default();
    let sigv4 = schemes.iter().find(|s| s["name"] == "sigv4");
    let opt = |key: &str| -> Result<TokenStream, EndpointError> {
        match sigv4.and_then(|s| s[key].as_str()) {
            Some(t) => {
                let t = template(t, scope)?;
                Ok(quote!(::std::option::Option::Some(::std::string::ToString::to_string(&#t))))
            }
            None => Ok(quote!(::std::option::Option::None)),
        }
    };
    let region = opt("signingRegion")?;
    let name = opt("signingName")?;
    Ok(quote!(return ::std::result::Result::Ok(Endpoint::new(::std::string::ToString::to_string(&#url), #region, #name));))
}

/// `partitions.json` → a `static PARTITIONS` table with compiled region patterns.
pub fn compile_partitions(partitions: &Value) -> Result<TokenStream, EndpointError> {
    let list = partitions["partitions"].as_array().ok_or_else(|| EndpointError("no partitions".into()))?;
    let mut out = Vec::new();
    for p in list {
        let id = p["id"].as_str().unwrap_or_default();
        let outputs = &p["outputs"];
        let o = outputs_tokens(outputs, id)?;
        let pattern = compile_regex(p["regionRegex"].as_str().unwrap_or_default())?;
        let mut regions = Vec::new();
        for (name, r) in p["regions"].as_object().cloned().unwrap_or_default() {
            let mut merged = outputs.clone();
            for (k, v) in r.as_object().cloned().unwrap_or_default() {
                if k != "description" {
                    merged[&k] = v;
                }
            }
            let ro = outputs_tokens(&merged, id)?;
            regions.push(quote!((#name, #ro)));
        }
        out.push(quote! {
            PartitionData {
                region_regex: #pattern,
                regions: &[#(#regions),*],
                outputs: #o,
            }
        });
    }
    Ok(quote! {
        /// Every partition, in `partitions.json` order.
        pub(crate) static PARTITIONS: &[PartitionData] = &[#(#out),*];
    })
}

fn outputs_tokens(o: &Value, id: &str) -> Result<TokenStream, EndpointError> {
    let s = |k: &str| -> Result<String, EndpointError> {
        o[k].as_str().map(str::to_owned).ok_or_else(|| EndpointError(format!("partition {id}: missing {k}")))
    };
    let b = |k: &str| o[k].as_bool().unwrap_or(false);
    // `implicitGlobalRegion` arrived in partitions.json in 2023 (botocore 1.31 lacks it);
    // `emit` refuses a rule set that reads it from a partition without one.
    let global = o["implicitGlobalRegion"].as_str().unwrap_or_default().to_string();
    let (name, dns, dual) = (s("name")?, s("dnsSuffix")?, s("dualStackDnsSuffix")?);
    let (fips, ds) = (b("supportsFIPS"), b("supportsDualStack"));
    Ok(quote! {
        Partition {
            name: #name,
            dns_suffix: #dns,
            dual_stack_dns_suffix: #dual,
            implicit_global_region: #global,
            supports_fips: #fips,
            supports_dual_stack: #ds,
        }
    })
}

/// Compile the regex subset `partitions.json` uses — `^`, `$`, literals, `\-`, `\w`, `\d`,
/// `+` after a class, and groups of literal alternatives — into a `&[Pat]`. Anything else is
/// a generation-time error, never a silent mismatch.
pub fn compile_regex(re: &str) -> Result<TokenStream, EndpointError> {
    let body =
        re.strip_prefix('^').and_then(|r| r.strip_suffix('$')).ok_or_else(|| EndpointError(format!("regex {re}: must be anchored with ^…$")))?;
    let chars: Vec<char> = body.chars().collect();
    let mut pats = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pat, next) = match chars[i] {
            '\\' => match chars.get(i + 1) {
                Some('w') => (quote!(Pat::Word), i + 2),
                Some('d') => (quote!(Pat::Digit), i + 2),
                Some(c) if !c.is_alphanumeric() => (quote!(Pat::Lit(#c)), i + 2),
                other => return fail(format!("regex {re}: unsupported escape {other:?}")),
            },
            '(' => {
                let end = chars[i..].iter().position(|&c| c == ')').ok_or_else(|| EndpointError(format!("regex {re}: unclosed group")))? + i;
                let inner: String = chars[i + 1..end].iter().collect();
                if inner.chars().any(|c| !(c.is_ascii_alphanumeric() || c == '|' || c == '-')) {
                    return fail(format!("regex {re}: only groups of literal alternatives are supported"));
                }
                let alts: Vec<&str> = inner.split('|').collect();
                (quote!(Pat::OneOf(&[#(#alts),*])), end + 1)
            }
            c if c.is_ascii_alphanumeric() || c == '-' => (quote!(Pat::Lit(#c)), i + 1),
            c => return fail(format!("regex {re}: unsupported character {c:?}")),
        };
        if chars.get(next) == Some(&'+') {
            let is_class = pat.to_string().contains("Word") || pat.to_string().contains("Digit");
            if !is_class {
                return fail(format!("regex {re}: `+` is only supported after \\w or \\d"));
            }
            pats.push(quote!(Pat::OneOrMore(&#pat)));
            i = next + 1;
        } else {
            pats.push(pat);
            i = next;
        }
    }
    Ok(quote!(&[#(#pats),*]))
}
