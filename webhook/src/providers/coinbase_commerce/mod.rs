//! Coinbase Commerce: `X-CC-Webhook-Signature` over the body, events named by body `event.type`.
//!
//! ```no_run
//! use webhook::{coinbase_commerce, router, webhook};
//!
//! #[webhook(provider = "coinbase_commerce", event = "charge:created")]
//! async fn handle(event: coinbase_commerce::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // COINBASE_COMMERCE_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Coinbase Commerce's "Webhooks" documentation: each request carries
//! `X-CC-Webhook-Signature`, the hex HMAC-SHA256 of the raw body keyed with the
//! endpoint's shared secret (Settings → Webhook subscriptions). Nothing is timestamped:
//! replays are stopped by remembering body `event.id`, the delivery id.
//!
//! Events are named by body `event.type`, checked against the documented charge events
//! (the `coinbase_commerce` catalog).
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Coinbase Commerce's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-cc-webhook-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/event/id"),
    event: EventSource::JsonPointer("/event/type"),
};

template_provider!(
    /// The Coinbase Commerce provider (`provider = "coinbase_commerce"`); see the [module docs](self).
    CoinbaseCommerce,
    "coinbase_commerce",
    "COINBASE_COMMERCE_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
