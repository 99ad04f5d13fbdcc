use webhook::{stripe, webhook};

#[webhook(provider = "stripe", event = "account.updated")]
async fn account(_event: stripe::Event<stripe::Customer>) {}

fn main() {}
