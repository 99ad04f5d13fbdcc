//! Segment: `X-Signature` (HMAC-SHA1, hex) over the body, calls named by body `type`.
//!
//! ```no_run
//! use webhook::{segment, router, webhook};
//!
//! #[webhook(provider = "segment", event = "track")]
//! async fn handle(event: segment::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // SEGMENT_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Segment's "Webhooks" destination documentation: with a shared secret set,
//! each request carries `X-Signature`, the hex HMAC-SHA1 of the raw body keyed with that
//! secret. Nothing is timestamped: replays are stopped by remembering body `messageId`,
//! the delivery id.
//!
//! Handlers are dispatched on the call's body `type`: `identify`, `track`, `page`,
//! `screen`, `group`, `alias` (the `segment` catalog of the Segment Spec's call types).
//! A track call's own name is body `event`.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Segment's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-signature",
    algorithm: Algorithm::HmacSha1,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/messageId"),
    event: EventSource::JsonPointer("/type"),
};

template_provider!(
    /// The Segment provider (`provider = "segment"`); see the [module docs](self).
    Segment,
    "segment",
    "SEGMENT_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
