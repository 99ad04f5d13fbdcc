//! The file log side of the builder: [`Webhooks::file_log`], opened when the router is
//! built.

use std::sync::Arc;

use super::{BuildError, Webhooks};
use crate::endpoint::FileLogger;
use crate::file_log::FileLog;

impl<S: Clone + Send + Sync + 'static> Webhooks<S> {
    /// Writes every request (accepted or rejected, with the reason) as one JSON line to
    /// a file that rotates, and deduplicates deliveries in memory within a bounded
    /// window: for an app without a database. See [`webhook::file_log`](crate::file_log).
    ///
    /// The file is opened when the router is built; a router has a file log or a
    /// [store](Webhooks::store), not both.
    pub fn file_log(mut self, log: FileLog) -> Self {
        self.file_log = Some(log);
        self
    }

    /// Opens the file log, if one is set: the writer every endpoint shares.
    pub(super) fn open_file_log(
        &self,
        has_store: bool,
    ) -> Result<Option<Arc<FileLogger>>, BuildError> {
        let Some(log) = &self.file_log else {
            return Ok(None);
        };
        if has_store {
            return Err(BuildError::StoreAndFileLog);
        }
        FileLogger::open(log)
            .map(|logger| Some(Arc::new(logger)))
            .map_err(|error| BuildError::FileLog {
                path: log.path().display().to_string(),
                reason: error.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unopenable_file_is_a_build_error_naming_it() {
        let dir = std::env::temp_dir().join(format!("webhook-file-log-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        // A directory where the file should be.
        let webhooks = Webhooks::<()>::new().file_log(FileLog::new(&dir));
        match webhooks.open_file_log(false) {
            Err(BuildError::FileLog { path, .. }) => assert_eq!(path, dir.display().to_string()),
            other => panic!("expected a file log error, got {other:?}"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_store_and_a_file_log_are_refused_together() {
        let webhooks = Webhooks::<()>::new().file_log(FileLog::new("unused.jsonl"));
        assert!(matches!(
            webhooks.open_file_log(true),
            Err(BuildError::StoreAndFileLog)
        ));
    }
}
