//! String enums: a variant per model value plus `Unknown`, which keeps the raw string.

use super::{doc_or, ident};
use crate::ir::Enum;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc_or(&e.docs);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let d = format!(" `{}`", v.wire);
        quote!(#[doc = #d] #n,)
    });
    let to_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote!(Self::#n => #w,)
    });
    let from_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote!(#w => Self::#n,)
    });
    let values = e.variants.iter().map(|v| &v.wire);
    let codec = super::codec::enum_impls(&e.name);
    let default = if e.needs_default {
        let d = " The empty unknown value: what a response that omits a required member holds.";
        quote! {
            impl ::std::default::Default for #name {
                #[doc = #d]
                fn default() -> Self {
                    Self::Unknown(crate::primitives::UnknownVariantValue::default())
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        ///
        /// Values this SDK does not know yet parse as [`Self::Unknown`], which keeps the raw
        /// string: match with a wildcard arm so that new values do not break your code.
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know.
            Unknown(crate::primitives::UnknownVariantValue),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(v) => v.as_str(),
                }
            }

            /// Every value the model defines.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_str)*
                    other => Self::Unknown(crate::primitives::UnknownVariantValue::from(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(<Self as ::std::convert::From<&str>>::from(s))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::primitives::deserialize_enum(deserializer)
            }
        }

        #codec

        #default
    }
}
