//! The [`Provider`] trait: how one sender signs, names and delivers its events.
//!
//! Built-in providers ([`Stripe`](crate::stripe::Stripe), [`GitHub`](crate::github::GitHub))
//! implement it, and so can an application for a scheme of its own. The runtime calls
//! the methods in the order of the request path:
//! [`verify`](Provider::verify) on the raw bytes, then [`parse`](Provider::parse) once,
//! then dispatch on [`event_name`](Provider::event_name).

use std::time::Duration;

use http::header::AsHeaderName;
use http::{HeaderMap, Uri};

use crate::secret::Secret;
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The parts of an incoming request a provider may read, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct RawRequest<'a> {
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The request URI as received.
    pub uri: &'a Uri,
    /// The raw body bytes, exactly as received.
    pub body: &'a [u8],
}

impl<'a> RawRequest<'a> {
    /// A header's value as text, if present and visible ASCII. The name is a `&str`
    /// or, cheaper on every request, a [`HeaderName`](http::HeaderName) constant
    /// (a `&str` is parsed and lowercased on each lookup).
    pub fn header(&self, name: impl AsHeaderName) -> Option<&'a str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// A header verification needs: missing is [`VerifyError::MissingHeader`], not
    /// visible ASCII [`VerifyError::MalformedHeader`], each naming it as `display`
    /// (the header as providers document it, e.g. `Stripe-Signature`).
    pub fn required_header(
        &self,
        name: impl AsHeaderName,
        display: &'static str,
    ) -> Result<&'a str, VerifyError> {
        self.headers
            .get(name)
            .ok_or(VerifyError::MissingHeader(display))?
            .to_str()
            .map_err(|_| VerifyError::MalformedHeader(display))
    }
}

/// Why a verified body could not be read as the provider's envelope. Answered with `400`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EnvelopeError(pub String);

impl EnvelopeError {
    /// An error from a JSON parse of the envelope.
    pub fn json(error: &serde_json::Error) -> Self {
        EnvelopeError(format!("body is not a valid event envelope: {error}"))
    }
}

/// The bytes a plain `T: Deserialize` handler parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'e> {
    /// JSON text.
    Json(&'e [u8]),
    /// An `application/x-www-form-urlencoded` body (Slack slash commands, Twilio).
    Form(&'e [u8]),
}

impl Payload<'_> {
    /// Deserializes the payload into `T`.
    pub fn deserialize<T: serde::de::DeserializeOwned>(self) -> Result<T, crate::ArgError> {
        match self {
            Payload::Json(bytes) => {
                serde_json::from_slice(bytes).map_err(|e| crate::ArgError::deserialize::<T>(&e))
            }
            Payload::Form(bytes) => {
                serde_urlencoded::from_bytes(bytes).map_err(|e| crate::ArgError {
                    type_name: std::any::type_name::<T>(),
                    reason: e.to_string(),
                })
            }
        }
    }
}

/// A provider-specific answer to a successful delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessBody {
    /// The `Content-Type` of `body`.
    pub content_type: &'static str,
    /// The body bytes.
    pub body: bytes::Bytes,
}

