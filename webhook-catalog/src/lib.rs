//! Event catalogs of webhook providers, and the rules for event patterns.
//!
//! This crate is the single source of truth that both `webhook-macros` (compile-time
//! checks) and the `webhook` runtime (builder-time checks) read, so they can never
//! disagree about which events exist. The lists live in `catalogs/` beside this crate,
//! one name per line, regenerated from the providers' published packages by
//! `scripts/update-catalogs.py` (see `catalogs/SOURCES.md` for each file's origin).
//!
//! ```
//! use webhook_catalog::{Pattern, STRIPE};
//! assert_eq!(STRIPE.check("invoice.paid"), Ok(Pattern::Exact("invoice.paid")));
//! assert_eq!(STRIPE.check("invoice.*"), Ok(Pattern::Prefix("invoice")));
//! assert!(STRIPE.check("invoice.payed").unwrap_err().to_string().contains("invoice.paid"));
//! ```

mod pattern;
pub mod suggest;

pub use pattern::{Pattern, PatternError};

/// How event names of a provider are structured, which decides the accepted patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// Dotted names (`invoice.paid`); patterns: an exact name, `prefix.*`, or `*`.
    Dotted,
    /// GitHub-style `event` or `event.action`; an event alone matches every action.
    EventAction,
    /// Opaque names (`Push Hook`, `orders/create`); patterns: an exact name or `*`.
    Opaque,
}

/// One provider's list of event names.
#[derive(Debug)]
pub struct Catalog {
    /// The provider's name as written in `#[webhook(provider = "…")]`.
    pub provider: &'static str,
    /// The provider's name for messages (`Stripe`).
    pub display_name: &'static str,
    /// How names are structured.
    pub grammar: Grammar,
    /// Whether the list is the provider's whole catalog (`false` for lists known to
    /// lag the provider, such as Slack's or Twitch's; see `catalogs/SOURCES.md`).
    pub complete: bool,
    /// The names, one per line, byte-sorted.
    lines: &'static str,
}

impl Catalog {
    /// Every event name in the catalog, in byte order.
    pub fn events(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.lines.lines().filter(|line| !line.is_empty())
    }

    /// Whether `name` is in the catalog.
    pub fn contains(&self, name: &str) -> bool {
        self.events().any(|event| event == name)
    }

    /// Number of names in the catalog.
    pub fn len(&self) -> usize {
        self.events().count()
    }

    /// Whether the catalog has no names.
    pub fn is_empty(&self) -> bool {
        self.events().next().is_none()
    }

    /// Checks an event pattern against the catalog; see [`Pattern`] for the forms.
    pub fn check<'p>(&self, pattern: &'p str) -> Result<Pattern<'p>, PatternError> {
        pattern::check(self, pattern)
    }
}

macro_rules! catalog_file {
    ($file:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalogs/", $file))
    };
}

/// Stripe snapshot events (`Event.Type` of the `stripe` npm package).
pub static STRIPE: Catalog = Catalog {
    provider: "stripe",
    display_name: "Stripe",
    grammar: Grammar::Dotted,
    complete: true,
    lines: catalog_file!("stripe-events.txt"),
};

/// GitHub events and `event.action` pairs sent by github.com.
pub static GITHUB: Catalog = Catalog {
    provider: "github",
    display_name: "GitHub",
    grammar: Grammar::EventAction,
    complete: true,
    lines: catalog_file!("github-event-actions.txt"),
};

/// Every built-in catalog, in the order providers are listed in messages.
pub static ALL: &[&Catalog] = &[&STRIPE, &GITHUB];

/// The catalog of a built-in provider, by its attribute name.
pub fn by_provider(provider: &str) -> Option<&'static Catalog> {
    ALL.iter()
        .copied()
        .find(|catalog| catalog.provider == provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_are_sorted_unique_and_sized_as_documented() {
        for catalog in ALL {
            let names: Vec<&str> = catalog.events().collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(
                names, sorted,
                "{} catalog is not sorted and unique",
                catalog.provider
            );
        }
        assert_eq!(STRIPE.len(), 275);
        assert_eq!(GITHUB.len(), 322);
    }

    #[test]
    fn providers_are_found_by_name() {
        assert_eq!(
            by_provider("github").map(|c| c.display_name),
            Some("GitHub")
        );
        assert!(by_provider("gitlub").is_none());
    }
}
