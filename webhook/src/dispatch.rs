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

    /// The indexes of every handler for `event`, most specific first (see
    /// [`for_each_match`](Self::for_each_match)); no heap allocation for up to
    /// [`Matches::INLINE`] handlers.
    pub(crate) fn matches(&self, event: &str) -> Matches {
        let mut matches = Matches::default();
        self.for_each_match(event, |index| matches.push(index));
        matches
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

/// Handler indexes, kept inline up to [`Matches::INLINE`], spilling to the heap beyond.
#[derive(Debug, Default)]
pub(crate) struct Matches {
    inline: [usize; Matches::INLINE],
    len: usize,
    spilled: Vec<usize>,
}

impl Matches {
    /// Handlers one event matches without a heap allocation.
    pub(crate) const INLINE: usize = 8;

    fn push(&mut self, index: usize) {
        if self.len < Self::INLINE {
            self.inline[self.len] = index;
            self.len += 1;
        } else {
            self.spilled.push(index);
        }
    }

    /// The indexes, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.inline[..self.len].iter().chain(&self.spilled).copied()
    }

    /// Whether no handler matched.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(table: &DispatchTable, event: &str) -> Vec<usize> {
        table.matches(event).iter().collect()
    }

    #[test]
    fn many_matches_spill_in_order() {
        let table = DispatchTable::new((0..12).map(|_| Pattern::Any));
        let found = table.matches("anything");
        assert_eq!(found.iter().count(), 12);
        assert_eq!(
            found.iter().collect::<Vec<_>>(),
            (0..12).collect::<Vec<_>>()
        );
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
