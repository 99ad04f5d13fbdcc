//! The webhook-event envelope: outer `type` (0 `PING`, 1 event) and the inner `event`
//! with its `type`, `timestamp` and `data`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::DiscordEvents;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};
use crate::providers::discord::event::raw_or_null;

/// Outer `type` 0: the endpoint check, answered `204`.
pub(super) const PING: u64 = 0;
/// Outer `type` 1: an event, named by `event.type`.
const EVENT: u64 = 1;

/// What the runtime reads of a webhook event before dispatch, borrowed from the body.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// Body `version`.
    pub version: Option<u64>,
    /// Body `application_id`.
    pub application_id: Option<Cow<'a, str>>,
    /// Outer body `type`: `0` (`PING`) or `1` (an event).
    pub webhook_type: u64,
    /// The dispatch name: `event.type` (`APPLICATION_AUTHORIZED`, …), `PING` for a ping,
    /// the outer type as text for a type this version does not know.
    pub name: Cow<'a, str>,
    /// `event.timestamp` (ISO 8601).
    pub timestamp: Option<Cow<'a, str>>,
    /// `event.data`, unparsed.
    pub data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(default)]
    version: Option<u64>,
    #[serde(borrow, default)]
    application_id: Option<Cow<'a, str>>,
    #[serde(rename = "type")]
    webhook_type: u64,
    #[serde(borrow, default)]
    event: Option<EventBody<'a>>,
}

#[derive(Deserialize)]
struct EventBody<'a> {
    #[serde(rename = "type", borrow)]
    event_type: Cow<'a, str>,
    #[serde(borrow, default)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let Body {
        version,
        application_id,
        webhook_type,
        event,
    } = serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let (name, timestamp, data) = match (webhook_type, event) {
        (PING, _) => (Cow::Borrowed("PING"), None, None),
        (
            EVENT,
            Some(EventBody {
                event_type,
                timestamp,
                data,
            }),
        ) => (event_type, timestamp, data),
        (EVENT, None) => {
            return Err(EnvelopeError(
                "a webhook event (`type` 1) without `event`".to_owned(),
            ))
        }
        (other, _) => (Cow::Owned(other.to_string()), None, None),
    };
    Ok(Envelope {
        version,
        application_id,
        webhook_type,
        name,
        timestamp,
        data,
    })
}

/// A Discord webhook event whose `event.data` is a `T`: take it as a handler parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Body `version`.
    pub version: Option<u64>,
    /// Body `application_id`.
    pub application_id: Option<String>,
    /// `event.type`, e.g. `APPLICATION_AUTHORIZED`.
    pub event_type: String,
    /// `event.timestamp` (ISO 8601).
    pub timestamp: Option<String>,
    /// `event.data`.
    pub data: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<DiscordEvents> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, DiscordEvents>) -> Result<Self, ArgError> {
        let Envelope {
            version,
            application_id,
            webhook_type: _,
            name,
            timestamp,
            data,
        } = context.envelope();
        Ok(Event {
            version: *version,
            application_id: application_id.as_ref().map(|t| t.clone().into_owned()),
            event_type: name.clone().into_owned(),
            timestamp: timestamp.as_ref().map(|t| t.clone().into_owned()),
            data: serde_json::from_slice(raw_or_null(*data))
                .map_err(|e| ArgError::deserialize::<T>(&e))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, Uri};

    use super::*;

    fn parse_body(body: &[u8]) -> Result<Envelope<'_>, EnvelopeError> {
        // Leaked: the envelope borrows the request parts for as long as the body.
        let headers: &'static HeaderMap = Box::leak(Box::default());
        let uri: &'static Uri = Box::leak(Box::default());
        let request = RawRequest { headers, uri, body };
        parse(&request)
    }

    #[test]
    fn pings_events_and_unknown_types() {
        let ping = parse_body(br#"{"version":1,"application_id":"1","type":0}"#).unwrap();
        assert_eq!((ping.webhook_type, ping.name.as_ref()), (0, "PING"));
        let event = parse_body(
            br#"{"version":1,"application_id":"1","type":1,"event":{"type":"ENTITLEMENT_CREATE","timestamp":"2024-10-18T14:42:53.064834","data":{"id":"e"}}}"#,
        )
        .unwrap();
        assert_eq!(event.name, "ENTITLEMENT_CREATE");
        assert_eq!(event.data.map(RawValue::get), Some(r#"{"id":"e"}"#));
        assert!(parse_body(br#"{"type":1}"#).is_err());
        assert_eq!(parse_body(br#"{"type":7}"#).unwrap().name, "7");
        assert!(parse_body(b"{").is_err());
    }
}
