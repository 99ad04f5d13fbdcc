use webhook::webhook;

#[webhook(provider = "stripe", evnt = "invoice.paid")]
async fn invoice_paid() {}

fn main() {}
