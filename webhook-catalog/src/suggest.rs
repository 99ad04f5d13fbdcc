//! The one "did you mean" helper, used for providers, events, actions and attribute keys.

/// Edit distance between two strings (Damerau–Levenshtein, optimal string alignment),
/// counting an adjacent swap as one edit so `invoice.payed`/`invoice.paid`-style typos
/// and transpositions score low.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        rows[at(i, 0)] = i;
    }
    for j in 0..=b.len() {
        rows[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[at(i - 1, j)] + 1)
                .min(rows[at(i, j - 1)] + 1)
                .min(rows[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[at(i - 2, j - 2)] + 1);
            }
            rows[at(i, j)] = best;
        }
    }
    rows[at(a.len(), b.len())]
}

/// Whether `candidate` is close enough to `input` to be offered as a correction:
/// at most two edits, or a third of the candidate's length for long names.
fn is_close(input: &str, candidate: &str, distance: usize) -> bool {
    let allowed = 2.max(candidate.chars().count() / 3);
    distance <= allowed && distance < input.chars().count().max(1)
}

/// The closest candidate to `input`, if one is close enough to be a likely typo.
///
/// Ties keep the earliest candidate, so callers pass candidates in a stable order.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = edit_distance(input, candidate);
        if !is_close(input, candidate, distance) {
            continue;
        }
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// The hint to append to an "unknown X" message: `; did you mean `y`?` for a near miss,
/// the full list when there is no near miss and the list is short, or nothing.
pub fn hint<'a, I>(input: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    const LIST_AT_MOST: usize = 24;
    let candidates = candidates.into_iter();
    if let Some(close) = did_you_mean(input, candidates.clone()) {
        return format!("; did you mean `{close}`?");
    }
    let all: Vec<&str> = candidates.collect();
    if !all.is_empty() && all.len() <= LIST_AT_MOST {
        let listed: Vec<String> = all.iter().map(|name| format!("`{name}`")).collect();
        return format!("; expected one of {}", listed.join(", "));
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(edit_distance("invoice.payed", "invoice.paid"), 2);
        assert_eq!(edit_distance("opend", "opened"), 1);
        assert_eq!(edit_distance("stirpe", "stripe"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggests_near_misses_only() {
        let events = ["invoice.paid", "invoice.payment_failed", "customer.created"];
        assert_eq!(did_you_mean("invoice.payed", events), Some("invoice.paid"));
        assert_eq!(
            did_you_mean("customer.create", events),
            Some("customer.created")
        );
        assert_eq!(did_you_mean("totally.different", events), None);
        assert_eq!(did_you_mean("open", ["opened", "closed"]), Some("opened"));
    }

    #[test]
    fn hint_lists_short_lists_when_nothing_is_close() {
        assert_eq!(
            hint("evnt", ["event", "provider"]),
            "; did you mean `event`?"
        );
        assert_eq!(
            hint("zzz", ["event", "provider"]),
            "; expected one of `event`, `provider`"
        );
        let long: Vec<String> = (0..40).map(|i| format!("name{i}")).collect();
        assert_eq!(hint("zzzzzzzz", long.iter().map(String::as_str)), "");
    }
}
