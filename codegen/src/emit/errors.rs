//! Errors: one file per modeled exception (`types::error::*`), the per-operation error
//! enums, and the service-wide `Error`.

use super::{doc_or, ident, module_of, structure};
use crate::ir::{Service, Structure};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `types/error/<exception>.rs`.
pub fn exception(s: &Structure, directions: &super::codec::Directions) -> TokenStream {
    let def = structure::definition(s);
    let codec = directions.impls(s);
    let name = ident(&s.name);
    let display = s.name.as_str();
    let has_message = s.members.iter().any(|m| m.field == "message");
    let fill_message = if has_message {
        quote! {
            if self.message.is_none() {
                self.message = meta.message().map(::std::borrow::ToOwned::to_owned);
            }
        }
    } else {
        quote!()
    };
    let message = if has_message { quote!(self.message.as_deref()) } else { quote!(self.meta.message()) };
    let (code, status) = (&s.error_code, s.http_status);
    quote! {
        #def

        #codec

        impl crate::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &crate::error::ErrorMetadata {
                &self.meta
            }
        }

        impl crate::protocol::ModeledError for #name {
            const CODE: &'static str = #code;
            const STATUS: u16 = #status;
            fn set_meta(&mut self, meta: crate::error::ErrorMetadata) {
                #fill_message
                self.meta = meta;
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                crate::protocol::fmt_error(f, #display, #message)
            }
        }

        impl ::std::error::Error for #name {}
    }
}

pub fn exceptions_mod(errors: &[Structure]) -> TokenStream {
    let decls = errors.iter().map(|e| {
        let m = ident(&module_of(&e.name));
        let n = ident(&e.name);
        quote! { mod #m; pub use #m::#n; }
    });
    let builders = errors.iter().map(|e| {
        let m = ident(&module_of(&e.name));
        let b = ident(&format!("{}Builder", e.name));
        quote! { pub use super::#m::#b; }
    });
    quote! {
        #![doc = " The modeled exceptions of the service, shared by the operation error enums."]
        #(#decls)*
        /// Builders for the exceptions in this module.
        pub mod builders {
            #(#builders)*
        }
    }
}

/// An error enum over `variants` (exception Rust names) plus `Unhandled`: its definition,
/// `is_*` helpers, metadata, `Display` and `std::error::Error`.
fn error_enum(name: &proc_macro2::Ident, docs: TokenStream, variants: &[&Structure]) -> TokenStream {
    let defs = variants.iter().map(|e| {
        let v = ident(&naming::variant_name(&e.name));
        let t = ident(&e.name);
        let d = doc_or(&first_paragraph(&e.docs));
        quote!(#d #v(crate::types::error::#t),)
    });
    let names: Vec<_> = variants.iter().map(|e| ident(&naming::variant_name(&e.name))).collect();
    let is_fns = variants.iter().map(|e| {
        let v = ident(&naming::variant_name(&e.name));
        let f = ident(&naming::is_method(&naming::variant_name(&e.name)));
        let d = format!(" Returns `true` if the error is [`{}`](crate::types::error::{}).", e.name, e.name);
        quote! {
            #[doc = #d]
            pub fn #f(&self) -> bool {
                matches!(self, Self::#v(_))
            }
        }
    });
    quote! {
        #docs
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#defs)*
            /// An error the model does not describe. Read it through `code()`, `message()`
            /// and `meta()` (`ProvideErrorMetadata`) after a wildcard arm rather than match
            /// on this variant: when the model adds the exception, it gets a variant of its
            /// own and stops arriving here.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible: match with a wildcard pattern and check `.code()`, e.g. `err if err.code() == Some(\"SomeException\") => …`.")]
            Unhandled(crate::error::sealed_unhandled::Unhandled),
        }

        #[allow(deprecated)]
        impl #name {
            #(#is_fns)*
            fn as_error(&self) -> &dyn crate::protocol::ErrorView {
                match self {
                    #(Self::#names(e) => e,)*
                    Self::Unhandled(e) => e,
                }
            }
        }

        impl crate::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &crate::error::ErrorMetadata {
                self.as_error().meta()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.as_error(), f)
            }
        }

        #[allow(deprecated)]
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#names(e) => ::std::option::Option::Some(e),)*
                    Self::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }
    }
}

