//! The Standard Webhooks envelope: `webhook-id` and `webhook-timestamp` from the headers,
//! `type` and `data` from the body.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::verify::{ID, TIMESTAMP};
use super::StandardWebhooks;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::peek::{self, Rest};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a delivery before dispatch, borrowed from the request.
///
/// The body's `type` is read when the request arrives — without scanning the body when
/// it is the first or last member, where senders write it — and `data` on first use.
/// That lets a typed [`Event<T>`] parse the body once, straight into `T`, instead of
/// the envelope skipping over `data` and `T` parsing it again. The runtime completes the
/// envelope ([`Provider::finish_parse`](crate::Provider::finish_parse)) wherever nothing
/// parsed the whole body, so a malformed body is refused all the same.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `webhook-id` (or `svix-id`), e.g. `msg_p5jXN8AQM9LWM0D4loKWxJek`: the delivery id.
    pub id: Option<&'a str>,
    /// `webhook-timestamp` (or `svix-timestamp`), unix seconds.
    pub timestamp: Option<i64>,
    /// Body `type`, e.g. `user.created`: the dispatch name.
    pub event_type: Cow<'a, str>,
    /// The whole body.
    pub body: &'a [u8],
    rest: Rest<Fields<'a>>,
}

/// The envelope's fields beyond `type`: `data`, unparsed.
#[derive(Debug)]
struct Fields<'a> {
    data: Option<&'a RawValue>,
}

impl<'a> Envelope<'a> {
    /// Body `data`, unparsed (`None` when the body has none), read on first use.
    pub fn data(&self) -> Result<Option<&'a RawValue>, EnvelopeError> {
        self.fields().map(|fields| fields.data)
    }

    fn fields(&self) -> Result<&Fields<'a>, EnvelopeError> {
        self.rest.get_or_parse(|| parse_body(self.body).map(|body| body.fields))
    }

    /// What a plain `T: Deserialize` parameter is read from: `data`, or the whole body
    /// when there is no `data`.
    pub(super) fn payload_bytes(&self) -> &[u8] {
        match self.data() {
            Ok(Some(data)) => data.get().as_bytes(),
            // A body that does not parse is refused before any handler runs
            // (`finish`); the whole body is the honest answer meanwhile.
            Ok(None) | Err(_) => self.body,
        }
    }

    /// Parses the rest of the envelope unless a typed [`Event<T>`] validated the body.
    pub(super) fn finish(&self) -> Result<(), EnvelopeError> {
        self.rest
            .finish(|| parse_body(self.body).map(|body| body.fields))
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(rename = "type", borrow)]
    event_type: Cow<'a, str>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

struct Parsed<'a> {
    event_type: Cow<'a, str>,
    fields: Fields<'a>,
}

fn parse_body(body: &[u8]) -> Result<Parsed<'_>, EnvelopeError> {
    let Body { event_type, data } =
        serde_json::from_slice(body).map_err(|error| EnvelopeError::json(&error))?;
    Ok(Parsed {
        event_type,
        fields: Fields { data },
    })
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let body = request.body;
    let peeked = peek::leading_string(body, "type").or_else(|| peek::trailing_string(body, "type"));
    let (event_type, rest) = match peeked {
        Some(event_type) => (Cow::Borrowed(event_type), Rest::unparsed()),
        None => {
            let Parsed { event_type, fields } = parse_body(body)?;
            (event_type, Rest::parsed(fields))
        }
    };
    Ok(Envelope {
        id: ID.get(request),
        timestamp: TIMESTAMP.get(request).and_then(|text| text.parse().ok()),
        event_type,
        body,
        rest,
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
        let data = match envelope.rest.get() {
            Some(Ok(_)) => serde_json::from_slice(envelope.payload_bytes())
                .map_err(|e| ArgError::deserialize::<T>(&e))?,
            Some(Err(error)) => {
                return Err(ArgError {
                    type_name: std::any::type_name::<T>(),
                    reason: error.to_string(),
                })
            }
            None => from_whole_body(envelope)?,
        };
        Ok(Event {
            id: envelope.id.map(str::to_owned),
            event_type: envelope.event_type.clone().into_owned(),
            timestamp: envelope.timestamp,
            data,
        })
    }
}

