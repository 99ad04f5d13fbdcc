//! Standard Webhooks (Svix, Clerk, Resend, …): `webhook-signature` over
//! `{webhook-id}.{webhook-timestamp}.{body}`, events named by body `type`.
//!
//! ```no_run
//! use webhook::{router, standard_webhooks, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct User {
//!     id: String,
//! }
//!
//! #[webhook(provider = "standard_webhooks", event = "user.created")]
//! async fn user_created(event: standard_webhooks::Event<User>) {
//!     println!("{} created (message {:?})", event.data.id, event.id);
//! }
//!
//! #[webhook(provider = "standard_webhooks", event = "email.*")]
//! async fn emails(event: standard_webhooks::Event<serde_json::Value>) {
//!     println!("{}", event.event_type);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![user_created, emails]
//!     .secrets_from_env()? // STANDARD_WEBHOOKS_WEBHOOK_SECRET=whsec_…[,whpk_…]
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from the Standard Webhooks specification (`spec/standard-webhooks.md` and the
//! Go/Python library tests of `standard-webhooks/standard-webhooks` @ 5fb2ce93), npm
//! `standardwebhooks` 1.1.1 and npm `svix` 2.5.0 (`src/webhook.ts`):
//!
//! - Headers `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`;
//!   Svix-branded senders send `svix-id`, `svix-timestamp` and `svix-signature`.
//!   Either set is accepted, and the `svix-*` header wins when both are present, as
//!   the Svix libraries do.
//! - The signed bytes are `{webhook-id}.{webhook-timestamp}.{raw body}`.
//! - `webhook-signature` is a **space-separated** list of `version,<base64>` items. A
//!   `v1` item is an HMAC-SHA256, keyed with the secret's bytes: the `whsec_` prefix is
//!   stripped and the rest **base64-decoded**. A `v1a` item is an Ed25519 signature
//!   (64 bytes) checked against a `whpk_<base64>` public key. Any item matching any
//!   configured key passes; unknown versions and items that do not decode are skipped.
//! - The timestamp is refused when more than the tolerance (default **5 minutes**)
//!   away from now **in either direction**, as the spec's libraries do ("too old" /
//!   "too new"); `.tolerance("standard_webhooks", None)` turns the check off.
//!
//! # Keys
//!
//! `STANDARD_WEBHOOKS_WEBHOOK_SECRET` is a comma-separated list, and each item is one of:
//!
//! - `whsec_<base64>` (or the bare base64, as the SDKs accept): a symmetric secret,
//!   checked against `v1` items only;
//! - `whpk_<base64>`: an Ed25519 public key, checked against `v1a` items only.
//!
//! Both kinds can be configured together (a sender moving from `v1` to `v1a` signs
//! with both); [`Delivery::secret_index`](crate::Delivery::secret_index) says which
//! item matched. A secret that does not decode, or a `whsk_` **signing** key (the
//! receiver needs only the public key), fails the router build with a message that
//! does not echo the secret.
//!
//! # Dispatch
//!
//! The scheme puts no event name in a header; by the spec's payload convention (and
//! Svix, Clerk and Resend) it is body `type`, e.g. `user.created`. There is no catalog,
//! so any name, `prefix.*` or `*` is accepted. The delivery id is `webhook-id`
//! (`svix-id`), the same on every retry. A plain `T: Deserialize` parameter is read
//! from body `data` (the whole body when there is none).

mod event;
mod key;
pub(crate) mod sign;
mod verify;

use std::time::Duration;

pub use event::{Envelope, Event, Sender};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Standard Webhooks provider (`provider = "standard_webhooks"`); see the
/// [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardWebhooks;

impl Provider for StandardWebhooks {
    const NAME: &'static str = "standard_webhooks";
    const SECRET_ENV: &'static str = "STANDARD_WEBHOOKS_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

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
        event::parse(request)
    }

    fn finish_parse(envelope: &Envelope<'_>) -> Result<(), EnvelopeError> {
        envelope.finish()
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        &envelope.event_type
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.id
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.payload_bytes())
    }
}
