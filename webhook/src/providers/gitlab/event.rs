//! GitLab's envelope: the event from `X-Gitlab-Event`, the kind from body `object_kind`.

use std::borrow::Cow;

use serde::Deserialize;

use super::GitLab;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a GitLab delivery before dispatch.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `X-Gitlab-Event`, e.g. `Push Hook`: the dispatch name.
    pub event: &'a str,
    /// Body `object_kind`, e.g. `push`; absent on member, project and subgroup hooks.
    pub object_kind: Option<Cow<'a, str>>,
    /// The delivery id: `Idempotency-Key` / `webhook-id`, else `X-Gitlab-Event-UUID`,
    /// else `X-Gitlab-Webhook-UUID`.
    pub delivery: Option<&'a str>,
    /// The whole body, which is the payload.
    pub body: &'a [u8],
}

#[derive(Deserialize)]
struct ObjectKindOnly<'a> {
    #[serde(borrow, default)]
    object_kind: Option<Cow<'a, str>>,
}

/// Where the delivery id may be, best first. Dedupe needs an id that a retry of the same
/// delivery keeps: `Idempotency-Key` (= `webhook-id`; Standard Webhooks keeps it across
/// resends), then the per-event UUID; `X-Gitlab-Webhook-UUID` is new for every request
/// (GitLab MR 125338), so it comes last, for deliveries that carry nothing else.
const DELIVERY_HEADERS: [&str; 4] = [
    "idempotency-key",
    "webhook-id",
    "x-gitlab-event-uuid",
    "x-gitlab-webhook-uuid",
];

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let event = request
        .header("x-gitlab-event")
        .filter(|name| !name.is_empty())
        .ok_or_else(|| EnvelopeError("missing `X-Gitlab-Event` header".to_owned()))?;
    let delivery = DELIVERY_HEADERS
        .iter()
        .find_map(|name| request.header(*name).filter(|id| !id.is_empty()));
    Ok(Envelope {
        event,
        object_kind: find_object_kind(request.body)?,
        delivery,
        body: request.body,
    })
}

/// Body `object_kind`, read without a full parse when GitLab writes it first (it does
/// for every hook kind it documents); otherwise the body is parsed once for it.
fn find_object_kind(body: &[u8]) -> Result<Option<Cow<'_, str>>, EnvelopeError> {
    if let Some(kind) = leading_object_kind(body) {
        return Ok(Some(Cow::Borrowed(kind)));
    }
    let ObjectKindOnly { object_kind } =
        serde_json::from_slice(body).map_err(|error| EnvelopeError::json(&error))?;
    Ok(object_kind)
}

/// `{"object_kind":"push",…` → `push`; `None` for any other start or an escaped value.
fn leading_object_kind(body: &[u8]) -> Option<&str> {
    let rest = body.trim_ascii_start().strip_prefix(b"{")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"object_kind\"")?;
    let rest = rest.trim_ascii_start().strip_prefix(b":")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    if rest.get(end) != Some(&b'"') {
        return None;
    }
    std::str::from_utf8(rest.get(..end)?).ok()
}

/// A GitLab delivery whose body is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own or `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// `X-Gitlab-Event`, e.g. `Merge Request Hook`.
    pub event: String,
    /// Body `object_kind`, e.g. `merge_request`.
    pub object_kind: Option<String>,
    /// The delivery id (see [`Envelope::delivery`]).
    pub delivery_id: Option<String>,
    /// The body.
    pub payload: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<GitLab> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, GitLab>) -> Result<Self, ArgError> {
        let Envelope {
            event,
            object_kind,
            delivery,
            body,
        } = context.envelope();
        let payload = serde_json::from_slice(body).map_err(|e| ArgError::deserialize::<T>(&e))?;
        Ok(Event {
            event: (*event).to_owned(),
            object_kind: object_kind.as_ref().map(|kind| kind.clone().into_owned()),
            delivery_id: delivery.map(str::to_owned),
            payload,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Uri};

    use super::*;

    #[test]
    fn object_kind_fast_path_and_fallback() {
        assert_eq!(
            leading_object_kind(br#"{"object_kind":"push","ref":"x"}"#),
            Some("push")
        );
        assert_eq!(
            leading_object_kind(b" {\n \"object_kind\" : \"tag_push\""),
            Some("tag_push")
        );
        assert_eq!(leading_object_kind(br#"{"object_kind":"pu\"sh"}"#), None);
        assert_eq!(leading_object_kind(br#"{"object_kind":"push"#), None);
        assert_eq!(
            find_object_kind(br#"{"event_name":"x","object_kind":"note"}"#)
                .unwrap()
                .as_deref(),
            Some("note")
        );
        assert_eq!(
            find_object_kind(br#"{"event_name":"project_create"}"#).unwrap(),
            None
        );
        assert!(find_object_kind(b"{not json").is_err());
    }

    #[test]
    fn delivery_id_prefers_the_ids_retries_keep() {
        let uri = Uri::from_static("/webhooks/gitlab");
        let mut headers = HeaderMap::new();
        headers.insert("x-gitlab-event", HeaderValue::from_static("Push Hook"));
        headers.insert("x-gitlab-webhook-uuid", HeaderValue::from_static("hook-1"));
        let body = br#"{"object_kind":"push"}"#;
        let parse_now = |headers: &HeaderMap| {
            let request = RawRequest {
                headers,
                uri: &uri,
                body,
            };
            parse(&request).map(|e| e.delivery.map(str::to_owned))
        };
        assert_eq!(parse_now(&headers).unwrap().as_deref(), Some("hook-1"));
        headers.insert("x-gitlab-event-uuid", HeaderValue::from_static("event-1"));
        assert_eq!(parse_now(&headers).unwrap().as_deref(), Some("event-1"));
        headers.insert("webhook-id", HeaderValue::from_static("msg-1"));
        assert_eq!(parse_now(&headers).unwrap().as_deref(), Some("msg-1"));
        headers.insert("idempotency-key", HeaderValue::from_static("idem-1"));
        assert_eq!(parse_now(&headers).unwrap().as_deref(), Some("idem-1"));
        headers.remove("x-gitlab-event");
        assert!(parse_now(&headers).is_err());
    }
}
