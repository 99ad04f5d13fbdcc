//! The outbox's SQL, which both databases run word for word (SQLite reads `$1` as the
//! first argument too). Table names carry a prefix, `{p}`: empty on SQLite, the store's
//! schema on PostgreSQL, so `send_in` works on a caller's connection whatever its
//! `search_path`. The statements are built once, when the outbox is made.

/// The endpoint columns `rows::endpoint` reads.
const ENDPOINT_COLUMNS: &str = "id, tenant, url, description, event_types, secrets, enabled, \
     disabled_reason, rate_limit, headers, retry_schedule, failing_since, created_at";

/// The attempt columns `rows::attempt` reads (`m.message_id` is the message's public id).
const ATTEMPT_COLUMNS: &str = "m.message_id, a.endpoint_id, a.attempt, a.state, a.due_at, \
     a.status, a.duration_ms, a.response_body, a.error, a.finished_at";

/// What a claimed attempt needs to be made (`rows::job`).
const JOB_COLUMNS: &str = "a.id, a.attempt, a.retry_index, a.tenant, m.message_id, \
     m.event_type, m.payload, e.id AS endpoint_id, e.url, e.headers, e.secrets, \
     e.retry_schedule, e.rate_limit";

/// Attempts a worker may take at `$1`: pending and due, or claimed by a worker whose
/// lease ran out; only to enabled endpoints.
const DUE: &str = "e.enabled AND ((a.state = 'pending' AND a.due_at <= $1) \
     OR (a.state = 'sending' AND a.lease_until <= $1))";

/// Every statement, with the table prefix filled in.
#[derive(Debug)]
pub(crate) struct Sql {
    pub(crate) prefix: String,
    pub(crate) insert_message: String,
    pub(crate) message_by_key: String,
    pub(crate) tenant_endpoint_filters: String,
    pub(crate) insert_endpoint: String,
    pub(crate) endpoint: String,
    pub(crate) endpoints: String,
    pub(crate) update_endpoint: String,
    pub(crate) messages: String,
    pub(crate) message: String,
    pub(crate) attempts: String,
    pub(crate) due_tenants: String,
    pub(crate) next_due: String,
    pub(crate) finish_attempt: String,
    pub(crate) insert_retry: String,
    pub(crate) succeeded: String,
    pub(crate) failing: String,
    pub(crate) disable_failing: String,
    pub(crate) disable: String,
    pub(crate) resend: String,
    pub(crate) recover: String,
}

