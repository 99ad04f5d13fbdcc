//! A Telegram `Update`: `update_id` and the one field it carries, borrowed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::Telegram;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of an update before dispatch, borrowed from the body.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// Body `update_id`, as written (an integer): the delivery id.
    pub update_id: &'a RawValue,
    /// The name of the update's one other field (`message`, `callback_query`): the
    /// dispatch name.
    pub kind: Cow<'a, str>,
    /// That field's value, unparsed.
    pub value: &'a RawValue,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let fields: BTreeMap<Cow<'a, str>, &'a RawValue> =
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let mut update_id = None;
    let mut kind = None;
    for (name, value) in fields {
        if name == "update_id" {
            if serde_json::from_str::<i64>(value.get()).is_err() {
                return Err(EnvelopeError("body `update_id` is not an integer".to_owned()));
            }
            update_id = Some(value);
        } else if kind.replace((name, value)).is_some() {
            return Err(EnvelopeError(
                "an update carries more than one field besides `update_id`".to_owned(),
            ));
        }
    }
    let update_id = update_id.ok_or_else(|| EnvelopeError("body has no `update_id`".to_owned()))?;
    let (kind, value) = kind.ok_or_else(|| {
        EnvelopeError("an update carries no field besides `update_id`".to_owned())
    })?;
    Ok(Envelope {
        update_id,
        kind,
        value,
    })
}

/// An update whose field is a `T` (a `Message`, a `CallbackQuery`, … of your own, or
/// `serde_json::Value`): take it as a handler parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Body `update_id`.
    pub update_id: i64,
    /// The field's name, e.g. `message`.
    pub kind: String,
    /// The field's value.
    pub payload: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Telegram> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Telegram>) -> Result<Self, ArgError> {
        let Envelope {
            update_id,
            kind,
            value,
        } = context.envelope();
        let update_id = serde_json::from_str(update_id.get())
            .map_err(|e| ArgError::deserialize::<i64>(&e))?;
        let payload = serde_json::from_str(value.get()).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            update_id,
            kind: kind.clone().into_owned(),
            payload,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, Uri};

    use super::*;

    fn parse_body(body: &[u8]) -> Result<(String, String, String), EnvelopeError> {
        let headers = HeaderMap::new();
        let uri = Uri::from_static("/");
        let envelope = parse(&RawRequest {
            headers: &headers,
            uri: &uri,
            body,
        })?;
        Ok((
            envelope.update_id.get().to_owned(),
            envelope.kind.into_owned(),
            envelope.value.get().to_owned(),
        ))
    }

    #[test]
    fn reads_the_one_field_of_an_update() {
        let body = br#"{"update_id":10000,"callback_query":{"id":"4382bfdwdsb323b2d9","data":"x"}}"#;
        assert_eq!(
            parse_body(body).unwrap(),
            (
                "10000".to_owned(),
                "callback_query".to_owned(),
                r#"{"id":"4382bfdwdsb323b2d9","data":"x"}"#.to_owned()
            )
        );
        for bad in [
            &br#"{"message":{}}"#[..],
            br#"{"update_id":1}"#,
            br#"{"update_id":"1","message":{}}"#,
            br#"{"update_id":1,"message":{},"poll":{}}"#,
            b"[]",
            b"not json",
        ] {
            assert!(parse_body(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
