//! Many new rows per statement. sqlx runs SQLite on a thread of its own and each
//! statement is a round trip to it (two thread wake-ups); a batch of 60 records written
//! row by row made 120 of them, which under load cost more than the commit's fsync.
//! Here a batch's first arrivals go in with one `INSERT` per [`ROWS_PER_STATEMENT`]
//! rows, and their payloads (bodies [packed](crate::store::packing)) with another.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::store::batch::{inserted_ids, start_columns, PreparedDelivery};
use crate::store::error::StoreError;
use crate::store::model::{DeliveryId, Start};

/// Rows per statement: 11 parameters a row stays far below SQLite's 32 766, and the
/// statements of a few sizes stay in sqlx's statement cache.
const ROWS_PER_STATEMENT: usize = 32;

/// Inserts each delivery that has no accepted row yet (their dedupe keys are
/// distinct), with its payload; returns the new ids, `None` where a row was there.
pub(super) async fn insert_accepted(
    conn: &mut SqliteConnection,
    deliveries: &[(&PreparedDelivery, &Start)],
) -> Result<Vec<Option<DeliveryId>>, StoreError> {
    let mut ids = Vec::with_capacity(deliveries.len());
    for chunk in deliveries.chunks(ROWS_PER_STATEMENT) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, \
             status, attempts, secret_index, received_at, updated_at, claimed_by, \
             lease_until) ",
        );
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
        insert.push(
            " ON CONFLICT (provider, endpoint, delivery_key) WHERE status <> 'rejected' \
             DO NOTHING RETURNING id, provider, endpoint, delivery_key",
        );
        let rows = insert
            .build()
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::recording)?;
        let inserted = inserted_ids(&rows, chunk).map_err(StoreError::recording)?;
        insert_payloads(conn, chunk, &inserted).await?;
        ids.extend(inserted);
    }
    Ok(ids)
}

/// The payloads of the rows just made (`inserted[i]` is `deliveries[i]`'s new id).
async fn insert_payloads(
    conn: &mut SqliteConnection,
    deliveries: &[(&PreparedDelivery, &Start)],
    inserted: &[Option<DeliveryId>],
) -> Result<(), StoreError> {
    let new: Vec<(i64, &PreparedDelivery)> = deliveries
        .iter()
        .zip(inserted)
        .filter_map(|(&(delivery, _), id)| id.map(|id| (id.0, delivery)))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO delivery_payloads (id, headers, body, body_encoding) ",
    );
    insert.push_values(&new, |mut row, &(id, delivery)| {
        row.push_bind(id)
            .push_bind(delivery.headers.as_str())
            .push_bind(delivery.body.as_ref())
            .push_bind(delivery.body_encoding);
    });
    insert
        .build()
        .execute(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    Ok(())
}
