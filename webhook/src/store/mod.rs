//! Durable delivery: every request logged, deliveries deduplicated, processed in the
//! background with retries, and replayable, in SQLite (embedded) or PostgreSQL
//! (several instances sharing one database).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), webhook::store::StoreError> {
//! use std::time::{Duration, SystemTime};
//! use webhook::store::{self, DeliveryFilter, NewDelivery, Recorded, RetryPolicy, Start};
//!
//! # let dir = std::env::temp_dir().join(format!("webhook-store-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).ok();
//! # let path = dir.join("deliveries.db");
//! // A bare path or `sqlite://…` opens SQLite, `postgres://…` PostgreSQL.
//! let store = store::open(path.to_str().unwrap_or_default()).await?;
//!
//! // The request path logs each verified request, answering 2xx to duplicates.
//! let delivery = NewDelivery::new("stripe", "/webhooks/stripe", Default::default(),
//!         r#"{"id":"evt_1"}"#.into(), SystemTime::now())
//!     .event("invoice.paid")
//!     .delivery_id("evt_1");
//! let first = store.record_accepted(delivery.clone(), Start::Queued).await?;
//! let again = store.record_accepted(delivery, Start::Queued).await?;
//! assert!(matches!(first, Recorded::New { .. }));
//! assert!(matches!(again, Recorded::Duplicate { .. }));
//!
//! // A background worker claims due deliveries, runs the handlers, and reports back.
//! let worker = store::unique_worker_id("worker");
//! for claimed in store.claim(&worker, 16, Duration::from_secs(30)).await? {
//!     let handled: Result<(), String> = Err("the database was down".into());
//!     match handled {
//!         Ok(()) => store.complete(claimed.id(), &worker).await?,
//!         Err(error) => {
//!             store.fail(claimed.id(), &worker, &error, &RetryPolicy::default()).await?;
//!         }
//!     }
//! }
//!
//! // Later: run everything that failed for good once more.
//! let dead = DeliveryFilter::new().status(store::DeliveryStatus::Dead);
//! store.replay_matching(&dead).await?;
//! store.prune(Duration::from_secs(30 * 24 * 3600)).await?;
//! store.close().await?;
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok(()) }
//! ```
//!
//! # Semantics
//!
//! - **Logged**: every request, [accepted](Store::record_accepted) or
//!   [rejected](Store::record_rejected) with its reason: provider, endpoint, event,
//!   delivery id, raw body, headers (signatures, tokens and credentials
//!   [redacted](Redaction)), received-at, status, attempts, last error, matching secret.
//! - **Deduplicated**: one accepted row per (provider, endpoint,
//!   [delivery key](delivery_key)), enforced by a unique index, so of 50 copies arriving
//!   at once — on one instance or on several sharing a PostgreSQL — exactly one is
//!   [`Recorded::New`]. Rejected requests take no part.
//! - **At most one success**: a row is processed only while claimed, claims are
//!   exclusive, and only the current lease holder may [`complete`](Store::complete) it.
//!   A handler can still run twice when a lease expires mid-run (the worker died or
//!   stalled): handlers should be idempotent, and leases longer than handlers take.
//! - **Durable acknowledgement, cheaply**: `record_*` answer only after their
//!   transaction committed; concurrent calls share one transaction (group commit), so
//!   a busy receiver pays one fsync per batch, not per request.
//! - **Replay** resets rows to `queued` with `attempts` back at 0, so a replayed
//!   delivery gets the whole [`RetryPolicy`] again; `last_error` is kept until the next
//!   failure overwrites it.
//! - **Pruning** deletes finished rows (`succeeded`, `failed`, `dead`, `rejected`)
//!   older than an age; work still pending is never deleted.
//!
//! Times are the database's clock (PostgreSQL's, for instances sharing it), stored as
//! milliseconds since the Unix epoch.

// `store` without a backend feature compiles the shared parts for nothing.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres")),
    allow(dead_code, unused_macros)
)]

// Where a delivery goes: `record_*` hands it to `batch` (group commit), whose writer
// task stores it with the backend's `write.rs` and `bulk.rs`; a worker's claim,
// completion, failure or replay of it goes through the backend's `queue.rs`
// (PostgreSQL's batched completions: `bulk.rs`). `sqlite/` and `postgres/` hold what
// each database does its own way, `shared/` what both do alike.
//
// `shared` comes first: the modules after it expand its macros.
#[macro_use]
mod shared;

mod batch;
mod error;
mod filter;
mod migrate;
mod model;
mod open;
mod options;
mod packing;
#[cfg(feature = "postgres")]
mod postgres;
mod retry;
mod row;
#[cfg(feature = "sqlite")]
mod sqlite;

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

pub use crate::redact::{Redaction, REDACTED};
pub use error::StoreError;
// The outbox's `open` names a backend that is compiled out.
#[cfg(all(
    feature = "outgoing",
    not(all(feature = "sqlite", feature = "postgres"))
))]
pub(crate) use error::redact_url;
pub use filter::DeliveryFilter;
pub use model::{
    delivery_key, unique_worker_id, DeliveryId, DeliveryStatus, DeliverySummary, Failed,
    NewDelivery, Recorded, Start, StoredDelivery, UnknownStatus, VolumeBucket, WriteStats,
};
#[cfg(feature = "outgoing")]
pub(crate) use open::Backend;
pub use open::{open, open_with};
pub use options::StoreOptions;
#[cfg(all(feature = "postgres", feature = "outbox"))]
pub(crate) use postgres::is_plain_identifier;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use retry::RetryPolicy;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

