use webhook::{stripe, webhook};

struct NotDeserializable;

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_event: stripe::Event<stripe::Invoice>, _other: NotDeserializable) {}

fn main() {}
