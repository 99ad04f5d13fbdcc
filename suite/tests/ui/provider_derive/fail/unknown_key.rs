use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_hedaer = "X-Acme-Signature", event_header = "X-Acme-Event")]
struct Acme;

fn main() {}
