//! Postmark: HTTP Basic credentials on the webhook URL (Postmark signs nothing),
//! events named by body `RecordType`.
//!
//! ```no_run
//! use webhook::{postmark, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Bounce {
//!     email: String,
//!     r#type: String,
//! }
//!
//! #[webhook(provider = "postmark", event = "Bounce")]
//! async fn bounced(event: postmark::Event<Bounce>) {
//!     println!("{} bounced ({})", event.payload.email, event.payload.r#type);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![bounced]
//!     .secrets_from_env()? // POSTMARK_WEBHOOK_SECRET=user:password
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Scheme
//!
//! From Postmark's "Webhooks overview" (Protecting your webhook): Postmark does not
//! sign webhooks. It authenticates them with **HTTP Basic credentials** written in the
//! webhook URL (`https://user:password@example.com/webhooks/postmark`) or set as the
//! webhook's HTTP auth, which it sends as `Authorization: Basic <base64 of
//! user:password>`. This endpoint's secret is that `user:password` pair: the decoded
//! credentials are compared in constant time with each configured pair, and a request
//! without them is refused (`401`). Nothing is timestamped and the body is not covered:
//! TLS keeps a request from being captured and replayed.
//!
//! Handlers are dispatched on body `RecordType`: `Delivery`, `Bounce`, `SpamComplaint`,
//! `Open`, `Click`, `SubscriptionChange`. An inbound-message webhook carries no
//! `RecordType`; it is dispatched as `Inbound`. Postmark sends no delivery id, so
//! deliveries are not deduplicated (key handlers on `MessageID` and the record type).
//! No catalog is shipped, so any name compiles. [`Event<T>`] gives the body as `T`.

pub(crate) mod sign;
mod verify;

use std::borrow::Cow;

use serde::Deserialize;

pub use crate::declared::Event;

use crate::declared::{DeclaredProvider, Envelope};
use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The event name of an inbound-message webhook, which carries no `RecordType`.
pub const INBOUND: &str = "Inbound";

/// The Postmark provider (`provider = "postmark"`); see the [module docs](self).
#[derive(Debug, Clone, Copy, Default)]
pub struct Postmark;

#[derive(Deserialize)]
struct RecordType<'a> {
    #[serde(rename = "RecordType", borrow, default)]
    record_type: Option<Cow<'a, str>>,
}

impl Provider for Postmark {
    const NAME: &'static str = "postmark";
    const SECRET_ENV: &'static str = "POSTMARK_WEBHOOK_SECRET";
    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

    type Envelope<'a> = Envelope<'a>;

    fn decode_secret(text: &str) -> Result<Secret, String> {
        verify::decode_credentials(text)
    }

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        let RecordType { record_type } =
            serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
        Ok(Envelope {
            event: record_type.unwrap_or(Cow::Borrowed(INBOUND)),
            id: None,
            body: request.body,
        })
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
}

impl DeclaredProvider for Postmark {
    fn declared<'e, 'a: 'e>(envelope: &'e Envelope<'a>) -> &'e Envelope<'a> {
        envelope
    }
}
