//! Workers, replay, listing and pruning on SQLite. Every write is one statement on the
//! single write connection, so it is atomic and serialized with the group commits;
//! claims and completions run inside them (the writer task calls them), and are here,
//! with SQLite's own statements for `release` and `get`. The rest is
//! `queue_operations!` (`shared/queue.rs`), expanded here on SQLite's pool.

use std::time::Duration;

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::store::batch::CarriedOut;
use crate::store::error::StoreError;
use crate::store::model::{duration_millis, DeliveryId, StoredDelivery};
use crate::store::row;

/// `deliveries_pending`'s condition (migration 1), as a query must spell it for SQLite
/// to use that index.
macro_rules! pending {
    () => {
        "status IN ('queued', 'retrying', 'processing')"
    };
}

/// The oldest `$3` due rows of one kind, found through the `deliveries_pending` partial
/// index. Each names that index's own condition word for word: SQLite uses a partial
/// index only for a query that repeats it (it does not infer `status IN (…)` from
/// `status = 'queued'`), and without it a claim scanned the whole table in id order,
/// finished rows and all, inside the writer's transaction: every claim cost more as
/// the log grew.
macro_rules! oldest_due {
    ($condition:expr) => {
        concat!(
            "SELECT id FROM (SELECT id FROM deliveries WHERE ",
            pending!(),
            " AND ",
            $condition,
            " ORDER BY id LIMIT $3)"
        )
    };
}

/// The `$3` retries that fell due first, through `deliveries_retry_due` (migration 4):
/// a range of that index, never the retries still waiting, however many an outage left.
macro_rules! first_due_retries {
    () => {
        concat!(
            "SELECT id FROM (SELECT id FROM deliveries WHERE status = 'retrying' \
             AND next_attempt_at <= ",
            now_ms!(),
            " ORDER BY next_attempt_at LIMIT $3)"
        )
    };
}

/// Due rows (queued; retrying and due; processing with an expired lease) become the
/// worker's, oldest first, in one statement: SQLite runs one writer at a time, so two
/// workers can never take the same row.
const CLAIM: &str = concat!(
    "UPDATE deliveries SET status = 'processing', claimed_by = $1, lease_until = ",
    now_ms!(),
    " + $2, attempts = attempts + 1, next_attempt_at = NULL, updated_at = ",
    now_ms!(),
    " WHERE id IN (SELECT id FROM (",
    oldest_due!("status = 'queued'"),
    " UNION ALL ",
    first_due_retries!(),
    " UNION ALL ",
    oldest_due!(concat!(
        "status = 'processing' AND lease_until <= ",
        now_ms!()
    )),
    ") ORDER BY id LIMIT $3) RETURNING id"
);

/// The claimed rows with their payloads; `$1` is a JSON array of their ids.
const CLAIMED: &str = concat!(
    select_with_payload!(),
    " WHERE id IN (SELECT value FROM json_each($1)) ORDER BY id"
);

/// A released claim was never finished, so it does not use up an attempt.
const RELEASE: &str = concat!(
    "UPDATE deliveries SET status = 'queued', claimed_by = NULL, lease_until = NULL, \
     attempts = MAX(attempts - 1, 0), updated_at = ",
    now_ms!(),
    " WHERE ",
    pending!(),
    " AND status = 'processing' AND claimed_by = $1"
);

/// The status of each row named in `$1`, a JSON array of ids.
const STATUSES_OF: &str =
    "SELECT id, status FROM deliveries WHERE id IN (SELECT value FROM json_each($1))";

const GET: &str = concat!(select_with_payload!(), " WHERE id = $1");

/// Claims in the writer's transaction (see [`write`](super::write)).
pub(super) async fn claim(
    conn: &mut SqliteConnection,
    worker: &str,
    limit: usize,
    lease: Duration,
) -> Result<Vec<StoredDelivery>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(CLAIM)
        .bind(worker)
        .bind(duration_millis(lease))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::database("claiming deliveries"))?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(CLAIMED)
        .bind(json_array(&ids))
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::database("claiming deliveries"))?;
    rows.iter().map(row::delivery).collect()
}

/// `ids` as a JSON array, for `json_each`.
fn json_array(ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", ids.join(","))
}

