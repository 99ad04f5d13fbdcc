//! The server the HTTP benchmarks load (`scripts/http_bench.sh`; not an example): the
//! generated router and a hand-written axum handler doing the same verification, parse
//! and dispatch, side by side, on 127.0.0.1.
//!
//! ```sh
//! webhook-bench-server --port 4000 [--store URL --queued [--stats] [--workers N] [--batch-wait-ms N]]
//! webhook-bench-server --port 4000 --unparsed                # GitHub only, its payload not parsed
//! webhook-bench-server --port 4000 --hand-durable URL       # GitHub only, hand-written durable ack (feature durable-floor)
//! webhook-bench-server --write-requests DIR                  # write the signed sample requests
//! webhook-bench-server --fsync-floor DIR [--store URL]        # the c=1 floor of durable ingest
//! ```
//!
//! Routes: `POST /webhooks/{stripe,github,slack}` (the framework; with `--store`, durable, and
//! with `--queued` acknowledged once stored) and `POST /manual/{stripe,github,slack}` (the
//! hand-written floor). With `--unparsed` (and no store), the framework serves only
//! `POST /webhooks/github`, with a handler that takes the delivery's bytes without
//! parsing them. With `--hand-durable URL`, `POST /webhooks/github` is instead a
//! hand-written handler that acknowledges once it inserted the delivery into the
//! database at `URL` with sqlx (`benches/support/durable_floor.rs`).

#![recursion_limit = "256"]

#[path = "../../benches/support/app.rs"]
mod app;
#[cfg(feature = "durable-floor")]
#[path = "../../benches/support/durable_floor.rs"]
mod durable_floor;
#[path = "../../benches/support/floor.rs"]
mod floor;
#[path = "../../benches/support/fsync_floor.rs"]
mod fsync_floor;
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

/// Prints the fsync loop's rate in `dir` and, with `--store`, one-at-a-time records.
async fn print_floor(dir: &str) -> Result<(), Box<dyn std::error::Error>> {
    let body = payloads::github_pull_request_opened();
    let seconds = std::time::Duration::from_secs(2);
    let fsyncs = fsync_floor::fsync_loop(dir, &body, seconds)?;
    print!("fsync {fsyncs:.0}/s ({:.3} ms)", 1000.0 / fsyncs);
    if let Some(url) = argument("--store") {
        // On a worker of the runtime, as a request's task is: from `main`'s own thread,
        // every hand-off to the store's tasks would cross threads.
        let records =
            tokio::spawn(async move { fsync_floor::store_loop(&url, &body, seconds).await })
                .await??;
        print!(
            ", one record at a time {records:.0}/s ({:.3} ms)",
            1000.0 / records
        );
    }
    println!();
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = argument("--write-requests") {
        return Ok(write_requests(&dir)?);
    }
    if let Some(dir) = argument("--fsync-floor") {
        return print_floor(&dir).await;
    }
    let port: u16 = argument("--port")
        .unwrap_or_else(|| "4000".to_owned())
        .parse()?;
    let webhooks = app::webhooks();
    // The workers run as long as their handle lives: keep it for the whole run.
    let mut workers = None;
    let framework: axum::Router = match argument("--store") {
        Some(url) => {
            let queued = std::env::args().any(|arg| arg == "--queued");
            let mode = if queued { Mode::Queued } else { Mode::Inline };
            let mut options = webhook::store::StoreOptions::default();
            if let Some(millis) = argument("--batch-wait-ms") {
                options = options.batch_wait(std::time::Duration::from_millis(millis.parse()?));
            }
            let store = webhook::store::open_with(&url, options).await?;
            if std::env::args().any(|arg| arg == "--stats") {
                let store = std::sync::Arc::clone(&store);
                tokio::spawn(async move {
                    loop {
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        eprintln!("{:?}", store.write_stats());
                    }
                });
            }
            let mut durable = webhooks.store(store).mode(mode);
            if let Some(count) = argument("--workers") {
                durable = durable.workers(count.parse()?);
            }
            let service = durable.start(())?;
            workers = Some(service.workers);
            service.router
        }
        None if std::env::args().any(|arg| arg == "--unparsed") => app::unparsed().into_router()?,
        #[cfg(feature = "durable-floor")]
        None if argument("--hand-durable").is_some() => {
            durable_floor::router(&argument("--hand-durable").unwrap_or_default()).await?
        }
        #[cfg(not(feature = "durable-floor"))]
        None if argument("--hand-durable").is_some() => {
            return Err(
                "--hand-durable needs the durable-floor feature: build with \
                 `cargo build --release --bin webhook-bench-server --features durable-floor`"
                    .into(),
            )
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
    if let Some(workers) = workers {
        workers.shutdown().await;
    }
    Ok(())
}