/// A webhook sender: its signature scheme, envelope and naming.
///
/// Implementations are zero-sized markers; per-endpoint settings (secrets, tolerance)
/// come in through [`VerifyContext`].
pub trait Provider: Send + Sync + 'static {
    /// The name used in `#[webhook(provider = "…")]`, in the default path
    /// (`/webhooks/{NAME}`) and in the delivery log.
    const NAME: &'static str;
    /// The environment variable that holds the endpoint's secrets, comma-separated.
    const SECRET_ENV: &'static str;
    /// Default timestamp tolerance, for schemes that sign a timestamp.
    const DEFAULT_TOLERANCE: Option<Duration> = None;
    /// The scheme signs the URL the provider calls (Twilio, Square), which a server
    /// behind a proxy cannot see: each endpoint then needs
    /// [`Webhooks::public_url`](crate::Webhooks::public_url), and building a router
    /// without one fails ([`BuildError::MissingPublicUrl`](crate::BuildError::MissingPublicUrl))
    /// rather than refusing every request.
    const SIGNS_URL: bool = false;
    /// A declared provider's event catalog, which `#[webhook(provider = Type, …)]`
    /// checks event names against at compile time (built-in providers' catalogs live in
    /// `webhook-catalog`). `None`: any event name.
    const EVENTS: Option<&'static crate::declared::EventCatalog> = None;

    /// The envelope parsed once per delivery, borrowing from the body.
    type Envelope<'a>: Send + Sync;

    /// Turns a configured secret string into key bytes (default: its UTF-8 bytes).
    fn decode_secret(text: &str) -> Result<Secret, String> {
        Ok(Secret::new(text.as_bytes()))
    }

    /// Checks the signature on the raw request; runs before anything parses the body.
    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError>;

    /// Parses the envelope of a verified request.
    fn parse<'a>(request: &RawRequest<'a>) -> Result<Self::Envelope<'a>, EnvelopeError>;

    /// Completes an envelope that [`parse`](Provider::parse) left partly unread, so a
    /// malformed body is refused (`400`) however the delivery is then handled. The
    /// runtime calls it before a delivery is stored, before an ignored one is answered,
    /// and after the handlers' arguments are built (a typed parameter that read the
    /// whole body may have validated it already). The default has nothing to complete.
    ///
    /// Stripe reads `id` and `type` without scanning the body, so that a typed
    /// `stripe::Event<T>` parses the body once, straight into `T`.
    fn finish_parse(envelope: &Self::Envelope<'_>) -> Result<(), EnvelopeError> {
        let _ = envelope;
        Ok(())
    }

    /// The event name handlers are dispatched on (`invoice.paid`, `pull_request.opened`).
    fn event_name<'e>(envelope: &'e Self::Envelope<'_>) -> &'e str;

    /// The provider's id of this delivery, used for dedupe.
    fn delivery_id<'e>(envelope: &'e Self::Envelope<'_>) -> Option<&'e str>;

    /// For a request that carries several events (SendGrid posts a batch): one
    /// envelope per event, in order. Each is dispatched on its own
    /// [`event_name`](Provider::event_name) to its own handlers, whose
    /// [`Delivery`](crate::Delivery) carries that event's
    /// [`delivery_id`](Provider::delivery_id); the request itself is verified, stored
    /// (as one delivery) and answered once, and any handler failing fails it, so that
    /// the provider retries the batch. `None` (the default): the request is one
    /// delivery. (Write `Self::Envelope<'a>`, not the type itself, in the
    /// implementation's signature, so that its lifetime matches this one.)
    fn split<'a>(envelope: &Self::Envelope<'a>) -> Option<Vec<Self::Envelope<'a>>> {
        let _ = envelope;
        None
    }

    /// What a plain `T: Deserialize` handler parameter is read from
    /// (Stripe: `data.object`; GitHub: the whole body).
    fn payload<'e>(envelope: &'e Self::Envelope<'_>) -> Payload<'e>;

    /// Answers a verified handshake (Slack `url_verification`, Zoom
    /// `endpoint.url_validation`, Discord `PING`, Twitch challenges) without dispatching;
    /// `None` (the default) for ordinary deliveries.
    fn handshake(
        envelope: &Self::Envelope<'_>,
        verified: &Verified,
        context: &VerifyContext<'_>,
    ) -> Option<axum::response::Response> {
        let _ = (envelope, verified, context);
        None
    }

    /// The body an accepted delivery (handled, ignored, queued or a duplicate) is
    /// answered with, instead of the runtime's JSON (Discord interactions must answer
    /// with an interaction response).
    /// Decided from the envelope before handlers run; `None` (the default) keeps the
    /// runtime's body.
    fn success_body(envelope: &Self::Envelope<'_>) -> Option<SuccessBody> {
        let _ = envelope;
        None
    }

    /// Whether the endpoint's path also answers `GET`: only for senders whose protocol
    /// checks the URL with a `GET` before delivering (Meta's `hub.challenge`
    /// subscription check). Every other endpoint answers `GET` with `405`.
    const ANSWERS_GET: bool = false;

    /// Answers a `GET` to the endpoint's path, when [`ANSWERS_GET`](Provider::ANSWERS_GET)
    /// is set: `request` has the headers and URI (with its query) and an empty body,
    /// `context` the endpoint's keys. The default answers `405`.
    fn answer_get(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> axum::response::Response {
        let _ = (request, context);
        crate::response::method_not_allowed_now()
    }

    /// The media types (`Content-Type` without parameters) the provider sends; another
    /// is answered with `415`, an absent one is accepted. Empty (the default): any.
    const CONTENT_TYPES: &'static [&'static str] = &[];

    /// The status a successfully handled or ignored delivery is answered with
    /// (default `200`; Discord's webhook events expect `204`).
    const SUCCESS_STATUS: http::StatusCode = http::StatusCode::OK;
}
