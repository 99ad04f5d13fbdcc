use webhook::webhook;

#[webhook(provider = "zoom", event = "meeting.stared")]
async fn h() {}

fn main() {}
