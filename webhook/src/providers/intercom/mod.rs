//! Intercom: `X-Hub-Signature: sha1=<hex>` over the body, events named by body `topic`.
//!
//! ```no_run
//! use webhook::{intercom, router, webhook};
//!
//! #[webhook(provider = "intercom", event = "conversation.user.created")]
//! async fn handle(event: intercom::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // INTERCOM_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Intercom's developer documentation ("Webhooks: signed notifications"):
//! every notification carries `X-Hub-Signature: sha1=<hex>`, the HMAC-SHA1 of the raw
//! body keyed with the app's **client secret** (Developer Hub → Basic information).
//! Nothing is timestamped: replays are stopped by remembering the delivery id, body
//! `id` (`notif_…`).
//!
//! Events are named by body `topic` (`conversation.user.created`, `contact.lead.created`,
//! …); Intercom sends the `ping` topic when a subscription is set up or tested, which a
//! handler for `ping` (or none: `200`, ignored) answers. Intercom's topic list is not
//! shipped as a catalog here, so any name compiles.
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Intercom's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-hub-signature",
    algorithm: Algorithm::HmacSha1,
    encoding: Encoding::Hex,
    prefix: "sha1=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/id"),
    event: EventSource::JsonPointer("/topic"),
};

template_provider!(
    /// The Intercom provider (`provider = "intercom"`); see the [module docs](self).
    Intercom,
    "intercom",
    "INTERCOM_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
