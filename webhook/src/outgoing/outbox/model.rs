//! The outbox's records as the application sees them: endpoints, messages, attempts.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::filter::EventFilter;
use super::schedule::RetrySchedule;

/// An endpoint's id, unique across tenants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndpointId(pub i64);

/// A signing secret (`whsec_…`, or a `whsk_…` key), with its `Debug` redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SigningSecret(String);

impl SigningSecret {
    /// A secret as the transport expects it (`whsec_` followed by base64, for HMAC).
    pub fn new(secret: impl Into<String>) -> Self {
        SigningSecret(secret.into())
    }

    /// A new random `whsec_` secret (24 bytes from the operating system).
    pub fn generate() -> Result<Self, getrandom::Error> {
        use base64::Engine as _;
        let mut key = [0u8; 24];
        getrandom::getrandom(&mut key)?;
        Ok(SigningSecret(format!(
            "whsec_{}",
            base64::engine::general_purpose::STANDARD.encode(key)
        )))
    }

    /// The secret itself, to hand to the endpoint's owner once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSecret(<redacted>)")
    }
}

/// One of an endpoint's secrets: the newest has no deadline; a rotated-out one is still
/// signed with until `expires_at`, then dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointSecret {
    /// The secret.
    pub secret: SigningSecret,
    /// Milliseconds since the Unix epoch after which it is no longer used.
    pub expires_at: Option<i64>,
}

/// A stored endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Its id.
    pub id: EndpointId,
    /// The tenant it belongs to.
    pub tenant: String,
    /// Where messages are sent.
    pub url: String,
    /// Free text for its owner.
    pub description: String,
    /// Which event types it receives.
    pub event_types: Vec<EventFilter>,
    /// Its secrets, newest first, expired ones already left out.
    pub secrets: Vec<EndpointSecret>,
    /// Whether messages are sent to it.
    pub enabled: bool,
    /// Why it was disabled, when it is.
    pub disabled_reason: Option<String>,
    /// At most this many attempts per second, when set.
    pub rate_limit: Option<u32>,
    /// Headers sent with every attempt.
    pub headers: Vec<(String, String)>,
    /// Its own retry delays, when not the workers' default.
    pub retry_schedule: Option<Vec<Duration>>,
    /// When its current run of failures began (`None` after a success).
    pub failing_since: Option<SystemTime>,
    /// When it was created.
    pub created_at: SystemTime,
}

/// A new endpoint, for [`Outbox::create_endpoint`](super::Outbox::create_endpoint).
///
/// ```
/// use webhook::outgoing::outbox::NewEndpoint;
///
/// let endpoint = NewEndpoint::new("https://hooks.example.com/in")
///     .description("billing")
///     .event_types(["invoice.*"]);
/// # let _ = endpoint;
/// ```
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub(crate) url: String,
    pub(crate) description: String,
    pub(crate) event_types: Vec<String>,
    pub(crate) secret: Option<SigningSecret>,
    pub(crate) rate_limit: Option<u32>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry_schedule: Option<RetrySchedule>,
}

impl NewEndpoint {
    /// An endpoint at `url`, receiving every event type (`*`), with a generated secret.
    pub fn new(url: impl Into<String>) -> Self {
        NewEndpoint {
            url: url.into(),
            description: String::new(),
            event_types: vec!["*".to_owned()],
            secret: None,
            rate_limit: None,
            headers: Vec::new(),
            retry_schedule: None,
        }
    }

    /// Free text for its owner.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// The event types it receives: exact types, `prefix.*`, or `*`.
    pub fn event_types<S: Into<String>>(mut self, filters: impl IntoIterator<Item = S>) -> Self {
        self.event_types = filters.into_iter().map(Into::into).collect();
        self
    }

    /// Its signing secret (default: a new random `whsec_` secret).
    pub fn secret(mut self, secret: SigningSecret) -> Self {
        self.secret = Some(secret);
        self
    }

    /// At most `per_second` attempts per second to it.
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// A header sent with every attempt.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Its own retry delays (its jitter is the workers').
    pub fn retry_schedule(mut self, schedule: RetrySchedule) -> Self {
        self.retry_schedule = Some(schedule);
        self
    }
}

/// Changes to an endpoint, for [`Outbox::update_endpoint`](super::Outbox::update_endpoint):
/// what is `None` stays as it is.
#[derive(Debug, Clone, Default)]
pub struct EndpointUpdate {
    /// A new URL (checked like a new endpoint's).
    pub url: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// New event filters.
    pub event_types: Option<Vec<String>>,
    /// Enable (clearing the reason and the failure clock) or disable.
    pub enabled: Option<bool>,
    /// A new rate limit (`Some(None)` removes it).
    pub rate_limit: Option<Option<u32>>,
    /// New custom headers.
    pub headers: Option<Vec<(String, String)>>,
    /// A new retry schedule (`Some(None)`: back to the workers' default).
    pub retry_schedule: Option<Option<RetrySchedule>>,
}

