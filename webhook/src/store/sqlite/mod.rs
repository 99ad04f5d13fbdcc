//! [`SqliteStore`]: the embedded backend, one database file in WAL mode.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Sqlite;

/// The database's clock, in milliseconds since the Unix epoch.
macro_rules! now_ms {
    () => {
        "CAST(unixepoch('subsec') * 1000 AS INTEGER)"
    };
}

/// A delivery's columns with its payload's, for `row::delivery`: the payload lives in
/// `delivery_payloads` (see migration 2), deleted with its row (`ON DELETE CASCADE`;
/// sqlx turns `foreign_keys` on).
macro_rules! select_with_payload {
    () => {
        concat!(
            "SELECT ",
            full_columns!(),
            " FROM deliveries JOIN delivery_payloads USING (id)"
        )
    };
}

mod bulk;
mod queue;
mod wal;
mod write;

use super::batch::{sync_blocking, SyncCommitted, Writer};
use super::error::StoreError;
use super::migrate::{migrate, Step};
use super::model::WriteStats;
use super::options::StoreOptions;
use wal::WalSync;

const MIGRATIONS: &[Step] = &[
    (
        1,
        "create deliveries",
        include_str!("../../../migrations/sqlite/0001_create_deliveries.sql"),
    ),
    (
        2,
        "split payloads",
        include_str!("../../../migrations/sqlite/0002_split_payloads.sql"),
    ),
    (
        3,
        "compressed bodies",
        include_str!("../../../migrations/sqlite/0003_body_encoding.sql"),
    ),
    (
        4,
        "retry due index",
        include_str!("../../../migrations/sqlite/0004_retry_due_index.sql"),
    ),
    (
        5,
        "dashboard indexes",
        include_str!("../../../migrations/sqlite/0005_dashboard_indexes.sql"),
    ),
    (
        6,
        "outbox",
        include_str!("../../../migrations/sqlite/0006_outbox.sql"),
    ),
];

/// Pages of WAL (4 KiB each) after which a commit checkpoints.
const WAL_AUTOCHECKPOINT_PAGES: &str = "10000";

/// The embedded delivery store: one SQLite file, created (and migrated) on open.
///
/// Writes go through one connection, group-committed (see the [module docs](super));
/// reads use a small pool beside it, which WAL lets run during writes. The file is the
/// store's own: give it a path of its own, not the application's database.
///
/// ```no_run
/// # async fn run() -> Result<(), webhook::store::StoreError> {
/// use webhook::store::SqliteStore;
///
/// let store = SqliteStore::open("/var/lib/my-app/webhooks.db").await?;
/// # Ok(()) }
/// ```
///
/// # Durability
///
/// The database runs with `journal_mode=WAL`. No caller of
/// [`record_accepted`](super::Store::record_accepted) (or of any other write) is answered
/// before its commit is in the WAL file *and* that file was fsynced, so an acknowledged
/// delivery survives a power loss, not only a crash of the process. Group commit keeps
/// that to one fsync per batch, not per request; workers' claims and completions ride
/// in the same transactions.
///
/// The fsync is the store's own, not SQLite's, so the next batch is written while the
/// last one's fsync waits for the disk. The write connection runs
/// `synchronous=NORMAL`, under which SQLite syncs the WAL before every checkpoint and
/// the database after it, but not at commit; after each batch commits, a task of the
/// store's own fsyncs the `-wal` file on a blocking thread and only then answers the
/// batch's callers, and one fsync covers every batch committed before it began.
/// (`synchronous=FULL`, which fsyncs inside the commit, holds the write lock through
/// the fsync, and so acknowledges fewer deliveries under load.) Writes outside the
/// batches (`fail`, `renew`, `replay`, `prune`, …) fsync the same way before they
/// return. If an fsync fails, the callers waiting on it get [`StoreError::Sync`], never
/// an acknowledgement, and so does every write after it until the store is reopened (a
/// failed fsync leaves unknown what reached the disk). The read connections run
/// `synchronous=FULL`. `synchronous=NORMAL` alone, the usual WAL pairing, would let a
/// power loss take back the last commits: deliveries the provider was already told were
/// received.
///
/// The WAL is checkpointed every ~40 MiB (`wal_autocheckpoint=10000`), so the file's
/// `-wal` companion grows to about that size; headers and bodies live in a table of
/// their own, so status changes never rewrite them. Bodies are stored LZ4-compressed:
/// every body is written twice, to the WAL and by the checkpoint, and under load the
/// disk's write bandwidth is what limits durable acknowledgements. Anything reading the
/// file by hand finds the compressed ones marked `body_encoding = 'lz4'` in
/// `delivery_payloads` (an LZ4 block, the original length prepended as 4 little-endian
/// bytes); `webhook-cli show` decodes them.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    /// One connection: SQLite has one writer at a time anyway, and queuing here is
    /// cheaper and fairer than its busy-wait.
    write: SqlitePool,
    read: SqlitePool,
    writer: Writer,
    /// What makes the write connection's commits durable.
    sync: Arc<WalSync>,
    options: StoreOptions,
}

