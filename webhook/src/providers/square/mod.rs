//! Square: `x-square-hmacsha256-signature` over `{notification URL}{body}`, events
//! named by body `type`.
//!
//! ```no_run
//! use webhook::{router, square, webhook};
//!
//! #[webhook(provider = "square", event = "payment.created")]
//! async fn payment_created(event: square::Event<serde_json::Value>) {
//!     println!("{} {}: {}", event.event_id, event.data.id, event.data.object["payment"]["status"]);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![payment_created]
//!     .secrets_from_env()? // SQUARE_WEBHOOK_SECRET: the subscription's signature key
//!     // Square signs the notification URL: say where it calls you.
//!     .public_url("square", "https://example.com")
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from the `square` npm package 46.0.0 (`WebhooksHelper`) and the Square SDK
//! test suites:
//!
//! - `x-square-hmacsha256-signature` is the **base64** HMAC-SHA256 of
//!   `notification_url + raw body`, keyed with the subscription's signature key,
//!   no prefix. The URL must be exactly the one the subscription was registered with
//!   (scheme, host, path, query).
//! - No timestamp is signed, so there is no tolerance; replays are stopped by
//!   remembering `event_id` (see the durable delivery log).
//! - The legacy `x-square-signature` (HMAC-SHA1) header is not checked.
//!
//! # The notification URL
//!
//! The server cannot know the URL Square called (TLS ends at a proxy, hosts are
//! rewritten), so it comes from [`Webhooks::public_url`](crate::Webhooks::public_url).
//! Two forms are accepted, both tried for every request:
//!
//! - a **base** (`https://example.com`, or `https://example.com/api` when a proxy
//!   strips `/api`): the signed URL is the base without a trailing `/` followed by the
//!   request's path and query as received (`/webhooks/square?x=1`);
//! - the **full** notification URL, used as-is (for proxies that rewrite paths, or a
//!   router nested under a prefix the endpoint does not see).
//!
//! Without a public URL no request could verify, so building the router fails
//! ([`BuildError::MissingPublicUrl`](crate::BuildError::MissingPublicUrl)), naming
//! `.public_url("square", …)` and the `public_url` setting of `webhook.toml`.
//!
//! # Dispatch
//!
//! Handlers are dispatched on body `type` (`payment.created`; `payment.*` works). The
//! delivery id is body `event_id`. A plain `T: Deserialize` parameter is read from
//! `data.object` (`{"payment": {…}}`; `null` when the event carries no object).

mod event;
pub(crate) mod sign;
mod verify;

pub use event::{Envelope, EnvelopeData, Event, EventData};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Square provider (`provider = "square"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Square;

impl Provider for Square {
    const NAME: &'static str = "square";
    const SECRET_ENV: &'static str = "SQUARE_WEBHOOK_SECRET";
    const SIGNS_URL: bool = true;

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
        Payload::Json(envelope.data.object_bytes())
    }
}
