//! Twitch EventSub's envelope (headers and body, parsed once and borrowing), then the
//! typed [`Event`].

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::verify::{MESSAGE_ID, MESSAGE_TIMESTAMP};
use super::Twitch;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

const MESSAGE_TYPE: &str = "Twitch-Eventsub-Message-Type";
const SUBSCRIPTION_TYPE: &str = "Twitch-Eventsub-Subscription-Type";

/// `Twitch-Eventsub-Message-Type`: what a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageType {
    /// `notification`: an event, dispatched to handlers.
    Notification,
    /// `webhook_callback_verification`: the challenge, answered automatically.
    WebhookCallbackVerification,
    /// `revocation`: Twitch ended the subscription; acknowledged automatically.
    Revocation,
}

impl MessageType {
    fn from_header(value: &str) -> Option<Self> {
        match value {
            "notification" => Some(MessageType::Notification),
            "webhook_callback_verification" => Some(MessageType::WebhookCallbackVerification),
            "revocation" => Some(MessageType::Revocation),
            _ => None,
        }
    }
}

/// What the runtime reads of an EventSub message before dispatch, borrowed from the
/// request; `subscription` and `event` stay raw until a handler asks for them.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `Twitch-Eventsub-Message-Type`.
    pub message_type: MessageType,
    /// `Twitch-Eventsub-Message-Id`: the delivery id (kept by retries).
    pub message_id: &'a str,
    /// `Twitch-Eventsub-Message-Timestamp`, as sent (RFC 3339).
    pub message_timestamp: &'a str,
    /// `Twitch-Eventsub-Subscription-Type` (else body `subscription.type`), e.g.
    /// `channel.follow`: the name handlers are dispatched on.
    pub subscription_type: Cow<'a, str>,
    /// Body `subscription`.
    pub subscription: &'a RawValue,
    /// Body `event` (notifications only).
    pub event: Option<&'a RawValue>,
    /// Body `challenge` (verification messages only).
    pub challenge: Option<Cow<'a, str>>,
}

impl Envelope<'_> {
    /// The bytes of `event`, or `null` when it is absent.
    pub(super) fn event_bytes(&self) -> &[u8] {
        self.event.map_or(b"null", |event| event.get().as_bytes())
    }
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    subscription: &'a RawValue,
    #[serde(borrow, default)]
    event: Option<&'a RawValue>,
    #[serde(borrow, default)]
    challenge: Option<Cow<'a, str>>,
}

/// The parts of `subscription` the runtime itself reads.
#[derive(Deserialize)]
pub(super) struct SubscriptionHead<'a> {
    #[serde(rename = "type", borrow)]
    pub(super) subscription_type: Cow<'a, str>,
    #[serde(borrow, default)]
    pub(super) status: Option<Cow<'a, str>>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let header = |name: &'static str| {
        request
            .header(name)
            .ok_or_else(|| EnvelopeError(format!("missing `{name}` header")))
    };
    let type_text = header(MESSAGE_TYPE)?;
    let message_type = MessageType::from_header(type_text)
        .ok_or_else(|| EnvelopeError(format!("unknown `{MESSAGE_TYPE}` `{type_text}`")))?;
    let Body {
        subscription,
        event,
        challenge,
    } = serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    let subscription_type = match request.header(SUBSCRIPTION_TYPE) {
        Some(name) if !name.is_empty() => Cow::Borrowed(name),
        _ => subscription_head(subscription)?.subscription_type,
    };
    match message_type {
        MessageType::Notification if event.is_none() => {
            return Err(EnvelopeError("notification without `event`".to_owned()));
        }
        MessageType::WebhookCallbackVerification if challenge.is_none() => {
            return Err(EnvelopeError(
                "verification message without a string `challenge`".to_owned(),
            ));
        }
        _ => {}
    }
    Ok(Envelope {
        message_type,
        message_id: header(MESSAGE_ID)?,
        message_timestamp: header(MESSAGE_TIMESTAMP)?,
        subscription_type,
        subscription,
        event,
        challenge,
    })
}

pub(super) fn subscription_head<'a>(
    subscription: &'a RawValue,
) -> Result<SubscriptionHead<'a>, EnvelopeError> {
    serde_json::from_str(subscription.get()).map_err(|error| EnvelopeError::json(&error))
}

/// Body `subscription` of an EventSub message.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Subscription {
    /// The subscription's id.
    pub id: String,
    /// The subscription type, e.g. `channel.follow`.
    #[serde(rename = "type")]
    pub subscription_type: String,
    /// The subscription type's version, e.g. `2`.
    pub version: String,
    /// `enabled`, or why it was revoked.
    pub status: String,
    /// What the subscription costs against the limit.
    #[serde(default)]
    pub cost: Option<u64>,
    /// The subscription's conditions (`broadcaster_user_id`, …).
    #[serde(default)]
    pub condition: serde_json::Value,
    /// How events are delivered (`method`, `callback`).
    #[serde(default)]
    pub transport: serde_json::Value,
    /// When the subscription was created (RFC 3339).
    pub created_at: String,
}

/// An EventSub notification whose `event` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own or `serde_json::Value`. See the [module docs](super).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `Twitch-Eventsub-Message-Id`.
    pub message_id: String,
    /// `Twitch-Eventsub-Message-Timestamp`, as sent (RFC 3339).
    pub message_timestamp: String,
    /// Body `subscription`.
    pub subscription: Subscription,
    /// Body `event`.
    pub event: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Twitch> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Twitch>) -> Result<Self, ArgError> {
        let envelope = context.envelope();
        let event = serde_json::from_slice(envelope.event_bytes())
            .map_err(|e| ArgError::deserialize::<T>(&e))?;
        let subscription = serde_json::from_str(envelope.subscription.get())
            .map_err(|e| ArgError::deserialize::<Subscription>(&e))?;
        Ok(Event {
            message_id: envelope.message_id.to_owned(),
            message_timestamp: envelope.message_timestamp.to_owned(),
            subscription,
            event,
        })
    }
}
