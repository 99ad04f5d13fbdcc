//! The one "did you mean" helper, used for providers, events, actions and attribute keys.

/// Longest name the edit distance is computed for; longer inputs never match.
const MAX_LEN: usize = 128;

/// Edit distance between two names (optimal string alignment over bytes), counting an
/// adjacent swap as one edit so transpositions (`stirpe`) score low. A `const fn`, so
/// declared providers' catalogs can be checked during constant evaluation too.
/// Returns `usize::MAX` for names longer than 128 bytes.
pub const fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > MAX_LEN || b.len() > MAX_LEN {
        return usize::MAX;
    }
    // Three rolling rows: two rows back (for swaps), the previous row and this one.
    let mut before = [0usize; MAX_LEN + 1];
    let mut previous = [0usize; MAX_LEN + 1];
    let mut current = [0usize; MAX_LEN + 1];
    let mut j = 0;
    while j <= b.len() {
        previous[j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        current[0] = i;
        let mut j = 1;
        while j <= b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            let mut best = min(
                min(previous[j] + 1, current[j - 1] + 1),
                previous[j - 1] + cost,
            );
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = min(best, before[j - 2] + 1);
            }
            current[j] = best;
            j += 1;
        }
        before = previous;
        previous = current;
        i += 1;
    }
    previous[b.len()]
}

const fn min(a: usize, b: usize) -> usize {
    if a < b {
        a
    } else {
        b
    }
}

/// Whether `candidate` is close enough to `input` to be offered as a correction:
/// at most two edits, or a third of the candidate's length for long names, and fewer
/// edits than the input has bytes.
const fn is_close(input: &str, candidate: &str, distance: usize) -> bool {
    let third = candidate.len() / 3;
    let allowed = if third > 2 { third } else { 2 };
    let input_len = if input.is_empty() { 1 } else { input.len() };
    distance <= allowed && distance < input_len
}

/// Index of the closest of `candidates` to `input`, if one is close enough to be a
/// likely typo (ties keep the earliest). A `const fn`; see [`did_you_mean`].
pub const fn closest(input: &str, candidates: &[&str]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut index = 0;
    while index < candidates.len() {
        let distance = edit_distance(input, candidates[index]);
        if is_close(input, candidates[index], distance) {
            best = match best {
                Some((d, _)) if d <= distance => best,
                _ => Some((distance, index)),
            };
        }
        index += 1;
    }
    match best {
        Some((_, index)) => Some(index),
        None => None,
    }
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
    fn const_closest_agrees_with_did_you_mean() {
        const EVENTS: &[&str] = &["order.created", "order.paid"];
        const FOUND: Option<usize> = closest("order.creatd", EVENTS);
        assert_eq!(FOUND, Some(0));
        assert_eq!(closest("zzz", EVENTS), None);
        assert_eq!(
            did_you_mean("order.creatd", EVENTS.iter().copied()),
            Some("order.created")
        );
        assert_eq!(edit_distance(&"x".repeat(200), "x"), usize::MAX);
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
