use webhook::{declared, router, webhook, Provider};

#[derive(Provider)]
#[provider(
    name = "acme",
    signature_header = "X-Acme-Signature",
    algorithm = "hmac-sha1",
    encoding = "base64",
    signed = "{id}.{timestamp}.{body}",
    timestamp_header = "X-Acme-Timestamp",
    id_header = "X-Acme-Id",
    event_field = "/type",
    events = ["order.created", "order.paid"],
    secret_env = "ACME_KEYS"
)]
pub struct Acme;

#[webhook(provider = Acme, event = "order.paid")]
async fn exact(_event: declared::Event<serde_json::Value>) {}

#[webhook(provider = Acme, event = "order.*")]
async fn family() {}

#[webhook(provider = Acme, event = "*")]
async fn everything() {}

fn main() {
    let _app: axum::Router = router![exact, family, everything].secret("acme", "k").into_router().unwrap();
}
