use webhook::webhook;

#[webhook(provider = "stripe", event = invoice_paid)]
async fn invoice_paid() {}

fn main() {}
