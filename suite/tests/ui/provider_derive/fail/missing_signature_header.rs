use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", event_header = "X-Acme-Event")]
struct Acme;

fn main() {}
