use webhook::webhook;

#[webhook(provider = "linear", event = "Isue")]
async fn h() {}

fn main() {}
