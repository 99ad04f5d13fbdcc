//! Sentry: `Sentry-Hook-Signature` over the body, events named by the `Sentry-Hook-Resource` header.
//!
//! ```no_run
//! use webhook::{sentry, router, webhook};
//!
//! #[webhook(provider = "sentry", event = "issue")]
//! async fn handle(event: sentry::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // SENTRY_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Sentry's integration-platform documentation ("Webhooks", docs.sentry.io):
//! each request carries `Sentry-Hook-Signature`, the lowercase hex HMAC-SHA256 of the
//! raw body keyed with the integration's **client secret**, `Sentry-Hook-Resource` (the
//! resource: `installation`, `event_alert`, `issue`, `metric_alert`, `error`,
//! `comment`), `Request-ID` (the delivery id) and `Sentry-Hook-Timestamp`. The
//! timestamp is not part of the signature, so it proves nothing and is not checked;
//! replays are stopped by remembering `Request-ID`.
//!
//! Handlers are dispatched on `Sentry-Hook-Resource`, checked against the documented
//! list (the `sentry` catalog); the action (`created`, `resolved`, `triggered`, …) is
//! body `action`.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Sentry's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "sentry-hook-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: Some("request-id"),
    id_field: None,
    event: EventSource::Header("sentry-hook-resource"),
};

template_provider!(
    /// The Sentry provider (`provider = "sentry"`); see the [module docs](self).
    Sentry,
    "sentry",
    "SENTRY_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
