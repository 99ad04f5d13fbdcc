//! Linear: `Linear-Signature` over the body, a signed `webhookTimestamp` in the body,
//! events named by body `type`.
//!
//! ```no_run
//! use webhook::{linear, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Issue {
//!     id: String,
//!     title: String,
//! }
//!
//! #[webhook(provider = "linear", event = "Issue")] // create, update and remove
//! async fn issue(event: linear::Event<Issue>) {
//!     println!("issue {} {}: {}", event.data.id, event.action, event.data.title);
//! }
//!
//! #[webhook(provider = "linear", event = "Comment")]
//! async fn comment(event: linear::Event<serde_json::Value>) {
//!     println!("comment {} ({:?})", event.action, event.updated_from);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![issue, comment]
//!     .secrets_from_env()? // LINEAR_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from `@linear/sdk` 98.0.0 (`LinearWebhookClient`) and Linear's "Webhooks" SDK
//! documentation:
//!
//! - `Linear-Signature` is the **lowercase** hex HMAC-SHA256 of the raw body, keyed with
//!   the webhook's signing secret, no prefix. The SDK compares the hex text, so an
//!   uppercase signature is refused here too.
//! - The timestamp is the body field `webhookTimestamp` (milliseconds since the epoch),
//!   refused when it is missing, not an integer, or more than the tolerance (default
//!   **60 s**, as the SDK) away from now **in either direction**. Set another window
//!   with `.tolerance("linear", …)`; `None` skips the timestamp check entirely.
//!
//! Verification runs before the envelope is parsed, so it reads `webhookTimestamp`
//! itself: the HMAC is checked first, and only a body whose signature matched is
//! scanned for that one field. A missing or malformed `webhookTimestamp` is a
//! signature failure (`401`), named after the field.
//!
//! # Dispatch
//!
//! Handlers are dispatched on body `type` only (`Issue`, `Comment`, `Project`, …: the
//! catalog `event = "…"` is checked against). The `action` (`create`, `update`,
//! `remove`, or a free string for non-entity types) is in [`Event::action`]: one
//! handler per entity type sees all of its actions. The delivery id is the
//! `Linear-Delivery` header (reported by third-party material, not the SDK; absent
//! → `None`). A plain `T: Deserialize` parameter is read from body `data`.

mod event;
pub(crate) mod sign;
mod verify;

use std::time::Duration;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Linear provider (`provider = "linear"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Linear;

impl Provider for Linear {
    const NAME: &'static str = "linear";
    const SECRET_ENV: &'static str = "LINEAR_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(60));

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
        &envelope.entity_type
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.delivery
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.payload_bytes())
    }
}
