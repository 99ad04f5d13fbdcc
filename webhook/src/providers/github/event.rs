//! GitHub's envelope: the event from `X-GitHub-Event`, the action from the body.

use std::borrow::Cow;

use serde::Deserialize;

use super::GitHub;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a GitHub delivery before dispatch.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `X-GitHub-Event`, e.g. `pull_request`.
    pub event: &'a str,
    /// Body `action`, e.g. `opened`; absent for `push`, `ping` and a few others.
    pub action: Option<Cow<'a, str>>,
    /// The dispatch name: `event.action`, or `event` when there is no action.
    pub name: Cow<'a, str>,
    /// `X-GitHub-Delivery`, a GUID that redeliveries keep.
    pub delivery: Option<&'a str>,
    /// The whole body, which is the payload.
    pub body: &'a [u8],
}

#[derive(Deserialize)]
struct ActionOnly<'a> {
    #[serde(borrow, default)]
    action: Option<Cow<'a, str>>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let event = request
        .header("x-github-event")
        .filter(|name| !name.is_empty())
        .ok_or_else(|| EnvelopeError("missing `X-GitHub-Event` header".to_owned()))?;
    let ActionOnly { action } =
        serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let name = match &action {
        Some(action) => Cow::Owned(format!("{event}.{action}")),
        None => Cow::Borrowed(event),
    };
    Ok(Envelope {
        event,
        action,
        name,
        delivery: request.header("x-github-delivery"),
        body: request.body,
    })
}

/// A GitHub delivery whose body is a `T`: take it as a handler parameter.
///
/// `T` is one of the ready-made types ([`PullRequestEvent`](super::PullRequestEvent), …),
/// a type of your own, or `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `X-GitHub-Event`, e.g. `pull_request`.
    pub event: String,
    /// Body `action`, e.g. `opened`.
    pub action: Option<String>,
    /// `X-GitHub-Delivery`.
    pub delivery_id: Option<String>,
    /// The body.
    pub payload: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<GitHub> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, GitHub>) -> Result<Self, ArgError> {
        let envelope = context.envelope();
        let payload =
            serde_json::from_slice(envelope.body).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            event: envelope.event.to_owned(),
            action: envelope.action.as_ref().map(|a| a.clone().into_owned()),
            delivery_id: envelope.delivery.map(str::to_owned),
            payload,
        })
    }
}
