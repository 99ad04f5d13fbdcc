use webhook::webhook;

#[webhook(provider = "discord", event = "APPLICATION_COMAND")]
async fn h() {}

fn main() {}
