//! The instantiator: a JSON value shaped as the model says (a protocol test's `params` or
//! `result`, an example's input) → tokens for the Rust value, built with the generated
//! builders and constructors, working from the IR.

use crate::ir::{Member, Service, Structure, Type};
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// Instantiates values for one service; `krate` is how the tokens name the SDK
/// (`organizations_sdk` outside it, `crate` inside).
pub struct Instantiator<'a> {
    service: &'a Service,
    krate: TokenStream,
}

/// The member a model member name (a case's key) refers to.
pub fn member<'a>(s: &'a Structure, key: &str) -> Option<&'a Member> {
    let field = naming::member_name(key);
    s.members.iter().find(|m| m.field == field)
}

impl<'a> Instantiator<'a> {
    pub fn new(service: &'a Service, krate: &str) -> Self {
        let krate = if krate == "crate" {
            quote!(crate)
        } else {
            let name = super::ident(krate);
            quote!(#name)
        };
        Self { service, krate }
    }

    /// `Option<T>`: `None` for `null`.
    pub fn optional(&self, ty: &Type, v: &Value) -> Result<TokenStream, String> {
        if v.is_null() {
            return Ok(quote!(::std::option::Option::None));
        }
        let v = self.value(ty, v)?;
        Ok(quote!(::std::option::Option::Some(#v)))
    }

    /// A value of the member's field type in structure `s` (`Option` unless the member is
    /// required in a non-input structure, boxed where the structure is recursive); `None`
    /// for an absent member is its empty value.
    pub fn field(&self, s: &Structure, m: &Member, v: Option<&Value>) -> Result<TokenStream, String> {
        let inner = match v.filter(|v| !v.is_null()) {
            None => return Ok(quote!(::std::default::Default::default())),
            Some(v) => self.value(&m.ty, v)?,
        };
        Ok(if super::structure::stored_bare(s.kind, m) { inner } else { quote!(::std::option::Option::Some(#inner)) })
    }

    /// Statements comparing every member of `target` (an expression of structure `s`)
    /// with `expected` (a JSON object keyed by model member names), through
    /// `support::same(case, member, actual, expected)`.
    pub fn compare_members(&self, s: &Structure, expected: &Value, target: TokenStream) -> Result<TokenStream, String> {
        let object = match expected {
            Value::Object(o) => o.clone(),
            Value::Null => Default::default(),
            other => return Err(format!("expected an object for {}, got {other}", s.name)),
        };
        for key in object.keys() {
            member(s, key).ok_or_else(|| format!("{} has no member {key}", s.name))?;
        }
        let mut out = Vec::new();
        for m in &s.members {
            let key = object.keys().find(|k| naming::member_name(k) == m.field);
            let value = self.field(s, m, key.and_then(|k| object.get(k)))?;
            let field = super::ident(&m.field);
            let label = naming::display_name(&m.field).to_owned();
            out.push(quote! {
                let expected = #value;
                support::same(CASE, #label, &#target.#field, &expected);
            });
        }
        Ok(quote!(#(#out)*))
    }

    /// A value of type `ty` (never `null`).
    pub fn value(&self, ty: &Type, v: &Value) -> Result<TokenStream, String> {
        let k = &self.krate;
        let wrong = || format!("{v} is not a {ty:?}");
        Ok(match (ty, v) {
            (Type::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
            (Type::Bool, Value::Bool(b)) => quote!(#b),
            (Type::Int, Value::Number(n)) => {
                let n = Literal::i32_suffixed(n.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(wrong)?);
                quote!(#n)
            }
            (Type::Long, Value::Number(n)) => {
                let n = Literal::i64_suffixed(n.as_i64().ok_or_else(wrong)?);
                quote!(#n)
            }
            (Type::Float, _) => float(v, quote!(f32), |x| Literal::f32_suffixed(x as f32)).ok_or_else(wrong)?,
            (Type::Double, _) => float(v, quote!(f64), Literal::f64_suffixed).ok_or_else(wrong)?,
            (Type::Blob, Value::String(s)) => quote!(#k::primitives::Blob::new(#s.as_bytes())),
            (Type::Timestamp(_), Value::Number(n)) => {
                let secs = Literal::f64_suffixed(n.as_f64().ok_or_else(wrong)?);
                quote!(#k::primitives::DateTime::from_secs_f64(#secs).expect("a finite time"))
            }
            (Type::Timestamp(_), Value::String(s)) => quote!(#k::primitives::DateTime::from_rfc3339(#s).expect("an RFC 3339 time")),
            (Type::Document, v) => self.document(v),
            (Type::Boxed(inner), v) => {
                let inner = self.value(inner, v)?;
                quote!(::std::boxed::Box::new(#inner))
            }
            (Type::Enum(name), Value::String(s)) => {
                let name = super::ident(name);
                quote!(#k::types::#name::from(#s))
            }
            (Type::Union(name), Value::Object(fields)) => {
                let u = self.service.unions.iter().find(|u| &u.name == name).ok_or_else(|| format!("no union {name}"))?;
                let set: Vec<_> = fields.iter().filter(|(_, v)| !v.is_null()).collect();
                let [(key, value)] = set.as_slice() else {
                    return Err(format!("a {name} needs exactly one member, got {v}"));
                };
                let m = member(u, key).ok_or_else(|| format!("{name} has no member {key}"))?;
                let variant = super::ident(&naming::variant_name(&m.wire_name));
                let inner = self.value(&m.ty, value)?;
                let name = super::ident(name);
                quote!(#k::types::#name::#variant(#inner))
            }
            (Type::Struct(name), Value::Object(fields)) => {
                let s = self.service.structures.iter().find(|s| &s.name == name).ok_or_else(|| format!("no structure {name}"))?;
                let mut setters = Vec::new();
                for (key, value) in fields {
                    let m = member(s, key).ok_or_else(|| format!("{name} has no member {key}"))?;
                    let set = super::ident(&format!("set_{}", naming::display_name(&m.field)));
                    let value = self.optional(&m.ty, value)?;
                    setters.push(quote!(.#set(#value)));
                }
                let name = super::ident(name);
                let build = if s.has_required() { quote!(.build().expect("the required members are set")) } else { quote!(.build()) };
                quote!(#k::types::#name::builder() #(#setters)* #build)
            }
            (Type::List(inner), Value::Array(items)) => {
                let items = items.iter().filter(|i| !i.is_null()).map(|i| self.value(inner, i)).collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec::Vec::from([#(#items),*]))
            }
            (Type::Map(inner), Value::Object(entries)) => {
                let mut pairs = Vec::new();
                for (key, value) in entries.iter().filter(|(_, v)| !v.is_null()) {
                    let value = self.value(inner, value)?;
                    pairs.push(quote!((::std::string::String::from(#key), #value)));
                }
                quote!(::std::collections::HashMap::from([#(#pairs),*]))
            }
            _ => return Err(wrong()),
        })
    }

    fn document(&self, v: &Value) -> TokenStream {
        let k = &self.krate;
        match v {
            Value::Null => quote!(#k::primitives::Document::Null),
            Value::Bool(b) => quote!(#k::primitives::Document::Bool(#b)),
            Value::Number(n) => {
                let n = if let Some(u) = n.as_u64() {
                    let u = Literal::u64_suffixed(u);
                    quote!(#k::primitives::Number::PosInt(#u))
                } else if let Some(i) = n.as_i64() {
                    let i = Literal::i64_suffixed(i);
                    quote!(#k::primitives::Number::NegInt(#i))
                } else {
                    let f = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                    quote!(#k::primitives::Number::Float(#f))
                };
                quote!(#k::primitives::Document::Number(#n))
            }
            Value::String(s) => quote!(#k::primitives::Document::String(::std::string::String::from(#s))),
            Value::Array(items) => {
                let items = items.iter().map(|i| self.document(i));
                quote!(#k::primitives::Document::Array(::std::vec::Vec::from([#(#items),*])))
            }
            Value::Object(entries) => {
                let pairs = entries.iter().map(|(key, v)| {
                    let v = self.document(v);
                    quote!((::std::string::String::from(#key), #v))
                });
                quote!(#k::primitives::Document::Object(::std::collections::HashMap::from([#(#pairs),*])))
            }
        }
    }
}

/// A float from a number or from the strings the protocol uses for the special values.
fn float(v: &Value, ty: TokenStream, literal: impl Fn(f64) -> Literal) -> Option<TokenStream> {
    Some(match v {
        Value::Number(n) => {
            let l = literal(n.as_f64()?);
            quote!(#l)
        }
        Value::String(s) if s == "NaN" => quote!(#ty::NAN),
        Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
        _ => return None,
    })
}
