//! An Events API `event_callback` read in one structural pass: the inner event's
//! `type` and `subtype` and the outer `event_id` are found by the body's structure
//! alone (nothing decoded), so that a typed [`Event<T>`](super::Event) parses the body
//! once, the inner event straight into `T`. The other fields are parsed on first use;
//! the runtime completes the envelope wherever nothing parsed the whole body (see
//! [`Provider::finish_parse`](crate::Provider::finish_parse)).

use std::borrow::Cow;

use serde::Deserialize;

use super::event::{parse_events, EventsEnvelope};
use crate::handler::ArgError;
use crate::peek::{object_members, plain_string, value_len, Rest};
use crate::provider::EnvelopeError;

/// A peeked `event_callback`: the dispatch fields read by structure, the rest parsed on
/// first use, so a typed [`Event<T>`](super::Event) parses the body once.
#[derive(Debug)]
pub struct Callback<'a> {
    event_type: &'a str,
    event_subtype: Option<&'a str>,
    event_id: Option<&'a str>,
    body: &'a [u8],
    rest: Rest<EventsEnvelope<'a>>,
}

impl<'a> Callback<'a> {
    /// Peeks `body` as an `event_callback`; `None` for anything else, and for anything
    /// unusual (an escape in a key or in a value it reads, a repeated key it reads),
    /// which the ordinary parse then handles.
    pub(super) fn peek(body: &'a [u8]) -> Option<Self> {
        let (mut outer_type, mut event_id) = (None, None);
        let (mut event_type, mut event_subtype, mut event_seen) = (None, None, None);
        object_members(body, |key, rest| match key {
            b"type" => read(rest, |raw| set_once(&mut outer_type, plain_string(raw)?)),
            b"event_id" => read(rest, |raw| set_once(&mut event_id, nullable_string(raw)?)),
            b"event" => {
                set_once(&mut event_seen, ())?;
                object_members(rest, |key, rest| match key {
                    b"type" => read(rest, |raw| set_once(&mut event_type, plain_string(raw)?)),
                    b"subtype" => read(rest, |raw| {
                        set_once(&mut event_subtype, nullable_string(raw)?)
                    }),
                    _ => value_len(rest),
                })
            }
            _ => value_len(rest),
        })?;
        if outer_type? != "event_callback" {
            return None;
        }
        Some(Callback {
            event_type: event_type?,
            event_subtype: event_subtype.flatten(),
            event_id: event_id.flatten(),
            body,
            rest: Rest::unparsed(),
        })
    }

    /// The inner event's `type`, e.g. `app_mention`.
    pub fn event_type(&self) -> &str {
        self.event_type
    }

    /// The inner event's `subtype`, e.g. `bot_message`.
    pub fn event_subtype(&self) -> Option<&str> {
        self.event_subtype
    }

    /// `Ev…`, the delivery id.
    pub fn event_id(&self) -> Option<&str> {
        self.event_id
    }

    /// Every field of the envelope (parsed on first use).
    pub fn fields(&self) -> Result<&EventsEnvelope<'a>, EnvelopeError> {
        self.rest.get_or_parse(|| parse_events(self.body))
    }

    /// Parses the rest of the envelope unless a typed `Event<T>` validated the body.
    pub(super) fn finish(&self) -> Result<(), EnvelopeError> {
        self.rest.finish(|| parse_events(self.body))
    }

    /// The fields when they were parsed already.
    pub(super) fn parsed_fields(&self) -> Option<&Result<EventsEnvelope<'a>, EnvelopeError>> {
        self.rest.get()
    }

    /// The whole body in one pass, the inner event into `T`; checked against the peek.
    pub(super) fn parse_whole<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Result<WholeCallback<'a, T>, ArgError> {
        let whole: WholeCallback<'a, T> =
            serde_json::from_slice(self.body).map_err(|e| ArgError::deserialize::<T>(&e))?;
        if whole.envelope_type != "event_callback" || whole.event_id.as_deref() != self.event_id {
            return Err(ArgError {
                type_name: std::any::type_name::<T>(),
                reason: "the body's `type` or `event_id` is not the one first read from it".into(),
            });
        }
        self.rest.mark_validated();
        Ok(whole)
    }
}

/// An `event_callback` parsed in one pass, the inner event as a `T`.
#[derive(Deserialize)]
#[serde(bound = "T: serde::de::DeserializeOwned")]
pub(super) struct WholeCallback<'a, T> {
    #[serde(rename = "type", borrow)]
    pub(super) envelope_type: Cow<'a, str>,
    #[serde(borrow, default)]
    pub(super) team_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) api_app_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) event_id: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) event_time: Option<i64>,
    pub(super) event: T,
}

/// Hands the raw value at the start of `rest` to `take`; answers its length.
fn read<'a>(rest: &'a [u8], take: impl FnOnce(&'a [u8]) -> Option<()>) -> Option<usize> {
    let len = value_len(rest)?;
    take(&rest[..len])?;
    Some(len)
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// `null` → `Some(None)`, a plain string → `Some(Some(text))`, anything else `None`.
fn nullable_string(raw: &[u8]) -> Option<Option<&str>> {
    if raw == b"null" {
        return Some(None);
    }
    plain_string(raw).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_callback_is_peeked_by_structure() {
        let body = br#"{"token":"t","event":{"text":"a \"type\": b","type":"message","subtype":"bot_message","blocks":[{"type":"x"}]},"type":"event_callback","event_id":"Ev1","event_time":1}"#;
        let callback = Callback::peek(body).unwrap();
        assert_eq!(callback.event_type(), "message");
        assert_eq!(callback.event_subtype(), Some("bot_message"));
        assert_eq!(callback.event_id(), Some("Ev1"));
        assert!(callback.parsed_fields().is_none());
        assert_eq!(
            callback.fields().unwrap().team_id,
            None,
            "fields parse on first use"
        );
        assert!(callback.finish().is_ok());
    }

    #[test]
    fn anything_unusual_is_left_to_the_ordinary_parse() {
        for body in [
            &br#"{"type":"url_verification","challenge":"c"}"#[..],
            br#"{"type":"event_callback","event":{"type":"a"},"event_id":"E1","event_id":"E2"}"#,
            br#"{"type":"event_callback","event":{"type":"a","type":"b"}}"#,
            br#"{"type":"event_callback","event":{"t\u0079pe":"a"}}"#,
            br#"{"type":"event_callback","event":{"type":"a\"b"}}"#,
            br#"{"type":"event_callback","event":{"subtype":"s"}}"#,
            br#"{"type":"event_callback","event":"no"}"#,
            br#"{"type":"event_callback"}"#,
            b"{not json",
        ] {
            assert!(
                Callback::peek(body).is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn a_malformed_body_fails_to_finish_and_to_parse_whole() {
        let body = br#"{"type":"event_callback","event":{"type":"a"},"event_id":"E1","event_time":"soon"}"#;
        let callback = Callback::peek(body).unwrap();
        assert!(callback.parse_whole::<serde_json::Value>().is_err());
        assert!(callback.finish().is_err());
    }
}
