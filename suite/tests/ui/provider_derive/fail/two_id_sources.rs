use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_header = "X-Acme-Signature", event_field = "/type", id_header = "X-Acme-Delivery", id_field = "/id")]
struct Acme;

fn main() {}