impl Inner {
    /// Makes what the write connection committed outside the writer's batches durable:
    /// its commits do not sync by themselves.
    async fn sync(&self) -> Result<(), StoreError> {
        sync_now(&self.sync).await
    }

    fn write_stats(&self) -> WriteStats {
        self.writer.stats()
    }

    async fn close(&self) {
        self.writer.close().await;
        self.read.close().await;
        self.write.close().await;
    }
}

/// Syncs the log on a blocking thread.
async fn sync_now(sync: &Arc<WalSync>) -> Result<(), StoreError> {
    sync_blocking(sync)
        .await
        .map_err(|error| sync.failed(&error))
}

impl SqliteStore {
    /// Opens (creating when missing) the store at `path` with default options.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(path, StoreOptions::default()).await
    }

    /// Opens (creating when missing) the store at `path`.
    pub async fn open_with(
        path: impl AsRef<Path>,
        options: StoreOptions,
    ) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_error = |source| StoreError::OpenSqlite {
            path: path.clone(),
            source,
        };
        let connect = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Any connection but the write one (see the durability notes above).
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(options.busy_timeout)
            // Checkpoint (copy the WAL into the file, fsync it) every ~40 MiB of WAL
            // rather than SQLite's 4 MiB: a checkpoint runs inside the commit that
            // crosses the mark, and with large bodies the default made group commits pay
            // one often. Durability is the WAL's fsync at each commit either way; the
            // cost is a WAL file of that size on disk.
            .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            // A ping before each batch would be one more round trip to sqlx's SQLite
            // thread; a local file's connection does not go stale, and it is kept for
            // the store's life.
            .test_before_acquire(false)
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect.clone().synchronous(SqliteSynchronous::Normal))
            .await
            .map_err(open_error)?;
        let sync =
            Arc::new(WalSync::of(&path).map_err(|error| open_error(sqlx::Error::Io(error)))?);
        migrate(MIGRATIONS, &write).await?;
        sync_now(&sync).await?;
        let read = options
            .pool::<Sqlite>()
            .connect_with(connect)
            .await
            .map_err(open_error)?;
        let writer = Writer::spawn(
            write::SqliteBatch {
                pool: write.clone(),
            },
            &options,
            1,
            Some(Arc::clone(&sync) as Arc<dyn SyncCommitted>),
        );
        tracing::debug!(path = %path.display(), "delivery store opened");
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                write,
                read,
                writer,
                sync,
                options,
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }
}

impl_store!(SqliteStore {
    // The write connection, and the reading pool beside it.
    writes: write,
    reads: read,
    // Claims and completions ride in the writer's batches (see `write`).
    claim: |inner, worker, limit, lease| inner.writer.claim(worker, limit, lease),
    complete: |inner, id, worker| inner.writer.complete(id, worker),
});
