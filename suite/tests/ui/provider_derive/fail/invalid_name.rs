use webhook::Provider;

#[derive(Provider)]
#[provider(name = "Acme Corp", signature_header = "X-Acme-Signature", event_header = "X-Acme-Event")]
struct Acme;

fn main() {}
