//! The workers' writes but claims and completions (`renew`, `fail`, `fail_inline`,
//! `release`), replay, listing, reading and pruning: one statement each (pruning, one a
//! chunk), the same on both backends, written once here as `queue_operations!`, which
//! each backend's `queue.rs` expands with its pool.

/// Defines, in a module `shared` of the module expanding it, and re-exports to that
/// module's parent: `renew`, `fail`, `fail_inline`, `release`, `replay`,
/// `replay_matching`, `list`, `get` and `prune`, on a `$pool` of `$database`. `$release`
/// and `$get` name the expanding module's own statements for `release` and `get`, whose
/// SQL differs between the backends; the rest is `queue_statements!()`.
macro_rules! queue_operations {
    (
        pool: $pool:ty,
        database: $database:ty,
        release: $release:ident,
        get: $get:ident $(,)?
    ) => {
        pub(super) use shared::{
            count, fail, fail_inline, get, list, prune, release, renew, replay, replay_matching,
            volume,
        };

        mod shared {
            use std::time::{Duration, SystemTime};

            use sqlx::QueryBuilder;

            use super::{$get, $release};
            use $crate::store::error::{lease_error, not_replayed, StoreError};
            use $crate::store::filter::{push_order_and_limit, push_where, DeliveryFilter};
            use $crate::store::model::{
                duration_millis, from_millis, to_millis, DeliveryId, DeliverySummary, Failed,
                StoredDelivery, VolumeBucket,
            };
            use $crate::store::options::truncate_error;
            use $crate::store::retry::RetryPolicy;
            use $crate::store::row;

            queue_statements!();

            pub(crate) async fn renew(
                pool: &$pool,
                id: DeliveryId,
                worker: &str,
                lease: Duration,
            ) -> Result<(), StoreError> {
                let done = sqlx::query(RENEW)
                    .bind(id.0)
                    .bind(worker)
                    .bind(duration_millis(lease))
                    .execute(pool)
                    .await
                    .map_err(StoreError::database("renewing a lease"))?;
                if done.rows_affected() == 0 {
                    return Err(lost(pool, id, worker).await);
                }
                Ok(())
            }

            pub(crate) async fn fail(
                pool: &$pool,
                id: DeliveryId,
                worker: &str,
                error: &str,
                policy: &RetryPolicy,
                max_error_len: usize,
            ) -> Result<Failed, StoreError> {
                let attempts: Option<i64> = sqlx::query_scalar(ATTEMPTS_HELD)
                    .bind(id.0)
                    .bind(worker)
                    .fetch_optional(pool)
                    .await
                    .map_err(StoreError::database("failing a delivery"))?;
                let Some(attempts) = attempts else {
                    return Err(lost(pool, id, worker).await);
                };
                let counted = u32::try_from(attempts).unwrap_or(u32::MAX);
                let delay = policy.next_delay(counted);
                let updated: Option<Option<i64>> = sqlx::query_scalar(FAIL)
                    .bind(id.0)
                    .bind(worker)
                    .bind(if delay.is_some() { "retrying" } else { "dead" })
                    .bind(truncate_error(error, max_error_len))
                    .bind(delay.map(duration_millis))
                    .bind(attempts)
                    .fetch_optional(pool)
                    .await
                    .map_err(StoreError::database("failing a delivery"))?;
                match updated {
                    None => Err(lost(pool, id, worker).await),
                    Some(Some(due)) => Ok(Failed::Retrying {
                        attempts: counted,
                        next_attempt_at: from_millis(due),
                    }),
                    Some(None) => Ok(Failed::Dead { attempts: counted }),
                }
            }

            pub(crate) async fn fail_inline(
                pool: &$pool,
                id: DeliveryId,
                worker: &str,
                error: &str,
                max_error_len: usize,
            ) -> Result<(), StoreError> {
                let done = sqlx::query(FAIL_INLINE)
                    .bind(id.0)
                    .bind(worker)
                    .bind(truncate_error(error, max_error_len))
                    .execute(pool)
                    .await
                    .map_err(StoreError::database("failing a delivery"))?;
                if done.rows_affected() == 0 {
                    return Err(lost(pool, id, worker).await);
                }
                Ok(())
            }

            pub(crate) async fn release(pool: &$pool, worker: &str) -> Result<u64, StoreError> {
                let done = sqlx::query($release)
                    .bind(worker)
                    .execute(pool)
                    .await
                    .map_err(StoreError::database("releasing claimed deliveries"))?;
                Ok(done.rows_affected())
            }

            pub(crate) async fn replay(pool: &$pool, id: DeliveryId) -> Result<(), StoreError> {
                let done = sqlx::query(REPLAY)
                    .bind(id.0)
                    .execute(pool)
                    .await
                    .map_err(StoreError::database("replaying a delivery"))?;
                if done.rows_affected() > 0 {
                    return Ok(());
                }
                let status: Option<String> = sqlx::query_scalar(STATUS_OF)
                    .bind(id.0)
                    .fetch_optional(pool)
                    .await
                    .map_err(StoreError::database("replaying a delivery"))?;
                Err(not_replayed(id, status))
            }

            pub(crate) async fn replay_matching(
                pool: &$pool,
                filter: &DeliveryFilter,
            ) -> Result<u64, StoreError> {
                let mut query = QueryBuilder::<$database>::new(reset_to_queued!());
                query.push(" WHERE id IN (SELECT id FROM deliveries");
                push_where(&mut query, filter, &[replayable!()]);
                push_order_and_limit(&mut query, filter, false);
                query.push(")");
                let done = query
                    .build()
                    .execute(pool)
                    .await
                    .map_err(StoreError::database("replaying deliveries"))?;
                Ok(done.rows_affected())
            }

            pub(crate) async fn list(
                pool: &$pool,
                filter: &DeliveryFilter,
            ) -> Result<Vec<DeliverySummary>, StoreError> {
                let mut query = QueryBuilder::<$database>::new(concat!(
                    "SELECT ",
                    summary_columns!(),
                    " FROM deliveries"
                ));
                push_where(&mut query, filter, &[]);
                push_order_and_limit(&mut query, filter, true);
                let rows = query
                    .build()
                    .fetch_all(pool)
                    .await
                    .map_err(StoreError::database("listing deliveries"))?;
                rows.iter().map(row::summary).collect()
            }

            /// Counts the matching rows; only those a replay may reset when `replayable`.
            pub(crate) async fn count(
                pool: &$pool,
                filter: &DeliveryFilter,
                replayable: bool,
            ) -> Result<u64, StoreError> {
                let mut query = QueryBuilder::<$database>::new("SELECT COUNT(*) FROM deliveries");
                let fixed: &[&str] = if replayable { &[replayable!()] } else { &[] };
                push_where(&mut query, filter, fixed);
                let counted: i64 = query
                    .build_query_scalar()
                    .fetch_one(pool)
                    .await
                    .map_err(StoreError::database("counting deliveries"))?;
                Ok(counted.unsigned_abs())
            }

            pub(crate) async fn volume(
                pool: &$pool,
                since: SystemTime,
                bucket: Duration,
            ) -> Result<Vec<VolumeBucket>, StoreError> {
                use sqlx::Row;
                let width = duration_millis(bucket).max(1000);
                let rows = sqlx::query(VOLUME)
                    .bind(to_millis(since))
                    .bind(width)
                    .fetch_all(pool)
                    .await
                    .map_err(StoreError::database("counting deliveries over time"))?;
                let read = |row: &_| -> Result<VolumeBucket, sqlx::Error> {
                    let row: &<$database as sqlx::Database>::Row = row;
                    let bucket: i64 = row.try_get("bucket")?;
                    let deliveries: i64 = row.try_get("deliveries")?;
                    let failures: Option<i64> = row.try_get("failures")?;
                    Ok(VolumeBucket {
                        provider: row.try_get("provider")?,
                        start: from_millis(bucket.saturating_mul(width)),
                        deliveries: deliveries.unsigned_abs(),
                        failures: failures.unwrap_or(0).unsigned_abs(),
                    })
                };
                rows.iter()
                    .map(read)
                    .collect::<Result<_, _>>()
                    .map_err(StoreError::database("counting deliveries over time"))
            }

            pub(crate) async fn get(
                pool: &$pool,
                id: DeliveryId,
            ) -> Result<Option<StoredDelivery>, StoreError> {
                let row = sqlx::query($get)
                    .bind(id.0)
                    .fetch_optional(pool)
                    .await
                    .map_err(StoreError::database("reading a delivery"))?;
                row.as_ref().map(row::delivery).transpose()
            }

            pub(crate) async fn prune(
                pool: &$pool,
                older_than: Duration,
            ) -> Result<u64, StoreError> {
                let cutoff = to_millis(
                    SystemTime::now()
                        .checked_sub(older_than)
                        .unwrap_or(SystemTime::UNIX_EPOCH),
                );
                let mut pruned = 0;
                loop {
                    let done = sqlx::query(PRUNE_CHUNK)
                        .bind(cutoff)
                        .bind(PRUNE_CHUNK_ROWS)
                        .execute(pool)
                        .await
                        .map_err(StoreError::database("pruning deliveries"))?;
                    pruned += done.rows_affected();
                    if done.rows_affected() < PRUNE_CHUNK_ROWS.unsigned_abs() {
                        return Ok(pruned);
                    }
                }
            }

            /// Why a lease holder's write matched no row.
            async fn lost(pool: &$pool, id: DeliveryId, worker: &str) -> StoreError {
                let exists = sqlx::query_scalar::<_, String>(STATUS_OF)
                    .bind(id.0)
                    .fetch_optional(pool)
                    .await;
                lease_error(id, worker, exists)
            }
        }
    };
}
