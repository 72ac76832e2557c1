//! Rules → Rust. Each rule with conditions becomes a labeled block whose guards `break` out
//! of it when a condition fails; a rule without conditions is its outcome, and ends its
//! list. A label is named after the rule's content (`'endpoint_3fa9c1d2`), so a rule that a
//! model bump leaves alone keeps its name. Values are typed at generation time: booleans
//! as a small expression tree (negations folded, `x == true` read as `x`), strings as
//! borrowed or owned, optional results (`aws.partition`, `parseURL`, `substring`, unset
//! parameters) unwrapped by `let … else` and present for the rest of the rule.

use super::rules::{Arg, Condition, EndpointDef, Outcome, ParamType, Rule, RuleSet};
use super::{param_field, EndpointError};
use crate::naming::snake_case;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

fn fail<T>(msg: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError(msg.into()))
}

/// A boolean expression, kept as a tree until emitted so negations fold.
#[derive(Clone)]
enum Bool {
    Lit(bool),
    /// A path, field, call or variable: safe to prefix with `!`.
    Atom(TokenStream),
    Not(Box<Bool>),
    Eq(TokenStream, TokenStream),
    Ne(TokenStream, TokenStream),
}

impl Bool {
    fn negated(self) -> Bool {
        match self {
            Bool::Lit(b) => Bool::Lit(!b),
            Bool::Not(inner) => *inner,
            Bool::Eq(a, b) => Bool::Ne(a, b),
            Bool::Ne(a, b) => Bool::Eq(a, b),
            atom @ Bool::Atom(_) => Bool::Not(Box::new(atom)),
        }
    }

