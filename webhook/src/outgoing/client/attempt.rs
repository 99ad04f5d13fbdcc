//! [`Attempt`] and [`Outcome`]: what one try to deliver a message came to, as plain
//! values the outbox can store.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, StatusCode};

use crate::outgoing::guard::Refused;

/// One attempt to deliver a message: what happened, the response's status and its
/// first bytes, and how long it took. Returned by
/// [`Client::attempt`](super::Client::attempt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Delivered, failed (retry), gone (disable the endpoint) or refused by the guard.
    pub outcome: Outcome,
    /// The response's status, when the endpoint answered.
    pub status: Option<u16>,
    /// From the start of the attempt to its end (the response body read up to the cap).
    pub duration: Duration,
    /// The response body, at most the client's cap; the rest is never read.
    pub response_body: Bytes,
    /// What went wrong, for people: a timeout, a refused connection, a redirect not
    /// followed, a guard refusal. `None` when delivered.
    pub error: Option<String>,
}

/// What an attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx answer: done.
    Delivered,
    /// Any other answer, a redirect (never followed), a timeout or a network error:
    /// try again later.
    Failed {
        /// When the endpoint said when to come back (`Retry-After`, seconds or an
        /// HTTP date), that delay, at most the client's maximum.
        retry_after: Option<Duration>,
    },
    /// 410 Gone: the endpoint asks not to be called again; disable it.
    Gone,
    /// The guard refused the URL or every address its host resolved to: nothing was
    /// sent, and trying again will not help until the URL (or the allowlist) changes.
    Refused {
        /// Why.
        reason: Refused,
    },
}

impl Outcome {
    /// From the response's status and headers.
    pub(super) fn from_response(
        status: StatusCode,
        headers: &HeaderMap,
        max_retry_after: Duration,
    ) -> Outcome {
        if status.is_success() {
            Outcome::Delivered
        } else if status == StatusCode::GONE {
            Outcome::Gone
        } else {
            Outcome::Failed {
                retry_after: retry_after(headers, SystemTime::now(), max_retry_after),
            }
        }
    }
}

/// `Retry-After` as a delay from `now` (RFC 9110 §10.2.3: whole seconds or an
/// HTTP date), at most `max`; a date in the past is no delay. Anything else is ignored.
pub(super) fn retry_after(headers: &HeaderMap, now: SystemTime, max: Duration) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    let delay = if text.bytes().all(|byte| byte.is_ascii_digit()) && !text.is_empty() {
        // Too many digits for u64 is "very long": the cap.
        text.parse().map(Duration::from_secs).unwrap_or(max)
    } else {
        let at = httpdate::parse_http_date(text).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(delay.min(max))
}

/// Collects a response body up to `cap` bytes.
#[derive(Debug)]
pub(super) struct CappedBody {
    cap: usize,
    bytes: BytesMut,
}

impl CappedBody {
    pub(super) fn new(cap: usize) -> Self {
        CappedBody {
            cap,
            bytes: BytesMut::new(),
        }
    }

    /// Keeps what fits of `chunk`; `false` once the cap is reached (stop reading).
    pub(super) fn push(&mut self, chunk: &[u8]) -> bool {
        let room = self.cap - self.bytes.len();
        self.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
        self.bytes.len() < self.cap
    }

    pub(super) fn into_bytes(self) -> Bytes {
        self.bytes.freeze()
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn with_retry_after(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::RETRY_AFTER,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn retry_after_takes_seconds_and_dates_and_is_clamped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let hour = Duration::from_secs(3600);
        let parse = |value: &str| retry_after(&with_retry_after(value), now, hour);
        assert_eq!(parse("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse("0"), Some(Duration::ZERO));
        assert_eq!(parse("86400"), Some(hour));
        assert_eq!(parse("99999999999999999999999"), Some(hour));
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        assert_eq!(
            parse("Tue, 14 Nov 2023 22:14:20 GMT"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse("Tue, 14 Nov 2023 22:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse("Wed, 15 Nov 2023 22:13:20 GMT"), Some(hour));
        assert_eq!(parse("-5"), None);
        assert_eq!(parse("soon"), None);
        assert_eq!(parse(""), None);
        assert_eq!(retry_after(&HeaderMap::new(), now, hour), None);
    }

    #[test]
    fn statuses_map_to_outcomes() {
        let hour = Duration::from_secs(3600);
        let none = HeaderMap::new();
        let outcome = |status: u16, headers: &HeaderMap| {
            Outcome::from_response(StatusCode::from_u16(status).unwrap(), headers, hour)
        };
        assert_eq!(outcome(200, &none), Outcome::Delivered);
        assert_eq!(outcome(204, &none), Outcome::Delivered);
        assert_eq!(outcome(410, &none), Outcome::Gone);
        assert_eq!(outcome(500, &none), Outcome::Failed { retry_after: None });
        assert_eq!(outcome(302, &none), Outcome::Failed { retry_after: None });
        assert_eq!(
            outcome(429, &with_retry_after("7")),
            Outcome::Failed {
                retry_after: Some(Duration::from_secs(7))
            }
        );
    }

    #[test]
    fn the_body_stops_at_the_cap() {
        let mut body = CappedBody::new(5);
        assert!(body.push(b"abc"));
        assert!(!body.push(b"defgh"));
        assert_eq!(body.into_bytes(), &b"abcde"[..]);
        let mut empty = CappedBody::new(0);
        assert!(!empty.push(b"x"));
        assert!(empty.into_bytes().is_empty());
    }
}
