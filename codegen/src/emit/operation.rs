//! One file per operation: the operation marker, `Client` method, input, output, error
//! enum, fluent builder and (when the model has one) paginator.

use super::{doc, doc_or, errors, examples, ident, rust_type, structure};
use crate::ir::{Member, Operation, Service, Type};
use crate::naming::display_name;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(service: &Service, op: &Operation, directions: &super::codec::Directions) -> TokenStream {
    let op_name = ident(&op.type_name);
    let method = ident(&op.module);
    let input = ident(&op.input.name);
    let input_builder = ident(&format!("{}Builder", op.input.name));
    let output = ident(&op.output.name);
    let output_builder = ident(&format!("{}Builder", op.output.name));
    let error = ident(&format!("{}Error", op.type_name));
    let fluent = ident(&format!("{}FluentBuilder", op.type_name));
    let wire = &op.wire_name;
    let target = format!("{}.{wire}", service.target_prefix);
    let has_output = !op.output.members.is_empty();
    let service_id = &service.service_id;
    // A span's name must be a literal (tracing builds its callsite statically), so each
    // operation names its own: `Organizations.ListAccounts`, OpenTelemetry's RPC convention.
    let span_name = format!("{service_id}.{wire}");

    let op_docs = doc_or(&op.docs);
    let summary = match summary(&op.docs) {
        lines if lines.is_empty() => doc(&[format!("Calls the `{wire}` operation.")]),
        lines => doc(&lines),
    };
    let example = doc(&examples::fluent_example(service, op));
    let deprecated = structure::deprecated(&op.deprecated);

    let input_def = structure::definition(&op.input);
    let output_def = structure::definition(&op.output);
    let (input_codec, output_codec) = (directions.impls(&op.input), directions.impls(&op.output));
    let error_def = errors::operation_error(service, op);
    let fluent_setters = op.input.members.iter().map(|m| fluent_setters(&op.input.name, m));
    let (into_paginator, paginator_mod) = match &op.paginator {
        Some(p) => paginator(op, p),
        None => (quote!(), quote!()),
    };
    let module_doc = format!(" The `{wire}` operation: input, output, errors and builders.");
    let host_prefix = match &op.host_prefix {
        None => quote!(),
        Some(prefix) => {
            // `foo.{label}.` → `format!("foo.{}.", host_label(..)?)`, each label checked.
            let mut template = String::new();
            let mut labels = Vec::new();
            for (i, part) in prefix.split('{').enumerate() {
                match (i, part.split_once('}')) {
                    (0, _) | (_, None) => template.push_str(&part.replace('}', "}}")),
                    (_, Some((label, rest))) => {
                        let m = op.input.members.iter().find(|m| m.wire_name == label).expect("checked by the IR");
                        let f = ident(&m.field);
                        let path = format!("{}.{}", op.input.name, display_name(&m.field));
                        labels.push(quote!(crate::protocol::host_label(#path, input.#f.as_deref())?));
                        template.push_str("{}");
                        template.push_str(rest);
                    }
                }
            }
            quote! {
                fn host_prefix(input: &Self::Input) -> ::std::result::Result<::std::option::Option<::std::string::String>, crate::error::BuildError> {
                    ::std::result::Result::Ok(::std::option::Option::Some(::std::format!(#template, #(#labels),*)))
                }
            }
        }
    };
    let compression = if op.request_compression {
        quote!(
            const REQUEST_COMPRESSION: bool = true;
        )
    } else {
        quote!()
    };
    let fluent_doc = format!(" Fluent builder for the `{wire}` operation: set the input members, then [`Self::send`].");

    quote! {
        #![doc = #module_doc]

        #op_docs
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct #op_name;

        impl crate::protocol::Operation for #op_name {
            const NAME: &'static str = #wire;
            const TARGET: &'static str = #target;
            const HAS_OUTPUT: bool = #has_output;
            type Input = #input;
            type Output = #output;
            type Error = #error;
            #compression
            fn span(invocation_id: &str) -> ::tracing::Span {
                crate::protocol::call_span!(#span_name, #service_id, #wire, invocation_id)
            }
            #host_prefix
        }

        impl crate::Client {
            #summary
            #[doc = ""]
            #example
            #deprecated
            pub fn #method(&self) -> builders::#fluent {
                builders::#fluent::new(self.handle())
            }
        }

        #input_def

        #input_codec

        #output_def

        #output_codec

        impl crate::error::RequestId for #output {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self.request_id.as_deref()
            }
        }

        impl crate::protocol::OperationOutput for #output {
            fn set_request_id(&mut self, request_id: ::std::option::Option<::std::string::String>) {
                self.request_id = request_id;
            }
        }

        #error_def

        /// Builders for this operation's input and output, and its fluent builder.
        pub mod builders {
            pub use super::{#input_builder, #output_builder};

            #[doc = #fluent_doc]
            #[derive(Clone, Debug)]
            pub struct #fluent {
                handle: ::std::sync::Arc<crate::client::Handle>,
                inner: #input_builder,
            }

            impl #fluent {
                pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>) -> Self {
                    Self { handle, inner: ::std::default::Default::default() }
                }

                /// The input built so far.
                pub fn as_input(&self) -> &#input_builder {
                    &self.inner
                }

                /// Sends the request: validates the input, resolves the endpoint, signs,
                /// sends with retries, and parses the response.
                pub async fn send(self) -> ::std::result::Result<super::#output, crate::error::SdkError<super::#error>> {
                    crate::client::send::<super::#op_name>(&self.handle, self.inner.build().as_ref()).await
                }

                #into_paginator

                #(#fluent_setters)*
            }
        }

        #paginator_mod
    }
}

