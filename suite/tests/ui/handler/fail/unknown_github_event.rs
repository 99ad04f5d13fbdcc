use webhook::webhook;

#[webhook(provider = "github", event = "pul_request")]
async fn prs() {}

fn main() {}