/// `<Op>Error` for an operation, with its response parser.
pub fn operation_error(service: &Service, op: &crate::ir::Operation) -> TokenStream {
    let name = ident(&format!("{}Error", op.type_name));
    let variants: Vec<&Structure> = op.errors.iter().filter_map(|n| service.errors.iter().find(|e| &e.name == n)).collect();
    let d = format!(" The errors the `{}` operation can return.", op.wire_name);
    let docs = quote!(#[doc = #d]);
    let body = error_enum(&name, docs, &variants);
    let arms = variants.iter().map(|e| {
        let v = ident(&naming::variant_name(&e.name));
        let wire = &e.error_code;
        quote!(#wire => Self::#v(crate::protocol::modeled(body, meta)),)
    });
    let from_response = if variants.is_empty() {
        quote! {
            fn from_response(_code: &str, _body: &[u8], meta: crate::error::ErrorMetadata) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(meta))
            }
        }
    } else {
        quote! {
            fn from_response(code: &str, body: &[u8], meta: crate::error::ErrorMetadata) -> Self {
                match code {
                    #(#arms)*
                    _ => Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(meta)),
                }
            }
        }
    };
    quote! {
        #body

        #[allow(deprecated)]
        impl crate::protocol::OperationError for #name {
            #from_response
        }

        #[allow(deprecated)]
        impl crate::error::CreateUnhandledError for #name {
            fn create_unhandled_error(unhandled: crate::error::sealed_unhandled::Unhandled) -> Self {
                Self::Unhandled(unhandled)
            }
        }
    }
}

/// `error.rs`: the service-wide `Error` and conversions from every operation error.
pub fn service_error(service: &Service) -> TokenStream {
    let all: Vec<&Structure> = service.errors.iter().collect();
    let docs = quote! {
        /// Every error the service can return, for code that calls many operations and wants
        /// one error type: each operation error converts into it with `?` or `From`.
    };
    let body = error_enum(&ident("Error"), docs, &all);
    let service_arms = all.iter().map(|e| {
        let v = ident(&naming::variant_name(&e.name));
        let wire = &e.error_code;
        quote!(#wire => Self::#v(crate::protocol::modeled(body, meta)),)
    });
    let wire_arms = all.iter().map(|e| {
        let v = ident(&naming::variant_name(&e.name));
        quote!(Self::#v(e) => ::std::option::Option::Some(wire(e)),)
    });
    let froms = service.operations.iter().map(|op| {
        let op_err = ident(&format!("{}Error", op.type_name));
        let m = ident(&op.module);
        let arms = op.errors.iter().map(|n| {
            let v = ident(&naming::variant_name(n));
            quote!(crate::operation::#m::#op_err::#v(e) => Self::#v(e),)
        });
        quote! {
            #[allow(deprecated)]
            impl ::std::convert::From<crate::operation::#m::#op_err> for Error {
                fn from(err: crate::operation::#m::#op_err) -> Self {
                    match err {
                        #(#arms)*
                        crate::operation::#m::#op_err::Unhandled(e) => Self::Unhandled(e),
                    }
                }
            }
        }
    });
    quote! {
        #![doc = " The service-wide error type."]
        #body

        #[allow(deprecated)]
        impl Error {
            /// The exception for `code` among all the service defines.
            fn from_response(code: &str, body: &[u8], meta: crate::error::ErrorMetadata) -> Self {
                match code {
                    #(#service_arms)*
                    _ => Self::Unhandled(crate::error::sealed_unhandled::Unhandled::new(meta)),
                }
            }
        }

        /// How the service sends this error (what the mocks of `test-util` answer with).
        #[cfg(feature = "test-util")]
        #[allow(deprecated)]
        impl Error {
            /// The HTTP status, the code and the exception's members as JSON; `None` for
            /// `Unhandled`, which has no model.
            pub(crate) fn wire(&self) -> ::std::option::Option<(u16, &'static str, ::std::string::String)> {
                fn wire<T: crate::protocol::ModeledError + crate::json::WriteJson>(e: &T) -> (u16, &'static str, ::std::string::String) {
                    (T::STATUS, T::CODE, crate::json::to_string(e))
                }
                match self {
                    #(#wire_arms)*
                    Self::Unhandled(_) => ::std::option::Option::None,
                }
            }
        }

        /// A service error becomes its exception even when the operation's model does not
        /// list it (the code is matched against every exception the service defines, as
        /// botocore does); anything else is `Unhandled`.
        #[allow(deprecated)]
        impl<E> ::std::convert::From<crate::error::SdkError<E>> for Error
        where
            E: ::std::convert::Into<Error> + ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
        {
            fn from(err: crate::error::SdkError<E>) -> Self {
                match err {
                    crate::error::SdkError::ServiceError(e) => {
                        let body = ::std::borrow::ToOwned::to_owned(e.raw().body());
                        match ::std::convert::Into::<Error>::into(e.into_err()) {
                            Self::Unhandled(u) => match crate::error::ProvideErrorMetadata::code(&u) {
                                ::std::option::Option::Some(code) => {
                                    let code = ::std::borrow::ToOwned::to_owned(code);
                                    Self::from_response(&code, &body, ::std::clone::Clone::clone(crate::error::ProvideErrorMetadata::meta(&u)))
                                }
                                ::std::option::Option::None => Self::Unhandled(u),
                            },
                            known => known,
                        }
                    }
                    other => Self::Unhandled(crate::error::sealed_unhandled::Unhandled::from_source(other)),
                }
            }
        }

        #(#froms)*
    }
}

fn first_paragraph(docs: &[String]) -> Vec<String> {
    docs.iter().take_while(|l| !l.is_empty()).cloned().collect()
}
