//! kill -9 of a queued-mode server in the middle of a stream of signed requests, then a
//! restart: every delivery that got a 2xx is in the store and is processed.
//!
//! Handlers run at least once: a handler that returned just before the kill, whose
//! completion was not yet committed, runs again after the restart. A worker records
//! its outcomes while its next handlers run and waits for them before its next claim,
//! so at most one claimed batch per worker is in flight. The test asserts that bound and
//! that nothing ran more than twice.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use webhook::store::{self, DeliveryFilter, DeliveryStatus};
use webhook::testing;

const SECRET: &str = "whsec_test_server";
const WORKERS: usize = 4;
/// Deliveries a worker claims at once (the router's default, `router/durable.rs`).
const CLAIM_BATCH: usize = 8;

struct Server {
    child: Child,
    address: String,
}

fn start(store: &str, record: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_webhook-test-server"))
        .args([
            "--store",
            store,
            "--record",
            record.to_str().unwrap(),
            "--workers",
            &WORKERS.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("test server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("listening on ")
        .expect("address line")
        .to_owned();
    Server { child, address }
}

fn event(n: usize) -> String {
    format!(
        r#"{{"id":"evt_crash_{n}","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{{"object":{{}}}}}}"#
    )
}

async fn post(client: &reqwest::Client, address: &str, n: usize) -> Option<u16> {
    let body = event(n);
    let signature = testing::stripe_signature(&[SECRET], testing::now(), body.as_bytes());
    let response = client
        .post(format!("http://{address}/webhooks/stripe"))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(body)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .ok()?;
    Some(response.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_deliveries_survive_kill_9() {
    let dir = std::env::temp_dir().join(format!("webhook-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("deliveries.db");
    let store_url = format!("sqlite://{}", db.display());
    let record = dir.join("runs.txt");
    let mut server = start(&store_url, &record);
    let client = reqwest::Client::new();

    // A stream of requests from 8 concurrent senders; the server is killed once 150
    // were acknowledged, while requests are still in flight.
    let total = 400;
    let (sent, mut acked_rx) = tokio::sync::mpsc::unbounded_channel();
    let senders: Vec<_> = (0..8)
        .map(|lane| {
            let client = client.clone();
            let address = server.address.clone();
            let sent = sent.clone();
            tokio::spawn(async move {
                for n in (lane..total).step_by(8) {
                    if let Some(status) = post(&client, &address, n).await {
                        let _ = sent.send((n, status));
                    }
                }
            })
        })
        .collect();
    drop(sent);
    let mut acked = Vec::new();
    while let Some((n, status)) = acked_rx.recv().await {
        if (200..300).contains(&status) {
            acked.push(n);
        }
        if acked.len() == 150 {
            server.child.kill().unwrap(); // SIGKILL
            server.child.wait().unwrap();
        }
    }
    for sender in senders {
        sender.await.unwrap();
    }
    assert!(
        acked.len() >= 150,
        "only {} acknowledged before the kill",
        acked.len()
    );

    // Restart on the same store: the workers take the queue (and expired claims) over.
    let mut restarted = start(&store_url, &record);
    let store = store::open(&store_url).await.unwrap();
    let mut pending = usize::MAX;
    for _ in 0..300 {
        let rows = store
            .list(&DeliveryFilter::new().limit(10_000))
            .await
            .unwrap();
        let by_id: HashMap<String, DeliveryStatus> = rows
            .into_iter()
            .filter_map(|row| Some((row.delivery_id?, row.status)))
            .collect();
        pending = acked
            .iter()
            .filter(|n| by_id.get(&format!("evt_crash_{n}")) != Some(&DeliveryStatus::Succeeded))
            .count();
        let missing = acked
            .iter()
            .filter(|n| !by_id.contains_key(&format!("evt_crash_{n}")))
            .count();
        assert_eq!(missing, 0, "an acknowledged delivery is not in the store");
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        pending, 0,
        "acknowledged deliveries never succeeded after the restart"
    );
    restarted.child.kill().unwrap();
    restarted.child.wait().unwrap();

    let runs = std::fs::read_to_string(&record).unwrap();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in runs.lines() {
        *counts.entry(line.split(' ').next().unwrap()).or_default() += 1;
    }
    for n in &acked {
        assert!(
            counts.contains_key(format!("evt_crash_{n}").as_str()),
            "evt_crash_{n} was acknowledged but never ran"
        );
    }
    let twice: Vec<_> = counts.iter().filter(|(_, &count)| count > 1).collect();
    assert!(
        twice.iter().all(|(_, &count)| count == 2),
        "a delivery ran more than twice: {twice:?}"
    );
    assert!(
        twice.len() <= WORKERS * CLAIM_BATCH,
        "more re-runs than the workers' claimed batches in flight at the kill: {twice:?}"
    );
    eprintln!(
        "acknowledged {} of {total}; {} ran twice (in flight at the kill)",
        acked.len(),
        twice.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
