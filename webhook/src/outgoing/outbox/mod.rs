//! The transactional outbox of outgoing webhooks: tenants' endpoints, messages, and the
//! workers that deliver them.
//!
//! A SaaS notifies its customers (*tenants*, named by the application's own ids), each
//! with their own endpoints. [`Outbox::send`] stores a message and one pending attempt per
//! matching enabled endpoint of the tenant; [`Outbox::send_in`] does the same inside the
//! caller's own sqlx transaction, so the notification commits (or rolls back) with the
//! business write it reports. [`OutboxWorkers`] claim due attempts from the database and
//! make each through a [`Transport`], retrying on the [`RetrySchedule`].
//!
//! ```no_run
//! # async fn run(pool: sqlx::PgPool) -> Result<(), Box<dyn std::error::Error>> {
//! use webhook::outgoing::outbox::{NewEndpoint, Outbox, OutgoingMessage};
//!
//! // The tables come with the store's migrations (`PostgresStore::connect` ran them).
//! let outbox = Outbox::postgres(pool.clone(), "webhook")?;
//! outbox
//!     .create_endpoint("acme", NewEndpoint::new("https://hooks.acme.example/in").event_types(["invoice.*"]))
//!     .await?;
//!
//! let mut tx = pool.begin().await?;
//! sqlx::query("UPDATE invoices SET paid = TRUE WHERE id = 'in_1'").execute(&mut *tx).await?;
//! let paid = OutgoingMessage::new("invoice.paid", &serde_json::json!({ "invoice": "in_1" }))?;
//! outbox.send_in(&mut *tx, "acme", &paid).await?;
//! tx.commit().await?; // both, or neither
//! # Ok(()) }
//! ```
//!
//! # Guarantees
//!
//! - **At least once.** Attempts are rows: a worker claims one for a lease
//!   ([`WorkerOptions::lease`]), and if it dies (kill -9 included) another takes it when the
//!   lease runs out. Every attempt of a message carries the message's id, so a receiver
//!   dedupes on `webhook-id`.
//! - **Once per due time across instances**: on PostgreSQL, claims take rows with
//!   `FOR UPDATE SKIP LOCKED`; on SQLite, the one writer makes each claim atomic.
//! - **Fairness**: workers claim tenant by tenant, each tenant a share of the free
//!   capacity, and cap what one endpoint and one tenant have in flight, so one tenant's
//!   slow or failing endpoints never hold up another's deliveries.
//! - **Retries** follow the endpoint's schedule or the workers' default (Standard
//!   Webhooks'), with jitter; an endpoint's `Retry-After` is honoured, clamped. A 410
//!   disables the endpoint; so does failing continuously for
//!   [`WorkerOptions::disable_after`] (default 5 days; one success resets the clock).
//!   Attempts to a disabled endpoint stay queued until it is enabled again. After the
//!   last retry an attempt is *dead*: [`Outbox::resend`] and [`Outbox::recover`] queue it
//!   again.
//!
//! Times (due times, leases) come from the application's clock, read through tokio's
//! (so a paused test clock drives the schedule); instances sharing a database should keep
//! their clocks in sync to well within a lease.

#[macro_use]
mod store;
mod check;
mod client;
mod error;
mod filter;
mod manage;
mod model;
mod open;
mod schedule;
mod send;
mod transport;
mod workers;

use std::sync::Arc;

use tokio::sync::Notify;

pub use check::UrlCheck;
pub use error::OutboxError;
pub use filter::EventFilter;
pub use model::{
    AttemptRecord, AttemptState, Endpoint, EndpointId, EndpointSecret, EndpointUpdate, Message,
    NewEndpoint, OutgoingMessage, Sent, SigningSecret,
};
pub use schedule::RetrySchedule;
pub use send::OutboxConnection;
pub use transport::{Attempt, AttemptRequest, Outcome, Transport};
pub use workers::{OutboxWorkers, WorkerOptions};

use store::{Db, Sql};

