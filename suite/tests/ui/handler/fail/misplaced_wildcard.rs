use webhook::webhook;

#[webhook(provider = "stripe", event = "*.paid")]
async fn paid() {}

fn main() {}
