use webhook::webhook;

#[webhook(provider = "square", event = "payment.create")]
async fn h() {}

fn main() {}
