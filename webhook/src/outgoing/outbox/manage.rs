//! Managing the outbox from code: a tenant's endpoints (create, update, enable, disable,
//! rotate a secret), its messages and their attempts, resending and recovering.

use std::time::{Duration, SystemTime};

use super::check;
use super::error::OutboxError;
use super::filter::EventFilter;
use super::model::{
    duration_ms, millis_of, AttemptRecord, Endpoint, EndpointId, EndpointSecret, EndpointUpdate,
    Message, NewEndpoint, SigningSecret,
};
use super::store::NewEndpointRow;
use super::Outbox;

/// Most custom headers an endpoint may carry.
const MAX_HEADERS: usize = 32;

impl Outbox {
    /// Creates an endpoint for `tenant`, enabled; its URL passes the basic check and the
    /// [`UrlCheck`](super::UrlCheck) first.
    pub async fn create_endpoint(
        &self,
        tenant: &str,
        endpoint: NewEndpoint,
    ) -> Result<Endpoint, OutboxError> {
        let NewEndpoint {
            url,
            description,
            event_types,
            secret,
            rate_limit,
            headers,
            retry_schedule,
        } = endpoint;
        self.check_url(&url).await?;
        let filters = parse_filters(&event_types)?;
        check_headers(&headers)?;
        check_rate_limit(rate_limit)?;
        let secret = match secret {
            Some(secret) => secret,
            None => SigningSecret::generate().map_err(OutboxError::Random)?,
        };
        let filters: Vec<&str> = filters.iter().map(EventFilter::as_str).collect();
        let row = NewEndpointRow {
            tenant: tenant.to_owned(),
            url,
            description,
            event_types: serde_json::json!(filters).to_string(),
            secrets: serde_json::json!([EndpointSecret {
                secret,
                expires_at: None
            }])
            .to_string(),
            rate_limit: rate_limit.map(i64::from),
            headers: serde_json::json!(headers).to_string(),
            retry_schedule: retry_schedule
                .map(|schedule| serde_json::json!(schedule.to_millis()).to_string()),
        };
        let now = self.now_ms();
        let sql = &*self.sql;
        let id = with_conn!(&self.db, |conn, ops| ops::insert_endpoint(
            conn, sql, &row, now
        )
        .await)?;
        self.endpoint(tenant, EndpointId(id)).await
    }

    /// One of `tenant`'s endpoints.
    pub async fn endpoint(&self, tenant: &str, id: EndpointId) -> Result<Endpoint, OutboxError> {
        let now = self.now_ms();
        let sql = &*self.sql;
        with_conn!(&self.db, |conn, ops| ops::get_endpoint(
            conn, sql, tenant, id.0, now
        )
        .await)?
        .ok_or_else(|| OutboxError::UnknownEndpoint {
            tenant: tenant.to_owned(),
            id: id.0,
        })
    }

    /// `tenant`'s endpoints, oldest first.
    pub async fn endpoints(&self, tenant: &str) -> Result<Vec<Endpoint>, OutboxError> {
        let now = self.now_ms();
        let sql = &*self.sql;
        with_conn!(&self.db, |conn, ops| ops::list_endpoints(
            conn, sql, tenant, now
        )
        .await)
    }

