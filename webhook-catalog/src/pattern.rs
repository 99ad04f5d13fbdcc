//! Event patterns (`invoice.paid`, `invoice.*`, `pull_request`, `*`) and the rules that
//! check them against a catalog. The runtime dispatches on exactly these three forms.

use std::fmt;

use crate::suggest::hint;
use crate::{Catalog, Grammar};

/// A checked event pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern<'a> {
    /// `*`: every event of the provider.
    Any,
    /// A family: the name itself and every name that continues it after a dot.
    /// Stripe's `invoice.*` is `Prefix("invoice")`; GitHub's `pull_request` (every
    /// action) is `Prefix("pull_request")`.
    Prefix(&'a str),
    /// One exact event name (`invoice.paid`, `pull_request.opened`).
    Exact(&'a str),
}

impl Pattern<'_> {
    /// Whether a delivered event name matches this pattern.
    pub fn matches(&self, event: &str) -> bool {
        match *self {
            Pattern::Any => true,
            Pattern::Exact(name) => name == event,
            Pattern::Prefix(family) => {
                event == family
                    || (event.starts_with(family) && event[family.len()..].starts_with('.'))
            }
        }
    }
}

/// Why an event pattern was refused. Its `Display` is the message users read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// The pattern is empty.
    Empty,
    /// A `*` somewhere other than the whole pattern or a final `.*`.
    MisplacedWildcard {
        /// The pattern as written.
        pattern: String,
    },
    /// A `prefix.*` for a provider whose names are not dotted.
    PrefixNotSupported {
        /// The provider's display name.
        provider: &'static str,
        /// The pattern as written.
        pattern: String,
    },
    /// No event in the catalog has this name.
    UnknownEvent {
        /// The provider's display name.
        provider: &'static str,
        /// The pattern as written.
        name: String,
        /// `; did you mean …?` or a list of valid values, possibly empty.
        hint: String,
    },
    /// No event in the catalog starts with `prefix.`.
    UnknownPrefix {
        /// The provider's display name.
        provider: &'static str,
        /// The prefix before `.*`.
        prefix: String,
        /// `; did you mean …?`, possibly empty.
        hint: String,
    },
    /// The event exists, but the provider never sends it with this action.
    UnknownAction {
        /// The provider's display name.
        provider: &'static str,
        /// The event part.
        event: String,
        /// The action part.
        action: String,
        /// `; did you mean …?` or the list of the event's actions.
        hint: String,
    },
    /// The event exists and is never sent with an action.
    NoActions {
        /// The provider's display name.
        provider: &'static str,
        /// The event part.
        event: String,
    },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => f.write_str(
                "the event name is empty; write an event such as `invoice.paid`, a prefix such as `invoice.*`, or `*`",
            ),
            PatternError::MisplacedWildcard { pattern } => write!(
                f,
                "`*` in `{pattern}` must be the whole pattern (`*`) or its last segment (`invoice.*`)"
            ),
            PatternError::PrefixNotSupported { provider, pattern } => write!(
                f,
                "{provider} event names are not dotted, so `{pattern}` cannot match a family; name one event or use `*`"
            ),
            PatternError::UnknownEvent { provider, name, hint } => {
                write!(f, "unknown {provider} event `{name}`{hint}")
            }
            PatternError::UnknownPrefix { provider, prefix, hint } => {
                write!(f, "no {provider} event starts with `{prefix}.`{hint}")
            }
            PatternError::UnknownAction { provider, event, action, hint } => write!(
                f,
                "{provider} never sends `{event}` with action `{action}`{hint}"
            ),
            PatternError::NoActions { provider, event } => write!(
                f,
                "{provider} sends `{event}` without an action; write `{event}`"
            ),
        }
    }
}

impl std::error::Error for PatternError {}

pub(crate) fn check<'p>(catalog: &Catalog, pattern: &'p str) -> Result<Pattern<'p>, PatternError> {
    if pattern.is_empty() {
        return Err(PatternError::Empty);
    }
    if pattern == "*" {
        return Ok(Pattern::Any);
    }
    if let Some(prefix) = pattern.strip_suffix(".*") {
        if prefix.contains('*') || prefix.is_empty() {
            return Err(PatternError::MisplacedWildcard {
                pattern: pattern.to_owned(),
            });
        }
        return check_prefix(catalog, pattern, prefix);
    }
    if pattern.contains('*') {
        return Err(PatternError::MisplacedWildcard {
            pattern: pattern.to_owned(),
        });
    }
    match catalog.grammar {
        Grammar::EventAction => check_event_action(catalog, pattern),
        Grammar::Dotted | Grammar::Opaque => check_exact(catalog, pattern),
    }
}

