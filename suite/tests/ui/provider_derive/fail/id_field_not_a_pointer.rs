use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_header = "X-Acme-Signature", event_field = "/type", id_field = "id")]
struct Acme;

fn main() {}
