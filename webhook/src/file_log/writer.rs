//! [`Logger`]: the file log's writer, a thread of its own that owns the rotating file.
//!
//! The request path hands it a line and waits for the answer; the thread writes every
//! line waiting at that moment, flushes them to the operating system in one go (and
//! syncs them to the disk when asked), then answers each. Blocking file I/O stays off
//! the async runtime, and a busy receiver pays one flush (or sync) per batch.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use rolling_file::{BasicRollingFileAppender, RollingConditionBasic};
use tokio::sync::oneshot;

use super::line::{Entry, LogLine};
use super::recent::Recent;
use super::FileLog;
use crate::redact::Redaction;

/// One line to write, and where to answer.
struct Job {
    line: LogLine,
    done: oneshot::Sender<io::Result<i64>>,
}

/// A router's file log: the writer thread's inbox, the redaction and the dedupe window.
#[derive(Debug)]
pub(crate) struct Logger {
    inbox: mpsc::Sender<Job>,
    redaction: Redaction,
    recent: Recent,
}

impl Logger {
    /// Opens (or creates) the file and starts the writer thread, which ends when the
    /// logger is dropped.
    pub(crate) fn open(settings: &FileLog) -> io::Result<Self> {
        let FileLog {
            path,
            max_bytes,
            daily,
            keep,
            sync,
            dedupe_capacity,
            dedupe_window,
            redaction,
        } = settings;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut condition = RollingConditionBasic::new();
        if *daily {
            condition = condition.daily();
        }
        if let Some(bytes) = max_bytes {
            condition = condition.max_size(*bytes);
        }
        let file = BasicRollingFileAppender::new(path, condition, *keep)?;
        let (inbox, jobs) = mpsc::channel();
        let writer = Writer {
            file,
            path: path.clone(),
            sync: *sync,
            last_id: 0,
        };
        std::thread::Builder::new()
            .name("webhook-file-log".to_owned())
            .spawn(move || writer.run(jobs))?;
        Ok(Logger {
            inbox,
            redaction: redaction.clone(),
            recent: Recent::new(*dedupe_capacity, *dedupe_window),
        })
    }

    /// Writes `entry` as one line and waits until it reached the operating system
    /// (the disk, with `sync`); the line's id when it did.
    pub(crate) async fn write(&self, entry: Entry<'_>) -> io::Result<i64> {
        let line = entry.to_line(&self.redaction);
        let (done, answer) = oneshot::channel();
        self.inbox
            .send(Job { line, done })
            .map_err(|_| io::Error::other("the file log's writer has stopped"))?;
        answer
            .await
            .map_err(|_| io::Error::other("the file log's writer has stopped"))?
    }

    /// Claims a delivery in the dedupe window; `false` for a duplicate.
    pub(crate) fn claim(&self, key: &str) -> bool {
        self.recent.claim(key, Instant::now())
    }

    /// Forgets a delivery whose handlers failed, so that the provider's retry runs them.
    pub(crate) fn release(&self, key: &str) {
        self.recent.release(key);
    }
}

/// The writer thread's side.
struct Writer {
    file: BasicRollingFileAppender,
    path: PathBuf,
    sync: bool,
    last_id: i64,
}

impl Writer {
    fn run(mut self, jobs: mpsc::Receiver<Job>) {
        while let Ok(first) = jobs.recv() {
            let batch: Vec<Job> = std::iter::once(first).chain(jobs.try_iter()).collect();
            let written: Vec<(Job, io::Result<i64>)> = batch
                .into_iter()
                .map(|mut job| {
                    let result = self.append(&mut job.line);
                    (job, result)
                })
                .collect();
            let settled = self.settle();
            for (job, result) in written {
                let result = match (&settled, result) {
                    (Err(error), Ok(_)) => Err(io::Error::new(error.kind(), error.to_string())),
                    (_, result) => result,
                };
                // The request may have gone (its client hung up): nothing to tell.
                let _ = job.done.send(result);
            }
        }
        let _ = self.file.flush();
    }

    /// Gives the line its id and writes it in one call, so that rotation never splits
    /// it.
    fn append(&mut self, line: &mut LogLine) -> io::Result<i64> {
        line.id = self.next_id();
        let mut bytes = serde_json::to_vec(line).map_err(io::Error::other)?;
        bytes.push(b'\n');
        self.file.write_all(&bytes)?;
        Ok(line.id)
    }

    /// Flushes the written lines to the operating system, and syncs them when asked.
    fn settle(&mut self) -> io::Result<()> {
        self.file.flush()?;
        if self.sync {
            sync_file(&self.path)?;
        }
        Ok(())
    }

    /// Microseconds since the epoch, past the previous id.
    fn next_id(&mut self) -> i64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| {
                i64::try_from(since.as_micros()).unwrap_or(i64::MAX)
            });
        self.last_id = now.max(self.last_id + 1);
        self.last_id
    }
}

/// Syncs the current file's data to the disk: the appender owns its handle, and a sync
/// through another handle of the same file syncs the same data.
fn sync_file(path: &Path) -> io::Result<()> {
    OpenOptions::new().append(true).open(path)?.sync_data()
}
