//! Cal.com: `X-Cal-Signature-256` over the body, events named by body `triggerEvent`.
//!
//! ```no_run
//! use webhook::{cal_com, router, webhook};
//!
//! #[webhook(provider = "cal_com", event = "BOOKING_CREATED")]
//! async fn handle(event: cal_com::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // CAL_COM_WEBHOOK_SECRET, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Cal.com's "Webhooks" documentation: a webhook with a secret carries
//! `X-Cal-Signature-256`, the hex HMAC-SHA256 of the raw body keyed with that secret.
//! Events are named by body `triggerEvent` (`BOOKING_CREATED`, `BOOKING_CANCELLED`,
//! `MEETING_ENDED`, …). No catalog is shipped, so any name compiles.
//!
//! Cal.com sends no delivery id and nothing timestamped: a delivery is not
//! deduplicated, and a captured request replays. Make handlers idempotent (key on
//! `payload.uid` and the event).
//!
//! Several secrets (comma-separated) are all tried, so one can be changed without
//! downtime. This provider is a preset of `#[derive(Provider)]`'s template machinery
//! (see [`TEMPLATE`]): it verifies and parses exactly as the derived provider with that
//! template would, and its handlers take [`Event<T>`] (the body as `T`).

pub(crate) mod sign;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// Cal.com's scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-cal-signature-256",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: None,
    event: EventSource::JsonPointer("/triggerEvent"),
};

template_provider!(
    /// The Cal.com provider (`provider = "cal_com"`); see the [module docs](self).
    CalCom,
    "cal_com",
    "CAL_COM_WEBHOOK_SECRET",
    None,
    TEMPLATE,
);
