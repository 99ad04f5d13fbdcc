//! Payload types a handler may take: the ready-made type its event (or family, when
//! every member carries the same one) carries, `serde_json::Value`, and types of one's
//! own, bare or in the provider's `Event<T>`, next to any other parameter.

use serde::Deserialize;
use webhook::{github, router, stripe, webhook, Delivery};

#[derive(Deserialize)]
struct MyInvoice {
    #[allow(dead_code)]
    id: String,
}

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn paid(_event: stripe::Event<stripe::Invoice>, _delivery: Delivery) {}

#[webhook(provider = "stripe", event = "invoice.*")]
async fn invoices(_invoice: stripe::Invoice) {}

#[webhook(provider = "stripe", event = "charge.dispute.*")]
async fn disputes(_event: stripe::Event<stripe::Dispute>) {}

#[webhook(provider = "stripe", event = "invoice.created")]
async fn mine(_event: stripe::Event<MyInvoice>) {}

#[webhook(provider = "stripe", event = "charge.*")]
async fn charges(_event: stripe::Event<serde_json::Value>) {}

#[webhook(provider = "stripe", event = "*")]
async fn everything(_object: serde_json::Value) {}

#[webhook(provider = "github", event = "pull_request")]
async fn pull_requests(_event: github::Event<github::PullRequestEvent>) {}

#[webhook(provider = "github", event = "push")]
async fn pushes(_push: github::PushEvent) {}

fn main() {
    let _: webhook::Webhooks = router![paid, invoices, disputes, mine, charges, everything, pull_requests, pushes];
}
