//! Generates the hidden handler struct from the checked model. The user's fn is emitted
//! exactly as written.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::ItemFn;

use super::check::{return_type, Checked, EventPattern, Mode};
use crate::paths::private;

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
    let private = private();
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let name = ident.to_string();
    let pattern = match pattern {
        EventPattern::Any => quote!(#private::Pattern::Any),
        EventPattern::Prefix(prefix) => quote!(#private::Pattern::Prefix(#prefix)),
        EventPattern::Exact(exact) => quote!(#private::Pattern::Exact(#exact)),
    };
    let mode = match mode {
        None => quote!(::core::option::Option::None),
        Some(Mode::Inline) => quote!(::core::option::Option::Some(#private::Mode::Inline)),
        Some(Mode::Queued) => quote!(::core::option::Option::Some(#private::Mode::Queued)),
    };
    let endpoint = match endpoint {
        None => quote!(::core::option::Option::None),
        Some(name) => quote!(::core::option::Option::Some(#name)),
    };
    let args: Vec<_> = (0..params.len())
        .map(|i| format_ident!("__webhook_arg{}", i))
        .collect();
    // Each extraction is spanned at its parameter's type, so an unsupported type is one
    // error with the caret on the type.
    let extractions = params
        .iter()
        .zip(&args)
        .map(|(param, arg)| match &param.state {
            Some(inner) => quote_spanned! {inner.span()=>
                let #arg = #private::State(<#inner as #private::FromRef<__S>>::from_ref(state));
            },
            None => {
                let ty = &param.ty;
                quote_spanned! {ty.span()=>
                    let #arg = <#ty as #private::HandlerArg<#provider>>::from_delivery(context)?;
                }
            }
        });
    let state_bounds = params
        .iter()
        .filter_map(|param| param.state.as_ref())
        .map(|inner| quote!(#inner: #private::FromRef<__S>,));
    // The outcome conversion is spanned at the return type (a wrong return type is one
    // error, there); the boxing at the fn's name (a non-`Send` future is reported there).
    let ret = return_type(item);
    let check_return = quote_spanned!(ret.span()=> #private::into_outcome::<#ret>);
    let outcome = quote!(#check_return(#ident(#(#args),*).await));
    let start = quote_spanned!(ident.span()=> #private::box_handler(async move { #outcome }));

    // A declared provider's catalog is checked during constant evaluation, with the
    // caret on the event string.
    let catalog_check = declared.then(|| {
        quote_spanned!(event.span()=> const _: () = #private::check_declared_event::<#provider>(#event);)
    });

    quote! {
        #item
        #catalog_check

        #[doc(hidden)]
        #[allow(non_camel_case_types, missing_docs, missing_debug_implementations, unreachable_pub)]
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
                context: &#private::DeliveryContext<'_, '_, #provider>,
                state: &__S,
            ) -> ::core::result::Result<#private::HandlerFuture, #private::ArgError> {
                let _ = (&context, &state);
                #(#extractions)*
                ::core::result::Result::Ok(#start)
            }
        }
    }
}

/// On errors: the item as written, the errors, and for a fn a stand-in handler struct,
/// so a `router![…]` naming it does not add a second error.
pub(super) fn recovery(item: TokenStream, errors: TokenStream) -> TokenStream {
    let Ok(function) = syn::parse2::<ItemFn>(item.clone()) else {
        return quote!(#item #errors);
    };
    let private = private();
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
