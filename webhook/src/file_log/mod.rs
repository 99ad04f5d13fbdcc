//! The file log (feature `file-log`): every request, accepted or rejected, as one JSON
//! line in a file that rotates, for an app without a database.
//!
//! ```no_run
//! use std::time::Duration;
//! use webhook::file_log::FileLog;
//! use webhook::{router, stripe, webhook};
//!
//! #[webhook(provider = "stripe", event = "invoice.paid")]
//! async fn invoice_paid(event: stripe::Event<stripe::Invoice>) {
//!     println!("invoice {} paid", event.data.object.id);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![invoice_paid]
//!     .file_log(
//!         FileLog::new("logs/webhooks.jsonl")
//!             .max_bytes(10 * 1024 * 1024) // rotate past 10 MiB…
//!             .daily()                     // …and at midnight (local time)
//!             .keep(14),                   // webhooks.jsonl.1 … .14, then deleted
//!     )
//!     .secrets_from_env()?
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! In `webhook.toml` ([`Config`](crate::Config)), the `[log]` table does the same:
//!
//! ```toml
//! [log]
//! file = "logs/webhooks.jsonl"
//! max_bytes = 10485760
//! daily = true
//! keep = 14
//! sync = false
//! dedupe_capacity = 10000
//! dedupe_window = "1h"
//! ```
//!
//! `webhook list --log logs/webhooks.jsonl` and `webhook show ID --log …` read it back
//! (or `[log] file` from the configuration file); [`read`] does the same in code.
//!
//! # What a line holds
//!
//! One [`LogLine`]: an id, when the request arrived, the provider and endpoint, the
//! event and delivery id once the envelope was parsed, a status (`succeeded`, `failed`,
//! `rejected` or `duplicate`), the reason for a rejection or a failure, the headers
//! with secret-bearing values redacted exactly as the store redacts them
//! ([`Redaction`]), and the body (a rejected one cut at 64 KiB).
//!
//! # What survives a crash
//!
//! A request's line is written and flushed to the operating system before the request
//! is answered, by a writer thread that batches the lines of concurrent requests: when
//! the **process** crashes or is killed, every answered request's line is in the file.
//! When the **machine** crashes or loses power, lines the operating system had not yet
//! written to the disk are lost (on Linux, typically the last 30 seconds or so) unless
//! [`sync`](FileLog::sync) is on, which syncs the file to the disk before answering
//! (one sync per batch of concurrent requests; slower on most disks). A line cut short
//! by a crash while it was written belongs to a request that was never answered; the
//! reader counts it as [`ReadLog::unreadable`] and skips it. If a line cannot be
//! written (disk full), an accepted request is answered `503` so the provider retries.
//!
//! # Dedupe without a database
//!
//! Deliveries are deduplicated in memory only: by the provider's delivery id (or the
//! body's hash), within a bounded window ([`dedupe`](FileLog::dedupe): by default the
//! last 10 000 deliveries of the last hour). A duplicate within it is answered `200`
//! and logged as `duplicate` without running a handler; a delivery whose handlers
//! failed is forgotten at once, so that the provider's retry runs them again. The
//! window is lost when the process restarts, and a delivery retried after the window
//! runs again: handlers should be idempotent. For dedupe that lasts, use a
//! [store](crate::Webhooks::store) instead.
//!
//! A router has a store or a file log, not both: the store already logs every request.
//! Queued handlers need a store.
//!
//! Rotation is [`rolling-file`](https://docs.rs/rolling-file)'s: it rotates by size
//! and by day together, and reports a failed write instead of dropping the line.

mod line;
mod read;
mod recent;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use crate::redact::{Redaction, REDACTED};
pub use line::{LogLine, DUPLICATE, FAILED, REJECTED, STATUSES, SUCCEEDED};
pub use read::{read, ReadLog};

pub(crate) use line::Entry;
pub(crate) use writer::Logger;

/// Default number of deliveries the dedupe window remembers.
pub const DEFAULT_DEDUPE_CAPACITY: usize = 10_000;
/// Default time the dedupe window remembers a delivery.
pub const DEFAULT_DEDUPE_WINDOW: Duration = Duration::from_secs(3600);
/// Default number of rotated files kept.
pub const DEFAULT_KEEP: usize = 10;

/// Where and how a router logs its requests to a file; give it to
/// [`Webhooks::file_log`](crate::Webhooks::file_log). See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLog {
    path: PathBuf,
    max_bytes: Option<u64>,
    daily: bool,
    keep: usize,
    sync: bool,
    dedupe_capacity: usize,
    dedupe_window: Duration,
    redaction: Redaction,
}

impl FileLog {
    /// A log at `path` (its directory is created), never rotated until
    /// [`max_bytes`](Self::max_bytes) or [`daily`](Self::daily) says when.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileLog {
            path: path.into(),
            max_bytes: None,
            daily: false,
            keep: DEFAULT_KEEP,
            sync: false,
            dedupe_capacity: DEFAULT_DEDUPE_CAPACITY,
            dedupe_window: DEFAULT_DEDUPE_WINDOW,
            redaction: Redaction::default(),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rotates the file once it holds `bytes` or more (a line is never split).
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = Some(bytes);
        self
    }

    /// Rotates the file at the first line of each day (local time).
    pub fn daily(mut self) -> Self {
        self.daily = true;
        self
    }

    /// Keeps this many rotated files (`PATH.1` the newest); older ones are deleted
    /// (default 10).
    pub fn keep(mut self, files: usize) -> Self {
        self.keep = files;
        self
    }

    /// Syncs the file to the disk before a request is answered, so that a crash of the
    /// machine loses no answered request either (default off: the lines reach the
    /// operating system before the answer, which a crash of the process cannot lose).
    pub fn sync(mut self, on: bool) -> Self {
        self.sync = on;
        self
    }

    /// Sets the in-memory dedupe window: at most `capacity` deliveries, each for at
    /// most `window` (default 10 000 and one hour). A capacity of 0 turns dedupe off.
    pub fn dedupe(mut self, capacity: usize, window: Duration) -> Self {
        self.dedupe_capacity = capacity;
        self.dedupe_window = window;
        self
    }

    /// Sets which headers are written as [`REDACTED`] (default:
    /// [`Redaction::default`], as in the store).
    pub fn redaction(mut self, redaction: Redaction) -> Self {
        self.redaction = redaction;
        self
    }
}
