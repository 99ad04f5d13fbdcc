//! Two server processes on one PostgreSQL share a load: each delivery is processed
//! once, by one of them, including 50 copies of one delivery sent to both at once.
//! PostgreSQL is started by the test itself (see `webhook/tests/support/postgres.rs`).

#[path = "../../webhook/tests/support/postgres.rs"]
#[allow(dead_code)]
mod postgres;
#[path = "../../webhook/tests/support/temp.rs"]
#[allow(dead_code)]
mod temp;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use webhook::store::{self, DeliveryFilter, DeliveryStatus, StoreError};
use webhook::testing;

const SECRET: &str = "whsec_test_server";

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(store: &str, record: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_webhook-test-server"))
        .args([
            "--store",
            store,
            "--record",
            record.to_str().unwrap(),
            "--workers",
            "3",
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

async fn post(client: &reqwest::Client, address: &str, id: &str) -> u16 {
    let body = format!(
        r#"{{"id":"{id}","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{{"object":{{}}}}}}"#
    );
    let signature = testing::stripe_signature(&[SECRET], testing::now(), body.as_bytes());
    client
        .post(format!("http://{address}/webhooks/stripe"))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("server answers")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_process_each_delivery_once() {
    let Some(server) = postgres::server() else {
        return;
    };
    let url = server.fresh_database().await;
    // Migrate once before the instances start, so their start-up is not what is tested.
    match store::open(&url).await {
        Ok(store) => store.close().await.unwrap(),
        Err(StoreError::BackendDisabled { .. }) => {
            eprintln!(
                "SKIPPED: build with `--features webhook/postgres` to run the scale-out test"
            );
            return;
        }
        Err(error) => panic!("{error}"),
    }
    let dir = temp::TempDir::new("scale-out");
    let record = dir.path().join("runs.txt");
    let first = start(&url, &record);
    let second = start(&url, &record);
    let client = reqwest::Client::new();

    let total = 200;
    let mut sends = Vec::new();
    for n in 0..total {
        let (client, address) = (
            client.clone(),
            [&first.address, &second.address][n % 2].clone(),
        );
        sends.push(tokio::spawn(async move {
            post(&client, &address, &format!("evt_scale_{n}")).await
        }));
    }
    for copy in 0..50 {
        let (client, address) = (
            client.clone(),
            [&first.address, &second.address][copy % 2].clone(),
        );
        sends.push(tokio::spawn(async move {
            post(&client, &address, "evt_scale_copies").await
        }));
    }
    for send in sends {
        assert_eq!(send.await.unwrap(), 200);
    }

    let store = store::open(&url).await.unwrap();
    let mut succeeded = 0;
    for _ in 0..200 {
        let rows = store
            .list(
                &DeliveryFilter::new()
                    .status(DeliveryStatus::Succeeded)
                    .limit(10_000),
            )
            .await
            .unwrap();
        succeeded = rows.len();
        if succeeded == total + 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        succeeded,
        total + 1,
        "every distinct delivery succeeds, once"
    );

    let runs = std::fs::read_to_string(&record).unwrap();
    let mut by_delivery: HashMap<&str, usize> = HashMap::new();
    let mut by_process: HashMap<&str, usize> = HashMap::new();
    for line in runs.lines() {
        let (id, pid) = line.split_once(' ').unwrap();
        *by_delivery.entry(id).or_default() += 1;
        *by_process.entry(pid).or_default() += 1;
    }
    assert_eq!(by_delivery.len(), total + 1);
    assert!(
        by_delivery.values().all(|&runs| runs == 1),
        "a delivery ran twice: {by_delivery:?}"
    );
    assert_eq!(
        by_process.len(),
        2,
        "both instances took a share: {by_process:?}"
    );
    eprintln!("runs per process: {by_process:?}");
}
