//! Reading the outbox's rows back: `rows_operations!`, expanded in each backend's module
//! where `DbRow` names its row type (the column types are the same on both).

/// Defines `endpoint`, `message`, `attempt` and `job`, reading a `DbRow`.
macro_rules! rows_operations {
    () => {
        use sqlx::Row as _;

        use $crate::outgoing::outbox::error::OutboxError;
        use $crate::outgoing::outbox::filter::EventFilter;
        use $crate::outgoing::outbox::model::{
            time_of, AttemptRecord, AttemptState, Endpoint, EndpointId, EndpointSecret, Message,
        };
        use $crate::outgoing::outbox::store::Job;

        fn json<T: serde::de::DeserializeOwned>(
            text: &str,
            column: &str,
        ) -> Result<T, OutboxError> {
            serde_json::from_str(text)
                .map_err(|error| OutboxError::CorruptRow(format!("column `{column}`: {error}")))
        }

        pub(crate) fn endpoint(row: &DbRow, now: i64) -> Result<Endpoint, OutboxError> {
            let filters: Vec<String> = json(row.try_get("event_types")?, "event_types")?;
            let secrets: Vec<EndpointSecret> = json(row.try_get("secrets")?, "secrets")?;
            let schedule: Option<String> = row.try_get("retry_schedule")?;
            let schedule: Option<Vec<u64>> = schedule
                .map(|text| json(&text, "retry_schedule"))
                .transpose()?;
            let rate_limit: Option<i64> = row.try_get("rate_limit")?;
            Ok(Endpoint {
                id: EndpointId(row.try_get("id")?),
                tenant: row.try_get("tenant")?,
                url: row.try_get("url")?,
                description: row.try_get("description")?,
                event_types: filters
                    .iter()
                    .map(|pattern| EventFilter::parse(pattern).map_err(OutboxError::CorruptRow))
                    .collect::<Result<_, _>>()?,
                secrets: live_secrets(secrets, now),
                enabled: row.try_get("enabled")?,
                disabled_reason: row.try_get("disabled_reason")?,
                rate_limit: rate_limit.and_then(|limit| u32::try_from(limit).ok()),
                headers: json(row.try_get("headers")?, "headers")?,
                retry_schedule: schedule.map(|millis| {
                    millis
                        .into_iter()
                        .map(std::time::Duration::from_millis)
                        .collect()
                }),
                failing_since: row.try_get::<Option<i64>, _>("failing_since")?.map(time_of),
                created_at: time_of(row.try_get("created_at")?),
            })
        }

        pub(crate) fn message(row: &DbRow) -> Result<Message, OutboxError> {
            Ok(Message {
                message_id: row.try_get("message_id")?,
                tenant: row.try_get("tenant")?,
                event_type: row.try_get("event_type")?,
                payload: row.try_get("payload")?,
                idempotency_key: row.try_get("idempotency_key")?,
                created_at: time_of(row.try_get("created_at")?),
            })
        }

        pub(crate) fn attempt(row: &DbRow) -> Result<AttemptRecord, OutboxError> {
            let state: String = row.try_get("state")?;
            let status: Option<i64> = row.try_get("status")?;
            let duration: Option<i64> = row.try_get("duration_ms")?;
            Ok(AttemptRecord {
                message_id: row.try_get("message_id")?,
                endpoint_id: EndpointId(row.try_get("endpoint_id")?),
                attempt: u32::try_from(row.try_get::<i64, _>("attempt")?).unwrap_or(u32::MAX),
                state: AttemptState::parse(&state)
                    .ok_or_else(|| OutboxError::CorruptRow(format!("attempt state `{state}`")))?,
                due_at: time_of(row.try_get("due_at")?),
                status: status.and_then(|status| u16::try_from(status).ok()),
                duration: duration
                    .map(|ms| std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0))),
                response_body: row.try_get("response_body")?,
                error: row.try_get("error")?,
                finished_at: row.try_get::<Option<i64>, _>("finished_at")?.map(time_of),
            })
        }

        pub(crate) fn job(row: &DbRow, now: i64) -> Result<Job, OutboxError> {
            let secrets: Vec<EndpointSecret> = json(row.try_get("secrets")?, "secrets")?;
            let schedule: Option<String> = row.try_get("retry_schedule")?;
            let rate_limit: Option<i64> = row.try_get("rate_limit")?;
            let retry_index: Option<i64> = row.try_get("retry_index")?;
            Ok(Job {
                id: row.try_get("id")?,
                attempt: row.try_get("attempt")?,
                retry_index: retry_index.and_then(|index| usize::try_from(index).ok()),
                tenant: row.try_get("tenant")?,
                message_id: row.try_get("message_id")?,
                event_type: row.try_get("event_type")?,
                payload: row.try_get::<Vec<u8>, _>("payload")?.into(),
                endpoint: EndpointId(row.try_get("endpoint_id")?),
                url: row.try_get("url")?,
                headers: json(row.try_get("headers")?, "headers")?,
                secrets: live_secrets(secrets, now)
                    .into_iter()
                    .map(|secret| secret.secret)
                    .collect(),
                retry_schedule: schedule
                    .map(|text| json(&text, "retry_schedule"))
                    .transpose()?,
                rate_limit: rate_limit.and_then(|limit| u32::try_from(limit).ok()),
            })
        }

        /// The secrets still in their grace period at `now`.
        fn live_secrets(secrets: Vec<EndpointSecret>, now: i64) -> Vec<EndpointSecret> {
            secrets
                .into_iter()
                .filter(|secret| secret.expires_at.is_none_or(|deadline| deadline > now))
                .collect()
        }
    };
}
