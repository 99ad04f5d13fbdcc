//! [`DeliveryFilter`]: which rows [`list`](super::Store::list) and
//! [`replay_matching`](super::Store::replay_matching) act on.

use std::time::SystemTime;

use sqlx::{Database, Encode, QueryBuilder, Type};

use super::model::{to_millis, DeliveryId, DeliveryStatus};

/// Selects logged deliveries; every condition set must hold, and an empty filter
/// matches every row.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use webhook::store::{DeliveryFilter, DeliveryStatus};
///
/// let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
/// let filter = DeliveryFilter::new()
///     .provider("stripe")
///     .event("invoice.*")              // a prefix; "invoice.paid" would be exact
///     .status(DeliveryStatus::Dead)
///     .received_after(an_hour_ago)
///     .limit(100);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    /// Only this provider's deliveries.
    pub provider: Option<String>,
    /// Only deliveries to this endpoint path.
    pub endpoint: Option<String>,
    /// Only this event: an exact name, or a prefix ending in `*` (`invoice.*`); `*`
    /// alone matches every event, and rows without one.
    pub event: Option<String>,
    /// Only rows in this status.
    pub status: Option<DeliveryStatus>,
    /// Only rows received at or after this time.
    pub received_after: Option<SystemTime>,
    /// Only rows received before this time.
    pub received_before: Option<SystemTime>,
    /// Only the delivery with this provider's delivery id (`evt_…`, `X-GitHub-Delivery`,
    /// `webhook-id`): an exact lookup.
    pub delivery_id: Option<String>,
    /// Only rows older than this one (`id` below it): the cursor of keyset pagination,
    /// which stays stable while new rows arrive.
    pub before: Option<DeliveryId>,
    /// At most this many rows (`list`: the newest; `replay_matching`: the oldest).
    pub limit: Option<u32>,
}

impl DeliveryFilter {
    /// A filter matching every row.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only this provider's deliveries.
    pub fn provider(mut self, provider: impl Into<String>) -> Self {
        self.provider = Some(provider.into());
        self
    }

    /// Only deliveries to this endpoint path.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Only this event, exact or as a `prefix*`.
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// Only rows in this status.
    pub fn status(mut self, status: DeliveryStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only rows received at or after `time`.
    pub fn received_after(mut self, time: SystemTime) -> Self {
        self.received_after = Some(time);
        self
    }

    /// Only rows received before `time`.
    pub fn received_before(mut self, time: SystemTime) -> Self {
        self.received_before = Some(time);
        self
    }

    /// Only the delivery with this provider's delivery id.
    pub fn delivery_id(mut self, id: impl Into<String>) -> Self {
        self.delivery_id = Some(id.into());
        self
    }

    /// Only rows older than `id` (the next page after a page ending at `id`).
    pub fn before(mut self, id: DeliveryId) -> Self {
        self.before = Some(id);
        self
    }

    /// At most `limit` rows.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// How an event condition reads in SQL.
#[derive(Debug, PartialEq, Eq)]
enum EventCondition {
    Any,
    Exact(String),
    /// A `LIKE` pattern with `\` escaping, ending in `%`.
    Prefix(String),
}

fn event_condition(event: &str) -> EventCondition {
    match event.strip_suffix('*') {
        Some("") => EventCondition::Any,
        Some(prefix) => {
            let mut pattern = String::with_capacity(prefix.len() + 1);
            for c in prefix.chars() {
                if matches!(c, '\\' | '%' | '_') {
                    pattern.push('\\');
                }
                pattern.push(c);
            }
            pattern.push('%');
            EventCondition::Prefix(pattern)
        }
        None => EventCondition::Exact(event.to_owned()),
    }
}

/// Appends ` WHERE …` for `filter` plus the `fixed` SQL conditions (no binds in them)
/// to `query`. The same SQL works on SQLite and PostgreSQL.
pub(crate) fn push_where<DB>(
    query: &mut QueryBuilder<'_, DB>,
    filter: &DeliveryFilter,
    fixed: &[&str],
) where
    DB: Database,
    String: for<'q> Encode<'q, DB> + Type<DB>,
    i64: for<'q> Encode<'q, DB> + Type<DB>,
{
    let DeliveryFilter {
        provider,
        endpoint,
        event,
        status,
        received_after,
        received_before,
        delivery_id,
        before,
        limit: _,
    } = filter;
    let mut first = true;
    let mut and = |query: &mut QueryBuilder<'_, DB>| {
        query.push(if first { " WHERE " } else { " AND " });
        first = false;
    };
    for condition in fixed {
        and(query);
        query.push(condition);
    }
    if let Some(provider) = provider {
        and(query);
        query.push("provider = ").push_bind(provider.clone());
    }
    if let Some(endpoint) = endpoint {
        and(query);
        query.push("endpoint = ").push_bind(endpoint.clone());
    }
    match event.as_deref().map(event_condition) {
        None | Some(EventCondition::Any) => {}
        Some(EventCondition::Exact(name)) => {
            and(query);
            query.push("event = ").push_bind(name);
        }
        Some(EventCondition::Prefix(pattern)) => {
            and(query);
            query
                .push("event LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\'");
        }
    }
    if let Some(status) = status {
        and(query);
        // A literal, not a bind: the name is one of the enum's fixed words, and a
        // planner that sees the value may use a partial index covering it (SQLite
        // never does for a bound value).
        query.push(format_args!("status = '{}'", status.as_str()));
    }
    if let Some(after) = received_after {
        and(query);
        query.push("received_at >= ").push_bind(to_millis(*after));
    }
    if let Some(until) = received_before {
        and(query);
        query.push("received_at < ").push_bind(to_millis(*until));
    }
    if let Some(delivery_id) = delivery_id {
        and(query);
        query.push("delivery_id = ").push_bind(delivery_id.clone());
    }
    if let Some(before) = before {
        and(query);
        query.push("id < ").push_bind(before.0);
    }
}

/// Appends ` ORDER BY id {direction} LIMIT n` (the limit only when the filter has one).
pub(crate) fn push_order_and_limit<DB>(
    query: &mut QueryBuilder<'_, DB>,
    filter: &DeliveryFilter,
    newest_first: bool,
) where
    DB: Database,
    i64: for<'q> Encode<'q, DB> + Type<DB>,
{
    query.push(if newest_first {
        " ORDER BY id DESC"
    } else {
        " ORDER BY id ASC"
    });
    if let Some(limit) = filter.limit {
        query.push(" LIMIT ").push_bind(i64::from(limit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_exact_or_escaped_prefixes() {
        assert_eq!(event_condition("*"), EventCondition::Any);
        assert_eq!(
            event_condition("invoice.paid"),
            EventCondition::Exact("invoice.paid".into())
        );
        assert_eq!(
            event_condition("invoice.*"),
            EventCondition::Prefix("invoice.%".into())
        );
        assert_eq!(
            event_condition("a_b%c\\*"),
            EventCondition::Prefix("a\\_b\\%c\\\\%".into())
        );
    }
}
