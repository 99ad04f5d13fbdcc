//! The durable side of the builder: a store, the default mode, retries and workers.

use std::sync::Arc;
use std::time::Duration;

use super::{BuildError, Webhooks};
use crate::durable::workers::{spawn, WorkerSettings};
use crate::durable::{Journal, Service, Workers};
use crate::handler::Mode;
use crate::store::{RetryPolicy, Store};

/// Durable settings of a router.
#[derive(Debug, Clone)]
pub(crate) struct DurableSettings {
    store: Arc<dyn Store>,
    mode: Mode,
    retry: RetryPolicy,
    lease: Duration,
    workers: WorkerSettings,
}

/// Default number of background workers per process.
pub const DEFAULT_WORKERS: usize = 4;
/// Default time a claim (or an inline run) holds a delivery before another worker may
/// take it over.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

impl<S: Clone + Send + Sync + 'static> Webhooks<S> {
    /// Logs every request in `store` (accepted or rejected, with the reason) and
    /// deduplicates deliveries by the provider's delivery id (or the body's hash): a
    /// delivery is processed successfully at most once, duplicates get `200`.
    ///
    /// Handlers run inline by default; see [`mode`](Webhooks::mode).
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.durable = Some(DurableSettings {
            store,
            mode: Mode::Inline,
            retry: RetryPolicy::default(),
            lease: DEFAULT_LEASE,
            workers: WorkerSettings {
                count: DEFAULT_WORKERS,
                batch: 8,
                poll_interval: Duration::from_millis(500),
                handler_timeout: self.handler_timeout,
                retention: None,
            },
        });
        self
    }

    /// Sets the mode of handlers whose attribute sets none: [`Mode::Inline`] (run
    /// before the answer; an error answers `500` so the provider retries) or
    /// [`Mode::Queued`] (stored durably, answered `200`, run by the workers with
    /// retries). A delivery runs inline when any of its handlers is inline. Needs a
    /// [store](Webhooks::store); ignored without one.
    pub fn mode(mut self, mode: Mode) -> Self {
        if let Some(durable) = &mut self.durable {
            durable.mode = mode;
        }
        self
    }

    /// Sets the retry policy of queued deliveries (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        if let Some(durable) = &mut self.durable {
            durable.retry = policy;
        }
        self
    }

    /// Sets how many background workers [`start`](Webhooks::start) runs (default 4).
    pub fn workers(mut self, count: usize) -> Self {
        if let Some(durable) = &mut self.durable {
            durable.workers.count = count;
        }
        self
    }

    /// Sets how long a claim holds a delivery (default 60 s); a worker that dies
    /// loses its claims after this long, and another takes them over. Keep it longer
    /// than handlers take.
    pub fn lease(mut self, lease: Duration) -> Self {
        if let Some(durable) = &mut self.durable {
            durable.lease = lease;
        }
        self
    }

    /// Deletes finished deliveries older than `age` (checked hourly by the workers).
    pub fn retention(mut self, age: Duration) -> Self {
        if let Some(durable) = &mut self.durable {
            durable.workers.retention = Some(age);
        }
        self
    }

    /// Builds the router with its state, and starts the workers that run queued
    /// deliveries (and replays). Call inside a Tokio runtime; on shutdown, stop
    /// serving, then [`Workers::shutdown`](crate::Workers::shutdown).
    ///
    /// Without a store there is nothing to run in the background: this is then
    /// `into_router()?.with_state(state)` with no workers.
    pub fn start(self, state: S) -> Result<Service, BuildError> {
        let handler_timeout = self.handler_timeout;
        let durable = self.durable.clone();
        let journal = durable.as_ref().map(|d| Arc::new(journal_of(d)));
        let built = self.build(journal.clone())?;
        let router = built.router.with_state(state.clone());
        let workers = match (journal, durable) {
            (Some(journal), Some(durable)) => {
                let settings = WorkerSettings {
                    handler_timeout,
                    ..durable.workers
                };
                spawn(journal, Arc::new(built.endpoints), state, settings)
            }
            _ => Workers::idle(),
        };
        Ok(Service { router, workers })
    }

    /// The journal for [`into_router`](Webhooks::into_router): only when nothing is
    /// queued, since nothing would run queued deliveries.
    pub(crate) fn journal_without_workers(&self) -> Result<Option<Arc<Journal>>, BuildError> {
        let Some(durable) = &self.durable else {
            return Ok(None);
        };
        if durable.mode == Mode::Queued || self.groups.iter().any(|g| g.queued_handler().is_some())
        {
            return Err(BuildError::NeedsWorkers);
        }
        Ok(Some(Arc::new(journal_of(durable))))
    }
}

fn journal_of(durable: &DurableSettings) -> Journal {
    Journal::new(
        Arc::clone(&durable.store),
        durable.mode,
        durable.lease,
        durable.retry,
    )
}
