//! Structures: the type, its getters, its builder, optional serde and a redacting `Debug`.
//!
//! One function serves all four kinds (plain types, operation inputs and outputs, and
//! exceptions); the kind only decides optionality, the extra runtime field and `build()`.

use super::{doc, doc_or, ident, rust_type};
use crate::ir::{Member, StructKind, Structure, Type};
use crate::naming::display_name;
use proc_macro2::TokenStream;
use quote::quote;

/// Does this member store its value without `Option`?
pub(super) fn stored_bare(kind: StructKind, m: &Member) -> bool {
    m.required && matches!(kind, StructKind::Plain)
}

/// The struct, its getters, its builder and their impls.
pub fn definition(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let builder = ident(&format!("{}Builder", s.name));
    // Undocumented operation inputs and outputs say whose they are; any other undocumented
    // type gets no filler sentence.
    let docs = match (s.docs.is_empty(), s.kind) {
        (false, _) => doc(&s.docs),
        (true, StructKind::Input) => doc(&[format!("The input of the `{}` operation.", s.name.strip_suffix("Input").unwrap_or(&s.name))]),
        (true, StructKind::Output) => doc(&[format!("The output of the `{}` operation.", s.name.strip_suffix("Output").unwrap_or(&s.name))]),
        (true, _) => quote!(#[allow(missing_docs)]),
    };
    let kind = s.kind;

    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let ty = rust_type(&m.ty);
        let docs = doc(&[format!("The `{}` member: see {}.", m.wire_name, getter_link(&s.name, m))]);
        let deprecated = deprecated(&m.deprecated);
        if stored_bare(kind, m) {
            let rename = serde_attr(m, quote!());
            quote! { #docs #rename #deprecated pub #f: #ty, }
        } else {
            let attr = serde_attr(m, quote!(skip_serializing_if = "::std::option::Option::is_none"));
            quote! { #docs #attr #deprecated pub #f: ::std::option::Option<#ty>, }
        }
    });
    let extra_field = match kind {
        StructKind::Output => quote! {
            #[cfg_attr(feature = "serde", serde(skip))]
            pub(crate) request_id: ::std::option::Option<::std::string::String>,
        },
        StructKind::Error => quote! {
            #[cfg_attr(feature = "serde", serde(skip))]
            pub(crate) meta: crate::error::ErrorMetadata,
        },
        _ => quote! {},
    };
    let extra_init = match kind {
        StructKind::Output => quote! { request_id: ::std::option::Option::None, },
        StructKind::Error => quote! { meta: ::std::default::Default::default(), },
        _ => quote! {},
    };

    let getters = s.members.iter().map(|m| getter(kind, m));
    let builder_fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let ty = rust_type(&m.ty);
        quote! { pub(crate) #f: ::std::option::Option<#ty>, }
    });
    let setters = s.members.iter().map(|m| setters(&s.name, m));
    let build = build_fn(s, &name, &extra_init);

    let derive_debug = if s.has_sensitive() { quote!() } else { quote!(Debug,) };
    let debug_impls = if s.has_sensitive() {
        let struct_debug = debug_impl(&name, &s.name, &s.members);
        let builder_debug = debug_impl(&builder, &format!("{}Builder", s.name), &s.members);
        quote! { #struct_debug #builder_debug }
    } else {
        quote!()
    };
    let builder_doc = format!(" A builder for [`{}`].", s.name);
    let builder_fn_doc = format!(" Creates a new builder for [`{}`].", s.name);
    let allow_deprecated = if s.members.iter().any(|m| m.deprecated.is_some()) { quote!(#[allow(deprecated)]) } else { quote!() };

    quote! {
        #docs
        #[non_exhaustive]
        #[derive(Clone, PartialEq, Default, #derive_debug)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "PascalCase", default))]
        pub struct #name {
            #(#fields)*
            #extra_field
        }

        #allow_deprecated
        impl #name {
            #(#getters)*
            #[doc = #builder_fn_doc]
            pub fn builder() -> #builder {
                <#builder as ::std::default::Default>::default()
            }
        }

        #[doc = #builder_doc]
        #[non_exhaustive]
        #[derive(Clone, PartialEq, Default, #derive_debug)]
        pub struct #builder {
            #(#builder_fields)*
        }

        #allow_deprecated
        impl #builder {
            #(#setters)*
            #build
        }

        #debug_impls
    }
}

