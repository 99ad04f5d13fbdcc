//! The list of deliveries: the filter form, one row per delivery (newest first, a
//! keyset page at a time), and the live tail's anchor.

use maud::{html, Markup};

use crate::dashboard::guard::Ctx;
use crate::dashboard::query::{show_time, ListQuery};
use crate::store::{DeliveryId, DeliveryStatus, DeliverySummary};

/// What the list page shows.
#[derive(Debug)]
pub(crate) struct ListPage<'a> {
    pub(crate) query: &'a ListQuery,
    pub(crate) rows: &'a [DeliverySummary],
    /// The cursor of the next (older) page, if there is one.
    pub(crate) older: Option<DeliveryId>,
    /// The live tail's URL (first pages only).
    pub(crate) tail: Option<String>,
}

pub(crate) fn render(ctx: &Ctx, list: &ListPage<'_>) -> Markup {
    let ListPage {
        query,
        rows,
        older,
        tail,
    } = list;
    html! {
        h2 {
            "Deliveries"
            @if tail.is_some() { " " span #tail .tail { "live tail needs JavaScript" } }
        }
        (filters(ctx, query))
        table {
            thead { tr {
                th { "Received (UTC)" } th { "Provider" } th { "Endpoint" } th { "Event" }
                th { "Delivery id" } th { "Status" } th.num { "Attempts" }
                th.num title="From receipt to the delivery's last change" { "Took" }
                @if ctx.admin() { th {} }
            } }
            tbody.deliveries data-tail=[tail.as_deref()] {
                @if rows.is_empty() {
                    tr #empty { td colspan="9" .muted { "No delivery matches." } }
                }
                @for summary in rows.iter() { (row(ctx, summary)) }
            }
        }
        div.pager {
            @if !query.before.is_empty() {
                a href=(ctx.link(&format!("/{}", query.first_page().to_query_string()))) { "← Newest" }
            }
            @if let Some(last) = older {
                a rel="next" href=(ctx.link(&format!("/{}", query.after(*last).to_query_string()))) { "Older →" }
            }
            @if ctx.admin() && !rows.is_empty() {
                a href=(ctx.link(&format!("/replay{}", query.first_page().to_query_string()))) {
                    "Replay every delivery of this filter…"
                }
            }
        }
        p.keys {
            kbd { "/" } " search · " kbd { "j" } " / " kbd { "k" } " move · "
            kbd { "Enter" } " open"
            @if ctx.admin() { " · " kbd { "r" } " replay" }
        }
    }
}

fn filters(ctx: &Ctx, query: &ListQuery) -> Markup {
    html! {
        form.filters method="get" action=(ctx.link("/")) {
            label { "Delivery id"
                input #search type="search" name="id" value=(query.id) placeholder="evt_…, X-GitHub-Delivery…";
            }
            label { "Provider" input type="text" name="provider" value=(query.provider) size="10"; }
            label { "Endpoint" input type="text" name="endpoint" value=(query.endpoint) size="16"; }
            label { "Event (exact, or prefix*)"
                input type="text" name="event" value=(query.event) placeholder="invoice.*" size="16";
            }
            label { "Status"
                select name="status" {
                    option value="" { "any" }
                    @for status in DeliveryStatus::ALL {
                        option value=(status.as_str()) selected[query.status == status.as_str()] { (status.as_str()) }
                    }
                }
            }
            label { "Since (UTC)" input type="datetime-local" step="1" name="since" value=(query.since); }
            label { "Until (UTC)" input type="datetime-local" step="1" name="until" value=(query.until); }
            button.primary type="submit" { "Filter" }
            @if query.filters() { a href=(ctx.link("/")) { "Clear" } }
        }
    }
}

/// One row; the live tail sends the same markup.
pub(crate) fn row(ctx: &Ctx, summary: &DeliverySummary) -> Markup {
    let detail = ctx.link(&format!("/deliveries/{}", summary.id));
    html! {
        tr id=(format!("d{}", summary.id)) {
            td { (show_time(summary.received_at)) }
            td { (summary.provider) }
            td { code { (summary.endpoint) } }
            td { (summary.event.as_deref().unwrap_or("—")) }
            td { a.open href=(detail) {
                (summary.delivery_id.as_deref().unwrap_or("(none)"))
            } }
            td { (status(summary.status)) }
            td.num { (summary.attempts) }
            td.num { (took(summary)) }
            @if ctx.admin() {
                td { @if replayable(summary.status) { (replay_button(ctx, summary.id, "Replay")) } }
            }
        }
    }
}

/// A status badge.
pub(crate) fn status(status: DeliveryStatus) -> Markup {
    html! { span class=(format!("status status-{}", status.as_str())) { (status.as_str()) } }
}

/// Whether the store's replay accepts a delivery in this status.
pub(crate) fn replayable(status: DeliveryStatus) -> bool {
    !matches!(
        status,
        DeliveryStatus::Rejected | DeliveryStatus::Processing
    )
}

/// The form replaying one delivery.
pub(crate) fn replay_button(ctx: &Ctx, id: DeliveryId, label: &str) -> Markup {
    html! {
        form.inline.replay method="post" action=(ctx.link(&format!("/deliveries/{id}/replay"))) {
            input type="hidden" name="csrf" value=(ctx.csrf);
            button type="submit" { (label) }
        }
    }
}

/// From receipt to the last change: how long a finished delivery took to settle.
pub(crate) fn took(summary: &DeliverySummary) -> String {
    let finished = matches!(
        summary.status,
        DeliveryStatus::Succeeded
            | DeliveryStatus::Dead
            | DeliveryStatus::Failed
            | DeliveryStatus::Rejected
    );
    if !finished {
        return "—".to_owned();
    }
    summary
        .updated_at
        .duration_since(summary.received_at)
        .map_or_else(
            |_| "0 ms".to_owned(),
            |took| short_duration(took.as_millis()),
        )
}

fn short_duration(millis: u128) -> String {
    match millis {
        0..=9_999 => format!("{millis} ms"),
        10_000..=599_999 => format!("{} s", millis / 1000),
        600_000..=35_999_999 => format!("{} min", millis / 60_000),
        _ => format!("{} h", millis / 3_600_000),
    }
}
