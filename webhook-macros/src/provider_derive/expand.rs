//! Generates, from the checked template, one fn per piece: the `TEMPLATE` constant
//! (`template_const`), `impl Provider` (`provider_impl`) and `impl DeclaredProvider`
//! (`declared_provider_impl`), together in one anonymous `const _: () = { … };` so the
//! constant's name does not leak into the user's module.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::check::{Checked, EventSource, Template, Tolerance};
use crate::paths::private;

/// The three items, in an anonymous constant's block.
pub(super) fn expand(checked: &Checked) -> TokenStream {
    let Checked {
        ident,
        name,
        secret_env,
        template,
        tolerance,
        events,
    } = checked;
    let template = template_const(template);
    let tolerance = tolerance_value(tolerance);
    let catalog = event_catalog_value(ident, events.as_deref());
    let provider_impl = provider_impl(ident, name, secret_env, tolerance, catalog);
    let declared_provider_impl = declared_provider_impl(ident);
    quote! {
        const _: () = {
            #template
            #provider_impl
            #declared_provider_impl
        };
    }
}

/// `const TEMPLATE: Template`: the signature scheme `verify` and `parse` follow.
fn template_const(template: &Template) -> TokenStream {
    let Template {
        signature_header,
        algorithm,
        encoding,
        prefix,
        signed,
        timestamp_header,
        id_header,
        event,
    } = template;
    let private = private(proc_macro2::Span::call_site());
    let algorithm = format_ident!("{}", algorithm);
    let encoding = format_ident!("{}", encoding);
    let signed = format_ident!("{}", signed);
    let timestamp = optional_str(timestamp_header);
    let id = optional_str(id_header);
    let event = event_source_value(event);
    quote! {
        const TEMPLATE: #private::declared::Template = #private::declared::Template {
            signature_header: #signature_header,
            algorithm: #private::declared::Algorithm::#algorithm,
            encoding: #private::declared::Encoding::#encoding,
            prefix: #prefix,
            signed: #private::declared::Signed::#signed,
            timestamp_header: #timestamp,
            id_header: #id,
            event: #event,
        };
    }
}

/// `impl Provider`: the constants from the template's keys; every method defers to
/// `declared`'s, which read `TEMPLATE`.
fn provider_impl(
    ident: &Ident,
    name: &str,
    secret_env: &str,
    tolerance: TokenStream,
    catalog: TokenStream,
) -> TokenStream {
    let private = private(proc_macro2::Span::call_site());
    quote! {
        impl #private::Provider for #ident {
            const NAME: &'static str = #name;
            const SECRET_ENV: &'static str = #secret_env;
            const DEFAULT_TOLERANCE: ::core::option::Option<::core::time::Duration> = #tolerance;
            const EVENTS: ::core::option::Option<&'static #private::declared::EventCatalog> = #catalog;
            const CONTENT_TYPES: &'static [&'static str] = &["application/json"];
            type Envelope<'a> = #private::declared::Envelope<'a>;

            fn verify(
                request: &#private::RawRequest<'_>,
                context: &#private::VerifyContext<'_>,
            ) -> ::core::result::Result<#private::Verified, #private::VerifyError> {
                #private::declared::verify(&TEMPLATE, request, context)
            }

            fn parse<'a>(
                request: &#private::RawRequest<'a>,
            ) -> ::core::result::Result<#private::declared::Envelope<'a>, #private::EnvelopeError> {
                #private::declared::parse(&TEMPLATE, request)
            }

            fn event_name<'e>(envelope: &'e #private::declared::Envelope<'_>) -> &'e str {
                &envelope.event
            }

            fn delivery_id<'e>(envelope: &'e #private::declared::Envelope<'_>) -> ::core::option::Option<&'e str> {
                envelope.id
            }

            fn payload<'e>(envelope: &'e #private::declared::Envelope<'_>) -> #private::Payload<'e> {
                #private::Payload::Json(envelope.body)
            }
        }
    }
}

/// `impl DeclaredProvider`, so `declared::Event<T>` is a handler parameter.
fn declared_provider_impl(ident: &Ident) -> TokenStream {
    let private = private(proc_macro2::Span::call_site());
    quote! {
        impl #private::declared::DeclaredProvider for #ident {
            fn declared<'e, 'a: 'e>(
                envelope: &'e #private::declared::Envelope<'a>,
            ) -> &'e #private::declared::Envelope<'a> {
                envelope
            }
        }
    }
}

/// `Option<&str>` of an optional header name.
fn optional_str(value: &Option<String>) -> TokenStream {
    match value {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// `EventSource`: the header or the JSON pointer where the event name is.
fn event_source_value(event: &EventSource) -> TokenStream {
    let private = private(proc_macro2::Span::call_site());
    match event {
        EventSource::Header(header) => quote!(#private::declared::EventSource::Header(#header)),
        EventSource::Field(pointer) => {
            quote!(#private::declared::EventSource::JsonPointer(#pointer))
        }
    }
}

/// `Option<Duration>`: the tolerance as written, the runtime's default, or `None`.
fn tolerance_value(tolerance: &Tolerance) -> TokenStream {
    let private = private(proc_macro2::Span::call_site());
    match tolerance {
        Tolerance::Written(secs) => {
            quote!(::core::option::Option::Some(::core::time::Duration::from_secs(#secs)))
        }
        Tolerance::Default => {
            quote!(::core::option::Option::Some(#private::declared::DEFAULT_TOLERANCE))
        }
        Tolerance::Off => quote!(::core::option::Option::None),
    }
}

/// `Option<&EventCatalog>`: the declared events and, precomputed, the messages a
/// `#[webhook]` naming another event fails with during constant evaluation.
fn event_catalog_value(ident: &Ident, events: Option<&[String]>) -> TokenStream {
    let private = private(proc_macro2::Span::call_site());
    let Some(events) = events else {
        return quote!(::core::option::Option::None);
    };
    let display = ident.to_string();
    let near_miss = events
        .iter()
        .map(|e| format!("unknown {display} event; did you mean `{e}`?"));
    let listed: Vec<String> = events.iter().map(|e| format!("`{e}`")).collect();
    let unknown = format!(
        "unknown {display} event; the declared events are {}",
        listed.join(", ")
    );
    quote! {
        ::core::option::Option::Some(&#private::declared::EventCatalog {
            events: &[#(#events),*],
            near_miss: &[#(#near_miss),*],
            unknown: #unknown,
        })
    }
}
