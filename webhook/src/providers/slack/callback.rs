//! An Events API `event_callback` dispatched from a prefix of its body: the inner
//! event's `type` is found by the body's structure alone (nothing decoded), and the walk
//! stops there. In the order Slack sends (`token`, `team_id`, `api_app_id`, then
//! `"event":{…,"type":…`), that is the first few hundred bytes. A typed
//! [`Event<T>`](super::Event) then parses the body once, the inner event straight into
//! `T`, and that parse confirms the outer `type`, the inner `type` (seen once) and
//! reads `event_id` and the inner `subtype` on the way (see [`tee`](super::tee)).
//! Anything else parses the envelope on first use; the runtime completes it wherever
//! nothing parsed the whole body (see
//! [`Provider::finish_parse`](crate::Provider::finish_parse)), before any handler runs.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Deserialize;

use super::event::{parse_events, EventsEnvelope};
use super::tee::{Capture, Teed};
use crate::handler::ArgError;
use crate::peek::{object_members, plain_string, value_len, Rest, Step};
use crate::provider::EnvelopeError;

/// A peeked `event_callback`: the inner event's `type` read by structure, everything
/// else parsed on first use, so a typed [`Event<T>`](super::Event) parses the body once.
#[derive(Debug)]
pub struct Callback<'a> {
    event_type: &'a str,
    body: &'a [u8],
    /// `event_id` and the inner `subtype` as the typed parse found them (when they are
    /// borrowed from the body; else they are read from the envelope's parse).
    late: OnceLock<Late<'a>>,
    rest: Rest<EventsEnvelope<'a>>,
}

/// What the peek leaves to a parse of the whole body. Borrowed only: the envelope
/// lives in every request's future, whose size is paid per delivery.
#[derive(Debug)]
struct Late<'a> {
    event_id: Option<&'a str>,
    event_subtype: Option<&'a str>,
}

impl<'a> Callback<'a> {
    /// Peeks `body` as an `event_callback`, up to the inner event's `type`; `None` for
    /// anything else (no `event` object with a plain string `type` before any escaped
    /// key, or an outer `type` other than `event_callback` before the `event`), which
    /// the ordinary parse then handles.
    pub(super) fn peek(body: &'a [u8]) -> Option<Self> {
        let (mut outer_type, mut event_seen, mut event_type) = (None, None, None);
        let walked = object_members(body, |key, rest| match key {
            b"type" => read(rest, |raw| set_once(&mut outer_type, plain_string(raw)?)),
            b"event" => {
                set_once(&mut event_seen, ())?;
                let inner = object_members(rest, |key, rest| match key {
                    b"type" => {
                        let len = value_len(rest)?;
                        event_type = Some(plain_string(&rest[..len])?);
                        Some(Step::Stop)
                    }
                    _ => value_len(rest).map(Step::Next),
                })?;
                // An event without a `type` is left to the ordinary parse and its error.
                (inner == Step::Stop).then_some(Step::Stop)
            }
            _ => value_len(rest).map(Step::Next),
        })?;
        if walked != Step::Stop || outer_type.is_some_and(|outer| outer != "event_callback") {
            return None;
        }
        Some(Callback {
            event_type: event_type?,
            body,
            late: OnceLock::new(),
            rest: Rest::unparsed(),
        })
    }

    /// The inner event's `type`, e.g. `app_mention`.
    pub fn event_type(&self) -> &str {
        self.event_type
    }

    /// The inner event's `subtype`, e.g. `bot_message` (from the typed parse, or else
    /// the envelope parsed on first use; `None` too when the body is malformed, which
    /// the runtime answers `400` before any handler runs).
    pub fn event_subtype(&self) -> Option<&str> {
        match self.late.get() {
            Some(late) => late.event_subtype,
            None => self.fields().ok()?.event_subtype.as_deref(),
        }
    }

    /// `Ev…`, the delivery id (read like [`event_subtype`](Self::event_subtype)).
    pub fn event_id(&self) -> Option<&str> {
        match self.late.get() {
            Some(late) => late.event_id,
            None => self.fields().ok()?.event_id.as_deref(),
        }
    }

