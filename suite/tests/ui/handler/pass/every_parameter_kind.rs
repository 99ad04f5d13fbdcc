use axum::extract::{FromRef, State};
use webhook::{github, router, stripe, webhook, Delivery};

#[derive(Clone)]
struct Db;

#[derive(Clone)]
struct AppState {
    db: Db,
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Db {
        state.db.clone()
    }
}

#[derive(serde::Deserialize)]
struct MyInvoice {
    #[allow(dead_code)]
    id: String,
}

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn typed(
    State(_db): State<Db>,
    _event: stripe::Event<stripe::Invoice>,
    _mine: MyInvoice,
    _raw: serde_json::Value,
    _delivery: Delivery,
) -> Result<(), std::io::Error> {
    Ok(())
}

#[webhook(provider = "stripe", event = "invoice.*", mode = "inline")]
async fn family(State(_state): State<AppState>) {}

#[webhook(provider = "stripe", event = "*")]
pub(crate) async fn everything() {}

#[webhook(provider = "github", event = "pull_request")]
async fn every_action(_event: github::Event<github::PullRequestEvent>) {}

mod nested {
    use webhook::webhook;

    #[webhook(provider = "github", event = "push")]
    pub async fn pushed() {}
}

fn main() {
    let _app: axum::Router = router![typed, family, everything, every_action, nested::pushed]
        .secret("stripe", "whsec_x")
        .secret("github", "x")
        .into_router()
        .unwrap()
        .with_state(AppState { db: Db });
}
