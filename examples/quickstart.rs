//! The quickstart: Stripe `invoice.paid`, GitHub `push` and `pull_request.opened`.
//!
//! ```sh
//! cargo run --example quickstart            # listens on 127.0.0.1:3000 (PORT overrides)
//! cargo run --example send_sample -- stripe # in another terminal
//! ```
//!
//! Secrets come from `STRIPE_WEBHOOK_SECRET` / `GITHUB_WEBHOOK_SECRET` (comma-separated
//! for several); only when a variable is unset does it use a development secret, and
//! says so.

#[path = "shared/dev_secrets.rs"]
mod dev_secrets;

use webhook::{github, router, stripe, webhook, Webhooks};

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(event: stripe::Event<stripe::Invoice>) {
    let invoice = &event.data.object;
    tracing::info!(event = %event.id, invoice = %invoice.id, amount_paid = ?invoice.amount_paid, "stripe invoice.paid");
}

#[webhook(provider = "github", event = "push")]
async fn pushed(event: github::Event<github::PushEvent>) {
    tracing::info!(delivery = ?event.delivery_id, git_ref = %event.payload.git_ref, "github push");
}

#[webhook(provider = "github", event = "pull_request.opened")]
async fn pr_opened(event: github::Event<github::PullRequestEvent>) {
    tracing::info!(delivery = ?event.delivery_id, number = event.payload.number, "github pull_request.opened");
}

/// Secrets from the environment, or the development secret for a variable that is unset.
fn with_secrets(mut webhooks: Webhooks) -> Webhooks {
    for (provider, variable, fallback) in [
        ("stripe", "STRIPE_WEBHOOK_SECRET", dev_secrets::STRIPE),
        ("github", "GITHUB_WEBHOOK_SECRET", dev_secrets::GITHUB),
    ] {
        let (secrets, development) = dev_secrets::secrets_or_dev(variable, fallback);
        if development {
            println!("{variable} is unset: using a development secret (never in production)");
        }
        for secret in &secrets {
            webhooks = webhooks.secret(provider, secret);
        }
    }
    webhooks
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "quickstart=info,webhook=warn".into()),
        )
        .init();
    let app: axum::Router = with_secrets(router![invoice_paid, pushed, pr_opened]).into_router()?;
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], dev_secrets::port()));
    let listener = tokio::net::TcpListener::bind(address).await?;
    println!("listening on http://{address}  (POST /webhooks/stripe, POST /webhooks/github)");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
