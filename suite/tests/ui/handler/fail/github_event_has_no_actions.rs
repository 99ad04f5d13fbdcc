use webhook::webhook;

#[webhook(provider = "github", event = "push.created")]
async fn pushed() {}

fn main() {}
