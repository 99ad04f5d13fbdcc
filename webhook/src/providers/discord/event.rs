//! The interaction envelope: body `type` (an integer) named after Discord's
//! `InteractionType`, the interaction's ids, and `data` left raw.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Discord;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// `InteractionType` values and names (discord-interactions 4.4.0 `dist/index.js`; the
/// catalog `discord-interaction-names.txt` is generated from the same list).
const INTERACTION_TYPES: [(u64, &str); 5] = [
    (PING, "PING"),
    (2, "APPLICATION_COMMAND"),
    (3, "MESSAGE_COMPONENT"),
    (4, "APPLICATION_COMMAND_AUTOCOMPLETE"),
    (5, "MODAL_SUBMIT"),
];
/// `InteractionType.PING`: the handshake.
pub(super) const PING: u64 = 1;

/// What the runtime reads of an interaction before dispatch, borrowed from the body.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// Body `type`, e.g. `2`.
    pub interaction_type: u64,
    /// The dispatch name: `APPLICATION_COMMAND`, …; the number as text for a type this
    /// version does not know.
    pub name: Cow<'static, str>,
    /// Body `id`, the interaction's snowflake: the delivery id.
    pub id: Option<Cow<'a, str>>,
    /// Body `application_id`.
    pub application_id: Option<Cow<'a, str>>,
    /// Body `token`, for follow-up messages (valid for 15 minutes).
    pub token: Option<Cow<'a, str>>,
    /// Body `guild_id`, absent in DMs.
    pub guild_id: Option<Cow<'a, str>>,
    /// Body `channel_id`.
    pub channel_id: Option<Cow<'a, str>>,
    /// Body `member` (in a guild), unparsed.
    pub member: Option<&'a RawValue>,
    /// Body `user` (in a DM), unparsed.
    pub user: Option<&'a RawValue>,
    /// Body `data`, unparsed: the command, component or modal payload.
    pub data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    interaction_type: u64,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    application_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    token: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    guild_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    channel_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    member: Option<&'a RawValue>,
    #[serde(borrow, default)]
    user: Option<&'a RawValue>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// The name of an interaction type: Discord's, or the number as text.
pub(super) fn type_name(interaction_type: u64) -> Cow<'static, str> {
    INTERACTION_TYPES
        .iter()
        .find(|(number, _)| *number == interaction_type)
        .map_or_else(
            || Cow::Owned(interaction_type.to_string()),
            |(_, name)| Cow::Borrowed(*name),
        )
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let Body {
        interaction_type,
        id,
        application_id,
        token,
        guild_id,
        channel_id,
        member,
        user,
        data,
    } = serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
    Ok(Envelope {
        interaction_type,
        name: type_name(interaction_type),
        id,
        application_id,
        token,
        guild_id,
        channel_id,
        member,
        user,
        data,
    })
}

/// The bytes of an optional raw value (`null` when absent, so `Option<T>` fits).
pub(crate) fn raw_or_null(value: Option<&RawValue>) -> &[u8] {
    value.map_or(b"null", |raw| raw.get().as_bytes())
}

/// A Discord interaction whose `data` is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own for the command's, component's or modal's `data`, or
/// `serde_json::Value`; `Option<T>` when the interaction may carry none.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The interaction's snowflake id.
    pub id: Option<String>,
    /// Body `type`, e.g. `2` for `APPLICATION_COMMAND`.
    pub interaction_type: u64,
    /// The type's name, e.g. `APPLICATION_COMMAND`.
    pub name: String,
    /// The application's id.
    pub application_id: Option<String>,
    /// The continuation token, for follow-up messages and editing the deferred reply.
    pub token: Option<String>,
    /// The guild, absent in DMs.
    pub guild_id: Option<String>,
    /// The channel.
    pub channel_id: Option<String>,
    /// The invoking guild member (with its `user`), in a guild.
    pub member: Option<serde_json::Value>,
    /// The invoking user, in a DM.
    pub user: Option<serde_json::Value>,
    /// Body `data`.
    pub data: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Discord> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Discord>) -> Result<Self, ArgError> {
        let Envelope {
            interaction_type,
            name,
            id,
            application_id,
            token,
            guild_id,
            channel_id,
            member,
            user,
            data,
        } = context.envelope();
        let owned = |text: &Option<Cow<'_, str>>| text.as_ref().map(|t| t.clone().into_owned());
        let value = |raw: &Option<&RawValue>| {
            raw.map(|raw| serde_json::from_str(raw.get()))
                .transpose()
                .map_err(|e| ArgError::deserialize::<serde_json::Value>(&e))
        };
        Ok(Event {
            id: owned(id),
            interaction_type: *interaction_type,
            name: name.clone().into_owned(),
            application_id: owned(application_id),
            token: owned(token),
            guild_id: owned(guild_id),
            channel_id: owned(channel_id),
            member: value(member)?,
            user: value(user)?,
            data: serde_json::from_slice(raw_or_null(*data))
                .map_err(|e| ArgError::deserialize::<T>(&e))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_match_the_catalog() {
        let dispatched: Vec<&str> = INTERACTION_TYPES
            .iter()
            .filter(|(number, _)| *number != PING)
            .map(|(_, name)| *name)
            .collect();
        let mut sorted = dispatched.clone();
        sorted.sort_unstable();
        assert!(sorted.iter().copied().eq(webhook_catalog::DISCORD.events()));
        assert_eq!(type_name(2), "APPLICATION_COMMAND");
        assert_eq!(type_name(99), "99");
    }
}
