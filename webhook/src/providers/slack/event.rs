//! Slack's three kinds of delivery, told apart by the body: an Events API JSON body,
//! a slash-command form, or an interactivity form carrying `payload=<JSON>`; and the
//! SSL check of a slash-command URL, a form with `ssl_check=1`, which is answered and
//! never dispatched.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::callback::{Callback, WholeCallback};
use super::Slack;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, Payload, RawRequest};

/// The dispatch name of slash commands, which carry no type of their own.
pub const SLASH_COMMAND: &str = "slash_command";

/// What the runtime reads of a Slack delivery before dispatch.
#[derive(Debug)]
#[non_exhaustive]
pub enum Envelope<'a> {
    /// An Events API JSON body (`event_callback`, `url_verification`, `app_rate_limited`).
    Events(EventsEnvelope<'a>),
    /// An `event_callback` read by its structure only, the rest parsed on first use:
    /// see [`Callback`].
    Callback(Callback<'a>),
    /// A slash command: a form with `command=`.
    SlashCommand(SlashCommandEnvelope<'a>),
    /// An interactivity request: a form whose `payload` field is JSON.
    Interaction(InteractionEnvelope),
    /// Slack checking a slash command's URL (a form with `ssl_check=1`): answered
    /// `200` with an empty body once verified, never dispatched nor stored.
    SslCheck,
}

/// The dispatch name an SSL check would have; it is answered before dispatch, so no
/// handler ever sees it.
const SSL_CHECK: &str = "ssl_check";

/// The outer object of an Events API body, borrowed from it.
#[derive(Debug, Deserialize)]
pub struct EventsEnvelope<'a> {
    /// Outer `type`: `event_callback`, `url_verification` or `app_rate_limited`.
    #[serde(rename = "type", borrow)]
    pub envelope_type: Cow<'a, str>,
    /// The workspace.
    #[serde(borrow, default)]
    pub team_id: Option<Cow<'a, str>>,
    /// The app the event is for.
    #[serde(borrow, default)]
    pub api_app_id: Option<Cow<'a, str>>,
    /// `Ev…`, the same on Slack's retries: the delivery id.
    #[serde(borrow, default)]
    pub event_id: Option<Cow<'a, str>>,
    /// When the event happened, unix seconds.
    #[serde(default)]
    pub event_time: Option<i64>,
    /// The `url_verification` challenge.
    #[serde(borrow, default)]
    pub challenge: Option<Cow<'a, str>>,
    /// The inner event of an `event_callback`, unparsed.
    #[serde(borrow, default)]
    pub event: Option<&'a RawValue>,
    /// The inner event's `type` (`app_mention`), filled in by the parser.
    #[serde(skip)]
    pub event_type: Option<Cow<'a, str>>,
    /// The inner event's `subtype` (`message` variants such as `bot_message`).
    #[serde(skip)]
    pub event_subtype: Option<Cow<'a, str>>,
    /// The whole body.
    #[serde(skip)]
    pub body: &'a [u8],
}

/// A slash-command form.
#[derive(Debug)]
pub struct SlashCommandEnvelope<'a> {
    /// The command, e.g. `/deploy`.
    pub command: String,
    /// `trigger_id`, unique per invocation: the delivery id.
    pub trigger_id: Option<String>,
    /// The form body.
    pub body: &'a [u8],
}

/// An interactivity request, its `payload` field decoded.
#[derive(Debug)]
pub struct InteractionEnvelope {
    /// The payload's `type`, e.g. `block_actions`.
    pub interaction_type: String,
    /// The payload's `trigger_id` (absent on `view_closed`, `block_suggestion`).
    pub trigger_id: Option<String>,
    /// The payload JSON, form-decoded.
    pub payload: String,
}

#[derive(Deserialize)]
struct InnerEvent<'a> {
    #[serde(rename = "type", borrow)]
    event_type: Cow<'a, str>,
    #[serde(borrow, default)]
    subtype: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct FormFields {
    #[serde(default)]
    ssl_check: Option<String>,
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    payload: Option<String>,
    #[serde(default)]
    trigger_id: Option<String>,
}

#[derive(Deserialize)]
struct InteractionFields {
    #[serde(rename = "type")]
    interaction_type: String,
    #[serde(default)]
    trigger_id: Option<String>,
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    parse_body(request.body)
}

fn parse_body(body: &[u8]) -> Result<Envelope<'_>, EnvelopeError> {
    // A form body never starts with `{` (it would be percent-encoded), a JSON object
    // always does; this is what tells the kinds apart, whatever `Content-Type` says.
    let first = body.iter().find(|byte| !byte.is_ascii_whitespace());
    if first == Some(&b'{') {
        if let Some(callback) = Callback::peek(body) {
            return Ok(Envelope::Callback(callback));
        }
        parse_events(body).map(Envelope::Events)
    } else {
        parse_form(body)
    }
}

