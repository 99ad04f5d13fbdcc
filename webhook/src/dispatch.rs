//! The dispatch table: event name → handlers, fixed when the router is built.
//!
//! A lookup costs one binary search for the exact name, one per dot for families
//! (`invoice.payment.failed` looks up `invoice.payment.failed`, `invoice.payment`,
//! `invoice`), and nothing for `*`: never a scan over all handlers. The names are
//! fixed before the first request and only ever looked up, so sorted slices do: no
//! hashing per request (SipHash's resistance to chosen keys buys nothing here, as a
//! request cannot add a key).

use webhook_catalog::Pattern;

/// Handler indexes by pattern, most specific first.
#[derive(Debug, Default)]
pub(crate) struct DispatchTable {
    exact: Names,
    families: Names,
    any: Vec<usize>,
}

/// Names sorted, each with its handlers' indexes in registration order.
#[derive(Debug, Default)]
struct Names(Box<[(&'static str, Vec<usize>)]>);

impl Names {
    fn new(mut entries: Vec<(&'static str, usize)>) -> Self {
        // Stable: one name's handlers stay in registration order.
        entries.sort_by_key(|&(name, _)| name);
        let mut names: Vec<(&'static str, Vec<usize>)> = Vec::new();
        for (name, index) in entries {
            match names.last_mut() {
                Some((last, indexes)) if *last == name => indexes.push(index),
                _ => names.push((name, vec![index])),
            }
        }
        Names(names.into_boxed_slice())
    }

    fn get(&self, name: &str) -> Option<&Vec<usize>> {
        self.0
            .binary_search_by(|&(probe, _)| probe.cmp(name))
            .ok()
            .map(|found| &self.0[found].1)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl DispatchTable {
    /// Builds the table from each handler's pattern, in registration order.
    pub(crate) fn new(patterns: impl IntoIterator<Item = Pattern<'static>>) -> Self {
        let mut exact = Vec::new();
        let mut families = Vec::new();
        let mut any = Vec::new();
        for (index, pattern) in patterns.into_iter().enumerate() {
            match pattern {
                Pattern::Exact(name) => exact.push((name, index)),
                Pattern::Prefix(family) => families.push((family, index)),
                Pattern::Any => any.push(index),
            }
        }
        DispatchTable {
            exact: Names::new(exact),
            families: Names::new(families),
            any,
        }
    }

    /// The indexes of every handler for `event`, most specific first (see
    /// [`for_each_match`](Self::for_each_match)); no heap allocation for up to
    /// [`Matches::ON_STACK`] handlers.
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

/// Handler indexes, kept on the stack up to [`Matches::ON_STACK`], spilling to the heap beyond.
#[derive(Debug, Default)]
pub(crate) struct Matches {
    on_stack: [usize; Matches::ON_STACK],
    len: usize,
    spilled: Vec<usize>,
}

impl Matches {
    /// Handlers one event matches without a heap allocation.
    pub(crate) const ON_STACK: usize = 8;

    fn push(&mut self, index: usize) {
        if self.len < Self::ON_STACK {
            self.on_stack[self.len] = index;
            self.len += 1;
        } else {
            self.spilled.push(index);
        }
    }

    /// The indexes, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.on_stack[..self.len]
            .iter()
            .chain(&self.spilled)
            .copied()
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
    fn every_name_is_found_among_many() {
        // Registered out of order, with repeats: each name's handlers in their order.
        let names: Vec<String> = (0..50)
            .map(|i| format!("event.{}", (i * 37) % 50))
            .collect();
        let names: Vec<&'static str> = names
            .into_iter()
            .map(|name| &*Box::leak(name.into_boxed_str()))
            .collect();
        let mut patterns: Vec<Pattern<'static>> = names.iter().map(|n| Pattern::Exact(n)).collect();
        patterns.push(Pattern::Exact(names[7]));
        let table = DispatchTable::new(patterns);
        for (index, name) in names.iter().enumerate() {
            let expected: Vec<usize> = if index == 7 { vec![7, 50] } else { vec![index] };
            assert_eq!(matches(&table, name), expected, "{name}");
        }
        assert!(matches(&table, "event.50").is_empty());
        assert!(matches(&table, "event").is_empty());
        assert!(matches(&table, "").is_empty());
    }

    #[test]
    fn families_match_the_bare_name_too() {
        let table = DispatchTable::new([Pattern::Prefix("push"), Pattern::Prefix("pull_request")]);
        assert_eq!(matches(&table, "push"), [0]);
        assert_eq!(matches(&table, "pull_request.opened"), [1]);
        assert!(matches(&table, "pull_request_review.submitted").is_empty());
    }
}
