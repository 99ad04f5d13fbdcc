//! Group commit: every `record_*` call goes through one writer task, which writes
//! whatever is waiting (up to `max_batch` requests) in ONE transaction and answers each
//! caller only after that transaction committed and is on disk (for SQLite, after the
//! store's own fsync of the log: see [`sync`]). Under load, a hundred acknowledgements
//! cost one fsync instead of a hundred; alone, a record is written at once.
//!
//! Workers' completions (and, on SQLite, their claims) can go through a writer too, so
//! they share those transactions instead of paying an fsync each. Under load the writer
//! waits a moment for a batch to fill ([`gather`]), never answering before the commit.

mod outcomes;
mod request;
mod sync;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

pub(crate) use outcomes::{first_arrivals, inserted_ids, CarriedOut};
pub(crate) use request::{
    lock_order, reclaimable, start_columns, PreparedDelivery, WriteRequest, Written,
};
// Only SQLite syncs outside its commits (see `sync`).
#[cfg_attr(not(feature = "sqlite"), allow(unused_imports))]
pub(crate) use sync::{sync_blocking, SyncCommitted};

use sync::{answer_after_sync, Answer, Answering};

use super::error::StoreError;
use super::model::{DeliveryId, NewDelivery, Recorded, Start, StoredDelivery, WriteStats};
use super::options::{truncate_error, StoreOptions};

/// Every request's outcome, in order, or why the batch failed (see [`BatchWrite`]).
pub(crate) type BatchResult = Result<Vec<Written>, StoreError>;

/// A backend's side of group commit.
pub(crate) trait BatchWrite: Send + Sync + 'static {
    /// Writes every request, in order, in one transaction, and commits; one outcome per
    /// request, in order. A later request sees the earlier ones: of two copies of one
    /// delivery in a batch, the second is a duplicate; a claim takes rows inserted
    /// before it.
    fn write_batch<'a>(&'a self, requests: &'a [&'a WriteRequest]) -> BoxFuture<'a, BatchResult>;
}

struct Job {
    request: WriteRequest,
    reply: oneshot::Sender<Result<Written, StoreError>>,
}

#[derive(Debug, Default)]
struct Counters {
    batches: AtomicU64,
    records: AtomicU64,
    largest_batch: AtomicU64,
    worker_writes: AtomicU64,
}

/// The handle to the writer task.
#[derive(Debug)]
pub(crate) struct Writer {
    sender: RwLock<Option<mpsc::Sender<Job>>>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    counters: Arc<Counters>,
}

impl Writer {
    /// Starts `tasks` writer tasks on the current tokio runtime, taking batches from
    /// one queue. One is SQLite's only choice (one writer at a time). Two let
    /// PostgreSQL gather and insert the next batch while the last one's commit waits for
    /// its fsync; concurrent batches are safe there as batches of two instances are.
    ///
    /// With `sync`, a commit is not durable by itself: each batch's callers are
    /// answered once `sync` made it so, by a [task of its own](sync), while the writer
    /// goes on.
    pub(crate) fn spawn(
        backend: impl BatchWrite,
        options: &StoreOptions,
        tasks: usize,
        sync: Option<Arc<dyn SyncCommitted>>,
    ) -> Self {
        let settings = Batching {
            max_batch: options.max_batch.max(1),
            // Several tasks take turns: while one writes, the next takes whatever
            // arrives, so none needs to wait for a batch to fill. Waiting as well would
            // hold a batch back for requests that cannot come yet, because their
            // senders wait for the other task's commit.
            wait: if tasks > 1 {
                Duration::ZERO
            } else {
                options.batch_wait
            },
        };
        Self::start(backend, options.queue_capacity, settings, tasks, sync)
    }

