//! Razorpay: `X-Razorpay-Signature` over the body, events named by body `event`.
//!
//! ```no_run
//! use webhook::{razorpay, router, webhook};
//!
//! #[webhook(provider = "razorpay", event = "payment.captured")]
//! async fn handle(event: razorpay::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // RAZORPAY_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Razorpay's "Validate and test webhooks" documentation: each request carries
//! `X-Razorpay-Signature`, the hex HMAC-SHA256 of the raw body keyed with the secret
//! set on the webhook, and `x-razorpay-event-id`, the delivery id (the same on retries;
//! Razorpay's docs say to deduplicate on it). Nothing is timestamped.
//!
//! Events are named by body `event` (`payment.captured`, `order.paid`, `refund.created`,
//! …). No catalog is shipped, so any name compiles.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Razorpay's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-razorpay-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: Some("x-razorpay-event-id"),
    id_field: None,
    event: EventSource::JsonPointer("/event"),
};

template_provider!(
    /// The Razorpay provider (`provider = "razorpay"`); see the [module docs](self).
    Razorpay,
    "razorpay",
    "RAZORPAY_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
