use webhook::webhook;

#[webhook(provider = "discord_events", event = "APPLICATION_AUTHORISED")]
async fn h() {}

fn main() {}
