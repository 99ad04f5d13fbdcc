//! Generates, from the checked template, one fn per piece: the `TEMPLATE` constant
//! (`template_const`), `impl Provider` (`provider_impl`) and `impl DeclaredProvider`
//! (`declared_provider_impl`), together in one anonymous `const _: () = { … };` so the
//! constant's name does not leak into the user's module.
//!
//! As in `handler::expand` (whose docs say why incremental builds care), no token is
//! spanned at the call site: a value takes the span of the string or number it comes
//! from, the rest the span of the struct's name. The locals of the generated fns all
//! share that one span, so they find their bindings under `macro_rules!` hygiene.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote_spanned;
use syn::{LitInt, LitStr};

use super::check::{Checked, EventSource, Template, Tolerance, Variant};
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
    let span = ident.span();
    let template = template_const(template, span);
    let tolerance = tolerance_value(tolerance, span);
    let catalog = event_catalog_value(ident, events.as_deref());
    let provider_impl = provider_impl(ident, name, secret_env, tolerance, catalog);
    let declared_provider_impl = declared_provider_impl(ident);
    quote_spanned! {span=>
        const _: () = {
            #template
            #provider_impl
            #declared_provider_impl
        };
    }
}

/// `const TEMPLATE: Template`: the signature scheme `verify` and `parse` follow.
fn template_const(template: &Template, span: Span) -> TokenStream {
    let Template {
        signature_header,
        algorithm,
        encoding,
        prefix,
        signed,
        timestamp_header,
        id_header,
        id_field,
        event,
    } = template;
    let private = private(span);
    let algorithm = variant_value("Algorithm", algorithm);
    let encoding = variant_value("Encoding", encoding);
    let signed = variant_value("Signed", signed);
    let timestamp = optional_str(timestamp_header.as_ref(), span);
    let id = optional_str(id_header.as_ref(), span);
    let id_field = optional_str(id_field.as_ref(), span);
    let event = event_source_value(event);
    quote_spanned! {span=>
        const TEMPLATE: #private::declared::Template = #private::declared::Template {
            signature_header: #signature_header,
            algorithm: #algorithm,
            encoding: #encoding,
            prefix: #prefix,
            signed: #signed,
            timestamp_header: #timestamp,
            id_header: #id,
            id_field: #id_field,
            event: #event,
        };
    }
}

/// `impl Provider`: the constants from the template's keys; every method defers to
/// `declared`'s, which read `TEMPLATE`.
fn provider_impl(
    ident: &Ident,
    name: &LitStr,
    secret_env: &LitStr,
    tolerance: TokenStream,
    catalog: TokenStream,
) -> TokenStream {
    let span = ident.span();
    let private = private(span);
    quote_spanned! {span=>
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
                envelope.id.as_deref()
            }

            fn payload<'e>(envelope: &'e #private::declared::Envelope<'_>) -> #private::Payload<'e> {
                #private::Payload::Json(envelope.body)
            }
        }
    }
}

/// `impl DeclaredProvider`, so `declared::Event<T>` is a handler parameter.
fn declared_provider_impl(ident: &Ident) -> TokenStream {
    let span = ident.span();
    let private = private(span);
    quote_spanned! {span=>
        impl #private::declared::DeclaredProvider for #ident {
            fn declared<'e, 'a: 'e>(
                envelope: &'e #private::declared::Envelope<'a>,
            ) -> &'e #private::declared::Envelope<'a> {
                envelope
            }
        }
    }
}

/// `declared::Algorithm::HmacSha256` and the like, at the span of the value written.
fn variant_value(enum_name: &str, variant: &Variant) -> TokenStream {
    let Variant { name, span } = variant;
    let private = private(*span);
    let enum_name = Ident::new(enum_name, *span);
    let name = Ident::new(name, *span);
    quote_spanned!(*span=> #private::declared::#enum_name::#name)
}

/// `Option<&str>` of an optional header name.
fn optional_str(value: Option<&LitStr>, span: Span) -> TokenStream {
    match value {
        Some(text) => quote_spanned!(text.span()=> ::core::option::Option::Some(#text)),
        None => quote_spanned!(span=> ::core::option::Option::None),
    }
}

/// `EventSource`: the header or the JSON pointer where the event name is.
fn event_source_value(event: &EventSource) -> TokenStream {
    match event {
        EventSource::Header(header) => {
            let private = private(header.span());
            quote_spanned!(header.span()=> #private::declared::EventSource::Header(#header))
        }
        EventSource::Field(pointer) => {
            let private = private(pointer.span());
            quote_spanned!(pointer.span()=> #private::declared::EventSource::JsonPointer(#pointer))
        }
    }
}

/// `Option<Duration>`: the tolerance as written, the runtime's default, or `None`.
fn tolerance_value(tolerance: &Tolerance, span: Span) -> TokenStream {
    let private = private(span);
    match tolerance {
        Tolerance::Written { secs, span } => {
            let secs = LitInt::new(&format!("{secs}u64"), *span);
            quote_spanned! {*span=>
                ::core::option::Option::Some(::core::time::Duration::from_secs(#secs))
            }
        }
        Tolerance::Default => {
            quote_spanned!(span=> ::core::option::Option::Some(#private::declared::DEFAULT_TOLERANCE))
        }
        Tolerance::Off => quote_spanned!(span=> ::core::option::Option::None),
    }
}

/// `Option<&EventCatalog>`: the declared events and, precomputed, the messages a
/// `#[webhook]` naming another event fails with during constant evaluation.
fn event_catalog_value(ident: &Ident, events: Option<&[LitStr]>) -> TokenStream {
    let span = ident.span();
    let private = private(span);
    let Some(events) = events else {
        return quote_spanned!(span=> ::core::option::Option::None);
    };
    let near_miss = events.iter().map(|event| {
        let message = format!("unknown {ident} event; did you mean `{}`?", event.value());
        LitStr::new(&message, event.span())
    });
    let listed: Vec<String> = events
        .iter()
        .map(|event| format!("`{}`", event.value()))
        .collect();
    let unknown = format!(
        "unknown {ident} event; the declared events are {}",
        listed.join(", ")
    );
    let unknown = LitStr::new(&unknown, span);
    quote_spanned! {span=>
        ::core::option::Option::Some(&#private::declared::EventCatalog {
            events: &[#(#events),*],
            near_miss: &[#(#near_miss),*],
            unknown: #unknown,
        })
    }
}
