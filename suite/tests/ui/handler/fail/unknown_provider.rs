use webhook::webhook;

#[webhook(provider = "paypal", event = "PAYMENT.CAPTURE.COMPLETED")]
async fn payment() {}

fn main() {}
