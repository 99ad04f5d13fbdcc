use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid", event = "invoice.created")]
async fn invoice_paid() {}

fn main() {}