impl Sql {
    /// The statements for tables named `{prefix}outbox_…`.
    pub(crate) fn new(prefix: &str) -> Sql {
        let fill = |template: &str| {
            template
                .replace("{endpoint_columns}", ENDPOINT_COLUMNS)
                .replace("{attempt_columns}", ATTEMPT_COLUMNS)
                .replace("{due}", DUE)
                .replace("{p}", prefix)
        };
        Sql {
            prefix: prefix.to_owned(),
            insert_message: fill(
                "INSERT INTO {p}outbox_messages \
                 (message_id, tenant, event_type, payload, idempotency_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL \
                 DO NOTHING RETURNING id",
            ),
            message_by_key: fill(
                "SELECT message_id FROM {p}outbox_messages \
                 WHERE tenant = $1 AND idempotency_key = $2",
            ),
            tenant_endpoint_filters: fill(
                "SELECT id, event_types FROM {p}outbox_endpoints \
                 WHERE tenant = $1 AND enabled ORDER BY id",
            ),
            insert_endpoint: fill(
                "INSERT INTO {p}outbox_endpoints (tenant, url, description, event_types, \
                 secrets, enabled, rate_limit, headers, retry_schedule, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            ),
            endpoint: fill(
                "SELECT {endpoint_columns} FROM {p}outbox_endpoints WHERE tenant = $1 AND id = $2",
            ),
            endpoints: fill(
                "SELECT {endpoint_columns} FROM {p}outbox_endpoints WHERE tenant = $1 ORDER BY id",
            ),
            update_endpoint: fill(
                "UPDATE {p}outbox_endpoints SET url = $3, description = $4, event_types = $5, \
                 secrets = $6, enabled = $7, disabled_reason = $8, rate_limit = $9, \
                 headers = $10, retry_schedule = $11, failing_since = $12, updated_at = $13 \
                 WHERE tenant = $1 AND id = $2",
            ),
            messages: fill(
                "SELECT message_id, tenant, event_type, payload, idempotency_key, created_at \
                 FROM {p}outbox_messages WHERE tenant = $1 AND id < $2 \
                 ORDER BY id DESC LIMIT $3",
            ),
            message: fill(
                "SELECT id, message_id, tenant, event_type, payload, idempotency_key, \
                 created_at FROM {p}outbox_messages WHERE tenant = $1 AND message_id = $2",
            ),
            attempts: fill(
                "SELECT {attempt_columns} FROM {p}outbox_attempts a \
                 JOIN {p}outbox_messages m ON m.id = a.message_id \
                 WHERE a.tenant = $1 AND m.message_id = $2 ORDER BY a.endpoint_id, a.attempt",
            ),
            due_tenants: fill(
                "SELECT DISTINCT a.tenant FROM {p}outbox_attempts a \
                 JOIN {p}outbox_endpoints e ON e.id = a.endpoint_id \
                 WHERE {due} AND a.tenant > $3 ORDER BY a.tenant LIMIT $2",
            ),
            next_due: fill(
                "SELECT MIN(a.due_at) AS next FROM {p}outbox_attempts a \
                 JOIN {p}outbox_endpoints e ON e.id = a.endpoint_id \
                 WHERE e.enabled AND a.state = 'pending'",
            ),
            finish_attempt: fill(
                "UPDATE {p}outbox_attempts SET state = $3, status = $4, duration_ms = $5, \
                 response_body = $6, error = $7, finished_at = $8, lease_until = NULL \
                 WHERE id = $1 AND state = 'sending' AND claimed_by = $2",
            ),
            insert_retry: fill(
                "INSERT INTO {p}outbox_attempts \
                 (message_id, endpoint_id, tenant, attempt, retry_index, state, due_at) \
                 SELECT message_id, endpoint_id, tenant, attempt + 1, $2, 'pending', $3 \
                 FROM {p}outbox_attempts WHERE id = $1",
            ),
            succeeded: fill(
                "UPDATE {p}outbox_endpoints SET failing_since = NULL, updated_at = $2 \
                 WHERE id = $1 AND failing_since IS NOT NULL",
            ),
            failing: fill(
                "UPDATE {p}outbox_endpoints SET failing_since = $2, updated_at = $2 \
                 WHERE id = $1 AND failing_since IS NULL",
            ),
            disable_failing: fill(
                "UPDATE {p}outbox_endpoints SET enabled = FALSE, disabled_reason = $3, \
                 updated_at = $2 WHERE id = $1 AND enabled AND failing_since <= $4",
            ),
            disable: fill(
                "UPDATE {p}outbox_endpoints SET enabled = FALSE, disabled_reason = $3, \
                 updated_at = $2 WHERE id = $1 AND enabled",
            ),
            resend: fill(
                "INSERT INTO {p}outbox_attempts \
                 (message_id, endpoint_id, tenant, attempt, retry_index, state, due_at) \
                 SELECT a.message_id, a.endpoint_id, a.tenant, MAX(a.attempt) + 1, NULL, \
                 'pending', $3 FROM {p}outbox_attempts a \
                 JOIN {p}outbox_messages m ON m.id = a.message_id \
                 WHERE a.tenant = $1 AND m.message_id = $2 AND ($4 IS NULL OR a.endpoint_id = $4) \
                 GROUP BY a.message_id, a.endpoint_id, a.tenant",
            ),
            recover: fill(
                "INSERT INTO {p}outbox_attempts \
                 (message_id, endpoint_id, tenant, attempt, retry_index, state, due_at) \
                 SELECT a.message_id, a.endpoint_id, a.tenant, a.attempt + 1, NULL, 'pending', $4 \
                 FROM {p}outbox_attempts a JOIN {p}outbox_messages m ON m.id = a.message_id \
                 WHERE a.tenant = $1 AND a.endpoint_id = $2 AND m.created_at >= $3 \
                 AND a.state = 'dead' AND NOT EXISTS (SELECT 1 FROM {p}outbox_attempts b \
                 WHERE b.message_id = a.message_id AND b.endpoint_id = a.endpoint_id \
                 AND b.attempt > a.attempt)",
            ),
        }
    }

    /// Claims up to `$4` due attempts of tenant `$5` for worker `$2`, until `$3`, skipping
    /// the endpoints in `busy`; `lock` is PostgreSQL's `FOR UPDATE … SKIP LOCKED` (empty
    /// on SQLite, whose one writer makes the statement atomic).
    pub(crate) fn claim(&self, busy: &[i64], lock: &str) -> String {
        let skip = if busy.is_empty() {
            String::new()
        } else {
            let ids: Vec<String> = busy.iter().map(i64::to_string).collect();
            format!(" AND a.endpoint_id NOT IN ({})", ids.join(", "))
        };
        format!(
            "UPDATE {p}outbox_attempts SET state = 'sending', claimed_by = $2, lease_until = $3 \
             WHERE id IN (SELECT a.id FROM {p}outbox_attempts a \
             JOIN {p}outbox_endpoints e ON e.id = a.endpoint_id \
             WHERE {due} AND a.tenant = $5{skip} ORDER BY a.due_at LIMIT $4{lock}) RETURNING id",
            p = self.prefix,
            due = DUE,
        )
    }

    /// The claimed attempts `ids` with what making them needs.
    pub(crate) fn jobs(&self, ids: &[i64]) -> String {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        format!(
            "SELECT {JOB_COLUMNS} FROM {p}outbox_attempts a \
             JOIN {p}outbox_messages m ON m.id = a.message_id \
             JOIN {p}outbox_endpoints e ON e.id = a.endpoint_id WHERE a.id IN ({ids})",
            p = self.prefix,
            ids = ids.join(", "),
        )
    }

    /// Hands claimed attempts `ids` back, still due, when the worker took more than an
    /// endpoint's share.
    pub(crate) fn release(&self, ids: &[i64]) -> String {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        format!(
            "UPDATE {p}outbox_attempts SET state = 'pending', claimed_by = NULL, \
             lease_until = NULL WHERE state = 'sending' AND claimed_by = $1 AND id IN ({ids})",
            p = self.prefix,
            ids = ids.join(", "),
        )
    }

    /// The first attempts of message `$1` (row id) of tenant `$2`, due at `$3`, one per
    /// endpoint in `endpoints`.
    pub(crate) fn first_attempts(&self, endpoints: &[i64]) -> String {
        let rows: Vec<String> = endpoints
            .iter()
            .map(|id| format!("($1, {id}, $2, 1, 0, 'pending', $3)"))
            .collect();
        format!(
            "INSERT INTO {p}outbox_attempts \
             (message_id, endpoint_id, tenant, attempt, retry_index, state, due_at) VALUES {rows}",
            p = self.prefix,
            rows = rows.join(", "),
        )
    }
}
