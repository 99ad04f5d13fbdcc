//! [`EventFilter`]: which event types an endpoint receives.

use std::fmt;

/// One subscription of an endpoint: an exact event type (`invoice.paid`), every type under
/// a prefix (`invoice.*`), or every type (`*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventFilter(String);

impl EventFilter {
    /// Checks `pattern`: non-empty, at most 256 bytes, no whitespace or control
    /// characters, and a `*` only as the whole pattern or after a final `.`.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        if pattern.is_empty() || pattern.len() > 256 {
            return Err(format!(
                "event filter `{pattern}` must be 1 to 256 bytes long"
            ));
        }
        if pattern.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "event filter `{}` contains whitespace or a control character",
                pattern.escape_debug()
            ));
        }
        let star_ok = match pattern.find('*') {
            None => true,
            Some(at) => at + 1 == pattern.len() && (pattern == "*" || pattern[..at].ends_with('.')),
        };
        if !star_ok || pattern.matches('*').count() > 1 || pattern == ".*" {
            return Err(format!(
                "event filter `{pattern}`: use an exact type (`invoice.paid`), a prefix \
                 ending in `.*` (`invoice.*`), or `*` for every type"
            ));
        }
        Ok(EventFilter(pattern.to_owned()))
    }

    /// Whether `event_type` passes this filter.
    pub fn matches(&self, event_type: &str) -> bool {
        match self.0.strip_suffix('*') {
            None => self.0 == event_type,
            Some("") => true,
            // `invoice.*` takes `invoice.paid` and `invoice.payment.failed`, not `invoice`.
            Some(prefix) => event_type.len() > prefix.len() && event_type.starts_with(prefix),
        }
    }

    /// The pattern.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether any of `filters` passes `event_type`.
pub(crate) fn any_matches(filters: &[EventFilter], event_type: &str) -> bool {
    filters.iter().any(|filter| filter.matches(event_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pattern: &str) -> EventFilter {
        EventFilter::parse(pattern).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn exact_prefix_and_everything() {
        assert!(filter("invoice.paid").matches("invoice.paid"));
        assert!(!filter("invoice.paid").matches("invoice.paid.late"));
        assert!(filter("invoice.*").matches("invoice.paid"));
        assert!(filter("invoice.*").matches("invoice.payment.failed"));
        assert!(!filter("invoice.*").matches("invoice."));
        assert!(!filter("invoice.*").matches("invoices.paid"));
        assert!(!filter("invoice.*").matches("invoice"));
        assert!(filter("*").matches("anything.at.all"));
    }

    #[test]
    fn malformed_filters_say_what_to_write() {
        for bad in [
            "", "in*voice", "invoice*", "*.paid", "a.**", ".*", "a b", "a.*.*",
        ] {
            let error = EventFilter::parse(bad).err();
            assert!(error.is_some(), "`{bad}` was accepted");
        }
        let error = EventFilter::parse("invoice*").err().unwrap_or_default();
        assert!(error.contains("`invoice.*`"), "{error}");
    }
}
