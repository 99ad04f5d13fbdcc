//! Group commit: every `record_*` call goes through one writer task, which writes
//! whatever is waiting (up to `max_batch` records) in ONE transaction and answers each
//! caller only after that transaction committed. Under load, a hundred acknowledgements
//! cost one fsync instead of a hundred; alone, a record is written at once.

use std::cmp::Ordering as CmpOrdering;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::error::StoreError;
use super::model::{
    duration_millis, to_millis, DeliveryId, DeliveryStatus, NewDelivery, Recorded, Start,
    WriteStats,
};
use super::options::{truncate_error, StoreOptions};
use super::redact::Redaction;

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
    pub(crate) body: Bytes,
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
        PreparedDelivery {
            provider,
            endpoint,
            event,
            delivery_id,
            delivery_key,
            headers: redaction.encode(&headers),
            body,
            received_at: to_millis(received_at),
            secret_index: secret_index.map(|index| i64::try_from(index).unwrap_or(i64::MAX)),
        }
    }
}

/// One record for the writer.
#[derive(Debug)]
pub(crate) enum WriteRequest {
    Accepted {
        delivery: PreparedDelivery,
        start: Start,
    },
    Rejected {
        delivery: PreparedDelivery,
        /// Already truncated.
        reason: String,
    },
}

impl WriteRequest {
    /// The dedupe key an accepted record locks; `None` for a rejected one.
    fn lock_key(&self) -> Option<(&str, &str, &str)> {
        match self {
            WriteRequest::Accepted { delivery, .. } => Some((
                &delivery.provider,
                &delivery.endpoint,
                &delivery.delivery_key,
            )),
            WriteRequest::Rejected { .. } => None,
        }
    }
}

/// Accepted records in dedupe-key order (a stable sort: copies keep their arrival
/// order), rejected ones after: every transaction takes its locks in the same order, so
/// two PostgreSQL instances writing batches with common keys cannot deadlock.
fn lock_order(a: &WriteRequest, b: &WriteRequest) -> CmpOrdering {
    let (a, b) = (a.lock_key(), b.lock_key());
    (a.is_none(), a).cmp(&(b.is_none(), b))
}

/// A backend's side of group commit.
pub(crate) trait BatchWrite: Send + Sync + 'static {
    /// Writes every request, in order, in one transaction, and commits; one outcome per
    /// request (a rejected record is always [`Recorded::New`]). A later request sees the
    /// earlier ones: of two copies of one delivery in a batch, the second is a
    /// duplicate.
    fn write_batch<'a>(
        &'a self,
        requests: &'a [&'a WriteRequest],
    ) -> BoxFuture<'a, Result<Vec<Recorded>, StoreError>>;
}

struct Job {
    request: WriteRequest,
    reply: oneshot::Sender<Result<Recorded, StoreError>>,
}

#[derive(Debug, Default)]
struct Counters {
    batches: AtomicU64,
    records: AtomicU64,
    largest_batch: AtomicU64,
}

/// The handle to the writer task.
#[derive(Debug)]
pub(crate) struct Writer {
    sender: RwLock<Option<mpsc::Sender<Job>>>,
    task: Mutex<Option<JoinHandle<()>>>,
    counters: Arc<Counters>,
}

impl Writer {
    /// Starts the writer task on the current tokio runtime.
    pub(crate) fn spawn(backend: impl BatchWrite, max_batch: usize, capacity: usize) -> Self {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        let counters = Arc::new(Counters::default());
        let task = tokio::spawn(run(
            backend,
            receiver,
            max_batch.max(1),
            Arc::clone(&counters),
        ));
        Writer {
            sender: RwLock::new(Some(sender)),
            task: Mutex::new(Some(task)),
            counters,
        }
    }

    /// Logs an accepted request (see [`Store::record_accepted`](super::Store::record_accepted)).
    pub(crate) async fn record_accepted(
        &self,
        delivery: NewDelivery,
        start: Start,
        options: &StoreOptions,
    ) -> Result<Recorded, StoreError> {
        let delivery = PreparedDelivery::new(delivery, &options.redaction);
        self.submit(WriteRequest::Accepted { delivery, start })
            .await
    }

    /// Logs a rejected request (see [`Store::record_rejected`](super::Store::record_rejected)).
    pub(crate) async fn record_rejected(
        &self,
        delivery: NewDelivery,
        reason: &str,
        options: &StoreOptions,
    ) -> Result<DeliveryId, StoreError> {
        let delivery = PreparedDelivery::new(delivery, &options.redaction);
        let reason = truncate_error(reason, options.max_error_len);
        let recorded = self
            .submit(WriteRequest::Rejected { delivery, reason })
            .await?;
        Ok(recorded.id())
    }

