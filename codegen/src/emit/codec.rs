//! Wire JSON: `ReadJson` for every structure a response can carry, `WriteJson` for every
//! structure a request can carry (the runtime's `json` module does the rest).

use super::ident;
use crate::ir::{Service, Structure, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Which structures need which direction.
pub struct Directions {
    read: BTreeSet<String>,
    write: BTreeSet<String>,
}

impl Directions {
    /// Walks every operation's input (written) and output and exceptions (read).
    pub fn of(service: &Service) -> Self {
        let by_name: BTreeMap<&str, &Structure> = service.structures.iter().map(|s| (s.name.as_str(), s)).collect();
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

    /// The impls `s` needs.
    pub fn impls(&self, s: &Structure) -> TokenStream {
        let read = self.read.contains(&s.name).then(|| read_impl(s));
        let write = self.write.contains(&s.name).then(|| write_impl(s));
        quote! { #read #write }
    }
}

fn reach(by_name: &BTreeMap<&str, &Structure>, s: &Structure, seen: &mut BTreeSet<String>) {
    if !seen.insert(s.name.clone()) {
        return;
    }
    for m in &s.members {
        let mut ty = &m.ty;
        while let Type::List(inner) = ty {
            ty = inner;
        }
        if let Type::Struct(name) = ty {
            if let Some(inner) = by_name.get(name.as_str()) {
                reach(by_name, inner, seen);
            }
        }
    }
}

fn read_impl(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let arms = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        let value = if super::structure::stored_bare(s.kind, m) { quote!(r.or_default()?) } else { quote!(r.opt()?) };
        quote!(#wire => out.#f = #value,)
    });
    let body = if s.members.is_empty() {
        quote!(r.object(|r, _| r.skip())?;)
    } else {
        quote! {
            r.object(|r, key| {
                match key {
                    #(#arms)*
                    _ => r.skip()?,
                }
                Ok(())
            })?;
        }
    };
    let init = if s.members.is_empty() { quote!(let out) } else { quote!(let mut out) };
    let allow = allow_deprecated(s);
    quote! {
        #allow
        impl crate::json::ReadJson for #name {
            fn read(r: &mut crate::json::Reader<'_>) -> crate::json::Result<Self> {
                #init = Self::default();
                #body
                Ok(out)
            }
        }
    }
}

fn write_impl(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        if super::structure::stored_bare(s.kind, m) {
            quote!(o.field(#wire, &self.#f);)
        } else {
            quote!(o.opt(#wire, &self.#f);)
        }
    });
    let object = if s.members.is_empty() { quote!(let o) } else { quote!(let mut o) };
    let allow = allow_deprecated(s);
    quote! {
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
    if s.members.iter().any(|m| m.deprecated) {
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