    /// Changes an endpoint. Enabling one clears its disabled reason and failure clock.
    pub async fn update_endpoint(
        &self,
        tenant: &str,
        id: EndpointId,
        update: EndpointUpdate,
    ) -> Result<Endpoint, OutboxError> {
        let EndpointUpdate {
            url,
            description,
            event_types,
            enabled,
            rate_limit,
            headers,
            retry_schedule,
        } = update;
        let mut endpoint = self.endpoint(tenant, id).await?;
        if let Some(url) = url {
            self.check_url(&url).await?;
            endpoint.url = url;
        }
        if let Some(description) = description {
            endpoint.description = description;
        }
        if let Some(event_types) = event_types {
            endpoint.event_types = parse_filters(&event_types)?;
        }
        if let Some(rate_limit) = rate_limit {
            check_rate_limit(rate_limit)?;
            endpoint.rate_limit = rate_limit;
        }
        if let Some(headers) = headers {
            check_headers(&headers)?;
            endpoint.headers = headers;
        }
        if let Some(schedule) = retry_schedule {
            endpoint.retry_schedule = schedule.map(|schedule| schedule.delays().to_vec());
        }
        match enabled {
            Some(true) => {
                endpoint.enabled = true;
                endpoint.disabled_reason = None;
                endpoint.failing_since = None;
            }
            Some(false) if endpoint.enabled => {
                endpoint.enabled = false;
                endpoint.disabled_reason = Some("disabled by the application".to_owned());
            }
            _ => {}
        }
        self.write(&endpoint).await?;
        self.endpoint(tenant, id).await
    }

    /// Disables an endpoint, saying why. Its queued attempts wait until it is enabled.
    pub async fn disable_endpoint(
        &self,
        tenant: &str,
        id: EndpointId,
        reason: &str,
    ) -> Result<Endpoint, OutboxError> {
        let mut endpoint = self.endpoint(tenant, id).await?;
        endpoint.enabled = false;
        endpoint.disabled_reason = Some(reason.to_owned());
        self.write(&endpoint).await?;
        Ok(endpoint)
    }

    /// Makes `secret` the endpoint's signing secret. The secrets it had stay in use (one
    /// signature each) for `grace`, then are dropped; returns the new secret.
    pub async fn rotate_secret(
        &self,
        tenant: &str,
        id: EndpointId,
        secret: Option<SigningSecret>,
        grace: Duration,
    ) -> Result<SigningSecret, OutboxError> {
        let secret = match secret {
            Some(secret) => secret,
            None => SigningSecret::generate().map_err(OutboxError::Random)?,
        };
        let mut endpoint = self.endpoint(tenant, id).await?;
        let deadline = self.now_ms().saturating_add(duration_ms(grace));
        // `endpoint` already left the expired ones out: they are dropped here.
        for old in &mut endpoint.secrets {
            old.expires_at = Some(old.expires_at.map_or(deadline, |at| at.min(deadline)));
        }
        endpoint.secrets.insert(
            0,
            EndpointSecret {
                secret: secret.clone(),
                expires_at: None,
            },
        );
        self.write(&endpoint).await?;
        Ok(secret)
    }

