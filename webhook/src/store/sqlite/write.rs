//! Group commit on SQLite: one `BEGIN IMMEDIATE` transaction per batch, carrying the
//! records and the workers' claims and completions: SQLite has one writer at a time,
//! so each of those as a transaction of its own would wait for the lock and pay an
//! fsync of its own. Binding a one-row insert and settling an arrival whose delivery
//! has a row are `record_operations!` (`shared/record.rs`).

use futures_util::future::BoxFuture;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, SqliteConnection};

use super::{bulk, queue};
use crate::store::batch::{
    first_arrivals, BatchResult, BatchWrite, PreparedDelivery, WriteRequest, Written,
};
use crate::store::error::StoreError;
use crate::store::model::{DeliveryId, Recorded, Start};

/// Inserts an accepted row unless the delivery already has one; returns the new id.
/// Its payload goes in with [`INSERT_PAYLOAD`].
const INSERT_ACCEPTED: &str = insert_accepted!("", "");

/// The accepted row a new arrival collided with.
const FIND_ACCEPTED: &str = find_accepted!();

const INSERT_REJECTED: &str = concat!(
    "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, status, \
     attempts, last_error, secret_index, received_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, 'rejected', 0, $6, $7, $8, ",
    now_ms!(),
    ") RETURNING id"
);

/// A new row's headers and body, in a table of their own (see migration 2).
const INSERT_PAYLOAD: &str =
    "INSERT INTO delivery_payloads (id, headers, body, body_encoding) VALUES ($1, $2, $3, $4)";

record_operations! {
    database: sqlx::Sqlite,
    connection: sqlx::SqliteConnection,
    find_accepted: FIND_ACCEPTED,
}

/// The writer task's backend.
#[derive(Debug)]
pub(super) struct SqliteBatch {
    pub(super) pool: SqlitePool,
}

impl BatchWrite for SqliteBatch {
    fn write_batch<'a>(&'a self, requests: &'a [&'a WriteRequest]) -> BoxFuture<'a, BatchResult> {
        Box::pin(async move {
            let conn = self.pool.acquire().await.map_err(StoreError::recording)?;
            let mut batch = InBatch(Some(conn));
            let Some(conn) = batch.0.as_deref_mut() else {
                return Err(StoreError::Closed);
            };
            let result = write_in(conn, requests).await;
            if result.is_err() {
                // Nothing of the batch stays: the next batch starts clean. Fails
                // harmlessly when the failure was the BEGIN itself.
                let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            }
            batch.end();
            result
        })
    }
}

/// The write connection while a batch's transaction may be open. Dropped before the
/// batch ended (a panic, or the runtime shutting down mid-batch), the connection is
/// closed rather than handed back to the pool inside that transaction; SQLite rolls it
/// back.
struct InBatch(Option<PoolConnection<Sqlite>>);

impl InBatch {
    /// The batch ended (committed, or rolled back): the connection goes back to the
    /// pool.
    fn end(mut self) {
        drop(self.0.take());
    }
}

impl Drop for InBatch {
    fn drop(&mut self) {
        if let Some(conn) = self.0.take() {
            drop(conn.detach());
        }
    }
}

/// Takes the write lock up front: a deferred transaction that reads before writing
/// could fail with `SQLITE_BUSY` instead of waiting.
const BEGIN: &str = "BEGIN IMMEDIATE; ";

/// Ends the batch's transaction.
const COMMIT: &str = "COMMIT";

