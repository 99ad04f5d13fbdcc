//! The Standard Webhooks envelope: `webhook-id` and `webhook-timestamp` from the headers,
//! `type` and `data` from the body.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::verify::{ID, TIMESTAMP};
use super::StandardWebhooks;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a delivery before dispatch, borrowed from the request.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `webhook-id` (or `svix-id`), e.g. `msg_p5jXN8AQM9LWM0D4loKWxJek`: the delivery id.
    pub id: Option<&'a str>,
    /// `webhook-timestamp` (or `svix-timestamp`), unix seconds.
    pub timestamp: Option<i64>,
    /// Body `type`, e.g. `user.created`: the dispatch name.
    pub event_type: Cow<'a, str>,
    /// Body `data`, unparsed; `None` when the body has none.
    pub data: Option<&'a RawValue>,
    /// The whole body.
    pub body: &'a [u8],
}

impl Envelope<'_> {
    /// What a plain `T: Deserialize` parameter is read from: `data`, or the whole body
    /// when there is no `data`.
    pub(super) fn payload_bytes(&self) -> &[u8] {
        match self.data {
            Some(data) => data.get().as_bytes(),
            None => self.body,
        }
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(rename = "type", borrow)]
    event_type: Cow<'a, str>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let Body { event_type, data } =
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    Ok(Envelope {
        id: ID.get(request),
        timestamp: TIMESTAMP.get(request).and_then(|text| text.parse().ok()),
        event_type,
        data,
        body: request.body,
    })
}

/// A Standard Webhooks delivery whose `data` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own (Clerk's user, Resend's email, …) or `serde_json::Value`.
/// When the body has no `data`, `T` is read from the whole body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `webhook-id` (`svix-id`): the same on every retry of one message.
    pub id: Option<String>,
    /// Body `type`, e.g. `user.created`.
    pub event_type: String,
    /// `webhook-timestamp` (`svix-timestamp`), unix seconds: when this attempt was signed.
    pub timestamp: Option<i64>,
    /// Body `data` (or the whole body).
    pub data: T,
}

/// A provider that signs with Standard Webhooks (this one, and the presets over it:
/// Clerk, Resend, OpenAI), so [`Event<T>`] is a handler parameter of each.
pub trait Sender: crate::Provider {
    /// The Standard Webhooks envelope inside the provider's envelope.
    fn standard<'e, 'a: 'e>(envelope: &'e Self::Envelope<'a>) -> &'e Envelope<'a>;
}

impl Sender for StandardWebhooks {
    fn standard<'e, 'a: 'e>(envelope: &'e Envelope<'a>) -> &'e Envelope<'a> {
        envelope
    }
}

impl<P: Sender, T: serde::de::DeserializeOwned> HandlerArg<P> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, P>) -> Result<Self, ArgError> {
        let envelope = P::standard(context.envelope());
        let Envelope {
            id,
            timestamp,
            event_type,
            data: _,
            body: _,
        } = envelope;
        let data = serde_json::from_slice(envelope.payload_bytes())
            .map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            id: id.map(str::to_owned),
            event_type: event_type.clone().into_owned(),
            timestamp: *timestamp,
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Uri};

    use super::*;

    #[test]
    fn reads_type_data_and_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("webhook-id", HeaderValue::from_static("msg_1"));
        headers.insert("webhook-timestamp", HeaderValue::from_static("1614265330"));
        let uri = Uri::from_static("/");
        let body = br#"{"type":"user.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"u_1"}}"#;
        let request = RawRequest {
            headers: &headers,
            uri: &uri,
            body,
        };
        let envelope = parse(&request).unwrap();
        assert_eq!(envelope.id, Some("msg_1"));
        assert_eq!(envelope.timestamp, Some(1_614_265_330));
        assert_eq!(envelope.event_type, "user.created");
        assert_eq!(envelope.payload_bytes(), br#"{"id":"u_1"}"#);

        let no_data = br#"{"type":"ping"}"#;
        let request = RawRequest {
            body: no_data,
            ..request
        };
        assert_eq!(parse(&request).unwrap().payload_bytes(), no_data);
        let untyped = RawRequest {
            body: br#"{"data":{}}"#,
            ..request
        };
        assert!(parse(&untyped).is_err());
    }
}