pub(super) fn parse_events(body: &[u8]) -> Result<EventsEnvelope<'_>, EnvelopeError> {
    let mut envelope: EventsEnvelope<'_> =
        serde_json::from_slice(body).map_err(|error| EnvelopeError::json(&error))?;
    envelope.body = body;
    match &*envelope.envelope_type {
        "event_callback" => {
            let raw = envelope.event.ok_or_else(|| {
                EnvelopeError("`event_callback` body has no `event` object".to_owned())
            })?;
            let inner: InnerEvent<'_> =
                serde_json::from_str(raw.get()).map_err(|error| EnvelopeError::json(&error))?;
            envelope.event_type = Some(inner.event_type);
            envelope.event_subtype = inner.subtype;
        }
        "url_verification" if envelope.challenge.is_none() => {
            return Err(EnvelopeError(
                "`url_verification` body has no `challenge`".to_owned(),
            ));
        }
        _ => {}
    }
    Ok(envelope)
}

fn parse_form(body: &[u8]) -> Result<Envelope<'_>, EnvelopeError> {
    let fields: FormFields = serde_urlencoded::from_bytes(body)
        .map_err(|error| EnvelopeError(format!("body is not a Slack form: {error}")))?;
    match fields {
        // Checked first: whatever else the form carries, an SSL check reaches no handler.
        FormFields {
            ssl_check: Some(ssl_check),
            payload: _,
            command: _,
            trigger_id: _,
        } if ssl_check == "1" => Ok(Envelope::SslCheck),
        FormFields {
            ssl_check: _,
            payload: Some(payload),
            command: _,
            trigger_id: _,
        } => {
            let InteractionFields {
                interaction_type,
                trigger_id,
            } = serde_json::from_str(&payload).map_err(|error| {
                EnvelopeError(format!("interactivity `payload` is not valid: {error}"))
            })?;
            Ok(Envelope::Interaction(InteractionEnvelope {
                interaction_type,
                trigger_id,
                payload,
            }))
        }
        FormFields {
            ssl_check: _,
            payload: None,
            command: Some(command),
            trigger_id,
        } => Ok(Envelope::SlashCommand(SlashCommandEnvelope {
            command,
            trigger_id,
            body,
        })),
        FormFields {
            ssl_check: _,
            payload: None,
            command: None,
            trigger_id: _,
        } => Err(EnvelopeError(
            "form body has neither `command` (slash command) nor `payload` (interactivity)"
                .to_owned(),
        )),
    }
}

impl Envelope<'_> {
    pub(super) fn name(&self) -> &str {
        match self {
            Envelope::Events(events) => events
                .event_type
                .as_deref()
                .unwrap_or(&events.envelope_type),
            Envelope::Callback(callback) => callback.event_type(),
            Envelope::SlashCommand(_) => SLASH_COMMAND,
            Envelope::Interaction(interaction) => &interaction.interaction_type,
            Envelope::SslCheck => SSL_CHECK,
        }
    }

    pub(super) fn delivery_id(&self) -> Option<&str> {
        match self {
            Envelope::Events(events) => events.event_id.as_deref(),
            Envelope::Callback(callback) => callback.event_id(),
            Envelope::SlashCommand(command) => command.trigger_id.as_deref(),
            Envelope::Interaction(interaction) => interaction.trigger_id.as_deref(),
            Envelope::SslCheck => None,
        }
    }

    pub(super) fn payload(&self) -> Payload<'_> {
        match self {
            Envelope::Events(EventsEnvelope {
                event: Some(event), ..
            }) => Payload::Json(event.get().as_bytes()),
            Envelope::Events(events) => Payload::Json(events.body),
            // Empty (so that parsing it fails, `400`) when the body is malformed, which
            // the runtime reports before any handler runs.
            Envelope::Callback(callback) => match callback.fields() {
                Ok(EventsEnvelope {
                    event: Some(event), ..
                }) => Payload::Json(event.get().as_bytes()),
                Ok(_) | Err(_) => Payload::Json(b""),
            },
            Envelope::SlashCommand(command) => Payload::Form(command.body),
            Envelope::Interaction(interaction) => Payload::Json(interaction.payload.as_bytes()),
            Envelope::SslCheck => Payload::Form(b""),
        }
    }

    /// Completes a [`Callback`] envelope (see [`Provider::finish_parse`](crate::Provider::finish_parse)).
    pub(super) fn finish(&self) -> Result<(), EnvelopeError> {
        match self {
            Envelope::Callback(callback) => callback.finish(),
            Envelope::Events(_)
            | Envelope::SlashCommand(_)
            | Envelope::Interaction(_)
            | Envelope::SslCheck => Ok(()),
        }
    }

    /// The `url_verification` challenge, when this is one.
    pub(super) fn challenge(&self) -> Option<&str> {
        match self {
            Envelope::Events(events) if events.envelope_type == "url_verification" => {
                events.challenge.as_deref()
            }
            _ => None,
        }
    }
}

