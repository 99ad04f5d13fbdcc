use webhook::webhook;

#[webhook(provider = "github", event = "pull_request.open")]
async fn pr_opened() {}

fn main() {}
