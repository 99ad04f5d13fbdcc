//! What the writer task writes: records, and (on the backends that route them here)
//! workers' claims and completions, which then share the records' transactions.

use std::cmp::Ordering as CmpOrdering;
use std::time::Duration;

use bytes::Bytes;

use crate::redact::Redaction;
use crate::store::error::StoreError;
use crate::store::model::{
    duration_millis, to_millis, DeliveryId, DeliveryStatus, NewDelivery, Recorded, Start,
    StoredDelivery,
};
use crate::store::packing;

/// A [`NewDelivery`] ready to insert: headers redacted and encoded, key computed.
/// Built in the caller's task so the single writer only writes.
#[derive(Debug)]
pub(crate) struct PreparedDelivery {
    pub(crate) provider: String,
    pub(crate) endpoint: String,
    pub(crate) event: Option<String>,
    pub(crate) delivery_id: Option<String>,
    pub(crate) delivery_key: String,
    pub(crate) headers: String,
    /// The body as stored: [packed](crate::store::packing) where that made it smaller.
    pub(crate) body: Bytes,
    /// `body`'s `body_encoding` (`None`: as received).
    pub(crate) body_encoding: Option<&'static str>,
    pub(crate) received_at: i64,
    pub(crate) secret_index: Option<i64>,
}

impl PreparedDelivery {
    pub(crate) fn new(delivery: NewDelivery, redaction: &Redaction) -> Self {
        let delivery_key = delivery.key();
        let NewDelivery {
            provider,
            endpoint,
            event,
            delivery_id,
            headers,
            body,
            received_at,
            secret_index,
        } = delivery;
        let (body, body_encoding) = packing::pack(body);
        PreparedDelivery {
            provider,
            endpoint,
            event,
            delivery_id,
            delivery_key,
            headers: redaction.encode(&headers),
            body,
            body_encoding,
            received_at: to_millis(received_at),
            secret_index: secret_index.map(|index| i64::try_from(index).unwrap_or(i64::MAX)),
        }
    }

    /// What the unique index dedupes on: provider, endpoint, delivery key.
    pub(crate) fn dedupe_key(&self) -> (&str, &str, &str) {
        (&self.provider, &self.endpoint, &self.delivery_key)
    }
}

/// One write for the writer task.
#[derive(Debug)]
pub(crate) enum WriteRequest {
    /// [`Store::record_accepted`](crate::store::Store::record_accepted).
    Accepted {
        delivery: PreparedDelivery,
        start: Start,
    },
    /// [`Store::record_rejected`](crate::store::Store::record_rejected).
    Rejected {
        delivery: PreparedDelivery,
        /// Already truncated.
        reason: String,
    },
    /// [`Store::complete`](crate::store::Store::complete): only the lease holder's
    /// completion changes the row.
    Complete { id: DeliveryId, worker: String },
    /// [`Store::claim`](crate::store::Store::claim), `limit` at least 1.
    Claim {
        worker: String,
        limit: usize,
        lease: Duration,
    },
}

/// What one [`WriteRequest`] came to, in its batch's transaction.
#[derive(Debug)]
pub(crate) enum Written {
    /// Of `Accepted` (a rejected record is always [`Recorded::New`]).
    Recorded(Recorded),
    /// Of `Complete`: `Err` is [`StoreError::LeaseLost`] or [`StoreError::NotFound`],
    /// which leave the row alone and the rest of the batch to commit.
    Completed(Result<(), StoreError>),
    /// Of `Claim`, oldest first.
    Claimed(Vec<StoredDelivery>),
}

/// Where a request goes in its batch, and which lock it takes there.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum LockKey<'a> {
    Accepted(&'a str, &'a str, &'a str),
    Rejected,
    Complete(DeliveryId),
    /// Last, so a claim sees the rows inserted before it.
    Claim,
}

impl WriteRequest {
    /// Whether it is a record (counted in [`WriteStats`](crate::store::WriteStats)).
    pub(crate) fn is_record(&self) -> bool {
        match self {
            WriteRequest::Accepted { .. } | WriteRequest::Rejected { .. } => true,
            WriteRequest::Complete { .. } | WriteRequest::Claim { .. } => false,
        }
    }

    fn lock_key(&self) -> LockKey<'_> {
        match self {
            WriteRequest::Accepted { delivery, start: _ } => {
                let (provider, endpoint, key) = delivery.dedupe_key();
                LockKey::Accepted(provider, endpoint, key)
            }
            WriteRequest::Rejected { .. } => LockKey::Rejected,
            WriteRequest::Complete { id, worker: _ } => LockKey::Complete(*id),
            WriteRequest::Claim { .. } => LockKey::Claim,
        }
    }
}

