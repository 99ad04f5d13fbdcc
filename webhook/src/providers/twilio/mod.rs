//! Twilio: `X-Twilio-Signature` over the public URL and the sorted form parameters (or
//! the URL alone, carrying `bodySHA256`, for JSON), requests named by their status field.
//!
//! ```no_run
//! use std::collections::HashMap;
//!
//! use webhook::{router, twilio, webhook};
//!
//! #[derive(serde::Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Sms {
//!     from: String,
//!     body: String,
//! }
//!
//! #[webhook(provider = "twilio", event = "message.received")] // an incoming SMS
//! async fn sms(event: twilio::Event<Sms>) {
//!     println!("{} says {}", event.params.from, event.params.body);
//! }
//!
//! #[webhook(provider = "twilio", event = "message.*")] // every message status callback
//! async fn status(event: twilio::Event<HashMap<String, String>>) {
//!     println!("{}: {:?}", event.event, event.params.get("MessageSid"));
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![sms, status]
//!     .secrets_from_env()? // TWILIO_AUTH_TOKEN
//!     .public_url("twilio", "https://example.com") // what Twilio calls, minus the path
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! Facts from npm `twilio` 6.3.1 (`lib/webhooks/webhooks.js`), PyPI `twilio` 9.13.0
//! (`twilio/request_validator.py`) and the twilio-php / twilio-csharp test suites:
//!
//! - `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed with the account's **Auth
//!   Token** (`TWILIO_AUTH_TOKEN`, comma-separated during a rotation), of the full URL
//!   Twilio requested followed by every POST parameter as `name` + `value`, names
//!   sorted; a repeated name's values are de-duplicated and sorted.
//! - A JSON body is not signed as parameters: Twilio adds `bodySHA256=<hex SHA-256 of
//!   the body>` to the URL's query and signs the URL alone. Both the signature and the
//!   body's hash are checked.
//! - `X-Twilio-Webhooks-Signature-Settings: key=…,algorithm=HMAC_SHA256` switches to
//!   HMAC-SHA256 (configure that SharedKey's secret as the secret); a header without
//!   `algorithm=` means HMAC-SHA1, and an algorithm this version does not know is
//!   refused (`401`), as the SDKs fail closed.
//! - No timestamp is signed: replays are stopped by the durable log's dedupe on the
//!   delivery id, when Twilio sends one.
//!
//! # The signed URL
//!
//! Twilio signs the URL it was configured with, which a server behind a proxy or a
//! tunnel never sees whole. Set the **public base URL** with
//! [`Webhooks::public_url`](crate::Webhooks::public_url)`("twilio", "https://example.com")`:
//! scheme, host (its case matters: Twilio signs it as configured), port if any, and any
//! path prefix the proxy strips. The request's path and query, as received, are
//! appended to it. It is required: building a router with a Twilio endpoint and no
//! public URL fails ([`BuildError::MissingPublicUrl`](crate::BuildError::MissingPublicUrl)),
//! rather than guessing the URL from the client-supplied `Host` header. The URL is
//! also tried with the scheme's default port added or removed, as the SDKs do; the
//! SDKs' further retry with the query re-encoded the legacy way is not done.
//!
//! # Dispatch
//!
//! Twilio sends no event type. Requests are named from their parameters:
//! `MessageStatus` (or, failing that, `SmsStatus`) gives `message.<status>`
//! (`message.received` for an incoming SMS, `message.delivered` for a status
//! callback), `CallStatus` gives `call.<status>` (`call.ringing` for an incoming call,
//! `call.completed`, …), and anything else is `incoming`. There is no catalog, so
//! `message.*`, `call.*` and `*` work too. The delivery id is the
//! `I-Twilio-Idempotency-Token` header. A plain `T: Deserialize` parameter, and
//! [`Event::params`], are read from the form parameters (or the JSON body).
//!
//! Handlers answer with the runtime's JSON; Twilio ignores the body of a status
//! callback, but an incoming-message or voice webhook that should reply with TwiML is
//! not expressible through this provider yet.

mod event;
pub(crate) mod sign;
mod url;
mod verify;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The Twilio provider (`provider = "twilio"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Twilio;

impl Provider for Twilio {
    const NAME: &'static str = "twilio";
    const SECRET_ENV: &'static str = "TWILIO_AUTH_TOKEN";
    const SIGNS_URL: bool = true;

    const CONTENT_TYPES: &'static [&'static str] =
        &["application/x-www-form-urlencoded", "application/json"];

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
        &envelope.name
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.idempotency_token
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        envelope.payload
    }
}