/// Completes every `(id, worker)` in one statement, in the writer's transaction (see
/// [`write`](super::write)), where that worker still holds the lease: completions are
/// most of the workers' writes, and each statement is a round trip to sqlx's SQLite
/// thread. One outcome each, in order ([`StoreError::LeaseLost`] or
/// [`StoreError::NotFound`] for the others, which leave their rows alone); the outer
/// `Err` fails the batch.
pub(super) async fn complete(
    conn: &mut SqliteConnection,
    completions: &[(DeliveryId, &str)],
) -> Result<Vec<Result<(), StoreError>>, StoreError> {
    let mut rows = Vec::with_capacity(completions.len());
    for chunk in completions.chunks(COMPLETIONS_PER_STATEMENT) {
        rows.extend(
            complete_statement(chunk)
                .build()
                .fetch_all(&mut *conn)
                .await
                .map_err(StoreError::database("completing deliveries"))?,
        );
    }
    let carried_out = CarriedOut::read(&rows, completions).map_err(StoreError::recording)?;
    carried_out
        .outcomes(async |refused| {
            sqlx::query_as(STATUSES_OF)
                .bind(json_array(refused))
                .fetch_all(conn)
                .await
        })
        .await
}

/// Completions per statement: two parameters each, far below SQLite's 32 766.
const COMPLETIONS_PER_STATEMENT: usize = 256;

/// One `UPDATE … FROM (VALUES …)`: each row looked up by id, completed only while
/// `processing` and claimed by the worker asking.
fn complete_statement<'q>(completions: &'q [(DeliveryId, &'q str)]) -> QueryBuilder<'q, Sqlite> {
    let mut update = QueryBuilder::new(concat!(
        "UPDATE deliveries SET status = 'succeeded', lease_until = NULL, updated_at = ",
        now_ms!(),
        " FROM ("
    ));
    update.push_values(completions, |mut row, &(id, worker)| {
        row.push_bind(id.0).push_bind(worker);
    });
    update.push(
        ") AS done WHERE deliveries.id = done.column1 AND deliveries.status = 'processing' \
         AND deliveries.claimed_by = done.column2 RETURNING id, claimed_by AS worker",
    );
    update
}

queue_operations! {
    pool: sqlx::SqlitePool,
    database: sqlx::Sqlite,
    release: RELEASE,
    get: GET,
}

#[cfg(test)]
mod tests {
    use sqlx::{Connection, Row};

    use super::*;

    /// The plan SQLite makes for `query` on the migrated schema, one step a line.
    async fn plan(query: &str, binds: usize) -> String {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        for step in super::super::MIGRATIONS {
            sqlx::raw_sql(step.2).execute(&mut conn).await.unwrap();
        }
        let explain = format!("EXPLAIN QUERY PLAN {query}");
        let mut explained = sqlx::query(&explain);
        for _ in 0..binds {
            explained = explained.bind(1_i64);
        }
        let rows = explained.fetch_all(&mut conn).await.unwrap();
        rows.iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[tokio::test]
    async fn claims_and_releases_search_the_pending_index_instead_of_scanning_the_log() {
        for (name, query, binds) in [("claim", CLAIM, 3), ("release", RELEASE, 1)] {
            let plan = plan(query, binds).await;
            assert!(
                plan.contains("deliveries_pending") && !plan.contains("SCAN deliveries"),
                "{name} does not search deliveries_pending:\n{plan}"
            );
        }
        let plan = plan(CLAIM, 3).await;
        assert!(
            plan.contains("deliveries_retry_due (next_attempt_at<?)"),
            "a claim finds due retries other than by their due time:\n{plan}"
        );
    }

    #[tokio::test]
    async fn completions_look_each_row_up_by_id() {
        let completions = [(DeliveryId(1), "w"), (DeliveryId(2), "v")];
        let statement = complete_statement(&completions);
        let plan = plan(statement.sql(), 4).await;
        assert!(
            plan.contains("SEARCH deliveries USING INTEGER PRIMARY KEY (rowid=?)")
                && !plan.contains("SCAN deliveries"),
            "completions do not look rows up by id:\n{plan}"
        );
    }
}
