//! Workers, replay, listing and pruning on PostgreSQL. Every write is one statement:
//! row locks and re-checked conditions make it safe against other instances.

use std::time::{Duration, SystemTime};

use sqlx::postgres::{PgExecutor, PgPool};
use sqlx::{Postgres, QueryBuilder};

use crate::store::error::{lease_error, not_replayed, StoreError};
use crate::store::filter::{push_order_and_limit, push_where, DeliveryFilter};
use crate::store::model::{
    duration_millis, from_millis, to_millis, DeliveryId, DeliverySummary, Failed, StoredDelivery,
};
use crate::store::options::truncate_error;
use crate::store::retry::RetryPolicy;
use crate::store::row;

/// The oldest `$3` due rows of one kind, locked, through the `deliveries_pending`
/// partial index (an index scan in `status, id` order that stops after `$3` rows). One
/// query with the three kinds `OR`ed made PostgreSQL walk the primary key in id order
/// instead, past every finished row older than the first due one: 28 ms a claim with
/// 97 000 rows in the log, more as it grew.
macro_rules! oldest_due {
    ($name:literal, $condition:expr) => {
        concat!(
            $name,
            " AS (SELECT id FROM deliveries WHERE ",
            $condition,
            " ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)"
        )
    };
}

/// Due rows (queued; retrying and due; processing with an expired lease) become the
/// worker's, oldest first, in one statement. Retries come through
/// `deliveries_retry_due` (migration 4), those that fell due first: a range of that
/// index, never the retries still waiting. `FOR UPDATE SKIP LOCKED`: concurrent
/// claimers, on any instance, lock disjoint rows instead of waiting for (or
/// double-taking) each other's. Rows locked here and not taken (at most `$3` of each
/// kind) are free again when the statement ends.
const CLAIM: &str = concat!(
    "WITH ",
    oldest_due!("queued", "status = 'queued'"),
    ", ",
    "retrying AS (SELECT id FROM deliveries WHERE status = 'retrying' AND next_attempt_at <= ",
    now_ms!(),
    " ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)",
    ", ",
    oldest_due!(
        "expired",
        concat!("status = 'processing' AND lease_until <= ", now_ms!())
    ),
    " UPDATE deliveries SET status = 'processing', claimed_by = $1, lease_until = ",
    now_ms!(),
    " + $2, attempts = attempts + 1, next_attempt_at = NULL, updated_at = ",
    now_ms!(),
    " WHERE id IN (SELECT id FROM (SELECT id FROM queued UNION ALL SELECT id FROM retrying \
     UNION ALL SELECT id FROM expired) AS due ORDER BY id LIMIT $3) RETURNING ",
    full_columns!()
);

/// The condition every lease holder's write carries: `$1` is the id, `$2` the worker.
macro_rules! held_by_worker {
    () => {
        " WHERE id = $1 AND status = 'processing' AND claimed_by = $2"
    };
}

const RENEW: &str = concat!(
    "UPDATE deliveries SET lease_until = ",
    now_ms!(),
    " + $3, updated_at = ",
    now_ms!(),
    held_by_worker!()
);

const ATTEMPTS_HELD: &str = concat!("SELECT attempts FROM deliveries", held_by_worker!());

/// `$3` status (`retrying` or `dead`), `$4` error, `$5` delay (NULL when dead),
/// `$6` the attempts read before: a takeover in between changes them.
const FAIL: &str = concat!(
    "UPDATE deliveries SET status = $3, last_error = $4, lease_until = NULL, \
     next_attempt_at = ",
    now_ms!(),
    " + $5, updated_at = ",
    now_ms!(),
    held_by_worker!(),
    " AND attempts = $6 RETURNING next_attempt_at"
);

const FAIL_INLINE: &str = concat!(
    "UPDATE deliveries SET status = 'failed', last_error = $3, lease_until = NULL, \
     updated_at = ",
    now_ms!(),
    held_by_worker!()
);

/// A released claim was never finished, so it does not use up an attempt.
const RELEASE: &str = concat!(
    "UPDATE deliveries SET status = 'queued', claimed_by = NULL, lease_until = NULL, \
     attempts = GREATEST(attempts - 1, 0), updated_at = ",
    now_ms!(),
    " WHERE status = 'processing' AND claimed_by = $1"
);

/// Rows a replay may reset: never a rejected request (it was not verified), never one
/// being processed.
macro_rules! replayable {
    () => {
        "status NOT IN ('rejected', 'processing')"
    };
}

macro_rules! reset_to_queued {
    () => {
        concat!(
            "UPDATE deliveries SET status = 'queued', attempts = 0, claimed_by = NULL, \
             lease_until = NULL, next_attempt_at = NULL, updated_at = ",
            now_ms!()
        )
    };
}

const REPLAY: &str = concat!(reset_to_queued!(), " WHERE id = $1 AND ", replayable!());

const STATUS_OF: &str = "SELECT status FROM deliveries WHERE id = $1";

const GET: &str = concat!("SELECT ", full_columns!(), " FROM deliveries WHERE id = $1");

/// Finished rows only: pending work is never pruned, however old.
const PRUNE_CHUNK: &str = "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries \
     WHERE received_at < $1 AND status IN ('succeeded', 'failed', 'dead', 'rejected') \
     LIMIT $2)";

/// Rows deleted per statement, so a large prune never holds the write lock for long.
const PRUNE_CHUNK_ROWS: i64 = 1000;

