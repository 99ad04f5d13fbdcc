//! Zoom: `x-zm-signature` over `v0:{timestamp}:{body}`, events named by body `event`,
//! the `endpoint.url_validation` challenge answered for you.
//!
//! ```no_run
//! use webhook::{router, webhook, zoom};
//!
//! #[webhook(provider = "zoom", event = "meeting.started")]
//! async fn meeting_started(event: zoom::Event<serde_json::Value>) {
//!     println!("{} at {:?}: {}", event.event, event.event_ts, event.payload["object"]["id"]);
//! }
//!
//! #[webhook(provider = "zoom", event = "recording.*")]
//! async fn recordings(event: zoom::Event<serde_json::Value>) {
//!     println!("{}", event.event);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![meeting_started, recordings]
//!     .secrets_from_env()? // ZOOM_WEBHOOK_SECRET: the app's Secret Token
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from Zoom's Rivet SDK 0.4.0 (`@zoom/rivet`, `CommonHttpRequest`,
//! `hashUrlValidationEvent`):
//!
//! - `x-zm-signature: v0=<lowercase hex HMAC-SHA256>` over
//!   `"v0:{x-zm-request-timestamp}:{raw body}"`, keyed with the app's **Secret Token**;
//!   the timestamp header is unix seconds, used verbatim in the signed string.
//! - Tolerance: Rivet checks none, and Zoom's documentation recommends checking the
//!   timestamp; here it is **300 s**, in both directions (a timestamp further ahead is
//!   refused as "in the future"). `.tolerance("zoom", None)` restores Rivet's behaviour.
//!
//! # Handshake
//!
//! When the endpoint URL is saved, Zoom sends a signed `endpoint.url_validation`
//! event carrying `payload.plainToken`. It is verified like any event and answered
//! `200` with `{"plainToken": …, "encryptedToken": hex(HMAC-SHA256(secret,
//! plainToken))}`, keyed with the secret that verified the request; no handler runs.
//!
//! # Dispatch
//!
//! Handlers are dispatched on body `event` (`meeting.started`; `meeting.*` works).
//! Zoom sends no delivery id that is confirmed, so [`delivery_id`](crate::Provider::delivery_id)
//! is `None`. A plain `T: Deserialize` parameter is read from body `payload`.

mod event;
pub(crate) mod sign;
mod verify;

use std::time::Duration;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The event that carries Zoom's URL validation challenge.
const URL_VALIDATION: &str = "endpoint.url_validation";

/// The Zoom provider (`provider = "zoom"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Zoom;

impl Provider for Zoom {
    const NAME: &'static str = "zoom";
    const SECRET_ENV: &'static str = "ZOOM_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

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
        &envelope.event
    }

    fn delivery_id<'e>(_envelope: &'e Envelope<'_>) -> Option<&'e str> {
        None
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.payload_bytes())
    }

    fn handshake(
        envelope: &Envelope<'_>,
        verified: &Verified,
        context: &VerifyContext<'_>,
    ) -> Option<axum::response::Response> {
        let plain_token = envelope.plain_token.as_deref()?;
        let secret = context.secrets.get(verified.secret_index)?;
        let encrypted_token = sign::encrypted_token_with(secret.expose(), plain_token);
        Some(crate::response::json_response(
            http::StatusCode::OK,
            &serde_json::json!({
                "plainToken": plain_token,
                "encryptedToken": encrypted_token,
            }),
        ))
    }
}
