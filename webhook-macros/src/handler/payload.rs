//! Which payload a handler's event carries, and the messages that say so: the model of
//! the compile-time check that a handler does not take a ready-made payload type its
//! event does not carry (`expand::payload_check` generates it).
//!
//! The facts come from `webhook_catalog::payloads`: the object each Stripe event
//! carries, and GitHub's payload per event name.

use proc_macro2::{Ident, Span};
use webhook_catalog::payloads::{carried, Carried};

use super::check::EventPattern;

/// What `expand` needs to generate the check of one handler's payload types.
pub(super) struct PayloadBinding {
    /// The provider's module under `__private::payloads` (`stripe`).
    pub(super) provider: Ident,
    /// The ready-made type the event carries (`Invoice`), if there is one.
    pub(super) carried_type: Option<Ident>,
    /// The error's message, label and note; `{Self}` is the type taken instead.
    pub(super) message: String,
    pub(super) label: String,
    pub(super) note: String,
}

/// The binding of a built-in provider's handler, for providers with ready-made payload
/// types (`None` for the others: nothing to check).
pub(super) fn binding(
    provider: &str,
    event: &str,
    pattern: &EventPattern,
    span: Span,
) -> Option<PayloadBinding> {
    let carried = carried(provider, pattern.as_pattern())?;
    let display = webhook_catalog::by_provider(provider)?.display_name;
    let any = format!("`{provider}::Event<serde_json::Value>`");
    let own = "a type of your own that implements `Deserialize`";
    let (carried_type, message, label, note) = match carried {
        Carried::One {
            object: _,
            type_name: Some(type_name),
        } => (
            Some(Ident::new(type_name, span)),
            format!("`{event}` carries `{provider}::{type_name}`, not `{{Self}}`"),
            format!("`{event}` carries `{provider}::{type_name}`"),
            format!("take `{provider}::Event<{provider}::{type_name}>`, or {any}, or {own}"),
        ),
        Carried::One {
            object,
            type_name: None,
        } => (
            None,
            format!("`{event}` carries {display}'s `{object}`, not `{{Self}}`"),
            format!("`{event}` carries {display}'s `{object}`, which has no ready-made type"),
            format!("take {any}, or {own}"),
        ),
        Carried::Several(objects) => (
            None,
            format!(
                "the events of `{event}` carry different payloads ({}), so no ready-made \
                 type such as `{{Self}}` fits them all",
                listed(&objects)
            ),
            format!("`{event}` matches events that carry different payloads"),
            format!("take {any}, or {own}, or write one handler per payload"),
        ),
    };
    Some(PayloadBinding {
        provider: Ident::new(provider, span),
        carried_type,
        message,
        label,
        note,
    })
}

/// `` `a`, `b`, `c` `` or, past five, `` `a`, …, `e` and 7 more ``.
fn listed(objects: &[&str]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = objects
        .iter()
        .take(SHOWN)
        .map(|object| format!("`{object}`"))
        .collect();
    let shown = shown.join(", ");
    match objects.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{shown} and {more} more"),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(provider: &str, event: &str, pattern: EventPattern) -> Option<String> {
        binding(provider, event, &pattern, Span::call_site()).map(|binding| binding.message)
    }

    #[test]
    fn an_event_with_a_ready_made_type_names_it() {
        let message = message(
            "stripe",
            "invoice.paid",
            EventPattern::Exact("invoice.paid".into()),
        );
        assert_eq!(
            message.as_deref(),
            Some("`invoice.paid` carries `stripe::Invoice`, not `{Self}`")
        );
        let message = message_of_github_family();
        assert_eq!(
            message.as_deref(),
            Some("`pull_request` carries `github::PullRequestEvent`, not `{Self}`")
        );
    }

    fn message_of_github_family() -> Option<String> {
        message(
            "github",
            "pull_request",
            EventPattern::Prefix("pull_request".into()),
        )
    }

    #[test]
    fn an_event_without_one_names_the_object() {
        let message = message(
            "stripe",
            "account.updated",
            EventPattern::Exact("account.updated".into()),
        );
        assert_eq!(
            message.as_deref(),
            Some("`account.updated` carries Stripe's `account`, not `{Self}`")
        );
    }

    #[test]
    fn a_mixed_family_lists_what_it_carries() {
        let message = message("stripe", "charge.*", EventPattern::Prefix("charge".into()));
        assert_eq!(
            message.as_deref(),
            Some(
                "the events of `charge.*` carry different payloads (`charge`, `dispute`, \
                 `refund`), so no ready-made type such as `{Self}` fits them all"
            )
        );
        let any = message_any();
        assert!(any.contains(" and ") && any.contains(" more)"), "{any}");
    }

    fn message_any() -> String {
        message("github", "*", EventPattern::Any).expect("GitHub has payload types")
    }

    #[test]
    fn providers_without_payload_types_are_not_checked() {
        assert!(message("slack", "*", EventPattern::Any).is_none());
    }

    #[test]
    fn lists_are_cut_after_five() {
        assert_eq!(listed(&["a", "b"]), "`a`, `b`");
        assert_eq!(
            listed(&["a", "b", "c", "d", "e", "f", "g"]),
            "`a`, `b`, `c`, `d`, `e` and 2 more"
        );
    }
}
