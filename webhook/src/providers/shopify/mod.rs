//! Shopify: base64 `X-Shopify-Hmac-Sha256` over the body, events named by
//! `X-Shopify-Topic`.
//!
//! ```no_run
//! use webhook::{router, shopify, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Order {
//!     id: u64,
//!     email: Option<String>,
//! }
//!
//! #[webhook(provider = "shopify", event = "orders/create")]
//! async fn order_created(event: shopify::Event<Order>) {
//!     println!("{:?}: order {} for {:?}", event.shop_domain, event.payload.id, event.payload.email);
//! }
//!
//! #[webhook(provider = "shopify", event = "customers/redact")]
//! async fn redact(body: serde_json::Value) {
//!     println!("erase {}", body["customer"]["id"]);
//! }
//! # let _: webhook::Webhooks = router![order_created, redact];
//! ```
//!
//! # Scheme
//!
//! From `@shopify/shopify-api` 15.0.0 (`lib/webhooks/validate.js`,
//! `lib/utils/hmac-validator.js`) and shopify.dev "Verify webhook deliveries": the
//! **standard base64** HMAC-SHA256 of the raw body, no prefix, keyed with the app's
//! client secret (`SHOPIFY_WEBHOOK_SECRET`). Events deliveries (developer preview)
//! sign the same way and write every header without the `X-` prefix
//! (`shopify-hmac-sha256`, `shopify-topic`, …); both forms are read.
//!
//! Nothing is timestamped (`X-Shopify-Triggered-At` is not signed), so replays are
//! stopped by remembering `X-Shopify-Webhook-Id`, the delivery id. Shopify's docs say a
//! rotated client secret can take up to an hour to take over, so configure the old
//! and the new secret together for that hour (comma-separated); either passes.
//!
//! Event names are the REST-form topics (`orders/create`, `app/uninstalled`), checked
//! against the catalog of Admin API topics and the compliance topics; `*` takes all.
//! No handshake.

mod event;
pub(crate) mod sign;
mod verify;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Shopify provider (`provider = "shopify"`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Shopify;

impl Provider for Shopify {
    const NAME: &'static str = "shopify";
    const SECRET_ENV: &'static str = "SHOPIFY_WEBHOOK_SECRET";

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
        envelope.topic
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.webhook_id
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.body)
    }
}