    fn start(
        backend: impl BatchWrite,
        queue_capacity: usize,
        settings: Batching,
        tasks: usize,
        sync: Option<Arc<dyn SyncCommitted>>,
    ) -> Self {
        let (sender, receiver) = mpsc::channel(queue_capacity.max(1));
        let counters = Arc::new(Counters::default());
        let backend = Arc::new(backend);
        let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
        let (answering, syncer) = match sync {
            None => (Answering::Now, None),
            Some(sync) => {
                let (committed, to_sync) = mpsc::unbounded_channel();
                let syncer = tokio::spawn(answer_after_sync(sync, to_sync));
                (Answering::AfterSync(committed), Some(syncer))
            }
        };
        let mut tasks: Vec<JoinHandle<()>> = (0..tasks.max(1))
            .map(|_| {
                tokio::spawn(run(
                    Arc::clone(&backend),
                    Arc::clone(&receiver),
                    settings,
                    Arc::clone(&counters),
                    answering.clone(),
                ))
            })
            .collect();
        // Last: it ends once the writer tasks, and with them its senders, are gone.
        tasks.extend(syncer);
        Writer {
            sender: RwLock::new(Some(sender)),
            tasks: Mutex::new(tasks),
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
        match self
            .submit(WriteRequest::Accepted { delivery, start })
            .await?
        {
            Written::Recorded(recorded) => Ok(recorded),
            other => Err(mismatched(&other)),
        }
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
        match self
            .submit(WriteRequest::Rejected { delivery, reason })
            .await?
        {
            Written::Recorded(recorded) => Ok(recorded.id()),
            other => Err(mismatched(&other)),
        }
    }

    /// Marks a delivery `worker` holds as succeeded (see
    /// [`Store::complete`](super::Store::complete)), in the next batch.
    pub(crate) async fn complete(&self, id: DeliveryId, worker: &str) -> Result<(), StoreError> {
        let worker = worker.to_owned();
        match self.submit(WriteRequest::Complete { id, worker }).await? {
            Written::Completed(result) => result,
            other => Err(mismatched(&other)),
        }
    }

    /// Claims due deliveries for `worker` (see [`Store::claim`](super::Store::claim)),
    /// in the next batch (SQLite's workers claim here; PostgreSQL's claim on their own).
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub(crate) async fn claim(
        &self,
        worker: &str,
        limit: usize,
        lease: Duration,
    ) -> Result<Vec<StoredDelivery>, StoreError> {
        if limit == 0 {
            // Still refused once closed, like every other call.
            self.sender()?;
            return Ok(Vec::new());
        }
        let worker = worker.to_owned();
        let request = WriteRequest::Claim {
            worker,
            limit,
            lease,
        };
        match self.submit(request).await? {
            Written::Claimed(claimed) => Ok(claimed),
            other => Err(mismatched(&other)),
        }
    }

    fn sender(&self) -> Result<mpsc::Sender<Job>, StoreError> {
        self.sender
            .read()
            .ok()
            .and_then(|sender| sender.clone())
            .ok_or(StoreError::Closed)
    }

    /// Hands one request to the writer and waits until it is committed.
    async fn submit(&self, request: WriteRequest) -> Result<Written, StoreError> {
        let sender = self.sender()?;
        let (reply, answer) = oneshot::channel();
        sender
            .send(Job { request, reply })
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    /// Refuses new requests, writes those already handed in, and waits for the tasks.
    pub(crate) async fn close(&self) {
        if let Ok(mut sender) = self.sender.write() {
            sender.take();
        }
        let tasks = self
            .tasks
            .lock()
            .map(|mut tasks| std::mem::take(&mut *tasks))
            .unwrap_or_default();
        for task in tasks {
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
            worker_writes: self.counters.worker_writes.load(Ordering::Relaxed),
        }
    }
}

/// A backend answered a request with another kind's outcome: a bug, reported as a
/// database error rather than a panic in the request path.
fn mismatched(written: &Written) -> StoreError {
    StoreError::Database {
        action: "recording deliveries",
        source: sqlx::Error::Protocol(format!(
            "the store's writer answered with the wrong kind of outcome: {written:?}"
        )),
    }
}

/// A writer task's loop: take whatever is waiting, [gather](gather) a little more, let
/// the queue go (to another task, if there is one), write the batch, answer, repeat;
/// ends when every sender is gone and the queue is empty.
async fn run(
    backend: Arc<impl BatchWrite>,
    receiver: Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    settings: Batching,
    counters: Arc<Counters>,
    answering: Answering,
) {
    let mut jobs = Vec::with_capacity(settings.max_batch);
    let mut last_records = 0;
    loop {
        {
            let mut receiver = receiver.lock().await;
            if receiver.recv_many(&mut jobs, settings.max_batch).await == 0 {
                return;
            }
            gather(&mut receiver, &mut jobs, settings, last_records).await;
        }
        last_records = records_in(&jobs);
        answering.answer(write_jobs(&*backend, &mut jobs, &counters).await);
    }
}

/// How the writer forms batches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Batching {
    /// The most requests in one transaction.
    pub(crate) max_batch: usize,
    /// The longest [`gather`] waits; zero writes whatever is there at once.
    pub(crate) wait: Duration,
}

/// Waits, at most `settings.wait`, until `jobs` holds as many records as the last batch
/// did (or is full), taking in whatever arrives meanwhile. Callers answered by one
/// commit send their next requests over the following moments; written at once, the
/// first of them would take a commit of its own and the others wait for the next one,
/// every other batch a small one (so, half the records per fsync). Likewise workers'
/// claims and completions, sent the moment a commit answers them, would take an fsync
/// of their own instead of riding with the records. Nothing waits when the last batch
/// had no records (nothing is coming), and a lone caller (last batch one record) never
/// waits for others.
async fn gather(
    receiver: &mut mpsc::Receiver<Job>,
    jobs: &mut Vec<Job>,
    settings: Batching,
    last_records: usize,
) {
    if last_records == 0 || settings.wait.is_zero() {
        return;
    }
    let deadline = tokio::time::Instant::now() + settings.wait;
    while jobs.len() < settings.max_batch && records_in(jobs) < last_records {
        let room = settings.max_batch - jobs.len();
        match tokio::time::timeout_at(deadline, receiver.recv_many(jobs, room)).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

fn records_in(jobs: &[Job]) -> usize {
    jobs.iter().filter(|job| job.request.is_record()).count()
}

/// Writes `jobs` in one transaction; if that transaction fails, writes each job in its
/// own, so one bad record (or a deadlock victim) fails alone. Every job's answer, for
/// the caller to send (see [`Answering`]).
async fn write_jobs(
    backend: &impl BatchWrite,
    jobs: &mut Vec<Job>,
    counters: &Counters,
) -> Vec<Answer> {
    jobs.sort_by(|a, b| lock_order(&a.request, &b.request));
    let requests: Vec<&WriteRequest> = jobs.iter().map(|job| &job.request).collect();
    let result = backend.write_batch(&requests).await;
    if result.is_ok() {
        count(counters, &requests);
    }
    drop(requests);
    match result {
        Ok(outcomes) => jobs
            .drain(..)
            .zip(outcomes)
            .map(|(job, outcome)| Answer {
                reply: job.reply,
                outcome: Ok(outcome),
            })
            .collect(),
        Err(error) if jobs.len() == 1 => {
            let job = jobs.remove(0);
            vec![Answer {
                reply: job.reply,
                outcome: Err(error),
            }]
        }
        Err(error) => {
            tracing::warn!(%error, requests = jobs.len(), "group commit failed; writing requests one by one");
            let mut answers = Vec::with_capacity(jobs.len());
            for job in jobs.drain(..) {
                let outcome =
                    backend
                        .write_batch(&[&job.request])
                        .await
                        .and_then(|mut outcomes| {
                            count(counters, &[&job.request]);
                            outcomes.pop().ok_or(StoreError::Closed)
                        });
                answers.push(Answer {
                    reply: job.reply,
                    outcome,
                });
            }
            answers
        }
    }
}

fn count(counters: &Counters, requests: &[&WriteRequest]) {
    let records = requests
        .iter()
        .filter(|request| request.is_record())
        .count() as u64;
    let worker_writes = requests.len() as u64 - records;
    counters.batches.fetch_add(1, Ordering::Relaxed);
    counters.records.fetch_add(records, Ordering::Relaxed);
    counters.largest_batch.fetch_max(records, Ordering::Relaxed);
    counters
        .worker_writes
        .fetch_add(worker_writes, Ordering::Relaxed);
}
