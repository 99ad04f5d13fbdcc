//! What recording one accepted delivery the one-row way does the same on both backends:
//! binding the row's columns to the backend's insert, and deciding what a new arrival
//! whose delivery has a row already comes to. Written once here as
//! `record_operations!`, which each backend's `write.rs` expands with its types.

/// Defines, in a module `shared` of the module expanding it, and imports into it all
/// but the first:
///
/// - `bind_delivery(insert, delivery)`, which binds `$1` to `$5` of a one-row insert
///   of a delivery, accepted or rejected: provider, endpoint, event, delivery id,
///   delivery key;
/// - `bind_accepted(insert, delivery, start)`, which binds `$1` to `$11` of the
///   backend's one-row insert of an accepted row (see `accepted_values!`);
/// - `settle_collision(conn, delivery, start)`, what a new arrival whose insert found its
///   delivery's accepted row there comes to: a duplicate of that row, or its takeover
///   (see `reclaimable`); `None` when the row is gone by the time it is looked up.
///
/// `$database` is the backend's sqlx database, `$connection` its connection, and
/// `$find_accepted` names the expanding module's statement reading the row collided
/// with (`find_accepted!()`, locked where the backend needs it).
macro_rules! record_operations {
    (
        database: $database:ty,
        connection: $connection:ty,
        find_accepted: $find_accepted:ident $(,)?
    ) => {
        use shared::{bind_accepted, settle_collision};

        mod shared {
            use sqlx::query::QueryScalar;
            use sqlx::Database;

            use super::$find_accepted;
            use $crate::store::batch::{reclaimable, start_columns, PreparedDelivery};
            use $crate::store::error::StoreError;
            use $crate::store::model::{Recorded, Start};
            use $crate::store::row;

            record_statements!();

            /// A backend's one-row insert of a delivery, returning the new row's id.
            type Insert<'q> =
                QueryScalar<'q, $database, i64, <$database as Database>::Arguments<'q>>;

            // `bind_delivery` and `bind_accepted` are inline, as the chains of binds they
            // stand for were: they are on the ingest path.
            #[inline]
            pub(crate) fn bind_delivery<'q>(
                insert: Insert<'q>,
                delivery: &'q PreparedDelivery,
            ) -> Insert<'q> {
                insert
                    .bind(&delivery.provider)
                    .bind(&delivery.endpoint)
                    .bind(&delivery.event)
                    .bind(&delivery.delivery_id)
                    .bind(&delivery.delivery_key)
            }

            #[inline]
            pub(crate) fn bind_accepted<'q>(
                insert: Insert<'q>,
                delivery: &'q PreparedDelivery,
                start: &'q Start,
            ) -> Insert<'q> {
                let (status, worker, lease, attempts) = start_columns(start);
                bind_delivery(insert, delivery)
                    .bind(status)
                    .bind(attempts)
                    .bind(delivery.secret_index)
                    .bind(delivery.received_at)
                    .bind(worker)
                    .bind(lease)
            }

            pub(crate) async fn settle_collision(
                conn: &mut $connection,
                delivery: &PreparedDelivery,
                start: &Start,
            ) -> Result<Option<Recorded>, StoreError> {
                let row = sqlx::query($find_accepted)
                    .bind(&delivery.provider)
                    .bind(&delivery.endpoint)
                    .bind(&delivery.delivery_key)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(StoreError::recording)?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let existing = row::collided(&row)?;
                if !reclaimable(existing.status, existing.lease_expired) {
                    return Ok(Some(Recorded::Duplicate {
                        id: existing.id,
                        status: existing.status,
                    }));
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
                Ok(Some(Recorded::Reclaimed { id: existing.id }))
            }
        }
    };
}
