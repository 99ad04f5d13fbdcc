//! Jira Cloud: `X-Hub-Signature: sha256=<hex>` over the body, events named by body `webhookEvent`.
//!
//! ```no_run
//! use webhook::{jira, router, webhook};
//!
//! #[webhook(provider = "jira", event = "jira:issue_created")]
//! async fn handle(event: jira::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // JIRA_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Atlassian's "Webhooks" documentation for Jira Cloud ("Secure admin
//! webhooks"): an admin webhook registered with a secret carries
//! `X-Hub-Signature: sha256=<hex>` (the WebSub `method=signature` form), the HMAC-SHA256
//! of the raw body keyed with that secret, and `X-Atlassian-Webhook-Identifier`, which
//! is unique per delivery and the same on retries (the delivery id). Webhooks
//! registered without a secret (or by Connect apps, which authenticate with a JWT) are
//! unsigned and refused here. Nothing is timestamped.
//!
//! Events are named by body `webhookEvent` (`jira:issue_created`, `comment_created`,
//! `sprint_started`, …). No catalog is shipped, so any name compiles.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Jira Cloud's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-hub-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "sha256=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: Some("x-atlassian-webhook-identifier"),
    id_field: None,
    event: EventSource::JsonPointer("/webhookEvent"),
};

template_provider!(
    /// The Jira Cloud provider (`provider = "jira"`); see the [module docs](self).
    Jira,
    "jira",
    "JIRA_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
