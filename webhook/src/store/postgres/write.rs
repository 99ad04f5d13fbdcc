//! Group commit on PostgreSQL: one transaction per batch. Dedupe across instances rests
//! on the unique index: `INSERT … ON CONFLICT DO NOTHING` waits for a concurrent
//! insert of the same key to commit or roll back, and the row found then is locked
//! (`FOR UPDATE`) before deciding whether this arrival takes it over.
//!
//! The first arrival of each delivery in a batch goes into one [bulk](super::bulk)
//! `INSERT`; the rest (copies within the batch, and arrivals whose delivery already has
//! a row) then go one by one, in batch order, as before.

use futures_util::future::BoxFuture;
use sqlx::postgres::PgPool;
use sqlx::PgConnection;

use super::{bulk, queue};
use crate::store::batch::{
    first_arrivals, reclaimable, start_columns, BatchWrite, PreparedDelivery, WriteRequest, Written,
};
use crate::store::error::StoreError;
use crate::store::model::{DeliveryId, Recorded, Start};
use crate::store::row;

/// Inserts an accepted row unless the delivery already has one; returns the new id.
const INSERT_ACCEPTED: &str = concat!(
    "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, status, \
     attempts, secret_index, received_at, updated_at, claimed_by, lease_until, headers, body, \
     body_encoding) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ",
    now_ms!(),
    ", $10, ",
    now_ms!(),
    " + $11, $12, $13, $14) \
     ON CONFLICT (provider, endpoint, delivery_key) WHERE status <> 'rejected' DO NOTHING \
     RETURNING id"
);

/// The accepted row a new arrival collided with.
const FIND_ACCEPTED: &str = concat!(
    "SELECT id, status, COALESCE(lease_until <= ",
    now_ms!(),
    ", FALSE) AS lease_expired FROM deliveries \
     WHERE provider = $1 AND endpoint = $2 AND delivery_key = $3 AND status <> 'rejected' \
     FOR UPDATE"
);

/// Hands an existing row to a new arrival (see [`reclaimable`]).
const RECLAIM: &str = concat!(
    "UPDATE deliveries SET status = $2, claimed_by = $3, lease_until = ",
    now_ms!(),
    " + $4, attempts = attempts + $5, next_attempt_at = NULL, updated_at = ",
    now_ms!(),
    " WHERE id = $1"
);

/// How often an insert that collided with a row deleted before it could be locked is
/// tried again.
const COLLISION_TRIES: usize = 3;

/// The writer task's backend.
#[derive(Debug)]
pub(super) struct PostgresBatch {
    pub(super) pool: PgPool,
}

impl BatchWrite for PostgresBatch {
    fn write_batch<'a>(
        &'a self,
        requests: &'a [&'a WriteRequest],
    ) -> BoxFuture<'a, Result<Vec<Written>, StoreError>> {
        Box::pin(async move {
            let mut tx = self.pool.begin().await.map_err(StoreError::recording)?;
            let outcomes = write_in(&mut tx, requests).await?;
            tx.commit().await.map_err(StoreError::recording)?;
            Ok(outcomes)
        })
    }
}

/// Every request's outcome, in order, written in `conn`'s transaction.
async fn write_in(
    conn: &mut PgConnection,
    requests: &[&WriteRequest],
) -> Result<Vec<Written>, StoreError> {
    let mut outcomes: Vec<Option<Written>> = requests.iter().map(|_| None).collect();
    let firsts = first_arrivals(requests);
    if !firsts.rows.is_empty() {
        let inserted = bulk::insert_accepted(conn, &firsts.rows).await?;
        firsts.record(inserted, &mut outcomes);
    }
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
    outcomes
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| StoreError::recording(sqlx::Error::RowNotFound))
}

async fn record_accepted(
    conn: &mut PgConnection,
    delivery: &PreparedDelivery,
    start: &Start,
) -> Result<Recorded, StoreError> {
    let PreparedDelivery {
        provider,
        endpoint,
        event,
        delivery_id,
        delivery_key,
        headers,
        body,
        body_encoding,
        received_at,
        secret_index,
    } = delivery;
    let (status, worker, lease, attempts) = start_columns(start);
    // The row we collide with can be pruned before we lock it; then insert again.
    for _ in 0..COLLISION_TRIES {
        let inserted: Option<i64> = sqlx::query_scalar(INSERT_ACCEPTED)
            .bind(provider)
            .bind(endpoint)
            .bind(event)
            .bind(delivery_id)
            .bind(delivery_key)
            .bind(status)
            .bind(attempts)
            .bind(secret_index)
            .bind(received_at)
            .bind(worker)
            .bind(lease)
            .bind(headers)
            .bind(body.as_ref())
            .bind(body_encoding)
            .fetch_optional(&mut *conn)
            .await
            .map_err(StoreError::recording)?;
        if let Some(id) = inserted {
            return Ok(Recorded::New { id: DeliveryId(id) });
        }
        let row = sqlx::query(FIND_ACCEPTED)
            .bind(provider)
            .bind(endpoint)
            .bind(delivery_key)
            .fetch_optional(&mut *conn)
            .await
            .map_err(StoreError::recording)?;
        let Some(row) = row else { continue };
        let existing = row::collided(&row)?;
        if !reclaimable(existing.status, existing.lease_expired) {
            return Ok(Recorded::Duplicate {
                id: existing.id,
                status: existing.status,
            });
        }
        sqlx::query(RECLAIM)
            .bind(existing.id.0)
            .bind(status)
            .bind(worker)
            .bind(lease)
            .bind(attempts)
            .execute(&mut *conn)
            .await
            .map_err(StoreError::recording)?;
        return Ok(Recorded::Reclaimed { id: existing.id });
    }
    Err(StoreError::recording(sqlx::Error::RowNotFound))
}
