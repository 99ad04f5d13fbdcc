use webhook::{webhook, Delivery};

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_delivery: &Delivery) {}

fn main() {}
