//! Generates the items next to a handler from the checked model, one fn per piece: the
//! hidden struct named like the fn (`handler_struct`); its `impl Handler`
//! (`handler_impl`, with `handler_info` and `call_fn`, one `extraction` per parameter);
//! the constant that checks the provider (`provider_check`: a built-in provider's
//! feature, or a declared provider's catalog); the constant that checks the payload
//! types against the event (`payload_check`). The user's fn is emitted exactly as
//! written.
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
use syn::{Ident, LitStr, Type, Visibility};

use super::check::{Checked, EventPattern, Mode, ProviderCheck};
use super::parse::{HandlerFn, Param};
use super::payload::PayloadBinding;
use crate::paths::{builtin_provider_enabled, private};

/// The user's fn as written, then the items generated next to it.
pub(super) fn expand(checked: &Checked) -> TokenStream {
    let Checked {
        item,
        provider,
        event,
        pattern,
        mode,
        endpoint,
        params,
        return_type,
        provider_check,
        payload,
    } = checked;
    let HandlerFn { vis, sig, tokens } = item;
    let ident = &sig.ident;
    let provider_check = match provider_check {
        ProviderCheck::FeatureOn(name) => builtin_provider_enabled(&name.value(), name.span()),
        ProviderCheck::EventInCatalog => declared_catalog_check(provider, event),
    };
    let handler_struct = handler_struct(vis, ident);
    let info = handler_info(ident, event, pattern, *mode, endpoint.as_ref());
    let handler_impl = handler_impl(ident, provider, info, params, return_type);
    let payload_check = payload
        .as_ref()
        .map(|payload| payload_check(payload, params))
        .unwrap_or_default();
    quote!(#tokens #provider_check #handler_struct #handler_impl #payload_check)
}

/// `const _: () = check_declared_event::<P>("…");`: a declared provider's catalog is
/// checked during constant evaluation, with the caret on the event string.
fn declared_catalog_check(provider: &TokenStream, event: &LitStr) -> TokenStream {
    let span = event.span();
    let private = private(span);
    quote_spanned!(span=> const _: () = #private::check_declared_event::<#provider>(#event);)
}

/// A constant holding the handler's own `Carried` trait, whose message names what the
/// event carries and which only that type implements, and a fn never called that
/// probes each parameter (see `__private::PayloadProbe`): a ready-made payload type,
/// bare or in an `Event<T>`, must be `Carried`; any other type passes. All of it is
/// type checking: nothing runs, nothing is added to dispatch.
///
/// The traits are spanned at the event string (the notes "required by this bound"
/// point there), each probe at its parameter's payload type (the error's caret).
fn payload_check(payload: &PayloadBinding, params: &[Param]) -> TokenStream {
    let PayloadBinding {
        provider,
        carried_type,
        message,
        label,
        note,
    } = payload;
    let probes: Vec<TokenStream> = params
        .iter()
        .filter(|Param { ty: _, state }| state.is_none())
        .map(|Param { ty, state: _ }| {
            let span = payload_span(ty);
            let private = private(span);
            let check = Ident::new("check_payload", span);
            quote_spanned!(span=> (&#private::PayloadProbe::<#ty>::new()).#check();)
        })
        .collect();
    if probes.is_empty() {
        return TokenStream::new();
    }
    let span = provider.span();
    let private = private(span);
    let carried_impl = carried_type.as_ref().map(|carried| {
        quote_spanned!(span=> impl __WebhookCarried for #private::payloads::#provider::#carried {})
    });
    quote_spanned! {span=>
        const _: () = {
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            trait __WebhookCarried {}
            #carried_impl
            trait __WebhookBarePayload<T> {
                fn check_payload(&self) where T: __WebhookCarried {}
            }
            impl<T: #private::BuiltinPayload> __WebhookBarePayload<T> for #private::PayloadProbe<T> {}
            trait __WebhookEventPayload<T> {
                fn check_payload(&self) where T: __WebhookCarried {}
            }
            impl<T: #private::BuiltinPayload> __WebhookEventPayload<T>
                for #private::PayloadProbe<#private::payloads::#provider::Event<T>> {}
            #[allow(dead_code, clippy::needless_borrow)]
            fn __webhook_payload_check() {
                #[allow(unused_imports)]
                use #private::AnyPayload as _;
                #(#probes)*
            }
        };
    }
}

/// Where a wrong payload type is reported: the last name in the payload type (the
/// type argument of `Event<T>` when the parameter is written that way), so the caret
/// is on `Customer` in `stripe::Event<stripe::Customer>`.
fn payload_span(ty: &Type) -> Span {
    let last_name = |ty: &Type| match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.span()),
        _ => None,
    };
    let Type::Path(path) = ty else {
        return ty.span();
    };
    let Some(last) = path.path.segments.last() else {
        return ty.span();
    };
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first() {
            Some(syn::GenericArgument::Type(inner)) if args.args.len() == 1 => {
                last_name(inner).unwrap_or_else(|| inner.span())
            }
            _ => last.ident.span(),
        },
        _ => last.ident.span(),
    }
}

/// The hidden struct named like the fn (in the type namespace), which `router![…]` names.
fn handler_struct(vis: &Visibility, ident: &Ident) -> TokenStream {
    quote_spanned! {ident.span()=>
        #[doc(hidden)]
        #[allow(
            non_camel_case_types,
            dead_code,
            missing_docs,
            missing_debug_implementations,
            unreachable_pub
        )]
        #vis struct #ident {}
    }
}

