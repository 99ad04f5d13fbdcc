//! Stripe's event envelope: parsed once, borrowing, then the typed [`Event`].

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Stripe, Text};
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::peek::{self, Rest};
use crate::provider::EnvelopeError;

/// Stripe's event envelope, borrowed from the body.
///
/// The event `id` and `type` are read when the request arrives — without scanning the
/// body where Stripe's layout allows it (`id` is the first key, `type` the last) — and
/// the other [`fields`](Envelope::fields) on first use. That lets a typed
/// [`Event<T>`] parameter parse the body once, straight into `T`, instead of the
/// envelope skipping over `data.object` and `T` parsing it again. The runtime completes
/// the envelope (see [`Provider::finish_parse`](crate::Provider::finish_parse))
/// wherever nothing parsed the whole body, so a malformed body is refused all the same.
#[derive(Debug)]
pub struct Envelope<'a> {
    id: Text<'a>,
    event_type: Text<'a>,
    body: &'a [u8],
    rest: Rest<EnvelopeFields<'a>>,
}

impl<'a> Envelope<'a> {
    /// Reads `id` and `type`: peeked when both are where Stripe writes them, else from a
    /// parse of the whole envelope.
    pub(super) fn parse(body: &'a [u8]) -> Result<Self, EnvelopeError> {
        let peeked = peek::leading_string(body, "id").zip(peek::trailing_string(body, "type"));
        if let Some((id, event_type)) = peeked {
            return Ok(Envelope {
                id: Text::Borrowed(id),
                event_type: Text::Borrowed(event_type),
                body,
                rest: Rest::unparsed(),
            });
        }
        let fields = parse_fields(body)?;
        Ok(Envelope {
            id: fields.id.clone(),
            event_type: fields.event_type.clone(),
            body,
            rest: Rest::parsed(fields),
        })
    }

    /// `evt_…`, the delivery id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The event type, e.g. `invoice.paid`.
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// Every field of the envelope, `data.object` unparsed (parsed on first use).
    pub fn fields(&self) -> Result<&EnvelopeFields<'a>, EnvelopeError> {
        self.rest.get_or_parse(|| parse_fields(self.body))
    }

    /// Parses the rest of the envelope unless a typed [`Event<T>`] validated the body.
    pub(super) fn finish(&self) -> Result<(), EnvelopeError> {
        self.rest.finish(|| parse_fields(self.body))
    }
}

fn parse_fields(body: &[u8]) -> Result<EnvelopeFields<'_>, EnvelopeError> {
    serde_json::from_slice(body).map_err(|error| EnvelopeError::json(&error))
}

/// Every field of a Stripe snapshot event's envelope, borrowed from the body;
/// `data.object` stays raw until a handler asks for it as a type.
#[derive(Debug, Deserialize)]
pub struct EnvelopeFields<'a> {
    /// `evt_…`, the delivery id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// The event type, e.g. `invoice.paid`.
    #[serde(rename = "type", borrow)]
    pub event_type: Text<'a>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Live or test mode.
    pub livemode: bool,
    /// The API version the event was rendered with.
    #[serde(borrow, default)]
    pub api_version: Option<Text<'a>>,
    /// The connected account, for Connect events.
    #[serde(borrow, default)]
    pub account: Option<Text<'a>>,
    /// The object and its previous attributes.
    #[serde(borrow)]
    pub data: EnvelopeData<'a>,
}

/// `data` of the envelope, unparsed.
#[derive(Debug, Deserialize)]
pub struct EnvelopeData<'a> {
    /// The resource the event is about.
    #[serde(borrow)]
    pub object: &'a RawValue,
    /// On `*.updated` events, the changed fields' previous values.
    #[serde(borrow, default)]
    pub previous_attributes: Option<&'a RawValue>,
}

/// A Stripe event whose `data.object` is a `T`: take it as a handler parameter.
///
/// `T` is one of the ready-made types ([`Invoice`](super::Invoice), …), a type of your
/// own, or `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `evt_…`.
    pub id: String,
    /// The event type, e.g. `invoice.paid`.
    pub event_type: String,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Live or test mode.
    pub livemode: bool,
    /// The API version the event was rendered with.
    pub api_version: Option<String>,
    /// The connected account, for Connect events.
    pub account: Option<String>,
    /// The object and its previous attributes.
    pub data: EventData<T>,
}

/// `data` of an [`Event`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventData<T> {
    /// The resource the event is about.
    pub object: T,
    /// On `*.updated` events, the changed fields' previous values.
    pub previous_attributes: Option<serde_json::Value>,
}

/// How [`Event`] is read from the whole body in one pass: serde builds the `Event`
/// itself (`remote`), so the `T` inside is not moved through an intermediate struct.
/// (`Event` cannot implement `Deserialize`: every `T: Deserialize` is a handler
/// parameter read from `data.object`.)
#[derive(Deserialize)]
#[serde(remote = "Event", bound = "T: serde::de::DeserializeOwned")]
struct WholeEvent<T> {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    created: i64,
    livemode: bool,
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(with = "WholeData")]
    data: EventData<T>,
}

#[derive(Deserialize)]
#[serde(remote = "EventData", bound = "T: serde::de::DeserializeOwned")]
struct WholeData<T> {
    object: T,
    #[serde(default)]
    previous_attributes: Option<serde_json::Value>,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Stripe> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Stripe>) -> Result<Self, ArgError> {
        let envelope = context.envelope();
        match envelope.rest.get() {
            Some(Ok(fields)) => from_fields(fields),
            Some(Err(error)) => Err(ArgError {
                type_name: std::any::type_name::<T>(),
                reason: error.to_string(),
            }),
            None => from_whole_body(envelope),
        }
    }
}

/// The envelope was parsed already: only `data.object` is left to parse.
fn from_fields<T: serde::de::DeserializeOwned>(
    fields: &EnvelopeFields<'_>,
) -> Result<Event<T>, ArgError> {
    let EnvelopeFields {
        id,
        event_type,
        created,
        livemode,
        api_version,
        account,
        data,
    } = fields;
    let object =
        serde_json::from_str(data.object.get()).map_err(|e| ArgError::deserialize::<T>(&e))?;
    let previous_attributes = data
        .previous_attributes
        .map(|raw| serde_json::from_str(raw.get()))
        .transpose()
        .map_err(|e| ArgError::deserialize::<serde_json::Value>(&e))?;
    let owned = |text: &Option<Text<'_>>| text.as_ref().map(|text| text.clone().into_owned());
    Ok(Event {
        id: id.clone().into_owned(),
        event_type: event_type.clone().into_owned(),
        created: *created,
        livemode: *livemode,
        api_version: owned(api_version),
        account: owned(account),
        data: EventData {
            object,
            previous_attributes,
        },
    })
}

/// Only `id` and `type` were peeked: one pass over the whole body, straight into the
/// event (each step between would move the whole `T` once more), which also validates
/// the body (and must agree with the peek).
fn from_whole_body<T: serde::de::DeserializeOwned>(
    envelope: &Envelope<'_>,
) -> Result<Event<T>, ArgError> {
    let mut json = serde_json::Deserializer::from_slice(envelope.body);
    let event = WholeEvent::<T>::deserialize(&mut json)
        .and_then(|event| json.end().map(|()| event))
        .map_err(|e| ArgError::deserialize::<T>(&e))?;
    if event.id != envelope.id || event.event_type != envelope.event_type {
        return Err(ArgError {
            type_name: std::any::type_name::<T>(),
            reason: "the event's `id` or `type` is not the one first read from the body".into(),
        });
    }
    envelope.rest.mark_validated();
    Ok(event)
}
