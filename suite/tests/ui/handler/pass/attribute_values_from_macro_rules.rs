//! Attribute values forwarded by `macro_rules!` arrive wrapped in invisible groups.
use webhook::{router, webhook, Delivery};

macro_rules! log_every_event {
    ($($name:ident => $provider:literal, $event:expr);* $(;)?) => {
        $(
            #[webhook(provider = $provider, event = $event)]
            async fn $name(delivery: Delivery) {
                let _ = delivery.id;
            }
        )*
    };
}

log_every_event! {
    stripe_invoices => "stripe", "invoice.*";
    github_pushes => "github", "push";
}

fn main() {
    let _app: axum::Router =
        router![stripe_invoices, github_pushes].secret("stripe", "s").secret("github", "g").into_router().unwrap();
}
