//! What the request path writes to the store: rejected requests with their reason,
//! accepted deliveries with dedupe, and the outcome of inline runs.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::{Accepted, Arrival};
use crate::handler::Mode;
use crate::response::Reply;
use crate::store::{unique_worker_id, NewDelivery, Recorded, RetryPolicy, Start, Store};

/// Rejected bodies are kept up to this size: enough to see what was sent, without
/// letting unsigned traffic fill the disk at the body limit's rate.
const REJECTED_BODY_KEPT: usize = 64 * 1024;

/// A router's durable settings, shared by its endpoints and workers.
#[derive(Debug)]
pub(crate) struct Journal {
    pub(crate) store: Arc<dyn Store>,
    /// The mode of handlers whose attribute sets none.
    default_mode: Mode,
    /// This process's worker id for inline runs.
    inline_worker: String,
    /// How long an inline run or a worker's claim holds a delivery.
    pub(crate) lease: Duration,
    pub(crate) retry: RetryPolicy,
    /// Wakes this process's workers when a delivery was queued here.
    pub(crate) queued: Notify,
}

impl Journal {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        default_mode: Mode,
        lease: Duration,
        retry: RetryPolicy,
    ) -> Self {
        Journal {
            store,
            default_mode,
            inline_worker: unique_worker_id("inline"),
            lease,
            retry,
            queued: Notify::new(),
        }
    }

    /// The mode of handlers whose attribute sets none.
    pub(crate) fn default_mode(&self) -> Mode {
        self.default_mode
    }

    /// Logs a refused request. A store error is logged, not answered: the request is
    /// refused either way.
    pub(crate) async fn rejected(&self, arrival: Arrival<'_>, reason: &str) {
        let Arrival {
            provider,
            endpoint,
            headers,
            body,
            received_at,
        } = arrival;
        let kept = body.slice(..body.len().min(REJECTED_BODY_KEPT));
        let delivery = NewDelivery::new(provider, endpoint, headers.clone(), kept, received_at);
        if let Err(error) = self
            .store
            .record_rejected(delivery, reason.to_owned())
            .await
        {
            tracing::error!(%error, "could not log a rejected request");
        }
    }

    /// Logs an accepted delivery, then: a duplicate is answered at once; a queued one is
    /// left for the workers; otherwise `run_inline` runs the handlers and its outcome is
    /// written back (a failure leaves the row for the provider's retry to take over).
    pub(crate) async fn accept<F>(
        &self,
        arrival: Arrival<'_>,
        accepted: Accepted<'_>,
        run_inline: impl FnOnce() -> F,
    ) -> Reply
    where
        F: Future<Output = Reply>,
    {
        let Arrival {
            provider,
            endpoint,
            headers,
            body,
            received_at,
        } = arrival;
        let Accepted {
            event,
            delivery_id,
            secret_index,
            all_queued,
        } = accepted;
        let mut delivery = NewDelivery::new(
            provider,
            endpoint,
            headers.clone(),
            body.clone(),
            received_at,
        )
        .event(event)
        .secret_index(secret_index);
        if let Some(id) = delivery_id {
            delivery = delivery.delivery_id(id);
        }
        let start = if all_queued {
            Start::Queued
        } else {
            Start::Processing {
                worker: self.inline_worker.clone(),
                lease: self.lease,
            }
        };
        let id = match self.store.record_accepted(delivery, start).await {
            Err(error) => {
                tracing::error!(%error, "could not store a delivery; answering 503 so the provider retries");
                return Reply::StoreUnavailable;
            }
            Ok(Recorded::Duplicate { status, .. }) => {
                return Reply::Duplicate {
                    status: status.as_str(),
                }
            }
            Ok(Recorded::New { .. } | Recorded::Reclaimed { .. }) if all_queued => {
                // One idle worker is enough for one delivery (a busy one claims again
                // when it is done); waking them all would send them all to claim.
                self.queued.notify_one();
                return Reply::Queued;
            }
            Ok(Recorded::New { id } | Recorded::Reclaimed { id }) => id,
        };
        let reply = run_inline().await;
        let written = match reply.failure() {
            None => self.store.complete(id, &self.inline_worker).await,
            Some(error) => {
                self.store
                    .fail_inline(id, &self.inline_worker, &error)
                    .await
            }
        };
        if let Err(error) = written {
            tracing::error!(%error, delivery = %id, "could not record the outcome of an inline run");
        }
        reply
    }
}
