use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid", endpiont = "stripe-connect")]
async fn invoice_paid() {}

fn main() {}
