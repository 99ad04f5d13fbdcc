use webhook::webhook;

#[webhook(provider = "shopify", event = "orders/created")]
async fn h() {}

fn main() {}
