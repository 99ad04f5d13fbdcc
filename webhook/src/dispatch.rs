//! The dispatch table: event name → handlers, fixed when the router is built.
//!
//! A lookup costs one hash probe for the exact name, one per dot for families
//! (`invoice.payment.failed` probes `invoice.payment.failed`, `invoice.payment`,
//! `invoice`), and nothing for `*`: never a scan over all handlers.

use std::collections::HashMap;

use webhook_catalog::Pattern;

/// Handler indexes by pattern, most specific first.
#[derive(Debug, Default)]
pub(crate) struct DispatchTable {
    exact: HashMap<&'static str, Vec<usize>>,
    families: HashMap<&'static str, Vec<usize>>,
    any: Vec<usize>,
}

impl DispatchTable {
    /// Builds the table from each handler's pattern, in registration order.
    pub(crate) fn new(patterns: impl IntoIterator<Item = Pattern<'static>>) -> Self {
        let mut table = DispatchTable::default();
        for (index, pattern) in patterns.into_iter().enumerate() {
            match pattern {
                Pattern::Exact(name) => table.exact.entry(name).or_default().push(index),
                Pattern::Prefix(family) => table.families.entry(family).or_default().push(index),
                Pattern::Any => table.any.push(index),
            }
        }
        table
    }

    /// Calls `visit` with the index of every handler for `event`: exact matches first,
    /// then families from the longest to the shortest, then `*`.
    pub(crate) fn for_each_match(&self, event: &str, mut visit: impl FnMut(usize)) {
        let mut visit_all = |indexes: Option<&Vec<usize>>| {
            indexes.into_iter().flatten().copied().for_each(&mut visit);
        };
        visit_all(self.exact.get(event));
        if !self.families.is_empty() {
            visit_all(self.families.get(event));
            for (dot, _) in event.rmatch_indices('.') {
                visit_all(self.families.get(&event[..dot]));
            }
        }
        visit_all(Some(&self.any));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(table: &DispatchTable, event: &str) -> Vec<usize> {
        let mut found = Vec::new();
        table.for_each_match(event, |index| found.push(index));
        found
    }

    #[test]
    fn most_specific_first_and_every_match_runs() {
        let table = DispatchTable::new([
            Pattern::Any,
            Pattern::Prefix("invoice"),
            Pattern::Exact("invoice.paid"),
            Pattern::Exact("invoice.paid"),
            Pattern::Prefix("invoice.payment"),
        ]);
        assert_eq!(matches(&table, "invoice.paid"), [2, 3, 1, 0]);
        assert_eq!(matches(&table, "invoice.payment.failed"), [4, 1, 0]);
        assert_eq!(matches(&table, "invoiceitem.created"), [0]);
    }

    #[test]
    fn families_match_the_bare_name_too() {
        let table = DispatchTable::new([Pattern::Prefix("push"), Pattern::Prefix("pull_request")]);
        assert_eq!(matches(&table, "push"), [0]);
        assert_eq!(matches(&table, "pull_request.opened"), [1]);
        assert!(matches(&table, "pull_request_review.submitted").is_empty());
    }
}
