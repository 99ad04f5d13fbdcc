//! Mailgun's envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::verify::SignatureFields;
use super::Mailgun;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a Mailgun delivery before dispatch, borrowed from the
/// body; `event-data` stays raw until a handler asks for it as a type.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `event-data.event`, e.g. `delivered`: the name handlers are dispatched on.
    pub event: Cow<'a, str>,
    /// `event-data.id`, Mailgun's id of the event.
    pub id: Option<Cow<'a, str>>,
    /// `signature.token`: the delivery id.
    pub token: Cow<'a, str>,
    /// `signature.timestamp`, unix seconds.
    pub timestamp: i64,
    /// `event-data`.
    pub event_data: &'a RawValue,
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    signature: SignatureFields<'a>,
    #[serde(rename = "event-data", borrow)]
    event_data: &'a RawValue,
}

#[derive(Deserialize)]
struct EventDataHead<'a> {
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let Body {
        signature,
        event_data,
    } = serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let EventDataHead { event, id } =
        serde_json::from_str(event_data.get()).map_err(|error| EnvelopeError::json(&error))?;
    let (_, timestamp) = signature
        .timestamp()
        .ok_or_else(|| EnvelopeError("`signature.timestamp` is not unix seconds".to_owned()))?;
    Ok(Envelope {
        event,
        id,
        token: signature.token,
        timestamp,
        event_data,
    })
}

/// A Mailgun event whose `event-data` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own or `serde_json::Value`. Remember that Mailgun does not
/// sign `event-data` (see the [module docs](super)).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `event-data.event`, e.g. `delivered`.
    pub event: String,
    /// `event-data.id`: stable across redeliveries of the same event.
    pub id: Option<String>,
    /// `signature.token`: new for every request.
    pub token: String,
    /// `signature.timestamp`, unix seconds.
    pub timestamp: i64,
    /// `event-data`.
    pub data: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Mailgun> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Mailgun>) -> Result<Self, ArgError> {
        let Envelope {
            event,
            id,
            token,
            timestamp,
            event_data,
        } = context.envelope();
        let data =
            serde_json::from_str(event_data.get()).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            event: event.clone().into_owned(),
            id: id.as_ref().map(|id| id.clone().into_owned()),
            token: token.clone().into_owned(),
            timestamp: *timestamp,
            data,
        })
    }
}
