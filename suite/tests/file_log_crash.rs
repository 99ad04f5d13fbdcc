//! kill -9 of a server with a file log (no store) in the middle of a stream of signed
//! requests: every request that got a 2xx has its line in the file, read back whole.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use webhook::file_log;
use webhook::testing;

const SECRET: &str = "whsec_test_server";

struct Server {
    child: Child,
    address: String,
}

fn start(log: &std::path::Path, record: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_webhook-test-server"))
        .args([
            "--file-log",
            log.to_str().unwrap(),
            "--record",
            record.to_str().unwrap(),
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
        r#"{{"id":"evt_log_{n}","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{{"object":{{}}}}}}"#
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
async fn acknowledged_requests_are_in_the_file_log_after_kill_9() {
    let dir = std::env::temp_dir().join(format!("webhook-log-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("webhooks.jsonl");
    let record = dir.join("runs.txt");
    let mut server = start(&log, &record);
    let client = reqwest::Client::new();

    // 8 concurrent senders; the server is killed once 150 were acknowledged, while
    // requests are still in flight.
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
    assert!(acked.len() < total, "the kill came after every request");

    let read = file_log::read(&log).unwrap();
    let logged: HashSet<String> = read
        .lines
        .iter()
        .filter(|line| line.status == file_log::SUCCEEDED)
        .filter_map(|line| line.delivery_id.clone())
        .collect();
    let missing: Vec<usize> = acked
        .iter()
        .copied()
        .filter(|n| !logged.contains(&format!("evt_log_{n}")))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not logged: {missing:?}"
    );
    // Every line written is whole: a process crash does not tear a flushed line.
    assert_eq!(read.unreadable, 0);
    eprintln!(
        "acknowledged {} of {total}; {} lines in the log",
        acked.len(),
        read.lines.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
