//! Bulk replay: the dry run (how many deliveries of the filter a replay would queue
//! again, with the form that does it) and its outcome.

use maud::{html, Markup};

use crate::dashboard::guard::Ctx;
use crate::dashboard::query::ListQuery;
use crate::store::DeliveryId;

/// The dry run of replaying `query`'s deliveries up to `upto`.
pub(crate) fn dry_run(
    ctx: &Ctx,
    query: &ListQuery,
    count: u64,
    upto: Option<DeliveryId>,
    job: &str,
) -> Markup {
    let back = ctx.link(&format!("/{}", query.to_query_string()));
    html! {
        p { a href=(back) { "← Back to the list" } }
        h2 { "Replay by filter" }
        p { (describe(query)) }
        @match upto {
            Some(upto) if count > 0 => {
                p.notice {
                    strong #dry-run-count { (count) }
                    " deliver" (if count == 1 { "y" } else { "ies" })
                    " would be queued to run again (rejected requests and deliveries in \
                     progress are never replayed; deliveries arriving after this page are not \
                     included)."
                }
                form method="post" action=(ctx.link("/replay")) {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    input type="hidden" name="job" value=(job);
                    input type="hidden" name="upto" value=(upto.0);
                    @for (name, value) in hidden_fields(query) {
                        input type="hidden" name=(name) value=(value);
                    }
                    button.primary type="submit" { "Replay " (count) " deliveries" }
                }
            }
            _ => { p.notice { "No delivery of this filter can be replayed." } }
        }
    }
}

/// What a bulk replay did (or, for a repeated submission, what the first one did).
pub(crate) fn outcome(ctx: &Ctx, query: &ListQuery, replayed: u64, repeated: bool) -> Markup {
    let back = ctx.link(&format!("/{}", query.to_query_string()));
    html! {
        h2 { "Replay by filter" }
        p.notice #replay-outcome {
            @if repeated {
                "This replay already ran (the form was sent twice); it queued "
                (replayed) " deliveries. Nothing was replayed again."
            } @else {
                (replayed) " deliveries were queued to run again."
            }
        }
        p { a href=(back) { "Back to the list" } }
    }
}

/// A replay of the same job still running.
pub(crate) fn running(ctx: &Ctx) -> Markup {
    html! {
        h2 { "Replay by filter" }
        p.notice { "This replay is running (the form was sent twice); reload in a moment." }
        p { a href=(ctx.link("/")) { "Back to the list" } }
    }
}

fn describe(query: &ListQuery) -> String {
    let conditions: Vec<String> = hidden_fields(query)
        .into_iter()
        .map(|(name, value)| format!("{name} = {value}"))
        .collect();
    if conditions.is_empty() {
        "Every delivery in the store.".to_owned()
    } else {
        format!("Deliveries where {}.", conditions.join(", "))
    }
}

/// The filter's fields that are set, as (name, value).
pub(crate) fn hidden_fields(query: &ListQuery) -> Vec<(&'static str, String)> {
    let ListQuery {
        id,
        provider,
        endpoint,
        event,
        status,
        since,
        until,
        before: _,
    } = query;
    [
        ("id", id),
        ("provider", provider),
        ("endpoint", endpoint),
        ("event", event),
        ("status", status),
        ("since", since),
        ("until", until),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .map(|(name, value)| (name, value.clone()))
    .collect()
}
