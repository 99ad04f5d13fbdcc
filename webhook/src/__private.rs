//! Everything generated code names, in one place. Not part of the public API.
//!
//! Macros only ever write `::webhook::__private::…`, so a user crate needs nothing but
//! `webhook` in its dependencies.

pub use axum::extract::{FromRef, State};
pub use webhook_catalog::Pattern;

pub use crate::delivery::DeliveryContext;
pub use crate::handler::{
    box_handler, into_outcome, ArgError, Handler, HandlerArg, HandlerFuture, HandlerInfo,
    HandlerReturn, Mode, Outcome,
};
pub use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
pub use crate::router::Webhooks;
pub use crate::verify::{Verified, VerifyContext, VerifyError};

/// What `#[derive(Provider)]` names.
pub mod declared {
    pub use crate::declared::{
        parse, verify, Algorithm, DeclaredProvider, Encoding, Envelope, EventCatalog, EventSource,
        Signed, Template, DEFAULT_TOLERANCE,
    };
}

/// Checks, during constant evaluation, an event pattern of a handler against a declared
/// provider's catalog; a miss panics with the catalog's message, which the compiler
/// shows at the event string.
pub const fn check_declared_event<P: Provider>(pattern: &str) {
    let Some(catalog) = P::EVENTS else {
        return;
    };
    if webhook_catalog::matches_any(pattern, catalog.events) {
        return;
    }
    match webhook_catalog::suggest::closest(pattern, catalog.events) {
        Some(index) => panic!("{}", catalog.near_miss[index]),
        None => panic!("{}", catalog.unknown),
    }
}

#[cfg(feature = "discord")]
pub use crate::providers::discord::Discord;
#[cfg(feature = "discord")]
pub use crate::providers::discord_events::DiscordEvents;
#[cfg(feature = "github")]
pub use crate::providers::github::GitHub;
#[cfg(feature = "gitlab")]
pub use crate::providers::gitlab::GitLab;
#[cfg(feature = "linear")]
pub use crate::providers::linear::Linear;
#[cfg(feature = "mailgun")]
pub use crate::providers::mailgun::Mailgun;
#[cfg(feature = "paddle")]
pub use crate::providers::paddle::Paddle;
#[cfg(feature = "sendgrid")]
pub use crate::providers::sendgrid::SendGrid;
#[cfg(feature = "shopify")]
pub use crate::providers::shopify::Shopify;
#[cfg(feature = "slack")]
pub use crate::providers::slack::Slack;
#[cfg(feature = "square")]
pub use crate::providers::square::Square;
#[cfg(feature = "standard-webhooks")]
pub use crate::providers::standard_webhooks::StandardWebhooks;
#[cfg(feature = "stripe")]
pub use crate::providers::stripe::Stripe;
#[cfg(feature = "twilio")]
pub use crate::providers::twilio::Twilio;
#[cfg(feature = "twitch")]
pub use crate::providers::twitch::Twitch;
#[cfg(feature = "typeform")]
pub use crate::providers::typeform::Typeform;
#[cfg(feature = "zoom")]
pub use crate::providers::zoom::Zoom;

/// Stands in for the provider of a handler whose `#[webhook]` attribute has errors, so
/// that `router![…]` naming it adds no second error. Never reached at run time: the
/// crate does not compile.
#[derive(Debug)]
pub struct InvalidHandlerProvider;

impl crate::Provider for InvalidHandlerProvider {
    const NAME: &'static str = "invalid";
    const SECRET_ENV: &'static str = "INVALID";
    type Envelope<'a> = ();

    fn verify(
        _: &crate::RawRequest<'_>,
        _: &crate::VerifyContext<'_>,
    ) -> Result<crate::Verified, crate::VerifyError> {
        Err(crate::VerifyError::Mismatch)
    }

    fn parse<'a>(_: &crate::RawRequest<'a>) -> Result<(), crate::EnvelopeError> {
        Err(crate::EnvelopeError("invalid handler".to_owned()))
    }

    fn event_name(_: &()) -> &str {
        ""
    }

    fn delivery_id(_: &()) -> Option<&str> {
        None
    }

    fn payload<'e>(_: &'e ()) -> crate::Payload<'e> {
        crate::Payload::Json(b"")
    }
}

/// The [`HandlerInfo`] of a stand-in handler.
pub const fn invalid_handler_info(name: &'static str) -> HandlerInfo {
    HandlerInfo {
        name,
        module: "",
        event: "",
        pattern: Pattern::Any,
        mode: None,
        endpoint: None,
    }
}

/// The error a stand-in handler returns.
pub fn invalid_handler_error() -> ArgError {
    ArgError {
        type_name: "invalid handler",
        reason: String::new(),
    }
}
