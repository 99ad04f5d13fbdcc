use webhook::declared::{DeclaredProvider, Envelope};
use webhook::Provider;

#[derive(Provider)]
#[provider(name = "acme", signature_header = "X-Acme-Signature", event_header = "X-Acme-Event")]
struct Acme;

impl DeclaredProvider for Acme {
    fn declared<'e, 'a: 'e>(envelope: &'e Envelope<'a>) -> &'e Envelope<'a> {
        envelope
    }
}

fn main() {}
