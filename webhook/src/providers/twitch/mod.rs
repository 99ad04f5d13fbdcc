//! Twitch EventSub (webhook transport): `Twitch-Eventsub-Message-Signature` over
//! `{message id}{timestamp}{body}`, events named by `Twitch-Eventsub-Subscription-Type`,
//! the callback challenge and revocations answered for you.
//!
//! ```no_run
//! use webhook::{router, twitch, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Follow {
//!     user_name: String,
//!     broadcaster_user_name: String,
//! }
//!
//! #[webhook(provider = "twitch", event = "channel.follow")]
//! async fn followed(event: twitch::Event<Follow>) {
//!     println!("{} follows {}", event.event.user_name, event.event.broadcaster_user_name);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![followed]
//!     .secrets_from_env()? // TWITCH_WEBHOOK_SECRET: the subscription's `secret`
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from the official `twitchdev/twitch-cli` (`forward_event.go`) and Twitch's
//! "Handling Webhook Events" guide:
//!
//! - `Twitch-Eventsub-Message-Signature: sha256=<lowercase hex HMAC-SHA256>` over
//!   `Twitch-Eventsub-Message-Id ‖ Twitch-Eventsub-Message-Timestamp ‖ raw body`, no
//!   separators, keyed with the `secret` given when subscribing. The timestamp is
//!   signed **as the header string** (RFC 3339 with nanoseconds), never re-formatted.
//! - Tolerance: Twitch's guide says to refuse messages older than **10 minutes**; that
//!   is the default, checked in both directions (a timestamp further ahead than that is
//!   refused as "in the future"). The timestamp is read by a small RFC 3339 parser in
//!   this module (`Z` or `±HH:MM` offsets, fraction dropped), so no date-time crate is
//!   needed; an unreadable timestamp is refused while a tolerance is set.
//!
//! # Message types
//!
//! `Twitch-Eventsub-Message-Type` decides what happens, after verification:
//!
//! - `webhook_callback_verification`: answered `200` with body `challenge` as
//!   `text/plain`, no handler runs;
//! - `revocation`: Twitch ended the subscription (`subscription.status` says why);
//!   logged at `warn` and answered `204`, no handler runs (a revocation carries no
//!   `event`, and its name is not a subscription type a handler could ask for);
//! - `notification`: dispatched.
//!
//! # Dispatch
//!
//! Handlers are dispatched on the `Twitch-Eventsub-Subscription-Type` header (body
//! `subscription.type` when the header is absent): `channel.follow`, `channel.*`.
//! The catalog holds the types the official CLI can mock, a subset of Twitch's. The
//! delivery id is `Twitch-Eventsub-Message-Id`, which retries keep. A plain
//! `T: Deserialize` parameter is read from body `event`.

mod event;
pub(crate) mod sign;
mod time;
mod verify;

use std::time::Duration;

use axum::response::IntoResponse;

pub use event::{Envelope, Event, MessageType, Subscription};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Twitch EventSub provider (`provider = "twitch"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Twitch;

impl Provider for Twitch {
    const NAME: &'static str = "twitch";
    const SECRET_ENV: &'static str = "TWITCH_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(600));

    type Envelope<'a> = Envelope<'a>;

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        event::parse(request)
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        &envelope.subscription_type
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(envelope.message_id)
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.event_bytes())
    }

    fn handshake(
        envelope: &Envelope<'_>,
        _verified: &Verified,
        _context: &VerifyContext<'_>,
    ) -> Option<axum::response::Response> {
        match envelope.message_type {
            MessageType::Notification => None,
            MessageType::WebhookCallbackVerification => {
                let challenge = envelope.challenge.as_deref().unwrap_or_default().to_owned();
                Some(([(http::header::CONTENT_TYPE, "text/plain")], challenge).into_response())
            }
            MessageType::Revocation => {
                let status = event::subscription_head(envelope.subscription)
                    .ok()
                    .and_then(|head| head.status.map(|status| status.into_owned()));
                tracing::warn!(
                    subscription_type = %envelope.subscription_type,
                    status = status.as_deref().unwrap_or("unknown"),
                    "Twitch revoked an EventSub subscription"
                );
                Some(http::StatusCode::NO_CONTENT.into_response())
            }
        }
    }
}
