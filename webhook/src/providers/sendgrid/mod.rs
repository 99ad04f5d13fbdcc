//! SendGrid Event Webhook (signed): ECDSA P-256 over `{timestamp}{body}`, a JSON
//! array of email events per request, dispatched once as the event `batch`.
//!
//! ```no_run
//! use webhook::{router, sendgrid, webhook};
//!
//! #[webhook(provider = "sendgrid", event = "batch")]
//! async fn email_events(batch: sendgrid::Event<sendgrid::EmailEvent>) {
//!     for bounce in batch.of_kind("bounce") {
//!         println!("{} bounced ({:?})", bounce.email, bounce.sg_event_id);
//!     }
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![email_events]
//!     // SENDGRID_WEBHOOK_SECRET: the verification key the console shows
//!     // (base64 of a DER public key), not an API key.
//!     .secrets_from_env()?
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from `@sendgrid/eventwebhook` 8.0.0 (`eventwebhook.js` and its test suite):
//!
//! - `X-Twilio-Email-Event-Webhook-Signature` is a base64 DER ECDSA signature, P-256
//!   with SHA-256, over `X-Twilio-Email-Event-Webhook-Timestamp ‖ raw body`. The raw
//!   body ends with `\r\n` (and separates events with `\r\n`); those bytes are signed.
//! - The "secret" is the **verification key** from the console: the base64 of a DER
//!   SubjectPublicKeyInfo (a whole PEM block is accepted too). It is checked when the
//!   router is built, so a garbled key fails at startup, not per request. Several
//!   keys may be configured; any may verify.
//! - Tolerance: the SDK checks none, and neither does this provider by default; set
//!   `.tolerance("sendgrid", Some(…))` to refuse timestamps further than that from now,
//!   stale or in the future.
//!
//! # Dispatch: one batch per request
//!
//! SendGrid posts a JSON **array** of events of different kinds (`processed`,
//! `delivered`, `bounce`, `open`, …) in one request, and answers to it as a whole. A
//! provider names each request with one event name, so every request is dispatched
//! once as **`batch`** (or `*`), and [`Event<T>`] carries all of its events;
//! [`Event::of_kind`] picks those of one kind. There is no catalog, so
//! `event = "bounce"` would compile but never run: write `event = "batch"`.
//!
//! The delivery id is `sha256:` followed by the hex SHA-256 of the body: a request
//! has no id of its own, and a batch's first `sg_event_id` could name a different
//! batch after SendGrid re-batches a retry. Each event's own idempotency key is its
//! `sg_event_id` ([`EmailEvent::sg_event_id`]). A plain `T: Deserialize` parameter
//! is read from the whole array (e.g. `Vec<MyEvent>`).

mod event;
pub(crate) mod sign;
mod verify;

pub use event::{EmailEvent, Envelope, Event, EventHead};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The name every SendGrid request is dispatched on.
pub const BATCH: &str = "batch";

/// The SendGrid Event Webhook provider (`provider = "sendgrid"`); see the
/// [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct SendGrid;

impl Provider for SendGrid {
    const NAME: &'static str = "sendgrid";
    const SECRET_ENV: &'static str = "SENDGRID_WEBHOOK_SECRET";

    type Envelope<'a> = Envelope<'a>;

    fn decode_secret(text: &str) -> Result<Secret, String> {
        verify::decode_key(text)
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

    fn event_name<'e>(_envelope: &'e Envelope<'_>) -> &'e str {
        BATCH
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(&envelope.delivery_id)
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.body)
    }
}
