//! Typeform's envelope: `event_id`, `event_type` and the `form_response`, borrowed.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Typeform;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a Typeform delivery before dispatch, borrowed from the
/// body; `form_response` stays raw until a handler asks for it as a type.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    /// The delivery id (the same on Typeform's retries).
    #[serde(borrow)]
    pub event_id: Cow<'a, str>,
    /// The event type, e.g. `form_response`: the dispatch name.
    #[serde(borrow)]
    pub event_type: Cow<'a, str>,
    /// The submitted response.
    #[serde(borrow, default)]
    pub form_response: Option<&'a RawValue>,
    /// The whole body, the payload when there is no `form_response`.
    #[serde(skip)]
    pub body: &'a [u8],
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let mut envelope: Envelope<'a> =
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    envelope.body = request.body;
    Ok(envelope)
}

/// A Typeform delivery whose `form_response` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own or `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The delivery id.
    pub event_id: String,
    /// The event type, e.g. `form_response`.
    pub event_type: String,
    /// The submitted response.
    pub form_response: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Typeform> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Typeform>) -> Result<Self, ArgError> {
        let Envelope {
            event_id,
            event_type,
            form_response,
            body: _,
        } = context.envelope();
        let Some(raw) = form_response else {
            return Err(ArgError {
                type_name: std::any::type_name::<Self>(),
                reason: format!("`{event_type}` delivery has no `form_response`"),
            });
        };
        let form_response =
            serde_json::from_str(raw.get()).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            event_id: event_id.clone().into_owned(),
            event_type: event_type.clone().into_owned(),
            form_response,
        })
    }
}
