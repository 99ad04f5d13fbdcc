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
        params,
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
    let args: Vec<_> = (0..params.len())
        .map(|i| format_ident!("__webhook_arg{}", i))
        .collect();
    let extractions = params
        .iter()
        .zip(&args)
        .map(|(param, arg)| match &param.state {
            Some(inner) => quote! {
                let #arg = #private::State(<#inner as #private::FromRef<__S>>::from_ref(state));
            },
            None => {
                let ty = &param.ty;
                quote! {
                    let #arg = <#ty as #private::HandlerArg<#provider>>::from_delivery(context)?;
                }
            }
        });
    let state_bounds = params
        .iter()
        .filter_map(|param| param.state.as_ref())
        .map(|inner| quote!(#inner: #private::FromRef<__S>,));
    let arg_checks = params
        .iter()
        .filter(|param| param.state.is_none())
        .map(|param| {
            let ty = &param.ty;
            quote_spanned!(ty.span()=> #private::assert_handler_arg::<#provider, #ty>();)
        });
    let ret = return_type(item);
    let ret_check = quote_spanned!(ret.span()=> #private::assert_handler_return::<#ret>(););
    let start = quote_spanned!(ident.span()=> #private::box_handler(#ident(#(#args),*)));

    quote! {
        #item

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

        #[allow(non_snake_case, dead_code)]
        const _: () = {
            fn __webhook_check_parameter_and_return_types() {
                #(#arg_checks)*
                #ret_check
            }
        };
    }
}

/// On errors: the item as written and, for a fn, a stand-in handler struct, so a
/// `router![…]` naming it does not add a second error.
pub(super) fn recovery(item: TokenStream) -> TokenStream {
    let Ok(function) = syn::parse2::<ItemFn>(item.clone()) else {
        return item;
    };
    let private = private();
    let ident = &function.sig.ident;
    let vis = &function.vis;
    let name = ident.to_string();
    quote! {
        #item

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
