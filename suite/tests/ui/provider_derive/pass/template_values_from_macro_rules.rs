//! Template values forwarded by `macro_rules!` arrive wrapped in invisible groups, the
//! event names of a catalog included.
use webhook::{router, webhook, Provider};

macro_rules! declare_provider {
    ($provider:ident, $name:literal, $header:literal, [$($event:literal),*]) => {
        #[derive(Provider)]
        #[provider(
            name = $name,
            signature_header = $header,
            event_header = "X-Event",
            events = [$($event),*]
        )]
        pub struct $provider;
    };
}

declare_provider!(Acme, "acme", "X-Acme-Signature", ["order.created", "order.paid"]);

#[webhook(provider = Acme, event = "order.paid")]
async fn order_paid() {}

fn main() {
    let _app: axum::Router = router![order_paid].secret("acme", "k").into_router().unwrap();
}
