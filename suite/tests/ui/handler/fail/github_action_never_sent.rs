use webhook::webhook;

#[webhook(provider = "github", event = "pull_request.exploded")]
async fn pr_exploded() {}

fn main() {}
