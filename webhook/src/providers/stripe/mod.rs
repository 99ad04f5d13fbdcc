//! Stripe: `Stripe-Signature` over `{t}.{body}`, events named by body `type`.
//!
//! ```no_run
//! use webhook::{router, stripe, webhook};
//!
//! #[webhook(provider = "stripe", event = "invoice.paid")]
//! async fn invoice_paid(event: stripe::Event<stripe::Invoice>) {
//!     println!("{} paid {}", event.data.object.id, event.data.object.amount_paid.unwrap_or(0));
//! }
//!
//! #[webhook(provider = "stripe", event = "customer.subscription.*")]
//! async fn subscriptions(event: stripe::Event<serde_json::Value>) {
//!     println!("{}: {}", event.event_type, event.id);
//! }
//! # let _: webhook::Webhooks = router![invoice_paid, subscriptions];
//! ```
//!
//! Scheme (from Stripe's own libraries): the header holds `t=<unix seconds>` and one
//! `v1=<hex HMAC-SHA256>` per active secret over `"{t}.{raw body}"`, keyed with the
//! whole `whsec_…` string. Any `v1` matching any configured secret passes; `v0` items
//! are ignored; timestamps further than the tolerance (default 300 s) from now are
//! refused in either direction. Stripe's SDKs accept any timestamp from the future;
//! refusing one beyond the tolerance keeps a leaked signature from being post-dated.

mod event;
pub(crate) mod sign;
mod types;
mod verify;

use std::borrow::Cow;
use std::time::Duration;

pub use event::{Envelope, EnvelopeFields, Event, EventData};
pub use types::*;

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Stripe provider (`provider = "stripe"`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Stripe;

impl Provider for Stripe {
    const NAME: &'static str = "stripe";
    const SECRET_ENV: &'static str = "STRIPE_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

    type Envelope<'a> = Envelope<'a>;

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        Envelope::parse(request.body)
    }

    fn finish_parse(envelope: &Envelope<'_>) -> Result<(), EnvelopeError> {
        envelope.finish()
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        envelope.event_type()
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(envelope.id())
    }

    /// `data.object`; empty (so that parsing it fails, `400`) when the envelope is
    /// malformed, which the runtime reports before any handler runs.
    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        match envelope.fields() {
            Ok(fields) => Payload::Json(fields.data.object.get().as_bytes()),
            Err(_) => Payload::Json(b""),
        }
    }
}

/// Borrowed text that may need unescaping (`Cow` so the usual case allocates nothing).
pub(crate) type Text<'a> = Cow<'a, str>;