/// Every request's outcome, in order, written in one transaction on `conn` and
/// committed: the batch's first arrivals in [bulk](super::bulk) (which sends the
/// `BEGIN` in its first round trip), then the other records one by one, in batch order
/// (copies of a delivery after its first arrival, rejected rows), then every completion
/// in one statement, then the claims.
///
/// The usual batch under load is first arrivals alone: its `COMMIT` then travels with
/// the bulk insert too, and the whole batch is one round trip to sqlx's SQLite thread.
/// Arrivals that found a row already there are decided after it, in a transaction of
/// their own.
///
/// The transaction is managed here rather than by sqlx's `Transaction`, so its `BEGIN`
/// costs no round trip of its own; the caller rolls back on an error, and [`InBatch`]
/// covers a batch dropped half-way.
async fn write_in(conn: &mut SqliteConnection, requests: &[&WriteRequest]) -> BatchResult {
    let mut outcomes: Vec<Option<Written>> = requests.iter().map(|_| None).collect();
    let firsts = first_arrivals(requests);
    let whole_batch = firsts.is_whole_batch(requests);
    if !firsts.rows.is_empty() {
        let end = whole_batch.then_some(COMMIT);
        let inserted = bulk::insert_accepted(conn, &firsts.rows, BEGIN, end).await?;
        firsts.record(inserted, &mut outcomes);
    }
    if whole_batch && outcomes.iter().all(Option::is_some) {
        return Ok(outcomes.into_iter().flatten().collect());
    }
    // No transaction is open: nothing went in bulk, or the bulk insert committed its own.
    if firsts.rows.is_empty() || whole_batch {
        sqlx::query(BEGIN.trim_end())
            .execute(&mut *conn)
            .await
            .map_err(StoreError::recording)?;
    }
    // Records, then every completion in one statement, then claims: the batch's order
    // (see `lock_order`), so a claim sees what the batch finished and inserted.
    let mut completions = Vec::new();
    for (index, (request, outcome)) in requests.iter().zip(&mut outcomes).enumerate() {
        if outcome.is_some() {
            continue;
        }
        *outcome = match request {
            WriteRequest::Accepted { delivery, start } => Some(Written::Recorded(
                record_accepted(conn, delivery, start).await?,
            )),
            WriteRequest::Rejected { delivery, reason } => Some(Written::Recorded(
                record_rejected(conn, delivery, reason).await?,
            )),
            WriteRequest::Complete { id, worker } => {
                completions.push((index, (*id, worker.as_str())));
                None
            }
            WriteRequest::Claim { .. } => None,
        };
    }
    if !completions.is_empty() {
        let rows: Vec<_> = completions.iter().map(|&(_, row)| row).collect();
        let results = queue::complete(conn, &rows).await?;
        for ((index, _), result) in completions.iter().zip(results) {
            outcomes[*index] = Some(Written::Completed(result));
        }
    }
    for (request, outcome) in requests.iter().zip(&mut outcomes) {
        if let WriteRequest::Claim {
            worker,
            limit,
            lease,
        } = request
        {
            *outcome = Some(Written::Claimed(
                queue::claim(conn, worker, *limit, *lease).await?,
            ));
        }
    }
    sqlx::query(COMMIT)
        .execute(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    Ok(outcomes.into_iter().flatten().collect())
}

async fn record_accepted(
    conn: &mut SqliteConnection,
    delivery: &PreparedDelivery,
    start: &Start,
) -> Result<Recorded, StoreError> {
    let inserted: Option<i64> = bind_accepted(sqlx::query_scalar(INSERT_ACCEPTED), delivery, start)
        .fetch_optional(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    if let Some(id) = inserted {
        insert_payload(conn, id, delivery).await?;
        return Ok(Recorded::New { id: DeliveryId(id) });
    }
    // Inside this write transaction nothing else can touch the row we collided with.
    settle_collision(conn, delivery, start)
        .await?
        .ok_or_else(|| StoreError::recording(sqlx::Error::RowNotFound))
}

async fn record_rejected(
    conn: &mut SqliteConnection,
    delivery: &PreparedDelivery,
    reason: &str,
) -> Result<Recorded, StoreError> {
    let id: i64 = shared::bind_delivery(sqlx::query_scalar(INSERT_REJECTED), delivery)
        .bind(reason)
        .bind(delivery.secret_index)
        .bind(delivery.received_at)
        .fetch_one(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    insert_payload(conn, id, delivery).await?;
    Ok(Recorded::New { id: DeliveryId(id) })
}

async fn insert_payload(
    conn: &mut SqliteConnection,
    id: i64,
    delivery: &PreparedDelivery,
) -> Result<(), StoreError> {
    sqlx::query(INSERT_PAYLOAD)
        .bind(id)
        .bind(delivery.headers.as_str())
        .bind(delivery.body.as_ref())
        .bind(delivery.body_encoding)
        .execute(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    Ok(())
}
