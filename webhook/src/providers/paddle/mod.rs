//! Paddle Billing: `Paddle-Signature: ts=…;h1=…` over `{ts}:{body}`, events named by
//! body `event_type`.
//!
//! ```no_run
//! use webhook::{paddle, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Transaction {
//!     id: String,
//!     status: String,
//! }
//!
//! #[webhook(provider = "paddle", event = "transaction.paid")]
//! async fn transaction_paid(event: paddle::Event<Transaction>) {
//!     println!("{} is {} ({})", event.data.id, event.data.status, event.event_id);
//! }
//!
//! #[webhook(provider = "paddle", event = "subscription.*")]
//! async fn subscriptions(event: paddle::Event<serde_json::Value>) {
//!     println!("{} at {}", event.event_type, event.occurred_at);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![transaction_paid, subscriptions]
//!     .secrets_from_env()? // PADDLE_WEBHOOK_SECRET: the destination's `pdl_ntfset_…` key
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from `@paddle/paddle-node-sdk` 3.10.0 (`webhooks-validator.js`) and Paddle's
//! "Verify webhook signatures" guide:
//!
//! - `Paddle-Signature` holds `;`-separated `key=value` items: `ts=<unix seconds>` and
//!   `h1=<lowercase hex HMAC-SHA256>` over `"{ts}:{raw body}"`, keyed with the
//!   notification destination's secret key used as-is (`pdl_ntfset_…`).
//! - Tolerance: **5 seconds** by default (the SDK's `MAX_VALID_TIME_DIFFERENCE`), in
//!   either direction (the SDK refuses only stale ones; one further in the future is a
//!   skewed clock or a post-dated forgery). Deliveries queued behind a slow proxy, or a
//!   clock that drifts, may need `.tolerance("paddle", Some(Duration::from_secs(…)))`.
//! - Several `h1` items may appear while a secret is rotated: **any** `h1` matching any
//!   configured secret passes. (The node SDK keeps only the last `h1`, which fails a
//!   valid first signature followed by an invalid one; accepting any is the safer
//!   reading of a rotation header and what Stripe's `v1` list does.)
//!
//! # Dispatch
//!
//! Handlers are dispatched on body `event_type` (`transaction.paid`; `transaction.*`
//! works). The delivery id is body `event_id` (`evt_…`): it names the event, so a
//! retry or a replay of the same event is recognised; `notification_id` (`ntf_…`, one
//! per destination and per replay) is in [`Event::notification_id`]. A plain
//! `T: Deserialize` parameter is read from body `data`. Paddle Classic (`p_signature`,
//! RSA) is a different scheme and is not supported.

mod event;
pub(crate) mod sign;
mod verify;

use std::time::Duration;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Paddle Billing provider (`provider = "paddle"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Paddle;

impl Provider for Paddle {
    const NAME: &'static str = "paddle";
    const SECRET_ENV: &'static str = "PADDLE_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(5));

    type Envelope<'a> = Envelope<'a>;

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        &envelope.event_type
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(&envelope.event_id)
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.data.get().as_bytes())
    }
}
