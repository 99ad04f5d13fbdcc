//! PagerDuty: `X-PagerDuty-Signature: v1=<hex>` over the body (V3 webhooks), events named by body `event.event_type`.
//!
//! ```no_run
//! use webhook::{pagerduty, router, webhook};
//!
//! #[webhook(provider = "pagerduty", event = "incident.triggered")]
//! async fn handle(event: pagerduty::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // PAGERDUTY_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From PagerDuty's "Verifying Signatures" documentation for V3 webhook
//! subscriptions: each request carries `X-PagerDuty-Signature`, a comma-separated list
//! of `v1=<hex>` items, each the HMAC-SHA256 of the raw body keyed with one of the
//! subscription's secrets (several during a rotation: any one matching passes).
//! Nothing is timestamped: replays are stopped by remembering body `event.id`, the
//! delivery id.
//!
//! Events are named by body `event.event_type` (`incident.triggered`,
//! `incident.resolved`, …). No catalog is shipped, so any name compiles.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// PagerDuty's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-pagerduty-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "v1=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/event/id"),
    event: EventSource::JsonPointer("/event/event_type"),
};

template_provider!(
    /// The PagerDuty provider (`provider = "pagerduty"`); see the [module docs](self).
    PagerDuty,
    "pagerduty",
    "PAGERDUTY_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
