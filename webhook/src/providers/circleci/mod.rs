//! CircleCI: `circleci-signature: v1=<hex>` over the body, events named by body `type`.
//!
//! ```no_run
//! use webhook::{circleci, router, webhook};
//!
//! #[webhook(provider = "circleci", event = "workflow-completed")]
//! async fn handle(event: circleci::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // CIRCLECI_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From CircleCI's "Webhooks" documentation: each request carries
//! `circleci-signature`, a comma-separated list of `version=signature` items; `v1` is
//! the hex HMAC-SHA256 of the raw body keyed with the webhook's signing secret (other
//! versions are skipped, and any `v1` matching passes). Nothing is timestamped: replays
//! are stopped by remembering body `id`, the delivery id.
//!
//! Events are named by body `type`: `workflow-completed` and `job-completed` (the
//! `circleci` catalog).
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// CircleCI's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "circleci-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "v1=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/id"),
    event: EventSource::JsonPointer("/type"),
};

template_provider!(
    /// The CircleCI provider (`provider = "circleci"`); see the [module docs](self).
    CircleCi,
    "circleci",
    "CIRCLECI_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
