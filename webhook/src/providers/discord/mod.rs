//! Discord interactions endpoint: `X-Signature-Ed25519` over
//! `{X-Signature-Timestamp}{body}`, `PING` answered, interactions dispatched on the name
//! of their type and answered with a deferred response.
//!
//! ```no_run
//! use webhook::{discord, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Command {
//!     name: String,
//! }
//!
//! #[webhook(provider = "discord", event = "APPLICATION_COMMAND")]
//! async fn command(event: discord::Event<Command>) {
//!     // Discord is answered `{"type":5}` (deferred) once this returns: keep it short,
//!     // and send the real reply later by editing `@original` with `event.token`.
//!     println!("/{} in {:?}", event.data.name, event.channel_id);
//! }
//!
//! #[webhook(provider = "discord", event = "MESSAGE_COMPONENT")]
//! async fn button(event: discord::Event<serde_json::Value>) {
//!     println!("clicked {}", event.data["custom_id"]);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![command, button]
//!     .secrets_from_env()? // DISCORD_PUBLIC_KEY: the application's hex public key
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! The events Discord sends to its *webhook events* URL are a different endpoint with a
//! different envelope: see [`discord_events`](crate::discord_events).
//!
//! # Scheme
//!
//! Facts from npm `discord-interactions` 4.4.0 (`dist/index.js`: `verifyKey`,
//! `InteractionType`, `InteractionResponseType`) and Discord's "Receiving and Responding
//! to Interactions" documentation:
//!
//! - `X-Signature-Ed25519` is the hex Ed25519 signature (64 bytes) of the
//!   `X-Signature-Timestamp` header's bytes followed by the raw body, no separator.
//! - The key is the application's **public key**, 64 hex digits, in
//!   `DISCORD_PUBLIC_KEY` (comma-separated when several applications share the
//!   endpoint; the index of the one that matched is the delivery's `secret_index`). A
//!   value that is not a valid key fails the router build.
//! - Signatures are checked strictly (canonical encodings, no small-order keys).
//!
//! **Timestamp window** (a decision; the SDK checks none): the signed timestamp (unix
//! seconds) is refused when more than **5 minutes** from now in either direction.
//! Interactions are never retried and must be answered within 3 seconds, so an older
//! signed request can only be a replay. Change it with `.tolerance("discord", …)`;
//! `None` turns it off (and then the timestamp is not parsed at all, as in the SDK).
//!
//! # Handshake, dispatch and the answer
//!
//! - `PING` (body `type` 1) is answered `200` with `{"type":1}` (`PONG`,
//!   `Content-Type: application/json`) without dispatching. Discord also probes the
//!   URL with bad signatures when it is saved: those get `401`.
//! - Other interactions are dispatched on the name of body `type`:
//!   `APPLICATION_COMMAND`, `MESSAGE_COMPONENT`, `APPLICATION_COMMAND_AUTOCOMPLETE`,
//!   `MODAL_SUBMIT` (the catalog checked at compile time). The delivery id is body `id`.
//!   A plain `T: Deserialize` parameter is read from body `data`.
//! - When the handlers succeed, Discord is answered with a **deferred** interaction
//!   response: `{"type":5}` (`DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE`, "thinking…") for
//!   commands and modal submits, `{"type":6}` (`DEFERRED_UPDATE_MESSAGE`) for
//!   components, and `{"type":8,"data":{"choices":[]}}` (no suggestions) for
//!   autocomplete, which cannot be deferred.
//!
//! **Handlers run inside Discord's 3-second window**: the answer is sent only after
//! every inline handler has returned, and Discord shows "interaction failed" if it
//! arrives later than 3 s after the interaction. Do slow work after the answer (spawn
//! it) and deliver the result by editing the original response
//! (`PATCH /webhooks/{application_id}/{token}/messages/@original`). A failing handler
//! answers `500`, which Discord also shows as a failed interaction.

pub(crate) mod event;
pub(crate) mod sign;
pub(crate) mod verify;

use std::time::Duration;

use axum::response::IntoResponse;
pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest, SuccessBody};
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Discord interactions provider (`provider = "discord"`); see the
/// [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Discord;

impl Provider for Discord {
    const NAME: &'static str = "discord";
    const SECRET_ENV: &'static str = "DISCORD_PUBLIC_KEY";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

    type Envelope<'a> = Envelope<'a>;

    fn decode_secret(text: &str) -> Result<Secret, String> {
        verify::decode_public_key(text)
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

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        &envelope.name
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.id.as_deref()
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(event::raw_or_null(envelope.data))
    }

    /// `PING` → `200 {"type":1}` (`PONG`).
    fn handshake(
        envelope: &Envelope<'_>,
        _verified: &Verified,
        _context: &VerifyContext<'_>,
    ) -> Option<axum::response::Response> {
        (envelope.interaction_type == event::PING).then(|| {
            (
                [(http::header::CONTENT_TYPE, "application/json")],
                r#"{"type":1}"#,
            )
                .into_response()
        })
    }

    /// The deferred interaction response for the interaction's type.
    fn success_body(envelope: &Envelope<'_>) -> Option<SuccessBody> {
        let body: &'static str = match envelope.interaction_type {
            2 | 5 => r#"{"type":5}"#,
            3 => r#"{"type":6}"#,
            4 => r#"{"type":8,"data":{"choices":[]}}"#,
            _ => return None,
        };
        Some(SuccessBody {
            content_type: "application/json",
            body: bytes::Bytes::from_static(body.as_bytes()),
        })
    }
}
