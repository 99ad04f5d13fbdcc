//! SendGrid's batch envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::SendGrid;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a SendGrid request before dispatch: each event's kind
/// and id, borrowed; the events themselves stay in the body until a handler asks.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// Each event's `event` and `sg_event_id`, in order.
    pub events: Vec<EventHead<'a>>,
    /// `sha256:<hex of the body's SHA-256>`: the delivery id.
    pub delivery_id: String,
    /// The whole body (the JSON array).
    pub body: &'a [u8],
}

/// The fields of one event the runtime reads.
#[derive(Debug, Deserialize)]
pub struct EventHead<'a> {
    /// The kind: `processed`, `delivered`, `bounce`, `open`, ….
    #[serde(borrow)]
    pub event: Cow<'a, str>,
    /// SendGrid's id of this event, for idempotency.
    #[serde(borrow, default)]
    pub sg_event_id: Option<Cow<'a, str>>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let events: Vec<EventHead<'a>> =
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    Ok(Envelope {
        events,
        delivery_id: format!("sha256:{}", hex::encode(Sha256::digest(request.body))),
        body: request.body,
    })
}

/// One SendGrid email event, with the fields every kind has and the rest in
/// [`fields`](Self::fields).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct EmailEvent {
    /// The recipient.
    pub email: String,
    /// The kind: `processed`, `dropped`, `delivered`, `deferred`, `bounce`, `open`,
    /// `click`, `spamreport`, `unsubscribe`, `group_unsubscribe`, `group_resubscribe`.
    pub event: String,
    /// When it happened, unix seconds.
    pub timestamp: i64,
    /// SendGrid's id of this event: deduplicate on it.
    #[serde(default)]
    pub sg_event_id: Option<String>,
    /// SendGrid's id of the message.
    #[serde(default)]
    pub sg_message_id: Option<String>,
    /// Every other field (`reason`, `status`, `url`, `category`, custom arguments, …).
    #[serde(flatten)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// One SendGrid request, whose events are each a `T`: take it as a handler parameter.
///
/// `T` is [`EmailEvent`], a type of your own, or `serde_json::Value`. See the
/// [module docs](super).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The events, in the order SendGrid sent them.
    pub events: Vec<T>,
    /// Each event's kind (`event`), parallel to [`events`](Self::events).
    pub kinds: Vec<String>,
    /// The delivery id (`sha256:` and the body's hex SHA-256).
    pub delivery_id: String,
}

impl<T> Event<T> {
    /// The events of one kind (`"bounce"`), in order.
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s T> + 's {
        self.kinds
            .iter()
            .zip(&self.events)
            .filter(move |(event_kind, _)| *event_kind == kind)
            .map(|(_, event)| event)
    }
}

impl<T: serde::de::DeserializeOwned> HandlerArg<SendGrid> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, SendGrid>) -> Result<Self, ArgError> {
        let Envelope {
            events,
            delivery_id,
            body,
        } = context.envelope();
        let typed: Vec<T> =
            serde_json::from_slice(body).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            events: typed,
            kinds: events
                .iter()
                .map(|head| head.event.clone().into_owned())
                .collect(),
            delivery_id: delivery_id.clone(),
        })
    }
}
