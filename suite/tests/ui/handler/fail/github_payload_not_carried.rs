use webhook::{github, webhook};

#[webhook(provider = "github", event = "pull_request.opened")]
async fn opened(_event: github::Event<github::IssuesEvent>) {}

fn main() {}
