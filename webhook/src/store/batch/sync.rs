//! Answering a batch's callers once its commit is on disk, for a backend whose commit
//! does not wait for the disk itself (SQLite's write connection, `synchronous=NORMAL`:
//! see [`SqliteStore`](crate::store::SqliteStore)'s durability notes).
//!
//! The writer commits a batch and hands its answers over here at once, then goes on to
//! the next batch; this task makes everything committed so far durable with one sync on
//! a blocking thread, then answers every batch that was committed before that sync
//! began. So the next batch's rows are written while the last one's sync waits for the
//! disk, and one sync covers every batch committed in the meantime. No caller is
//! answered before a sync that began after its batch committed.

use std::io;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::Written;
use crate::store::error::StoreError;

/// How a backend makes what it committed durable.
pub(crate) trait SyncCommitted: Send + Sync + 'static {
    /// Blocks until everything committed before the call is on disk.
    fn sync_committed(&self) -> io::Result<()>;

    /// What each waiting caller is told when that failed.
    fn failed(&self, error: &io::Error) -> StoreError;
}

/// One caller's outcome, sent once it may be.
pub(crate) struct Answer {
    pub(crate) reply: oneshot::Sender<Result<Written, StoreError>>,
    pub(crate) outcome: Result<Written, StoreError>,
}

impl Answer {
    /// Sends the outcome; a caller that stopped waiting (client gone) still has its row.
    pub(crate) fn send(self) {
        let _ = self.reply.send(self.outcome);
    }
}

/// How the writer tasks hand over their answers.
#[derive(Clone)]
pub(crate) enum Answering {
    /// The commit was durable: answer at once.
    Now,
    /// To the task syncing them first ([`answer_after_sync`]).
    AfterSync(mpsc::UnboundedSender<Vec<Answer>>),
}

impl Answering {
    /// Answers a committed batch's callers, now or after the sync.
    pub(crate) fn answer(&self, answers: Vec<Answer>) {
        match self {
            Answering::Now => answers.into_iter().for_each(Answer::send),
            Answering::AfterSync(syncer) => {
                if let Err(unsent) = syncer.send(answers) {
                    // The sync task is gone (the runtime is shutting down): nothing says
                    // these commits reached the disk, so no caller is told they did.
                    for answer in unsent.0 {
                        let _ = answer.reply.send(Err(StoreError::Closed));
                    }
                }
            }
        }
    }
}

/// Runs `sync` on a blocking thread, off the runtime's workers.
pub(crate) async fn sync_blocking<S: SyncCommitted + ?Sized>(sync: &Arc<S>) -> io::Result<()> {
    let syncing = Arc::clone(sync);
    tokio::task::spawn_blocking(move || syncing.sync_committed())
        .await
        .unwrap_or_else(|stopped| Err(io::Error::other(stopped.to_string())))
}

/// The sync task: takes every batch committed so far, syncs once, answers them; ends
/// when every writer task is gone and nothing is left.
pub(crate) async fn answer_after_sync(
    sync: Arc<dyn SyncCommitted>,
    mut committed: mpsc::UnboundedReceiver<Vec<Answer>>,
) {
    let mut batches = Vec::new();
    while committed.recv_many(&mut batches, usize::MAX).await > 0 {
        // A failure is logged by the backend's sync, and by each caller it reaches.
        let synced = sync_blocking(&sync).await;
        for answer in batches.drain(..).flatten() {
            let outcome = match (&synced, answer.outcome) {
                (Err(error), Ok(_)) => Err(sync.failed(error)),
                (_, outcome) => outcome,
            };
            let _ = answer.reply.send(outcome);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Mutex;
    use std::time::Duration;

    use futures_util::future::BoxFuture;

    use super::*;
    use crate::store::batch::{BatchResult, BatchWrite, Batching, WriteRequest, Writer};
    use crate::store::model::DeliveryId;

    /// Counts its commits; a completion's outcome says which commit carried it.
    #[derive(Default)]
    struct Counting {
        commits: Arc<AtomicUsize>,
    }

    impl BatchWrite for Counting {
        fn write_batch<'a>(
            &'a self,
            requests: &'a [&'a WriteRequest],
        ) -> BoxFuture<'a, BatchResult> {
            Box::pin(async move {
                let commit = self.commits.fetch_add(1, Ordering::SeqCst) + 1;
                Ok(requests
                    .iter()
                    .map(|_| {
                        Written::Completed(Err(StoreError::NotFound {
                            id: DeliveryId(commit as i64),
                        }))
                    })
                    .collect())
            })
        }
    }

    /// Notes how many commits each sync covered (those made before it began), and
    /// fails when told to.
    struct Noting {
        commits: Arc<AtomicUsize>,
        synced: Mutex<Vec<usize>>,
        fail: AtomicBool,
    }

    impl SyncCommitted for Noting {
        fn sync_committed(&self) -> io::Result<()> {
            let covered = self.commits.load(Ordering::SeqCst);
            // Long enough for the writer to commit more batches meanwhile.
            std::thread::sleep(Duration::from_millis(5));
            self.synced.lock().unwrap().push(covered);
            if self.fail.load(Ordering::SeqCst) {
                return Err(io::Error::other("the disk is gone"));
            }
            Ok(())
        }

        fn failed(&self, error: &io::Error) -> StoreError {
            StoreError::Sync {
                path: "test.db-wal".into(),
                source: io::Error::new(error.kind(), error.to_string()),
            }
        }
    }

    fn writer(fail: bool) -> (Writer, Arc<Noting>) {
        let backend = Counting::default();
        let sync = Arc::new(Noting {
            commits: Arc::clone(&backend.commits),
            synced: Mutex::default(),
            fail: AtomicBool::new(fail),
        });
        let batching = Batching {
            max_batch: 4,
            wait: Duration::ZERO,
        };
        let writer = Writer::start(backend, 64, batching, 1, Some(sync.clone()));
        (writer, sync)
    }

    fn commit_of(outcome: Result<(), StoreError>) -> usize {
        match outcome {
            Err(StoreError::NotFound { id }) => id.0 as usize,
            other => panic!("unexpected outcome {other:?}"),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_caller_is_answered_after_a_sync_that_began_after_its_commit() {
        let (writer, sync) = writer(false);
        let writer = Arc::new(writer);
        let calls = (0..40).map(|i| {
            let (writer, sync) = (Arc::clone(&writer), Arc::clone(&sync));
            tokio::spawn(async move {
                let commit = commit_of(writer.complete(DeliveryId(i), "w").await);
                // The commits covered by the syncs done when this caller was answered.
                let covered = sync.synced.lock().unwrap().iter().copied().max();
                (commit, covered.unwrap_or(0))
            })
        });
        let answers: Vec<(usize, usize)> = futures_util::future::join_all(calls)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        for (commit, covered) in &answers {
            assert!(
                covered >= commit,
                "commit {commit} answered when the syncs had covered {covered}"
            );
        }
        // Batches committed during a sync share the next one.
        let commits = answers.iter().map(|(commit, _)| *commit).max().unwrap();
        let syncs = sync.synced.lock().unwrap().len();
        assert!(syncs <= commits, "{syncs} syncs for {commits} commits");
        writer.close().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_sync_answers_every_waiting_caller_with_an_error_naming_it() {
        let (writer, sync) = writer(true);
        let error = writer.complete(DeliveryId(1), "w").await.unwrap_err();
        assert!(matches!(error, StoreError::Sync { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("test.db-wal"), "{message}");
        assert!(message.contains("the disk is gone"), "{message}");
        assert_eq!(sync.synced.lock().unwrap().len(), 1);
        writer.close().await;
    }
}
