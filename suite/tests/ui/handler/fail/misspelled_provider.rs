use webhook::webhook;

#[webhook(provider = "stirpe", event = "invoice.paid")]
async fn invoice_paid() {}

fn main() {}
