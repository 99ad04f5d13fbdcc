//! Gitea / Forgejo: `X-Gitea-Signature` over the body, events named by the `X-Gitea-Event` header.
//!
//! ```no_run
//! use webhook::{gitea, router, webhook};
//!
//! #[webhook(provider = "gitea", event = "push")]
//! async fn handle(event: gitea::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // GITEA_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Gitea's "Webhooks" documentation (Forgejo sends the same headers, and
//! `X-Forgejo-*` copies of them): each request carries `X-Gitea-Signature`, the hex
//! HMAC-SHA256 of the raw body keyed with the webhook's secret, `X-Gitea-Event` (the
//! event: `push`, `pull_request`, `issues`, `release`, …) and `X-Gitea-Delivery` (a
//! UUID per delivery, the delivery id). Nothing is timestamped.
//!
//! Handlers are dispatched on `X-Gitea-Event`. No catalog is shipped, so any name
//! compiles.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Gitea / Forgejo's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-gitea-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: Some("x-gitea-delivery"),
    id_field: None,
    event: EventSource::Header("x-gitea-event"),
};

template_provider!(
    /// The Gitea / Forgejo provider (`provider = "gitea"`); see the [module docs](self).
    Gitea,
    "gitea",
    "GITEA_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
