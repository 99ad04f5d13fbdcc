//! Background workers: claim queued deliveries, run their handlers, record the
//! outcome with retries and backoff, and hand claims back on shutdown.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::Journal;
use crate::endpoint::AnyEndpoint;
use crate::store::{unique_worker_id, DeliveryId, StoredDelivery};

/// The router and the workers that run its queued deliveries, from
/// [`Webhooks::start`](crate::Webhooks::start).
#[derive(Debug)]
pub struct Service {
    /// The router, with its state applied: serve it.
    pub router: axum::Router,
    /// The background workers: [`shutdown`](Workers::shutdown) them after the server
    /// stopped accepting requests.
    pub workers: Workers,
}

/// Running background workers.
#[derive(Debug)]
pub struct Workers {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Workers {
    /// No workers (a router without a store).
    pub(crate) fn idle() -> Self {
        Workers {
            stop: watch::channel(false).0,
            tasks: Vec::new(),
        }
    }

    /// Graceful shutdown: each worker finishes the delivery it is running, hands the
    /// rest of its claims back to the queue (another instance, or this one after a
    /// restart, takes them), and stops.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            if let Err(error) = task.await {
                tracing::error!(%error, "a webhook worker ended abnormally");
            }
        }
    }

    /// How many workers run.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether no worker runs.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }
}

/// How workers pace themselves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WorkerSettings {
    pub(crate) count: usize,
    /// Deliveries claimed at once by one worker.
    pub(crate) batch: usize,
    /// How often an idle worker looks for work queued by other instances.
    pub(crate) poll_interval: Duration,
    pub(crate) handler_timeout: Duration,
    /// Finished rows older than this are pruned, once an hour.
    pub(crate) retention: Option<Duration>,
}

type Endpoints<S> = Arc<HashMap<String, Arc<dyn AnyEndpoint<S>>>>;

/// Starts `settings.count` workers.
pub(crate) fn spawn<S: Clone + Send + Sync + 'static>(
    journal: Arc<Journal>,
    endpoints: Endpoints<S>,
    state: S,
    settings: WorkerSettings,
) -> Workers {
    let (stop, stopped) = watch::channel(false);
    let tasks = (0..settings.count)
        .map(|index| {
            let worker = Worker {
                id: unique_worker_id("worker"),
                journal: Arc::clone(&journal),
                endpoints: Arc::clone(&endpoints),
                state: state.clone(),
                settings,
                prunes: index == 0,
            };
            tokio::spawn(worker.run(stopped.clone()))
        })
        .collect();
    Workers { stop, tasks }
}

struct Worker<S> {
    id: String,
    journal: Arc<Journal>,
    endpoints: Endpoints<S>,
    state: S,
    settings: WorkerSettings,
    /// One worker per process prunes old rows.
    prunes: bool,
}

/// Resolves when a stop is asked; never once the [`Workers`] handle is dropped without
/// one (the workers then run as long as the runtime does), so an idle worker does not
/// spin on a closed channel.
async fn stop_asked(stopped: &mut watch::Receiver<bool>) {
    if stopped.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}

const PRUNE_EVERY: Duration = Duration::from_secs(3600);

impl<S: Clone + Send + Sync + 'static> Worker<S> {
    async fn run(self, mut stopped: watch::Receiver<bool>) {
        let store = &self.journal.store;
        let mut last_prune = tokio::time::Instant::now() - PRUNE_EVERY;
        while !*stopped.borrow() {
            self.maybe_prune(&mut last_prune).await;
            let claimed = match store
                .claim(&self.id, self.settings.batch, self.journal.lease)
                .await
            {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::error!(%error, worker = %self.id, "could not claim deliveries");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                tokio::select! {
                    () = self.journal.queued.notified() => {}
                    () = tokio::time::sleep(self.settings.poll_interval) => {}
                    () = stop_asked(&mut stopped) => {}
                }
                continue;
            }
            // Each outcome is recorded in a task of its own while the next handler
            // runs; the batch's records are all in before the next claim.
            let mut recording = Vec::with_capacity(claimed.len());
            for delivery in claimed {
                if *stopped.borrow() {
                    break;
                }
                let id = delivery.id();
                let outcome = self.run_handlers(delivery).await;
                recording.push(tokio::spawn(record_outcome(
                    Arc::clone(&self.journal),
                    self.id.clone(),
                    id,
                    outcome,
                )));
            }
            for task in recording {
                if let Err(error) = task.await {
                    tracing::error!(%error, worker = %self.id, "recording an outcome failed");
                }
            }
        }
        match store.release(&self.id).await {
            Ok(0) => {}
            Ok(released) => {
                tracing::info!(worker = %self.id, released, "handed claims back on shutdown")
            }
            Err(error) => tracing::error!(%error, worker = %self.id, "could not hand claims back"),
        }
    }

    /// Runs one claimed delivery's handlers (within the handler timeout).
    async fn run_handlers(&self, delivery: StoredDelivery) -> Result<(), String> {
        let endpoint_name = &delivery.summary.endpoint;
        let Some(endpoint) = self.endpoints.get(endpoint_name) else {
            return Err(format!("this router has no endpoint `{endpoint_name}`"));
        };
        let run = Arc::clone(endpoint).run_stored(self.state.clone(), delivery);
        match tokio::time::timeout(self.settings.handler_timeout, run).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!(
                "timed out after {:?}",
                self.settings.handler_timeout
            )),
        }
    }

    async fn maybe_prune(&self, last_prune: &mut tokio::time::Instant) {
        let Some(retention) = self.settings.retention.filter(|_| self.prunes) else {
            return;
        };
        if last_prune.elapsed() < PRUNE_EVERY {
            return;
        }
        *last_prune = tokio::time::Instant::now();
        match self.journal.store.prune(retention).await {
            Ok(pruned) => tracing::info!(pruned, "pruned old deliveries"),
            Err(error) => tracing::error!(%error, "could not prune old deliveries"),
        }
    }
}

/// Records a worker's outcome for one delivery it holds: succeeded, or failed (to retry
/// or dead-letter by the policy). Runs while the worker's next handler does, so the
/// records of a claimed batch share group commits; the worker waits for all of them
/// before it claims again. A kill therefore re-runs at most one claimed batch of
/// finished handlers per worker, those whose outcome was not committed yet.
async fn record_outcome(
    journal: Arc<Journal>,
    worker: String,
    id: DeliveryId,
    outcome: Result<(), String>,
) {
    let store = &journal.store;
    let written = match &outcome {
        Ok(()) => store
            .complete(id, &worker)
            .await
            .map(|()| "succeeded".to_owned()),
        Err(error) => store
            .fail(id, &worker, error, &journal.retry)
            .await
            .map(|failed| format!("{failed:?}")),
    };
    match (written, outcome) {
        (Ok(state), Ok(())) => {
            tracing::info!(delivery = %id, %state, "queued delivery handled")
        }
        (Ok(state), Err(error)) => {
            tracing::warn!(delivery = %id, %state, %error, "queued delivery failed")
        }
        (Err(error), _) => {
            tracing::error!(delivery = %id, %error, "could not record a queued delivery's outcome")
        }
    }
}
