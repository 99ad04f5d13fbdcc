use webhook::webhook;

#[webhook(provider = "paddle", event = "transaction.payed")]
async fn h() {}

fn main() {}