/// Rule: `prefix.*` needs dotted names and at least one catalog event under the prefix.
fn check_prefix<'p>(
    catalog: &Catalog,
    pattern: &'p str,
    prefix: &'p str,
) -> Result<Pattern<'p>, PatternError> {
    if catalog.grammar == Grammar::Opaque {
        return Err(PatternError::PrefixNotSupported {
            provider: catalog.display_name,
            pattern: pattern.to_owned(),
        });
    }
    if catalog
        .events()
        .any(|event| Pattern::Prefix(prefix).matches(event) && event != prefix)
        || (catalog.grammar == Grammar::EventAction && catalog.contains(prefix))
    {
        return Ok(Pattern::Prefix(prefix));
    }
    let prefixes = family_names(catalog);
    Err(PatternError::UnknownPrefix {
        provider: catalog.display_name,
        prefix: prefix.to_owned(),
        hint: hint(prefix, prefixes.iter().copied()),
    })
}

/// Rule: an exact name must be in the catalog.
fn check_exact<'p>(catalog: &Catalog, name: &'p str) -> Result<Pattern<'p>, PatternError> {
    if catalog.contains(name) {
        return Ok(Pattern::Exact(name));
    }
    Err(PatternError::UnknownEvent {
        provider: catalog.display_name,
        name: name.to_owned(),
        hint: hint(name, catalog.events()),
    })
}

/// Events whose action is chosen by the sender: GitHub's `repository_dispatch` carries
/// the `event_type` the client posted (octokit's list shows one example only).
const FREE_FORM_ACTIONS: &[&str] = &["repository_dispatch"];

/// Rule: `event` must be a known event (it then matches every action); `event.action`
/// must be a pair the provider sends (any action for free-form events).
fn check_event_action<'p>(catalog: &Catalog, name: &'p str) -> Result<Pattern<'p>, PatternError> {
    let Some((event, action)) = name.split_once('.') else {
        if catalog.contains(name) {
            return Ok(Pattern::Prefix(name));
        }
        let events: Vec<&str> = catalog.events().filter(|e| !e.contains('.')).collect();
        return Err(PatternError::UnknownEvent {
            provider: catalog.display_name,
            name: name.to_owned(),
            hint: hint(name, events.iter().copied()),
        });
    };
    if catalog.contains(name) || FREE_FORM_ACTIONS.contains(&event) {
        return Ok(Pattern::Exact(name));
    }
    if !catalog.contains(event) {
        return Err(PatternError::UnknownEvent {
            provider: catalog.display_name,
            name: name.to_owned(),
            hint: hint(name, catalog.events()),
        });
    }
    let pairs: Vec<&str> = catalog
        .events()
        .filter(|e| Pattern::Prefix(event).matches(e) && *e != event)
        .collect();
    if pairs.is_empty() {
        return Err(PatternError::NoActions {
            provider: catalog.display_name,
            event: event.to_owned(),
        });
    }
    let actions: Vec<&str> = pairs.iter().map(|pair| &pair[event.len() + 1..]).collect();
    if let Some(close) = crate::suggest::did_you_mean(action, actions.iter().copied()) {
        return Err(PatternError::UnknownEvent {
            provider: catalog.display_name,
            name: name.to_owned(),
            hint: format!("; did you mean `{event}.{close}`?"),
        });
    }
    Err(PatternError::UnknownAction {
        provider: catalog.display_name,
        event: event.to_owned(),
        action: action.to_owned(),
        hint: hint(action, actions.iter().copied()),
    })
}

