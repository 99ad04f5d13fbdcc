//! Generates `impl Provider` and `impl DeclaredProvider` from the checked template.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::check::{Checked, EventSource};
use crate::paths::private;

pub(super) fn expand(checked: &Checked) -> TokenStream {
    let Checked {
        ident,
        name,
        secret_env,
        signature_header,
        algorithm,
        encoding,
        prefix,
        signed,
        timestamp_header,
        tolerance_secs,
        id_header,
        event,
        events,
    } = checked;
    let private = private(proc_macro2::Span::call_site());
    let algorithm = format_ident!("{}", algorithm);
    let encoding = format_ident!("{}", encoding);
    let signed = format_ident!("{}", signed);
    let option = |value: &Option<String>| match value {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    };
    let timestamp = option(timestamp_header);
    let id = option(id_header);
    let event = match event {
        EventSource::Header(header) => quote!(#private::declared::EventSource::Header(#header)),
        EventSource::Field(pointer) => {
            quote!(#private::declared::EventSource::JsonPointer(#pointer))
        }
    };
    let tolerance = match (tolerance_secs, timestamp_header) {
        (Some(secs), _) => {
            quote!(::core::option::Option::Some(::core::time::Duration::from_secs(#secs)))
        }
        (None, Some(_)) => {
            quote!(::core::option::Option::Some(#private::declared::DEFAULT_TOLERANCE))
        }
        (None, None) => quote!(::core::option::Option::None),
    };
    let catalog = match events {
        Some(events) => {
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
        None => quote!(::core::option::Option::None),
    };

    quote! {
        const _: () = {
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

            impl #private::declared::DeclaredProvider for #ident {
                fn declared<'e, 'a: 'e>(
                    envelope: &'e #private::declared::Envelope<'a>,
                ) -> &'e #private::declared::Envelope<'a> {
                    envelope
                }
            }
        };
    }
}