/// How the body is read in one pass when only `type` was peeked: `type` and `data`
/// straight into `T`, which also validates the body.
#[derive(Deserialize)]
#[serde(bound = "T: serde::de::DeserializeOwned")]
struct Whole<T> {
    #[serde(rename = "type")]
    event_type: String,
    #[serde(default = "Option::default")]
    data: Option<T>,
}

/// Only `type` was peeked: one pass over the whole body, straight into `T` (which must
/// agree with the peek); a body without `data` is read whole as `T`.
fn from_whole_body<T: serde::de::DeserializeOwned>(envelope: &Envelope<'_>) -> Result<T, ArgError> {
    let mut json = serde_json::Deserializer::from_slice(envelope.body);
    let whole = Whole::<T>::deserialize(&mut json)
        .and_then(|whole| json.end().map(|()| whole))
        .map_err(|e| ArgError::deserialize::<T>(&e))?;
    if whole.event_type != envelope.event_type {
        return Err(ArgError {
            type_name: std::any::type_name::<T>(),
            reason: "the body's `type` is not the one first read from it".into(),
        });
    }
    envelope.rest.mark_validated();
    match whole.data {
        Some(data) => Ok(data),
        None => serde_json::from_slice(envelope.body).map_err(|e| ArgError::deserialize::<T>(&e)),
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

    fn envelope_of(body: &'static [u8]) -> Envelope<'static> {
        let headers: &'static HeaderMap = Box::leak(Box::new(HeaderMap::new()));
        let uri: &'static Uri = Box::leak(Box::new(Uri::from_static("/")));
        parse(&RawRequest { headers, uri, body }).unwrap()
    }

    #[test]
    fn type_first_or_last_is_peeked_and_the_rest_read_on_first_use() {
        for body in [
            &br#"{"type":"user.created","data":{"id":"u_1"}}"#[..],
            &br#"{"data":{"id":"u_1"},"object":"event","type":"user.created"}"#[..],
        ] {
            let envelope = envelope_of(body);
            assert_eq!(envelope.event_type, "user.created");
            assert!(envelope.rest.get().is_none(), "nothing parsed yet");
            assert_eq!(envelope.data().unwrap().unwrap().get(), r#"{"id":"u_1"}"#);
            assert!(envelope.finish().is_ok());
        }
        // `type` in the middle: the body is parsed when the request arrives.
        let middle = envelope_of(br#"{"data":{"id":"u_1"},"type":"user.created","v":1}"#);
        assert_eq!(middle.event_type, "user.created");
        assert!(matches!(middle.rest.get(), Some(Ok(_))));
    }

    #[test]
    fn a_malformed_body_behind_a_peeked_type_is_still_refused() {
        let envelope = envelope_of(br#"{"type":"user.created","data":{"id":"#);
        assert_eq!(envelope.event_type, "user.created");
        assert!(envelope.finish().is_err());
        assert!(envelope.data().is_err());
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct User {
        id: String,
    }

    #[test]
    fn a_typed_parameter_reads_the_body_once_and_validates_it() {
        let envelope = envelope_of(br#"{"type":"user.created","data":{"id":"u_1"}}"#);
        let user: User = from_whole_body(&envelope).unwrap();
        assert_eq!(user, User { id: "u_1".into() });
        assert!(envelope.finish().is_ok(), "validated by the typed parse");
        assert!(envelope.rest.get().is_none(), "and never parsed twice");

        // Without `data`, the whole body is the payload.
        let whole = envelope_of(br#"{"type":"ping","id":"u_2"}"#);
        assert_eq!(from_whole_body::<User>(&whole).unwrap().id, "u_2");

        // A second `type` disagreeing with the peeked one is refused, not dispatched.
        let twice = envelope_of(br#"{"type":"a","data":{"id":"u_1"},"type":"b"}"#);
        assert!(from_whole_body::<User>(&twice).is_err());
        assert!(twice.finish().is_err());
    }
}
