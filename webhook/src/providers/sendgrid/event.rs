//! SendGrid's batch envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::SendGrid;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, Payload, RawRequest};

/// What the runtime reads of a SendGrid request before dispatch: the batch, and then,
/// split from it, each of its events (see the [module docs](super)).
#[derive(Debug)]
#[non_exhaustive]
pub enum Envelope<'a> {
    /// The request: every event of the batch. Verified, stored and answered once.
    Batch(Batch<'a>),
    /// One event of the batch, as its handlers are dispatched.
    Event(EventHead<'a>),
}

/// A whole request: its events' heads, borrowed; the events stay in the body until a
/// handler asks.
#[derive(Debug)]
#[non_exhaustive]
pub struct Batch<'a> {
    /// Each event's head, in order.
    pub events: Vec<EventHead<'a>>,
    /// `sha256:<hex of the body's SHA-256>`: the request's delivery id in the log.
    pub delivery_id: String,
    /// The whole body (the JSON array).
    pub body: &'a [u8],
}

/// The fields of one event the runtime reads, and its JSON text.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EventHead<'a> {
    /// The kind: `processed`, `delivered`, `bounce`, `open`, …; what it is dispatched on.
    pub event: Cow<'a, str>,
    /// SendGrid's id of this event, for idempotency.
    pub sg_event_id: Option<Cow<'a, str>>,
    /// The event's delivery id: its `sg_event_id`, or, without one, `sha256:` and the
    /// hex SHA-256 of its JSON text.
    pub delivery_id: Cow<'a, str>,
    /// The event object, as sent.
    pub json: &'a RawValue,
}

#[derive(Deserialize)]
struct HeadFields<'a> {
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(borrow, default)]
    sg_event_id: Option<Cow<'a, str>>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let raw_events: Vec<&'a RawValue> =
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let mut events = Vec::with_capacity(raw_events.len());
    for (index, json) in raw_events.into_iter().enumerate() {
        let HeadFields { event, sg_event_id } = serde_json::from_str(json.get())
            .map_err(|error| EnvelopeError(format!("event {index} of the batch: {error}")))?;
        let delivery_id = match &sg_event_id {
            Some(id) => id.clone(),
            None => Cow::Owned(sha256_id(json.get().as_bytes())),
        };
        events.push(EventHead {
            event,
            sg_event_id,
            delivery_id,
            json,
        });
    }
    Ok(Envelope::Batch(Batch {
        events,
        delivery_id: sha256_id(request.body),
        body: request.body,
    }))
}

/// `sha256:` and the hex SHA-256 of `bytes`.
fn sha256_id(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

impl<'a> Envelope<'a> {
    /// Each event of a batch, as its own envelope.
    pub(super) fn split(&self) -> Option<Vec<Envelope<'a>>> {
        match self {
            Envelope::Batch(batch) => {
                Some(batch.events.iter().cloned().map(Envelope::Event).collect())
            }
            Envelope::Event(_) => None,
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Envelope::Batch(_) => super::BATCH,
            Envelope::Event(head) => &head.event,
        }
    }

    pub(super) fn delivery_id(&self) -> &str {
        match self {
            Envelope::Batch(batch) => &batch.delivery_id,
            Envelope::Event(head) => &head.delivery_id,
        }
    }

    pub(super) fn payload(&self) -> Payload<'_> {
        match self {
            Envelope::Batch(batch) => Payload::Json(batch.body),
            Envelope::Event(head) => Payload::Json(head.json.get().as_bytes()),
        }
    }
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

/// One SendGrid event, read as a `T`: take it as a handler parameter. Each event of a
/// batch reaches the handlers of its kind (`event = "bounce"`) on its own.
///
/// `T` is [`EmailEvent`], a type of your own, or `serde_json::Value`. See the
/// [module docs](super).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The kind (`event`): `processed`, `delivered`, `bounce`, ….
    pub kind: String,
    /// SendGrid's id of this event (`sg_event_id`).
    pub sg_event_id: Option<String>,
    /// The event's delivery id: its `sg_event_id`, or the hash of its JSON without one.
    pub delivery_id: String,
    /// The event.
    pub data: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<SendGrid> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, SendGrid>) -> Result<Self, ArgError> {
        let Envelope::Event(head) = context.envelope() else {
            return Err(ArgError {
                type_name: std::any::type_name::<Self>(),
                reason: "a SendGrid batch is dispatched event by event".to_owned(),
            });
        };
        let EventHead {
            event,
            sg_event_id,
            delivery_id,
            json,
        } = head;
        let data = serde_json::from_str(json.get()).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            kind: event.clone().into_owned(),
            sg_event_id: sg_event_id.as_ref().map(|id| id.clone().into_owned()),
            delivery_id: delivery_id.clone().into_owned(),
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, Uri};

    use super::*;

    fn parse_body(body: &'static [u8]) -> Result<Envelope<'static>, EnvelopeError> {
        // Leaked: a test's few bytes, so that the envelope may borrow them.
        let headers: &'static HeaderMap = Box::leak(Box::default());
        let uri: &'static Uri = Box::leak(Box::new(Uri::from_static("/")));
        parse(&RawRequest {
            headers,
            uri,
            body,
        })
    }

    #[test]
    fn a_batch_splits_into_its_events_with_their_own_ids() {
        let body = br#"[{"event":"processed","sg_event_id":"ev_1","email":"a"},{"event":"bounce","email":"b"}]"#;
        let batch = parse_body(body).unwrap();
        assert_eq!(batch.name(), "batch");
        assert_eq!(batch.delivery_id(), sha256_id(body));
        let items = batch.split().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].name(), "processed");
        assert_eq!(items[0].delivery_id(), "ev_1");
        assert_eq!(
            items[0].payload(),
            Payload::Json(br#"{"event":"processed","sg_event_id":"ev_1","email":"a"}"#)
        );
        assert_eq!(items[1].name(), "bounce");
        // No `sg_event_id`: the hash of the event's own JSON, the same in any batch.
        assert_eq!(
            items[1].delivery_id(),
            sha256_id(br#"{"event":"bounce","email":"b"}"#)
        );
        assert!(items[1].split().is_none());
        assert!(parse_body(b"[]").unwrap().split().unwrap().is_empty());
    }

    #[test]
    fn malformed_batches_are_refused() {
        for bad in [
            &br#"{"event":"bounce"}"#[..],
            br#"[{"email":"no kind"}]"#,
            br#"[1]"#,
            b"[",
            b"",
        ] {
            assert!(parse_body(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
