//! Generates the hidden handler struct from the checked model. The user's fn is emitted
//! exactly as written.
//!
//! # Spans, and why incremental builds care
//!
//! No generated token is spanned at `Span::call_site()`: every one takes the span of a
//! token the user wrote (the fn's name by default; the parameter or return type, the
//! event string, where an error belongs there). A call-site span carries the macro
//! expansion's hygiene context, and an item holding even one such token is hashed with
//! that expansion's identity, which changes whenever the text before the attribute
//! moves. With call-site spans, editing one handler body re-ran type checking, borrow
//! checking and codegen of every handler after it, where the same code written by hand
//! was reused from the incremental cache (`scripts/compile_time.py` measures both).
//!
//! Generated items are therefore linted as user code would be: the `#[allow]` on the
//! hidden struct lists what it needs.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use super::check::{return_type, Checked, EventPattern, Mode};
use super::parse::HandlerFn;
use crate::paths::{self, private};

pub(super) fn expand(checked: &Checked) -> TokenStream {
    let Checked {
        item,
        provider,
        event,
        pattern,
        mode,
        endpoint,
        params,
        declared,
    } = checked;
    let ident = &item.sig.ident;
    let span = ident.span();
    let private = private(span);
    let vis = &item.vis;
    let name = LitStr::new(&ident.to_string(), span);
    let pattern = match pattern {
        EventPattern::Any => quote_spanned!(span=> #private::Pattern::Any),
        EventPattern::Prefix(prefix) => {
            let prefix = LitStr::new(prefix, event.span());
            quote_spanned!(span=> #private::Pattern::Prefix(#prefix))
        }
        EventPattern::Exact(exact) => {
            let exact = LitStr::new(exact, event.span());
            quote_spanned!(span=> #private::Pattern::Exact(#exact))
        }
    };
    let mode = match mode {
        None => quote_spanned!(span=> ::core::option::Option::None),
        Some(Mode::Inline) => {
            quote_spanned!(span=> ::core::option::Option::Some(#private::Mode::Inline))
        }
        Some(Mode::Queued) => {
            quote_spanned!(span=> ::core::option::Option::Some(#private::Mode::Queued))
        }
    };
    let endpoint = match endpoint {
        None => quote_spanned!(span=> ::core::option::Option::None),
        Some(name) => quote_spanned!(span=> ::core::option::Option::Some(#name)),
    };
    let args: Vec<_> = (0..params.len())
        .map(|i| format_ident!("__webhook_arg{}", i, span = span))
        .collect();
    // The locals share one span: under `macro_rules!` hygiene, a local named at another
    // span (a parameter type from the macro's body) would not find its binding.
    let (context, state) = (Ident::new("context", span), Ident::new("state", span));
    // Each extraction is spanned at its parameter's type, so an unsupported type is one
    // error with the caret on the type.
    let extractions = params
        .iter()
        .zip(&args)
        .map(|(param, arg)| match &param.state {
            Some(inner) => {
                let private = paths::private(inner.span());
                quote_spanned! {inner.span()=>
                    let #arg = #private::State(<#inner as #private::FromRef<__S>>::from_ref(#state));
                }
            }
            None => {
                let ty = &param.ty;
                let private = paths::private(ty.span());
                quote_spanned! {ty.span()=>
                    let #arg = <#ty as #private::HandlerArg<#provider>>::from_delivery(#context)?;
                }
            }
        });
    let state_bounds = params
        .iter()
        .filter_map(|param| param.state.as_ref())
        .map(|inner| {
            let private = paths::private(inner.span());
            quote_spanned!(inner.span()=> #inner: #private::FromRef<__S>,)
        });
    // The outcome conversion is spanned at the return type (a wrong return type is one
    // error, there); the boxing at the fn's name (a non-`Send` future is reported there).
    let ret = return_type(item);
    let check_return = {
        let private = paths::private(ret.span());
        quote_spanned!(ret.span()=> #private::into_outcome::<#ret, _>)
    };
    let outcome = quote_spanned!(span=> #check_return(#ident(#(#args),*)));
    let start = quote_spanned!(span=> #private::box_handler(#outcome));

    // A declared provider's catalog is checked during constant evaluation, with the
    // caret on the event string.
    let catalog_check = declared.then(|| {
        let private = paths::private(event.span());
        quote_spanned!(event.span()=> const _: () = #private::check_declared_event::<#provider>(#event);)
    });

    let handler = quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(
            non_camel_case_types,
            dead_code,
            missing_docs,
            missing_debug_implementations,
            unreachable_pub
        )]
        #vis struct #ident {}

        impl<__S> #private::Handler<__S> for #ident
        where
            __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#state_bounds)*
        {
            type Provider = #provider;
            const INFO: #private::HandlerInfo = #private::HandlerInfo {
                name: #name,
                module: ::core::module_path!(),
                event: #event,
                pattern: #pattern,
                mode: #mode,
                endpoint: #endpoint,
            };

            fn call(
                #context: &#private::DeliveryContext<'_, '_, #provider>,
                #state: &__S,
            ) -> ::core::result::Result<#private::HandlerFuture, #private::ArgError> {
                let _ = (&#context, &#state);
                #(#extractions)*
                ::core::result::Result::Ok(#start)
            }
        }
    };
    let item = &item.tokens;
    quote!(#item #catalog_check #handler)
}

/// On errors: the item as written, the errors, and for a fn a stand-in handler struct,
/// so a `router![…]` naming it does not add a second error.
pub(super) fn recovery(item: TokenStream, errors: TokenStream) -> TokenStream {
    let Ok(function) = syn::parse2::<HandlerFn>(item.clone()) else {
        return quote!(#item #errors);
    };
    let private = private(Span::call_site());
    let ident = &function.sig.ident;
    let vis = &function.vis;
    let name = ident.to_string();
    quote! {
        #item
        #errors

        #[doc(hidden)]
        #[allow(non_camel_case_types, missing_docs, missing_debug_implementations, unreachable_pub)]
        #vis struct #ident {}

        impl<__S: 'static> #private::Handler<__S> for #ident {
            type Provider = #private::InvalidHandlerProvider;
            const INFO: #private::HandlerInfo = #private::invalid_handler_info(#name);
            fn call(
                _: &#private::DeliveryContext<'_, '_, #private::InvalidHandlerProvider>,
                _: &__S,
            ) -> ::core::result::Result<#private::HandlerFuture, #private::ArgError> {
                ::core::result::Result::Err(#private::invalid_handler_error())
            }
        }
    }
}
