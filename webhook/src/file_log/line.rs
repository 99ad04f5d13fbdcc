//! [`LogLine`]: one request as the file log writes it, one JSON object per line.

use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::redact::Redaction;

/// The request's handlers all succeeded (or none matched its event).
pub const SUCCEEDED: &str = "succeeded";
/// A handler failed; the request was answered `500`, so the provider retries.
pub const FAILED: &str = "failed";
/// The request was refused (bad signature, malformed body, …); `reason` says why.
pub const REJECTED: &str = "rejected";
/// The same delivery already ran within the dedupe window; no handler ran.
pub const DUPLICATE: &str = "duplicate";

/// Every status a line can have.
pub const STATUSES: [&str; 4] = [SUCCEEDED, FAILED, REJECTED, DUPLICATE];

/// Rejected bodies are kept up to this size, as the store keeps them: enough to see
/// what was sent, without letting unsigned traffic fill the disk.
const REJECTED_BODY_KEPT: usize = 64 * 1024;

/// One logged request: a line of the file, as [`read`](super::read) returns it.
///
/// ```json
/// {"id":1765155600123456,"received_at":"2026-12-08T01:00:00.123Z","provider":"stripe",
///  "endpoint":"stripe","event":"invoice.paid","delivery_id":"evt_1","status":"succeeded",
///  "headers":[["content-type","application/json"],["stripe-signature","[redacted]"]],
///  "body":"{…}"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogLine {
    /// Unique in the log and increasing: microseconds since the Unix epoch when it was
    /// written, bumped past the previous line's id when two fall in the same one.
    pub id: i64,
    /// When the request arrived (RFC 3339, UTC).
    pub received_at: String,
    /// The provider's name (`stripe`).
    pub provider: String,
    /// The endpoint's name (the provider's name for its default endpoint).
    pub endpoint: String,
    /// The event name, when the envelope was parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The provider's delivery id, if it sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_id: Option<String>,
    /// One of [`STATUSES`].
    pub status: String,
    /// Why it was rejected, or how its handlers failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The request headers in arrival order, secret-bearing values redacted as the
    /// store redacts them ([`Redaction`]).
    pub headers: Vec<(String, String)>,
    /// The body, when it is UTF-8 (a rejected one cut at 64 KiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body in standard base64, when it is not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

impl LogLine {
    /// When the request arrived, read back from [`received_at`](Self::received_at).
    pub fn received_time(&self) -> Option<SystemTime> {
        humantime::parse_rfc3339_weak(&self.received_at).ok()
    }

    /// The body's bytes, from whichever of `body` and `body_base64` holds them.
    pub fn body_bytes(&self) -> Vec<u8> {
        use base64::Engine;
        match (&self.body, &self.body_base64) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap_or_default(),
            (None, None) => Vec::new(),
        }
    }
}

/// What the request path knows of a request, before the writer gives it its id.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    pub(crate) provider: &'static str,
    pub(crate) endpoint: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a Bytes,
    pub(crate) received_at: SystemTime,
    pub(crate) event: Option<&'a str>,
    pub(crate) delivery_id: Option<&'a str>,
    pub(crate) status: &'static str,
    pub(crate) reason: Option<String>,
}

impl Entry<'_> {
    /// The line, its headers redacted, with id 0 until the writer sets it.
    pub(crate) fn to_line(&self, redaction: &Redaction) -> LogLine {
        let Entry {
            provider,
            endpoint,
            headers,
            body,
            received_at,
            event,
            delivery_id,
            status,
            reason,
        } = self;
        let kept = if *status == REJECTED {
            &body[..body.len().min(REJECTED_BODY_KEPT)]
        } else {
            &body[..]
        };
        let (body, body_base64) = match std::str::from_utf8(kept) {
            Ok(text) => (Some(text.to_owned()), None),
            Err(_) => {
                use base64::Engine;
                (
                    None,
                    Some(base64::engine::general_purpose::STANDARD.encode(kept)),
                )
            }
        };
        LogLine {
            id: 0,
            received_at: humantime::format_rfc3339_millis(*received_at).to_string(),
            provider: (*provider).to_owned(),
            endpoint: (*endpoint).to_owned(),
            event: event.map(str::to_owned),
            delivery_id: delivery_id.map(str::to_owned),
            status: (*status).to_owned(),
            reason: reason.clone(),
            headers: redaction
                .pairs(headers)
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.into_owned()))
                .collect(),
            body,
            body_base64,
        }
    }
}
