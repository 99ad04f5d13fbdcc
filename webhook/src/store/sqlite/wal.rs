//! Syncing SQLite's write-ahead log from outside SQLite: what makes the write
//! connection's commits (`synchronous=NORMAL`, which does not sync at commit) durable
//! before their callers are answered. See [`SqliteStore`](super::SqliteStore)'s
//! durability notes.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::store::batch::SyncCommitted;
use crate::store::error::StoreError;

/// The database's `-wal` file, synced on demand.
#[derive(Debug)]
pub(super) struct WalSync {
    /// The database's full path (symbolic links resolved, as SQLite does) with `-wal`
    /// appended: SQLite's name for its write-ahead log.
    wal: PathBuf,
    /// The first failure, answered to every later sync (see
    /// [`sync_committed`](SyncCommitted::sync_committed)).
    failed: Mutex<Option<(io::ErrorKind, String)>>,
}

impl WalSync {
    /// The log of the database at `database`, which exists (it was just opened).
    pub(super) fn of(database: &Path) -> io::Result<Self> {
        let mut wal = std::fs::canonicalize(database)?.into_os_string();
        wal.push("-wal");
        Ok(WalSync {
            wal: wal.into(),
            failed: Mutex::new(None),
        })
    }

    /// One fsync of the log as it is now.
    fn sync_file(&self) -> io::Result<()> {
        // Opened anew each time rather than kept: SQLite deletes the log when its last
        // connection closes and creates another later, and a kept descriptor would
        // sync the deleted one. A commit's frames are in the file that exists when the
        // commit returns; they stay there until a checkpoint has copied them into the
        // database and synced it, and only then can the file be deleted.
        match OpenOptions::new().read(true).write(true).open(&self.wal) {
            Ok(file) => file.sync_all(),
            // Deleted: its last connection checkpointed it into the database, synced
            // (`synchronous=NORMAL` syncs every checkpoint), before deleting it.
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }
}

impl SyncCommitted for WalSync {
    /// After a failure, every later call fails the same way without syncing: Linux may
    /// drop the pages a failed `fsync` left unwritten and report the next one clean, so
    /// a later success would not cover what was committed before it (and a provider's
    /// retry of a delivery answered with the error would find its row and be told it
    /// was recorded). The store has to be reopened, which recovers what the disk holds.
    fn sync_committed(&self) -> io::Result<()> {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((kind, message)) = &*failed {
            return Err(io::Error::new(*kind, message.clone()));
        }
        let synced = self.sync_file();
        if let Err(error) = &synced {
            tracing::error!(%error, wal = %self.wal.display(), "could not sync the delivery store's log to disk; every write from now on fails with this error: check the disk, then restart");
            *failed = Some((error.kind(), error.to_string()));
        }
        synced
    }

    fn failed(&self, error: &io::Error) -> StoreError {
        StoreError::Sync {
            path: self.wal.clone(),
            source: io::Error::new(error.kind(), error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_named_after_the_resolved_database_path_and_a_failure_stays() {
        let dir = std::env::temp_dir().join(format!("webhook-wal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let database = dir.join("d.db");
        std::fs::write(&database, b"").unwrap();
        let sync = WalSync::of(&dir.join(".").join("d.db")).unwrap();
        assert_eq!(
            sync.wal,
            std::fs::canonicalize(&dir).unwrap().join("d.db-wal")
        );
        // No log yet: nothing committed is outside the database.
        sync.sync_committed().unwrap();
        std::fs::write(&sync.wal, b"frames").unwrap();
        sync.sync_committed().unwrap();
        // A log that cannot be opened for writing is an error, not a pass.
        std::fs::remove_file(&sync.wal).unwrap();
        std::fs::create_dir(&sync.wal).unwrap();
        let error = sync.sync_committed().unwrap_err();
        let message = sync.failed(&error).to_string();
        assert!(message.contains("d.db-wal"), "{message}");
        // And stays one once the file is back: what the failure left is not known to
        // be on disk.
        std::fs::remove_dir(&sync.wal).unwrap();
        std::fs::write(&sync.wal, b"frames").unwrap();
        assert_eq!(sync.sync_committed().unwrap_err().kind(), error.kind());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
