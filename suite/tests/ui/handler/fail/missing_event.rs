use webhook::webhook;

#[webhook(provider = "stripe")]
async fn invoice_paid() {}

fn main() {}
