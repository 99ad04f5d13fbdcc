use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.payed")]
async fn invoice_paid() {}

fn main() {}
