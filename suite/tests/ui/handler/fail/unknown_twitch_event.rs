use webhook::webhook;

#[webhook(provider = "twitch", event = "channel.folow")]
async fn h() {}

fn main() {}