/// The future every [`Store`] method returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A durable delivery log and work queue; see the [module docs](self).
///
/// Object-safe: share one as `Arc<dyn Store>`. Implemented by `SqliteStore` (feature
/// `sqlite`) and `PostgresStore` (feature `postgres`); [`open`] picks one from a URL.
///
/// A worker id names one worker (one task claiming and finishing deliveries, or one
/// process's inline requests) and must be unique: use [`unique_worker_id`].
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Logs a verified request and decides, atomically, whether it runs: a new row
    /// (left as `start` asks), a duplicate of a row already queued, in progress, done
    /// or dead, or the takeover of a row whose inline run failed or was abandoned.
    /// Answers after the row is committed.
    fn record_accepted(&self, delivery: NewDelivery, start: Start) -> StoreFuture<'_, Recorded>;

    /// Logs a refused request (bad signature, malformed body) with the reason; it
    /// never runs and takes no part in dedupe. Answers after the row is committed.
    fn record_rejected(&self, delivery: NewDelivery, reason: String)
        -> StoreFuture<'_, DeliveryId>;

    /// Takes up to `limit` due deliveries (queued; retrying whose time has come;
    /// processing whose lease expired) for `worker`, for `lease`, counting an attempt
    /// each, oldest first (of the retries due, those that fell due first are the
    /// candidates). Concurrent workers, on any instance, never get the same row. A
    /// claim reads only due rows, through indexes: its cost does not grow with the
    /// finished rows in the log, nor with the retries still waiting.
    fn claim<'a>(
        &'a self,
        worker: &'a str,
        limit: usize,
        lease: Duration,
    ) -> StoreFuture<'a, Vec<StoredDelivery>>;

    /// Extends `worker`'s lease on a delivery to `lease` from now, for a handler
    /// running long. [`StoreError::LeaseLost`] when the worker holds it no more.
    fn renew<'a>(&'a self, id: DeliveryId, worker: &'a str, lease: Duration)
        -> StoreFuture<'a, ()>;

    /// Marks a delivery `worker` holds as succeeded. [`StoreError::LeaseLost`] when the
    /// worker holds it no more (its lease expired and another worker took it over).
    fn complete<'a>(&'a self, id: DeliveryId, worker: &'a str) -> StoreFuture<'a, ()>;

    /// Records a background failure of a delivery `worker` holds: `retrying` after the
    /// policy's backoff, or `dead` once the attempts are used up. The error is kept,
    /// truncated. [`StoreError::LeaseLost`] when the worker holds it no more.
    fn fail<'a>(
        &'a self,
        id: DeliveryId,
        worker: &'a str,
        error: &'a str,
        policy: &'a RetryPolicy,
    ) -> StoreFuture<'a, Failed>;

    /// Records an inline failure (the provider was answered `5xx` and will retry):
    /// `failed`, taken over by the provider's retry in
    /// [`record_accepted`](Store::record_accepted). [`StoreError::LeaseLost`] when the
    /// worker holds it no more.
    fn fail_inline<'a>(
        &'a self,
        id: DeliveryId,
        worker: &'a str,
        error: &'a str,
    ) -> StoreFuture<'a, ()>;

    /// Graceful shutdown: hands every delivery `worker` holds back to the queue, the
    /// unfinished attempt not counted. Returns how many.
    fn release<'a>(&'a self, worker: &'a str) -> StoreFuture<'a, u64>;

    /// Queues a delivery to run again, attempts reset. Refused for rejected requests
    /// and deliveries in progress.
    fn replay(&self, id: DeliveryId) -> StoreFuture<'_, ()>;

    /// Queues every matching delivery to run again (oldest first, up to the filter's
    /// limit), skipping rejected requests and deliveries in progress. Returns how many.
    fn replay_matching<'a>(&'a self, filter: &'a DeliveryFilter) -> StoreFuture<'a, u64>;

    /// The matching deliveries, newest first, without bodies and headers.
    fn list<'a>(&'a self, filter: &'a DeliveryFilter) -> StoreFuture<'a, Vec<DeliverySummary>>;

    /// How many deliveries match (the filter's limit and order aside).
    fn count<'a>(&'a self, filter: &'a DeliveryFilter) -> StoreFuture<'a, u64>;

    /// How many matching deliveries [`replay_matching`](Store::replay_matching) would
    /// queue again (the filter's limit aside): its dry run.
    fn count_replayable<'a>(&'a self, filter: &'a DeliveryFilter) -> StoreFuture<'a, u64>;

    /// Requests received since `since`, per provider and per `bucket` of time (at least
    /// a second), with how many of them did not succeed; the buckets with none are left
    /// out. Oldest bucket first.
    fn volume(&self, since: SystemTime, bucket: Duration) -> StoreFuture<'_, Vec<VolumeBucket>>;

    /// One delivery with its body and (redacted) headers.
    fn get(&self, id: DeliveryId) -> StoreFuture<'_, Option<StoredDelivery>>;

    /// Deletes finished deliveries (succeeded, failed, dead, rejected) received longer
    /// than `older_than` ago. Returns how many.
    fn prune(&self, older_than: Duration) -> StoreFuture<'_, u64>;

    /// How the group-commit writer has batched so far.
    fn write_stats(&self) -> WriteStats;

    /// Writes what is already handed in, then closes the connections; every later call
    /// fails with [`StoreError::Closed`].
    fn close(&self) -> StoreFuture<'_, ()>;
}
