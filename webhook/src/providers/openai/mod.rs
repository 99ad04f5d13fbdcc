//! OpenAI: Standard Webhooks signatures (`webhook-signature` over
//! `{webhook-id}.{webhook-timestamp}.{body}`), events named by body `type`.
//!
//! ```no_run
//! use webhook::{openai, router, webhook};
//!
//! #[webhook(provider = "openai", event = "response.completed")]
//! async fn handle(event: openai::Event<serde_json::Value>) {
//!     println!("{} {:?}: {}", event.event_type, event.id, event.data);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![handle]
//!     .secrets_from_env()? // OPENAI_WEBHOOK_SECRET=whsec_…, comma-separated during a rotation
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from OpenAI's "Webhooks" guide: OpenAI's webhooks follow the Standard
//! Webhooks specification, with the headers `webhook-id`, `webhook-timestamp` and
//! `webhook-signature` (HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`,
//! keyed with the base64 after `whsec_` of the endpoint's signing secret). The body is
//! `{"id": "evt_…", "object": "event", "type": "response.completed", "data": {"id": …}}`:
//! handlers are dispatched on `type` (`response.completed`, `batch.completed`,
//! `fine_tuning.job.succeeded`, …) and a plain `T` parameter is `data`.
//!
//! This provider is a preset over the [`standard_webhooks`](crate::standard_webhooks)
//! verifier: the same keys (`whsec_…`, or `whpk_…` for Ed25519 `v1a` signatures), the
//! same checks (the timestamp within **5 minutes** in either direction, by default;
//! `.tolerance("openai", …)` changes it), the same [`Event<T>`]. Only its name, its
//! secret's variable (`OPENAI_WEBHOOK_SECRET`) and its path (`/webhooks/openai`) differ. The
//! delivery id is `webhook-id`, the same on every retry. No catalog of event types is
//! shipped, so any name, `prefix.*` or `*` compiles.

pub(crate) mod sign;

pub use crate::providers::standard_webhooks::Event;

standard_webhooks_sender!(
    /// The OpenAI provider (`provider = "openai"`); see the [module docs](self).
    OpenAi,
    "openai",
    "OPENAI_WEBHOOK_SECRET",
);
