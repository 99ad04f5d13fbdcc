//! One delivery: what the store knows of it, its headers as stored (redacted), its body
//! pretty-printed and raw, why it was rejected or last failed, and its replay button.

use maud::{html, Markup};

use super::list::{replay_button, replayable, status, took};
use crate::dashboard::guard::Ctx;
use crate::dashboard::query::show_time;
use crate::store::{DeliveryStatus, StoredDelivery};

/// Bodies are shown up to this many bytes (the rest is left out, saying so).
const BODY_SHOWN: usize = 256 * 1024;

pub(crate) fn render(ctx: &Ctx, delivery: &StoredDelivery, replayed: bool) -> Markup {
    let summary = &delivery.summary;
    let shown = &delivery.body[..delivery.body.len().min(BODY_SHOWN)];
    let raw = String::from_utf8_lossy(shown);
    let pretty = serde_json::from_slice::<serde_json::Value>(&delivery.body)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok());
    html! {
        p { a href=(ctx.link("/")) { "← Deliveries" } }
        h2 {
            (summary.provider) " · " (summary.event.as_deref().unwrap_or("(no event)"))
            " " (status(summary.status))
        }
        @if replayed {
            p.notice #replayed { "Queued to run again: a worker picks it up shortly." }
        }
        @if let Some(error) = &summary.last_error {
            @let why = if summary.status == DeliveryStatus::Rejected {
                "Why it was rejected"
            } else {
                "Last error"
            };
            div.notice.error { strong { (why) ": " } (error) }
        }
        dl.facts {
            dt { "Store id" } dd { (summary.id) }
            dt { "Provider's delivery id" } dd { code { (summary.delivery_id.as_deref().unwrap_or("(none sent)")) } }
            dt { "Dedupe key" } dd { code { (summary.delivery_key) } }
            dt { "Endpoint" } dd { code { (summary.endpoint) } }
            dt { "Received (UTC)" } dd { (show_time(summary.received_at)) }
            dt { "Last change (UTC)" } dd { (show_time(summary.updated_at)) " (took " (took(summary)) ")" }
            dt { "Attempts" } dd { (summary.attempts) }
            dt { "Secret that verified it" } dd {
                @match summary.secret_index {
                    Some(index) => { "secret #" (index + 1) " of the endpoint's list" }
                    None => span.muted { "none (not verified)" },
                }
            }
            @if let Some(next) = summary.next_attempt_at {
                dt { "Next attempt (UTC)" } dd { (show_time(next)) }
            }
            @if let Some(worker) = &summary.claimed_by {
                dt { "Last claimed by" } dd { code { (worker) } }
            }
        }
        @if ctx.admin() && replayable(summary.status) {
            p { (replay_button(ctx, summary.id, "Replay this delivery")) }
        }
        h3 { "Headers " span.muted { "(as stored: signatures, tokens and credentials redacted)" } }
        table {
            tbody {
                @for (name, value) in delivery.headers.iter() {
                    tr {
                        td { code { (name.as_str()) } }
                        td { code { (String::from_utf8_lossy(value.as_bytes())) } }
                    }
                }
            }
        }
        @if let Some(pretty) = pretty {
            h3 { "Body (pretty-printed)" }
            pre #body-pretty { (pretty) }
        }
        h3 { "Body (raw, " (delivery.body.len()) " bytes)" }
        @if delivery.body.len() > BODY_SHOWN {
            p.muted { "Only the first " (BODY_SHOWN) " bytes are shown." }
        }
        pre #body-raw { (raw) }
    }
}
