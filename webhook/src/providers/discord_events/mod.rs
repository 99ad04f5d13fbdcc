//! Discord webhook events endpoint: signed like interactions, `PING` answered `204`,
//! events dispatched on `event.type` and answered `204`.
//!
//! ```no_run
//! use webhook::{discord_events, router, webhook};
//!
//! #[webhook(provider = "discord_events", event = "APPLICATION_AUTHORIZED")]
//! async fn authorized(event: discord_events::Event<serde_json::Value>) {
//!     println!("authorized by {}", event.data["user"]["id"]);
//! }
//!
//! #[webhook(provider = "discord_events", event = "ENTITLEMENT_CREATE")]
//! async fn entitlement(event: discord_events::Event<serde_json::Value>) {
//!     println!("entitlement {} at {:?}", event.data["id"], event.timestamp);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![authorized, entitlement]
//!     .secrets_from_env()? // DISCORD_PUBLIC_KEY: the application's hex public key
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! The default path is `/webhooks/discord_events`, apart from the interactions endpoint
//! ([`discord`](crate::discord)) at `/webhooks/discord`; both read
//! `DISCORD_PUBLIC_KEY`.
//!
//! # Scheme
//!
//! Facts from npm `discord-interactions` 4.4.0 (`dist/webhooks.js`: `WebhookType`,
//! `WebhookEventType`) and Discord's "Webhook Events" documentation:
//!
//! - The signature is the interactions one: hex Ed25519 in `X-Signature-Ed25519` over
//!   `{X-Signature-Timestamp}{raw body}`, checked against the application's hex public
//!   key (see [`discord`](crate::discord) for the details).
//! - Body `{"version":1,"application_id":…,"type":0}` is the `PING` Discord sends when
//!   the URL is saved: answered **`204`** with no body, without dispatching.
//! - Body `type` 1 carries `event: {type, timestamp, data}`; handlers are dispatched
//!   on `event.type` (`APPLICATION_AUTHORIZED`, `ENTITLEMENT_CREATE`, …, checked
//!   against the catalog at compile time), and every verified delivery is answered
//!   **`204`** (handled or ignored), as Discord expects.
//! - A plain `T: Deserialize` parameter is read from `event.data`.
//! - Discord puts no delivery id on webhook events, so there is none (the durable log
//!   cannot dedupe them).
//!
//! **Timestamp window** (a decision): none by default, as in the SDK: whether Discord
//! re-signs retried events is not documented, so a window could refuse real retries.
//! Set one with `.tolerance("discord_events", Some(…))` (checked in both directions).

mod event;
pub(crate) mod sign;

pub use event::{Envelope, Event};

use axum::response::IntoResponse;

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::providers::discord::event::raw_or_null;
use crate::providers::discord::verify;
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Discord webhook events provider (`provider = "discord_events"`); see the
/// [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct DiscordEvents;

impl Provider for DiscordEvents {
    const NAME: &'static str = "discord_events";
    const SECRET_ENV: &'static str = "DISCORD_PUBLIC_KEY";

    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];
    const SUCCESS_STATUS: http::StatusCode = http::StatusCode::NO_CONTENT;

    type Envelope<'a> = Envelope<'a>;

    fn decode_secret(text: &str) -> Result<Secret, String> {
        verify::decode_public_key(text)
    }

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
        &envelope.name
    }

    fn delivery_id<'e>(_envelope: &'e Envelope<'_>) -> Option<&'e str> {
        None
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(raw_or_null(envelope.data))
    }

    /// `PING` (outer `type` 0) → `204`.
    fn handshake(
        envelope: &Envelope<'_>,
        _verified: &Verified,
        _context: &VerifyContext<'_>,
    ) -> Option<axum::response::Response> {
        (envelope.webhook_type == event::PING).then(|| http::StatusCode::NO_CONTENT.into_response())
    }
}
