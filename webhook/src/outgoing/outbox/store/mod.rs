//! Where the outbox's rows live: the statements ([`sql`]), the operations on one
//! connection (`ops.rs`, `rows.rs`), written once and expanded for each backend
//! ([`sqlite`], [`postgres`]), and [`Db`], the pool an [`Outbox`](super::Outbox) uses.

#[macro_use]
mod rows;
#[macro_use]
mod ops;
pub(crate) mod sql;

use bytes::Bytes;

use super::model::{AttemptState, EndpointId, SigningSecret};
pub(crate) use sql::Sql;

/// The SQLite expansion.
#[cfg(feature = "sqlite")]
pub(crate) mod sqlite {
    use sqlx::sqlite::SqliteRow as DbRow;
    use sqlx::SqliteConnection as Conn;

    /// SQLite has one writer: the claim's `UPDATE` is atomic as it is.
    const CLAIM_LOCK: &str = "";

    rows_operations!();
    outbox_operations!();
}

/// The PostgreSQL expansion.
#[cfg(feature = "postgres")]
pub(crate) mod postgres {
    use sqlx::postgres::PgRow as DbRow;
    use sqlx::PgConnection as Conn;

    /// Concurrent claimers, on any instance, lock disjoint rows instead of waiting for
    /// (or double-taking) each other's.
    const CLAIM_LOCK: &str = " FOR UPDATE OF a SKIP LOCKED";

    rows_operations!();
    outbox_operations!();
}

/// The outbox's database.
#[derive(Debug, Clone)]
pub(crate) enum Db {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
}

impl Db {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(_) => "SQLite",
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => "PostgreSQL",
        }
    }
}

/// Runs `$body` with `$conn` a connection from `$db`'s pool and `$ops` the backend's
/// operations module; `$body` is a `Result<_, OutboxError>`.
macro_rules! with_conn {
    ($db:expr, |$conn:ident, $ops:ident| $body:expr) => {
        async {
            match $db {
                #[cfg(feature = "sqlite")]
                $crate::outgoing::outbox::store::Db::Sqlite(pool) => {
                    use $crate::outgoing::outbox::store::sqlite as $ops;
                    let mut pooled = pool.acquire().await?;
                    let $conn = &mut *pooled;
                    $body
                }
                #[cfg(feature = "postgres")]
                $crate::outgoing::outbox::store::Db::Postgres(pool) => {
                    use $crate::outgoing::outbox::store::postgres as $ops;
                    let mut pooled = pool.acquire().await?;
                    let $conn = &mut *pooled;
                    $body
                }
            }
        }
        .await
    };
}

/// Like `with_conn!`, inside a transaction committed when `$body` is `Ok`.
macro_rules! with_tx {
    ($db:expr, |$conn:ident, $ops:ident| $body:expr) => {
        async {
            match $db {
                #[cfg(feature = "sqlite")]
                $crate::outgoing::outbox::store::Db::Sqlite(pool) => {
                    use $crate::outgoing::outbox::store::sqlite as $ops;
                    let mut tx = pool.begin().await?;
                    let result = {
                        let $conn = &mut *tx;
                        $body
                    };
                    if result.is_ok() {
                        tx.commit().await?;
                    }
                    result
                }
                #[cfg(feature = "postgres")]
                $crate::outgoing::outbox::store::Db::Postgres(pool) => {
                    use $crate::outgoing::outbox::store::postgres as $ops;
                    let mut tx = pool.begin().await?;
                    let result = {
                        let $conn = &mut *tx;
                        $body
                    };
                    if result.is_ok() {
                        tx.commit().await?;
                    }
                    result
                }
            }
        }
        .await
    };
}

/// A claimed attempt, with what making it needs.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) id: i64,
    pub(crate) attempt: i64,
    /// `None`: a manual resend, not retried.
    pub(crate) retry_index: Option<usize>,
    pub(crate) tenant: String,
    pub(crate) message_id: String,
    pub(crate) event_type: String,
    pub(crate) payload: Bytes,
    pub(crate) endpoint: EndpointId,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    /// Live secrets, newest first.
    pub(crate) secrets: Vec<SigningSecret>,
    pub(crate) retry_schedule: Option<Vec<u64>>,
    pub(crate) rate_limit: Option<u32>,
}

/// One claim: a tenant's due attempts, for a worker, until its lease ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Claim<'a> {
    pub(crate) tenant: &'a str,
    pub(crate) worker: &'a str,
    pub(crate) now: i64,
    pub(crate) lease_until: i64,
    pub(crate) limit: i64,
    /// Endpoints at their in-flight cap: none of theirs.
    pub(crate) busy: &'a [i64],
}

/// What a made attempt writes.
#[derive(Debug)]
pub(crate) struct Finish {
    pub(crate) attempt_id: i64,
    pub(crate) endpoint_id: i64,
    pub(crate) worker: String,
    pub(crate) state: AttemptState,
    pub(crate) status: Option<u16>,
    pub(crate) duration_ms: i64,
    pub(crate) response_body: Vec<u8>,
    pub(crate) error: Option<String>,
    pub(crate) made_at: i64,
    /// The next attempt: its position in the schedule and its due time.
    pub(crate) retry: Option<(usize, i64)>,
    /// Whether the attempt failed (starts the endpoint's failure clock).
    pub(crate) failed: bool,
    /// Disable the endpoint, for this reason.
    pub(crate) disable: Option<String>,
    /// Disable the endpoint for this reason if it has been failing since this time or
    /// earlier.
    pub(crate) disable_failing: Option<(String, i64)>,
}

/// A new endpoint's columns, checked and encoded.
#[derive(Debug)]
pub(crate) struct NewEndpointRow {
    pub(crate) tenant: String,
    pub(crate) url: String,
    pub(crate) description: String,
    pub(crate) event_types: String,
    pub(crate) secrets: String,
    pub(crate) rate_limit: Option<i64>,
    pub(crate) headers: String,
    pub(crate) retry_schedule: Option<String>,
}