/// An Events API `event_callback` whose inner `event` is a `T`: take it as a handler
/// parameter.
///
/// `T` is a type of your own or `serde_json::Value`. A handler taking it is only
/// matched with inner event types; given a slash command or an interaction it answers
/// `400`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The workspace.
    pub team_id: Option<String>,
    /// The app the event is for.
    pub api_app_id: Option<String>,
    /// `Ev…`, kept by Slack's retries.
    pub event_id: Option<String>,
    /// When the event happened, unix seconds.
    pub event_time: Option<i64>,
    /// The inner event's `type`, e.g. `app_mention`.
    pub event_type: String,
    /// The inner event's `subtype`, e.g. `bot_message`.
    pub event_subtype: Option<String>,
    /// The inner event.
    pub event: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Slack> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Slack>) -> Result<Self, ArgError> {
        let not_an_event = || ArgError {
            type_name: std::any::type_name::<Self>(),
            reason: format!(
                "`{}` is not an Events API `event_callback`",
                context.event_name()
            ),
        };
        match context.envelope() {
            Envelope::Events(envelope) => from_events(envelope).ok_or_else(not_an_event)?,
            Envelope::Callback(callback) => match callback.parsed_fields() {
                Some(Ok(envelope)) => from_events(envelope).ok_or_else(not_an_event)?,
                Some(Err(error)) => Err(ArgError {
                    type_name: std::any::type_name::<T>(),
                    reason: error.to_string(),
                }),
                None => from_whole_body(callback),
            },
            Envelope::SlashCommand(_) | Envelope::Interaction(_) | Envelope::SslCheck => {
                Err(not_an_event())
            }
        }
    }
}

/// The envelope was parsed already: only the inner event is left to parse. `None` when
/// this is no `event_callback`.
fn from_events<T: serde::de::DeserializeOwned>(
    envelope: &EventsEnvelope<'_>,
) -> Option<Result<Event<T>, ArgError>> {
    let (Some(raw), Some(event_type)) = (envelope.event, &envelope.event_type) else {
        return None;
    };
    let event = match serde_json::from_str(raw.get()) {
        Ok(event) => event,
        Err(error) => return Some(Err(ArgError::deserialize::<T>(&error))),
    };
    let owned = |text: &Option<Cow<'_, str>>| text.as_ref().map(|t| t.clone().into_owned());
    Some(Ok(Event {
        team_id: owned(&envelope.team_id),
        api_app_id: owned(&envelope.api_app_id),
        event_id: owned(&envelope.event_id),
        event_time: envelope.event_time,
        event_type: event_type.clone().into_owned(),
        event_subtype: owned(&envelope.event_subtype),
        event,
    }))
}

/// Only the dispatch fields were peeked: one pass over the whole body, which also
/// validates it.
fn from_whole_body<T: serde::de::DeserializeOwned>(
    callback: &Callback<'_>,
) -> Result<Event<T>, ArgError> {
    let WholeCallback {
        envelope_type: _,
        team_id,
        api_app_id,
        event_id,
        event_time,
        event,
    } = callback.parse_whole()?;
    Ok(Event {
        team_id: team_id.map(Cow::into_owned),
        api_app_id: api_app_id.map(Cow::into_owned),
        event_id: event_id.map(|id| id.0.into_owned()),
        event_time,
        event_type: callback.event_type().to_owned(),
        event_subtype: callback.event_subtype().map(str::to_owned),
        event: event.value,
    })
}

/// An interactivity request whose decoded `payload` is a `T`: take it as a handler
/// parameter (`block_actions`, `view_submission`, …).
///
/// `T` is a type of your own or `serde_json::Value`; it receives the whole payload
/// object, `type` included.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Interaction<T> {
    /// The payload's `type`, e.g. `block_actions`.
    pub interaction_type: String,
    /// The payload's `trigger_id`, for opening a modal in answer.
    pub trigger_id: Option<String>,
    /// The payload.
    pub payload: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Slack> for Interaction<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Slack>) -> Result<Self, ArgError> {
        let Envelope::Interaction(envelope) = context.envelope() else {
            return Err(ArgError {
                type_name: std::any::type_name::<Self>(),
                reason: format!("`{}` is not an interactivity request", context.event_name()),
            });
        };
        let payload =
            serde_json::from_str(&envelope.payload).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Interaction {
            interaction_type: envelope.interaction_type.clone(),
            trigger_id: envelope.trigger_id.clone(),
            payload,
        })
    }
}

#[cfg(test)]
mod tests;
