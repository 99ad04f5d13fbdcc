//! [`OutboxError`]: what the outbox can refuse or fail at, each saying what to do.

/// Why an outbox operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutboxError {
    /// The database failed (or could not be reached).
    #[error(
        "the outbox's database failed: {0}; check that the store was opened on it (its \
         migrations create the outbox tables) and that it is reachable"
    )]
    Database(#[from] sqlx::Error),
    /// An endpoint was refused: its URL, a filter, a header or the rate limit.
    #[error("endpoint refused: {0}")]
    InvalidEndpoint(String),
    /// No endpoint with this id belongs to this tenant.
    #[error("tenant `{tenant}` has no endpoint {id}; list its endpoints to find the id")]
    UnknownEndpoint {
        /// The tenant.
        tenant: String,
        /// The id asked for.
        id: i64,
    },
    /// No message with this id belongs to this tenant.
    #[error("tenant `{tenant}` has no message `{message_id}`")]
    UnknownMessage {
        /// The tenant.
        tenant: String,
        /// The id asked for.
        message_id: String,
    },
    /// `send_in` was given a connection of the other database.
    #[error(
        "this outbox lives in {outbox}, but `send_in` was given a {given} connection: pass a \
         connection (or transaction) on the outbox's own database"
    )]
    WrongBackend {
        /// The outbox's database.
        outbox: &'static str,
        /// The connection's.
        given: &'static str,
    },
    /// A stored row could not be read back (edited by hand, or by a newer version).
    #[error("an outbox row could not be read: {0}")]
    CorruptRow(String),
    /// The store the outbox lives in could not be opened.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The operating system's random source failed (message ids, secrets).
    #[error("the operating system's random source failed: {0}")]
    Random(getrandom::Error),
}
