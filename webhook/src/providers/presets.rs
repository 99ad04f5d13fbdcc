//! Built-in providers that are one `#[derive(Provider)]` template away: each is a
//! [`declared::Template`](crate::declared::Template) in its folder, and this macro
//! writes the `Provider` impl once, as the derive would — verification and parsing
//! are the derive's own (`declared::verify`, `declared::parse`), so a preset and a
//! derived provider with the same template behave alike. Handlers take
//! [`declared::Event<T>`](crate::declared::Event), which each preset's module
//! re-exports as its `Event`.
//!
//! A preset's folder still holds its own docs (citing the provider's), its `sign.rs`
//! and its tests; only the `impl` is shared.

/// `template_provider!(Type, "name", "NAME_WEBHOOK_SECRET", tolerance, TEMPLATE)`: the
/// unit struct `Type` (with the doc comments written before it) and its `Provider` and
/// `DeclaredProvider` impls over the template constant `TEMPLATE`. With a trailing
/// `verify = path::to::fn`, that fn checks the signature instead of the template (for a
/// signature header no template describes) while the envelope stays the template's.
// Unused in builds that enable no preset.
#[allow(unused_macros)]
macro_rules! template_provider {
    (
        $(#[$doc:meta])*
        $type:ident, $name:literal, $secret_env:literal, $tolerance:expr, $template:path $(,)?
    ) => {
        /// Verifies as the template says (`declared::verify`).
        fn template_verify(
            request: &$crate::provider::RawRequest<'_>,
            context: &$crate::verify::VerifyContext<'_>,
        ) -> Result<$crate::verify::Verified, $crate::verify::VerifyError> {
            $crate::declared::verify(&$template, request, context)
        }

        template_provider!(
            @impl [$(#[$doc])*] $type, $name, $secret_env, $tolerance, $template, template_verify
        );
    };
    // A signature no template describes (`t=…,v1=…` headers), with the template's
    // envelope, dispatch and `Event<T>`.
    (
        $(#[$doc:meta])*
        $type:ident, $name:literal, $secret_env:literal, $tolerance:expr, $template:path,
        verify = $verify:path $(,)?
    ) => {
        template_provider!(
            @impl [$(#[$doc])*] $type, $name, $secret_env, $tolerance, $template, $verify
        );
    };
    (
        @impl [$(#[$doc:meta])*]
        $type:ident, $name:literal, $secret_env:literal, $tolerance:expr, $template:path,
        $verify:path
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $type;

        impl $crate::provider::Provider for $type {
            const NAME: &'static str = $name;
            const SECRET_ENV: &'static str = $secret_env;
            const DEFAULT_TOLERANCE: Option<::std::time::Duration> = $tolerance;
            const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

            type Envelope<'a> = $crate::declared::Envelope<'a>;

            fn verify(
                request: &$crate::provider::RawRequest<'_>,
                context: &$crate::verify::VerifyContext<'_>,
            ) -> Result<$crate::verify::Verified, $crate::verify::VerifyError> {
                $verify(request, context)
            }

            fn parse<'a>(
                request: &$crate::provider::RawRequest<'a>,
            ) -> Result<$crate::declared::Envelope<'a>, $crate::provider::EnvelopeError> {
                $crate::declared::parse(&$template, request)
            }

            fn event_name<'e>(envelope: &'e $crate::declared::Envelope<'_>) -> &'e str {
                &envelope.event
            }

            fn delivery_id<'e>(envelope: &'e $crate::declared::Envelope<'_>) -> Option<&'e str> {
                envelope.id.as_deref()
            }

            fn payload<'e>(envelope: &'e $crate::declared::Envelope<'_>) -> $crate::provider::Payload<'e> {
                $crate::provider::Payload::Json(envelope.body)
            }
        }

        impl $crate::declared::DeclaredProvider for $type {
            fn declared<'e, 'a: 'e>(
                envelope: &'e $crate::declared::Envelope<'a>,
            ) -> &'e $crate::declared::Envelope<'a> {
                envelope
            }
        }
    };
}

/// `standard_webhooks_sender!(Type, "name", "NAME_WEBHOOK_SECRET")`: a sender that signs
/// with Standard Webhooks (Svix: Clerk, Resend, OpenAI, …). Keys, verification,
/// envelope and [`standard_webhooks::Event<T>`](crate::standard_webhooks::Event) are the
/// `standard_webhooks` provider's; only the name, the secret's variable and the catalog
/// differ.
#[cfg(feature = "standard-webhooks")]
#[allow(unused_macros)] // Unused in builds that enable no such sender.
macro_rules! standard_webhooks_sender {
    ($(#[$doc:meta])* $type:ident, $name:literal, $secret_env:literal $(,)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $type;

        impl $crate::provider::Provider for $type {
            const NAME: &'static str = $name;
            const SECRET_ENV: &'static str = $secret_env;
            const DEFAULT_TOLERANCE: Option<::std::time::Duration> =
                <$crate::providers::standard_webhooks::StandardWebhooks as $crate::provider::Provider>::DEFAULT_TOLERANCE;
            const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

            type Envelope<'a> = $crate::providers::standard_webhooks::Envelope<'a>;

            fn decode_secret(text: &str) -> Result<$crate::secret::Secret, String> {
                <$crate::providers::standard_webhooks::StandardWebhooks as $crate::provider::Provider>::decode_secret(text)
            }

            fn verify(
                request: &$crate::provider::RawRequest<'_>,
                context: &$crate::verify::VerifyContext<'_>,
            ) -> Result<$crate::verify::Verified, $crate::verify::VerifyError> {
                <$crate::providers::standard_webhooks::StandardWebhooks as $crate::provider::Provider>::verify(request, context)
            }

            fn parse<'a>(
                request: &$crate::provider::RawRequest<'a>,
            ) -> Result<Self::Envelope<'a>, $crate::provider::EnvelopeError> {
                <$crate::providers::standard_webhooks::StandardWebhooks as $crate::provider::Provider>::parse(request)
            }

            fn finish_parse(
                envelope: &Self::Envelope<'_>,
            ) -> Result<(), $crate::provider::EnvelopeError> {
                <$crate::providers::standard_webhooks::StandardWebhooks as $crate::provider::Provider>::finish_parse(envelope)
            }

            fn event_name<'e>(envelope: &'e Self::Envelope<'_>) -> &'e str {
                &envelope.event_type
            }

            fn delivery_id<'e>(envelope: &'e Self::Envelope<'_>) -> Option<&'e str> {
                envelope.id
            }

            fn payload<'e>(envelope: &'e Self::Envelope<'_>) -> $crate::provider::Payload<'e> {
                <$crate::providers::standard_webhooks::StandardWebhooks as $crate::provider::Provider>::payload(envelope)
            }
        }

        impl $crate::providers::standard_webhooks::Sender for $type {
            fn standard<'e, 'a: 'e>(
                envelope: &'e Self::Envelope<'a>,
            ) -> &'e $crate::providers::standard_webhooks::Envelope<'a> {
                envelope
            }
        }
    };
}
