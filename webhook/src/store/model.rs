//! What the store records and returns: deliveries, their status, and the answers of
//! [`record_accepted`](super::Store::record_accepted) and [`fail`](super::Store::fail).

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::HeaderMap;

/// The store's id of one logged request (not the provider's delivery id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeliveryId(pub i64);

impl fmt::Display for DeliveryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a delivery is in its life.
///
/// ```text
/// accepted ─┬─ queued ──claim──► processing ──complete──► succeeded
///           └─ processing          │   ▲
///                                  │   └── claim (due) ── retrying ◄─┐
///                                  ├──fail (attempts left)───────────┘
///                                  ├──fail (no attempts left)──► dead
///                                  └──fail_inline──► failed ──provider retry──► processing
/// rejected (never processed, never deduplicated)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// Waiting for a worker.
    Queued,
    /// Claimed by a worker (or an inline request) until its lease runs out.
    Processing,
    /// Every handler succeeded; the delivery will not run again unless replayed.
    Succeeded,
    /// A handler failed inline; the provider's retry of the same delivery runs it again.
    Failed,
    /// A handler failed in the background; a worker retries it at `next_attempt_at`.
    Retrying,
    /// Failed `max_attempts` times; runs again only when replayed.
    Dead,
    /// The request was refused (bad signature, malformed body); logged, never processed.
    Rejected,
}

