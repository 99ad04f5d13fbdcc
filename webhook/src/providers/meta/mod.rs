//! Meta (WhatsApp Cloud API, Messenger, Instagram and every Graph API webhook):
//! `X-Hub-Signature-256` over the body, events named by body `object`, and the `GET`
//! subscription handshake (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`).
//!
//! ```no_run
//! use webhook::{meta, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Notification {
//!     entry: Vec<serde_json::Value>,
//! }
//!
//! #[webhook(provider = "meta", event = "whatsapp_business_account")]
//! async fn whatsapp(event: meta::Event<Notification>) {
//!     println!("{} entries", event.payload.entry.len());
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![whatsapp]
//!     // META_WEBHOOK_SECRET=<app secret>,verify_token:<the token typed in the dashboard>
//!     .secrets_from_env()?
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Meta's Graph API "Webhooks: Getting Started" guide (the same for WhatsApp's
//! Cloud API, Messenger and Instagram):
//!
//! - Each notification is a `POST` with `X-Hub-Signature-256: sha256=<hex>`, the
//!   HMAC-SHA256 of the raw body keyed with the **app secret** (App settings → Basic).
//!   Nothing is timestamped and Meta sends no delivery id, so notifications are not
//!   deduplicated; Meta retries failed ones, so handlers should be idempotent (key on
//!   the ids inside `entry`).
//! - The body is `{"object": "page" | "instagram" | "whatsapp_business_account" | …,
//!   "entry": [...]}`. Handlers are dispatched on `object`; what changed is in
//!   `entry[].changes[].field` (or `entry[].messaging` for Messenger). [`Event<T>`]
//!   gives the whole body as `T`.
//! - Before delivering, Meta verifies the callback URL with a `GET` carrying
//!   `hub.mode=subscribe`, `hub.verify_token` (a string you typed in the dashboard) and
//!   `hub.challenge`. The endpoint answers `200` with the challenge as `text/plain` when
//!   the token matches a configured one (compared in constant time), `403` when it does
//!   not, and `400` when a parameter is missing. This endpoint is the only one whose
//!   route answers a `GET` ([`Provider::ANSWERS_GET`](crate::Provider::ANSWERS_GET)).
//!
//! # Keys
//!
//! `META_WEBHOOK_SECRET` (or `.secret("meta", …)`, or `secrets = […]` in
//! `webhook.toml`) is a comma-separated list; each item is either an **app secret**
//! (several during a rotation: any one matching passes), or `verify_token:<token>`, a
//! verify token the handshake accepts. Verify tokens never check a signature and app
//! secrets never answer a handshake. Without a verify token the handshake is refused
//! (`403`, saying to add one); notifications are still verified.

mod key;
pub(crate) mod sign;
mod verify;

pub use crate::declared::Event;

use crate::declared::{Algorithm, DeclaredProvider, Encoding, Envelope, EventSource, Signed, Template};
use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// How a notification is parsed (and, for the signature alone, what a template would
/// say: the app secret is told apart from verify tokens by [`Meta::decode_secret`], so
/// verification is written out in `verify.rs`).
const TEMPLATE: Template = Template {
    signature_header: "x-hub-signature-256",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Hex,
    prefix: "sha256=",
    signed: Signed::Body,
    timestamp_header: None,
    id_header: None,
    id_field: None,
    event: EventSource::JsonPointer("/object"),
};

/// The Meta provider (`provider = "meta"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Meta;

impl Provider for Meta {
    const NAME: &'static str = "meta";
    const SECRET_ENV: &'static str = "META_WEBHOOK_SECRET";
    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];
    const ANSWERS_GET: bool = true;

    type Envelope<'a> = Envelope<'a>;

    fn decode_secret(text: &str) -> Result<Secret, String> {
        key::decode(text)
    }

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        crate::declared::parse(&TEMPLATE, request)
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        &envelope.event
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.id.as_deref()
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.body)
    }

    fn answer_get(request: &RawRequest<'_>, context: &VerifyContext<'_>) -> axum::response::Response {
        verify::subscription_handshake(request, context)
    }
}

impl DeclaredProvider for Meta {
    fn declared<'e, 'a: 'e>(envelope: &'e Envelope<'a>) -> &'e Envelope<'a> {
        envelope
    }
}