    /// `tenant`'s messages, newest first: up to `limit`, older than the message `before`
    /// when given (to page).
    pub async fn messages(
        &self,
        tenant: &str,
        before: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Message>, OutboxError> {
        let sql = &*self.sql;
        with_conn!(&self.db, |conn, ops| {
            let before = match before {
                None => i64::MAX,
                Some(message_id) => {
                    let row: Option<i64> = sqlx::query_scalar(&sql.message)
                        .bind(tenant)
                        .bind(message_id)
                        .fetch_optional(&mut *conn)
                        .await?;
                    row.ok_or_else(|| OutboxError::UnknownMessage {
                        tenant: tenant.to_owned(),
                        message_id: message_id.to_owned(),
                    })?
                }
            };
            ops::list_messages(conn, sql, tenant, before, i64::from(limit)).await
        })
    }

    /// One of `tenant`'s messages.
    pub async fn message(&self, tenant: &str, message_id: &str) -> Result<Message, OutboxError> {
        let sql = &*self.sql;
        with_conn!(&self.db, |conn, ops| ops::get_message(
            conn, sql, tenant, message_id
        )
        .await)?
        .ok_or_else(|| OutboxError::UnknownMessage {
            tenant: tenant.to_owned(),
            message_id: message_id.to_owned(),
        })
    }

    /// Every attempt of one of `tenant`'s messages, by endpoint then attempt number.
    pub async fn attempts(
        &self,
        tenant: &str,
        message_id: &str,
    ) -> Result<Vec<AttemptRecord>, OutboxError> {
        let sql = &*self.sql;
        with_conn!(&self.db, |conn, ops| ops::list_attempts(
            conn, sql, tenant, message_id
        )
        .await)
    }

    /// Sends a message again, now, with the same `webhook-id`: to `endpoint`, or to every
    /// endpoint it went to. One attempt each, not retried. Returns how many were queued.
    pub async fn resend(
        &self,
        tenant: &str,
        message_id: &str,
        endpoint: Option<EndpointId>,
    ) -> Result<u64, OutboxError> {
        let now = self.now_ms();
        let sql = &*self.sql;
        let queued = with_conn!(&self.db, |conn, ops| ops::resend(
            conn,
            sql,
            tenant,
            message_id,
            endpoint.map(|id| id.0),
            now
        )
        .await)?;
        if queued == 0 {
            // Tell an unknown message from one that never matched an endpoint.
            self.message(tenant, message_id).await?;
        }
        self.wake.notify_one();
        Ok(queued)
    }

    /// Sends again, now, every message since `since` whose attempts to `endpoint` all
    /// failed (dead letters), one attempt each; returns how many. For an endpoint back
    /// from an outage.
    pub async fn recover(
        &self,
        tenant: &str,
        endpoint: EndpointId,
        since: SystemTime,
    ) -> Result<u64, OutboxError> {
        self.endpoint(tenant, endpoint).await?;
        let now = self.now_ms();
        let sql = &*self.sql;
        let queued = with_conn!(&self.db, |conn, ops| ops::recover(
            conn,
            sql,
            tenant,
            endpoint.0,
            millis_of(since),
            now
        )
        .await)?;
        self.wake.notify_one();
        Ok(queued)
    }

    async fn write(&self, endpoint: &Endpoint) -> Result<(), OutboxError> {
        let now = self.now_ms();
        let sql = &*self.sql;
        with_conn!(&self.db, |conn, ops| ops::write_endpoint(
            conn, sql, endpoint, now
        )
        .await)
    }

    async fn check_url(&self, url: &str) -> Result<(), OutboxError> {
        check::basic(url).map_err(OutboxError::InvalidEndpoint)?;
        if let Some(hook) = &self.url_check {
            hook.check(url)
                .await
                .map_err(|reason| OutboxError::InvalidEndpoint(format!("`{url}`: {reason}")))?;
        }
        Ok(())
    }
}

fn parse_filters(patterns: &[String]) -> Result<Vec<EventFilter>, OutboxError> {
    if patterns.is_empty() {
        return Err(OutboxError::InvalidEndpoint(
            "an endpoint needs at least one event filter (`*` for every type)".to_owned(),
        ));
    }
    patterns
        .iter()
        .map(|pattern| EventFilter::parse(pattern).map_err(OutboxError::InvalidEndpoint))
        .collect()
}

fn check_headers(headers: &[(String, String)]) -> Result<(), OutboxError> {
    if headers.len() > MAX_HEADERS {
        return Err(OutboxError::InvalidEndpoint(format!(
            "at most {MAX_HEADERS} custom headers"
        )));
    }
    for (name, value) in headers {
        let parsed = http::HeaderName::try_from(name.as_str()).map_err(|_| {
            OutboxError::InvalidEndpoint(format!("`{name}` is not a valid header name"))
        })?;
        if parsed.as_str().starts_with("webhook-") || parsed == http::header::CONTENT_TYPE {
            return Err(OutboxError::InvalidEndpoint(format!(
                "the header `{name}` is set by the sender itself"
            )));
        }
        http::HeaderValue::try_from(value.as_str()).map_err(|_| {
            OutboxError::InvalidEndpoint(format!("the value of header `{name}` is not valid"))
        })?;
    }
    Ok(())
}

fn check_rate_limit(limit: Option<u32>) -> Result<(), OutboxError> {
    if limit == Some(0) {
        return Err(OutboxError::InvalidEndpoint(
            "a rate limit must allow at least 1 attempt per second (or be left out)".to_owned(),
        ));
    }
    Ok(())
}
