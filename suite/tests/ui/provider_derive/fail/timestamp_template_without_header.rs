use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_header = "X-Acme-Signature", signed = "{timestamp}.{body}", event_header = "X-Acme-Event")]
struct Acme;

fn main() {}
