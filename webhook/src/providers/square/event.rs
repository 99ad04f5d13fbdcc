//! Square's event envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Square;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};

/// The envelope every Square notification shares, borrowed from the body;
/// `data.object` stays raw until a handler asks for it as a type.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    /// The seller the event is about.
    #[serde(borrow, default)]
    pub merchant_id: Option<Cow<'a, str>>,
    /// The event type, e.g. `payment.created`.
    #[serde(rename = "type", borrow)]
    pub event_type: Cow<'a, str>,
    /// The event's id, Square's idempotency key: the delivery id.
    #[serde(borrow)]
    pub event_id: Cow<'a, str>,
    /// When the event was created (RFC 3339), as sent.
    #[serde(borrow, default)]
    pub created_at: Option<Cow<'a, str>>,
    /// The affected object and its kind.
    #[serde(borrow)]
    pub data: EnvelopeData<'a>,
}

/// `data` of the envelope, unparsed.
#[derive(Debug, Deserialize)]
pub struct EnvelopeData<'a> {
    /// The kind of object, e.g. `payment`.
    #[serde(rename = "type", borrow)]
    pub object_type: Cow<'a, str>,
    /// The object's id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// The object, wrapped by its kind (`{"payment": {…}}`); absent on test
    /// notifications.
    #[serde(borrow, default)]
    pub object: Option<&'a RawValue>,
}

impl EnvelopeData<'_> {
    /// The bytes of `object`, or `null` when it is absent.
    pub(super) fn object_bytes(&self) -> &[u8] {
        self.object
            .map_or(b"null", |object| object.get().as_bytes())
    }
}

/// A Square event whose `data.object` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own (remember Square wraps the object by its kind:
/// `{"payment": {…}}`) or `serde_json::Value`. See the [module docs](super).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The seller the event is about.
    pub merchant_id: Option<String>,
    /// The event type, e.g. `payment.created`.
    pub event_type: String,
    /// The event's id.
    pub event_id: String,
    /// When the event was created (RFC 3339), as sent.
    pub created_at: Option<String>,
    /// The affected object.
    pub data: EventData<T>,
}

/// `data` of an [`Event`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventData<T> {
    /// The kind of object, e.g. `payment`.
    pub object_type: String,
    /// The object's id.
    pub id: String,
    /// The object (read from `null` when the event carries none).
    pub object: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Square> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Square>) -> Result<Self, ArgError> {
        let Envelope {
            merchant_id,
            event_type,
            event_id,
            created_at,
            data,
        } = context.envelope();
        let object = serde_json::from_slice(data.object_bytes())
            .map_err(|e| ArgError::deserialize::<T>(&e))?;
        let owned = |text: &Option<Cow<'_, str>>| text.as_ref().map(|t| t.clone().into_owned());
        Ok(Event {
            merchant_id: owned(merchant_id),
            event_type: event_type.clone().into_owned(),
            event_id: event_id.clone().into_owned(),
            created_at: owned(created_at),
            data: EventData {
                object_type: data.object_type.clone().into_owned(),
                id: data.id.clone().into_owned(),
                object,
            },
        })
    }
}
