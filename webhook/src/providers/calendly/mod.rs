//! Calendly: `Calendly-Webhook-Signature: t=…,v1=…` over `{t}.{body}`, events named by body
//! `event`.
//!
//! ```no_run
//! use webhook::{calendly, router, webhook};
//!
//! #[webhook(provider = "calendly", event = "invitee.created")]
//! async fn handle(event: calendly::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // CALENDLY_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Calendly's "Webhook signatures" developer documentation: a webhook
//! subscription created with a `signing_key` carries `Calendly-Webhook-Signature:
//! t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 of `{t}.{raw body}` keyed with that
//! signing key. `t` is refused when more than the tolerance (default **3 minutes**, a
//! window chosen here, not one Calendly publishes) away from now **in either direction**;
//! `.tolerance("calendly", …)` changes it.
//!
//! Events are named by body `event` (`invitee.created`, `invitee.canceled`,
//! `routing_form_submission.created`, …). Calendly sends no delivery id: deliveries are
//! not deduplicated (key handlers on `payload.uri`). No catalog is shipped, so any name
//! compiles.
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

const HEADER: &str = "calendly-webhook-signature";
const HEADER_NAME: &str = "Calendly-Webhook-Signature";

/// How a Calendly delivery is parsed: the event name and delivery id. Its signature
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
    id_field: None,
    event: EventSource::JsonPointer("/event"),
};

fn verify(request: &RawRequest<'_>, context: &VerifyContext<'_>) -> Result<Verified, VerifyError> {
    crate::verify::timestamped_list::verify(request, context, HEADER, HEADER_NAME)
}

template_provider!(
    /// The Calendly provider (`provider = "calendly"`); see the [module docs](self).
    Calendly,
    "calendly",
    "CALENDLY_WEBHOOK_SECRET",
    Some(Duration::from_secs(180)),
    TEMPLATE,
    verify = verify,
);