fn summary(docs: &[String]) -> Vec<String> {
    docs.iter().take_while(|l| !l.is_empty()).cloned().collect()
}

/// The fluent builder's setters: the one users hover gets the member's full documentation;
/// `set_*` and `get_*` link to it.
fn fluent_setters(input: &str, m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let plain = display_name(&m.field);
    let set = ident(&format!("set_{plain}"));
    let get = ident(&format!("get_{plain}"));
    let ty = rust_type(&m.ty);
    let docs = doc_or(&m.docs);
    let link = format!("[`Self::{plain}()`]");
    let set_docs = doc(&[format!("Sets or clears {link}.")]);
    let get_docs = doc(&[format!("The value set for {link}, if any (see [`super::{input}`]).")]);
    let deprecated = match &m.deprecated {
        Some(_) => {
            let d = structure::deprecated(&m.deprecated);
            quote!(#d #[allow(deprecated)])
        }
        None => quote!(),
    };
    let into_string = quote!(impl ::std::convert::Into<::std::string::String>);
    let arg = match &m.ty {
        Type::String => into_string.clone(),
        Type::List(inner) | Type::Map(inner) if **inner == Type::String => into_string.clone(),
        Type::List(inner) | Type::Map(inner) => rust_type(inner),
        other => rust_type(other),
    };
    let required = if m.required { doc(&["".into(), "This member is required.".into()]) } else { quote!() };
    let append = match m.ty {
        Type::List(_) => {
            let d = format!(" Appends an item to `{plain}`; use [`Self::{set}`] to replace the whole list.");
            quote!(#[doc = #d] #[doc = ""])
        }
        Type::Map(_) => {
            let d = format!(" Adds an entry to `{plain}`; use [`Self::{set}`] to replace the whole map.");
            quote!(#[doc = #d] #[doc = ""])
        }
        _ => quote!(),
    };
    let setter = if matches!(m.ty, Type::Map(_)) {
        quote! {
            pub fn #f(mut self, key: #into_string, input: #arg) -> Self {
                self.inner = self.inner.#f(key, input);
                self
            }
        }
    } else {
        quote! {
            pub fn #f(mut self, input: #arg) -> Self {
                self.inner = self.inner.#f(input);
                self
            }
        }
    };
    quote! {
        #append
        #docs
        #required
        #deprecated
        #setter
        #set_docs
        #deprecated
        pub fn #set(mut self, input: ::std::option::Option<#ty>) -> Self {
            self.inner = self.inner.#set(input);
            self
        }
        #get_docs
        #deprecated
        pub fn #get(&self) -> &::std::option::Option<#ty> {
            self.inner.#get()
        }
    }
}

