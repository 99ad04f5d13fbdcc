//! [`StoreOptions`]: tuning shared by both backends.

use std::time::Duration;

use sqlx::pool::PoolOptions;
use sqlx::Database;

use crate::redact::Redaction;

/// How a store is opened and how it writes. The defaults suit most receivers.
///
/// ```
/// use std::time::Duration;
/// use webhook::store::{Redaction, StoreOptions};
///
/// let options = StoreOptions::default()
///     .redaction(Redaction::default().name("x-acme-auth"))
///     .max_batch(512)
///     .postgres_schema("hooks");
/// # let _ = options;
/// ```
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Which headers are stored redacted (default: [`Redaction::default`]).
    pub redaction: Redaction,
    /// The most records one group-commit transaction carries (default 256).
    pub max_batch: usize,
    /// How many records may wait for the writer before `record_*` calls wait for room
    /// (default 4096).
    pub queue_capacity: usize,
    /// Under load, how long the group-commit writer may wait for a batch to fill before
    /// writing it (default 2 ms; zero writes whatever is waiting at once). It waits only
    /// while records keep coming (the last batch had several, or workers' writes wait
    /// for a record to share a commit with), and only until as many records as last
    /// time arrived: callers answered by one commit send their next requests over the
    /// following moments, and writing the first at once would leave the others for the
    /// commit after, halving the records per fsync. The same idea as PostgreSQL's
    /// `commit_delay`; nothing is answered before its commit either way. PostgreSQL's
    /// records have two writers taking turns (unless `max_connections` is below 4),
    /// which never wait: while one commits, the other takes what arrives.
    pub batch_wait: Duration,
    /// Longest handler error or rejection reason kept, in bytes (default 4096).
    pub max_error_len: usize,
    /// How long opening waits for the database to accept a connection, and a query for
    /// a free pooled connection (default 30 s).
    pub acquire_timeout: Duration,
    /// SQLite: how long a statement waits for another process's write lock
    /// (default 5 s).
    pub busy_timeout: Duration,
    /// PostgreSQL: the connection pool's size (from 7 up, the group-commit writers keep
    /// three of them between batches; below, they borrow one per batch); SQLite: the
    /// number of reading connections (writes always use one). Default 8.
    pub max_connections: u32,
    /// PostgreSQL: the schema the store's tables (and its migration history) live in,
    /// created when missing, so they never mix with the application's own tables and
    /// migrations (default `webhook`).
    pub postgres_schema: String,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            redaction: Redaction::default(),
            max_batch: 256,
            queue_capacity: 4096,
            batch_wait: Duration::from_millis(2),
            max_error_len: 4096,
            acquire_timeout: Duration::from_secs(30),
            busy_timeout: Duration::from_secs(5),
            max_connections: 8,
            postgres_schema: "webhook".to_owned(),
        }
    }
}

impl StoreOptions {
    /// Sets which headers are stored redacted.
    pub fn redaction(mut self, redaction: Redaction) -> Self {
        self.redaction = redaction;
        self
    }

    /// Sets the most records one group-commit transaction carries (at least 1).
    pub fn max_batch(mut self, records: usize) -> Self {
        self.max_batch = records.max(1);
        self
    }

    /// Sets how many records may wait for the writer (at least 1).
    pub fn queue_capacity(mut self, records: usize) -> Self {
        self.queue_capacity = records.max(1);
        self
    }

    /// Sets how long the writer may wait for a batch to fill, under load (zero: never).
    pub fn batch_wait(mut self, wait: Duration) -> Self {
        self.batch_wait = wait;
        self
    }

    /// Sets the longest error text kept, in bytes.
    pub fn max_error_len(mut self, bytes: usize) -> Self {
        self.max_error_len = bytes;
        self
    }

    /// Sets how long opening waits for the database, and a query for a connection.
    pub fn acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }

    /// Sets SQLite's wait for another process's write lock.
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Sets the connection pool's size (at least 1).
    pub fn max_connections(mut self, connections: u32) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// Sets the PostgreSQL schema of the store's tables.
    pub fn postgres_schema(mut self, schema: impl Into<String>) -> Self {
        self.postgres_schema = schema.into();
        self
    }

    /// A pool of `max_connections`, each caller waiting up to `acquire_timeout` for one.
    pub(crate) fn pool<DB: Database>(&self) -> PoolOptions<DB> {
        PoolOptions::new()
            .max_connections(self.max_connections)
            .acquire_timeout(self.acquire_timeout)
    }
}

/// `text` cut to at most `max` bytes on a character boundary, with `…` marking a cut.
pub(crate) fn truncate_error(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_cut_on_character_boundaries() {
        assert_eq!(truncate_error("short", 10), "short");
        let cut = truncate_error("ééééé", 6);
        assert!(cut.len() <= 6, "{cut}");
        assert_eq!(cut, "é…");
    }
}
