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
//!
//! Durable by default: every request is logged in `webhooks.db` (SQLite, in the working
//! directory; `WEBHOOK_STORE_URL` overrides, e.g. `postgres://…`), deliveries are
//! deduplicated, acknowledged once committed, and run by background workers with
//! retries. Ctrl-C or SIGTERM stops accepting, lets workers finish what they run and
//! hands the rest back to the queue. Inspect the log at http://127.0.0.1:3000/dashboard
//! (the dashboard answers loopback clients only), or with
//! `cargo run -p webhook-cli -- list --store webhooks.db`.

#[path = "shared/dev_secrets.rs"]
mod dev_secrets;

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use webhook::dashboard::Dashboard;
use webhook::{github, router, stripe, webhook, Mode, Webhooks};

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
    // `RUST_LOG` as `target=level` pairs (tracing-subscriber's `Targets`, which needs no
    // regex engine in the build, unlike its `EnvFilter`).
    let filter: Targets = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse().ok())
        .unwrap_or_else(|| {
            Targets::new()
                .with_target("quickstart", Level::INFO)
                .with_target("webhook", Level::WARN)
        });
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer())
        .with(filter)
        .init();
    let store_url =
        std::env::var("WEBHOOK_STORE_URL").unwrap_or_else(|_| "sqlite://webhooks.db".to_owned());
    let store = webhook::store::open(&store_url).await?;
    let service = with_secrets(router![invoice_paid, pushed, pr_opened])
        .store(store.clone())
        .mode(Mode::Queued)
        .start(())?;
    // The dashboard of the same store, for loopback clients only (no policy set).
    let app = service
        .router
        .nest("/dashboard", Dashboard::new(store).into_router());
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], dev_secrets::port()));
    let listener = tokio::net::TcpListener::bind(address).await?;
    // The bound address: with `PORT=0` the system picks a free port, shown here.
    let address = listener.local_addr()?;
    println!("listening on http://{address}  (POST /webhooks/stripe, POST /webhooks/github; log: {store_url})");
    println!("dashboard:   http://{address}/dashboard");
    // The peer address tells the dashboard a client is local.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    service.workers.shutdown().await;
    println!("stopped: in-flight work finished or handed back to the queue");
    Ok(())
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        () = terminate => {}
    }
}