#[cfg(not(any(feature = "sqlite", feature = "postgres")))]
compile_error!(
    "the `outgoing` feature of `webhook` needs a database: enable `sqlite` or `postgres`"
);

/// The outbox on one database: endpoints, messages and attempts. Cheap to clone (every
/// clone shares the pool and wakes the same workers).
#[derive(Clone)]
pub struct Outbox {
    db: Db,
    sql: Arc<Sql>,
    clock: Clock,
    url_check: Option<Arc<dyn UrlCheck>>,
    /// Wakes this process's workers when a message was sent.
    wake: Arc<Notify>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox")
            .field("db", &self.db.name())
            .field("tables", &format_args!("{}outbox_*", self.sql.prefix))
            .field("url_check", &self.url_check.is_some())
            .finish()
    }
}

impl Outbox {
    /// The outbox in the SQLite database `pool` opens: the file a
    /// [`SqliteStore`](crate::store::SqliteStore) was opened on (its migrations create the
    /// tables). For a send to be durable when it returns, open the pool with
    /// `synchronous=FULL`.
    #[cfg(feature = "sqlite")]
    pub fn sqlite(pool: sqlx::SqlitePool) -> Self {
        Outbox::with_db(Db::Sqlite(pool), "")
    }

    /// The outbox in `schema` of the PostgreSQL database `pool` connects to: the schema a
    /// [`PostgresStore`](crate::store::PostgresStore) was connected with (default
    /// `webhook`; its migrations create the tables). Statements name the schema, so the
    /// pool (and `send_in`'s connections) may have any `search_path`.
    #[cfg(feature = "postgres")]
    pub fn postgres(pool: sqlx::PgPool, schema: &str) -> Result<Self, OutboxError> {
        if !crate::store::is_plain_identifier(schema) {
            return Err(OutboxError::InvalidEndpoint(format!(
                "invalid PostgreSQL schema name `{schema}`: use lower-case letters, digits \
                 and `_`, starting with a letter or `_`"
            )));
        }
        Ok(Outbox::with_db(
            Db::Postgres(pool),
            &format!("\"{schema}\"."),
        ))
    }

    /// The outbox in a [`PostgresStore`](crate::store::PostgresStore)'s database and
    /// schema, on its pool.
    #[cfg(feature = "postgres")]
    pub fn of_postgres_store(store: &crate::store::PostgresStore) -> Self {
        let schema = store.schema();
        Outbox::with_db(
            Db::Postgres(store.pool().clone()),
            &format!("\"{schema}\"."),
        )
    }

    fn with_db(db: Db, prefix: &str) -> Self {
        Outbox {
            db,
            sql: Arc::new(Sql::new(prefix)),
            clock: Clock::start(),
            url_check: None,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Checks every URL an endpoint is created or updated with (wire the SSRF guard
    /// here). Without one, only `http` and `https` URLs with a host are accepted.
    pub fn url_check(mut self, check: impl UrlCheck) -> Self {
        self.url_check = Some(Arc::new(check));
        self
    }

    /// Milliseconds since the Unix epoch, on the outbox's clock.
    fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// The outbox's clock: the system time when it was made, advanced by tokio's clock, so a
/// paused test clock moves it (and due times with it).
#[derive(Debug, Clone, Copy)]
struct Clock {
    epoch_ms: i64,
    start: tokio::time::Instant,
}

impl Clock {
    fn start() -> Self {
        Clock {
            epoch_ms: model::millis_of(std::time::SystemTime::now()),
            start: tokio::time::Instant::now(),
        }
    }

    fn now_ms(&self) -> i64 {
        self.epoch_ms
            .saturating_add(model::duration_ms(self.start.elapsed()))
    }

    /// The tokio instant of `ms` on this clock (for sleeping until a due time).
    fn instant_of(&self, ms: i64) -> tokio::time::Instant {
        let offset = u64::try_from(ms.saturating_sub(self.epoch_ms)).unwrap_or(0);
        self.start + std::time::Duration::from_millis(offset)
    }
}