/// `impl Handler<S>` for the hidden struct: its provider, its `INFO` and its `call`.
fn handler_impl(
    ident: &Ident,
    provider: &TokenStream,
    info: TokenStream,
    params: &[Param],
    return_type: &Type,
) -> TokenStream {
    let span = ident.span();
    let private = private(span);
    let state_bounds = params
        .iter()
        .filter_map(|Param { ty: _, state }| state.as_ref())
        .map(state_bound);
    let call = call_fn(ident, provider, params, return_type);
    quote_spanned! {span=>
        impl<__S> #private::Handler<__S> for #ident
        where
            __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#state_bounds)*
        {
            type Provider = #provider;
            const INFO: #private::HandlerInfo = #info;
            #call
        }
    }
}

/// `Handler::call`: builds each argument from the delivery, then starts the fn.
fn call_fn(
    ident: &Ident,
    provider: &TokenStream,
    params: &[Param],
    return_type: &Type,
) -> TokenStream {
    let span = ident.span();
    let private = private(span);
    let args: Vec<Ident> = (0..params.len())
        .map(|i| format_ident!("__webhook_arg{}", i, span = span))
        .collect();
    // The locals share one span: under `macro_rules!` hygiene, a local named at another
    // span (a parameter type from the macro's body) would not find its binding.
    let (context, state) = (Ident::new("context", span), Ident::new("state", span));
    let extractions = params
        .iter()
        .zip(&args)
        .map(|(param, arg)| extraction(param, arg, provider, &context, &state));
    let start = boxed_call(ident, &args, return_type);
    quote_spanned! {span=>
        fn call(
            #context: &#private::DeliveryContext<'_, '_, #provider>,
            #state: &__S,
        ) -> ::core::result::Result<#private::HandlerFuture, #private::ArgError> {
            let _ = (&#context, &#state);
            #(#extractions)*
            ::core::result::Result::Ok(#start)
        }
    }
}

/// The `HandlerInfo` the router reads: the fn's name and module, the event as written
/// and its pattern, the mode and the endpoint.
fn handler_info(
    ident: &Ident,
    event: &LitStr,
    pattern: &EventPattern,
    mode: Option<Mode>,
    endpoint: Option<&LitStr>,
) -> TokenStream {
    let span = ident.span();
    let private = private(span);
    let name = LitStr::new(&ident.to_string(), span);
    let pattern = pattern_value(pattern, event, span);
    let mode = mode_value(mode, span);
    let endpoint = endpoint_value(endpoint, span);
    quote_spanned! {span=>
        #private::HandlerInfo {
            name: #name,
            module: ::core::module_path!(),
            event: #event,
            pattern: #pattern,
            mode: #mode,
            endpoint: #endpoint,
        }
    }
}