/// Every proper dotted prefix of the catalog's names (`invoice`, `invoice.payment`, …).
fn family_names(catalog: &Catalog) -> Vec<&'static str> {
    let mut prefixes: Vec<&'static str> = catalog
        .events()
        .flat_map(|event| event.match_indices('.').map(move |(at, _)| &event[..at]))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GITHUB, STRIPE};

    #[test]
    fn stripe_patterns() {
        assert_eq!(STRIPE.check("*"), Ok(Pattern::Any));
        assert_eq!(
            STRIPE.check("invoice.paid"),
            Ok(Pattern::Exact("invoice.paid"))
        );
        assert_eq!(STRIPE.check("invoice.*"), Ok(Pattern::Prefix("invoice")));
        assert_eq!(
            STRIPE.check("invoice.payed").unwrap_err().to_string(),
            "unknown Stripe event `invoice.payed`; did you mean `invoice.paid`?"
        );
        assert_eq!(
            STRIPE.check("invoise.*").unwrap_err().to_string(),
            "no Stripe event starts with `invoise.`; did you mean `invoice`?"
        );
        assert!(matches!(
            STRIPE.check("inv*"),
            Err(PatternError::MisplacedWildcard { .. })
        ));
        assert!(matches!(
            STRIPE.check("*.paid"),
            Err(PatternError::MisplacedWildcard { .. })
        ));
        assert_eq!(STRIPE.check(""), Err(PatternError::Empty));
    }

    #[test]
    fn github_patterns() {
        assert_eq!(GITHUB.check("push"), Ok(Pattern::Prefix("push")));
        assert_eq!(
            GITHUB.check("pull_request"),
            Ok(Pattern::Prefix("pull_request"))
        );
        assert_eq!(
            GITHUB.check("pull_request.*"),
            Ok(Pattern::Prefix("pull_request"))
        );
        assert_eq!(
            GITHUB.check("pull_request.opened"),
            Ok(Pattern::Exact("pull_request.opened"))
        );
        for typo in ["pull_request.opend", "pull_request.open"] {
            assert_eq!(
                GITHUB.check(typo).unwrap_err().to_string(),
                format!("unknown GitHub event `{typo}`; did you mean `pull_request.opened`?")
            );
        }
        let far = GITHUB
            .check("pull_request.exploded")
            .unwrap_err()
            .to_string();
        assert!(
            far.starts_with(
                "GitHub never sends `pull_request` with action `exploded`; expected one of"
            ),
            "{far}"
        );
        assert_eq!(
            GITHUB.check("repository_dispatch.deploy_staging"),
            Ok(Pattern::Exact("repository_dispatch.deploy_staging"))
        );
        assert_eq!(
            GITHUB.check("push.created").unwrap_err().to_string(),
            "GitHub sends `push` without an action; write `push`"
        );
        assert_eq!(
            GITHUB.check("pul_request").unwrap_err().to_string(),
            "unknown GitHub event `pul_request`; did you mean `pull_request`?"
        );
    }

    #[test]
    fn prefix_matching_respects_dots() {
        let family = Pattern::Prefix("invoice");
        assert!(family.matches("invoice.paid"));
        assert!(family.matches("invoice"));
        assert!(!family.matches("invoiceitem.created"));
        assert!(Pattern::Any.matches("anything"));
        assert!(!Pattern::Exact("a.b").matches("a.bc"));
    }
}

/// Whether `pattern` (`*`, `prefix.*` or an exact name) matches at least one of
/// `events`. A `const fn`, so declared providers' catalogs are checked during constant
/// evaluation, where the rules must be the same as [`Pattern::matches`].
pub const fn matches_any(pattern: &str, events: &[&str]) -> bool {
    let pattern = pattern.as_bytes();
    if bytes_eq(pattern, b"*") {
        return true;
    }
    let family = pattern.len() >= 2
        && pattern[pattern.len() - 2] == b'.'
        && pattern[pattern.len() - 1] == b'*';
    let mut index = 0;
    while index < events.len() {
        let event = events[index].as_bytes();
        let hit = if family {
            let stem = pattern.split_at(pattern.len() - 2).0;
            bytes_eq(event, stem)
                || (event.len() > stem.len()
                    && event[stem.len()] == b'.'
                    && starts_with(event, stem))
        } else {
            bytes_eq(event, pattern)
        };
        if hit {
            return true;
        }
        index += 1;
    }
    false
}

const fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    if prefix.len() > text.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if text[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && starts_with(a, b)
}

#[cfg(test)]
mod const_tests {
    use super::matches_any;

    #[test]
    fn const_matching_follows_the_pattern_rules() {
        const EVENTS: &[&str] = &["order.created", "order.paid", "orderline.added"];
        assert!(matches_any("*", EVENTS));
        assert!(matches_any("order.paid", EVENTS));
        assert!(matches_any("order.*", EVENTS));
        assert!(!matches_any("order.pai", EVENTS));
        assert!(!matches_any("orde.*", EVENTS));
        assert!(matches_any("orderline.*", EVENTS));
    }
}
