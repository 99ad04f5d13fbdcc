//! Twilio's "envelope": the form (or JSON) parameters, named by their status field.

use std::borrow::Cow;

use serde::Deserialize;

use super::verify::body_hash_param;
use super::Twilio;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, Payload, RawRequest};

/// The name given to a request that carries none of the status fields.
pub(super) const INCOMING: &str = "incoming";

/// What the runtime reads of a Twilio request before dispatch.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// The dispatch name: `message.<MessageStatus or SmsStatus>`,
    /// `call.<CallStatus>`, or `incoming`.
    pub name: String,
    /// `AccountSid`, when sent.
    pub account_sid: Option<String>,
    /// `I-Twilio-Idempotency-Token`: the delivery id.
    pub idempotency_token: Option<&'a str>,
    /// The body: form parameters or JSON.
    pub payload: Payload<'a>,
}

/// The parameters the name is made from, from a form or a JSON object.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatusFields<'a> {
    #[serde(borrow, default)]
    message_status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    sms_status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    call_status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    account_sid: Option<Cow<'a, str>>,
}

/// A JSON body is one whose URL carries `bodySHA256` or that is labelled JSON; any
/// other body is form parameters.
fn is_json(request: &RawRequest<'_>) -> bool {
    let labelled_json = request
        .header("content-type")
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    labelled_json || body_hash_param(request).is_some()
}

fn form_fields(body: &[u8]) -> Result<StatusFields<'static>, EnvelopeError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|error| EnvelopeError(format!("body is not form parameters: {error}")))?;
    let mut fields = StatusFields::default();
    for (name, value) in pairs {
        let slot = match name.as_str() {
            "MessageStatus" => &mut fields.message_status,
            "SmsStatus" => &mut fields.sms_status,
            "CallStatus" => &mut fields.call_status,
            "AccountSid" => &mut fields.account_sid,
            _ => continue,
        };
        slot.get_or_insert(Cow::Owned(value));
    }
    Ok(fields)
}

/// `MessageStatus`/`SmsStatus` → `message.<status>`, else `CallStatus` →
/// `call.<status>`, else `incoming`.
fn event_name(fields: &StatusFields<'_>) -> String {
    let message = fields
        .message_status
        .as_ref()
        .or(fields.sms_status.as_ref());
    match (message, &fields.call_status) {
        (Some(status), _) if !status.is_empty() => format!("message.{status}"),
        (_, Some(status)) if !status.is_empty() => format!("call.{status}"),
        _ => INCOMING.to_owned(),
    }
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let (fields, payload) = if is_json(request) {
        let fields: StatusFields<'_> =
            serde_json::from_slice(request.body).map_err(|error| EnvelopeError::json(&error))?;
        (fields, Payload::Json(request.body))
    } else {
        (form_fields(request.body)?, Payload::Form(request.body))
    };
    Ok(Envelope {
        name: event_name(&fields),
        account_sid: fields.account_sid.map(Cow::into_owned),
        idempotency_token: request.header("i-twilio-idempotency-token"),
        payload,
    })
}

/// A Twilio request whose parameters are a `T`: take it as a handler parameter.
///
/// `T` is a struct of your own with Twilio's PascalCase names
/// (`#[serde(rename_all = "PascalCase")]`), `HashMap<String, String>`, or (for JSON
/// bodies) `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The name the request was dispatched on, e.g. `message.delivered`.
    pub event: String,
    /// `AccountSid`.
    pub account_sid: Option<String>,
    /// `I-Twilio-Idempotency-Token`.
    pub idempotency_token: Option<String>,
    /// The parameters.
    pub params: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Twilio> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Twilio>) -> Result<Self, ArgError> {
        let Envelope {
            name,
            account_sid,
            idempotency_token,
            payload,
        } = context.envelope();
        Ok(Event {
            event: name.clone(),
            account_sid: account_sid.clone(),
            idempotency_token: idempotency_token.map(str::to_owned),
            params: payload.deserialize()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Uri};

    use super::*;

    fn parse_with(
        uri: &'static str,
        content_type: &'static str,
        body: &'static [u8],
    ) -> Envelope<'static> {
        let headers: &'static mut HeaderMap = Box::leak(Box::default());
        headers.insert("content-type", HeaderValue::from_static(content_type));
        headers.insert(
            "i-twilio-idempotency-token",
            HeaderValue::from_static("tok"),
        );
        let uri: &'static Uri = Box::leak(Box::new(Uri::from_static(uri)));
        parse(&RawRequest { headers, uri, body }).unwrap()
    }

    #[test]
    fn names_come_from_status_fields() {
        let form = "application/x-www-form-urlencoded";
        let status = parse_with(
            "/t",
            form,
            b"MessageStatus=delivered&SmsStatus=delivered&AccountSid=AC1",
        );
        assert_eq!(status.name, "message.delivered");
        assert_eq!(status.account_sid.as_deref(), Some("AC1"));
        assert_eq!(status.idempotency_token, Some("tok"));
        assert!(matches!(status.payload, Payload::Form(_)));
        assert_eq!(
            parse_with("/t", form, b"SmsStatus=received&Body=hi").name,
            "message.received"
        );
        assert_eq!(
            parse_with("/t", form, b"CallStatus=ringing").name,
            "call.ringing"
        );
        assert_eq!(parse_with("/t", form, b"Body=hi").name, INCOMING);
        assert_eq!(parse_with("/t", form, b"").name, INCOMING);
        let json = parse_with(
            "/t?bodySHA256=00",
            "text/plain",
            br#"{"CallStatus":"completed"}"#,
        );
        assert_eq!(json.name, "call.completed");
        assert!(matches!(json.payload, Payload::Json(_)));
    }
}