/// A message to send: an event type and its JSON payload.
///
/// ```
/// use webhook::outgoing::outbox::OutgoingMessage;
///
/// #[derive(serde::Serialize)]
/// struct InvoicePaid { invoice: String, amount: u64 }
///
/// let message = OutgoingMessage::new("invoice.paid", &InvoicePaid { invoice: "in_1".into(), amount: 900 })?
///     .idempotency_key("invoice-in_1-paid");
/// # let _ = message;
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OutgoingMessage {
    pub(crate) event_type: String,
    pub(crate) payload: Vec<u8>,
    pub(crate) idempotency_key: Option<String>,
}

impl OutgoingMessage {
    /// A message whose body, the same on every attempt, is the Standard Webhooks
    /// payload `{"type": event_type, "timestamp": now (RFC 3339), "data": payload}`:
    /// what receivers of the specification (this crate's included) dispatch on.
    pub fn new<T: Serialize + ?Sized>(
        event_type: impl Into<String>,
        payload: &T,
    ) -> Result<Self, serde_json::Error> {
        #[derive(Serialize)]
        struct Body<'a, T: ?Sized> {
            #[serde(rename = "type")]
            event_type: &'a str,
            timestamp: String,
            data: &'a T,
        }
        let event_type = event_type.into();
        let body = Body {
            event_type: &event_type,
            timestamp: humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string(),
            data: payload,
        };
        Ok(OutgoingMessage {
            payload: serde_json::to_vec(&body)?,
            event_type,
            idempotency_key: None,
        })
    }

    /// Sending the same key again for the same tenant makes no second message.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// What [`send`](super::Outbox::send) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The message's id (`webhook-id`).
    pub message_id: String,
    /// How many endpoints it is queued for (0 for a duplicate).
    pub endpoints: usize,
    /// Whether the idempotency key named a message sent before (nothing new queued).
    pub duplicate: bool,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Its id (`webhook-id`).
    pub message_id: String,
    /// Its tenant.
    pub tenant: String,
    /// Its event type.
    pub event_type: String,
    /// Its JSON body.
    pub payload: Vec<u8>,
    /// Its idempotency key.
    pub idempotency_key: Option<String>,
    /// When it was sent.
    pub created_at: SystemTime,
}

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptState {
    /// Waiting to be made at its due time.
    Pending,
    /// Being made by a worker (until its lease runs out).
    Sending,
    /// Made, and the endpoint answered 2xx.
    Delivered,
    /// Made and failed; another attempt is scheduled.
    Failed,
    /// Made and failed, and no attempt follows (the last of the schedule, a manual
    /// resend, or a 410): a dead letter until resent or recovered.
    Dead,
}

impl AttemptState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AttemptState::Pending => "pending",
            AttemptState::Sending => "sending",
            AttemptState::Delivered => "delivered",
            AttemptState::Failed => "failed",
            AttemptState::Dead => "dead",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "pending" => AttemptState::Pending,
            "sending" => AttemptState::Sending,
            "delivered" => AttemptState::Delivered,
            "failed" => AttemptState::Failed,
            "dead" => AttemptState::Dead,
            _ => return None,
        })
    }
}

/// One attempt of a message to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    /// The message's id.
    pub message_id: String,
    /// The endpoint.
    pub endpoint_id: EndpointId,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// Where it stands.
    pub state: AttemptState,
    /// When it is (or was) due.
    pub due_at: SystemTime,
    /// The HTTP status answered.
    pub status: Option<u16>,
    /// How long it took.
    pub duration: Option<Duration>,
    /// The start of the answer's body.
    pub response_body: Option<Vec<u8>>,
    /// What went wrong.
    pub error: Option<String>,
    /// When it was made.
    pub finished_at: Option<SystemTime>,
}

/// Milliseconds since the Unix epoch as a time.
pub(crate) fn time_of(ms: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// A time as milliseconds since the Unix epoch.
pub(crate) fn millis_of(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    })
}

/// A duration in milliseconds, saturating.
pub(crate) fn duration_ms(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug() {
        let secret = SigningSecret::new("whsec_c2VjcmV0");
        let endpoint_secret = EndpointSecret {
            secret: secret.clone(),
            expires_at: None,
        };
        assert!(!format!("{endpoint_secret:?}").contains("c2VjcmV0"));
        let generated = SigningSecret::generate().map(|s| s.expose().to_owned());
        let generated = generated.unwrap_or_default();
        assert!(
            generated.starts_with("whsec_") && generated.len() == 6 + 32,
            "{generated}"
        );
    }
}
