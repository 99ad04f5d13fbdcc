//! Every path generated code names, in one place. All are absolute and go through
//! `::webhook::__private`, so user crates need only `webhook` in their dependencies.

//!
//! Generated tokens take the span of a token the user wrote (see `handler::expand`), so
//! each function here takes the span to give its tokens.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

pub(crate) fn private(span: Span) -> TokenStream {
    quote_spanned!(span=> ::webhook::__private)
}

/// The provider type of a built-in provider name, if it is one.
pub(crate) fn builtin_provider(name: &str, span: Span) -> Option<TokenStream> {
    let private = private(span);
    match name {
        "stripe" => Some(quote_spanned!(span=> #private::Stripe)),
        "github" => Some(quote_spanned!(span=> #private::GitHub)),
        "slack" => Some(quote_spanned!(span=> #private::Slack)),
        "shopify" => Some(quote_spanned!(span=> #private::Shopify)),
        "gitlab" => Some(quote_spanned!(span=> #private::GitLab)),
        "standard_webhooks" => Some(quote_spanned!(span=> #private::StandardWebhooks)),
        "discord" => Some(quote_spanned!(span=> #private::Discord)),
        "discord_events" => Some(quote_spanned!(span=> #private::DiscordEvents)),
        "twilio" => Some(quote_spanned!(span=> #private::Twilio)),
        "typeform" => Some(quote_spanned!(span=> #private::Typeform)),
        "linear" => Some(quote_spanned!(span=> #private::Linear)),
        "paddle" => Some(quote_spanned!(span=> #private::Paddle)),
        "square" => Some(quote_spanned!(span=> #private::Square)),
        "zoom" => Some(quote_spanned!(span=> #private::Zoom)),
        "twitch" => Some(quote_spanned!(span=> #private::Twitch)),
        "mailgun" => Some(quote_spanned!(span=> #private::Mailgun)),
        "sendgrid" => Some(quote_spanned!(span=> #private::SendGrid)),
        _ => None,
    }
}

/// The built-in provider names, in the order messages list them. Each is enabled by
/// the Cargo feature of the same name (`_` written `-`; both Discord providers use
/// `discord`).
pub(crate) const BUILTIN_PROVIDERS: &[&str] = &[
    "stripe",
    "github",
    "slack",
    "shopify",
    "gitlab",
    "standard_webhooks",
    "discord",
    "discord_events",
    "twilio",
    "typeform",
    "linear",
    "paddle",
    "square",
    "zoom",
    "twitch",
    "mailgun",
    "sendgrid",
];
