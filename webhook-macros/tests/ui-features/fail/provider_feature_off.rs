use webhook::{webhook, Delivery};

#[webhook(provider = "shopify", event = "orders/create")]
async fn order_created(_delivery: Delivery) {}

fn main() {
    let _: webhook::Webhooks<()> = webhook::router![order_created];
}
