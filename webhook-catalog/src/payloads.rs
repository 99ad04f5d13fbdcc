//! Which payload each event carries, and the runtime's ready-made payload types.
//!
//! The macros read this to bind a handler's payload type to its event at compile time:
//! a handler for `invoice.paid` that takes `stripe::Event<stripe::Customer>` is refused,
//! naming the type `invoice.paid` carries. For Stripe the carried object of each event
//! is a fact from Stripe's own type definitions (`catalogs/stripe-event-objects.tsv`,
//! see `catalogs/SOURCES.md`); a GitHub delivery's body is the payload of its
//! `X-GitHub-Event`, so its type follows from the event name.
//!
//! ```
//! use webhook_catalog::payloads::{carried, Carried};
//! use webhook_catalog::Pattern;
//!
//! let invoice = carried("stripe", Pattern::Prefix("invoice"));
//! assert_eq!(invoice, Some(Carried::One { object: "invoice", type_name: Some("Invoice") }));
//! let opened = carried("github", Pattern::Exact("pull_request.opened"));
//! assert_eq!(opened, Some(Carried::One { object: "pull_request", type_name: Some("PullRequestEvent") }));
//! ```

use crate::Pattern;

/// Calls `$callback!` with the ready-made payload types of each provider that has them,
/// one row per provider: its module name, its Cargo feature of `webhook`, then each
/// type's name in the provider's module and the object (Stripe: `data.object.object`)
/// or event (GitHub: `X-GitHub-Event`) it is the payload of. The runtime marks exactly
/// these types as built-in (so that a handler taking one for another event is refused),
/// re-exporting each by this name (so a row naming no type does not compile), and this
/// crate derives [`PAYLOAD_TYPES`] from it.
#[doc(hidden)]
#[macro_export]
macro_rules! with_payload_types {
    ($callback:ident) => {
        $callback! {
            stripe "stripe" [
                Charge "charge",
                CheckoutSession "checkout.session",
                Customer "customer",
                Dispute "dispute",
                Invoice "invoice",
                PaymentIntent "payment_intent",
                Price "price",
                Product "product",
                Refund "refund",
                Subscription "subscription",
            ],
            github "github" [
                CheckRunEvent "check_run",
                InstallationEvent "installation",
                IssueCommentEvent "issue_comment",
                IssuesEvent "issues",
                PingEvent "ping",
                PullRequestEvent "pull_request",
                PushEvent "push",
                ReleaseEvent "release",
                WorkflowRunEvent "workflow_run",
            ],
        }
    };
}

/// The ready-made payload types of one provider.
#[derive(Debug)]
pub struct PayloadTypes {
    /// The provider's name (and its module's name in `webhook`).
    pub provider: &'static str,
    /// `(type name, the object or event it is the payload of)`.
    pub types: &'static [(&'static str, &'static str)],
}

macro_rules! payload_index {
    ($($provider:ident $feature:literal [$($type:ident $object:literal,)*],)*) => {
        /// Every provider's ready-made payload types.
        pub static PAYLOAD_TYPES: &[PayloadTypes] = &[$(
            PayloadTypes {
                provider: stringify!($provider),
                types: &[$((stringify!($type), $object),)*],
            },
        )*];
    };
}

with_payload_types!(payload_index);

/// `event<TAB>object` for every Stripe snapshot event; unions written `a|b`.
static STRIPE_EVENT_OBJECTS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/catalogs/stripe-event-objects.tsv"
));

/// What the events a pattern matches carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carried {
    /// Every matched event carries the same object (Stripe) or is the same event
    /// (GitHub), with its ready-made type's name if there is one.
    One {
        /// Stripe's object name (`invoice`), or GitHub's event name (`pull_request`).
        object: &'static str,
        /// The ready-made type in the provider's module (`Invoice`), if any.
        type_name: Option<&'static str>,
    },
    /// The matched events carry different objects (sorted, deduplicated), so no one
    /// ready-made type fits them all.
    Several(Vec<&'static str>),
}

/// What the events `pattern` matches carry, for a provider with ready-made payload
/// types (`None` for the others, and for a pattern matching no known event).
pub fn carried(provider: &str, pattern: Pattern<'_>) -> Option<Carried> {
    let types = PAYLOAD_TYPES.iter().find(|p| p.provider == provider)?;
    let mut objects: Vec<&'static str> = match provider {
        "stripe" => stripe_objects(pattern),
        "github" => github_events(pattern),
        _ => return None,
    };
    objects.sort_unstable();
    objects.dedup();
    match objects.as_slice() {
        [] => None,
        [object] => Some(Carried::One {
            object,
            type_name: types
                .types
                .iter()
                .find(|(_, carried)| carried == object)
                .map(|(type_name, _)| *type_name),
        }),
        _ => Some(Carried::Several(objects)),
    }
}