fn paginator(op: &Operation, p: &crate::ir::Paginator) -> (TokenStream, TokenStream) {
    let op_name = ident(&op.type_name);
    let pag = ident(&format!("{}Paginator", op.type_name));
    let items = ident(&format!("{}PaginatorItems", op.type_name));
    let input_builder = ident(&format!("{}Builder", op.input.name));
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let error = ident(&format!("{}Error", op.type_name));
    let in_token = ident(&p.input_token);
    let out_token = ident(&p.output_token);
    let items_field = ident(&p.items);
    let item_ty = rust_type(&p.item_type);
    let wire = &op.wire_name;
    let page_size = p.page_size.as_ref().map(|f| {
        let f = ident(f);
        quote! {
            /// Sets the page size: the most items the service returns per page.
            pub fn page_size(mut self, limit: i32) -> Self {
                self.inner.#f = ::std::option::Option::Some(limit);
                self
            }
        }
    });
    let into = quote! {
        /// Turns this request into a paginator over every page of results.
        pub fn into_paginator(self) -> super::paginator::#pag {
            super::paginator::#pag::new(self.handle, self.inner)
        }
    };
    let pag_doc =
        format!(" Paginator for the `{wire}` operation: follows `{}` until the service stops returning one.", display_name(&p.output_token));
    let items_doc = format!(" Flattens the pages of the `{wire}` paginator into their `{}` items.", display_name(&p.items));
    let module = quote! {
        /// Paginators for this operation.
        pub mod paginator {
            #[doc = #pag_doc]
            #[derive(Clone, Debug)]
            pub struct #pag {
                handle: ::std::sync::Arc<crate::client::Handle>,
                inner: super::#input_builder,
            }

            impl #pag {
                pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>, inner: super::#input_builder) -> Self {
                    Self { handle, inner }
                }

                #page_size

                /// A paginator over the items of every page rather than the pages.
                pub fn items(self) -> #items {
                    #items(self)
                }

                /// Starts the walk: a stream of pages, ending after the last page or the
                /// first error. A token that is empty or repeats ends it too.
                pub fn send(self) -> crate::pagination::PaginationStream<::std::result::Result<super::#output, crate::error::SdkError<super::#error>>> {
                    crate::pagination::pages::<super::#op_name>(self.handle, self.inner.build())
                }
            }

            #[doc = #items_doc]
            #[derive(Clone, Debug)]
            pub struct #items(#pag);

            impl #items {
                /// Starts the walk: a stream of items, ending after the last page or the
                /// first error.
                pub fn send(self) -> crate::pagination::PaginationStream<::std::result::Result<#item_ty, crate::error::SdkError<super::#error>>> {
                    crate::pagination::items(self.0.send())
                }
            }

            impl crate::pagination::Page for super::#output {
                type Item = #item_ty;
                fn next_token(&self) -> ::std::option::Option<&str> {
                    self.#out_token.as_deref()
                }
                fn set_next_token(&mut self, token: ::std::option::Option<::std::string::String>) {
                    self.#out_token = token;
                }
                fn into_items(self) -> ::std::vec::Vec<#item_ty> {
                    self.#items_field.unwrap_or_default()
                }
            }

            impl crate::pagination::Paginated for super::#op_name {
                fn set_token(input: &mut super::#input, token: ::std::option::Option<::std::string::String>) {
                    input.#in_token = token;
                }
            }
        }
    };
    (into, module)
}

/// `operation/mod.rs`.
pub fn operations_mod(service: &Service) -> TokenStream {
    let mods = service.operations.iter().map(|op| {
        let m = ident(&op.module);
        quote!(pub mod #m;)
    });
    quote! {
        #![doc = " One module per operation: `<Op>Input`, `<Op>Output`, `<Op>Error`, builders and paginators."]
        #(#mods)*
    }
}