/// `#[deprecated]`, with the model's message when it has one.
pub(super) fn deprecated(deprecation: &Option<String>) -> TokenStream {
    match deprecation.as_deref() {
        None => quote!(),
        Some("") => quote!(#[deprecated]),
        Some(note) => quote!(#[deprecated(note = #note)]),
    }
}

/// serde's `PascalCase` of the field name, when it is not the wire name.
fn needs_rename(m: &Member) -> bool {
    let pascal: String = display_name(&m.field)
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect();
    pascal != m.wire_name
}

/// `#[serde(...)]` for a field: the wire name when serde's casing misses it, plus `extra`.
fn serde_attr(m: &Member, extra: TokenStream) -> TokenStream {
    let rename = if needs_rename(m) {
        let wire = &m.wire_name;
        quote!(rename = #wire)
    } else {
        quote!()
    };
    match (rename.is_empty(), extra.is_empty()) {
        (true, true) => quote!(),
        (false, true) => quote!(#[cfg_attr(feature = "serde", serde(#rename))]),
        (true, false) => quote!(#[cfg_attr(feature = "serde", serde(#extra))]),
        (false, false) => quote!(#[cfg_attr(feature = "serde", serde(#rename, #extra))]),
    }
}

/// Returned by value from getters.
fn is_copy(ty: &Type) -> bool {
    matches!(ty, Type::Bool | Type::Int | Type::Long | Type::Float | Type::Double)
}

fn getter(kind: StructKind, m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let docs = doc_or(&m.docs);
    let deprecated = deprecated(&m.deprecated);
    let bare = stored_bare(kind, m);
    let (ret, body) = match (&m.ty, bare) {
        (Type::String, false) => (quote!(::std::option::Option<&str>), quote!(self.#f.as_deref())),
        (Type::String, true) => (quote!(&str), quote!(&self.#f)),
        (ty, false) if is_copy(ty) => {
            let ty = rust_type(ty);
            (quote!(::std::option::Option<#ty>), quote!(self.#f))
        }
        (ty, true) if is_copy(ty) => (rust_type(ty), quote!(self.#f)),
        (Type::List(inner), false) => {
            let inner = rust_type(inner);
            (quote!(&[#inner]), quote!(self.#f.as_deref().unwrap_or_default()))
        }
        (Type::List(inner), true) => {
            let inner = rust_type(inner);
            (quote!(&[#inner]), quote!(&self.#f))
        }
        (Type::Boxed(inner), false) => {
            let inner = rust_type(inner);
            (quote!(::std::option::Option<&#inner>), quote!(self.#f.as_deref()))
        }
        (Type::Boxed(inner), true) => {
            let inner = rust_type(inner);
            (quote!(&#inner), quote!(&self.#f))
        }
        (ty, false) => {
            let ty = rust_type(ty);
            (quote!(::std::option::Option<&#ty>), quote!(self.#f.as_ref()))
        }
        (ty, true) => {
            let ty = rust_type(ty);
            (quote!(&#ty), quote!(&self.#f))
        }
    };
    quote! {
        #docs
        #deprecated
        pub fn #f(&self) -> #ret {
            #body
        }
    }
}

/// `[`Owner::member()`]`: where a member's full documentation is (its getter). Other
/// accessors link there with one line, so a doc change in the model is a one-place diff.
pub(super) fn getter_link(owner: &str, m: &Member) -> String {
    format!("[`{owner}::{}()`]", display_name(&m.field))
}

fn setters(owner: &str, m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let plain = display_name(&m.field);
    let set = ident(&format!("set_{plain}"));
    let get = ident(&format!("get_{plain}"));
    let ty = rust_type(&m.ty);
    let link = getter_link(owner, m);
    let required = if m.required { " (required)" } else { "" };
    let docs = doc(&[format!("Sets {link}{required}.")]);
    let set_docs = doc(&[format!("Sets or clears {link}.")]);
    let get_docs = doc(&[format!("The value set for {link}, if any.")]);
    let deprecated = deprecated(&m.deprecated);
    let add = match &m.ty {
        Type::List(inner) => {
            let (arg, conv) = setter_arg(inner);
            let append_doc = format!(" Appends an item to {link}; use [`Self::{set}`] to replace the whole list.");
            quote! {
                #[doc = #append_doc]
                #deprecated
                pub fn #f(mut self, input: #arg) -> Self {
                    self.#f.get_or_insert_with(::std::vec::Vec::new).push(#conv);
                    self
                }
            }
        }
        Type::Map(value) => {
            let (arg, conv) = setter_arg(value);
            let insert_doc = format!(" Adds an entry to {link}; use [`Self::{set}`] to replace the whole map.");
            quote! {
                #[doc = #insert_doc]
                #deprecated
                pub fn #f(mut self, key: impl ::std::convert::Into<::std::string::String>, input: #arg) -> Self {
                    self.#f.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), #conv);
                    self
                }
            }
        }
        other => {
            let (arg, conv) = setter_arg(other);
            quote! {
                #docs
                #deprecated
                pub fn #f(mut self, input: #arg) -> Self {
                    self.#f = ::std::option::Option::Some(#conv);
                    self
                }
            }
        }
    };
    quote! {
        #add
        #set_docs
        #deprecated
        pub fn #set(mut self, input: ::std::option::Option<#ty>) -> Self {
            self.#f = input;
            self
        }
        #get_docs
        #deprecated
        pub fn #get(&self) -> &::std::option::Option<#ty> {
            &self.#f
        }
    }
}

/// A setter's argument type and how it becomes the stored value.
fn setter_arg(ty: &Type) -> (TokenStream, TokenStream) {
    match ty {
        Type::String => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(input.into())),
        Type::Boxed(inner) => {
            let inner = rust_type(inner);
            (quote!(#inner), quote!(::std::boxed::Box::new(input)))
        }
        other => (rust_type(other), quote!(input)),
    }
}

fn build_fn(s: &Structure, name: &proc_macro2::Ident, extra_init: &TokenStream) -> TokenStream {
    let doc_text = format!(" Consumes the builder and constructs a [`{}`].", s.name);
    match s.kind {
        StructKind::Input => {
            let checks = s.members.iter().filter(|m| m.required && !m.idempotency_token).map(|m| {
                let f = ident(&m.field);
                let path = format!("{}.{}", s.name, display_name(&m.field));
                quote! {
                    if self.#f.is_none() {
                        return ::std::result::Result::Err(crate::error::BuildError::missing_field(#path));
                    }
                }
            });
            let inits = s.members.iter().map(|m| {
                let f = ident(&m.field);
                if m.idempotency_token {
                    quote!(#f: self.#f.or_else(|| ::std::option::Option::Some(crate::random::idempotency_token())),)
                } else {
                    quote!(#f: self.#f,)
                }
            });
            let tokens: Vec<_> = s.members.iter().filter(|m| m.idempotency_token).map(|m| display_name(&m.field).to_string()).collect();
            let token_doc = if tokens.is_empty() {
                quote!()
            } else {
                let text = format!(" An idempotency token left unset (`{}`) gets a fresh random UUID.", tokens.join("`, `"));
                quote!(#[doc = ""] #[doc = #text])
            };
            // A required token the caller left unset is filled, not an error.
            let checks_then_build = quote! {
                #(#checks)*
                ::std::result::Result::Ok(#name { #(#inits)* })
            };
            quote! {
                #[doc = #doc_text]
                #[doc = ""]
                #[doc = " Fails, naming the member, when a required member is not set."]
                #token_doc
                pub fn build(self) -> ::std::result::Result<#name, crate::error::BuildError> {
                    #checks_then_build
                }
            }
        }
        _ if s.has_required() => {
            let inits = s.members.iter().map(|m| {
                let f = ident(&m.field);
                if m.required {
                    let path = format!("{}.{}", s.name, display_name(&m.field));
                    quote!(#f: self.#f.ok_or_else(|| crate::error::BuildError::missing_field(#path))?,)
                } else {
                    quote!(#f: self.#f,)
                }
            });
            quote! {
                #[doc = #doc_text]
                #[doc = ""]
                #[doc = " Fails, naming the member, when a required member is not set."]
                pub fn build(self) -> ::std::result::Result<#name, crate::error::BuildError> {
                    ::std::result::Result::Ok(#name { #(#inits)* #extra_init })
                }
            }
        }
        _ => {
            let inits = s.members.iter().map(|m| {
                let f = ident(&m.field);
                quote!(#f: self.#f,)
            });
            quote! {
                #[doc = #doc_text]
                pub fn build(self) -> #name {
                    #name { #(#inits)* #extra_init }
                }
            }
        }
    }
}

/// `Debug` that redacts sensitive members.
fn debug_impl(name: &proc_macro2::Ident, display: &str, members: &[Member]) -> TokenStream {
    let fields = members.iter().map(|m| {
        let f = ident(&m.field);
        let label = display_name(&m.field);
        if m.sensitive {
            quote!(.field(#label, &crate::primitives::REDACTED))
        } else {
            quote!(.field(#label, &self.#f))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#display) #(#fields)* .finish()
            }
        }
    }
}