    /// Hands one record to the writer and waits until it is committed.
    async fn submit(&self, request: WriteRequest) -> Result<Recorded, StoreError> {
        let sender = self
            .sender
            .read()
            .ok()
            .and_then(|sender| sender.clone())
            .ok_or(StoreError::Closed)?;
        let (reply, answer) = oneshot::channel();
        sender
            .send(Job { request, reply })
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    /// Refuses new records, writes those already handed in, and waits for the task.
    pub(crate) async fn close(&self) {
        if let Ok(mut sender) = self.sender.write() {
            sender.take();
        }
        let task = self.task.lock().ok().and_then(|mut task| task.take());
        if let Some(task) = task {
            if let Err(error) = task.await {
                tracing::error!(%error, "delivery store writer task failed");
            }
        }
    }

    pub(crate) fn stats(&self) -> WriteStats {
        WriteStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            records: self.counters.records.load(Ordering::Relaxed),
            largest_batch: self.counters.largest_batch.load(Ordering::Relaxed),
        }
    }
}

/// The writer loop: take whatever is waiting, write it, answer, repeat; ends when every
/// sender is gone and the queue is empty.
async fn run(
    backend: impl BatchWrite,
    mut receiver: mpsc::Receiver<Job>,
    max_batch: usize,
    counters: Arc<Counters>,
) {
    let mut jobs = Vec::with_capacity(max_batch);
    while receiver.recv_many(&mut jobs, max_batch).await > 0 {
        write_jobs(&backend, &mut jobs, &counters).await;
    }
}

/// Writes `jobs` in one transaction and answers them; if that transaction fails, writes
/// each job in its own, so one bad record (or a deadlock victim) fails alone.
async fn write_jobs(backend: &impl BatchWrite, jobs: &mut Vec<Job>, counters: &Counters) {
    jobs.sort_by(|a, b| lock_order(&a.request, &b.request));
    let requests: Vec<&WriteRequest> = jobs.iter().map(|job| &job.request).collect();
    let result = backend.write_batch(&requests).await;
    drop(requests);
    match result {
        Ok(outcomes) => {
            count(counters, outcomes.len());
            for (job, outcome) in jobs.drain(..).zip(outcomes) {
                // A caller that stopped waiting (client gone) still has its row.
                let _ = job.reply.send(Ok(outcome));
            }
        }
        Err(error) if jobs.len() == 1 => {
            if let Some(job) = jobs.pop() {
                let _ = job.reply.send(Err(error));
            }
        }
        Err(error) => {
            tracing::warn!(%error, records = jobs.len(), "group commit failed; writing records one by one");
            for job in jobs.drain(..) {
                let answer = backend
                    .write_batch(&[&job.request])
                    .await
                    .and_then(|mut outcomes| {
                        count(counters, 1);
                        outcomes.pop().ok_or(StoreError::Closed)
                    });
                let _ = job.reply.send(answer);
            }
        }
    }
}

fn count(counters: &Counters, records: usize) {
    let records = records as u64;
    counters.batches.fetch_add(1, Ordering::Relaxed);
    counters.records.fetch_add(records, Ordering::Relaxed);
    counters.largest_batch.fetch_max(records, Ordering::Relaxed);
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

    fn accepted(id: &str, lease: u64) -> WriteRequest {
        let delivery = NewDelivery::new(
            "stripe",
            "/s",
            Default::default(),
            "{}".into(),
            SystemTime::now(),
        )
        .delivery_id(id);
        WriteRequest::Accepted {
            delivery: PreparedDelivery::new(delivery, &Redaction::default()),
            start: Start::Processing {
                worker: "w".into(),
                lease: std::time::Duration::from_secs(lease),
            },
        }
    }

    fn rejected() -> WriteRequest {
        let delivery = NewDelivery::new(
            "stripe",
            "/s",
            Default::default(),
            "{}".into(),
            SystemTime::now(),
        );
        WriteRequest::Rejected {
            delivery: PreparedDelivery::new(delivery, &Redaction::default()),
            reason: "bad".into(),
        }
    }

    #[test]
    fn batches_lock_in_key_order_copies_in_arrival_order_rejected_last() {
        let mut batch = [
            rejected(),
            accepted("b", 1),
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
        assert_eq!(order[3], "rejected");
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
