//! The server the HTTP benchmarks load (`scripts/http_bench.sh`; not an example): the
//! generated router and a hand-written axum handler doing the same verification, parse
//! and dispatch, side by side, on 127.0.0.1.
//!
//! ```sh
//! webhook-bench-server --port 4000 [--store URL --queued]   # serve
//! webhook-bench-server --write-requests DIR                  # write the signed sample requests
//! ```
//!
//! Routes: `POST /webhooks/{stripe,github,slack}` (the framework; with `--store`, durable, and
//! with `--queued` acknowledged once stored) and `POST /manual/{stripe,github,slack}` (the
//! hand-written floor).

#![recursion_limit = "256"]

#[path = "../../benches/support/app.rs"]
mod app;
#[path = "../../benches/support/floor.rs"]
mod floor;
#[path = "../../benches/support/payloads.rs"]
mod payloads;

use axum::extract::Request;
use axum::routing::post;
use webhook::Mode;

fn argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == name)
        .and_then(|at| args.get(at + 1).cloned())
}

/// Writes `{stripe,github,slack}.{body,headers}` (headers one `name: value` a line):
/// the signed requests the load uses. Stripe and Slack are signed now, so write them
/// shortly before loading (the tolerance is 5 minutes).
fn write_requests(dir: &str) -> std::io::Result<()> {
    for (_, endpoint, signed) in app::cases() {
        std::fs::write(format!("{dir}/{endpoint}.body"), &signed.body)?;
        let headers: String = signed
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}\n", value.to_str().unwrap_or_default()))
            .collect();
        std::fs::write(format!("{dir}/{endpoint}.headers"), headers)?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = argument("--write-requests") {
        return Ok(write_requests(&dir)?);
    }
    let port: u16 = argument("--port")
        .unwrap_or_else(|| "4000".to_owned())
        .parse()?;
    let webhooks = app::webhooks();
    let framework: axum::Router = match argument("--store") {
        Some(url) => {
            let queued = std::env::args().any(|arg| arg == "--queued");
            let mode = if queued { Mode::Queued } else { Mode::Inline };
            let store = webhook::store::open(&url).await?;
            webhooks.store(store).mode(mode).start(())?.router
        }
        None => webhooks.into_router()?,
    };
    let manual = axum::Router::new()
        .route(
            "/manual/stripe",
            post(|request: Request| floor::handle("stripe", request)),
        )
        .route(
            "/manual/github",
            post(|request: Request| floor::handle("github", request)),
        )
        .route(
            "/manual/slack",
            post(|request: Request| floor::handle("slack", request)),
        );
    let app = framework.merge(manual);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
