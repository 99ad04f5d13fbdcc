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
pub mod payloads;
mod providers;
pub mod suggest;

pub use pattern::{matches_any, Pattern, PatternError};
pub use providers::{Builtin, ALL, BUILTIN, BUILTIN_NAMES};

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
    /// The catalog files' contents: names one per line, each file byte-sorted.
    files: &'static [&'static str],
}

impl Catalog {
    /// Every event name in the catalog, in byte order.
    pub fn events(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.files
            .iter()
            .flat_map(|file| file.lines())
            .filter(|line| !line.is_empty())
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
    files: &[catalog_file!("stripe-events.txt")],
};

/// GitHub events and `event.action` pairs sent by github.com.
pub static GITHUB: Catalog = Catalog {
    provider: "github",
    display_name: "GitHub",
    grammar: Grammar::EventAction,
    complete: true,
    files: &[catalog_file!("github-event-actions.txt")],
};

/// Slack Events API inner event types (`@slack/types`; lags Slack's docs), interactivity
/// payload types, and `slash_command` (the name the runtime gives slash commands).
pub static SLACK: Catalog = Catalog {
    provider: "slack",
    display_name: "Slack",
    grammar: Grammar::Dotted,
    complete: false,
    files: &[
        catalog_file!("slack-event-types.txt"),
        catalog_file!("slack-interaction-types.txt"),
    ],
};

/// Shopify webhook topics (`orders/create`) and the mandatory compliance topics.
pub static SHOPIFY: Catalog = Catalog {
    provider: "shopify",
    display_name: "Shopify",
    grammar: Grammar::Opaque,
    complete: false,
    files: &[
        catalog_file!("shopify-webhook-topics.txt"),
        catalog_file!("shopify-compliance-topics.txt"),
    ],
};

/// GitLab `X-Gitlab-Event` values (`Push Hook`).
pub static GITLAB: Catalog = Catalog {
    provider: "gitlab",
    display_name: "GitLab",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("gitlab-event-headers.txt")],
};

/// Discord interaction types the interactions endpoint dispatches on
/// (`APPLICATION_COMMAND`, the name of body `type`; `PING` is the handshake).
pub static DISCORD: Catalog = Catalog {
    provider: "discord",
    display_name: "Discord",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("discord-interaction-names.txt")],
};

/// Discord webhook event types (`APPLICATION_AUTHORIZED`, body `event.type`).
pub static DISCORD_EVENTS: Catalog = Catalog {
    provider: "discord_events",
    display_name: "Discord",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("discord-webhook-event-types.txt")],
};

/// Linear webhook entity types (body `type`: `Issue`, `Comment`, …).
pub static LINEAR: Catalog = Catalog {
    provider: "linear",
    display_name: "Linear",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("linear-webhook-types.txt")],
};

/// Paddle Billing event types (`transaction.paid`).
pub static PADDLE: Catalog = Catalog {
    provider: "paddle",
    display_name: "Paddle",
    grammar: Grammar::Dotted,
    complete: true,
    files: &[catalog_file!("paddle-event-types.txt")],
};

/// Square event types (`payment.created`).
pub static SQUARE: Catalog = Catalog {
    provider: "square",
    display_name: "Square",
    grammar: Grammar::Dotted,
    complete: true,
    files: &[catalog_file!("square-event-types.txt")],
};

/// Zoom event names (`meeting.started`) for the products Zoom's Rivet SDK types.
pub static ZOOM: Catalog = Catalog {
    provider: "zoom",
    display_name: "Zoom",
    grammar: Grammar::Dotted,
    complete: false,
    files: &[catalog_file!("zoom-event-types.txt")],
};

/// Twitch EventSub subscription types the official CLI can mock (a subset).
pub static TWITCH: Catalog = Catalog {
    provider: "twitch",
    display_name: "Twitch",
    grammar: Grammar::Dotted,
    complete: false,
    files: &[catalog_file!("twitch-eventsub-types.txt")],
};

/// Sentry integration-platform resources (the `Sentry-Hook-Resource` header).
pub static SENTRY: Catalog = Catalog {
    provider: "sentry",
    display_name: "Sentry",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("sentry-hook-resources.txt")],
};

/// Coinbase Commerce charge events (body `event.type`: `charge:confirmed`).
pub static COINBASE_COMMERCE: Catalog = Catalog {
    provider: "coinbase_commerce",
    display_name: "Coinbase Commerce",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("coinbase-commerce-event-types.txt")],
};

/// Segment Spec call types (body `type`: `track`, `identify`, …).
pub static SEGMENT: Catalog = Catalog {
    provider: "segment",
    display_name: "Segment",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("segment-call-types.txt")],
};

/// CircleCI webhook event types (body `type`).
pub static CIRCLECI: Catalog = Catalog {
    provider: "circleci",
    display_name: "CircleCI",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("circleci-event-types.txt")],
};

/// Google Forms event types (`RESPONSES`, `SCHEMA`: the Forms API's watch event types,
/// which the Apps Script sender of the `google_forms` provider names its deliveries by).
pub static GOOGLE_FORMS: Catalog = Catalog {
    provider: "google_forms",
    display_name: "Google Forms",
    grammar: Grammar::Opaque,
    complete: true,
    files: &[catalog_file!("google-forms-watch-event-types.txt")],
};

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
            for file in catalog.files {
                let names: Vec<&str> = file.lines().collect();
                let mut sorted = names.clone();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(
                    names, sorted,
                    "a {} catalog file is not sorted",
                    catalog.provider
                );
            }
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
