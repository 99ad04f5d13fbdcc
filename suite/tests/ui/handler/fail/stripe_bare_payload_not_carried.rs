use webhook::{stripe, webhook};

#[webhook(provider = "stripe", event = "invoice.*")]
async fn invoices(_invoice: stripe::Subscription) {}

fn main() {}
