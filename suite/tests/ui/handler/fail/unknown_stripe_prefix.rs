use webhook::webhook;

#[webhook(provider = "stripe", event = "invoise.*")]
async fn invoices() {}

fn main() {}