pub(super) async fn claim<'c>(
    executor: impl PgExecutor<'c>,
    worker: &str,
    limit: usize,
    lease: Duration,
) -> Result<Vec<StoredDelivery>, StoreError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(CLAIM)
        .bind(worker)
        .bind(duration_millis(lease))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(executor)
        .await
        .map_err(StoreError::database("claiming deliveries"))?;
    let mut claimed = rows
        .iter()
        .map(row::delivery)
        .collect::<Result<Vec<_>, _>>()?;
    claimed.sort_by_key(StoredDelivery::id);
    Ok(claimed)
}

pub(super) async fn renew(
    pool: &PgPool,
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

pub(super) async fn fail(
    pool: &PgPool,
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

pub(super) async fn fail_inline(
    pool: &PgPool,
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

pub(super) async fn release(pool: &PgPool, worker: &str) -> Result<u64, StoreError> {
    let done = sqlx::query(RELEASE)
        .bind(worker)
        .execute(pool)
        .await
        .map_err(StoreError::database("releasing claimed deliveries"))?;
    Ok(done.rows_affected())
}

pub(super) async fn replay(pool: &PgPool, id: DeliveryId) -> Result<(), StoreError> {
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

pub(super) async fn replay_matching(
    pool: &PgPool,
    filter: &DeliveryFilter,
) -> Result<u64, StoreError> {
    let mut query = QueryBuilder::<Postgres>::new(reset_to_queued!());
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

pub(super) async fn list(
    pool: &PgPool,
    filter: &DeliveryFilter,
) -> Result<Vec<DeliverySummary>, StoreError> {
    let mut query =
        QueryBuilder::<Postgres>::new(concat!("SELECT ", summary_columns!(), " FROM deliveries"));
    push_where(&mut query, filter, &[]);
    push_order_and_limit(&mut query, filter, true);
    let rows = query
        .build()
        .fetch_all(pool)
        .await
        .map_err(StoreError::database("listing deliveries"))?;
    rows.iter().map(row::summary).collect()
}

pub(super) async fn get(
    pool: &PgPool,
    id: DeliveryId,
) -> Result<Option<StoredDelivery>, StoreError> {
    let row = sqlx::query(GET)
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(StoreError::database("reading a delivery"))?;
    row.as_ref().map(row::delivery).transpose()
}

pub(super) async fn prune(pool: &PgPool, older_than: Duration) -> Result<u64, StoreError> {
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
async fn lost(pool: &PgPool, id: DeliveryId, worker: &str) -> StoreError {
    let exists = sqlx::query_scalar::<_, String>(STATUS_OF)
        .bind(id.0)
        .fetch_optional(pool)
        .await;
    lease_error(id, worker, exists)
}

#[cfg(test)]
#[path = "../../../tests/support/temp.rs"]
#[allow(dead_code, unreachable_pub)]
mod temp;

#[cfg(test)]
#[path = "../../../tests/support/postgres.rs"]
#[allow(dead_code, unreachable_pub)]
mod test_server;

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::*;
    use crate::store::{PostgresStore, Store};

    /// A log after a while, under load and during an outage: one retry due (the oldest
    /// row), 9 999 retries not due yet, 10 000 finished rows, then 500 queued. With
    /// that many due rows, a query with the three kinds `OR`ed is planned as a walk of
    /// the primary key (the planner expects them spread evenly, not all at the end).
    const FILL: &str = "INSERT INTO deliveries (provider, endpoint, delivery_key, status, \
         next_attempt_at, received_at, updated_at, headers, body) \
         SELECT 'stripe', '/s', 'evt_' || n, CASE WHEN n > 20000 THEN 'queued' \
         WHEN n > 10000 THEN 'succeeded' ELSE 'retrying' END, \
         CASE WHEN n = 1 THEN 0 WHEN n <= 10000 THEN 9000000000000000 END, 0, 0, '[]', '' \
         FROM generate_series(1, 20500) AS n";

    #[tokio::test]
    async fn claims_search_the_pending_index_instead_of_walking_the_log() {
        let Some(server) = test_server::server() else {
            return;
        };
        let store = PostgresStore::connect(&server.fresh_database().await)
            .await
            .expect("connect");
        let pool = store.pool();
        sqlx::query(FILL).execute(pool).await.expect("fill");
        sqlx::query("ANALYZE deliveries")
            .execute(pool)
            .await
            .expect("analyze");
        let rows = sqlx::query(&format!("EXPLAIN {CLAIM}"))
            .bind("w")
            .bind(1000_i64)
            .bind(8_i64)
            .fetch_all(pool)
            .await
            .expect("explain the claim");
        let lines: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
        let plan = lines.join("\n");
        // The primary key only to update the rows found, by id; never walked.
        let walks_the_key = lines.windows(2).any(|pair| {
            pair[0].contains("deliveries_pkey") && !pair[1].contains("Index Cond: (id = ")
        });
        assert!(
            plan.contains("deliveries_pending") && !walks_the_key && !plan.contains("Seq Scan"),
            "the claim does not search deliveries_pending:\n{plan}"
        );
        assert!(
            plan.contains("Index Scan using deliveries_retry_due"),
            "the claim finds due retries other than by their due time:\n{plan}"
        );
        let claimed = claim(pool, "w", 8, Duration::from_secs(1))
            .await
            .expect("claim");
        let keys: Vec<&str> = claimed
            .iter()
            .map(|delivery| delivery.summary.delivery_key.as_str())
            .collect();
        assert_eq!(keys[..2], ["evt_1", "evt_20001"], "oldest first: {keys:?}");
        assert_eq!(keys.len(), 8);
        store.close().await.expect("close");
    }
}
