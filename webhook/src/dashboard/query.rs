//! The list's filters as they live in the URL (`?provider=stripe&status=dead`), so a
//! filtered view can be shared and the back button works: parsed into a
//! [`DeliveryFilter`], and written back into links.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::store::{DeliveryFilter, DeliveryId, DeliveryStatus};

/// Rows per page.
pub(crate) const PAGE_SIZE: u32 = 50;

/// The list's query string. Empty fields (an untouched form input) mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct ListQuery {
    /// The provider's delivery id, looked up exactly.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) provider: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) endpoint: String,
    /// Exact, or a prefix ending in `*`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) event: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) status: String,
    /// `YYYY-MM-DDTHH:MM[:SS]`, UTC (what `<input type="datetime-local">` sends).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) since: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) until: String,
    /// The keyset cursor: rows older than this store id.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) before: String,
}

/// A query the list cannot run, said so on a `400` page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum QueryError {
    #[error("the query string is malformed: {0}")]
    Malformed(String),
    #[error("{0}")]
    Status(#[from] crate::store::UnknownStatus),
    #[error("`{field}` is not a time: write it as YYYY-MM-DDTHH:MM (UTC), e.g. 2024-05-01T13:30")]
    Time { field: &'static str },
    #[error("`before` must be a delivery's number (the list's \"older\" link sets it)")]
    Cursor,
}

impl ListQuery {
    /// Parses a raw query string (`None`: no query).
    pub(crate) fn parse(query: Option<&str>) -> Result<Self, QueryError> {
        serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|error| QueryError::Malformed(error.to_string()))
    }

    /// The store's filter for this query (no limit, no cursor).
    pub(crate) fn filter(&self) -> Result<DeliveryFilter, QueryError> {
        let text = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
        let mut filter = DeliveryFilter::new();
        filter.delivery_id = text(&self.id);
        filter.provider = text(&self.provider);
        filter.endpoint = text(&self.endpoint);
        filter.event = text(&self.event);
        filter.status = text(&self.status)
            .map(|status| status.parse::<DeliveryStatus>())
            .transpose()?;
        filter.received_after = parse_time(&self.since, "since")?;
        filter.received_before = parse_time(&self.until, "until")?;
        Ok(filter)
    }

    /// The filter of one page: [`filter`](Self::filter) with the cursor and one row more
    /// than a page, which tells whether an older page exists.
    pub(crate) fn page_filter(&self) -> Result<DeliveryFilter, QueryError> {
        let mut filter = self.filter()?;
        filter.before = self.cursor()?;
        filter.limit = Some(PAGE_SIZE + 1);
        Ok(filter)
    }

    /// The keyset cursor, if set.
    pub(crate) fn cursor(&self) -> Result<Option<DeliveryId>, QueryError> {
        let before = self.before.trim();
        if before.is_empty() {
            return Ok(None);
        }
        before
            .parse::<i64>()
            .map(|id| Some(DeliveryId(id)))
            .map_err(|_| QueryError::Cursor)
    }

    /// This query without its cursor: the first page of the same filter.
    pub(crate) fn first_page(&self) -> Self {
        ListQuery {
            before: String::new(),
            ..self.clone()
        }
    }

    /// This query's page after `last`.
    pub(crate) fn after(&self, last: DeliveryId) -> Self {
        ListQuery {
            before: last.0.to_string(),
            ..self.clone()
        }
    }

    /// The query string, with a leading `?` unless empty.
    pub(crate) fn to_query_string(&self) -> String {
        let encoded = serde_urlencoded::to_string(self).unwrap_or_default();
        if encoded.is_empty() {
            encoded
        } else {
            format!("?{encoded}")
        }
    }

    /// Whether any filter is set (the cursor aside).
    pub(crate) fn filters(&self) -> bool {
        self.first_page() != ListQuery::default()
    }
}

/// Reads `YYYY-MM-DDTHH:MM[:SS]` (or with a space, or RFC 3339) as UTC.
fn parse_time(value: &str, field: &'static str) -> Result<Option<SystemTime>, QueryError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let with_seconds;
    let value = if value.len() == 16 {
        with_seconds = format!("{value}:00");
        with_seconds.as_str()
    } else {
        value
    };
    humantime::parse_rfc3339_weak(value)
        .map(Some)
        .map_err(|_| QueryError::Time { field })
}

/// A time as the list shows it and the time inputs take it: `YYYY-MM-DD HH:MM:SS` UTC.
pub(crate) fn show_time(time: SystemTime) -> String {
    let text = humantime::format_rfc3339_seconds(time).to_string();
    text.trim_end_matches('Z').replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn filters_round_trip_through_the_url() {
        let query = ListQuery::parse(Some(
            "provider=stripe&event=invoice.*&status=dead&since=2024-05-01T13:30&until=&before=42",
        ))
        .expect("parses");
        let filter = query.page_filter().expect("valid");
        assert_eq!(filter.provider.as_deref(), Some("stripe"));
        assert_eq!(filter.endpoint, None);
        assert_eq!(filter.event.as_deref(), Some("invoice.*"));
        assert_eq!(filter.status, Some(DeliveryStatus::Dead));
        assert_eq!(
            filter.received_after,
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_570_200))
        );
        assert_eq!(filter.before, Some(DeliveryId(42)));
        assert_eq!(filter.limit, Some(PAGE_SIZE + 1));
        let again = ListQuery::parse(Some(&query.to_query_string()[1..])).expect("parses");
        assert_eq!(again, query);
        assert_eq!(query.first_page().before, "");
        assert!(query.filters());
        assert!(!ListQuery::default().after(DeliveryId(3)).filters());
    }

    #[test]
    fn bad_values_say_what_to_write() {
        let status = ListQuery::parse(Some("status=done")).expect("parses");
        assert!(status
            .filter()
            .unwrap_err()
            .to_string()
            .contains("expected one of"));
        let time = ListQuery::parse(Some("since=yesterday")).expect("parses");
        assert!(time
            .filter()
            .unwrap_err()
            .to_string()
            .contains("YYYY-MM-DD"));
        let cursor = ListQuery::parse(Some("before=x")).expect("parses");
        assert_eq!(cursor.page_filter(), Err(QueryError::Cursor));
    }

    #[test]
    fn times_show_in_utc() {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_570_200);
        assert_eq!(show_time(time), "2024-05-01 13:30:00");
        let parsed = ListQuery::parse(Some("since=2024-05-01+13:30:00"))
            .expect("parses")
            .filter()
            .expect("valid");
        assert_eq!(parsed.received_after, Some(time));
    }
}
