//! Paddle's event envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Paddle;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};

/// The envelope every Paddle Billing notification shares, borrowed from the body;
/// `data` stays raw until a handler asks for it as a type.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    /// `evt_…`, the delivery id.
    #[serde(borrow)]
    pub event_id: Cow<'a, str>,
    /// The event type, e.g. `transaction.paid`.
    #[serde(borrow)]
    pub event_type: Cow<'a, str>,
    /// When the event happened (RFC 3339).
    #[serde(borrow)]
    pub occurred_at: Cow<'a, str>,
    /// `ntf_…`: this notification to this destination (a replay gets a new one).
    #[serde(borrow, default)]
    pub notification_id: Option<Cow<'a, str>>,
    /// The entity the event is about.
    #[serde(borrow)]
    pub data: &'a RawValue,
}

/// A Paddle Billing event whose `data` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own or `serde_json::Value`. See the [module docs](super) for
/// an example.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `evt_…`.
    pub event_id: String,
    /// The event type, e.g. `transaction.paid`.
    pub event_type: String,
    /// When the event happened (RFC 3339), as sent.
    pub occurred_at: String,
    /// `ntf_…`.
    pub notification_id: Option<String>,
    /// The entity the event is about.
    pub data: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Paddle> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Paddle>) -> Result<Self, ArgError> {
        let Envelope {
            event_id,
            event_type,
            occurred_at,
            notification_id,
            data,
        } = context.envelope();
        let data = serde_json::from_str(data.get()).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            event_id: event_id.clone().into_owned(),
            event_type: event_type.clone().into_owned(),
            occurred_at: occurred_at.clone().into_owned(),
            notification_id: notification_id.as_ref().map(|id| id.clone().into_owned()),
            data,
        })
    }
}