/// The objects Stripe events matching `pattern` carry (unions split), unsorted.
fn stripe_objects(pattern: Pattern<'_>) -> Vec<&'static str> {
    STRIPE_EVENT_OBJECTS
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(event, _)| pattern.matches(event))
        .flat_map(|(_, objects)| objects.split('|'))
        .collect()
}

/// The GitHub events (`X-GitHub-Event`) a pattern matches: `pull_request`,
/// `pull_request.opened` → `pull_request`; `*` → every event.
fn github_events(pattern: Pattern<'_>) -> Vec<&'static str> {
    crate::GITHUB
        .events()
        .filter(|name| pattern.matches(name))
        .map(|name| name.split_once('.').map_or(name, |(event, _)| event))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stripe_event_has_its_objects() {
        let rows: Vec<&str> = STRIPE_EVENT_OBJECTS.lines().collect();
        assert_eq!(rows.len(), crate::STRIPE.len());
        for (row, event) in rows.iter().zip(crate::STRIPE.events()) {
            let (name, objects) = row.split_once('\t').expect("two columns");
            assert_eq!(name, event, "the tables list the same events in order");
            assert!(objects.split('|').all(|object| !object.is_empty()));
        }
    }

    #[test]
    fn every_ready_made_type_is_carried_by_some_event() {
        for types in PAYLOAD_TYPES {
            for (type_name, object) in types.types {
                let pattern = match types.provider {
                    "stripe" => Pattern::Any,
                    _ => Pattern::Prefix(object),
                };
                let carried = match types.provider {
                    "stripe" => stripe_objects(pattern),
                    _ => github_events(pattern),
                };
                assert!(
                    carried.contains(object),
                    "{type_name}: no {} event carries `{object}`",
                    types.provider
                );
            }
        }
    }

    #[test]
    fn stripe_exact_events_and_uniform_families_carry_one_object() {
        let invoice = Some(Carried::One {
            object: "invoice",
            type_name: Some("Invoice"),
        });
        assert_eq!(carried("stripe", Pattern::Exact("invoice.paid")), invoice);
        assert_eq!(carried("stripe", Pattern::Prefix("invoice")), invoice);
        assert_eq!(
            carried("stripe", Pattern::Exact("charge.dispute.created")),
            Some(Carried::One {
                object: "dispute",
                type_name: Some("Dispute"),
            })
        );
        assert_eq!(
            carried("stripe", Pattern::Exact("account.updated")),
            Some(Carried::One {
                object: "account",
                type_name: None,
            })
        );
    }

    #[test]
    fn stripe_mixed_families_and_unions_carry_several() {
        let Some(Carried::Several(charge)) = carried("stripe", Pattern::Prefix("charge")) else {
            panic!("charge.* carries charges, disputes and refunds");
        };
        assert_eq!(charge, ["charge", "dispute", "refund"]);
        let external = carried("stripe", Pattern::Exact("account.external_account.created"));
        assert_eq!(
            external,
            Some(Carried::Several(vec!["bank_account", "card"]))
        );
        assert!(
            matches!(carried("stripe", Pattern::Any), Some(Carried::Several(all)) if all.len() > 80)
        );
    }

    #[test]
    fn github_payloads_follow_the_event_name() {
        let pull_request = Some(Carried::One {
            object: "pull_request",
            type_name: Some("PullRequestEvent"),
        });
        assert_eq!(
            carried("github", Pattern::Prefix("pull_request")),
            pull_request
        );
        assert_eq!(
            carried("github", Pattern::Exact("pull_request.opened")),
            pull_request
        );
        assert_eq!(
            carried("github", Pattern::Prefix("pull_request_review")),
            Some(Carried::One {
                object: "pull_request_review",
                type_name: None,
            })
        );
        assert!(
            matches!(carried("github", Pattern::Any), Some(Carried::Several(all)) if all.len() > 50)
        );
    }

    #[test]
    fn providers_without_payload_types_and_unknown_events_carry_nothing() {
        assert_eq!(carried("slack", Pattern::Any), None);
        assert_eq!(carried("stripe", Pattern::Exact("invoice.payed")), None);
    }
}
