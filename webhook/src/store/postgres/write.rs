//! Group commit on PostgreSQL: one transaction per batch. Dedupe across instances rests
//! on the unique index: `INSERT … ON CONFLICT DO NOTHING` waits for a concurrent
//! insert of the same key to commit or roll back, and the row found then is locked
//! (`FOR UPDATE`) before deciding whether this arrival takes it over.
//!
//! The first arrival of each delivery in a batch goes into one [bulk](super::bulk)
//! `INSERT` (a lone one into a one-row `INSERT`); the rest (copies within the batch,
//! and arrivals whose delivery already has a row) then go one by one, in batch order.
//! A batch of first arrivals alone is that one statement, committed by itself: one
//! round trip (see [`write_batch_on`]). Binding a one-row insert and settling an
//! arrival whose delivery has a row are `record_operations!` (`shared/record.rs`).

use std::sync::{Mutex, PoisonError};

use futures_util::future::BoxFuture;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgPool;
use sqlx::{Acquire, PgConnection, Postgres};

use super::{bulk, queue};
use crate::store::batch::{
    first_arrivals, BatchResult, BatchWrite, PreparedDelivery, WriteRequest, Written,
};
use crate::store::error::StoreError;
use crate::store::model::{DeliveryId, Recorded, Start};

/// Inserts an accepted row, its payload with it, unless the delivery already has one;
/// returns the new id.
const INSERT_ACCEPTED: &str = insert_accepted!(", headers, body, body_encoding", ", $12, $13, $14");

/// The accepted row a new arrival collided with, locked.
const FIND_ACCEPTED: &str = concat!(find_accepted!(), " FOR UPDATE");

record_operations! {
    database: sqlx::Postgres,
    connection: sqlx::PgConnection,
    find_accepted: FIND_ACCEPTED,
}

/// How often an insert that collided with a row deleted before it could be locked is
/// tried again.
const COLLISION_TRIES: usize = 3;

/// The writer tasks' backend.
#[derive(Debug)]
pub(super) struct PostgresBatch {
    pool: PgPool,
    /// Connections kept between batches, when `keep`. One taken from the pool costs a
    /// round trip of its own (the pool pings it first); a kept one costs none. One that
    /// failed a batch goes back to the pool instead, which pings it before handing it
    /// out again, and the batch is tried once more on a pooled one: a kept connection
    /// may have been closed while it was idle (by the server, or a proxy in between),
    /// which the ping would have caught.
    kept: Mutex<Vec<PoolConnection<Postgres>>>,
    keep: bool,
}

impl PostgresBatch {
    /// `keep`: whether the writer's tasks keep their connections between batches (the
    /// pool must have enough besides them for the workers and reads).
    pub(super) fn new(pool: PgPool, keep: bool) -> Self {
        PostgresBatch {
            pool,
            kept: Mutex::new(Vec::new()),
            keep,
        }
    }

    /// A kept connection (`true`) or, when none is, one from the pool (`false`).
    async fn connection(&self) -> Result<(PoolConnection<Postgres>, bool), StoreError> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match kept {
            Some(conn) => Ok((conn, true)),
            None => Ok((self.pooled().await?, false)),
        }
    }

    async fn pooled(&self) -> Result<PoolConnection<Postgres>, StoreError> {
        self.pool.acquire().await.map_err(StoreError::recording)
    }

    fn put_back(&self, conn: PoolConnection<Postgres>) {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(conn);
    }
}

impl BatchWrite for PostgresBatch {
    fn write_batch<'a>(&'a self, requests: &'a [&'a WriteRequest]) -> BoxFuture<'a, BatchResult> {
        Box::pin(async move {
            let (mut conn, kept) = self.connection().await?;
            let mut written = write_batch_on(&mut conn, requests).await;
            if written.is_err() && kept {
                drop(conn);
                conn = self.pooled().await?;
                written = write_batch_on(&mut conn, requests).await;
            }
            if written.is_ok() && self.keep {
                self.put_back(conn);
            }
            written
        })
    }
}

