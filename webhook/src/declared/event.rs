//! The envelope and typed event of declared providers.

use std::borrow::Cow;

use super::DeclaredProvider;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::Payload;

/// What the runtime reads of a declared provider's delivery, borrowed from the request.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// The event name, from the configured header or JSON field.
    pub event: Cow<'a, str>,
    /// The delivery id, from `id_header` or `id_field`.
    pub id: Option<Cow<'a, str>>,
    /// The whole body, which is the payload.
    pub body: &'a [u8],
}

/// A declared provider's delivery whose body is a `T`: take it as a handler parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event name.
    pub event: String,
    /// The delivery id, if the provider sends one.
    pub id: Option<String>,
    /// The body.
    pub payload: T,
}

impl<P: DeclaredProvider, T: serde::de::DeserializeOwned> HandlerArg<P> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, P>) -> Result<Self, ArgError> {
        let envelope = P::declared(context.envelope());
        Ok(Event {
            event: envelope.event.clone().into_owned(),
            id: envelope.id.as_ref().map(|id| id.clone().into_owned()),
            payload: Payload::Json(envelope.body).deserialize()?,
        })
    }
}
