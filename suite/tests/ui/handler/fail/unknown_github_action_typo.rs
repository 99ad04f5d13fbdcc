use webhook::webhook;

#[webhook(provider = "github", event = "pull_request.opend")]
async fn pr_opened() {}

fn main() {}
