//! The outbox's operations on one connection, `outbox_operations!`: written once and
//! expanded in each backend's module, where `Conn` names its connection type and
//! `CLAIM_LOCK` its claim's locking clause. Each function takes the connection it runs
//! on, so `send_in` runs the same code as `send`, inside the caller's transaction.

/// Defines the operations on `&mut Conn`.
macro_rules! outbox_operations {
    () => {
        use $crate::outgoing::outbox::filter::any_matches;
        use $crate::outgoing::outbox::model::{OutgoingMessage, Sent};
        use $crate::outgoing::outbox::store::{Claim, Finish, NewEndpointRow, Sql};

        /// Inserts `message` and its first attempt to each matching enabled endpoint.
        pub(crate) async fn send(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            message: &OutgoingMessage,
            message_id: String,
            now: i64,
        ) -> Result<Sent, OutboxError> {
            let OutgoingMessage {
                event_type,
                payload,
                idempotency_key,
            } = message;
            let inserted = sqlx::query(&sql.insert_message)
                .bind(&message_id)
                .bind(tenant)
                .bind(event_type)
                .bind(payload)
                .bind(idempotency_key)
                .bind(now)
                .fetch_optional(&mut *conn)
                .await?;
            let Some(inserted) = inserted else {
                // The key names a message already sent: that one is the answer.
                let existing: String = sqlx::query_scalar(&sql.message_by_key)
                    .bind(tenant)
                    .bind(idempotency_key)
                    .fetch_one(&mut *conn)
                    .await?;
                return Ok(Sent {
                    message_id: existing,
                    endpoints: 0,
                    duplicate: true,
                });
            };
            let row_id: i64 = inserted.try_get("id")?;
            let mut endpoints = Vec::new();
            for row in sqlx::query(&sql.tenant_endpoint_filters)
                .bind(tenant)
                .fetch_all(&mut *conn)
                .await?
            {
                let filters: Vec<String> = json(row.try_get("event_types")?, "event_types")?;
                let filters: Vec<EventFilter> = filters
                    .iter()
                    .filter_map(|pattern| EventFilter::parse(pattern).ok())
                    .collect();
                if any_matches(&filters, event_type) {
                    endpoints.push(row.try_get::<i64, _>("id")?);
                }
            }
            // Bounded statements: SQLite allows a few thousand terms in one.
            for chunk in endpoints.chunks(500) {
                sqlx::query(&sql.first_attempts(chunk))
                    .bind(row_id)
                    .bind(tenant)
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(Sent {
                message_id,
                endpoints: endpoints.len(),
                duplicate: false,
            })
        }

        pub(crate) async fn insert_endpoint(
            conn: &mut Conn,
            sql: &Sql,
            row: &NewEndpointRow,
            now: i64,
        ) -> Result<i64, OutboxError> {
            let NewEndpointRow {
                tenant,
                url,
                description,
                event_types,
                secrets,
                rate_limit,
                headers,
                retry_schedule,
            } = row;
            Ok(sqlx::query_scalar(&sql.insert_endpoint)
                .bind(tenant)
                .bind(url)
                .bind(description)
                .bind(event_types)
                .bind(secrets)
                .bind(true)
                .bind(rate_limit)
                .bind(headers)
                .bind(retry_schedule)
                .bind(now)
                .fetch_one(&mut *conn)
                .await?)
        }

        pub(crate) async fn get_endpoint(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            id: i64,
            now: i64,
        ) -> Result<Option<Endpoint>, OutboxError> {
            sqlx::query(&sql.endpoint)
                .bind(tenant)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .map(|row| endpoint(&row, now))
                .transpose()
        }

        pub(crate) async fn list_endpoints(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            now: i64,
        ) -> Result<Vec<Endpoint>, OutboxError> {
            sqlx::query(&sql.endpoints)
                .bind(tenant)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|row| endpoint(row, now))
                .collect()
        }

        /// Writes every field of `endpoint` back (its tenant and id name the row).
        pub(crate) async fn write_endpoint(
            conn: &mut Conn,
            sql: &Sql,
            endpoint: &Endpoint,
            now: i64,
        ) -> Result<(), OutboxError> {
            let Endpoint {
                id,
                tenant,
                url,
                description,
                event_types,
                secrets,
                enabled,
                disabled_reason,
                rate_limit,
                headers,
                retry_schedule,
                failing_since,
                created_at: _,
            } = endpoint;
            let filters: Vec<&str> = event_types.iter().map(EventFilter::as_str).collect();
            let schedule = retry_schedule.as_ref().map(|delays| {
                let millis: Vec<u64> = delays
                    .iter()
                    .map(|delay| u64::try_from(delay.as_millis()).unwrap_or(u64::MAX))
                    .collect();
                serde_json::json!(millis).to_string()
            });
            sqlx::query(&sql.update_endpoint)
                .bind(tenant)
                .bind(id.0)
                .bind(url)
                .bind(description)
                .bind(serde_json::json!(filters).to_string())
                .bind(serde_json::json!(secrets).to_string())
                .bind(*enabled)
                .bind(disabled_reason)
                .bind(rate_limit.map(i64::from))
                .bind(serde_json::json!(headers).to_string())
                .bind(schedule)
                .bind(failing_since.map($crate::outgoing::outbox::model::millis_of))
                .bind(now)
                .execute(&mut *conn)
                .await?;
            Ok(())
        }

        pub(crate) async fn list_messages(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            before: i64,
            limit: i64,
        ) -> Result<Vec<Message>, OutboxError> {
            sqlx::query(&sql.messages)
                .bind(tenant)
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(message)
                .collect()
        }

        pub(crate) async fn get_message(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            message_id: &str,
        ) -> Result<Option<Message>, OutboxError> {
            sqlx::query(&sql.message)
                .bind(tenant)
                .bind(message_id)
                .fetch_optional(&mut *conn)
                .await?
                .map(|row| message(&row))
                .transpose()
        }

        pub(crate) async fn list_attempts(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            message_id: &str,
        ) -> Result<Vec<AttemptRecord>, OutboxError> {
            sqlx::query(&sql.attempts)
                .bind(tenant)
                .bind(message_id)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(attempt)
                .collect()
        }

        /// Up to `limit` tenants with attempts due at `now`, in name order after `after`.
        pub(crate) async fn due_tenants(
            conn: &mut Conn,
            sql: &Sql,
            now: i64,
            limit: i64,
            after: &str,
        ) -> Result<Vec<String>, OutboxError> {
            let rows = sqlx::query(&sql.due_tenants)
                .bind(now)
                .bind(limit)
                .bind(after)
                .fetch_all(&mut *conn)
                .await?;
            rows.iter()
                .map(|row| Ok(row.try_get::<String, _>("tenant")?))
                .collect()
        }

        /// When the next pending attempt falls due.
        pub(crate) async fn next_due(
            conn: &mut Conn,
            sql: &Sql,
        ) -> Result<Option<i64>, OutboxError> {
            Ok(sqlx::query_scalar::<_, Option<i64>>(&sql.next_due)
                .fetch_one(&mut *conn)
                .await?)
        }

        /// Claims up to `claim.limit` due attempts of `claim.tenant`, not to the busy
        /// endpoints.
        pub(crate) async fn claim(
            conn: &mut Conn,
            sql: &Sql,
            claim: &Claim<'_>,
        ) -> Result<Vec<Job>, OutboxError> {
            let Claim {
                tenant,
                worker,
                now,
                lease_until,
                limit,
                busy,
            } = *claim;
            let ids: Vec<i64> = sqlx::query_scalar(&sql.claim(busy, CLAIM_LOCK))
                .bind(now)
                .bind(worker)
                .bind(lease_until)
                .bind(limit)
                .bind(tenant)
                .fetch_all(&mut *conn)
                .await?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let mut jobs: Vec<Job> = sqlx::query(&sql.jobs(&ids))
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|row| job(row, now))
                .collect::<Result<_, _>>()?;
            jobs.sort_by_key(|job| job.id);
            Ok(jobs)
        }

        /// Hands claimed attempts back to the queue, untouched.
        pub(crate) async fn release(
            conn: &mut Conn,
            sql: &Sql,
            worker: &str,
            ids: &[i64],
        ) -> Result<(), OutboxError> {
            if !ids.is_empty() {
                sqlx::query(&sql.release(ids))
                    .bind(worker)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }

        /// Records a made attempt and what follows from it, in the transaction `conn`
        /// is in; `false` when the claim was no longer this worker's (nothing written).
        pub(crate) async fn finish(
            conn: &mut Conn,
            sql: &Sql,
            finish: &Finish,
        ) -> Result<bool, OutboxError> {
            let Finish {
                attempt_id,
                endpoint_id,
                worker,
                state,
                status,
                duration_ms,
                response_body,
                error,
                made_at,
                retry,
                failed,
                disable,
                disable_failing,
            } = finish;
            let finished = sqlx::query(&sql.finish_attempt)
                .bind(attempt_id)
                .bind(worker)
                .bind(state.as_str())
                .bind(status.map(i64::from))
                .bind(duration_ms)
                .bind(response_body)
                .bind(error)
                .bind(made_at)
                .execute(&mut *conn)
                .await?;
            if finished.rows_affected() == 0 {
                return Ok(false);
            }
            if let Some((retry_index, due_at)) = retry {
                sqlx::query(&sql.insert_retry)
                    .bind(attempt_id)
                    .bind(i64::try_from(*retry_index).unwrap_or(i64::MAX))
                    .bind(due_at)
                    .execute(&mut *conn)
                    .await?;
            }
            if *failed {
                sqlx::query(&sql.failing)
                    .bind(endpoint_id)
                    .bind(made_at)
                    .execute(&mut *conn)
                    .await?;
            } else {
                sqlx::query(&sql.succeeded)
                    .bind(endpoint_id)
                    .bind(made_at)
                    .execute(&mut *conn)
                    .await?;
            }
            if let Some(reason) = disable {
                sqlx::query(&sql.disable)
                    .bind(endpoint_id)
                    .bind(made_at)
                    .bind(reason)
                    .execute(&mut *conn)
                    .await?;
            }
            if let Some((reason, failing_since_before)) = disable_failing {
                sqlx::query(&sql.disable_failing)
                    .bind(endpoint_id)
                    .bind(made_at)
                    .bind(reason)
                    .bind(failing_since_before)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(true)
        }

        /// Queues one more attempt of a message, now, to `endpoint` or to every endpoint
        /// it went to; how many were queued.
        pub(crate) async fn resend(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            message_id: &str,
            endpoint: Option<i64>,
            now: i64,
        ) -> Result<u64, OutboxError> {
            Ok(sqlx::query(&sql.resend)
                .bind(tenant)
                .bind(message_id)
                .bind(now)
                .bind(endpoint)
                .execute(&mut *conn)
                .await?
                .rows_affected())
        }

        /// Queues one more attempt, now, of every message since `since` whose attempts
        /// to `endpoint` ended dead; how many.
        pub(crate) async fn recover(
            conn: &mut Conn,
            sql: &Sql,
            tenant: &str,
            endpoint: i64,
            since: i64,
            now: i64,
        ) -> Result<u64, OutboxError> {
            Ok(sqlx::query(&sql.recover)
                .bind(tenant)
                .bind(endpoint)
                .bind(since)
                .bind(now)
                .execute(&mut *conn)
                .await?
                .rows_affected())
        }
    };
}
