//! Vercel: `x-vercel-signature` (HMAC-SHA1, hex) over the body, events named by body `type`.
//!
//! ```no_run
//! use webhook::{vercel, router, webhook};
//!
//! #[webhook(provider = "vercel", event = "deployment.succeeded")]
//! async fn handle(event: vercel::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // VERCEL_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Vercel's "Webhooks" documentation (vercel.com/docs/webhooks): each request
//! carries `x-vercel-signature`, the hex HMAC-SHA1 of the raw body keyed with the
//! webhook's secret (shown once when the webhook is created; an integration's webhooks
//! are signed with its client secret). Nothing is timestamped: replays are stopped by
//! remembering body `id`, the delivery id.
//!
//! Events are named by body `type` (`deployment.created`, `deployment.succeeded`,
//! `project.created`, …). No catalog is shipped, so any name compiles.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Vercel's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-vercel-signature",
    algorithm: Algorithm::HmacSha1,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/id"),
    event: EventSource::JsonPointer("/type"),
};

template_provider!(
    /// The Vercel provider (`provider = "vercel"`); see the [module docs](self).
    Vercel,
    "vercel",
    "VERCEL_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
