//! Typeform: `Typeform-Signature: sha256=<base64>` over the body, events named by
//! body `event_type`.
//!
//! ```no_run
//! use webhook::{router, typeform, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct FormResponse {
//!     form_id: String,
//!     token: String,
//! }
//!
//! #[webhook(provider = "typeform", event = "form_response")]
//! async fn submitted(event: typeform::Event<FormResponse>) {
//!     println!("{}: response {} to {}", event.event_id, event.form_response.token, event.form_response.form_id);
//! }
//! # let _: webhook::Webhooks = router![submitted];
//! ```
//!
//! # Scheme
//!
//! From Typeform's "Secure your webhooks" documentation: `Typeform-Signature:
//! sha256=<standard base64 of HMAC-SHA256 of the raw body>`, keyed with the webhook's
//! secret (`TYPEFORM_WEBHOOK_SECRET`; several, comma-separated, are all tried, so a
//! secret can be changed without downtime). Nothing is timestamped: replays are
//! stopped by remembering `event_id`, the delivery id.
//!
//! Event names are body `event_type` (`form_response`). Typeform publishes no list of
//! event types, so any name is accepted. A plain `T` parameter reads
//! `form_response` (the whole body when a delivery has none). No handshake.

mod event;
pub(crate) mod sign;
mod verify;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Typeform provider (`provider = "typeform"`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Typeform;

impl Provider for Typeform {
    const NAME: &'static str = "typeform";
    const SECRET_ENV: &'static str = "TYPEFORM_WEBHOOK_SECRET";

    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

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
        &envelope.event_type
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(&envelope.event_id)
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        match envelope.form_response {
            Some(raw) => Payload::Json(raw.get().as_bytes()),
            None => Payload::Json(envelope.body),
        }
    }
}
