use webhook::webhook;

#[webhook(provider = "gitlab", event = "Push Hok")]
async fn h() {}

fn main() {}
