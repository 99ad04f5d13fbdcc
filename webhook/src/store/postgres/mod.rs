//! [`PostgresStore`]: the backend for several instances sharing one database.

use std::str::FromStr;
use std::sync::Arc;

use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::Postgres;

/// The database's clock, in milliseconds since the Unix epoch: every instance measures
/// leases and retry times against the same clock, whatever their own clocks say.
macro_rules! now_ms {
    () => {
        "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT"
    };
}

mod bulk;
mod queue;
mod write;

use super::batch::Writer;
use super::error::{redact_url, StoreError};
use super::migrate::{migrate, Step};
use super::model::WriteStats;
use super::options::StoreOptions;

const MIGRATIONS: &[Step] = &[
    (
        1,
        "create deliveries",
        include_str!("../../../migrations/postgres/0001_create_deliveries.sql"),
    ),
    (
        2,
        "lz4 payloads",
        include_str!("../../../migrations/postgres/0002_lz4_payloads.sql"),
    ),
    (
        3,
        "compressed bodies",
        include_str!("../../../migrations/postgres/0003_body_encoding.sql"),
    ),
    (
        4,
        "retry due index",
        include_str!("../../../migrations/postgres/0004_retry_due_index.sql"),
    ),
    (
        5,
        "dashboard indexes",
        include_str!("../../../migrations/postgres/0005_dashboard_indexes.sql"),
    ),
    (
        6,
        "outbox",
        include_str!("../../../migrations/postgres/0006_outbox.sql"),
    ),
];

/// The shared delivery store: any number of instances connect to one PostgreSQL
/// database, and dedupe, claims and leases hold across all of them.
///
/// The tables live in their own schema ([`StoreOptions::postgres_schema`], default
/// `webhook`), created on connect, with their own migration history, so the store can
/// share the application's database without touching its tables or migrations.
///
/// ```no_run
/// # async fn run() -> Result<(), webhook::store::StoreError> {
/// use webhook::store::PostgresStore;
///
/// let store = PostgresStore::connect("postgres://app:secret@db.internal/app").await?;
/// # Ok(()) }
/// ```
///
/// Durability is PostgreSQL's: with its default `synchronous_commit = on`, an
/// acknowledged delivery is on disk (or on a synchronous replica) when
/// [`record_accepted`](super::Store::record_accepted) answers; group commit makes that one
/// commit per batch.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    pool: PgPool,
    /// Group-commits the records.
    writer: Writer,
    /// Group-commits the workers' completions, in transactions of their own: they lock
    /// rows by id, the records by dedupe key, and mixing the two in one transaction
    /// could deadlock two instances.
    completions: Writer,
    options: StoreOptions,
}

impl PostgresStore {
    /// Connects with default options and migrates.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with(url, StoreOptions::default()).await
    }

    /// Connects and migrates.
    pub async fn connect_with(url: &str, options: StoreOptions) -> Result<Self, StoreError> {
        let schema = options.postgres_schema.clone();
        if !is_plain_identifier(&schema) {
            return Err(StoreError::InvalidSchema(schema));
        }
        let connect_error = |source| StoreError::ConnectPostgres {
            url: redact_url(url),
            source,
        };
        let connect = PgConnectOptions::from_str(url)
            .map_err(connect_error)?
            .application_name("webhook-store")
            .options([("search_path", schema.as_str())]);
        let pool = options
            .pool::<Postgres>()
            .connect_with(connect)
            .await
            .map_err(connect_error)?;
        create_schema(&pool, &schema).await?;
        migrate(MIGRATIONS, &pool).await?;
        // Two record writers overlap one batch's commit with the next batch; not when the
        // pool is too small to spare them.
        let record_writers = if options.max_connections >= 4 { 2 } else { 1 };
        // The writers' tasks keep a connection each between batches (no acquire, no
        // ping per batch) when that leaves at least four for the workers and reads.
        let keep = options.max_connections as usize >= record_writers + 1 + 4;
        let writer = Writer::spawn(
            write::PostgresBatch::new(pool.clone(), keep),
            &options,
            record_writers,
            None,
        );
        let completions = Writer::spawn(
            write::PostgresBatch::new(pool.clone(), keep),
            &options,
            1,
            None,
        );
        tracing::debug!(url = %redact_url(url), %schema, "delivery store connected");
        Ok(PostgresStore {
            inner: Arc::new(Inner {
                pool,
                writer,
                completions,
                options,
            }),
        })
    }

    /// The connection pool (for health checks and metrics).
    pub fn pool(&self) -> &PgPool {
        &self.inner.pool
    }

    /// The schema its tables live in ([`StoreOptions::postgres_schema`]).
    pub fn schema(&self) -> &str {
        &self.inner.options.postgres_schema
    }
}

/// `CREATE SCHEMA IF NOT EXISTS` is not safe against itself (two instances starting
/// together can both try, and one fails), so it runs under a transaction-scoped
/// advisory lock.
async fn create_schema(pool: &PgPool, schema: &str) -> Result<(), StoreError> {
    let failed = |source| StoreError::Migrate {
        source: sqlx::migrate::MigrateError::Execute(source),
    };
    let mut tx = pool.begin().await.map_err(failed)?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
        .bind(format!("webhook-store schema {schema}"))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    // The name is checked to be a plain identifier: safe to splice.
    sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)
}

/// Lower-case letters, digits and `_`, not starting with a digit.
pub(crate) fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

impl Inner {
    /// Nothing to do: PostgreSQL's commits are durable by themselves.
    async fn sync(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn write_stats(&self) -> WriteStats {
        let mut stats = self.writer.stats();
        stats.worker_writes = self.completions.stats().worker_writes;
        stats
    }

    async fn close(&self) {
        self.writer.close().await;
        self.completions.close().await;
        self.pool.close().await;
    }
}

impl_store!(PostgresStore {
    writes: pool,
    reads: pool,
    claim: |inner, worker, limit, lease| queue::claim(&inner.pool, worker, limit, lease),
    complete: |inner, id, worker| inner.completions.complete(id, worker),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_plain_identifiers() {
        assert!(is_plain_identifier("webhook"));
        assert!(is_plain_identifier("_hooks_2"));
        assert!(!is_plain_identifier("2hooks"));
        assert!(!is_plain_identifier("Hooks"));
        assert!(!is_plain_identifier("a\"; DROP TABLE x; --"));
        assert!(!is_plain_identifier(""));
    }
}
