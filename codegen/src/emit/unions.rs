//! Unions: an enum with one variant per member, plus `Unknown` for a member this SDK does
//! not know yet.

use super::{doc_or, ident, rust_type};
use crate::ir::Structure;
use crate::naming::variant_name;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(u: &Structure, directions: &super::codec::Directions) -> TokenStream {
    let name = ident(&u.name);
    let docs = doc_or(&u.docs);
    let variants = u.members.iter().map(|m| {
        let v = ident(&variant_name(&m.wire_name));
        let ty = rust_type(&m.ty);
        let docs = doc_or(&m.docs);
        let wire = &m.wire_name;
        let deprecated = super::structure::deprecated(&m.deprecated);
        quote!(#docs #deprecated #[cfg_attr(feature = "serde", serde(rename = #wire))] #v(#ty),)
    });
    let accessors = u.members.iter().map(|m| {
        let v = ident(&variant_name(&m.wire_name));
        let ty = rust_type(&m.ty);
        let as_fn = ident(&format!("as_{}", crate::naming::snake_case(&m.wire_name)));
        let is_fn = ident(&format!("is_{}", crate::naming::snake_case(&m.wire_name)));
        let as_doc = format!(" The [`Self::{}`] value, or `Err(self)` for another variant.", variant_name(&m.wire_name));
        let is_doc = format!(" Is this a [`Self::{}`]?", variant_name(&m.wire_name));
        quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> ::std::result::Result<&#ty, &Self> {
                if let Self::#v(value) = self {
                    ::std::result::Result::Ok(value)
                } else {
                    ::std::result::Result::Err(self)
                }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                ::std::matches!(self, Self::#v(_))
            }
        }
    });
    let codec = directions.impls(u);
    let allow = if u.members.iter().any(|m| m.deprecated.is_some()) { quote!(#[allow(deprecated)]) } else { quote!() };
    quote! {
        #docs
        ///
        /// Exactly one member is set. A member this SDK does not know yet reads as
        /// [`Self::Unknown`]: match with a wildcard arm so that new members do not break
        /// your code.
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub enum #name {
            #(#variants)*
            /// A member this version of the SDK does not know (it cannot be sent).
            #[default]
            #[cfg_attr(feature = "serde", serde(other))]
            Unknown,
        }

        #allow
        impl #name {
            #(#accessors)*
            /// Is this a member this SDK does not know?
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::Unknown)
            }
        }

        #allow
        #codec
    }
}
