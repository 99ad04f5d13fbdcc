//! Linear's envelope, parsed once and borrowing, then the typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Linear;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a Linear delivery before dispatch, borrowed from the
/// request; `data` and `updatedFrom` stay raw until a handler asks for them.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// Body `type`, the entity type handlers are dispatched on (`Issue`, `Comment`).
    pub entity_type: Cow<'a, str>,
    /// Body `action`: `create`, `update`, `remove`, or another string for non-entity
    /// types.
    pub action: Cow<'a, str>,
    /// Body `createdAt`, as sent (ISO 8601).
    pub created_at: Option<Cow<'a, str>>,
    /// Body `url`: the entity's page in Linear, when it has one.
    pub url: Option<Cow<'a, str>>,
    /// Body `webhookId`: the id of the webhook configuration.
    pub webhook_id: Option<Cow<'a, str>>,
    /// Body `organizationId`.
    pub organization_id: Option<Cow<'a, str>>,
    /// Body `webhookTimestamp`, milliseconds since the epoch (checked by verification).
    pub webhook_timestamp: i64,
    /// Body `updatedFrom`: on `update`, the changed fields' previous values.
    pub updated_from: Option<&'a RawValue>,
    /// Body `data`: the entity.
    pub data: Option<&'a RawValue>,
    /// The `Linear-Delivery` header.
    pub delivery: Option<&'a str>,
    /// The whole body.
    pub body: &'a [u8],
}

impl Envelope<'_> {
    /// The bytes a handler's payload is read from: `data`, or the whole body for the
    /// few types that carry no `data`.
    pub(super) fn payload_bytes(&self) -> &[u8] {
        self.data.map_or(self.body, |data| data.get().as_bytes())
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(rename = "type", borrow)]
    entity_type: Cow<'a, str>,
    #[serde(borrow)]
    action: Cow<'a, str>,
    #[serde(rename = "createdAt", borrow, default)]
    created_at: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    url: Option<Cow<'a, str>>,
    #[serde(rename = "webhookId", borrow, default)]
    webhook_id: Option<Cow<'a, str>>,
    #[serde(rename = "organizationId", borrow, default)]
    organization_id: Option<Cow<'a, str>>,
    #[serde(rename = "webhookTimestamp")]
    webhook_timestamp: i64,
    #[serde(rename = "updatedFrom", borrow, default)]
    updated_from: Option<&'a RawValue>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let Body {
        entity_type,
        action,
        created_at,
        url,
        webhook_id,
        organization_id,
        webhook_timestamp,
        updated_from,
        data,
    } = serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    if entity_type.is_empty() {
        return Err(EnvelopeError("body `type` is empty".to_owned()));
    }
    Ok(Envelope {
        entity_type,
        action,
        created_at,
        url,
        webhook_id,
        organization_id,
        webhook_timestamp,
        updated_from,
        data,
        delivery: request.header("linear-delivery"),
        body: request.body,
    })
}

/// A Linear delivery whose `data` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own (Linear's payload types follow its GraphQL schema) or
/// `serde_json::Value`. See the [module docs](super) for an example.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Body `type`, e.g. `Issue`.
    pub entity_type: String,
    /// Body `action`, e.g. `create`, `update`, `remove`.
    pub action: String,
    /// Body `createdAt`, as sent.
    pub created_at: Option<String>,
    /// Body `url`.
    pub url: Option<String>,
    /// Body `webhookId`.
    pub webhook_id: Option<String>,
    /// Body `organizationId`.
    pub organization_id: Option<String>,
    /// Body `webhookTimestamp`, milliseconds since the epoch.
    pub webhook_timestamp: i64,
    /// Body `updatedFrom`: on `update`, the changed fields' previous values.
    pub updated_from: Option<serde_json::Value>,
    /// The `Linear-Delivery` header.
    pub delivery_id: Option<String>,
    /// Body `data` (the whole body for types without `data`).
    pub data: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Linear> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Linear>) -> Result<Self, ArgError> {
        let envelope = context.envelope();
        let data = serde_json::from_slice(envelope.payload_bytes())
            .map_err(|e| ArgError::deserialize::<T>(&e))?;
        let updated_from = envelope
            .updated_from
            .map(|raw| serde_json::from_str(raw.get()))
            .transpose()
            .map_err(|e| ArgError::deserialize::<serde_json::Value>(&e))?;
        let owned = |text: &Option<Cow<'_, str>>| text.as_ref().map(|t| t.clone().into_owned());
        Ok(Event {
            entity_type: envelope.entity_type.clone().into_owned(),
            action: envelope.action.clone().into_owned(),
            created_at: owned(&envelope.created_at),
            url: owned(&envelope.url),
            webhook_id: owned(&envelope.webhook_id),
            organization_id: owned(&envelope.organization_id),
            webhook_timestamp: envelope.webhook_timestamp,
            updated_from,
            delivery_id: envelope.delivery.map(str::to_owned),
            data,
        })
    }
}
