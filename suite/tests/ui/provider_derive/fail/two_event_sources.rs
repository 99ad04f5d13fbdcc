use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_header = "X-Acme-Signature", event_header = "X-Acme-Event", event_field = "/type")]
struct Acme;

fn main() {}
