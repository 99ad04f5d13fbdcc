//! A queued-mode server for the crash and scale-out tests (not an example): it serves
//! Stripe `invoice.paid` on 127.0.0.1 (an ephemeral port, printed as `listening on
//! ADDR` on the first line of stdout), with the store at `--store URL`, and its handler
//! appends `<event id> <pid>` to the file at `--record PATH` for every run. With
//! `--file-log PATH` instead of `--store`, it has no store: handlers run inline and
//! every request is written to that file log.
//!
//! ```sh
//! webhook-test-server --store sqlite:///tmp/x.db --record /tmp/runs.txt [--workers 4] [--secret S]
//! webhook-test-server --file-log /tmp/hooks.jsonl --record /tmp/runs.txt [--secret S]
//! ```

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use webhook::{router, stripe, webhook, Mode};

/// Where runs are recorded.
#[derive(Clone)]
struct Record(Arc<Mutex<std::fs::File>>);

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(
    event: stripe::Event<serde_json::Value>,
    State(record): State<Record>,
) -> Result<(), String> {
    // One write per line: several processes append to the same file (O_APPEND).
    let line = format!("{} {}\n", event.id, std::process::id());
    let mut file = record
        .0
        .lock()
        .map_err(|_| "record file lock poisoned".to_owned())?;
    file.write_all(line.as_bytes())
        .map_err(|error| error.to_string())
}

fn argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == name)
        .and_then(|at| args.get(at + 1).cloned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let record_path = argument("--record").ok_or("--record PATH is required")?;
    let workers: usize = argument("--workers").map_or(Ok(4), |n| n.parse())?;
    let secret = argument("--secret").unwrap_or_else(|| "whsec_test_server".to_owned());
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(record_path)?;
    let record = Record(Arc::new(Mutex::new(file)));
    let service = match argument("--file-log") {
        Some(log) => router![invoice_paid]
            .secret("stripe", &secret)
            .file_log(webhook::file_log::FileLog::new(log))
            .start(record)?,
        None => durable(&secret, workers, record).await?,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, service.router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    service.workers.shutdown().await;
    Ok(())
}

/// The queued-mode service on the store at `--store`.
async fn durable(
    secret: &str,
    workers: usize,
    record: Record,
) -> Result<webhook::Service, Box<dyn std::error::Error>> {
    let store_url = argument("--store").ok_or("--store URL (or --file-log PATH) is required")?;
    let store = webhook::store::open(&store_url).await?;
    let service = router![invoice_paid]
        .secret("stripe", secret)
        .store(store)
        .mode(Mode::Queued)
        .workers(workers)
        .lease(std::time::Duration::from_secs(2))
        .start(record)?;
    Ok(service)
}
