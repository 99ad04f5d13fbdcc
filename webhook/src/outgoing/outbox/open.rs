//! [`Outbox::open`]: the outbox of the store a URL names, the tables migrated.

use super::error::OutboxError;
use super::Outbox;
use crate::store::{Backend, StoreError};

impl Outbox {
    /// Opens the store `url` names (a SQLite file, `sqlite://…`, or `postgres://…`, as
    /// [`store::open`](crate::store::open) reads it), running its migrations, and
    /// returns its outbox. On SQLite the outbox gets a pool of its own on the file
    /// (`synchronous=FULL`: a send is durable when it returns); on PostgreSQL, the
    /// store's pool and schema.
    pub async fn open(url: &str) -> Result<Outbox, OutboxError> {
        match Backend::of(url)? {
            Backend::Sqlite(path) => open_sqlite(url, path).await,
            Backend::Postgres => open_postgres(url).await,
        }
    }
}

#[cfg(feature = "sqlite")]
async fn open_sqlite(_url: &str, path: &str) -> Result<Outbox, OutboxError> {
    use crate::store::{SqliteStore, Store as _};
    use sqlx::sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
    };

    let store = SqliteStore::open(path).await?;
    let options = crate::store::StoreOptions::default();
    store.close().await?;
    let connect = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(options.busy_timeout);
    let pool = SqlitePoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.acquire_timeout)
        .connect_with(connect)
        .await
        .map_err(|source| StoreError::OpenSqlite {
            path: path.into(),
            source,
        })?;
    Ok(Outbox::sqlite(pool))
}

#[cfg(not(feature = "sqlite"))]
async fn open_sqlite(url: &str, _path: &str) -> Result<Outbox, OutboxError> {
    Err(StoreError::BackendDisabled {
        url: crate::store::redact_url(url),
        feature: "sqlite",
    }
    .into())
}

#[cfg(feature = "postgres")]
async fn open_postgres(url: &str) -> Result<Outbox, OutboxError> {
    let store = crate::store::PostgresStore::connect(url).await?;
    Ok(Outbox::of_postgres_store(&store))
}

#[cfg(not(feature = "postgres"))]
async fn open_postgres(url: &str) -> Result<Outbox, OutboxError> {
    Err(StoreError::BackendDisabled {
        url: crate::store::redact_url(url),
        feature: "postgres",
    }
    .into())
}
