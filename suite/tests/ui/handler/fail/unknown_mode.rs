use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid", mode = "queud")]
async fn invoice_paid() {}

fn main() {}