    fn tokens(&self) -> TokenStream {
        match self {
            Bool::Lit(b) => quote!(#b),
            Bool::Atom(t) => t.clone(),
            Bool::Not(inner) => match &**inner {
                Bool::Atom(t) => quote!(!#t),
                other => {
                    let t = other.tokens();
                    quote!(!(#t))
                }
            },
            Bool::Eq(a, b) => quote!(#a == #b),
            Bool::Ne(a, b) => quote!(#a != #b),
        }
    }
}

/// The Rust type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    /// `&str`.
    Str,
    /// `String`.
    String,
    Bool,
    Partition,
    Url,
}

impl Ty {
    fn is_text(self) -> bool {
        matches!(self, Ty::Str | Ty::String)
    }
}

/// A compiled value: its tokens (for `Bool`, the tree), its type, and whether it is an
/// `Option` (the condition holds when it is `Some`).
#[derive(Clone)]
struct Value {
    tokens: TokenStream,
    bool: Option<Bool>,
    ty: Ty,
    optional: bool,
}

impl Value {
    fn new(tokens: TokenStream, ty: Ty, optional: bool) -> Self {
        Self { tokens, bool: None, ty, optional }
    }

    fn boolean(b: Bool) -> Self {
        Self { tokens: b.tokens(), bool: Some(b), ty: Ty::Bool, optional: false }
    }

    fn as_bool(&self) -> Bool {
        self.bool.clone().unwrap_or_else(|| Bool::Atom(self.tokens.clone()))
    }

    /// As a `&str` argument.
    fn as_str_arg(&self) -> TokenStream {
        let t = &self.tokens;
        match self.ty {
            Ty::String => quote!(&#t),
            _ => t.clone(),
        }
    }
}

type Scope = BTreeMap<String, Value>;

/// One statement before a rule's outcome.
enum Guard {
    /// `let Some(var) = expr else { break 'rule; };`
    Unwrap(proc_macro2::Ident, TokenStream),
    /// `if expr.is_none() { break 'rule; }`
    IsSome(TokenStream),
    /// `if !cond { break 'rule; }`
    Check(Bool),
    /// `let var = expr;`
    Let(proc_macro2::Ident, TokenStream),
}

impl Guard {
    fn breaks(&self) -> bool {
        !matches!(self, Guard::Let(..) | Guard::Check(Bool::Lit(true)))
    }

    fn tokens(&self, label: Option<&syn::Lifetime>) -> TokenStream {
        let label = label.map(|l| quote!(#l));
        match self {
            Guard::Unwrap(var, expr) => quote!(let ::std::option::Option::Some(#var) = #expr else { break #label; };),
            Guard::IsSome(expr) => quote!(if #expr.is_none() { break #label; }),
            Guard::Check(Bool::Lit(true)) => quote!(),
            Guard::Check(cond) => {
                let t = cond.clone().negated().tokens();
                quote!(if #t { break #label; })
            }
            Guard::Let(var, expr) => quote!(let #var = #expr;),
        }
    }
}

/// Compile the rule set into the body of
/// `fn resolve_rules(p: &Params) -> Result<Endpoint, ResolveEndpointError>`.
pub fn rules(rule_set: &RuleSet) -> Result<TokenStream, EndpointError> {
    let mut scope = Scope::new();
    for (name, p) in &rule_set.parameters {
        let field = format_ident!("{}", param_field(name));
        let required = p.required || p.default.is_some();
        let value = match (p.ty, required) {
            (ParamType::String, true) => Value::new(quote!(p.#field.as_str()), Ty::Str, false),
            (ParamType::String, false) => Value::new(quote!(p.#field.as_deref()), Ty::Str, true),
            (ParamType::Boolean, true) => Value::boolean(Bool::Atom(quote!(p.#field))),
            (ParamType::Boolean, false) => Value::new(quote!(p.#field), Ty::Bool, true),
        };
        scope.insert(name.clone(), value);
    }
    let mut c = Compiler { labels: Vec::new(), temp: 0 };
    let (body, total) = c.list(&rule_set.rules, &scope, true)?;
    Ok(if total {
        body
    } else {
        quote! {
            #body
            ::std::result::Result::Err(ResolveEndpointError::new("No rules matched these parameters"))
        }
    })
}

struct Compiler {
    /// The labels of the enclosing rules (a nested label must not shadow one).
    labels: Vec<String>,
    temp: usize,
}

/// A rule's guards so far and what they proved.
struct RuleCx {
    guards: Vec<Guard>,
    scope: Scope,
}

impl Compiler {
    /// A list of rules, tried in order. Returns the tokens and whether the list always
    /// yields (it ends with a rule without conditions). `tail`: the function's final
    /// expression, so the last outcome is a value rather than a `return`.
    fn list(&mut self, rules: &[Rule], scope: &Scope, tail: bool) -> Result<(TokenStream, bool), EndpointError> {
        let mut out = TokenStream::new();
        for (i, rule) in rules.iter().enumerate() {
            let last = i + 1 == rules.len();
            let (tokens, total) = self.rule(rule, scope, tail && last)?;
            out.extend(tokens);
            if total {
                // Whatever follows a rule without conditions can never run.
                return Ok((out, true));
            }
        }
        Ok((out, false))
    }

    fn rule(&mut self, rule: &Rule, scope: &Scope, tail: bool) -> Result<(TokenStream, bool), EndpointError> {
        let mut cx = RuleCx { guards: Vec::new(), scope: scope.clone() };
        for (i, cond) in rule.conditions.iter().enumerate() {
            let mut later = BTreeSet::new();
            rule.conditions[i + 1..].iter().for_each(|c| c.refs(&mut later));
            rule.outcome.refs(&mut later);
            self.condition(cond, &mut cx, &later)?;
        }
        if !cx.guards.iter().any(Guard::breaks) {
            // Nothing can fail: the outcome always applies.
            let lets: TokenStream = cx.guards.iter().map(|g| g.tokens(None)).collect();
            let body = self.outcome(&rule.outcome, &cx.scope, tail)?;
            return Ok((quote!(#lets #body), true));
        }
        let label = self.label(rule);
        self.labels.push(label.ident.to_string());
        let body = self.outcome(&rule.outcome, &cx.scope, false);
        self.labels.pop();
        let body = body?;
        let guards: TokenStream = cx.guards.iter().map(|g| g.tokens(Some(&label))).collect();
        Ok((quote!(#label: { #guards #body }), false))
    }

    /// `'endpoint_3fa9c1d2`: the outcome's kind and a hash of the rule's content, unique
    /// among the enclosing labels.
    fn label(&self, rule: &Rule) -> syn::Lifetime {
        let kind = match rule.outcome {
            Outcome::Endpoint { .. } => "endpoint",
            Outcome::Error { .. } => "error",
            Outcome::Tree { .. } => "tree",
        };
        let mut name = format!("{kind}_{:08x}", fnv(&format!("{rule:?}")) as u32);
        let base = name.clone();
        let mut n = 1;
        while self.labels.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        syn::Lifetime::new(&format!("'{name}"), Span::call_site())
    }

    /// What a rule yields once its conditions hold: it always yields (a tree whose rules
    /// all fail is an error, not a fall-through).
    fn outcome(&mut self, outcome: &Outcome, scope: &Scope, tail: bool) -> Result<TokenStream, EndpointError> {
        let yield_ = |value: TokenStream| if tail { value } else { quote!(return #value;) };
        Ok(match outcome {
            Outcome::Endpoint { endpoint } => {
                let e = self::endpoint(endpoint, scope)?;
                yield_(quote!(::std::result::Result::Ok(#e)))
            }
            Outcome::Error { error } => {
                let (m, _) = template(error, scope)?;
                yield_(quote!(::std::result::Result::Err(ResolveEndpointError::new(#m))))
            }
            Outcome::Tree { rules } => {
                let (inner, total) = self.list(rules, scope, tail)?;
                if total {
                    inner
                } else {
                    let fallback = yield_(quote!(::std::result::Result::Err(ResolveEndpointError::new("No rules matched these parameters"))));
                    quote!(#inner #fallback)
                }
            }
        })
    }

    fn condition(&mut self, cond: &Condition, cx: &mut RuleCx, later: &BTreeSet<String>) -> Result<(), EndpointError> {
        // `isSet(ref)`: the reference is present for the rest of the rule.
        if let ("isSet", [Arg::Ref { name }]) = (cond.func.as_str(), cond.argv.as_slice()) {
            if let Some(a) = &cond.assign {
                return fail(format!("isSet with assign {a} is not supported"));
            }
            let v = cx.scope.get(name).cloned().ok_or_else(|| EndpointError(format!("unknown reference {name}")))?;
            if v.optional {
                let expr = v.tokens.clone();
                if later.contains(name) {
                    let var = format_ident!("{}", snake_case(name));
                    cx.guards.push(Guard::Unwrap(var.clone(), expr));
                    cx.scope.insert(name.clone(), present(v, quote!(#var)));
                } else {
                    cx.guards.push(Guard::IsSome(expr));
                }
            }
            return Ok(());
        }
        // `isSet(f(…))`: the call's result is set.
        if let ("isSet", [inner @ Arg::Call { .. }], None) = (cond.func.as_str(), cond.argv.as_slice(), &cond.assign) {
            let v = self.expr(inner, cx)?;
            if v.optional {
                cx.guards.push(Guard::IsSome(v.tokens));
            }
            return Ok(());
        }
        let v = self.call(&cond.func, &cond.argv, cx)?;
        let used = cond.assign.as_ref().filter(|a| later.contains(*a));
        match (v.optional, v.ty, used) {
            (true, _, Some(name)) => {
                let var = format_ident!("{}", snake_case(name));
                cx.guards.push(Guard::Unwrap(var.clone(), v.tokens.clone()));
                cx.scope.insert(name.clone(), present(v, quote!(#var)));
            }
            (true, _, None) => cx.guards.push(Guard::IsSome(v.tokens)),
            (false, Ty::Bool, None) => cx.guards.push(Guard::Check(v.as_bool())),
            (false, Ty::Bool, Some(name)) => {
                let var = format_ident!("{}", snake_case(name));
                cx.guards.push(Guard::Let(var.clone(), v.tokens.clone()));
                cx.guards.push(Guard::Check(Bool::Atom(quote!(#var))));
                cx.scope.insert(name.clone(), Value::boolean(Bool::Atom(quote!(#var))));
            }
            (false, ty, Some(name)) => {
                let var = format_ident!("{}", snake_case(name));
                cx.guards.push(Guard::Let(var.clone(), v.tokens.clone()));
                cx.scope.insert(name.clone(), Value::new(quote!(#var), ty, false));
            }
            // Assigned but never read: nothing to bind.
            (false, _, None) if cond.assign.is_some() => {}
            (false, ty, None) => return fail(format!("condition {} is a {ty:?}, neither a boolean nor optional", cond.func)),
        }
        Ok(())
    }

    fn expr(&mut self, arg: &Arg, cx: &mut RuleCx) -> Result<Value, EndpointError> {
        match arg {
            Arg::Bool(b) => Ok(Value::boolean(Bool::Lit(*b))),
            Arg::Int(n) => fail(format!("a number ({n}) where a value is expected")),
            Arg::Str(s) => {
                let (tokens, owned) = template(s, &cx.scope)?;
                Ok(Value::new(tokens, if owned { Ty::String } else { Ty::Str }, false))
            }
            Arg::Ref { name } => cx.scope.get(name).cloned().ok_or_else(|| EndpointError(format!("unknown reference {name}"))),
            Arg::Call { func, argv } => self.call(func, argv, cx),
        }
    }

    /// A function argument of type `want`. An optional value is unwrapped by a guard
    /// first: when it is unset, the condition is false (the rules language, and
    /// botocore's evaluator, treat it so); a reference unwrapped so is present for the rest
    /// of the rule.
    fn arg(&mut self, arg: &Arg, cx: &mut RuleCx, want: &[Ty]) -> Result<Value, EndpointError> {
        let v = self.expr(arg, cx)?;
        if !want.contains(&v.ty) {
            return fail(format!("an argument is {:?}, expected {}", v.ty, want.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(" or ")));
        }
        if !v.optional {
            return Ok(v);
        }
        self.temp += 1;
        let var = match arg {
            Arg::Ref { name } => format_ident!("{}", snake_case(name)),
            _ => format_ident!("arg{}", self.temp),
        };
        cx.guards.push(Guard::Unwrap(var.clone(), v.tokens.clone()));
        let present = present(v, quote!(#var));
        if let Arg::Ref { name } = arg {
            cx.scope.insert(name.clone(), present.clone());
        }
        Ok(present)
    }

    fn call(&mut self, func: &str, argv: &[Arg], cx: &mut RuleCx) -> Result<Value, EndpointError> {
        let arg = |i: usize| argv.get(i).ok_or_else(|| EndpointError(format!("{func}: missing argument {i}")));
        const TEXT: &[Ty] = &[Ty::Str, Ty::String];
        Ok(match func {
            "isSet" => {
                let v = self.expr(arg(0)?, cx)?;
                let t = v.tokens;
                Value::boolean(if v.optional { Bool::Atom(quote!(#t.is_some())) } else { Bool::Lit(true) })
            }
            "not" => Value::boolean(self.arg(arg(0)?, cx, &[Ty::Bool])?.as_bool().negated()),
            "booleanEquals" => {
                let a = self.arg(arg(0)?, cx, &[Ty::Bool])?.as_bool();
                let b = self.arg(arg(1)?, cx, &[Ty::Bool])?.as_bool();
                Value::boolean(match (a, b) {
                    (Bool::Lit(x), other) | (other, Bool::Lit(x)) => {
                        if x {
                            other
                        } else {
                            other.negated()
                        }
                    }
                    (a, b) => Bool::Eq(a.tokens(), b.tokens()),
                })
            }
            "stringEquals" => {
                let a = self.arg(arg(0)?, cx, TEXT)?.tokens;
                let b = self.arg(arg(1)?, cx, TEXT)?.tokens;
                Value::boolean(Bool::Eq(a, b))
            }
            "aws.partition" => {
                let a = self.arg(arg(0)?, cx, TEXT)?.as_str_arg();
                Value::new(quote!(crate::endpoint::functions::partition(PARTITIONS, #a)), Ty::Partition, true)
            }
            "parseURL" => {
                let a = self.arg(arg(0)?, cx, TEXT)?.as_str_arg();
                Value::new(quote!(crate::endpoint::functions::Url::parse(#a)), Ty::Url, true)
            }
            "substring" => {
                let s = self.arg(arg(0)?, cx, TEXT)?.as_str_arg();
                let (start, stop) = (number(arg(1)?)?, number(arg(2)?)?);
                let reverse = self.arg(arg(3)?, cx, &[Ty::Bool])?.as_bool().tokens();
                Value::new(quote!(crate::endpoint::functions::substring(#s, #start, #stop, #reverse)), Ty::String, true)
            }
            "uriEncode" => {
                let s = self.arg(arg(0)?, cx, TEXT)?.as_str_arg();
                Value::new(quote!(crate::endpoint::functions::uri_encode(#s)), Ty::String, false)
            }
            "isValidHostLabel" => {
                let s = self.arg(arg(0)?, cx, TEXT)?.as_str_arg();
                let dots = self.arg(arg(1)?, cx, &[Ty::Bool])?.as_bool().tokens();
                Value::boolean(Bool::Atom(quote!(crate::endpoint::functions::is_valid_host_label(#s, #dots))))
            }
            "getAttr" => {
                let target = self.arg(arg(0)?, cx, &[Ty::Partition, Ty::Url])?;
                let Arg::Str(path) = arg(1)? else { return fail("getAttr's path must be a string") };
                attr(&target.tokens, target.ty, path)?
            }
            other => return fail(format!("unsupported function {other}")),
        })
    }
}

/// The value bound to `var` once an optional `v` is known to be set.
fn present(v: Value, var: TokenStream) -> Value {
    match v.ty {
        Ty::Bool => Value::boolean(Bool::Atom(var)),
        ty => Value::new(var, ty, false),
    }
}

fn number(arg: &Arg) -> Result<usize, EndpointError> {
    match arg {
        Arg::Int(n) => usize::try_from(*n).map_err(|_| EndpointError(format!("{n} is out of range"))),
        _ => fail("expected a number"),
    }
}

/// `getAttr(x, "a")` on a typed value.
fn attr(target: &TokenStream, ty: Ty, path: &str) -> Result<Value, EndpointError> {
    let field = format_ident!("{}", snake_case(path));
    Ok(match (ty, path) {
        (Ty::Partition, "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion") => Value::new(quote!(#target.#field), Ty::Str, false),
        (Ty::Partition, "supportsFIPS" | "supportsDualStack") => Value::boolean(Bool::Atom(quote!(#target.#field))),
        (Ty::Url, "scheme" | "authority" | "path" | "normalizedPath") => Value::new(quote!(#target.#field.as_str()), Ty::Str, false),
        (Ty::Url, "isIp") => Value::boolean(Bool::Atom(quote!(#target.is_ip))),
        _ => return fail(format!("getAttr {path} on {ty:?} is not supported")),
    })
}

/// A rule-set string with `{Ref}` / `{Ref#attr}` placeholders: a `&str` literal when it
/// has none (`false`), else a `format!` (`true`: a `String`).
fn template(s: &str, scope: &Scope) -> Result<(TokenStream, bool), EndpointError> {
    if !s.contains('{') {
        return Ok((quote!(#s), false));
    }
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        fmt.push_str(&rest[..start].replace('}', "}}"));
        let end = rest[start..].find('}').ok_or_else(|| EndpointError(format!("unclosed placeholder in {s}")))? + start;
        let inner = &rest[start + 1..end];
        let (name, path) = inner.split_once('#').map_or((inner, None), |(n, p)| (n, Some(p)));
        let v = scope.get(name).ok_or_else(|| EndpointError(format!("template {s}: unknown reference {name}")))?;
        if v.optional {
            return fail(format!("template {s}: {name} may be unset here"));
        }
        let expr = match path {
            Some(p) => {
                let a = attr(&v.tokens, v.ty, p)?;
                if !a.ty.is_text() {
                    return fail(format!("template {s}: {name}#{p} is not a string"));
                }
                (a.tokens, a.ty)
            }
            None if v.ty.is_text() => (v.tokens.clone(), v.ty),
            None => return fail(format!("template {s}: {name} is not a string")),
        };
        fmt.push_str("{}");
        args.push(expr);
        rest = &rest[end + 1..];
    }
    fmt.push_str(&rest.replace('}', "}}"));
    if let (true, [(only, ty)]) = (fmt == "{}", args.as_slice()) {
        // Just one value: no `format!`.
        return Ok((only.clone(), *ty == Ty::String));
    }
    let args = args.iter().map(|(t, _)| t);
    Ok((quote!(::std::format!(#fmt, #(#args),*)), true))
}

/// A text value as an owned `String` expression.
fn owned(tokens: TokenStream, is_owned: bool) -> TokenStream {
    if is_owned {
        tokens
    } else {
        quote!(::std::string::String::from(#tokens))
    }
}

fn endpoint(e: &EndpointDef, scope: &Scope) -> Result<TokenStream, EndpointError> {
    let url = match &e.url {
        Arg::Str(s) => {
            let (t, is_owned) = template(s, scope)?;
            owned(t, is_owned)
        }
        Arg::Ref { name } => {
            let v = scope.get(name).ok_or_else(|| EndpointError(format!("unknown reference {name}")))?;
            if v.optional || !v.ty.is_text() {
                return fail(format!("endpoint url {name} may be unset or is not a string"));
            }
            owned(v.tokens.clone(), v.ty == Ty::String)
        }
        _ => return fail("an endpoint url must be a string or a reference"),
    };
    if !e.headers.is_empty() {
        return fail("endpoint headers are not supported");
    }
    let sigv4 = e.properties.auth_schemes.iter().find(|s| s.name == "sigv4");
    let opt = |t: Option<&String>| -> Result<TokenStream, EndpointError> {
        match t {
            Some(t) => {
                let (t, is_owned) = template(t, scope)?;
                let t = owned(t, is_owned);
                Ok(quote!(::std::option::Option::Some(#t)))
            }
            None => Ok(quote!(::std::option::Option::None)),
        }
    };
    let region = opt(sigv4.and_then(|s| s.signing_region.as_ref()))?;
    let name = opt(sigv4.and_then(|s| s.signing_name.as_ref()))?;
    Ok(quote!(Endpoint::new(#url, #region, #name)))
}

/// FNV-1a, 64 bits: a stable hash for label names (the same on every machine and release).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
