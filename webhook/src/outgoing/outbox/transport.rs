//! [`Transport`]: what the workers call to make one attempt. The workers decide when and
//! how often; a transport signs, sends and reads the answer once.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use bytes::Bytes;

/// Makes one delivery attempt: sign the body with every live secret (Standard Webhooks:
/// `webhook-id`, `webhook-timestamp`, `webhook-signature`), send it to `url`, read the
/// answer (its body capped), and say what came of it. Never retries, never follows a
/// redirect: the [workers](super::OutboxWorkers) schedule the next attempt.
pub trait Transport: Send + Sync + 'static {
    /// One attempt.
    fn attempt(&self, request: AttemptRequest) -> impl Future<Output = Attempt> + Send;
}

/// What one attempt sends.
#[derive(Clone)]
pub struct AttemptRequest {
    /// The endpoint's URL.
    pub url: String,
    /// The endpoint's custom headers, sent as they are.
    pub headers: Vec<(String, String)>,
    /// The message's id (`webhook-id`): the same on every attempt and every resend.
    pub message_id: String,
    /// The attempt's time, in Unix seconds (`webhook-timestamp`), from the workers' clock.
    pub timestamp: i64,
    /// The message's event type.
    pub event_type: String,
    /// The JSON body.
    pub body: Bytes,
    /// The endpoint's live secrets, newest first (one signature each during a rotation).
    pub secrets: Vec<String>,
}

impl fmt::Debug for AttemptRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            url,
            headers,
            message_id,
            timestamp,
            event_type,
            body,
            secrets,
        } = self;
        let header_names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("AttemptRequest")
            .field("url", url)
            .field("headers", &header_names)
            .field("message_id", message_id)
            .field("timestamp", timestamp)
            .field("event_type", event_type)
            .field("body_len", &body.len())
            .field("secrets", &format_args!("[{} redacted]", secrets.len()))
            .finish()
    }
}

/// What came of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Delivered, or why not.
    pub outcome: Outcome,
    /// The HTTP status, when the endpoint answered.
    pub status: Option<u16>,
    /// How long the attempt took.
    pub duration: Duration,
    /// The start of the answer's body (the transport caps it; the outbox caps it again).
    pub response_body: Bytes,
    /// What went wrong, for the attempt log (never a secret).
    pub error: Option<String>,
}

/// The verdict on one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx answer.
    Delivered,
    /// Anything else that may go better later: another status (a redirect included), a
    /// timeout, a refused connection. `retry_after` is the answer's `Retry-After`, if any.
    Failed {
        /// The endpoint's `Retry-After`, which the next attempt honours (clamped).
        retry_after: Option<Duration>,
    },
    /// 410 Gone: the endpoint is disabled.
    Gone,
    /// Not sent: the URL (or an address it resolved to) was refused, e.g. by the SSRF
    /// guard. Counted as a failed attempt.
    Refused {
        /// Why, for the attempt log.
        reason: String,
    },
}