/// Every request's outcome, in order, committed on `conn`.
///
/// The usual batch under load is every request a delivery's first arrival: its bulk
/// `INSERT` is then the whole batch, and runs as a transaction of its own, without the
/// round trips of a `BEGIN` and a `COMMIT`. Arrivals it found a row for are decided
/// after it, in a transaction (as are batches of any other shape).
async fn write_batch_on(conn: &mut PgConnection, requests: &[&WriteRequest]) -> BatchResult {
    let mut outcomes: Vec<Option<Written>> = requests.iter().map(|_| None).collect();
    let firsts = first_arrivals(requests);
    let whole_batch = firsts.is_whole_batch(requests);
    if whole_batch {
        let inserted = insert_firsts(conn, &firsts.rows).await?;
        firsts.record(inserted, &mut outcomes);
    }
    if outcomes.iter().any(Option::is_none) {
        let mut tx = conn.begin().await.map_err(StoreError::recording)?;
        if !firsts.rows.is_empty() && !whole_batch {
            let inserted = insert_firsts(&mut tx, &firsts.rows).await?;
            firsts.record(inserted, &mut outcomes);
        }
        write_rest(&mut tx, requests, &mut outcomes).await?;
        tx.commit().await.map_err(StoreError::recording)?;
    }
    outcomes
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| StoreError::recording(sqlx::Error::RowNotFound))
}

/// Inserts a batch's first arrivals (see [`bulk::insert_accepted`]). A lone one, the
/// usual batch at low load, goes in with a one-row `VALUES` statement instead of the
/// bulk insert's arrays: PostgreSQL plans and runs it in less time.
async fn insert_firsts(
    conn: &mut PgConnection,
    rows: &[(&PreparedDelivery, &Start)],
) -> Result<Vec<Option<DeliveryId>>, StoreError> {
    match rows {
        [(delivery, start)] => Ok(vec![insert_one(conn, delivery, start).await?]),
        rows => bulk::insert_accepted(conn, rows).await,
    }
}

/// The outcome of every request the bulk insert did not decide, written in `conn`'s
/// transaction.
async fn write_rest(
    conn: &mut PgConnection,
    requests: &[&WriteRequest],
    outcomes: &mut [Option<Written>],
) -> Result<(), StoreError> {
    let mut rejected = Vec::new();
    let mut completions = Vec::new();
    for (index, request) in requests.iter().enumerate() {
        match request {
            WriteRequest::Accepted { delivery, start } if outcomes[index].is_none() => {
                let recorded = record_accepted(conn, delivery, start).await?;
                outcomes[index] = Some(Written::Recorded(recorded));
            }
            WriteRequest::Accepted { .. } => {}
            WriteRequest::Rejected { delivery, reason } => {
                rejected.push((index, (delivery, reason.as_str())));
            }
            WriteRequest::Complete { id, worker } => {
                completions.push((index, (*id, worker.as_str())));
            }
            // Claims come last in a batch: after the other writes, as they would be one
            // by one.
            WriteRequest::Claim { .. } => {}
        }
    }
    if !rejected.is_empty() {
        let rows: Vec<_> = rejected.iter().map(|(_, row)| *row).collect();
        let ids = bulk::insert_rejected(conn, &rows).await?;
        for ((index, _), id) in rejected.iter().zip(ids) {
            outcomes[*index] = Some(Written::Recorded(Recorded::New { id }));
        }
    }
    if !completions.is_empty() {
        let rows: Vec<_> = completions.iter().map(|(_, row)| *row).collect();
        let results = bulk::complete(conn, &rows).await?;
        for ((index, _), result) in completions.iter().zip(results) {
            outcomes[*index] = Some(Written::Completed(result));
        }
    }
    for (index, request) in requests.iter().enumerate() {
        if let WriteRequest::Claim {
            worker,
            limit,
            lease,
        } = request
        {
            let claimed = queue::claim(&mut *conn, worker, *limit, *lease).await?;
            outcomes[index] = Some(Written::Claimed(claimed));
        }
    }
    Ok(())
}

async fn record_accepted(
    conn: &mut PgConnection,
    delivery: &PreparedDelivery,
    start: &Start,
) -> Result<Recorded, StoreError> {
    // The row we collide with can be pruned before we lock it; then insert again.
    for _ in 0..COLLISION_TRIES {
        if let Some(id) = insert_one(conn, delivery, start).await? {
            return Ok(Recorded::New { id });
        }
        if let Some(recorded) = settle_collision(conn, delivery, start).await? {
            return Ok(recorded);
        }
    }
    Err(StoreError::recording(sqlx::Error::RowNotFound))
}

/// Inserts an accepted row unless the delivery already has one; the new row's id, or
/// `None`.
async fn insert_one(
    conn: &mut PgConnection,
    delivery: &PreparedDelivery,
    start: &Start,
) -> Result<Option<DeliveryId>, StoreError> {
    let inserted: Option<i64> = bind_accepted(sqlx::query_scalar(INSERT_ACCEPTED), delivery, start)
        .bind(&delivery.headers)
        .bind(delivery.body.as_ref())
        .bind(delivery.body_encoding)
        .fetch_optional(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    Ok(inserted.map(DeliveryId))
}