/// The checked `Pattern`; its string keeps the event string's span.
fn pattern_value(pattern: &EventPattern, event: &LitStr, span: Span) -> TokenStream {
    let private = private(span);
    match pattern {
        EventPattern::Any => quote_spanned!(span=> #private::Pattern::Any),
        EventPattern::Prefix(prefix) => {
            let prefix = LitStr::new(prefix, event.span());
            quote_spanned!(span=> #private::Pattern::Prefix(#prefix))
        }
        EventPattern::Exact(exact) => {
            let exact = LitStr::new(exact, event.span());
            quote_spanned!(span=> #private::Pattern::Exact(#exact))
        }
    }
}

/// `Option<Mode>`: `None` leaves the choice to the router.
fn mode_value(mode: Option<Mode>, span: Span) -> TokenStream {
    let private = private(span);
    match mode {
        None => quote_spanned!(span=> ::core::option::Option::None),
        Some(Mode::Inline) => {
            quote_spanned!(span=> ::core::option::Option::Some(#private::Mode::Inline))
        }
        Some(Mode::Queued) => {
            quote_spanned!(span=> ::core::option::Option::Some(#private::Mode::Queued))
        }
    }
}

/// `Option<&str>`: the one endpoint the handler serves, or `None` for all of them.
fn endpoint_value(endpoint: Option<&LitStr>, span: Span) -> TokenStream {
    match endpoint {
        None => quote_spanned!(span=> ::core::option::Option::None),
        Some(name) => quote_spanned!(span=> ::core::option::Option::Some(#name)),
    }
}

/// The where-clause bound `T: FromRef<S>` of a `State<T>` parameter, spanned at `T`.
fn state_bound(inner: &Type) -> TokenStream {
    let span = inner.span();
    let private = private(span);
    quote_spanned!(span=> #inner: #private::FromRef<__S>,)
}

/// `let argN = …;` building one argument, spanned at its parameter's type, so an
/// unsupported type is one error with the caret on the type.
fn extraction(
    param: &Param,
    arg: &Ident,
    provider: &TokenStream,
    context: &Ident,
    state: &Ident,
) -> TokenStream {
    let Param { ty, state: inner } = param;
    match inner {
        Some(inner) => {
            let span = inner.span();
            let private = private(span);
            quote_spanned! {span=>
                let #arg = #private::State(<#inner as #private::FromRef<__S>>::from_ref(#state));
            }
        }
        None => {
            let span = ty.span();
            let private = private(span);
            quote_spanned! {span=>
                let #arg = <#ty as #private::HandlerArg<#provider>>::from_delivery(#context)?;
            }
        }
    }
}

/// The call of the fn, its outcome converted and boxed. The conversion is spanned at
/// the return type (a wrong return type is one error, there); the boxing at the fn's
/// name (a non-`Send` future is reported there).
fn boxed_call(ident: &Ident, args: &[Ident], return_type: &Type) -> TokenStream {
    let into_outcome = {
        let span = return_type.span();
        let private = private(span);
        quote_spanned!(span=> #private::into_outcome::<#return_type, _>)
    };
    let span = ident.span();
    let private = private(span);
    quote_spanned!(span=> #private::box_handler(#into_outcome(#ident(#(#args),*))))
}

/// On errors: the item as written, the errors, and for a fn a stand-in handler struct,
/// so a `router![…]` naming it does not add a second error.
pub(super) fn recovery(item: TokenStream, errors: TokenStream) -> TokenStream {
    let Ok(function) = syn::parse2::<HandlerFn>(item.clone()) else {
        return quote!(#item #errors);
    };
    let HandlerFn {
        vis,
        sig,
        tokens: _,
    } = &function;
    let private = private(Span::call_site());
    let ident = &sig.ident;
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
