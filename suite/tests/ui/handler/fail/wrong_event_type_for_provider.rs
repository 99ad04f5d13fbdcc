use webhook::{github, webhook};

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_event: github::Event<serde_json::Value>) {}

fn main() {}