    /// Every field of the envelope (parsed on first use).
    pub fn fields(&self) -> Result<&EventsEnvelope<'a>, EnvelopeError> {
        self.rest.get_or_parse(|| self.parse_rest())
    }

    /// Parses the rest of the envelope unless a typed `Event<T>` validated the body.
    pub(super) fn finish(&self) -> Result<(), EnvelopeError> {
        self.rest.finish(|| self.parse_rest())
    }

    /// The fields when they were parsed already.
    pub(super) fn parsed_fields(&self) -> Option<&Result<EventsEnvelope<'a>, EnvelopeError>> {
        self.rest.get()
    }

    /// The whole envelope, which must agree with what was peeked.
    fn parse_rest(&self) -> Result<EventsEnvelope<'a>, EnvelopeError> {
        let envelope = parse_events(self.body)?;
        self.agrees(&envelope.envelope_type, envelope.event_type.as_deref())
            .map_err(EnvelopeError)?;
        Ok(envelope)
    }

    /// What the peek could not vouch for, as a parse of the whole body found it: the
    /// outer `type`, and the inner one (`None` unless one string, given once).
    fn agrees(&self, outer_type: &str, inner_type: Option<&str>) -> Result<(), String> {
        if outer_type != "event_callback" {
            return Err(format!(
                "the body carries an `event` but its outer `type` is `{outer_type}`, not `event_callback`"
            ));
        }
        if inner_type != Some(self.event_type) {
            return Err(
                "the `event` object's `type` must be one string, given once (it is repeated \
                 or not a string)"
                    .to_owned(),
            );
        }
        Ok(())
    }

    /// The whole body in one pass, the inner event into `T`; checked against the peek
    /// (the outer `type`, and the inner `type` present once and the one peeked), and
    /// `event_id` and the inner `subtype` kept.
    pub(super) fn parse_whole<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Result<WholeCallback<'a, T>, ArgError> {
        let whole: WholeCallback<'a, T> =
            serde_json::from_slice(self.body).map_err(|e| ArgError::deserialize::<T>(&e))?;
        let disagrees = |reason: String| ArgError {
            type_name: std::any::type_name::<T>(),
            reason,
        };
        let captured = &whole.event.captured;
        let inner_type = match &captured.event_type {
            Capture::Text(text) => Some(&**text),
            _ => None,
        };
        self.agrees(&whole.envelope_type, inner_type)
            .map_err(disagrees)?;
        let event_subtype = match &captured.subtype {
            Capture::Absent | Capture::Null => None,
            Capture::Text(text) => Some(text),
            Capture::Other | Capture::Repeated => {
                return Err(disagrees(
                    "the `event` object's `subtype` must be one string or `null`, given once"
                        .to_owned(),
                ))
            }
        };
        // Kept when borrowed from the body (an escape makes a copy, rare: then they are
        // read from the envelope, parsed on first use). Set already when a handler
        // before this one read them: the same body, the same values.
        let borrowed = |text: Option<&Cow<'a, str>>| match text {
            None => Some(None),
            Some(Cow::Borrowed(text)) => Some(Some(*text)),
            Some(Cow::Owned(_)) => None,
        };
        if let (Some(event_id), Some(event_subtype)) = (
            borrowed(whole.event_id.as_ref().map(|id| &id.0)),
            borrowed(event_subtype),
        ) {
            let _ = self.late.set(Late {
                event_id,
                event_subtype,
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
    pub(super) event_id: Option<Text<'a>>,
    #[serde(default)]
    pub(super) event_time: Option<i64>,
    #[serde(borrow)]
    pub(super) event: Teed<'a, T>,
}

/// A string borrowed from the body unless it holds an escape. (serde borrows a
/// `Cow<str>` only when it is not inside an `Option`: `Option<Text>` does.)
#[derive(Deserialize)]
#[serde(transparent)]
pub(super) struct Text<'a>(#[serde(borrow)] pub(super) Cow<'a, str>);

/// Hands the raw value at the start of `rest` to `take`; answers its length.
fn read<'a>(rest: &'a [u8], take: impl FnOnce(&'a [u8]) -> Option<()>) -> Option<Step> {
    let len = value_len(rest)?;
    take(&rest[..len])?;
    Some(Step::Next(len))
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_callback_is_peeked_up_to_the_inner_type() {
        let body = br#"{"token":"t","event":{"text":"a \"type\": b","type":"message","subtype":"bot_message","blocks":[{"type":"x"}]},"type":"event_callback","event_id":"Ev1","event_time":1}"#;
        let callback = Callback::peek(body).unwrap();
        assert_eq!(callback.event_type(), "message");
        assert!(callback.parsed_fields().is_none(), "nothing parsed yet");
        assert_eq!(callback.event_subtype(), Some("bot_message"));
        assert_eq!(callback.event_id(), Some("Ev1"));
        assert!(
            callback.parsed_fields().is_some(),
            "read from the envelope, parsed on first use"
        );
        assert!(callback.finish().is_ok());
        // The walk stops at the inner `type`: what follows is not looked at by the
        // peek (the parse that follows refuses it).
        let cut = br#"{"token":"t","event":{"type":"message","text":"#;
        let callback = Callback::peek(cut).unwrap();
        assert_eq!(callback.event_type(), "message");
        assert!(callback.finish().is_err());
        assert_eq!(callback.event_id(), None);
    }

    #[test]
    fn anything_unusual_before_the_inner_type_is_left_to_the_ordinary_parse() {
        for body in [
            &br#"{"type":"url_verification","challenge":"c"}"#[..],
            br#"{"type":"url_verification","event":{"type":"a"}}"#,
            br#"{"type":"event_callback","type":"event_callback","event":{"type":"a"}}"#,
            br#"{"type":"event_callback","event":{"t\u0079pe":"a"}}"#,
            br#"{"t\u0079pe":"event_callback","event":{"type":"a"}}"#,
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
    fn what_the_peek_left_unread_must_agree_with_it() {
        for body in [
            // The inner `type` again, plainly or escaped.
            &br#"{"event":{"type":"a","type":"b"},"type":"event_callback"}"#[..],
            br#"{"event":{"type":"a","t\u0079pe":"a"},"type":"event_callback"}"#,
            // An outer `type` that is no `event_callback`, after the event.
            br#"{"event":{"type":"a"},"type":"app_rate_limited"}"#,
            // A `subtype` that is no string.
            br#"{"event":{"type":"a","subtype":[]},"type":"event_callback"}"#,
            // Malformed after the peeked part.
            br#"{"event":{"type":"a"},"type":"event_callback","event_time":"soon"}"#,
        ] {
            let shown = String::from_utf8_lossy(body);
            let callback = Callback::peek(body).expect("peeked");
            assert!(
                callback.parse_whole::<serde_json::Value>().is_err(),
                "{shown}"
            );
            assert!(callback.finish().is_err(), "{shown}");
        }
    }

    #[test]
    fn the_typed_parse_keeps_the_delivery_id_and_subtype() {
        let body = br#"{"event":{"type":"message","text":"x","subtype":null},"type":"event_callback","event_id":"Ev2"}"#;
        let callback = Callback::peek(body).unwrap();
        let whole = callback.parse_whole::<serde_json::Value>().unwrap();
        assert_eq!(whole.event.value["text"], "x");
        assert!(
            callback.parsed_fields().is_none(),
            "the envelope is not parsed"
        );
        assert_eq!(callback.event_id(), Some("Ev2"));
        assert_eq!(callback.event_subtype(), None);
        assert!(callback.finish().is_ok());
        assert!(
            callback.parsed_fields().is_none(),
            "validated by the typed parse"
        );
        // An id with an escape is a copy: read from the envelope instead, the same.
        let body = br#"{"event":{"type":"message","subtype":"s"},"type":"event_callback","event_id":"Ev\u0033"}"#;
        let callback = Callback::peek(body).unwrap();
        callback.parse_whole::<serde_json::Value>().unwrap();
        assert_eq!(callback.event_id(), Some("Ev3"));
        assert_eq!(callback.event_subtype(), Some("s"));
    }
}
