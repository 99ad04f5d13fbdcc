//! Mailgun: an HMAC of `timestamp + token` carried **inside** the JSON body, events
//! named by `event-data.event`.
//!
//! **The body is not signed.** Mailgun's signature covers only
//! `signature.timestamp` and `signature.token`; anyone who captures one signed
//! delivery can attach that signature to other `event-data`. Verification here stops
//! what it can: the timestamp must be recent (300 s by default, both directions), and
//! the token is the delivery id, so the runtime's delivery log refuses a second
//! delivery with the same token. Treat `event-data` as a hint to act on with care
//! (look the message up through Mailgun's API before anything irreversible), and
//! keep the endpoint's URL private.
//!
//! ```no_run
//! use webhook::{mailgun, router, webhook};
//!
//! #[webhook(provider = "mailgun", event = "failed")]
//! async fn failed(event: mailgun::Event<serde_json::Value>) {
//!     println!("{} failed ({})", event.data["recipient"], event.data["severity"]);
//! }
//!
//! #[webhook(provider = "mailgun", event = "delivered")]
//! async fn delivered(event: mailgun::Event<serde_json::Value>) {
//!     println!("{:?} delivered", event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![failed, delivered]
//!     .secrets_from_env()? // MAILGUN_WEBHOOK_SECRET: the HTTP webhook signing key
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from Mailgun's "Securing Webhooks" documentation, as summarised by third-party
//! guides (no official SDK ships a verifier):
//!
//! - The JSON body holds `"signature": {"timestamp": "<unix seconds>", "token":
//!   "<random>", "signature": "<hex>"}` next to `"event-data"`.
//! - `signature.signature` is the hex HMAC-SHA256 of `timestamp + token` (no
//!   separator), keyed with the **HTTP webhook signing key** (not the API key).
//! - Mailgun advises checking that the timestamp is recent and caching tokens; the
//!   tolerance is **300 s** here, refusing stale and future timestamps alike, since
//!   the timestamp/token pair is the only replay defence the scheme has.
//!
//! Verification runs before the envelope is parsed, so it reads the `signature`
//! object itself (a small borrowed parse); a missing or malformed object is a
//! signature failure (`401`). Only JSON webhooks are supported, not the legacy
//! form-encoded ones.
//!
//! # Dispatch
//!
//! Handlers are dispatched on `event-data.event` (`delivered`, `failed`, `opened`,
//! `clicked`, `unsubscribed`, `complained`, `accepted`, …). There is no catalog: the
//! webhook ids of Mailgun's API (`permanent_fail`, …) are not these names, so event
//! names are not checked at compile time. The delivery id is `signature.token`, new
//! for every request (replay protection); Mailgun's id of the event is
//! `event-data.id`, in [`Event::id`], for deduplicating redeliveries. A plain
//! `T: Deserialize` parameter is read from `event-data`.

mod event;
pub(crate) mod sign;
mod verify;

use std::time::Duration;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Mailgun provider (`provider = "mailgun"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Mailgun;

impl Provider for Mailgun {
    const NAME: &'static str = "mailgun";
    const SECRET_ENV: &'static str = "MAILGUN_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

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
        &envelope.event
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(&envelope.token)
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.event_data.get().as_bytes())
    }
}
