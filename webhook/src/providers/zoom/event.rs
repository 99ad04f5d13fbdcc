//! Zoom's event envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Zoom, URL_VALIDATION};
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a Zoom delivery before dispatch, borrowed from the body;
/// `payload` stays raw until a handler asks for it as a type.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// Body `event`, e.g. `meeting.started`.
    pub event: Cow<'a, str>,
    /// Body `event_ts`, milliseconds since the epoch.
    pub event_ts: Option<i64>,
    /// Body `payload`.
    pub payload: Option<&'a RawValue>,
    /// `payload.plainToken` of an `endpoint.url_validation` event (`None` otherwise).
    pub plain_token: Option<Cow<'a, str>>,
}

impl Envelope<'_> {
    /// The bytes of `payload`, or `null` when it is absent.
    pub(super) fn payload_bytes(&self) -> &[u8] {
        self.payload
            .map_or(b"null", |payload| payload.get().as_bytes())
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(default)]
    event_ts: Option<i64>,
    #[serde(borrow, default)]
    payload: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct UrlValidation<'a> {
    #[serde(rename = "plainToken", borrow)]
    plain_token: Cow<'a, str>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let Body {
        event,
        event_ts,
        payload,
    } = serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let plain_token = if event == URL_VALIDATION {
        let payload = payload.ok_or_else(missing_plain_token)?;
        let UrlValidation { plain_token } =
            serde_json::from_str(payload.get()).map_err(|_| missing_plain_token())?;
        Some(plain_token)
    } else {
        None
    };
    Ok(Envelope {
        event,
        event_ts,
        payload,
        plain_token,
    })
}

fn missing_plain_token() -> EnvelopeError {
    EnvelopeError(format!(
        "`{URL_VALIDATION}` event without a string `payload.plainToken`"
    ))
}

/// A Zoom event whose `payload` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own or `serde_json::Value`. See the [module docs](super).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Body `event`, e.g. `meeting.started`.
    pub event: String,
    /// Body `event_ts`, milliseconds since the epoch.
    pub event_ts: Option<i64>,
    /// Body `payload` (read from `null` when absent).
    pub payload: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Zoom> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Zoom>) -> Result<Self, ArgError> {
        let envelope = context.envelope();
        let payload = serde_json::from_slice(envelope.payload_bytes())
            .map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            event: envelope.event.clone().into_owned(),
            event_ts: envelope.event_ts,
            payload,
        })
    }
}
