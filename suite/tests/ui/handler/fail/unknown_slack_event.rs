use webhook::webhook;

#[webhook(provider = "slack", event = "app_mentoin")]
async fn h() {}

fn main() {}
