//! Bitbucket Cloud: `X-Hub-Signature: sha256=<hex>` over the body, events named by the `X-Event-Key` header.
//!
//! ```no_run
//! use webhook::{bitbucket, router, webhook};
//!
//! #[webhook(provider = "bitbucket", event = "repo:push")]
//! async fn handle(event: bitbucket::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // BITBUCKET_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Bitbucket Cloud's documentation ("Manage webhooks" and "Event payloads"):
//! a webhook with a secret carries `X-Hub-Signature: sha256=<hex>`, the HMAC-SHA256 of
//! the raw body keyed with that secret (a webhook without a secret is unsigned and is
//! refused here: configure one). Every request has `X-Event-Key` (the event, e.g.
//! `repo:push`, `pullrequest:created`), `X-Request-UUID` (the delivery id), `X-Hook-UUID`
//! and `X-Attempt-Number`. Nothing is timestamped: replays are stopped by remembering
//! `X-Request-UUID`.
//!
//! Handlers are dispatched on `X-Event-Key`; `event = "pullrequest:*"` is not a pattern
//! (patterns end in `.*`), so name each key. No catalog is shipped, so any name
//! compiles. Bitbucket Data Center sends the same signature but `X-Request-Id`: it is not
//! this provider (declare one with `#[derive(Provider)]`).
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Bitbucket Cloud's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-hub-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "sha256=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: Some("x-request-uuid"),
    id_field: None,
    event: EventSource::Header("x-event-key"),
};

template_provider!(
    /// The Bitbucket Cloud provider (`provider = "bitbucket"`); see the [module docs](self).
    Bitbucket,
    "bitbucket",
    "BITBUCKET_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
