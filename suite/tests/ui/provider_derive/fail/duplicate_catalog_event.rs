use webhook::Provider;

#[derive(Provider)]
#[provider(
    name = "acme",
    signature_header = "X-Acme-Signature",
    event_field = "/type",
    events = ["order.paid", "order.created", "order.paid"]
)]
struct Acme;

fn main() {}
