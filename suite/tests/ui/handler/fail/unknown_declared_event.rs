use webhook::{webhook, Provider};

#[derive(Provider)]
#[provider(
    name = "acme",
    signature_header = "X-Acme-Signature",
    event_header = "X-Acme-Event",
    events = ["order.created", "order.paid"]
)]
struct Acme;

#[webhook(provider = Acme, event = "order.payed")]
async fn order_paid() {}

fn main() {}
