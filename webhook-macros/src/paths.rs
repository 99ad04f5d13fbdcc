//! Every path generated code names, in one place. All are absolute and go through
//! `::webhook::__private`, so user crates need only `webhook` in their dependencies.

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn private() -> TokenStream {
    quote!(::webhook::__private)
}

/// The provider type of a built-in provider name, if it is one.
pub(crate) fn builtin_provider(name: &str) -> Option<TokenStream> {
    let private = private();
    match name {
        "stripe" => Some(quote!(#private::Stripe)),
        "github" => Some(quote!(#private::GitHub)),
        "slack" => Some(quote!(#private::Slack)),
        "shopify" => Some(quote!(#private::Shopify)),
        "gitlab" => Some(quote!(#private::GitLab)),
        "standard_webhooks" => Some(quote!(#private::StandardWebhooks)),
        "discord" => Some(quote!(#private::Discord)),
        "discord_events" => Some(quote!(#private::DiscordEvents)),
        "twilio" => Some(quote!(#private::Twilio)),
        "typeform" => Some(quote!(#private::Typeform)),
        "linear" => Some(quote!(#private::Linear)),
        "paddle" => Some(quote!(#private::Paddle)),
        "square" => Some(quote!(#private::Square)),
        "zoom" => Some(quote!(#private::Zoom)),
        "twitch" => Some(quote!(#private::Twitch)),
        "mailgun" => Some(quote!(#private::Mailgun)),
        "sendgrid" => Some(quote!(#private::SendGrid)),
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
