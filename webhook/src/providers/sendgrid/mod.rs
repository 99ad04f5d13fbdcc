//! SendGrid Event Webhook (signed): ECDSA P-256 over `{timestamp}{body}`, a JSON
//! array of email events per request, each event dispatched to the handlers of its
//! kind.
//!
//! ```no_run
//! use webhook::{router, sendgrid, webhook};
//!
//! #[webhook(provider = "sendgrid", event = "bounce")]
//! async fn bounced(bounce: sendgrid::Event<sendgrid::EmailEvent>) {
//!     println!("{} bounced ({})", bounce.data.email, bounce.delivery_id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![bounced]
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
//! # Dispatch: each event of the batch
//!
//! SendGrid posts a JSON **array** of events of different kinds (`processed`,
//! `delivered`, `bounce`, `open`, …) in one request, and retries the request as a
//! whole when it is not answered `2xx`. Each event goes to the handlers of its kind
//! (its `event` field: `event = "bounce"`, or `*` for all), in the batch's order, as
//! [`Event<T>`] (one event) or a plain `T: Deserialize` read from that event alone;
//! its [`Delivery`](crate::Delivery) id is the event's `sg_event_id` (or, without one,
//! `sha256:` and the hex SHA-256 of the event's JSON). The request is verified once
//! and acknowledged once: `200` when every handler succeeded, `500` when any failed
//! (so SendGrid retries the batch), `400` before any handler runs when an event does
//! not fit its handler's type. There is no catalog of kinds, so a misspelt kind
//! compiles and never runs.
//!
//! **With a store, a batch is one stored delivery**, not one per event: its body is
//! exactly the bytes SendGrid signed (so the stored signature still verifies it), its
//! delivery id is `sha256:` and the body's hex SHA-256, its event name is `batch`, and
//! it is written once whatever the batch's size. Its run (inline, or by a worker)
//! dispatches each event as above; when a handler fails the batch is retried whole,
//! which is also what SendGrid does. Handlers therefore see an event again when
//! another event of its batch failed, and when SendGrid re-batches a retry (a new body,
//! so a new id for the log): deduplicate on [`Event::delivery_id`] (the
//! `sg_event_id`) where running twice matters.

mod event;
pub(crate) mod sign;
mod verify;

pub use event::{Batch, EmailEvent, Envelope, Event, EventHead};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The event name a whole request carries in the delivery log; handlers are
/// dispatched on each event's own kind instead.
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

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        envelope.name()
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(envelope.delivery_id())
    }

    fn split<'a>(envelope: &Self::Envelope<'a>) -> Option<Vec<Self::Envelope<'a>>> {
        envelope.split()
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        envelope.payload()
    }
}
