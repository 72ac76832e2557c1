//! Wire JSON: `ReadMembers` (the runtime turns it into `ReadJson`) for every structure a
//! response can carry, `ReadJson` for unions and enums, `WriteJson` for every
//! structure a request can carry (the runtime's `json` module does the rest). Test builds
//! get `WriteJson` for every structure, so outputs can be written and read back.

use super::ident;
use crate::ir::{Service, Structure, TimestampFormat, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Which structures (and unions) need which direction.
pub struct Directions {
    read: BTreeSet<String>,
    write: BTreeSet<String>,
}

impl Directions {
    /// Walks every operation's input (written) and output and exceptions (read).
    pub fn of(service: &Service) -> Self {
        let by_name: BTreeMap<&str, &Structure> = service.structures.iter().chain(&service.unions).map(|s| (s.name.as_str(), s)).collect();
        let mut d = Directions { read: BTreeSet::new(), write: BTreeSet::new() };
        for op in &service.operations {
            reach(&by_name, &op.input, &mut d.write);
            reach(&by_name, &op.output, &mut d.read);
        }
        for e in &service.errors {
            reach(&by_name, e, &mut d.read);
        }
        d
    }

    /// The impls `s` needs. The other direction exists for tests and for the `test-util`
    /// mocks, which read what a request carries and write what a response carries.
    pub fn impls(&self, s: &Structure) -> TokenStream {
        let read = if self.read.contains(&s.name) { read_impl(s, quote!()) } else { read_impl(s, quote!(#[cfg(feature = "test-util")])) };
        let write =
            if self.write.contains(&s.name) { write_impl(s, quote!()) } else { write_impl(s, quote!(#[cfg(any(test, feature = "test-util"))])) };
        quote! { #read #write }
    }
}

fn reach(by_name: &BTreeMap<&str, &Structure>, s: &Structure, seen: &mut BTreeSet<String>) {
    if !seen.insert(s.name.clone()) {
        return;
    }
    for m in &s.members {
        let mut ty = &m.ty;
        while let Type::List(inner) | Type::Map(inner) | Type::Boxed(inner) = ty {
            ty = inner;
        }
        if let Type::Struct(name) | Type::Union(name) = ty {
            if let Some(inner) = by_name.get(name.as_str()) {
                reach(by_name, inner, seen);
            }
        }
    }
}

fn format_tokens(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::EpochSeconds => quote!(crate::primitives::TimestampFormat::EpochSeconds),
        TimestampFormat::DateTime => quote!(crate::primitives::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(crate::primitives::TimestampFormat::HttpDate),
    }
}

/// An expression reading a value of `ty` from `r`. Types without a formatted timestamp use
/// their `ReadJson` impl; the others are spelled out.
fn read_value(ty: &Type) -> TokenStream {
    if !ty.has_formatted_timestamp() {
        return quote!(crate::json::ReadJson::read(r)?);
    }
    match ty {
        Type::Timestamp(f) => {
            let f = format_tokens(*f);
            quote!(crate::json::read_timestamp(r, #f)?)
        }
        Type::List(inner) => {
            let inner = read_value(inner);
            quote!({
                let mut items = ::std::vec::Vec::new();
                r.array(|r| {
                    if !r.null() {
                        items.push(#inner);
                    }
                    ::std::result::Result::Ok(())
                })?;
                items
            })
        }
        Type::Map(inner) => {
            let inner = read_value(inner);
            quote!({
                let mut entries = ::std::collections::HashMap::new();
                r.object(|r, key| {
                    if !r.null() {
                        entries.insert(::std::borrow::ToOwned::to_owned(key), #inner);
                    }
                    ::std::result::Result::Ok(())
                })?;
                entries
            })
        }
        _ => unreachable!("only timestamps, lists and maps hold formatted timestamps"),
    }
}

/// Statements writing `value` (an expression of type `&ty`) to `w`.
fn write_value(ty: &Type, value: TokenStream) -> TokenStream {
    if !ty.has_formatted_timestamp() {
        return quote!(crate::json::WriteJson::write(#value, w););
    }
    match ty {
        Type::Timestamp(f) => {
            let f = format_tokens(*f);
            quote!(crate::json::write_timestamp(w, #value, #f);)
        }
        Type::List(inner) => {
            let inner = write_value(inner, quote!(item));
            quote! {
                w.raw("[");
                for (i, item) in #value.iter().enumerate() {
                    if i > 0 {
                        w.raw(",");
                    }
                    #inner
                }
                w.raw("]");
            }
        }
        Type::Map(inner) => {
            let inner = write_value(inner, quote!(&(#value)[key]));
            quote! {
                let mut keys: ::std::vec::Vec<&::std::string::String> = #value.keys().collect();
                keys.sort();
                w.raw("{");
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        w.raw(",");
                    }
                    w.string(key);
                    w.raw(":");
                    #inner
                }
                w.raw("}");
            }
        }
        _ => unreachable!("only timestamps, lists and maps hold formatted timestamps"),
    }
}

fn read_impl(s: &Structure, cfg: TokenStream) -> TokenStream {
    let name = ident(&s.name);
    let allow = allow_deprecated(s);
    if s.kind == crate::ir::StructKind::Union {
        let union = read_union(s);
        return quote!(#cfg #union);
    }
    let arms = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        let bare = super::structure::stored_bare(s.kind, m);
        if m.ty.has_formatted_timestamp() {
            let value = read_value(&m.ty);
            let value = if bare { value } else { quote!(::std::option::Option::Some(#value)) };
            quote!(#wire => if !r.null() { self.#f = #value; },)
        } else if bare {
            quote!(#wire => self.#f = r.or_default()?,)
        } else {
            quote!(#wire => self.#f = r.opt()?,)
        }
    });
    let body = if s.members.is_empty() {
        quote!(r.object(|r, _| r.skip()))
    } else {
        quote! {
            r.object(|r, key| {
                match key {
                    #(#arms)*
                    _ => r.skip()?,
                }
                ::std::result::Result::Ok(())
            })
        }
    };
    quote! {
        #cfg
        #allow
        impl crate::json::ReadMembers for #name {
            fn read_members(&mut self, r: &mut crate::json::Reader<'_>) -> crate::json::Result<()> {
                #body
            }
        }
    }
}

/// A union is an object with one member set; `null` members are not set (the Smithy
/// awsJson specification); a member this SDK does not know reads as `Unknown`.
fn read_union(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let arms = s.members.iter().map(|m| {
        let v = ident(&crate::naming::variant_name(&m.wire_name));
        let wire = &m.wire_name;
        let value = read_value(&m.ty);
        quote!(#wire => out = ::std::option::Option::Some(Self::#v(#value)),)
    });
    let wire_name = &s.wire_name;
    quote! {
        impl crate::json::ReadJson for #name {
            fn read(r: &mut crate::json::Reader<'_>) -> crate::json::Result<Self> {
                let mut out = ::std::option::Option::None;
                r.object(|r, key| {
                    // `__type` names the union's shape in some services' bodies: not a member.
                    if key == "__type" {
                        return r.skip();
                    }
                    if r.null() {
                        return ::std::result::Result::Ok(());
                    }
                    if out.is_some() {
                        return ::std::result::Result::Err(r.error(::std::concat!("more than one member of union ", #wire_name, " is set")));
                    }
                    match key {
                        #(#arms)*
                        _ => {
                            r.skip()?;
                            out = ::std::option::Option::Some(Self::Unknown);
                        }
                    }
                    ::std::result::Result::Ok(())
                })?;
                out.ok_or_else(|| r.error(::std::concat!("no member of union ", #wire_name, " is set")))
            }
        }
    }
}

fn write_impl(s: &Structure, cfg: TokenStream) -> TokenStream {
    let name = ident(&s.name);
    let allow = allow_deprecated(s);
    if s.kind == crate::ir::StructKind::Union {
        let arms = s.members.iter().map(|m| {
            let v = ident(&crate::naming::variant_name(&m.wire_name));
            let wire = &m.wire_name;
            let value = write_value(&m.ty, quote!(value));
            quote!(Self::#v(value) => { w.string(#wire); w.raw(":"); #value })
        });
        return quote! {
            #cfg
            impl crate::json::WriteJson for #name {
                /// An `Unknown` value cannot be sent: it writes an empty object.
                fn write(&self, w: &mut crate::json::Writer) {
                    w.raw("{");
                    match self {
                        #(#arms)*
                        Self::Unknown => {}
                    }
                    w.raw("}");
                }
            }
        };
    }
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        let bare = super::structure::stored_bare(s.kind, m);
        if m.ty.has_formatted_timestamp() {
            let value = write_value(&m.ty, quote!(value));
            let raw_field = quote! {
                o.key(#wire);
                let w = o.writer();
                #value
            };
            if bare {
                quote!({ let value = &self.#f; #raw_field })
            } else {
                quote!(if let ::std::option::Option::Some(value) = &self.#f { #raw_field })
            }
        } else if bare {
            quote!(o.field(#wire, &self.#f);)
        } else {
            quote!(o.opt(#wire, &self.#f);)
        }
    });
    let object = if s.members.is_empty() { quote!(let o) } else { quote!(let mut o) };
    quote! {
        #cfg
        #allow
        impl crate::json::WriteJson for #name {
            fn write(&self, w: &mut crate::json::Writer) {
                #object = w.object();
                #(#fields)*
                o.end();
            }
        }
    }
}

fn allow_deprecated(s: &Structure) -> TokenStream {
    if s.members.iter().any(|m| m.deprecated.is_some()) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    }
}

/// An enum reads any string and writes its wire value.
pub fn enum_impls(name: &str) -> TokenStream {
    let name = ident(name);
    quote! {
        impl crate::json::ReadJson for #name {
            fn read(r: &mut crate::json::Reader<'_>) -> crate::json::Result<Self> {
                r.enum_value()
            }
        }

        impl crate::json::WriteJson for #name {
            fn write(&self, w: &mut crate::json::Writer) {
                w.string(self.as_str());
            }
        }
    }
}
