//! Workers, replay, listing and pruning on PostgreSQL. Every write is one statement:
//! row locks and re-checked conditions make it safe against other instances. Claims
//! are here, with PostgreSQL's own statements for `release` and `get`; the rest is
//! `queue_operations!` (`shared/queue.rs`), expanded here on PostgreSQL's pool.

use std::time::Duration;

use sqlx::postgres::PgExecutor;

use crate::store::error::StoreError;
use crate::store::model::{duration_millis, StoredDelivery};
use crate::store::row;

/// The oldest `$3` due rows of one kind, locked, through the `deliveries_pending`
/// partial index (an index scan in `status, id` order that stops after `$3` rows). One
/// query with the three kinds `OR`ed made PostgreSQL walk the primary key in id order
/// instead, past every finished row older than the first due one: a claim cost more as
/// the log grew.
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

/// A released claim was never finished, so it does not use up an attempt.
const RELEASE: &str = concat!(
    "UPDATE deliveries SET status = 'queued', claimed_by = NULL, lease_until = NULL, \
     attempts = GREATEST(attempts - 1, 0), updated_at = ",
    now_ms!(),
    " WHERE status = 'processing' AND claimed_by = $1"
);

const GET: &str = concat!("SELECT ", full_columns!(), " FROM deliveries WHERE id = $1");

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

queue_operations! {
    pool: sqlx::PgPool,
    database: sqlx::Postgres,
    release: RELEASE,
    get: GET,
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
