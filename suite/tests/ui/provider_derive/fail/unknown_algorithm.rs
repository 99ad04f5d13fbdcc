use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_header = "X-Acme-Signature", algorithm = "hmac-sha265", event_header = "X-Acme-Event")]
struct Acme;

fn main() {}
