//! Stripe's event envelope: parsed once, borrowing, then the typed [`Event`].

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Stripe, Text};
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};

/// The envelope every Stripe snapshot event shares, borrowed from the body; `data.object`
/// stays raw until a handler asks for it as a type.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    /// `evt_…`, the delivery id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// The event type, e.g. `invoice.paid`.
    #[serde(rename = "type", borrow)]
    pub event_type: Text<'a>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Live or test mode.
    pub livemode: bool,
    /// The API version the event was rendered with.
    #[serde(borrow, default)]
    pub api_version: Option<Text<'a>>,
    /// The connected account, for Connect events.
    #[serde(borrow, default)]
    pub account: Option<Text<'a>>,
    /// The object and its previous attributes.
    #[serde(borrow)]
    pub data: EnvelopeData<'a>,
}

/// `data` of the envelope, unparsed.
#[derive(Debug, Deserialize)]
pub struct EnvelopeData<'a> {
    /// The resource the event is about.
    #[serde(borrow)]
    pub object: &'a RawValue,
    /// On `*.updated` events, the changed fields' previous values.
    #[serde(borrow, default)]
    pub previous_attributes: Option<&'a RawValue>,
}

/// A Stripe event whose `data.object` is a `T`: take it as a handler parameter.
///
/// `T` is one of the ready-made types ([`Invoice`](super::Invoice), …), a type of your
/// own, or `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `evt_…`.
    pub id: String,
    /// The event type, e.g. `invoice.paid`.
    pub event_type: String,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Live or test mode.
    pub livemode: bool,
    /// The API version the event was rendered with.
    pub api_version: Option<String>,
    /// The connected account, for Connect events.
    pub account: Option<String>,
    /// The object and its previous attributes.
    pub data: EventData<T>,
}

/// `data` of an [`Event`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventData<T> {
    /// The resource the event is about.
    pub object: T,
    /// On `*.updated` events, the changed fields' previous values.
    pub previous_attributes: Option<serde_json::Value>,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Stripe> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Stripe>) -> Result<Self, ArgError> {
        let envelope = context.envelope();
        let object = serde_json::from_str(envelope.data.object.get())
            .map_err(|e| ArgError::deserialize::<T>(&e))?;
        let previous_attributes = envelope
            .data
            .previous_attributes
            .map(|raw| serde_json::from_str(raw.get()))
            .transpose()
            .map_err(|e| ArgError::deserialize::<serde_json::Value>(&e))?;
        Ok(Event {
            id: envelope.id.clone().into_owned(),
            event_type: envelope.event_type.clone().into_owned(),
            created: envelope.created,
            livemode: envelope.livemode,
            api_version: envelope
                .api_version
                .as_ref()
                .map(|v| v.clone().into_owned()),
            account: envelope.account.as_ref().map(|v| v.clone().into_owned()),
            data: EventData {
                object,
                previous_attributes,
            },
        })
    }
}
