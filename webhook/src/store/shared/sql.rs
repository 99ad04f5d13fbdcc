//! The SQL both backends run word for word. A statement that reads the clock spells it
//! `now_ms!()`, which each backend defines its own way (SQLite and PostgreSQL read the
//! time differently), so the statements are macros here and become a backend's own
//! `const`s where it expands them: `queue_statements!()` in its `queue.rs` (through
//! `queue_operations!`), `record_statements!()` in its `write.rs` (through
//! `record_operations!`).

/// The columns `row::summary` reads, in `SELECT` order.
macro_rules! summary_columns {
    () => {
        "id, provider, endpoint, event, delivery_id, delivery_key, status, attempts, \
         last_error, secret_index, received_at, updated_at, claimed_by, lease_until, \
         next_attempt_at"
    };
}

/// The columns `row::delivery` reads (`body_encoding`: see `packing`).
macro_rules! full_columns {
    () => {
        concat!(summary_columns!(), ", headers, body, body_encoding")
    };
}

/// The condition every lease holder's write carries: `$1` is the id, `$2` the worker.
macro_rules! held_by_worker {
    () => {
        " WHERE id = $1 AND status = 'processing' AND claimed_by = $2"
    };
}

/// Rows a replay may reset: never a rejected request (it was not verified), never one
/// being processed.
macro_rules! replayable {
    () => {
        "status NOT IN ('rejected', 'processing')"
    };
}

/// Sets a row to run again from the start: queued, attempts back at 0, no claim, lease
/// or retry time.
macro_rules! reset_to_queued {
    () => {
        concat!(
            "UPDATE deliveries SET status = 'queued', attempts = 0, claimed_by = NULL, \
             lease_until = NULL, next_attempt_at = NULL, updated_at = ",
            now_ms!()
        )
    };
}

/// The columns of a new accepted row that every insert of one writes first, in the
/// order `bind_accepted` binds them (`updated_at` is the clock's).
macro_rules! accepted_columns {
    () => {
        "provider, endpoint, event, delivery_id, delivery_key, status, attempts, \
         secret_index, received_at, updated_at, claimed_by, lease_until"
    };
}

/// One row of `accepted_columns!()`: `$1` to `$11` (see `bind_accepted`), with the
/// clock's time and lease.
macro_rules! accepted_values {
    () => {
        concat!(
            "$1, $2, $3, $4, $5, $6, $7, $8, $9, ",
            now_ms!(),
            ", $10, ",
            now_ms!(),
            " + $11"
        )
    };
}

/// Leaves out a delivery that has an accepted row already: the unique index on
/// (provider, endpoint, delivery key) covers accepted rows only (migration 1).
macro_rules! unless_accepted {
    () => {
        " ON CONFLICT (provider, endpoint, delivery_key) WHERE status <> 'rejected' DO NOTHING"
    };
}

/// Inserts an accepted row unless the delivery already has one; returns the new id.
/// `$columns` and `$values` are what the backend stores in the row besides
/// `accepted_columns!()`, each starting with `, `.
macro_rules! insert_accepted {
    ($columns:literal, $values:literal) => {
        concat!(
            "INSERT INTO deliveries (",
            accepted_columns!(),
            $columns,
            ") VALUES (",
            accepted_values!(),
            $values,
            ")",
            unless_accepted!(),
            " RETURNING id"
        )
    };
}

/// The accepted row a new arrival collided with, for `settle_collision`: `$1`
/// provider, `$2` endpoint, `$3` delivery key.
macro_rules! find_accepted {
    () => {
        concat!(
            "SELECT id, status, COALESCE(lease_until <= ",
            now_ms!(),
            ", FALSE) AS lease_expired FROM deliveries \
             WHERE provider = $1 AND endpoint = $2 AND delivery_key = $3 AND status <> 'rejected'"
        )
    };
}

/// The statements of the workers' writes (but claims and completions), replay and
/// pruning, which `queue_operations!` runs.
macro_rules! queue_statements {
    () => {
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

        const REPLAY: &str = concat!(reset_to_queued!(), " WHERE id = $1 AND ", replayable!());

        /// Requests per provider and time bucket since `$1`, `$2` the bucket's width in
        /// milliseconds; the integer division is the same on both databases.
        const VOLUME: &str = "SELECT provider, received_at / $2 AS bucket, COUNT(*) AS deliveries, \
             SUM(CASE WHEN status IN ('failed', 'retrying', 'dead', 'rejected') THEN 1 ELSE 0 END) \
             AS failures FROM deliveries WHERE received_at >= $1 \
             GROUP BY provider, received_at / $2 ORDER BY bucket, provider";

        const STATUS_OF: &str = "SELECT status FROM deliveries WHERE id = $1";

        /// Finished rows only: pending work is never pruned, however old.
        const PRUNE_CHUNK: &str = "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries \
             WHERE received_at < $1 AND status IN ('succeeded', 'failed', 'dead', 'rejected') \
             LIMIT $2)";

        /// Rows deleted per statement, so a large prune never holds the write lock for long.
        const PRUNE_CHUNK_ROWS: i64 = 1000;
    };
}

/// The statements of a record's takeover of the row it collided with, which
/// `record_operations!` runs.
macro_rules! record_statements {
    () => {
        /// Hands an existing row to a new arrival (see `reclaimable`).
        const RECLAIM: &str = concat!(
            "UPDATE deliveries SET status = $2, claimed_by = $3, lease_until = ",
            now_ms!(),
            " + $4, attempts = attempts + $5, next_attempt_at = NULL, updated_at = ",
            now_ms!(),
            " WHERE id = $1"
        );
    };
}
