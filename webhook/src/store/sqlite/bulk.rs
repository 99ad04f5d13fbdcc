//! Many new rows per statement, and few round trips. sqlx runs SQLite on a thread of
//! its own and each statement is a round trip to it (two thread wake-ups); a batch
//! written row by row made two a record, which under load cost more than the commit's
//! fsync. Here a batch's first arrivals go in with one `INSERT` per
//! [`ROWS_PER_STATEMENT`] rows, and their payloads (bodies
//! [packed](crate::store::packing)) with a second `INSERT` sent in the same round trip,
//! which finds the new rows' ids itself. The batch's `BEGIN IMMEDIATE` travels with the
//! first of them, and when they are the whole batch, its `COMMIT` with the last.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::store::batch::{inserted_ids, start_columns, PreparedDelivery};
use crate::store::error::StoreError;
use crate::store::model::{DeliveryId, Start};

/// Rows per statement: 17 parameters a row (11 for the row, 6 for its payload) stay far
/// below SQLite's 32 766, and the statements of a few sizes stay in sqlx's statement
/// cache.
const ROWS_PER_STATEMENT: usize = 32;

/// Inserts each delivery that has no accepted row yet (their dedupe keys are
/// distinct), with its payload; returns the new ids, `None` where a row was there.
/// `begin` is sent before the first statement, in its round trip (the transaction's
/// `BEGIN`, or nothing), and `end`, if any, after the last one, in its round trip (the
/// `COMMIT`).
pub(super) async fn insert_accepted(
    conn: &mut SqliteConnection,
    deliveries: &[(&PreparedDelivery, &Start)],
    mut begin: &str,
    end: Option<&str>,
) -> Result<Vec<Option<DeliveryId>>, StoreError> {
    let mut ids = Vec::with_capacity(deliveries.len());
    let chunks = deliveries.len().div_ceil(ROWS_PER_STATEMENT);
    for (at, chunk) in deliveries.chunks(ROWS_PER_STATEMENT).enumerate() {
        let mut insert = QueryBuilder::<Sqlite>::new(std::mem::take(&mut begin));
        push_rows(&mut insert, chunk);
        insert.push("; ");
        push_payloads(&mut insert, chunk);
        if let Some(end) = end.filter(|_| at + 1 == chunks) {
            insert.push("; ").push(end);
        }
        let rows = insert
            .build()
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::recording)?;
        ids.extend(inserted_ids(&rows, chunk).map_err(StoreError::recording)?);
    }
    Ok(ids)
}

/// The rows, skipping those whose delivery has an accepted row, returning the new ones.
fn push_rows<'q>(
    insert: &mut QueryBuilder<'q, Sqlite>,
    chunk: &'q [(&'q PreparedDelivery, &'q Start)],
) {
    insert.push(concat!(
        "INSERT INTO deliveries (",
        accepted_columns!(),
        ") "
    ));
    insert.push_values(chunk, |mut row, &(delivery, start)| {
        let (status, worker, lease, attempts) = start_columns(start);
        row.push_bind(delivery.provider.as_str())
            .push_bind(delivery.endpoint.as_str())
            .push_bind(delivery.event.as_deref())
            .push_bind(delivery.delivery_id.as_deref())
            .push_bind(delivery.delivery_key.as_str())
            .push_bind(status)
            .push_bind(attempts)
            .push_bind(delivery.secret_index)
            .push_bind(delivery.received_at)
            .push(now_ms!())
            .push_bind(worker)
            .push(concat!(now_ms!(), " + "))
            .push_bind_unseparated(lease);
    });
    insert.push(concat!(
        unless_accepted!(),
        " RETURNING id, provider, endpoint, delivery_key"
    ));
}

/// The payloads of the rows the statement before made: each delivery's accepted row
/// that has no payload yet. A row that was already there (the delivery arrived before)
/// has its payload, and keeps it.
fn push_payloads<'q>(
    insert: &mut QueryBuilder<'q, Sqlite>,
    chunk: &'q [(&'q PreparedDelivery, &'q Start)],
) {
    insert.push(
        "INSERT INTO delivery_payloads (id, headers, body, body_encoding) \
         SELECT d.id, v.column4, v.column5, v.column6 FROM (",
    );
    insert.push_values(chunk, |mut row, &(delivery, _)| {
        row.push_bind(delivery.provider.as_str())
            .push_bind(delivery.endpoint.as_str())
            .push_bind(delivery.delivery_key.as_str())
            .push_bind(delivery.headers.as_str())
            .push_bind(delivery.body.as_ref())
            .push_bind(delivery.body_encoding);
    });
    insert.push(
        ") AS v JOIN deliveries AS d ON d.provider = v.column1 AND d.endpoint = v.column2 \
         AND d.delivery_key = v.column3 AND d.status <> 'rejected' \
         WHERE NOT EXISTS (SELECT 1 FROM delivery_payloads AS p WHERE p.id = d.id)",
    );
}
