//! What recording one accepted delivery the one-row way does the same on both backends:
//! binding the row's columns to the backend's insert, and deciding what a new arrival
//! whose delivery has a row already comes to. Written once here as
//! `record_operations!`, which each backend's `write.rs` expands with its types.

/// Defines, in a module `shared` of the module expanding it, and re-exports to it:
///
/// - `bind_accepted(query, delivery, start)`, which binds `$1` to `$11` of the
///   backend's one-row insert of an accepted row: provider, endpoint, event, delivery
///   id, delivery key, status, attempts, secret index, received-at, claiming worker,
///   lease (see `start_columns`);
/// - `reclaim_or_duplicate(conn, row, start)`, the outcome of a new arrival that
///   collided with the accepted row `row` (`SELECT id, status, … AS lease_expired`).
///
/// `$database` is the backend's sqlx database, `$connection` its connection.
macro_rules! record_operations {
    (database: $database:ty, connection: $connection:ty $(,)?) => {
        use shared::{bind_accepted, reclaim_or_duplicate};

        mod shared {
            use sqlx::query::QueryScalar;
            use sqlx::Database;

            use $crate::store::batch::{reclaimable, start_columns, PreparedDelivery};
            use $crate::store::error::StoreError;
            use $crate::store::model::{Recorded, Start};
            use $crate::store::row;

            record_statements!();

            /// The query a backend's one-row insert of an accepted row makes.
            type Insert<'q> =
                QueryScalar<'q, $database, i64, <$database as Database>::Arguments<'q>>;

            // As the chain of binds it stands for, on the ingest path.
            #[inline]
            pub(crate) fn bind_accepted<'q>(
                insert: Insert<'q>,
                delivery: &'q PreparedDelivery,
                start: &'q Start,
            ) -> Insert<'q> {
                let PreparedDelivery {
                    provider,
                    endpoint,
                    event,
                    delivery_id,
                    delivery_key,
                    headers: _,
                    body: _,
                    body_encoding: _,
                    received_at,
                    secret_index,
                } = delivery;
                let (status, worker, lease, attempts) = start_columns(start);
                insert
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
            }

            pub(crate) async fn reclaim_or_duplicate(
                conn: &mut $connection,
                row: &<$database as Database>::Row,
                start: &Start,
            ) -> Result<Recorded, StoreError> {
                let existing = row::collided(row)?;
                if !reclaimable(existing.status, existing.lease_expired) {
                    return Ok(Recorded::Duplicate {
                        id: existing.id,
                        status: existing.status,
                    });
                }
                let (status, worker, lease, attempts) = start_columns(start);
                sqlx::query(RECLAIM)
                    .bind(existing.id.0)
                    .bind(status)
                    .bind(worker)
                    .bind(lease)
                    .bind(attempts)
                    .execute(&mut *conn)
                    .await
                    .map_err(StoreError::recording)?;
                Ok(Recorded::Reclaimed { id: existing.id })
            }
        }
    };
}
