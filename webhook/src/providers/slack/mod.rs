//! Slack: `X-Slack-Signature` over `v0:{timestamp}:{body}`; Events API callbacks named
//! by their inner `event.type`, slash commands by `slash_command`, interactivity by the
//! payload's `type`.
//!
//! ```no_run
//! use webhook::{router, slack, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct AppMention {
//!     user: String,
//!     text: String,
//! }
//!
//! #[webhook(provider = "slack", event = "app_mention")]
//! async fn mentioned(event: slack::Event<AppMention>) {
//!     println!("{} said {} in {:?}", event.event.user, event.event.text, event.team_id);
//! }
//!
//! #[webhook(provider = "slack", event = "slash_command")]
//! async fn command(command: slack::SlashCommand) {
//!     println!("{} {}", command.command, command.text);
//! }
//!
//! #[webhook(provider = "slack", event = "block_actions")]
//! async fn clicked(interaction: slack::Interaction<serde_json::Value>) {
//!     println!("{}", interaction.payload["actions"][0]["action_id"]);
//! }
//! # let _: webhook::Webhooks = router![mentioned, command, clicked];
//! ```
//!
//! # Scheme
//!
//! From Slack's "Verifying requests from Slack" and its SDKs (`@slack/bolt` 5.1.0
//! `verify-request.js`, `slack_sdk` 3.48.0 `signature/__init__.py`):
//! `X-Slack-Signature: v0=<lowercase hex HMAC-SHA256>` over
//! `"v0:" + X-Slack-Request-Timestamp + ":" + raw body`, keyed with the app's signing
//! secret (`SLACK_WEBHOOK_SECRET`). Every request kind is signed this way, forms over
//! their raw bytes. Slack has one signing secret per app; several configured secrets
//! are all tried anyway, so a regenerated secret can be rolled out without downtime.
//!
//! **Timestamps** are refused when more than the tolerance (default 5 minutes) away
//! from now **in either direction**, as `slack_sdk`'s `abs(now - ts) > 300` does
//! (Bolt-JS refuses only stale ones): Slack stamps each request as it sends it, so a
//! timestamp from the future is a clock problem or a forgery either way.
//!
//! # Deliveries and event names
//!
//! | Body | Event name | Delivery id | Plain `T` parameter reads |
//! |---|---|---|---|
//! | JSON `type: event_callback` | inner `event.type` (`app_mention`, `message`) | `event_id` | the inner `event` |
//! | JSON `type: app_rate_limited` | `app_rate_limited` | none | the whole body |
//! | JSON `type: url_verification` | answered, never dispatched | | |
//! | form with `ssl_check=1` | answered `200`, empty, never dispatched | | |
//! | form with `command=` | `slash_command` | `trigger_id` | the form ([`SlashCommand`]) |
//! | form with `payload=<JSON>` | payload `type` (`block_actions`, `view_submission`, …) | payload `trigger_id` | the decoded payload |
//!
//! The kind is told from the body (a JSON object starts with `{`, a form cannot).
//! Message variants keep the name `message`; their `subtype` is on [`Event`].
//! `app_rate_limited` (Slack stops sending events for a minute) is dispatched like an
//! event so an app can log it; with no handler it is answered `200` as usual.
//!
//! **Handshake:** a signed `url_verification` is answered `200` with
//! `{"challenge":"<challenge>"}` (`application/json`), one of the answers Slack's
//! Events API documentation accepts (plain text is the other).
//!
//! **SSL check:** when a slash command's URL is saved (and from time to time after),
//! Slack posts a form with `ssl_check=1` (Slack's "Implementing slash commands": it
//! checks the certificate and expects a `200`). It is verified like every request, as
//! Slack's Bolt-JS `HTTPReceiver` does before it answers one, then answered `200` with
//! an empty body; no handler sees it and, with a store, it is not stored as a delivery.
//!
//! The catalog is `@slack/types`' event union plus the interactivity types and
//! `slash_command`; it lags Slack's own list, so a missing event needs `*` for now.

mod callback;
mod event;
pub(crate) mod sign;
mod tee;
mod types;
mod verify;

use std::time::Duration;

use axum::response::IntoResponse;

pub use callback::Callback;
pub use event::{
    Envelope, Event, EventsEnvelope, Interaction, InteractionEnvelope, SlashCommandEnvelope,
    SLASH_COMMAND,
};
pub use types::SlashCommand;

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Slack provider (`provider = "slack"`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Slack;

impl Provider for Slack {
    const NAME: &'static str = "slack";
    const SECRET_ENV: &'static str = "SLACK_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

    const CONTENT_TYPES: &'static [&'static str] =
        &["application/json", "application/x-www-form-urlencoded"];

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

    fn finish_parse(envelope: &Envelope<'_>) -> Result<(), EnvelopeError> {
        envelope.finish()
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        envelope.name()
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.delivery_id()
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        envelope.payload()
    }

    fn handshake(
        envelope: &Envelope<'_>,
        _verified: &Verified,
        _context: &VerifyContext<'_>,
    ) -> Option<axum::response::Response> {
        if let Envelope::SslCheck = envelope {
            return Some(http::StatusCode::OK.into_response());
        }
        let challenge = envelope.challenge()?;
        Some(axum::Json(serde_json::json!({ "challenge": challenge })).into_response())
    }
}
