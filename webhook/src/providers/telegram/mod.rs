//! Telegram Bot API webhooks: a static secret token in
//! `X-Telegram-Bot-Api-Secret-Token`, updates named by the field they carry
//! (`message`, `callback_query`, …).
//!
//! ```no_run
//! use webhook::{router, telegram, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Message {
//!     message_id: i64,
//!     text: Option<String>,
//! }
//!
//! #[webhook(provider = "telegram", event = "message")]
//! async fn message(update: telegram::Event<Message>) {
//!     println!("update {}: {:?}", update.update_id, update.payload.text);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![message]
//!     .secrets_from_env()? // TELEGRAM_WEBHOOK_SECRET: the setWebhook secret_token
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From the Telegram Bot API reference (`setWebhook` and `Update`):
//!
//! - Telegram signs nothing. When the webhook is set with a `secret_token` (1–256
//!   characters `A-Z`, `a-z`, `0-9`, `_`, `-`), every update carries it verbatim in
//!   `X-Telegram-Bot-Api-Secret-Token`. That token is this endpoint's secret: it is
//!   compared in constant time with each configured one, and a request without it is
//!   refused (`401`). Set it: without one, anyone who learns the URL can post updates.
//! - Nothing is timestamped and the body is not covered, so a captured request can be
//!   replayed; TLS keeps it from being captured. The delivery id is body `update_id`,
//!   so a replay (or Telegram's own retry) is recognised as a duplicate.
//! - An `Update` is `{"update_id": …}` with **at most one** other field: `message`,
//!   `edited_message`, `channel_post`, `callback_query`, `inline_query`,
//!   `my_chat_member`, …. Handlers are dispatched on that field's name and a plain `T`
//!   parameter (or [`Event::payload`]) is its value. No catalog is shipped (the Bot API
//!   adds update kinds often), so any name compiles.

mod event;
pub(crate) mod sign;
mod verify;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Telegram provider (`provider = "telegram"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Telegram;

impl Provider for Telegram {
    const NAME: &'static str = "telegram";
    const SECRET_ENV: &'static str = "TELEGRAM_WEBHOOK_SECRET";
    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

    type Envelope<'a> = Envelope<'a>;

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        event::parse(request)
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        &envelope.kind
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        Some(envelope.update_id.get())
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.value.get().as_bytes())
    }
}
