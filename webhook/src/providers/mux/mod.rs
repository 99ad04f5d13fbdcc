//! Mux: `Mux-Signature: t=…,v1=…` over `{t}.{body}`, events named by body
//! `type`.
//!
//! ```no_run
//! use webhook::{mux, router, webhook};
//!
//! #[webhook(provider = "mux", event = "video.asset.ready")]
//! async fn handle(event: mux::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // MUX_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Mux's "Verify webhook signatures" guide: each request carries
//! `Mux-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 of `{t}.{raw body}`
//! keyed with the webhook's signing secret (a secret per endpoint, on the webhooks
//! settings page). Any `v1` item matching any configured secret passes; other schemes
//! are skipped. `t` is refused when more than the tolerance (default **5 minutes**, the
//! window Mux's SDKs use) away from now **in either direction**;
//! `.tolerance("mux", …)` changes it.
//!
//! Events are named by body `type` (`video.asset.ready`, `video.live_stream.active`,
//! …) and the delivery id is body `id` (the same on retries). No catalog is shipped, so
//! any name compiles.
//!
//! The envelope is a `#[derive(Provider)]` template's ([`TEMPLATE`]), so handlers take
//! [`Event<T>`] (the body as `T`); only the signature header, which no template
//! describes, is checked by hand (`verify::timestamped_list`, shared with the other
//! `t=…,v1=…` senders).

pub(crate) mod sign;

use std::time::Duration;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};
use crate::provider::RawRequest;
use crate::verify::{Verified, VerifyContext, VerifyError};

const HEADER: &str = "mux-signature";
const HEADER_NAME: &str = "Mux-Signature";

/// How a Mux delivery is parsed: the event name and delivery id. Its signature
/// fields describe the HMAC but not the header's `t=…,v1=…` form, which this module
/// reads by hand.
pub const TEMPLATE: Template = Template {
    signature_header: HEADER,
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "v1=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: Some("/id"),
    event: EventSource::JsonPointer("/type"),
};

fn verify(request: &RawRequest<'_>, context: &VerifyContext<'_>) -> Result<Verified, VerifyError> {
    crate::verify::timestamped_list::verify(request, context, HEADER, HEADER_NAME)
}

template_provider!(
    /// The Mux provider (`provider = "mux"`); see the [module docs](self).
    Mux,
    "mux",
    "MUX_WEBHOOK_SECRET",
    Some(Duration::from_secs(300)),
    TEMPLATE,
    verify = verify,
);