impl DeliveryStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [DeliveryStatus; 7] = [
        DeliveryStatus::Queued,
        DeliveryStatus::Processing,
        DeliveryStatus::Succeeded,
        DeliveryStatus::Failed,
        DeliveryStatus::Retrying,
        DeliveryStatus::Dead,
        DeliveryStatus::Rejected,
    ];

    /// The name stored in the `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Processing => "processing",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Retrying => "retrying",
            DeliveryStatus::Dead => "dead",
            DeliveryStatus::Rejected => "rejected",
        }
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status name that is not one of [`DeliveryStatus::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown delivery status `{0}`; expected one of queued, processing, succeeded, failed, retrying, dead, rejected")]
pub struct UnknownStatus(pub String);

impl FromStr for DeliveryStatus {
    type Err = UnknownStatus;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        DeliveryStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
            .ok_or_else(|| UnknownStatus(name.to_owned()))
    }
}

/// One request as it arrived, to be logged by
/// [`record_accepted`](super::Store::record_accepted) or
/// [`record_rejected`](super::Store::record_rejected).
///
/// Headers are redacted by the store (see [`Redaction`](super::Redaction)) before
/// anything is written.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// The provider's name (`stripe`, `github`).
    pub provider: String,
    /// The endpoint's path.
    pub endpoint: String,
    /// The event name, once the envelope was parsed (`None` for a request rejected
    /// before that).
    pub event: Option<String>,
    /// The provider's delivery id, if it sends one; without it the body's hash is the
    /// dedupe key (see [`delivery_key`]).
    pub delivery_id: Option<String>,
    /// The request headers, as received.
    pub headers: HeaderMap,
    /// The raw body, as received.
    pub body: Bytes,
    /// When the request arrived.
    pub received_at: SystemTime,
    /// Which configured secret verified the signature, if one did.
    pub secret_index: Option<usize>,
}

impl NewDelivery {
    /// A delivery with no event, delivery id or secret index yet.
    pub fn new(
        provider: impl Into<String>,
        endpoint: impl Into<String>,
        headers: HeaderMap,
        body: Bytes,
        received_at: SystemTime,
    ) -> Self {
        NewDelivery {
            provider: provider.into(),
            endpoint: endpoint.into(),
            event: None,
            delivery_id: None,
            headers,
            body,
            received_at,
            secret_index: None,
        }
    }

    /// Sets the event name.
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// Sets the provider's delivery id.
    pub fn delivery_id(mut self, id: impl Into<String>) -> Self {
        self.delivery_id = Some(id.into());
        self
    }

    /// Sets the index of the secret that verified the signature.
    pub fn secret_index(mut self, index: usize) -> Self {
        self.secret_index = Some(index);
        self
    }

    /// The dedupe key of this delivery; see [`delivery_key`].
    pub fn key(&self) -> String {
        delivery_key(self.delivery_id.as_deref(), &self.body)
    }
}

pub use crate::delivery::delivery_key;

/// How [`record_accepted`](super::Store::record_accepted) leaves a newly stored (or
/// reclaimed) delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// Queued mode: `queued`, for a background worker to [`claim`](super::Store::claim).
    Queued,
    /// Inline mode: `processing`, claimed by the caller itself for `lease`, counting as
    /// an attempt; finish it with [`complete`](super::Store::complete) or
    /// [`fail_inline`](super::Store::fail_inline).
    Processing {
        /// The caller's worker id (unique per process; see [`unique_worker_id`]).
        worker: String,
        /// How long the caller may take before another worker may take over.
        lease: Duration,
    },
}

/// What [`record_accepted`](super::Store::record_accepted) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new row, left as the [`Start`] asked: run (or queue) the handlers.
    New {
        /// The new row.
        id: DeliveryId,
    },
    /// The same delivery is already queued, in progress, done, or dead: answer `2xx`
    /// without running handlers.
    Duplicate {
        /// The existing row.
        id: DeliveryId,
        /// Its status when this copy arrived.
        status: DeliveryStatus,
    },
    /// The same delivery had failed inline (or its inline lease expired): this arrival
    /// (the provider's retry) takes it over, left as the [`Start`] asked: run the
    /// handlers again.
    Reclaimed {
        /// The existing row.
        id: DeliveryId,
    },
}

impl Recorded {
    /// The row this delivery is logged in.
    pub fn id(&self) -> DeliveryId {
        match *self {
            Recorded::New { id } | Recorded::Duplicate { id, .. } | Recorded::Reclaimed { id } => {
                id
            }
        }
    }

    /// Whether this arrival should run (or queue) the handlers.
    pub fn should_run(&self) -> bool {
        !matches!(self, Recorded::Duplicate { .. })
    }
}

/// What [`fail`](super::Store::fail) decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// Retried by a worker at `next_attempt_at`.
    Retrying {
        /// Attempts made so far.
        attempts: u32,
        /// When the delivery is due again.
        next_attempt_at: SystemTime,
    },
    /// Out of attempts: stays `dead` until replayed.
    Dead {
        /// Attempts made.
        attempts: u32,
    },
}

/// One logged request, without its body and headers: a row of
/// [`list`](super::Store::list).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliverySummary {
    /// The row's id.
    pub id: DeliveryId,
    /// The provider's name.
    pub provider: String,
    /// The endpoint's path.
    pub endpoint: String,
    /// The event name, if the envelope was parsed.
    pub event: Option<String>,
    /// The provider's delivery id, if it sent one.
    pub delivery_id: Option<String>,
    /// The dedupe key (see [`delivery_key`]).
    pub delivery_key: String,
    /// Where the delivery is in its life.
    pub status: DeliveryStatus,
    /// Handler runs started so far (reset by a replay).
    pub attempts: u32,
    /// The last handler error, or why the request was rejected (truncated).
    pub last_error: Option<String>,
    /// Which configured secret verified the signature.
    pub secret_index: Option<usize>,
    /// When the request arrived.
    pub received_at: SystemTime,
    /// When the row last changed.
    pub updated_at: SystemTime,
    /// The worker that claimed it last.
    pub claimed_by: Option<String>,
    /// Until when the current claim holds (`processing` only).
    pub lease_until: Option<SystemTime>,
    /// When a `retrying` delivery is due.
    pub next_attempt_at: Option<SystemTime>,
}

/// One logged request in full: what [`get`](super::Store::get) and
/// [`claim`](super::Store::claim) return.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StoredDelivery {
    /// Everything but the body and headers.
    pub summary: DeliverySummary,
    /// The headers as stored: secret-bearing values are redacted.
    pub headers: HeaderMap,
    /// The raw body, as received.
    pub body: Bytes,
}

impl StoredDelivery {
    /// The row's id.
    pub fn id(&self) -> DeliveryId {
        self.summary.id
    }
}

/// One provider's deliveries received in one time bucket: a point of
/// [`volume`](super::Store::volume).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VolumeBucket {
    /// The provider's name.
    pub provider: String,
    /// When the bucket starts (a multiple of the bucket width since the Unix epoch).
    pub start: SystemTime,
    /// Requests received in the bucket, accepted or rejected.
    pub deliveries: u64,
    /// Of those, the ones that did not succeed (yet): `failed`, `retrying`, `dead` or
    /// `rejected`.
    pub failures: u64,
}

/// Counters of the group-commit writer: how many records went into how many
/// transactions (one fsync each), and how many workers' writes shared them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Transactions committed.
    pub batches: u64,
    /// Records written by them.
    pub records: u64,
    /// The most records one transaction carried.
    pub largest_batch: u64,
    /// Workers' completions and claims written through group commit: in the records'
    /// transactions on SQLite, in batches of their own (not counted in `batches`) on
    /// PostgreSQL.
    pub worker_writes: u64,
}

/// A worker id unique to this process and call: `{label}-{pid}-{n}`. Leases are checked
/// by worker id, so two workers must never share one.
pub fn unique_worker_id(label: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let started = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_micros());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{label}-{}-{started:x}-{n}", std::process::id())
}

/// Milliseconds since the Unix epoch, the unit every time column uses.
pub(crate) fn to_millis(time: SystemTime) -> i64 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// The inverse of [`to_millis`].
pub(crate) fn from_millis(millis: i64) -> SystemTime {
    let magnitude = Duration::from_millis(millis.unsigned_abs());
    if millis >= 0 {
        SystemTime::UNIX_EPOCH + magnitude
    } else {
        SystemTime::UNIX_EPOCH - magnitude
    }
}

/// A duration in whole milliseconds, saturating, for `NOW + $n` in SQL.
pub(crate) fn duration_millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in DeliveryStatus::ALL {
            assert_eq!(status.as_str().parse::<DeliveryStatus>(), Ok(status));
        }
        assert!("done".parse::<DeliveryStatus>().is_err());
    }

    #[test]
    fn key_is_the_id_or_the_body_hash() {
        assert_eq!(delivery_key(Some("evt_1"), b"{}"), "evt_1");
        let hashed = delivery_key(None, b"{}");
        assert_eq!(
            hashed,
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(delivery_key(Some(""), b"{}"), hashed);
    }

    #[test]
    fn millis_round_trip() {
        let time = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(from_millis(to_millis(time)), time);
        assert_eq!(to_millis(from_millis(-5)), -5);
    }

    #[test]
    fn worker_ids_are_unique() {
        assert_ne!(unique_worker_id("w"), unique_worker_id("w"));
    }
}