/// Accepted records in dedupe-key order (a stable sort: copies keep their arrival
/// order), then rejected ones, then completions in id order, then claims: every
/// transaction takes its locks in the same order, so two PostgreSQL instances writing
/// batches with common keys cannot deadlock, and a claim sees the batch's new rows.
pub(crate) fn lock_order(a: &WriteRequest, b: &WriteRequest) -> CmpOrdering {
    a.lock_key().cmp(&b.lock_key())
}

/// Whether an accepted row found for a new arrival of the same delivery is taken over
/// by it: the delivery failed inline (the provider is retrying, as it should), or its
/// inline lease ran out (the instance running it died before answering).
pub(crate) fn reclaimable(status: DeliveryStatus, lease_expired: bool) -> bool {
    match status {
        DeliveryStatus::Failed => true,
        DeliveryStatus::Processing => lease_expired,
        DeliveryStatus::Queued
        | DeliveryStatus::Succeeded
        | DeliveryStatus::Retrying
        | DeliveryStatus::Dead
        | DeliveryStatus::Rejected => false,
    }
}

/// The columns an accepted row starts (or is reclaimed) with: status, claiming worker,
/// lease in milliseconds, attempts counted now.
pub(crate) fn start_columns(start: &Start) -> (&'static str, Option<&str>, Option<i64>, i64) {
    match start {
        Start::Queued => ("queued", None, None, 0),
        Start::Processing { worker, lease } => (
            "processing",
            Some(worker.as_str()),
            Some(duration_millis(*lease)),
            1,
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;
    use crate::redact::Redaction;

    fn new_delivery() -> NewDelivery {
        NewDelivery::new(
            "stripe",
            "/s",
            Default::default(),
            "{}".into(),
            SystemTime::now(),
        )
    }

    fn accepted(id: &str, lease: u64) -> WriteRequest {
        let delivery = new_delivery().delivery_id(id);
        WriteRequest::Accepted {
            delivery: PreparedDelivery::new(delivery, &Redaction::default()),
            start: Start::Processing {
                worker: "w".into(),
                lease: std::time::Duration::from_secs(lease),
            },
        }
    }

    fn rejected() -> WriteRequest {
        WriteRequest::Rejected {
            delivery: PreparedDelivery::new(new_delivery(), &Redaction::default()),
            reason: "bad".into(),
        }
    }

    #[test]
    fn batches_lock_in_key_order_copies_in_arrival_order_then_rejected_completed_claims() {
        let claim = || WriteRequest::Claim {
            worker: "w".into(),
            limit: 1,
            lease: Duration::from_secs(1),
        };
        let complete = |id| WriteRequest::Complete {
            id: DeliveryId(id),
            worker: "w".into(),
        };
        let mut batch = [
            claim(),
            complete(9),
            rejected(),
            accepted("b", 1),
            complete(3),
            accepted("a", 1),
            accepted("b", 2),
        ];
        batch.sort_by(lock_order);
        let order: Vec<String> = batch
            .iter()
            .map(|request| match request {
                WriteRequest::Accepted { delivery, start } => {
                    format!("{}:{start:?}", delivery.delivery_key)
                }
                WriteRequest::Rejected { .. } => "rejected".into(),
                WriteRequest::Complete { id, worker: _ } => format!("complete {id}"),
                WriteRequest::Claim { .. } => "claim".into(),
            })
            .collect();
        assert!(order[0].starts_with("a:"), "{order:?}");
        assert!(
            order[1].starts_with("b:") && order[1].contains("1s"),
            "{order:?}"
        );
        assert!(
            order[2].starts_with("b:") && order[2].contains("2s"),
            "{order:?}"
        );
        assert_eq!(
            order[3..],
            ["rejected", "complete 3", "complete 9", "claim"]
        );
    }

    #[test]
    fn only_failed_or_abandoned_rows_are_reclaimed() {
        assert!(reclaimable(DeliveryStatus::Failed, false));
        assert!(reclaimable(DeliveryStatus::Processing, true));
        assert!(!reclaimable(DeliveryStatus::Processing, false));
        for status in [
            DeliveryStatus::Queued,
            DeliveryStatus::Succeeded,
            DeliveryStatus::Retrying,
            DeliveryStatus::Dead,
        ] {
            assert!(!reclaimable(status, true), "{status}");
        }
    }
}
