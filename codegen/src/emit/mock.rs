//! `mock.rs` (behind the `test-util` feature): `Mock::<operation>()` for every operation,
//! each handing the hand-written engine the operation's codec (how to read its input and
//! write its output and errors), and `pages()` for the paginated ones.

use super::ident;
use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(service: &Service) -> TokenStream {
    let mut methods = Vec::new();
    let mut codecs = Vec::new();
    let mut pages = Vec::new();
    for op in &service.operations {
        let m = ident(&op.module);
        let method = ident(&op.module);
        let (input, output, error) = (ident(&op.input.name), ident(&op.output.name), format_ident!("{}Error", op.type_name));
        let types = quote!(crate::operation::#m::#input, crate::operation::#m::#output, crate::operation::#m::#error);
        let codec = format_ident!("{}", crate::naming::snake_case(&op.type_name).to_uppercase());
        let wire = &op.wire_name;
        let doc = format!(" Expectations for `{wire}`: what to answer, how often, and the inputs it was called with.");
        methods.push(quote! {
            #[doc = #doc]
            pub fn #method(&self) -> crate::test_util::Expect<#types> {
                crate::test_util::Expect::new(self, &#codec)
            }
        });
        codecs.push(quote! {
            static #codec: crate::test_util::Codec<#types> = crate::test_util::Codec {
                operation: #wire,
                read_input: |body| crate::json::from_slice(body).map_err(|e| ::std::string::ToString::to_string(&e)),
                write_input: |input| crate::json::to_string(input),
                write_output: |output| crate::json::to_string(output),
                write_error: |error| error.mock_response(),
            };
        });
        if let Some(p) = &op.paginator {
            let token = ident(&p.output_token);
            let doc = format!(
                " Answers `{wire}` with these pages in order, `{}` set on every page but the last.",
                crate::naming::display_name(&p.output_token)
            );
            pages.push(quote! {
                impl crate::test_util::Expect<#types> {
                    #[doc = #doc]
                    pub fn pages(self, pages: impl ::std::iter::IntoIterator<Item = crate::operation::#m::#output>) -> Self {
                        let mut pages: ::std::vec::Vec<crate::operation::#m::#output> = pages.into_iter().collect();
                        let count = pages.len();
                        for (i, page) in pages.iter_mut().enumerate() {
                            page.#token = (i + 1 < count).then(|| ::std::format!("mock-page-{}", i + 2));
                        }
                        self.sequence(pages)
                    }
                }
            });
        }
    }
    quote! {
        #![doc = " The generated half of `test_util`: one expectation builder per operation."]
        impl crate::test_util::Mock {
            #(#methods)*
        }
        #(#codecs)*
        #(#pages)*
    }
}
