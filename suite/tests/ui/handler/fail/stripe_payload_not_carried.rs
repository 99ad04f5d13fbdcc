use webhook::{stripe, webhook};

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn paid(_event: stripe::Event<stripe::Customer>) {}

fn main() {}
