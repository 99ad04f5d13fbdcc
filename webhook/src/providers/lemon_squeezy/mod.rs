//! Lemon Squeezy: `X-Signature` over the body, events named by body `meta.event_name`.
//!
//! ```no_run
//! use webhook::{lemon_squeezy, router, webhook};
//!
//! #[webhook(provider = "lemon_squeezy", event = "order_created")]
//! async fn handle(event: lemon_squeezy::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // LEMON_SQUEEZY_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Lemon Squeezy's "Signing requests" and "Event types" documentation: each
//! request carries `X-Signature`, the hex HMAC-SHA256 of the raw body keyed with the
//! webhook's signing secret, and `X-Event-Name`. The event is also body
//! `meta.event_name`, which is signed, so that is what handlers are dispatched on
//! (`order_created`, `subscription_payment_success`, …). No catalog is shipped, so any
//! name compiles.
//!
//! Lemon Squeezy sends no delivery id and nothing timestamped: a delivery is not
//! deduplicated, and replays of a captured request verify. Make handlers idempotent
//! (key on `data.id` and the event), or record what you handled.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Lemon Squeezy's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: None,
    event: EventSource::JsonPointer("/meta/event_name"),
};

template_provider!(
    /// The Lemon Squeezy provider (`provider = "lemon_squeezy"`); see the [module docs](self).
    LemonSqueezy,
    "lemon_squeezy",
    "LEMON_SQUEEZY_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
