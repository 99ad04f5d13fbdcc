//! Resend: Standard Webhooks signatures (`svix-signature` over
//! `{svix-id}.{svix-timestamp}.{body}`), events named by body `type`.
//!
//! ```no_run
//! use webhook::{resend, router, webhook};
//!
//! #[webhook(provider = "resend", event = "email.delivered")]
//! async fn handle(event: resend::Event<serde_json::Value>) {
//!     println!("{} {:?}: {}", event.event_type, event.id, event.data);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // RESEND_WEBHOOK_SECRET=whsec_…, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from Resend's "Verify webhooks requests" documentation: Resend delivers
//! webhooks through Svix, with the headers `svix-id`, `svix-timestamp` and
//! `svix-signature`, signed as the Standard Webhooks specification says (HMAC-SHA256
//! over `{svix-id}.{svix-timestamp}.{body}`, keyed with the base64 after `whsec_` of
//! the webhook's signing secret). The body is `{"type": "email.delivered",
//! "created_at": …, "data": …}`: handlers are dispatched on `type` (`email.sent`,
//! `email.delivered`, `email.bounced`, `contact.created`, …) and a plain `T` parameter
//! is `data`.
//!
//! This provider is a preset over the [`standard_webhooks`](crate::standard_webhooks)
//! verifier: the same keys (`whsec_…`, or `whpk_…` for Ed25519 `v1a` signatures), the
//! same checks (the timestamp within **5 minutes** in either direction, by default;
//! `.tolerance("resend", …)` changes it), the same [`Event<T>`]. Only its name, its
//! secret's variable (`RESEND_WEBHOOK_SECRET`) and its path (`/webhooks/resend`) differ. The
//! delivery id is `svix-id`, the same on every retry. No catalog of event types is
//! shipped, so any name, `prefix.*` or `*` compiles.

pub(crate) mod sign;

pub use crate::providers::standard_webhooks::Event;

standard_webhooks_sender!(
    /// The Resend provider (`provider = "resend"`); see the [module docs](self).
    Resend,
    "resend",
    "RESEND_WEBHOOK_SECRET",
);
