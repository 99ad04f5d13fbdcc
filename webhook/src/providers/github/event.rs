//! GitHub's envelope: the event from `X-GitHub-Event`, the action from the body.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use http::HeaderName;
use serde::Deserialize;

use super::GitHub;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

// Header names as constants: a lookup by `&str` parses and lowercases the name on
// every request.
const EVENT: HeaderName = HeaderName::from_static("x-github-event");
const DELIVERY: HeaderName = HeaderName::from_static("x-github-delivery");

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
        .header(&EVENT)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| EnvelopeError("missing `X-GitHub-Event` header".to_owned()))?;
    let action = find_action(event, request.body)?;
    let name = match &action {
        Some(action) => match catalog_name(event, action) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(format!("{event}.{action}")),
        },
        None => Cow::Borrowed(event),
    };
    Ok(Envelope {
        event,
        action,
        name,
        delivery: request.header(&DELIVERY),
        body: request.body,
    })
}

/// The body's `action`, read without a full parse where possible: GitHub writes
/// `action` as the first key, and the catalog says which events never have one. Only
/// other bodies are scanned whole. (Handlers that take a typed payload parse — and so
/// validate — the whole body anyway.)
fn find_action<'a>(event: &str, body: &'a [u8]) -> Result<Option<Cow<'a, str>>, EnvelopeError> {
    if let Some(action) = leading_action(body) {
        return Ok(Some(Cow::Borrowed(action)));
    }
    if events_without_action().contains(&event) {
        return Ok(None);
    }
    let ActionOnly { action } =
        serde_json::from_slice(body).map_err(|error| EnvelopeError::json(&error))?;
    Ok(action)
}

/// `{"action":"opened",…` → `opened`; `None` for any other start, or an escaped value.
fn leading_action(body: &[u8]) -> Option<&str> {
    crate::peek::leading_string(body, "action")
}

/// `event.action` as the catalog spells it, borrowed from the catalog: the usual
/// delivery builds no name. (An action the catalog does not know yet is formatted.)
fn catalog_name(event: &str, action: &str) -> Option<&'static str> {
    type Names = HashMap<&'static str, HashMap<&'static str, &'static str>>;
    static NAMES: OnceLock<Names> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut names = Names::new();
        for name in webhook_catalog::GITHUB.events() {
            if let Some((event, action)) = name.split_once('.') {
                names.entry(event).or_default().insert(action, name);
            }
        }
        names
    });
    names.get(event)?.get(action).copied()
}

/// Events the GitHub catalog lists without any `event.action` (`push`, `ping`, …).
fn events_without_action() -> &'static [&'static str] {
    static EVENTS: OnceLock<Vec<&'static str>> = OnceLock::new();
    EVENTS.get_or_init(|| {
        let catalog = &webhook_catalog::GITHUB;
        catalog
            .events()
            .filter(|event| !event.contains('.'))
            .filter(|event| {
                !catalog.events().any(|e| {
                    e.len() > event.len()
                        && e.starts_with(event)
                        && e.as_bytes()[event.len()] == b'.'
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_action_is_read_without_a_full_parse() {
        assert_eq!(
            leading_action(br#"{"action":"opened","number":1}"#),
            Some("opened")
        );
        assert_eq!(
            leading_action(b" {\n  \"action\" : \"closed\", "),
            Some("closed")
        );
        assert_eq!(leading_action(br#"{"number":1,"action":"opened"}"#), None);
        assert_eq!(leading_action(br#"{"action":"op\"ened"}"#), None);
        assert_eq!(leading_action(br#"{"action":5}"#), None);
        assert_eq!(leading_action(b""), None);
    }

    #[test]
    fn actions_come_from_anywhere_in_the_body() {
        assert_eq!(
            find_action("issues", br#"{"x":{"action":"no"},"action":"opened"}"#)
                .unwrap()
                .as_deref(),
            Some("opened")
        );
        assert_eq!(
            find_action("push", br#"{"ref":"refs/heads/main"}"#).unwrap(),
            None
        );
        assert_eq!(find_action("push", b"not json at all").unwrap(), None);
        assert!(find_action("issues", b"{not json").is_err());
        assert!(events_without_action().contains(&"push"));
        assert!(events_without_action().contains(&"ping"));
        assert!(!events_without_action().contains(&"pull_request"));
        assert_eq!(
            catalog_name("pull_request", "opened"),
            Some("pull_request.opened")
        );
        assert_eq!(catalog_name("pull_request", "teleported"), None);
    }
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
